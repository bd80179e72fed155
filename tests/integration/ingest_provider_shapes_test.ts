/**
 * End to end through the HTTP function: each provider's usage shape (the providers' documented examples)
 * is stored with the exact canonical token columns, and priced by the database with this test's own
 * custom price rows (models twtest-h4-shape-*), every cost worked out by hand below. Also: tokens counted
 * with the real tokenizer in both encodings when only text is sent, the characters / 4 estimate, the
 * system prompt becoming a prompt version, and recordUsage sending a whole provider response through
 * supabase-js.
 */
import assert from "node:assert/strict";
import { recordUsage } from "../../shared/client/record_usage.ts";
import { createClient, type Sql } from "../../shared/deps.ts";
import { connect, stackEnv } from "../helpers/test_env.ts";
import { COOKBOOK_MESSAGES } from "../fixtures/usage/tokenizer_references.ts";
import {
  ANTHROPIC_1H_CACHE_USAGE,
  OPENAI_RESPONSES_REASONING_USAGE,
} from "../fixtures/usage/documented_examples.ts";
import { TOKEN_FIELDS } from "../../shared/usage/canonical_event.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const SOURCE = `twtest-h4-shapes-${RUN}`;
const M = (name: string) => `twtest-h4-shape-${name}-${RUN}`;

