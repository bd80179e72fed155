/** The dashboard page: GET shows it, POST signs in or out. Everything else is in shared/dashboard/. */
import { budgetStatus } from "../../../shared/budgets/check.ts";
import { loadDashboardData } from "../../../shared/dashboard/data.ts";
import { createDashboardHandler } from "../../../shared/dashboard/handler.ts";
import { databaseSessionGenerations } from "../../../shared/dashboard/session_store.ts";
import { db } from "../../../shared/db/client.ts";

export default {
  fetch: createDashboardHandler({
    load: (query, window) => loadDashboardData(db(), query, window),
    loadBudgets: () => budgetStatus(db()),
    sessions: databaseSessionGenerations(db),
  }),
};
