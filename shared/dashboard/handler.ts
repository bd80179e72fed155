/**
 * The `dashboard` function's request handler. verify_jwt is off for this function (a browser
 * cannot send an Authorization header when it navigates), so the handler authenticates every
 * request itself:
 *   - `Authorization: Bearer <key>` (or `apikey` / `x-tokenwatch-key`) with the service role key
 *     or the TOKENWATCH_DASHBOARD_KEY function secret, for scripts;
 *   - the session cookie a person gets by POSTing the key to the sign-in form (see session.ts).
 * GET without either: 401 with the sign-in page (HTML) or a JSON error (other clients).
 * POST (either form) first passes the Origin check (origin.ts): a POST sent from another site
 * gets 403 and changes nothing.
 * POST `action=signin&key=…`: 303 back to the same URL with a cookie for the current session
 * generation, or 401 with the form.
 * POST `action=signout`: 303 back with the cookie cleared; when the request holds a valid session
 * (or a key), the session generation is bumped first, so every cookie issued before, copies
 * included, is refused from then on (401). A sign-out without a valid session only clears the
 * cookie: nobody can end other people's sessions without a key.
 * GET with `?format=json` or `Accept: application/json` (see negotiate.ts): the same data as JSON,
 * `{generated_at, query, data}`, for `dist/dashboard.html` and scripts. That path takes the key
 * from the headers only (never the cookie), answers CORS (`*`, no credentials) on every status,
 * and OPTIONS answers the browser's preflight without credentials or data.
 * Order of checks: method (405), origin of a POST (403), credentials (401), parameters (400),
 * then the page or the JSON. A page view with a session cookie reads the generation (one query).
 */
import { type AcceptedKey, acceptedKeys, requireCredential, type SecretSource } from "../http/credentials.ts";
import {
  forbidden,
  HttpError,
  methodNotAllowed,
  payloadTooLarge,
  unsupportedMediaType,
} from "../http/errors.ts";
import { errorResponse, jsonResponse } from "../http/respond.ts";
import type { BudgetRow } from "../budgets/row.ts";
import type { DashboardData } from "./data.ts";
import { HTML_HEADERS, renderErrorPage, renderSignInPage } from "./layout.ts";
import {
  dashboardFormat,
  FORMAT_PARAM,
  JSON_CORS_HEADERS,
  prefersJson,
  PREFLIGHT_HEADERS,
} from "./negotiate.ts";
import { postRefusal } from "./origin.ts";
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
  isLiveSessionToken,
  keysForSession,
  readCookie,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionCookie,
  sessionToken,
} from "./session.ts";
import type { SessionGenerations } from "./session_store.ts";

/** The function secret that holds the dashboard key people sign in with. */
export const DASHBOARD_KEY_SECRET = "TOKENWATCH_DASHBOARD_KEY";

/** The function secret listing further origins the forms may be posted from (comma-separated). */
export const DASHBOARD_ORIGINS_SECRET = "TOKENWATCH_DASHBOARD_ORIGINS";

const MAX_FORM_BYTES = 4096;

/** What the handler needs from the outside world (tests pass their own). */
export interface DashboardHandlerOptions {
  /** Loads the page's data (production: loadDashboardData on the shared pool). */
  load: (query: DashboardQuery, window: TimeWindow) => Promise<DashboardData>;
  /** Loads the budgets panel's rows (production: budgetStatus); no panel when absent. */
  loadBudgets?: () => Promise<BudgetRow[]>;
  /** The session generation (production: monitoring.dashboard_sessions, session_store.ts). */
  sessions: SessionGenerations;
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

  /** The keys the request's session cookie stands for (reads the generation only for a live-looking cookie). */
  async function sessionKeys(request: Request): Promise<string[]> {
    const token = readCookie(request, SESSION_COOKIE);
    if (!isLiveSessionToken(token, now())) return [];
    return await keysForSession(token, configuredKeys(), await opts.sessions.current(), now());
  }

  /** Whether the request holds a valid session or key (who may end the sessions). */
  async function holdsCredential(request: Request): Promise<boolean> {
    try {
      requireCredential(request, {
        extraKeySecrets: [DASHBOARD_KEY_SECRET],
        alsoPresented: await sessionKeys(request),
        secrets,
      });
      return true;
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) return false;
      throw error;
    }
  }

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
    const token = await sessionToken(matched.value, await opts.sessions.current(), expiresAt);
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
      const refusal = postRefusal(request, {
        projectUrl: secrets("SUPABASE_URL"),
        extraOrigins: secrets(DASHBOARD_ORIGINS_SECRET),
      });
      if (refusal) throw forbidden(refusal);
      const form = await readForm(request);
      const action = form.get("action") ?? "signin";
      if (action === "signout") {
        if (await holdsCredential(request)) await opts.sessions.end();
        return backHere(
          parseDashboardQuery(pageParams(url)),
          clearSessionCookie({ secure: isHttps(request) }),
        );
      }
      return await signIn(request, form);
    }
    const json = prefersJson(request);
    requireCredential(request, {
      extraKeySecrets: [DASHBOARD_KEY_SECRET],
      alsoPresented: json ? [] : await sessionKeys(request),
      secrets,
    });
    const params = new URLSearchParams(url.search);
    const format = dashboardFormat(request, params);
    const query = parseDashboardQuery(params);
    const at = now();
    const [data, budgets] = await Promise.all([
      opts.load(query, timeWindow(query.range, at)),
      opts.loadBudgets?.() ?? Promise.resolve(undefined),
    ]);
    if (format === "json") {
      return jsonResponse(
        { generated_at: at.toISOString(), query, data, ...(budgets ? { budgets } : {}) },
        200,
        {
          ...JSON_CORS_HEADERS,
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
          vary: "accept",
        },
      );
    }
    return html(renderDashboardPage({ data, query, now: at, budgets }), 200);
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
