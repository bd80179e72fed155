-- monitoring.provider_usage_tokens (the importer's SQL mapping) maps each provider shape the
-- way shared/usage/provider_usage.ts does, on the providers' documented examples, and
-- answers NULL (hand it to the TypeScript path) whenever it is unsure.
begin;
select plan(12);

create function pg_temp.t(i bigint, cr bigint, cw bigint, cw1h bigint, o bigint, r bigint) returns jsonb
language sql as $$
  select jsonb_build_object('input_tokens', i, 'cache_read_tokens', cr, 'cache_write_tokens', cw,
    'cache_write_1h_tokens', cw1h, 'output_tokens', o, 'reasoning_tokens', r) $$;

-- OpenAI prompt-caching guide: prompt_tokens 2006 already includes 1920 cached.
select is(monitoring.provider_usage_tokens('{"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
  "prompt_tokens_details": {"cached_tokens": 1920}, "completion_tokens_details": {"reasoning_tokens": 0}}'),
  pg_temp.t(2006, 1920, 0, 0, 300, 0), 'OpenAI Chat: cached tokens stay inside input');

-- OpenAI reasoning guide: output 1186 includes 1024 reasoning.
select is(monitoring.provider_usage_tokens('{"input_tokens": 75, "input_tokens_details": {"cached_tokens": 0},
  "output_tokens": 1186, "output_tokens_details": {"reasoning_tokens": 1024}, "total_tokens": 1261}'),
  pg_temp.t(75, 0, 0, 0, 1186, 1024), 'OpenAI Responses: reasoning stays inside output');

-- Anthropic 1-hour cache example: 2048 + 1800 + 248 = 4096 input; 248 = 148 (5m) + 100 (1h).
select is(monitoring.provider_usage_tokens('{"input_tokens": 2048, "cache_read_input_tokens": 1800,
  "cache_creation_input_tokens": 248, "output_tokens": 503,
  "cache_creation": {"ephemeral_5m_input_tokens": 148, "ephemeral_1h_input_tokens": 100}}'),
  pg_temp.t(4096, 1800, 248, 100, 503, 0), 'Anthropic: cache reads and writes are added to input');

select is(monitoring.provider_usage_tokens('{"input_tokens": 2095, "output_tokens": 503}', 'anthropic'),
  pg_temp.t(2095, 0, 0, 0, 503, 0), 'Anthropic: the Messages reference example without cache fields');

-- Gemini: input = prompt 8000 (incl. 6000 cached) + tool-use prompt 100; output = 500 candidates + 1500 thoughts.
select is(monitoring.provider_usage_tokens('{"promptTokenCount": 8000, "cachedContentTokenCount": 6000,
  "toolUsePromptTokenCount": 100, "candidatesTokenCount": 500, "thoughtsTokenCount": 1500, "totalTokenCount": 10100}'),
  pg_temp.t(8100, 6000, 0, 0, 2000, 1500), 'Gemini: tool-use prompt in input, thoughts in output');

-- OpenTelemetry registry examples: input 100 (cache read 50, cache creation 25 included), output 180.
select is(monitoring.provider_usage_tokens('{"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
  "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 180, "gen_ai.usage.cache_read.input_tokens": 50,
  "gen_ai.usage.cache_creation.input_tokens": 25, "gen_ai.usage.reasoning.output_tokens": 30}'),
  pg_temp.t(100, 50, 25, 0, 180, 30), 'OpenTelemetry GenAI attributes');

select is(monitoring.provider_usage_tokens('{"gen_ai.usage.prompt_tokens": 40, "gen_ai.usage.completion_tokens": 9}'),
  pg_temp.t(40, 0, 0, 0, 9, 0), 'OpenTelemetry: the older prompt/completion attribute names');

select is(monitoring.provider_usage_tokens('{"prompt_tokens": 10, "completion_tokens": 5,
  "prompt_tokens_details": {"cached_tokens": 11}}'), null, 'unsure: cached more than input');
select is(monitoring.provider_usage_tokens('{"prompt_tokens": "10", "completion_tokens": 5}'), null,
  'unsure: a count that is a string');
select is(monitoring.provider_usage_tokens('{"input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": 1,
  "total_tokens": 16}'), null, 'unsure: Anthropic and Responses fields mixed');
select is(monitoring.provider_usage_tokens('{"gen_ai.usage.input_tokens": 10, "gen_ai.usage.prompt_tokens": 11,
  "gen_ai.usage.output_tokens": 1}'), null, 'unsure: OpenTelemetry aliases that disagree');
select is(monitoring.provider_usage_tokens('{"tokens": 12}'), null, 'unsure: an unknown shape');

select * from finish();
rollback;
