/**
 * `npm start`: brings the local stack up, prints where everything is, then does the main job
 * (local/demo/first_run.ts): on an empty database it loads a demo week of traffic, runs the
 * rollup and a first health check, builds the weekly report, and prints the health summary and
 * where the report and the dashboard are. Runs until Ctrl-C or SIGTERM, then stops everything
 * it started.
 */
import { createClient, postgres } from "../shared/deps.ts";
import { firstRun, lastDayLine } from "./demo/first_run.ts";
import { startStack } from "./stack.ts";
import { PROJECT_ROOT } from "./stack_config.ts";
import { onParentExit } from "./parent_watch.ts";
import { StackBusy } from "./stack_lock.ts";

// TOKENWATCH_ENV_FILE: where the keys are written (default .env.local, which the commands read).
const envFile = Deno.env.get("TOKENWATCH_ENV_FILE") || `${PROJECT_ROOT}/.env.local`;
const stack = await startStack({ envFile, log: (line) => console.log(`• ${line}`) }).catch((error) => {
  if (!(error instanceof StackBusy)) throw error;
  console.error(error.message);
  Deno.exit(1);
});
const { env, config } = stack;
console.log(`
Tokenwatch local stack is up.
  API (functions)   ${env.SUPABASE_URL}/functions/v1/<name>
  Database          ${env.SUPABASE_DB_URL}
  publishable key   ${env.SUPABASE_PUBLISHABLE_KEY}
  secret key        ${env.SUPABASE_SECRET_KEY}
${
  env.SUPABASE_SERVICE_ROLE_KEY
    ? `  anon key (legacy)          ${env.SUPABASE_ANON_KEY}\n  service_role key (legacy)  ${env.SUPABASE_SERVICE_ROLE_KEY}\n`
    : "  legacy JWT keys   disabled (TOKENWATCH_LEGACY_KEYS=disabled)\n"
}  Stand-ins         ${stack.standIns.join(", ") || "none"}
  Written to        ${envFile}
`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the local stack…");
  await stack.stop();
  console.log("Stopped.");
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
// npm's shell ends on SIGTERM without passing it on: stop too when whatever started us is gone.
onParentExit(shutdown);

const sql = postgres(env.SUPABASE_DB_URL, { prepare: false, onnotice: () => {}, max: 2 });
const supabase = createClient(env.SUPABASE_URL, env.SUPABASE_SECRET_KEY, {
  auth: { persistSession: false, autoRefreshToken: false },
});
try {
  const done = await firstRun({
    sql,
    supabase,
    url: env.SUPABASE_URL,
    functions: config.functions.map((f) => f.name),
    root: config.root,
    log: (line) => console.log(`• ${line}`),
  });
  const lastDay = await lastDayLine(supabase);
  console.log("");
  for (const line of done.health) console.log(line);
  if (lastDay) console.log(lastDay);
  if (done.report) {
    console.log(`Weekly report ${done.report.week}: ${config.root}/${done.report.path}`);
    console.log(`  (also ${done.report.url}, with the service_role key)`);
  }
  console.log(`Dashboard: ${done.dashboardUrl}`);
} catch (error) {
  console.error(`The first run did not finish: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await sql.end();
}
if (!stopping) console.log("\nPress Ctrl-C to stop.");
