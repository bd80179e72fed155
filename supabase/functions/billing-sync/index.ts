// billing-sync: reads the providers' admin usage and cost reports into provider_usage and
// provider_costs (pg_cron, hourly). The logic lives in shared/billing/.
import { createBillingSyncHandler } from "../../../shared/billing/handler.ts";
import { db } from "../../../shared/db/client.ts";

export default { fetch: createBillingSyncHandler({ sql: db }) };
