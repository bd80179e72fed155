/**
 * `@tokenwatch/client`: send LLM usage to Tokenwatch from the official `openai` and `@anthropic-ai/sdk`
 * clients, streamed or not, batched and retried, with budgets. See README.md.
 *
 * @module
 */
export { createTokenwatch, keyHeaders, type Tokenwatch } from "./tokenwatch.js";
export { TOKENWATCH_CONTEXT, withTokenwatch } from "./context.js";
export { BudgetCheckError, BudgetExceededError } from "./budgets.js";
export { TokenwatchDeliveryError } from "./sender.js";
export type { BudgetRow, BudgetScope, BudgetScopeKey, CallContext, FetchLike, Timers, TokenwatchOptions, TokenwatchStats, UsageEvent, } from "./types.js";
