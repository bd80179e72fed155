/**
 * `npm run dashboard:build -- [--project-url=https://<ref>.supabase.co] [--out=dist/dashboard.html]`:
 * writes the static dashboard, one self-contained HTML file that draws the dashboard in the
 * browser from the function's JSON answer (for projects without a custom domain, where hosted
 * Supabase serves the function's HTML as text/plain). Open it from disk or put it on any static
 * host. `--project-url` builds it for one project: that URL is fixed in the form and is the only
 * one its Content-Security-Policy lets it connect to. Needs no running stack.
 * Exit status: 0 written, 1 the build failed, 2 bad arguments.
 */
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildStaticDashboard, connectSources } from "./static_build.ts";

const USAGE =
  "usage: npm run dashboard:build -- [--project-url=https://<project-ref>.supabase.co] [--out=<file>]";
const PROJECT_ROOT = new URL("..", import.meta.url).pathname;

/** The command, for tests. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { "project-url": { type: "string" }, out: { type: "string" } },
    }));
    if (values["project-url"] !== undefined) connectSources(values["project-url"]);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const out = resolve(values.out ?? `${PROJECT_ROOT}dist/dashboard.html`);
  let html: string;
  try {
    html = await buildStaticDashboard({ projectUrl: values["project-url"]?.replace(/\/+$/, "") });
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  await Deno.mkdir(dirname(out), { recursive: true });
  await Deno.writeTextFile(out, html);
  const kb = (new TextEncoder().encode(html).length / 1024).toFixed(1);
  console.log(`${out} (${kb} KB)`);
  console.log(
    values["project-url"]
      ? `Open it and enter the dashboard key (TOKENWATCH_DASHBOARD_KEY) for ${values["project-url"]}.`
      : "Open it and enter your project URL and the dashboard key (TOKENWATCH_DASHBOARD_KEY).",
  );
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
