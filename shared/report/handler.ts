/**
 * The weekly-report function. GET returns the stored report of the week (building and
 * storing it first when there is none, or when the stored one was taken before the week
 * ended); POST rebuilds it from the data now. `?week=2026-W47&format=md|json|html&app=…`.
 * The project's secret key only. A POST needs no body (parameters are in the query); one larger than
 * MAX_POST_BODY_BYTES is refused with 413. A build that queued the report for the reporting
 * channels (store.ts) sends what the outbox has due before answering; a send that fails is
 * retried by later check-alerts runs, like an alert.
 */
import { methodNotAllowed, payloadTooLarge } from "../http/errors.ts";
import { requireCredential } from "../http/credentials.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import { withErrors } from "../http/respond.ts";
import { deliverDue } from "../notify/deliver.ts";
import { parseReportQuery, type ReportFormat } from "./params.ts";
import { buildReport, loadReport, type StoredReport } from "./store.ts";

/** What the handler needs: the common deps, and the HTTP client the report notifications use. */
export interface ReportHandlerDeps extends HandlerDeps {
  /** HTTP client for the report notifications (tests); global fetch by default. */
  fetch?: typeof fetch;
}

/** The largest POST body accepted (the body is not read: the cron job sends `{}`). */
export const MAX_POST_BODY_BYTES = 65_536;

const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** Reads and drops a request body, refusing with 413 one larger than MAX_POST_BODY_BYTES. */
async function discardBody(request: Request): Promise<void> {
  if (!request.body) return;
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > MAX_POST_BODY_BYTES) {
      throw payloadTooLarge(
        `The body may be at most ${MAX_POST_BODY_BYTES} bytes; weekly-report reads its parameters from the query`,
      );
    }
  }
}

/**
 * The HTML report runs nothing and loads nothing: inline styles only, no script, no form, no
 * frame, nothing from elsewhere (as the dashboard's page).
 */
export const REPORT_HTML_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The stored report in the asked-for form, with headers naming the week and the generation. */
export function reportResponse(report: StoredReport, format: ReportFormat, status = 200): Response {
  const body = format === "json" ? report.json : format === "html" ? report.html : report.markdown;
  return new Response(body, {
    status,
    headers: {
      "content-type": CONTENT_TYPES[format],
      "cache-control": "no-store",
      "x-tokenwatch-week": report.week,
      "x-tokenwatch-generated-at": report.generatedAt,
      "x-tokenwatch-generation": String(report.generation),
      "x-tokenwatch-data-as-of": report.dataAsOf,
      ...(format === "html"
        ? { "content-security-policy": REPORT_HTML_POLICY, "x-content-type-options": "nosniff" }
        : {}),
    },
  });
}

/** The handler `supabase/functions/weekly-report/index.ts` serves. */
export function createWeeklyReportHandler(deps: ReportHandlerDeps): (request: Request) => Promise<Response> {
  const now = deps.now ?? (() => new Date());
  return withErrors(async (request) => {
    requireCredential(request, { secrets: deps.secrets });
    if (request.method !== "GET" && request.method !== "POST") throw methodNotAllowed(["GET", "POST"]);
    await discardBody(request);
    const query = parseReportQuery(new URL(request.url).searchParams, now());
    const key = { week: query.week, app: query.app };
    const sql = deps.sql();
    if (request.method === "GET") {
      const stored = await loadReport(sql, key);
      if (stored && stored.complete) return reportResponse(stored, query.format);
    }
    const built = await buildReport(sql, key, query.trigger);
    if (built.notificationsQueued > 0) await deliverDue(sql, { fetch: deps.fetch });
    return reportResponse(built, query.format);
  });
}
