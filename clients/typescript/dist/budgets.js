/** The scope keys `check-budget` understands. */
export const BUDGET_SCOPE_KEYS = [
    "app",
    "environment",
    "user_id",
    "customer_id",
    "conversation_id",
    "model",
    "prompt_variant",
];
/** Thrown by a wrapped call whose scope has an exceeded, enforced budget; the provider was not called. */
export class BudgetExceededError extends Error {
    budgets;
    scope;
    constructor(
    /** The exceeded rows with `enforce: true`. */
    budgets, 
    /** The scope that was checked. */
    scope) {
        super(`Tokenwatch budget exceeded: ${budgets.map((b) => `${b.budget} (${JSON.stringify(b.scope_value)})`).join(", ")}; the provider was not called`);
        this.budgets = budgets;
        this.scope = scope;
        this.name = "BudgetExceededError";
    }
}
/** `check-budget` could not answer (network, non-200, or an answer that is not the documented shape). */
export class BudgetCheckError extends Error {
    status;
    details;
    constructor(message, status, details) {
        super(message);
        this.status = status;
        this.details = details;
        this.name = "BudgetCheckError";
    }
}
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value) => typeof value === "number" && Number.isFinite(value);
const numberOrNull = (value) => value === null || isNumber(value);
const stringOrNull = (value) => value === null || typeof value === "string";
/** The problem with one row of the answer, or null when it has the documented shape. */
export function budgetRowProblem(row) {
    if (!isObject(row))
        return "is not an object";
    const checks = [
        ["budget", typeof row.budget === "string"],
        [
            "scope_value",
            isObject(row.scope_value) && Object.values(row.scope_value).every((v) => typeof v === "string"),
        ],
        ["period_start", typeof row.period_start === "string"],
        ["period_end", typeof row.period_end === "string"],
        ["limit_usd", numberOrNull(row.limit_usd)],
        ["spent_usd", isNumber(row.spent_usd)],
        ["remaining_usd", numberOrNull(row.remaining_usd)],
        ["limit_tokens", numberOrNull(row.limit_tokens)],
        ["spent_tokens", isNumber(row.spent_tokens)],
        ["percent", numberOrNull(row.percent)],
        ["state", row.state === "ok" || row.state === "warning" || row.state === "exceeded"],
        ["enforce", typeof row.enforce === "boolean"],
        ["unpriced_requests", isNumber(row.unpriced_requests)],
        ["forecast_exhausted_at", stringOrNull(row.forecast_exhausted_at)],
    ];
    const bad = checks.filter(([, ok]) => !ok).map(([field]) => field);
    return bad.length > 0 ? `has a bad or missing ${bad.join(", ")}` : null;
}
/** The rows of a `check-budget` answer, validated; throws {@link BudgetCheckError} when it is not that. */
export function parseBudgetAnswer(body) {
    const rows = isObject(body) ? body.budgets : undefined;
    if (!Array.isArray(rows))
        throw new BudgetCheckError("check-budget answered without budgets", 200, body);
    for (const [i, row] of rows.entries()) {
        const problem = budgetRowProblem(row);
        if (problem)
            throw new BudgetCheckError(`check-budget row ${i} ${problem}`, 200, body);
    }
    return rows;
}
/** The scope with only the known keys that have a non-empty string value. */
export function cleanScope(scope) {
    const clean = {};
    for (const key of BUDGET_SCOPE_KEYS) {
        const value = scope[key];
        if (typeof value === "string" && value !== "")
            clean[key] = value;
    }
    return clean;
}
/** The rows that block a call: exceeded and enforced. */
export const blockingBudgets = (rows) => rows.filter((row) => row.state === "exceeded" && row.enforce);
/** Asks `check-budget` about a scope (see the budget HTTP contract). */
export async function requestBudgets(opts) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
    let status;
    let text;
    try {
        const response = await opts.fetch(opts.endpoint, {
            method: "POST",
            headers: { ...opts.headers, "content-type": "application/json" },
            body: JSON.stringify({ scope: opts.scope }),
            signal: controller.signal,
        });
        status = response.status;
        text = await response.text();
    }
    catch (error) {
        throw new BudgetCheckError(`could not reach check-budget: ${String(error)}`, undefined, error);
    }
    finally {
        clearTimeout(timer);
    }
    let body = text;
    try {
        body = JSON.parse(text);
    }
    catch {
        // not JSON: reported below
    }
    if (status !== 200)
        throw new BudgetCheckError(`check-budget answered ${status}`, status, body);
    return parseBudgetAnswer(body);
}
