import type { BudgetRow, BudgetScope, CallContext, TokenwatchOptions, TokenwatchStats, UsageEvent } from "./types.js";
/** What {@link createTokenwatch} returns. */
export interface Tokenwatch {
    /** Records the calls of an official `openai` client (the same client is returned). */
    wrapOpenAI<C extends object>(client: C, defaults?: CallContext): C;
    /** Records the calls of an official `@anthropic-ai/sdk` client (the same client is returned). */
    wrapAnthropic<C extends object>(client: C, defaults?: CallContext): C;
    /** Queues an event of your own (any provider), as ingest takes it; false if it was dropped. */
    record(event: UsageEvent): boolean;
    /** The budgets covering `scope`, from `check-budget`; rejects with BudgetCheckError if it cannot answer. */
    checkBudget(scope: BudgetScope): Promise<BudgetRow[]>;
    /** Sends everything queued; resolves when it has been delivered or given up on (never rejects). */
    flush(): Promise<void>;
    /** Flushes and stops: later events are dropped (counted). Call it before a serverless function returns. */
    shutdown(): Promise<void>;
    /** What was sent, dropped, rejected and retried so far. */
    stats(): TokenwatchStats;
}
/** The header that carries the key: `apikey` for Supabase keys, `Authorization` for JWTs, else `x-tokenwatch-key`. */
export declare function keyHeaders(key: string): Record<string, string>;
/** Makes the client; see the package README. */
export declare function createTokenwatch(options: TokenwatchOptions): Tokenwatch;