async function ingest(events: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}`, "content-type": "application/json" },
    body: JSON.stringify(events),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

const COLUMNS = ["provider", "model", ...TOKEN_FIELDS, "token_source", "cost"] as const;

async function row(sql: Sql, requestId: string): Promise<Record<string, unknown>> {
  const [found] = await sql`
    select provider, model, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
           output_tokens, reasoning_tokens, token_source, cost_usd::text as cost, conversation_id,
           system_prompt_tokens, system_prompt_hash
    from monitoring.usage_events where source = ${SOURCE} and request_id = ${requestId}`;
  assert.ok(found, `event ${requestId} stored`);
  return found;
}

const pick = (r: Record<string, unknown>) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]]));

async function withPrices(fn: (sql: Sql) => Promise<void>): Promise<void> {
  const sql = connect();
  try {
    await sql`
      insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok,
        cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok, effective_from, custom, notes)
      values
        ('openai', ${M("chat")}, 2.50, 1.25, null, null, 10.00, '2020-01-01', true, 'twtest-h4'),
        ('openai', ${M("responses")}, 2.00, null, null, null, 8.00, '2020-01-01', true, 'twtest-h4'),
        ('anthropic', ${M("anthropic")}, 3.00, 0.30, 3.75, 6.00, 15.00, '2020-01-01', true, 'twtest-h4'),
        ('google', ${M("gemini")}, 1.25, 0.3125, null, null, 10.00, '2020-01-01', true, 'twtest-h4'),
        ('otel-test', ${M("otel")}, 1.00, 0.10, 1.25, null, 4.00, '2020-01-01', true, 'twtest-h4')`;
    await fn(sql);
  } finally {
    await sql`delete from monitoring.model_prices where model_pattern like ${`twtest-h4-shape-%-${RUN}`}`;
    await sql.end();
  }
}

Deno.test("ingest end to end: each provider usage shape is stored exactly and priced by the database", async () => {
  await withPrices(async (sql) => {
    const answer = await ingest([
      // OpenAI Chat, prompt-caching guide: prompt_tokens 2006 INCLUDES the 1920 cached; 300 completion of
      // which 128 reasoning.
      {
        request_id: "openai-chat",
        source: SOURCE,
        provider: "openai",
        model: M("chat"),
        usage: {
          prompt_tokens: 2006,
          completion_tokens: 300,
          total_tokens: 2306,
          prompt_tokens_details: { cached_tokens: 1920 },
          completion_tokens_details: { reasoning_tokens: 128, accepted_prediction_tokens: 0 },
        },
      },
      // OpenAI Responses, reasoning guide: output_tokens 1186 INCLUDES 1024 reasoning.
      {
        request_id: "openai-responses",
        source: SOURCE,
        provider: "openai",
        model: M("responses"),
        usage: OPENAI_RESPONSES_REASONING_USAGE,
      },
      // Anthropic, 1-hour cache example: input_tokens 2048 EXCLUDES the 1800 read and 248 written
      // (148 five-minute + 100 one-hour).
      {
        request_id: "anthropic",
        source: SOURCE,
        provider: "anthropic",
        model: M("anthropic"),
        usage: ANTHROPIC_1H_CACHE_USAGE,
      },
      // Gemini usageMetadata: promptTokenCount 8000 includes 6000 cached; thoughts 1500 beside 500 candidates.
      {
        request_id: "gemini",
        source: SOURCE,
        provider: "google",
        model: M("gemini"),
        usage: {
          promptTokenCount: 8000,
          cachedContentTokenCount: 6000,
          candidatesTokenCount: 500,
          thoughtsTokenCount: 1500,
          totalTokenCount: 10000,
        },
      },
      // OpenTelemetry GenAI span attributes (registry examples); the model, provider and conversation come
      // from the attributes.
      {
        request_id: "otel",
        source: SOURCE,
        usage: {
          "gen_ai.operation.name": "chat",
          "gen_ai.provider.name": "otel-test",
          "gen_ai.request.model": M("otel"),
          "gen_ai.conversation.id": "conv_5j66UpCpwteGg4YSxUnt7lPY",
          "gen_ai.usage.input_tokens": 100,
          "gen_ai.usage.output_tokens": 180,
          "gen_ai.usage.cache_read.input_tokens": 50,
          "gen_ai.usage.cache_creation.input_tokens": 25,
          "gen_ai.usage.reasoning.output_tokens": 30,
        },
      },
      // The canonical fields themselves.
      {
        request_id: "canonical",
        source: SOURCE,
        provider: "openai",
        model: M("chat"),
        input_tokens: 1000,
        cache_read_tokens: 200,
        output_tokens: 50,
      },
    ]);
    assert.deepEqual(answer, { events: 6, inserted: 6, duplicates: 0 });

    // (2006 - 1920) * 2.50 = 215; 1920 * 1.25 = 2400; 300 * 10.00 = 3000 => 5615 / 1e6
    assert.deepEqual(pick(await row(sql, "openai-chat")), {
      provider: "openai",
      model: M("chat"),
      input_tokens: 2006,
      cache_read_tokens: 1920,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 300,
      reasoning_tokens: 128,
      token_source: "provider",
      cost: "0.005615000000",
    });
    // 75 * 2.00 = 150; 1186 * 8.00 = 9488 => 9638 / 1e6
    assert.deepEqual(pick(await row(sql, "openai-responses")), {
      provider: "openai",
      model: M("responses"),
      input_tokens: 75,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 1186,
      reasoning_tokens: 1024,
      token_source: "provider",
      cost: "0.009638000000",
    });
    // input 2048 + 1800 + 248 = 4096. 2048 * 3.00 = 6144; 1800 * 0.30 = 540; (248 - 100) * 3.75 = 555;
    // 100 * 6.00 = 600; 503 * 15.00 = 7545 => 15384 / 1e6
    assert.deepEqual(pick(await row(sql, "anthropic")), {
      provider: "anthropic",
      model: M("anthropic"),
      input_tokens: 4096,
      cache_read_tokens: 1800,
      cache_write_tokens: 248,
      cache_write_1h_tokens: 100,
      output_tokens: 503,
      reasoning_tokens: 0,
      token_source: "provider",
      cost: "0.015384000000",
    });
    // output 500 + 1500 = 2000. (8000 - 6000) * 1.25 = 2500; 6000 * 0.3125 = 1875; 2000 * 10.00 = 20000 => 24375 / 1e6
    assert.deepEqual(pick(await row(sql, "gemini")), {
      provider: "google",
      model: M("gemini"),
      input_tokens: 8000,
      cache_read_tokens: 6000,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 2000,
      reasoning_tokens: 1500,
      token_source: "provider",
      cost: "0.024375000000",
    });
    // (100 - 50 - 25) * 1.00 = 25; 50 * 0.10 = 5; 25 * 1.25 = 31.25; 180 * 4.00 = 720 => 781.25 / 1e6
    const otel = await row(sql, "otel");
    assert.deepEqual(pick(otel), {
      provider: "otel-test",
      model: M("otel"),
      input_tokens: 100,
      cache_read_tokens: 50,
      cache_write_tokens: 25,
      cache_write_1h_tokens: 0,
      output_tokens: 180,
      reasoning_tokens: 30,
      token_source: "provider",
      cost: "0.000781250000",
    });
    assert.equal(otel.conversation_id, "conv_5j66UpCpwteGg4YSxUnt7lPY");
    // (1000 - 200) * 2.50 = 2000; 200 * 1.25 = 250; 50 * 10.00 = 500 => 2750 / 1e6
    assert.deepEqual(pick(await row(sql, "canonical")), {
      provider: "openai",
      model: M("chat"),
      input_tokens: 1000,
      cache_read_tokens: 200,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 50,
      reasoning_tokens: 0,
      token_source: "provider",
      cost: "0.002750000000",
    });
  });
});

Deno.test("recordUsage sends a whole Anthropic Messages response through supabase-js and it is priced", async () => {
  await withPrices(async (sql) => {
    // The project's secret key (supabase-js sends it in apikey); the retry below uses the legacy key.
    const supabase = createClient(stackEnv.url, stackEnv.secretKey, { auth: { persistSession: false } });
    const legacy = createClient(stackEnv.url, stackEnv.serviceRoleKey, { auth: { persistSession: false } });
    // The Messages API reference's example response (usage as documented, with cache fields added).
    const response = {
      id: `msg_${RUN}`,
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text: "Hi! My name is Claude." }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: 2095,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 0,
        output_tokens: 503,
      },
    };
    const result = await recordUsage(supabase, response, {
      fields: { source: SOURCE, model: M("anthropic") },
    });
    assert.deepEqual({ ...result, attempts: undefined }, {
      request_id: `msg_${RUN}`,
      inserted: 1,
      duplicates: 0,
      attempts: undefined,
    });
    // input 2095 + 1000 = 3095. 2095 * 3.00 = 6285; 1000 * 0.30 = 300; 503 * 15.00 = 7545 => 14130 / 1e6
    assert.deepEqual(pick(await row(sql, `msg_${RUN}`)), {
      provider: "anthropic",
      model: M("anthropic"),
      input_tokens: 3095,
      cache_read_tokens: 1000,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: 503,
      reasoning_tokens: 0,
      token_source: "provider",
      cost: "0.014130000000",
    });
    const again = await recordUsage(legacy, response, {
      fields: { source: SOURCE, model: M("anthropic") },
    });
    assert.equal(
      again.duplicates,
      1,
      "recording the same response again (with the legacy key) is a duplicate",
    );
  });
});

// The OpenAI cookbook's num_tokens_from_messages example (COOKBOOK_MESSAGES): 124 prompt tokens for gpt-4o (o200k_base),
// 129 for gpt-4 (cl100k_base); "お誕生日おめでとう" is 8 tokens in o200k_base and 9 in cl100k_base.

Deno.test("ingest counts tokens of text with the model's encoding, and estimates from lengths as a last resort", async () => {
  const sql = connect();
  try {
    await ingest([
      {
        request_id: "text-gpt-4o",
        source: SOURCE,
        model: "gpt-4o",
        messages: COOKBOOK_MESSAGES,
        output_text: "お誕生日おめでとう",
      },
      {
        request_id: "text-gpt-4",
        source: SOURCE,
        model: "gpt-4",
        messages: COOKBOOK_MESSAGES,
        output_text: "お誕生日おめでとう",
      },
      { request_id: "chars", source: SOURCE, model: "gpt-4o", input_chars: 401, output_chars: 8 },
      { request_id: "mixed", source: SOURCE, model: "gpt-4o", input_tokens: 50, output_text: "hello world" },
    ]);
    const tokens = async (id: string) => {
      const r = await row(sql, id);
      return [r.input_tokens, r.output_tokens, r.token_source];
    };
    assert.deepEqual(await tokens("text-gpt-4o"), [124, 8, "tokenizer"]);
    assert.deepEqual(await tokens("text-gpt-4"), [129, 9, "tokenizer"]);
    assert.deepEqual(await tokens("chars"), [101, 2, "heuristic"], "ceil(401 / 4) = 101, 8 / 4 = 2");
    assert.deepEqual(await tokens("mixed"), [50, 2, "tokenizer"], "reported input kept, output counted");
  } finally {
    await sql.end();
  }
});

Deno.test("a system prompt sent as text becomes a prompt version; retries do not count, new requests do", async () => {
  const sql = connect();
  // A reference string: 6 tokens in o200k_base (OpenAI cookbook, compare_encodings).
  const prompt = "antidisestablishmentarianism";
  try {
    const event = (id: string, at: string) => ({
      request_id: id,
      source: SOURCE,
      model: "gpt-4o",
      occurred_at: at,
      system_prompt: prompt,
      input_tokens: 300,
      output_tokens: 20,
    });
    const hash = Array.from(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(prompt))),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    // This test owns that version: start from none (a fresh stack has none; a rerun on a kept one does).
    await sql`delete from monitoring.prompt_versions where system_prompt_hash = ${hash}`;
    await ingest([event("sp-1", "2026-11-20T10:00:00Z")]);
    assert.equal((await row(sql, "sp-1")).system_prompt_hash, hash);
    const version = async () => {
      const [v] = await sql`select tokens, first_seen::text, last_seen::text, requests::int, prompt_text
                            from monitoring.prompt_versions where system_prompt_hash = ${hash}`;
      return v;
    };
    const first = await version();
    assert.equal(first.requests, 1);
    assert.equal(first.prompt_text, null, "the text is not stored by default");
    assert.equal(first.tokens, 6);
    assert.equal((await row(sql, "sp-1")).system_prompt_tokens, 6);

    await ingest([event("sp-1", "2026-11-20T10:00:00Z")]);
    assert.equal((await version()).requests, 1, "a retry is a duplicate and does not count");

    await ingest([event("sp-2", "2026-11-20T11:30:00Z")]);
    const later = await version();
    assert.equal(later.requests, 2);
    assert.equal(later.first_seen, "2026-11-20 10:00:00+00");
    assert.equal(later.last_seen, "2026-11-20 11:30:00+00");
  } finally {
    await sql.end();
  }
});
