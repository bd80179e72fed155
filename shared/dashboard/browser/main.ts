/// <reference lib="dom" />
/**
 * The script of `dist/dashboard.html` (bundled into the file by `npm run dashboard:build`; the
 * browser test drives it in Chromium). It keeps the project URL and the dashboard key in this
 * tab's sessionStorage, makes exactly one kind of request, a GET of
 * `<project URL>/functions/v1/dashboard<this page's query>` with the key in `x-tokenwatch-key`,
 * no cookies, no referrer, and draws the JSON answer with the server page's own renderer. The
 * view is in the page's URL as on the server page: range links navigate, the filter form
 * navigates to its query string.
 */
import {
  checkConnection,
  type Connection,
  dashboardEndpoint,
  forgetConnection,
  readConnection,
  saveConnection,
} from "./connection.ts";
import { KEY_HEADER } from "../negotiate.ts";
import {
  connectBody,
  type ConnectOptions,
  dashboardView,
  failureBody,
  filterSearch,
  loadingBody,
  readAnswer,
} from "./view.ts";

const root = document.getElementById("app")!;
const fixedUrl = root.dataset.projectUrl || undefined;
const store = globalThis.sessionStorage;

function show(body: string, title = "Tokenwatch dashboard"): void {
  root.innerHTML = body;
  document.title = title;
  for (const button of root.querySelectorAll<HTMLButtonElement>("[data-action=signout]")) {
    button.addEventListener("click", () => {
      forgetConnection(store);
      showConnect({ projectUrl: undefined });
    });
  }
  root.querySelector<HTMLButtonElement>("[data-action=retry]")?.addEventListener("click", () => void load());
  root.querySelector<HTMLFormElement>("form.filters")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = [...new FormData(event.currentTarget as HTMLFormElement)].map(
      ([name, value]) => [name, String(value)] as [string, string],
    );
    location.search = filterSearch(fields);
  });
}

function showConnect(opts: ConnectOptions): void {
  show(connectBody({ ...opts, fixedUrl }));
  const form = root.querySelector<HTMLFormElement>("form#connect")!;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const typed = { url: String(data.get("url") ?? ""), key: String(data.get("key") ?? "") };
    const check = checkConnection(typed, { fixedUrl });
    if (!check.ok) return showConnect({ projectUrl: typed.url, problems: check.problems });
    saveConnection(store, check.connection);
    void load();
  });
  root.querySelector<HTMLInputElement>(fixedUrl ? "#key" : "#url")?.focus();
}

async function fetchAnswer(connection: Connection, endpoint: string): Promise<Response> {
  return await fetch(endpoint, {
    method: "GET",
    headers: { accept: "application/json", [KEY_HEADER]: connection.key },
    mode: "cors",
    credentials: "omit",
    cache: "no-store",
    redirect: "error",
    referrerPolicy: "no-referrer",
  });
}

async function load(): Promise<void> {
  const connection = readConnection(store, { fixedUrl });
  if (!connection) return showConnect({});
  const endpoint = dashboardEndpoint(connection.projectUrl, location.search);
  show(loadingBody(endpoint));
  let response: Response;
  try {
    response = await fetchAnswer(connection, endpoint);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return show(failureBody({
      status: null,
      message:
        `Could not reach ${endpoint} (${reason}). Is the URL right, and is the dashboard function deployed?`,
    }));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const outcome = readAnswer(response.status, body);
  if (outcome.kind === "unauthorized") {
    forgetConnection(store);
    return showConnect({
      projectUrl: connection.projectUrl,
      notice:
        `${connection.projectUrl} did not accept that key. Enter the dashboard key (TOKENWATCH_DASHBOARD_KEY).`,
    });
  }
  if (outcome.kind === "failure") {
    return show(failureBody(outcome), `${outcome.status} · Tokenwatch dashboard`);
  }
  const view = dashboardView(outcome.answer, new URL(connection.projectUrl).host);
  show(view.body, view.title);
}

void load();
