/**
 * `npm start`: brings the local stack up, prints where everything is, and runs until Ctrl-C
 * or SIGTERM, then stops everything it started.
 */
import { startStack } from "./stack.ts";

const stack = await startStack({ writeEnvFile: true, log: (line) => console.log(`• ${line}`) });
const { env, config } = stack;
console.log(`
Tokenwatch local stack is up.
  API (functions)   ${env.SUPABASE_URL}/functions/v1/<name>
  Database          ${env.SUPABASE_DB_URL}
  anon key          ${env.SUPABASE_ANON_KEY}
  service_role key  ${env.SUPABASE_SERVICE_ROLE_KEY}
  Stand-ins         ${stack.standIns.join(", ") || "none"}
  Written to        ${config.root}/.env.local
Press Ctrl-C to stop.`);

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
