/**
 * Provider responses and usage objects exactly as the providers' documentation shows them, shared by
 * the tests that map, import and ingest usage (the expected counts stay written out in each test).
 * Read only: tests pass these objects on, never change them.
 */

/** https://platform.openai.com/docs/api-reference/chat/object (example response, content shortened). */
export const OPENAI_CHAT_COMPLETION = {
  id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  object: "chat.completion",
  created: 1741570283,
  model: "gpt-4o-2024-08-06",
  choices: [{
    index: 0,
    message: {
      role: "assistant",
      content: "The image shows a wooden boardwalk path...",
      refusal: null,
      annotations: [],
    },
    logprobs: null,
    finish_reason: "stop",
  }],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  service_tier: "default",
  system_fingerprint: "fp_fc9f1d7035",
};

/** https://docs.anthropic.com/en/api/messages (example response, content shortened). */
export const ANTHROPIC_MESSAGE = {
  id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  type: "message",
  role: "assistant",
  model: "claude-3-7-sonnet-20250219",
  content: [{ type: "text", text: "Hi! My name is Claude." }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 2095, output_tokens: 503 },
};

/**
 * https://platform.openai.com/docs/guides/reasoning ("usage" of a response object): output_tokens 1186
 * includes the 1024 reasoning tokens; total 1261 = 75 + 1186.
 */
export const OPENAI_RESPONSES_REASONING_USAGE = {
  input_tokens: 75,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 1186,
  output_tokens_details: { reasoning_tokens: 1024 },
  total_tokens: 1261,
};

/**
 * Anthropic's prompt-caching docs, 1-hour cache example: input_tokens 2048 excludes the 1800 read and
 * the 248 written (148 for five minutes, 100 for one hour).
 */
export const ANTHROPIC_1H_CACHE_USAGE = {
  input_tokens: 2048,
  cache_read_input_tokens: 1800,
  cache_creation_input_tokens: 248,
  output_tokens: 503,
  cache_creation: { ephemeral_5m_input_tokens: 148, ephemeral_1h_input_tokens: 100 },
};
