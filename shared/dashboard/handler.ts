/**
 * The `dashboard` function's request handler. verify_jwt is off for this function (a browser
 * cannot send an Authorization header when it navigates), so the handler authenticates every
 * request itself:
 *   - `Authorization: Bearer <key>` (or `apikey` / `x-tokenwatch-key`) with the service role key
 *     or the TOKENWATCH_DASHBOARD_KEY function secret, for scripts;
 *   - the session cookie a person gets by POSTing the key to the sign-in form (see session.ts).
 * GET without either: 401 with the sign-in page (HTML) or a JSON error (other clients).
 * POST `action=signin&key=…`: 303 back to the same URL with the cookie, or 401 with the form.
 * POST `action=signout`: 303 back with the cookie cleared.
 * GET with `?format=json` or `Accept: application/json` (see negotiate.ts): the same data as JSON,
 * `{generated_at, query, data}`, for `dist/dashboard.html` and scripts. That path takes the key
 * from the headers only (never the cookie), answers CORS (`*`, no credentials) on every status,
 * and OPTIONS answers the browser's preflight without credentials or data.
 * Order of checks: method (405), credentials (401), parameters (400), then the page or the JSON.
 */
import { type AcceptedKey, acceptedKeys, requireCredential, type SecretSource } from "../http/credentials.ts";
import { HttpError, methodNotAllowed, payloadTooLarge, unsupportedMediaType } from "../http/errors.ts";
import { errorResponse, jsonResponse } from "../http/respond.ts";
import type { DashboardData } from "./data.ts";
import { HTML_HEADERS, renderErrorPage, renderSignInPage } from "./layout.ts";
import {
  dashboardFormat,
  FORMAT_PARAM,
  JSON_CORS_HEADERS,
  prefersJson,
  PREFLIGHT_HEADERS,
} from "./negotiate.ts";
import { renderDashboardPage } from "./page.ts";
import {
  type DashboardQuery,
  parseDashboardQuery,
  queryString,
  type TimeWindow,
  timeWindow,
} from "./query.ts";
import {
  clearSessionCookie,
  keysForSession,
  readCookie,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionCookie,
  sessionToken,
} from "./session.ts";

/** The function secret that holds the dashboard key people sign in with. */
export const DASHBOARD_KEY_SECRET = "TOKENWATCH_DASHBOARD_KEY";

const MAX_FORM_BYTES = 4096;

/** What the handler needs from the outside world (tests pass their own). */
export interface DashboardHandlerOptions {
  /** Loads the page's data (production: loadDashboardData on the shared pool). */
  load: (query: DashboardQuery, window: TimeWindow) => Promise<DashboardData>;
  /** Where the keys come from (default: the function's environment). */
  secrets?: SecretSource;
  now?: () => Date;
}

function html(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...HTML_HEADERS, ...headers } });
}

function wantsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" ||
    (request.headers.get("x-forwarded-proto") ?? "").split(",")[0].trim() === "https";
}

/** A 303 back to this page (a relative reference, so it works behind any path prefix). */
function backHere(query: DashboardQuery, cookie: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location: queryString(query), "set-cookie": cookie, "cache-control": "no-store" },
  });
}

/** The URL's parameters without `format` (the sign-in and sign-out redirects go back to the page). */
function pageParams(url: URL): URLSearchParams {
  const params = new URLSearchParams(url.search);
  params.delete(FORMAT_PARAM);
  return params;
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw unsupportedMediaType("Send the sign-in form as application/x-www-form-urlencoded");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) throw payloadTooLarge(`The form is larger than ${MAX_FORM_BYTES} bytes`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_FORM_BYTES) throw payloadTooLarge(`The form is larger than ${MAX_FORM_BYTES} bytes`);
  return new URLSearchParams(new TextDecoder().decode(bytes));
}

/** Builds the handler. */
export function createDashboardHandler(
  opts: DashboardHandlerOptions,
): (request: Request) => Promise<Response> {
  const secrets: SecretSource = opts.secrets ?? ((name) => Deno.env.get(name));
  const now = opts.now ?? (() => new Date());
  const configuredKeys = (): string[] => acceptedKeys(secrets, [DASHBOARD_KEY_SECRET]).map((k) => k.value);

  async function signIn(request: Request, form: URLSearchParams): Promise<Response> {
    const key = form.get("key") ?? "";
    let matched: AcceptedKey;
    try {
      matched = requireCredential(request, {
        extraKeySecrets: [DASHBOARD_KEY_SECRET],
        alsoPresented: key ? [key] : [],
        secrets,
      });
    } catch {
      return html(renderSignInPage({ error: "That key was not accepted." }), 401, {
        "www-authenticate": 'Bearer realm="tokenwatch"',
      });
    }
    const expiresAt = Math.floor(now().getTime() / 1000) + SESSION_SECONDS;
    const token = await sessionToken(matched.value, expiresAt);
    return backHere(
      parseDashboardQuery(pageParams(new URL(request.url))),
      sessionCookie(token, { secure: isHttps(request) }),
    );
  }

  async function handle(request: Request): Promise<Response> {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
    if (request.method !== "GET" && request.method !== "POST") {
      throw methodNotAllowed(["GET", "POST", "OPTIONS"]);
    }
    const url = new URL(request.url);
    if (request.method === "POST") {
      const form = await readForm(request);
      const action = form.get("action") ?? "signin";
      if (action === "signout") {
        return backHere(
          parseDashboardQuery(pageParams(url)),
          clearSessionCookie({ secure: isHttps(request) }),
        );
      }
      return await signIn(request, form);
    }
    const json = prefersJson(request);
    const sessionKeys = json
      ? []
      : await keysForSession(readCookie(request, SESSION_COOKIE), configuredKeys(), now());
    requireCredential(request, {
      extraKeySecrets: [DASHBOARD_KEY_SECRET],
      alsoPresented: sessionKeys,
      secrets,
    });
    const params = new URLSearchParams(url.search);
    const format = dashboardFormat(request, params);
    const query = parseDashboardQuery(params);
    const at = now();
    const data = await opts.load(query, timeWindow(query.range, at));
    if (format === "json") {
      return jsonResponse({ generated_at: at.toISOString(), query, data }, 200, {
        ...JSON_CORS_HEADERS,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        vary: "accept",
      });
    }
    return html(renderDashboardPage({ data, query, now: at }), 200);
  }

  return async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch (error) {
      if (prefersJson(request)) {
        const response = errorResponse(error);
        for (const [name, value] of Object.entries(JSON_CORS_HEADERS)) response.headers.set(name, value);
        response.headers.set("cache-control", "no-store");
        return response;
      }
      if (!(error instanceof HttpError) || !wantsHtml(request)) return errorResponse(error);
      if (error.status === 401) return html(renderSignInPage(), 401, error.headers);
      return html(renderErrorPage(error.status, error.message, error.problems), error.status, error.headers);
    }
  };
}
