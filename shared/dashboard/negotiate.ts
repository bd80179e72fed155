/**
 * Which answer a dashboard request wants, and the CORS headers of the JSON answer.
 *
 * The page (HTML) stays the default: a browser navigating, `curl` and `fetch` without an Accept
 * header all get it. JSON is chosen by `?format=json`, or by an Accept header that prefers
 * `application/json` to `text/html` (q-values honoured; `*\/*` does not count). `?format=html`
 * forces the page. The JSON answer is read cross-origin by `dist/dashboard.html` (opened from
 * disk, Origin `null`, or from any static host), so it carries `Access-Control-Allow-Origin: *`
 * and never uses cookies.
 */
import { badRequest } from "../http/errors.ts";

/** The two answers the dashboard gives. */
export type DashboardFormat = "html" | "json";

/** The query parameter that picks the answer. */
export const FORMAT_PARAM = "format";

/** The header `dist/dashboard.html` sends its dashboard key in (one no gateway interprets). */
export const KEY_HEADER = "x-tokenwatch-key";

/** CORS headers on every JSON answer (errors included, so the page can read them). No credentials. */
export const JSON_CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "www-authenticate",
};

/** The preflight answer's headers: GET with the key in Authorization or x-tokenwatch-key. */
export const PREFLIGHT_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-allow-headers": `authorization, ${KEY_HEADER}, accept`,
  "access-control-max-age": "600",
};

/** The quality the Accept header gives one exact media type (0 when it is not listed). */
function quality(accept: string, type: string): { q: number; at: number } {
  const entries = accept.split(",");
  for (let i = 0; i < entries.length; i++) {
    const [media, ...params] = entries[i].split(";").map((p) => p.trim().toLowerCase());
    if (media !== type) continue;
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return { q: Number.isFinite(q) ? q : 0, at: i };
  }
  return { q: 0, at: entries.length };
}

/**
 * The answer a request asks for. Reads and removes `format` from `params` (so the remaining
 * parameters are the page's own); throws a 400 naming `format` for any other value or a repeat.
 */
export function dashboardFormat(request: Request, params: URLSearchParams): DashboardFormat {
  const given = params.getAll(FORMAT_PARAM);
  params.delete(FORMAT_PARAM);
  if (given.length > 1) {
    throw badRequest("format is given more than once", [{
      field: FORMAT_PARAM,
      message: "format is given more than once",
    }]);
  }
  if (given.length === 1) {
    if (given[0] === "json" || given[0] === "html") return given[0];
    const message = `format=${given[0]} is not one of json, html`;
    throw badRequest(message, [{ field: FORMAT_PARAM, message }]);
  }
  const accept = request.headers.get("accept") ?? "";
  const json = quality(accept, "application/json");
  const html = quality(accept, "text/html");
  if (json.q === 0) return "html";
  return json.q > html.q || (json.q === html.q && json.at < html.at) ? "json" : "html";
}

/** Whether the request asks for JSON, without validating (for choosing how to report an error). */
export function prefersJson(request: Request): boolean {
  try {
    return dashboardFormat(request, new URL(request.url).searchParams) === "json";
  } catch {
    return new URL(request.url).searchParams.getAll(FORMAT_PARAM).includes("json");
  }
}
