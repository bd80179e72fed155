// check-alerts: evaluates every enabled alert rule, records a health check, opens / escalates /
// resolves alerts and sends the notifications that are due. The logic lives in shared/alerts/.
import { createCheckAlertsHandler } from "../../../shared/alerts/handler.ts";
import { db } from "../../../shared/db/client.ts";

export default { fetch: createCheckAlertsHandler({ sql: db }) };
