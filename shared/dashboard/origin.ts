/**
 * Which POSTs to the dashboard come from the dashboard's own page. The sign-in and sign-out forms
 * POST to the page's own URL; a POST that a page on another site makes the browser send
 * (cross-site request forgery: signing someone out, or into a session of the attacker's) must
 * change nothing. SameSite=Strict keeps the cookie off such a request, but the forms' effects
 * (a new cookie, the end of every session) do not need the cookie, so the origin is checked too.
 *
 * The rules, in order:
 * 1. `Sec-Fetch-Site: cross-site` or `same-site` (the browser says another site or a sibling
 *    subdomain, e.g. another project on *.supabase.co, made the request): refused.
 * 2. No `Origin`: allowed. Every browser in use sends Origin on a form POST (the page's
 *    Referrer-Policy is `same-origin`, not `no-referrer`, precisely so that the browser sends the
 *    real origin and not `null`), so a POST without it comes from a program (curl, a script),
 *    which is no forgery: it holds the key or it gets a 401.
 * 3. `Origin: null` (a sandboxed frame, a file:// page, a redirect across origins): allowed only
 *    with `Sec-Fetch-Site: same-origin`, where the browser itself vouches for the request;
 *    otherwise refused, since our page never posts from an opaque origin.
 * 4. Any other Origin must be the page's own: its host (name and port) equal to one of
 *    - the `Host` header and the first `X-Forwarded-Host` (the host the browser addressed, as the
 *      gateway forwards it: a custom domain arrives this way),
 *    - the request URL's host (what the function's server sees),
 *    - `SUPABASE_URL`'s host (the project URL: behind hosted's gateway, and behind the local
 *      stack's, the function's own request URL is an internal address, so the public origin is
 *      the project URL and not necessarily request.url's host),
 *    - or one of the origins listed in the TOKENWATCH_DASHBOARD_ORIGINS function secret (for a
 *      domain in front of the project that forwards none of the above).
 *    Hosts are compared, not schemes: the forms post to the URL they were served from, and
 *    hosted's gateway may hand the function `http:` URLs for `https:` pages. Trusting the Host and
 *    X-Forwarded-Host headers is safe here: a forging page cannot choose them (the browser sets
 *    Host to the address it sends to; a custom header on a cross-site POST needs a CORS preflight,
 *    which this function does not grant for POST).
 */

/** What {@link postRefusal} compares the Origin with, besides the request's own headers. */
export interface OriginPolicy {
  /** The project URL (SUPABASE_URL), when known. */
  projectUrl?: string;
  /** Further accepted origins (TOKENWATCH_DASHBOARD_ORIGINS, comma-separated). */
  extraOrigins?: string;
}

/** The host of `value` read as an origin or URL (`https://x:443` → `x`), or undefined. */
function hostOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** The host of a Host-style header value under `protocol` (drops that scheme's default port). */
function headerHost(value: string | null, protocol: string): string | undefined {
  const first = (value ?? "").split(",")[0].trim();
  if (!first || /[/?#@\s]/.test(first)) return undefined;
  return hostOf(`${protocol}//${first}`);
}

/** The hosts a POST from the page's own origin may name in its Origin. */
export function ownHosts(request: Request, origin: URL, policy: OriginPolicy): Set<string> {
  const hosts = [
    headerHost(request.headers.get("host"), origin.protocol),
    headerHost(request.headers.get("x-forwarded-host"), origin.protocol),
    hostOf(request.url),
    policy.projectUrl ? hostOf(policy.projectUrl) : undefined,
    ...(policy.extraOrigins ?? "").split(",").map((o) => o.trim()).filter(Boolean).map(hostOf),
  ];
  return new Set(hosts.filter((h): h is string => h !== undefined));
}

/**
 * Why a POST must be refused as sent from another site (a sentence for the 403), or null when it
 * may go on. See the module comment for the rules.
 */
export function postRefusal(request: Request, policy: OriginPolicy = {}): string | null {
  const advice = "sign in and out from the dashboard page itself";
  const site = (request.headers.get("sec-fetch-site") ?? "").trim().toLowerCase();
  if (site === "cross-site" || site === "same-site") {
    return `This form was sent from another site (Sec-Fetch-Site: ${site}); ${advice}.`;
  }
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  if (origin.trim() === "null") {
    return site === "same-origin"
      ? null
      : `This form was sent from a page without an origin (Origin: null); ${advice}.`;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin.trim());
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    return `The Origin header is not an http(s) origin; ${advice}.`;
  }
  if (ownHosts(request, parsed, policy).has(parsed.host)) return null;
  return `This form was sent from another site (Origin ${parsed.origin}); ${advice}.`;
}
