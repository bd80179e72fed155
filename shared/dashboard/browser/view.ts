/**
 * What the static dashboard shows in each state, as HTML strings (the script in main.ts only
 * puts them in place and wires the buttons): the connect form, loading, a failure, and the
 * dashboard itself, drawn by the same renderDashboardBody the server page uses. Also reads the
 * function's answer into one of those states.
 */
import type { Problem } from "../../http/errors.ts";
import { escapeHtml } from "../format.ts";
import { errorBody } from "../layout.ts";
import { dashboardTitle, renderDashboardBody } from "../page.ts";
import { type DashboardQuery, FILTER_NAMES, queryString, type RangeKey, RANGES } from "../query.ts";
import { type DashboardAnswer, DashboardShapeError, parseDashboardAnswer } from "../schema.ts";
import type { ConnectionProblem } from "./connection.ts";

/** What the connect form shows. */
export interface ConnectOptions {
  /** The URL to prefill. */
  projectUrl?: string;
  /** A build for one project: the URL is fixed (read-only). */
  fixedUrl?: string;
  problems?: ConnectionProblem[];
  /** A line above the form (e.g. "That key was not accepted"). */
  notice?: string;
}

/** The connect form: project URL and dashboard key, kept in this tab only. */
export function connectBody(opts: ConnectOptions = {}): string {
  const url = opts.fixedUrl ?? opts.projectUrl ?? "";
  const problem = (field: ConnectionProblem["field"]): string =>
    (opts.problems ?? []).filter((p) => p.field === field)
      .map((p) => `<p class="error" role="alert" data-problem="${field}">${escapeHtml(p.message)}</p>`).join(
        "",
      );
  return `<div class="signin" data-view="connect">
<h1>Tokenwatch</h1>
<p>Enter your project's URL and the <strong>dashboard key</strong> (the <code>TOKENWATCH_DASHBOARD_KEY</code> function secret).
Never a secret key (<code>sb_secret_…</code>) or the <code>service_role</code> key: they must not be used in a browser, and hosted Supabase refuses secret keys from browsers.</p>
<p>Both stay in this tab only (sessionStorage, gone when the tab closes) and are sent only to
<code>${url ? escapeHtml(url) : "&lt;project URL&gt;"}/functions/v1/dashboard</code>.</p>
${opts.notice ? `<p class="error" role="alert" data-notice>${escapeHtml(opts.notice)}</p>` : ""}
<form id="connect" autocomplete="off">
<label for="url">Project URL</label>
<input id="url" name="url" type="url" required spellcheck="false" placeholder="https://&lt;project-ref&gt;.supabase.co" value="${
    escapeHtml(url)
  }"${opts.fixedUrl ? " readonly" : ""}>
${problem("url")}
<label for="key">Dashboard key</label>
<input id="key" name="key" type="password" required autocomplete="off" spellcheck="false">
${problem("key")}
<button type="submit">Open the dashboard</button>
</form>
</div>`;
}

/** Shown while the answer is on its way. */
export function loadingBody(endpoint: string): string {
  return `<div class="signin" data-view="loading"><h1>Tokenwatch</h1><p>Loading <code>${
    escapeHtml(endpoint)
  }</code>…</p></div>`;
}

/** A failure: the status and message (every problem for a 400), with "try again" and "sign out". */
export function failureBody(opts: { status: number | null; message: string; problems?: Problem[] }): string {
  return `<div data-view="failure">${
    errorBody(opts.status ?? "Not reached", opts.message, opts.problems ?? [])
  }
<p class="actions"><button type="button" data-action="retry">Try again</button>
<button type="button" data-action="signout">Change project or key</button></p></div>`;
}

/** The dashboard drawn from an answer, with the page's title. */
export function dashboardView(answer: DashboardAnswer, source: string): { title: string; body: string } {
  return {
    title: dashboardTitle(answer.query),
    body: `<div data-view="dashboard">${
      renderDashboardBody({
        data: answer.data,
        query: answer.query,
        now: new Date(answer.generated_at),
        signOut: "button",
        source,
        budgets: answer.budgets,
      })
    }</div>`,
  };
}

/** What an answer of the function means for the page. */
export type AnswerOutcome =
  | { kind: "dashboard"; answer: DashboardAnswer }
  | { kind: "unauthorized" }
  | { kind: "failure"; status: number; message: string; problems: Problem[] };

function errorParts(body: unknown): { message?: string; problems: Problem[] } {
  if (!body || typeof body !== "object") return { problems: [] };
  const b = body as Record<string, unknown>;
  const problems = Array.isArray(b.problems)
    ? b.problems.filter((p): p is Problem =>
      !!p && typeof p === "object" && typeof (p as Problem).field === "string" &&
      typeof (p as Problem).message === "string"
    )
    : [];
  return { message: typeof b.error === "string" ? b.error : undefined, problems };
}

/** Reads the function's answer (status and parsed JSON body, or undefined when it was not JSON). */
export function readAnswer(status: number, body: unknown): AnswerOutcome {
  if (status === 401) return { kind: "unauthorized" };
  if (status === 200) {
    try {
      return { kind: "dashboard", answer: parseDashboardAnswer(body) };
    } catch (error) {
      if (!(error instanceof DashboardShapeError)) throw error;
      return {
        kind: "failure",
        status,
        message: "The answer is not a Tokenwatch dashboard answer (is the dashboard function up to date?)",
        problems: error.problems.slice(0, 20).map((p) => {
          const at = p.indexOf(":");
          return { field: p.slice(0, at), message: p.slice(at + 2) };
        }),
      };
    }
  }
  const parts = errorParts(body);
  return {
    kind: "failure",
    status,
    message: parts.message ?? `The dashboard function answered ${status}`,
    problems: parts.problems,
  };
}

/**
 * The page's query string for the filter form's fields (what a GET submit would make, minus
 * empty filters), built with the page's own queryString.
 */
export function filterSearch(fields: Iterable<[string, string]>): string {
  const query: DashboardQuery = { range: "24h", filters: {} };
  for (const [name, value] of fields) {
    if (name === "range" && Object.hasOwn(RANGES, value)) query.range = value as RangeKey;
    else if ((FILTER_NAMES as readonly string[]).includes(name) && value !== "") {
      query.filters[name as (typeof FILTER_NAMES)[number]] = value;
    }
  }
  return queryString(query);
}
