/**
 * `createTokenwatch`: the client an app makes once, with its project URL and key. It wraps SDK clients,
 * records their calls as events for the `ingest` function (batched, retried, bounded: sender.ts), checks
 * budgets (`check-budget`), and flushes or shuts down for serverless.
 *
 * @module
 */
import { wrapAnthropicClient } from "./anthropic.js";
import { blockingBudgets, BudgetCheckError, BudgetExceededError, cleanScope, requestBudgets, } from "./budgets.js";
import { eventOf } from "./call_outcome.js";
import { wrapOpenAIClient } from "./openai.js";
import { EventSender } from "./sender.js";
/** The header that carries the key: `apikey` for Supabase keys, `Authorization` for JWTs, else `x-tokenwatch-key`. */
export function keyHeaders(key) {
    if (key.startsWith("sb_"))
        return { apikey: key };
    if (/^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(key))
        return { authorization: `Bearer ${key}` };
    return { "x-tokenwatch-key": key };
}
const positive = (value, fallback, name) => {
    if (value === undefined)
        return fallback;
    if (!Number.isFinite(value) || value < 0) {
        throw new TypeError(`createTokenwatch: ${name} must be a number >= 0`);
    }
    return value;
};
const defaultTimers = {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle),
};
/** Makes the client; see the package README. */
export function createTokenwatch(options) {
    if (typeof options?.url !== "string" || !/^https?:\/\//.test(options.url)) {
        throw new TypeError("createTokenwatch: url must be the project URL, e.g. https://abcd.supabase.co");
    }
    if (typeof options.key !== "string" || options.key === "") {
        throw new TypeError("createTokenwatch: key is required (the ingest key or the project's secret key)");
    }
    const base = options.url.replace(/\/+$/, "");
    const functionsUrl = base.endsWith("/functions/v1") ? base : `${base}/functions/v1`;
    const headers = keyHeaders(options.key);
    const fetchImpl = options.fetch ??
        ((input, init) => globalThis.fetch(input, init));
    const now = options.now ?? Date.now;
    const timeoutMs = positive(options.timeoutMs, 10_000, "timeoutMs");
    const onError = options.onError ?? ((error) => console.warn(`[tokenwatch] ${error.message}`));
    const maxBatchSize = Math.min(5000, Math.max(1, positive(options.maxBatchSize, 100, "maxBatchSize")));
    const sender = new EventSender({
        endpoint: `${functionsUrl}/ingest`,
        headers,
        fetch: fetchImpl,
        maxBatchSize,
        flushIntervalMs: positive(options.flushIntervalMs, 1000, "flushIntervalMs"),
        maxQueueSize: Math.max(1, positive(options.maxQueueSize, 10_000, "maxQueueSize")),
        maxRetries: positive(options.maxRetries, 5, "maxRetries"),
        retryBaseMs: positive(options.retryBaseMs, 500, "retryBaseMs"),
        retryMaxMs: positive(options.retryMaxMs, 30_000, "retryMaxMs"),
        timeoutMs,
        sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        timers: options.timers ?? defaultTimers,
        random: options.random ?? Math.random,
        onError,
    });
    let budgetCheckFailures = 0;
    const defaults = {
        app: options.app,
        environment: options.environment,
        customerId: options.customerId,
        source: options.source,
    };
    const checkBudget = (scope) => requestBudgets({
        endpoint: `${functionsUrl}/check-budget`,
        headers,
        fetch: fetchImpl,
        timeoutMs,
        scope: cleanScope(scope),
    });
    const core = {
        now,
        countTextWithoutUsage: options.countTextWithoutUsage ?? true,
        record(outcome) {
            try {
                sender.enqueue(eventOf(outcome, defaults));
            }
            catch (error) {
                onError(error instanceof Error ? error : new Error(String(error)));
            }
        },
        enforces: (context) => context.enforceBudgets ?? options.enforceBudgets ?? false,
        async checkCallBudgets(context, model) {
            const scope = cleanScope({
                app: context.app ?? options.app,
                environment: context.environment ?? options.environment,
                user_id: context.user,
                customer_id: context.customerId ?? options.customerId,
                conversation_id: context.conversation,
                model,
                prompt_variant: context.promptVariant,
            });
            let rows;
            try {
                rows = await checkBudget(scope);
            }
            catch (error) {
                // Fail open: an unreachable budget service must not take the app down with it.
                budgetCheckFailures++;
                onError(error instanceof BudgetCheckError ? error : new BudgetCheckError(String(error), undefined, error));
                return;
            }
            const blocking = blockingBudgets(rows);
            if (blocking.length > 0)
                throw new BudgetExceededError(blocking, scope);
        },
    };
    return {
        wrapOpenAI: (client, callDefaults = {}) => wrapOpenAIClient(client, core, callDefaults),
        wrapAnthropic: (client, callDefaults = {}) => wrapAnthropicClient(client, core, callDefaults),
        record: (event) => sender.enqueue(event),
        checkBudget,
        flush: () => sender.flush(),
        shutdown: () => sender.shutdown(),
        stats: () => ({ ...sender.stats(), budgetCheckFailures }),
    };
}
