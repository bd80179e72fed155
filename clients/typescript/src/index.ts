/**
 * `@tokenwatch/client`: send LLM usage to Tokenwatch from the official `openai` and `@anthropic-ai/sdk`
 * clients, streamed or not, batched and retried, with budgets. See README.md.
 *
 * @module
 */
export { createTokenwatch, keyHeaders, type Tokenwatch } from "./tokenwatch.ts";
export { TOKENWATCH_CONTEXT, withTokenwatch } from "./context.ts";
export { BudgetCheckError, BudgetExceededError } from "./budgets.ts";
export { TokenwatchDeliveryError } from "./sender.ts";
export type {
  BudgetRow,
  BudgetScope,
  BudgetScopeKey,
  CallContext,
  FetchLike,
  Timers,
  TokenwatchOptions,
  TokenwatchStats,
  UsageEvent,
} from "./types.ts";
