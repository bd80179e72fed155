/**
 * The function secret that holds the key apps send usage with (`TOKENWATCH_INGEST_KEY`): accepted by
 * ingest and by check-budget. A module of its own so that check-budget's bundle does not carry ingest's.
 */
export const INGEST_KEY_SECRET = "TOKENWATCH_INGEST_KEY";
