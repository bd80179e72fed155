// POST {"scope": {...}}: the budgets that apply, with spend and state. See shared/budgets/handler.ts.
import { createCheckBudgetHandler } from "../../../shared/budgets/handler.ts";
import { db } from "../../../shared/db/client.ts";

export default { fetch: createCheckBudgetHandler({ sql: db }) };
