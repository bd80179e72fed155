/**
 * The static dashboard's connection: which project it reads and with which key, as the person
 * typed them, checked, kept in the tab's sessionStorage only, and the one URL it ever calls.
 * Refuses keys that must never be in a browser: a secret key (`sb_secret_…`, which hosted
 * Supabase also refuses from browsers) and the legacy service_role JWT. It asks for the dashboard
 * key (the TOKENWATCH_DASHBOARD_KEY function secret) instead.
 */
import * as z from "../../deps_browser.ts";

/** Where the connection is kept in sessionStorage. */
export const STORAGE_KEY = "tokenwatch.dashboard.connection";

/** A checked connection. */
export interface Connection {
  /** The project's URL without a trailing slash, e.g. `https://abcd.supabase.co`. */
  projectUrl: string;
  /** The dashboard key, sent in `x-tokenwatch-key`. */
  key: string;
}

/** One thing wrong with what was typed. */
export interface ConnectionProblem {
  field: "url" | "key";
  message: string;
}

/** The outcome of {@link checkConnection}. */
export type ConnectionCheck =
  | { ok: true; connection: Connection }
  | { ok: false; problems: ConnectionProblem[] };

/** The part of sessionStorage the page uses (a Map-backed fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const MAX_KEY_LENGTH = 1024;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const SECRET_KEY_MESSAGE =
  "this is a secret key (sb_secret_…): it must never be used in a browser, and hosted Supabase refuses it from one. Enter the dashboard key (TOKENWATCH_DASHBOARD_KEY) instead";

function jwtRole(key: string): string | undefined {
  const parts = key.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const text = atob(
      parts[1].replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(parts[1].length / 4) * 4, "="),
    );
    const payload: unknown = JSON.parse(text);
    const role = payload && typeof payload === "object"
      ? (payload as Record<string, unknown>).role
      : undefined;
    return typeof role === "string" ? role : undefined;
  } catch {
    return undefined;
  }
}

function checkUrl(text: string): { url?: string; problem?: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { problem: "enter the project URL, e.g. https://<project-ref>.supabase.co" };
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return { problem: "the project URL must start with https:// (http:// only for 127.0.0.1 or localhost)" };
  }
  if (url.username || url.password) {
    return { problem: "the project URL must not hold a user name or password" };
  }
  if (url.search || url.hash) {
    return { problem: "the project URL must not have a query (?…) or fragment (#…)" };
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/functions\/v1(\/dashboard)?$/, "");
  return { url: `${url.origin}${path}` };
}

function checkKey(text: string): string | undefined {
  const key = text.trim();
  if (key === "") return "enter the dashboard key (the TOKENWATCH_DASHBOARD_KEY function secret)";
  if (key.length > MAX_KEY_LENGTH) return `the key is longer than ${MAX_KEY_LENGTH} characters`;
  // deno-lint-ignore no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(key)) return "the key must not contain spaces or control characters";
  if (key.startsWith("sb_secret_")) return SECRET_KEY_MESSAGE;
  if (key.startsWith("sb_publishable_")) {
    return "a publishable key (sb_publishable_…) does not open the dashboard: enter the dashboard key (TOKENWATCH_DASHBOARD_KEY)";
  }
  const role = jwtRole(key);
  if (role === "service_role") {
    return "this is the service_role key: it must never be used in a browser. Enter the dashboard key (TOKENWATCH_DASHBOARD_KEY) instead";
  }
  if (role !== undefined) {
    return `a ${role} key does not open the dashboard: enter the dashboard key (TOKENWATCH_DASHBOARD_KEY)`;
  }
  return undefined;
}

/**
 * Checks what was typed. The URL: https (http only on 127.0.0.1 / localhost), no credentials,
 * query or fragment; a trailing `/functions/v1/dashboard` is dropped. With `fixedUrl` (a build
 * for one project) any other URL is refused. Every problem is listed.
 */
export function checkConnection(
  input: { url: string; key: string },
  opts: { fixedUrl?: string } = {},
): ConnectionCheck {
  const problems: ConnectionProblem[] = [];
  const url = checkUrl(input.url);
  if (url.problem) problems.push({ field: "url", message: url.problem });
  else if (opts.fixedUrl !== undefined && url.url !== checkUrl(opts.fixedUrl).url) {
    problems.push({ field: "url", message: `this page was built for ${opts.fixedUrl} only` });
  }
  const keyProblem = checkKey(input.key);
  if (keyProblem) problems.push({ field: "key", message: keyProblem });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, connection: { projectUrl: url.url!, key: input.key.trim() } };
}

/** The dashboard function's URL for the page's own query string (`format` dropped: the page asks for JSON). */
export function dashboardEndpoint(projectUrl: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete("format");
  const qs = params.toString();
  return `${projectUrl}/functions/v1/dashboard${qs ? `?${qs}` : ""}`;
}

const storedSchema = z.object({ projectUrl: z.string(), key: z.string() });

/**
 * The connection kept in this tab, checked again as if typed; anything unreadable (or for
 * another project than `fixedUrl`) is removed and null returned.
 */
export function readConnection(store: KeyValueStore, opts: { fixedUrl?: string } = {}): Connection | null {
  const text = store.getItem(STORAGE_KEY);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const stored = storedSchema.safeParse(json);
  const check = stored.success
    ? checkConnection({ url: stored.data.projectUrl, key: stored.data.key }, opts)
    : null;
  if (!check || !check.ok) {
    store.removeItem(STORAGE_KEY);
    return null;
  }
  return check.connection;
}

/** Keeps the connection in this tab. */
export function saveConnection(store: KeyValueStore, connection: Connection): void {
  store.setItem(STORAGE_KEY, JSON.stringify({ projectUrl: connection.projectUrl, key: connection.key }));
}

/** Forgets the connection (sign out). */
export function forgetConnection(store: KeyValueStore): void {
  store.removeItem(STORAGE_KEY);
}
