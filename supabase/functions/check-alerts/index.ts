// check-alerts: evaluates every enabled alert rule, records a health check, opens / escalates /
// resolves alerts and sends the notifications that are due. The logic lives in shared/alerts/.
import { checkAlertsHandler } from "../../../shared/alerts/handler.ts";

Deno.serve(checkAlertsHandler);
