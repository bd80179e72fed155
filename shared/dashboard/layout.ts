/**
 * The HTML around the dashboard: one self-contained document (inline CSS, no scripts, no fonts
 * or anything else fetched from elsewhere), the sign-in page a person sees without a session, and
 * the error page. The headers forbid everything the page does not need. The static dashboard
 * (dist/dashboard.html) uses the same document with its one inline script and a CSP meta tag.
 */
import type { Problem } from "../http/errors.ts";
import { escapeHtml } from "./format.ts";

/** Security headers for every HTML answer: no scripts, no outside resources, no framing, no caching. */
export const HTML_HEADERS: Record<string, string> = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;background:#f3f4f6}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:12px 20px;background:#111827;color:#f9fafb}
header.top h1{margin:0;font-size:18px;font-weight:650}
header.top .sub{color:#9ca3af;font-size:13px}
header.top .spacer{flex:1}
nav.ranges{display:flex;gap:4px}
nav.ranges a{color:#e5e7eb;text-decoration:none;padding:4px 10px;border-radius:6px;border:1px solid #374151;font-size:13px}
nav.ranges a[aria-current=page]{background:#f9fafb;color:#111827;border-color:#f9fafb;font-weight:600}
form.inline{display:inline;margin:0}
button,input,select{font:inherit}
button{cursor:pointer}
header.top button{background:none;color:#d1d5db;border:1px solid #374151;border-radius:6px;padding:4px 10px;font-size:13px}
main{max-width:1400px;margin:0 auto;padding:16px 20px 32px}
form.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;margin:0 0 14px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#4b5563;gap:2px}
form.filters select{min-width:140px;max-width:220px;padding:5px 6px;border:1px solid #d1d5db;border-radius:6px;background:#fff}
form.filters button{padding:6px 14px;border:0;border-radius:6px;background:#2563eb;color:#fff;font-weight:600}
form.filters a{font-size:13px;color:#2563eb;padding:6px 2px}
.banner{padding:10px 14px;border-radius:8px;background:#fef3c7;color:#92400e;margin:0 0 14px}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px;margin:0 0 16px}
.stat{background:#fff;border-radius:10px;padding:10px 12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.stat .label{font-size:12px;color:#6b7280}
.stat .value{font-size:22px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
.stat .hint{font-size:12px;color:#6b7280}
.stat.bad .value{color:#b91c1c}
.stat.ok .value{color:#15803d}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.card{background:#fff;border-radius:10px;padding:14px 14px 10px;box-shadow:0 1px 2px rgba(0,0,0,.06);min-width:0}
.card h2{margin:0;font-size:15px}
.card .subtitle{margin:2px 0 6px;font-size:12px;color:#6b7280}
.card.wide{grid-column:1/-1}
ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;margin:0 0 6px;padding:0;font-size:12px;color:#374151}
ul.legend li{display:flex;align-items:center;gap:5px}
ul.legend .sw{display:inline-block;width:14px;height:4px;border-radius:2px}
ul.legend .sw.dashed{height:0;border-top:3px dashed;background:none!important}
ul.legend .sw.band{height:10px;opacity:.35}
ul.legend .sw.ref{height:0;border-top:2px dashed;background:none!important}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg.chart text{fill:#4b5563;font-family:inherit}
svg.chart .axis-title{fill:#6b7280;font-size:10px}
svg.chart .group-label{fill:#111827;font-size:11px}
svg.chart .bar-value{font-size:10px;fill:#374151}
svg.chart .grid{stroke:#e5e7eb;stroke-width:1}
svg.chart .axis{stroke:#9ca3af;stroke-width:1}
svg.chart .band{fill:#16a34a;opacity:.14}
svg.chart .ref{stroke-dasharray:4 3;stroke-width:1}
svg.chart .ref-label{font-size:9px}
.notes p{margin:6px 0 0;font-size:12px;color:#374151}
p.panel{margin:6px 0 0;font-size:12px;color:#374151}
p.empty{margin:24px 0;padding:18px;text-align:center;color:#6b7280;background:#f9fafb;border:1px dashed #d1d5db;border-radius:8px}
.table-wrap{overflow-x:auto;margin-top:8px}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e5e7eb}
td.num{white-space:nowrap}
th{color:#6b7280;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.bad td{color:#b91c1c}
ul.alerts{list-style:none;margin:0;padding:0}
ul.alerts li{padding:8px 0;border-bottom:1px solid #e5e7eb}
.sev{display:inline-block;font-size:11px;font-weight:700;padding:1px 6px;border-radius:4px;margin-right:6px;background:#e5e7eb;color:#374151}
.sev.critical{background:#fee2e2;color:#b91c1c}
.sev.warning{background:#fef3c7;color:#92400e}
.meta{font-size:12px;color:#6b7280}
pre.report{white-space:pre-wrap;word-break:break-word;font-size:12px;background:#f9fafb;padding:10px;border-radius:8px;max-height:420px;overflow:auto}
footer{max-width:1400px;margin:0 auto;padding:0 20px 24px;font-size:12px;color:#6b7280}
.signin{max-width:380px;margin:12vh auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
.signin h1{margin:0 0 4px;font-size:20px}
.signin p{color:#4b5563;font-size:13px}
.signin input{width:100%;padding:8px;border:1px solid #d1d5db;border-radius:6px;margin:4px 0 12px}
.signin button{width:100%;padding:9px;border:0;border-radius:6px;background:#2563eb;color:#fff;font-weight:600}
.signin .error{color:#b91c1c;font-weight:600}
@media (max-width:520px){
  main{padding:12px 10px 24px}
  header.top{padding:10px 12px}
  .grid{grid-template-columns:1fr}
  .stats{grid-template-columns:repeat(2,1fr)}
  .stat .value{font-size:19px}
  form.filters select{min-width:0;width:100%;max-width:none}
  form.filters label{flex:1 1 45%}
  svg.chart text,svg.chart .group-label{font-size:13px}
  svg.chart .tick,svg.chart .axis-title,svg.chart .bar-value{font-size:12px}
  svg.chart .ref-label{font-size:11px}
}
`;

/** Extras for {@link htmlDocument}, used by the static dashboard (dist/dashboard.html). */
export interface DocumentExtras {
  /** A Content-Security-Policy for a `<meta http-equiv>` tag, placed before anything it governs. */
  csp?: string;
  /** An inline classic script at the end of the body (its text must not contain `</script`). */
  script?: string;
  /**
   * Start with a comment for whoever sees the document as text (hosted Supabase's default domain
   * serves the function's HTML as text/plain): where the dashboard that works there is. Default
   * true; the static file itself turns it off.
   */
  plainTextHint?: boolean;
}

/** The first lines of a server-rendered page, readable when the page arrives as text/plain. */
export const PLAIN_TEXT_HINT = `<!--
  Reading this as text? On hosted Supabase's default *.supabase.co domain functions cannot serve
  HTML (only on a custom domain). Run \`npm run dashboard:build\` and open dist/dashboard.html,
  which reads this same dashboard as JSON (?format=json) with your TOKENWATCH_DASHBOARD_KEY.
-->
`;

/** A complete HTML document with the page's stylesheet. */
export function htmlDocument(title: string, body: string, extras: DocumentExtras = {}): string {
  if (extras.script !== undefined && /<\/script/i.test(extras.script)) {
    throw new Error("an inline script must not contain </script");
  }
  const csp = extras.csp === undefined
    ? ""
    : `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(extras.csp)}">\n`;
  const script = extras.script === undefined ? "" : `<script>${extras.script}</script>\n`;
  const hint = extras.plainTextHint === false ? "" : PLAIN_TEXT_HINT;
  return `<!doctype html>
${hint}<html lang="en">
<head>
<meta charset="utf-8">
${csp}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
${script}</body>
</html>
`;
}

/**
 * The page a person sees without a session: a form that POSTs the key to this same URL (the
 * handler answers with a session cookie and a redirect back here). Says nothing about any key.
 */
export function renderSignInPage(opts: { error?: string } = {}): string {
  return htmlDocument(
    "Sign in · Tokenwatch dashboard",
    `<div class="signin">
<h1>Tokenwatch dashboard</h1>
<p>Sign in with the dashboard key (the <code>TOKENWATCH_DASHBOARD_KEY</code> function secret) or the project's service role key.
The key is not stored: your browser keeps a session cookie for 12 hours.</p>
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ""}
<form method="post" autocomplete="off">
<input type="hidden" name="action" value="signin">
<label for="key">Key</label>
<input id="key" name="key" type="password" required autofocus autocomplete="off" spellcheck="false">
<button type="submit">Sign in</button>
</form>
</div>`,
  );
}

/** The body of the error page: the status (or a short heading), the message and every problem (400s). */
export function errorBody(status: number | string, message: string, problems: Problem[] = []): string {
  const list = problems.length === 0
    ? ""
    : `<ul>${
      problems.map((p) => `<li><code>${escapeHtml(p.field)}</code>: ${escapeHtml(p.message)}</li>`).join("")
    }</ul>`;
  return `<div class="signin"><h1>${escapeHtml(String(status))}</h1><p class="error">${
    escapeHtml(message)
  }</p>${list}<p><a href="?">Back to the dashboard</a></p></div>`;
}

/** An error page naming every problem (400s) or just the message. */
export function renderErrorPage(status: number, message: string, problems: Problem[] = []): string {
  return htmlDocument(`${status} · Tokenwatch dashboard`, errorBody(status, message, problems));
}
