/**
 * Builds `dist/dashboard.html`: one self-contained file that draws the dashboard in the browser
 * from the function's JSON answer, for projects whose functions cannot serve HTML (hosted
 * Supabase's default domain rewrites text/html to text/plain). The script (browser/main.ts and
 * the same page and chart modules the function renders with) is bundled with `deno bundle`
 * (esbuild) and inlined; a Content-Security-Policy meta tag allows exactly that script (by its
 * SHA-256), inline styles, `data:` images and connections to the project, and nothing else.
 */
import { htmlDocument } from "../shared/dashboard/layout.ts";

/** The browser entry point that gets bundled. */
export const BROWSER_ENTRY = new URL("../shared/dashboard/browser/main.ts", import.meta.url);

/** Options for {@link staticDashboardHtml} and {@link buildStaticDashboard}. */
export interface StaticDashboardOptions {
  /**
   * Build for one project: its URL is fixed in the form and the only one the CSP lets the page
   * connect to. Without it the page may connect to any https origin and to 127.0.0.1 / localhost
   * (the local stack), and still sends only to the URL the person enters.
   */
  projectUrl?: string;
}

/** The connect-src a build allows: the project's origin, or any https origin and the loopback stack. */
export function connectSources(projectUrl?: string): string {
  if (projectUrl === undefined) return "https: http://127.0.0.1:* http://localhost:*";
  const url = new URL(projectUrl);
  if (
    url.protocol !== "https:" &&
    !(url.protocol === "http:" && ["127.0.0.1", "localhost"].includes(url.hostname))
  ) {
    throw new Error(
      `--project-url must be https:// (http:// only for 127.0.0.1 or localhost): ${projectUrl}`,
    );
  }
  return url.origin;
}

/** The page's Content-Security-Policy for an inline script with this SHA-256 (base64). */
export function staticDashboardCsp(scriptSha256: string, projectUrl?: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptSha256}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    `connect-src ${connectSources(projectUrl)}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/**
 * Makes a bundle safe to inline in a `<script>` element: `</script` and `<!--` cannot appear in
 * its text (in JavaScript, `<\/` and `<\!` mean the same inside strings, templates and regexes).
 */
export function inlineSafe(script: string): string {
  return script.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The HTML file around an already bundled script. */
export async function staticDashboardHtml(
  bundle: string,
  opts: StaticDashboardOptions = {},
): Promise<string> {
  const script = inlineSafe(bundle);
  const csp = staticDashboardCsp(await sha256Base64(script), opts.projectUrl);
  const fixed = opts.projectUrl === undefined
    ? ""
    : ` data-project-url="${opts.projectUrl.replace(/"/g, "&quot;")}"`;
  const body = `<div id="app"${fixed}><noscript><div class="signin"><h1>Tokenwatch</h1>
<p>This dashboard draws itself with JavaScript; turn it on for this file.</p></div></noscript></div>`;
  return htmlDocument("Tokenwatch dashboard", body, { csp, script, plainTextHint: false });
}

/** Bundles the browser entry with `deno bundle` (type-checked, minified, one classic script). */
export async function bundleBrowserApp(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "tokenwatch-dashboard-build-" });
  try {
    const out = `${dir}/dashboard.js`;
    const config = new URL("../deno.json", import.meta.url).pathname;
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--config",
        config,
        "--check",
        "--platform",
        "browser",
        "--format",
        "iife",
        "--minify",
        "--output",
        out,
        BROWSER_ENTRY.pathname,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Bundles and assembles the file; returns its text. */
export async function buildStaticDashboard(opts: StaticDashboardOptions = {}): Promise<string> {
  return await staticDashboardHtml(await bundleBrowserApp(), opts);
}
