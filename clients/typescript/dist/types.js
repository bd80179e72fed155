/**
 * The public types of `@tokenwatch/client`: the options of {@link createTokenwatch}, the per-call context,
 * the event sent to `ingest`, and the budget rows `check-budget` answers with.
 *
 * @module
 */
export {};
