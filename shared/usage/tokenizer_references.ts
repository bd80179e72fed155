/**
 * Published tokenizer references, shared by the tests that count tokens (the token counter, batch
 * validation and ingest end to end). The counts each test expects stay written out in that test.
 */
import type { ChatMessage } from "./token_counter.ts";

/**
 * Reference strings with their counts, each published for BOTH encodings: `[text, o200k_base, cl100k_base]`.
 * - "hello world": tiktoken's tests/test_encoding.py::test_simple, cl100k_base == [15339, 1917] (2 tokens);
 *   2 in o200k_base as well.
 * - the rest: OpenAI cookbook, "How to count tokens with tiktoken", sections 3 and 5 (compare_encodings)
 *   https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken
 */
export const REFERENCE_STRINGS: readonly (readonly [text: string, o200k: number, cl100k: number])[] = [
  ["hello world", 2, 2],
  ["tiktoken is great!", 6, 6],
  ["antidisestablishmentarianism", 6, 6],
  ["2 + 2 = 4", 7, 7],
  ["お誕生日おめでとう", 8, 9],
];

/**
 * The cookbook's example_messages for num_tokens_from_messages (section 6), whose counts it checked
 * against the API: 129 prompt tokens for gpt-3.5-turbo / gpt-4-0613 / gpt-4 (cl100k_base), 124 for
 * gpt-4o / gpt-4o-mini (o200k_base).
 */
export const COOKBOOK_MESSAGES: ChatMessage[] = [
  {
    role: "system",
    content:
      "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
  },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  {
    role: "system",
    name: "example_assistant",
    content: "Things working well together will increase revenue.",
  },
  {
    role: "system",
    name: "example_user",
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: "user",
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];
