-- monitoring.provider_usage_tokens: a provider's usage object -> the six canonical token counts,
-- in SQL, for the chat importer (the ingest function maps usage in TypeScript,
-- shared/usage/provider_usage.ts; the two agree on every shape, tests/integration/
-- importer_usage_mapping_test.ts checks it on the providers' documented examples).
--
-- Shapes, told by their keys exactly as provider_usage.ts tells them:
--   OpenTelemetry GenAI (any gen_ai.* key) · Gemini (promptTokenCount / candidatesTokenCount) ·
--   OpenAI Chat (prompt_tokens / completion_tokens) · Anthropic or OpenAI Responses
--   (input_tokens / output_tokens; Anthropic when it has cache_creation_input_tokens,
--   cache_read_input_tokens or cache_creation, Responses when it has input_tokens_details or
--   total_tokens, else by p_provider).
-- Anthropic's input_tokens EXCLUDES the cache parts: they are added.
--
-- Returns NULL whenever the object is not something this function is sure about (unknown
-- shape, a value that is not a count, a part larger than its whole, aliases that disagree),
-- so that the caller can hand the event to the TypeScript path, which names the problem.

create function monitoring.usage_count(p_value jsonb)
returns bigint
language sql immutable parallel safe
as $$
  select case
    when p_value is null or jsonb_typeof(p_value) = 'null' then 0
    when jsonb_typeof(p_value) <> 'number' then -1
    when (p_value #>> '{}')::numeric <> trunc((p_value #>> '{}')::numeric) then -1
    when (p_value #>> '{}')::numeric < 0 or (p_value #>> '{}')::numeric > 100000000 then -1
    else (p_value #>> '{}')::numeric::bigint
  end
$$;

comment on function monitoring.usage_count(jsonb) is
  'A JSON token count: 0 when absent or null, the value when it is an integer between 0 and 100,000,000, else -1 (invalid).';

create function monitoring.provider_usage_tokens(p_usage jsonb, p_provider text default null)
returns jsonb
language plpgsql immutable parallel safe
as $$
declare
  u jsonb := p_usage;
  v_shape text;
  v_in bigint;
  v_cr bigint := 0;
  v_cw bigint := 0;
  v_cw1h bigint := 0;
  v_out bigint;
  v_r bigint := 0;
  v_5m bigint;
  v_anthropic boolean;
  v_responses boolean;
  v_key text;
  v_value bigint;
  v_found bigint;
begin
  if u is null or jsonb_typeof(u) <> 'object' then
    return null;
  end if;

  -- Nested detail objects must be objects when present.
  foreach v_key in array array['prompt_tokens_details', 'completion_tokens_details', 'input_tokens_details',
                               'output_tokens_details', 'cache_creation'] loop
    if jsonb_typeof(u -> v_key) not in ('object', 'null') then
      return null;
    end if;
  end loop;

  if exists (select 1 from jsonb_object_keys(u) k where k like 'gen_ai.%') then
    v_shape := 'otel';
  elsif coalesce(jsonb_typeof(u -> 'promptTokenCount'), 'null') <> 'null'
     or coalesce(jsonb_typeof(u -> 'candidatesTokenCount'), 'null') <> 'null' then
    v_shape := 'gemini';
  elsif coalesce(jsonb_typeof(u -> 'prompt_tokens'), 'null') <> 'null'
     or coalesce(jsonb_typeof(u -> 'completion_tokens'), 'null') <> 'null' then
    v_shape := 'openai_chat';
  elsif coalesce(jsonb_typeof(u -> 'input_tokens'), 'null') <> 'null'
     or coalesce(jsonb_typeof(u -> 'output_tokens'), 'null') <> 'null' then
    v_anthropic := coalesce(jsonb_typeof(u -> 'cache_creation_input_tokens'), 'null') <> 'null'
                or coalesce(jsonb_typeof(u -> 'cache_read_input_tokens'), 'null') <> 'null'
                or coalesce(jsonb_typeof(u -> 'cache_creation'), 'null') <> 'null';
    v_responses := coalesce(jsonb_typeof(u -> 'input_tokens_details'), 'null') <> 'null'
                or coalesce(jsonb_typeof(u -> 'total_tokens'), 'null') <> 'null';
    if v_anthropic and v_responses then
      return null;
    end if;
    v_shape := case
      when v_anthropic then 'anthropic'
      when v_responses then 'openai_responses'
      when lower(coalesce(p_provider, '')) like '%anthropic%' then 'anthropic'
      else 'openai_responses'
    end;
  else
    return null;
  end if;

  if v_shape = 'openai_chat' then
    if coalesce(jsonb_typeof(u -> 'prompt_tokens'), 'null') = 'null' then return null; end if;
    v_in := monitoring.usage_count(u -> 'prompt_tokens');
    v_cr := monitoring.usage_count(u #> '{prompt_tokens_details,cached_tokens}');
    v_cw := monitoring.usage_count(u #> '{prompt_tokens_details,cache_write_tokens}');
    v_out := monitoring.usage_count(u -> 'completion_tokens');
    v_r := monitoring.usage_count(u #> '{completion_tokens_details,reasoning_tokens}');
  elsif v_shape = 'openai_responses' then
    if coalesce(jsonb_typeof(u -> 'input_tokens'), 'null') = 'null'
       or coalesce(jsonb_typeof(u -> 'output_tokens'), 'null') = 'null' then
      return null;
    end if;
    v_in := monitoring.usage_count(u -> 'input_tokens');
    v_cr := monitoring.usage_count(u #> '{input_tokens_details,cached_tokens}');
    v_cw := monitoring.usage_count(u #> '{input_tokens_details,cache_write_tokens}');
    v_out := monitoring.usage_count(u -> 'output_tokens');
    v_r := monitoring.usage_count(u #> '{output_tokens_details,reasoning_tokens}');
  elsif v_shape = 'anthropic' then
    if coalesce(jsonb_typeof(u -> 'input_tokens'), 'null') = 'null'
       or coalesce(jsonb_typeof(u -> 'output_tokens'), 'null') = 'null' then
      return null;
    end if;
    v_in := monitoring.usage_count(u -> 'input_tokens');
    v_cr := monitoring.usage_count(u -> 'cache_read_input_tokens');
    v_5m := monitoring.usage_count(u #> '{cache_creation,ephemeral_5m_input_tokens}');
    v_cw1h := monitoring.usage_count(u #> '{cache_creation,ephemeral_1h_input_tokens}');
    if least(v_in, v_cr, v_5m, v_cw1h) < 0 then return null; end if;
    v_cw := case when coalesce(jsonb_typeof(u -> 'cache_creation_input_tokens'), 'null') <> 'null'
                 then monitoring.usage_count(u -> 'cache_creation_input_tokens')
                 else v_5m + v_cw1h end;
    if v_cw < 0 then return null; end if;
    v_in := v_in + v_cr + v_cw;
    v_out := monitoring.usage_count(u -> 'output_tokens');
    v_r := monitoring.usage_count(u #> '{output_tokens_details,thinking_tokens}');
  elsif v_shape = 'gemini' then
    if coalesce(jsonb_typeof(u -> 'promptTokenCount'), 'null') = 'null' then return null; end if;
    v_in := monitoring.usage_count(u -> 'promptTokenCount');
    v_value := monitoring.usage_count(u -> 'toolUsePromptTokenCount');
    v_cr := monitoring.usage_count(u -> 'cachedContentTokenCount');
    v_r := monitoring.usage_count(u -> 'thoughtsTokenCount');
    v_out := monitoring.usage_count(u -> 'candidatesTokenCount');
    if least(v_in, v_value, v_out, v_r) < 0 then return null; end if;
    v_in := v_in + v_value;
    v_out := v_out + v_r;
  else -- otel: the first present alias of each field; aliases that disagree are a problem
    foreach v_key in array array['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens',
                                 'reasoning_tokens']
    loop
      v_found := null;
      for v_value in
        select monitoring.usage_count(u -> a.name)
        from unnest(case v_key
          when 'input_tokens' then array['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens']
          when 'cache_read_tokens' then array['gen_ai.usage.cache_read.input_tokens',
                                              'gen_ai.usage.cache_read_input_tokens']
          when 'cache_write_tokens' then array['gen_ai.usage.cache_creation.input_tokens',
                                               'gen_ai.usage.cache_write.input_tokens',
                                               'gen_ai.usage.cache_creation_input_tokens']
          when 'output_tokens' then array['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens']
          else array['gen_ai.usage.reasoning.output_tokens']
        end) a(name)
        where coalesce(jsonb_typeof(u -> a.name), 'null') <> 'null'
      loop
        if v_value < 0 or (v_found is not null and v_found <> v_value) then
          return null;
        end if;
        v_found := v_value;
      end loop;
      if v_found is null and v_key in ('input_tokens', 'output_tokens') then
        return null;
      end if;
      case v_key
        when 'input_tokens' then v_in := v_found;
        when 'cache_read_tokens' then v_cr := coalesce(v_found, 0);
        when 'cache_write_tokens' then v_cw := coalesce(v_found, 0);
        when 'output_tokens' then v_out := v_found;
        else v_r := coalesce(v_found, 0);
      end case;
    end loop;
  end if;

  if least(v_in, v_cr, v_cw, v_cw1h, v_out, v_r) < 0
     or greatest(v_in, v_out) > 100000000
     or v_cr + v_cw > v_in
     or v_cw1h > v_cw
     or v_r > v_out then
    return null;
  end if;

  return jsonb_build_object(
    'input_tokens', v_in,
    'cache_read_tokens', v_cr,
    'cache_write_tokens', v_cw,
    'cache_write_1h_tokens', v_cw1h,
    'output_tokens', v_out,
    'reasoning_tokens', v_r);
end
$$;

comment on function monitoring.provider_usage_tokens(jsonb, text) is
  'Maps a provider usage object (OpenAI Chat / Responses, Anthropic, Gemini, OpenTelemetry GenAI) to {input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens}, as shared/usage/provider_usage.ts does; NULL when unsure (the caller then uses the TypeScript path).';

create function monitoring.infer_provider(p_model text)
returns text
language sql immutable parallel safe
as $$
  select case
    when n ~ '^(gpt-|chatgpt-|o[1-9]($|-)|text-embedding-|omni-moderation|davinci|babbage)' then 'openai'
    when n ~ '^(anthropic\.)?claude' then 'anthropic'
    when n ~ '^gemini' then 'google'
  end
  from (select regexp_replace(regexp_replace(lower(btrim(p_model)), '^ft:', ''), '^.*/', '') as n) m
$$;

comment on function monitoring.infer_provider(text) is
  'The provider of a model family (gpt-*, o-series, chatgpt-* -> openai; claude* -> anthropic; gemini* -> google), as shared/usage/provider_usage.ts inferProvider does; NULL when unknown.';

revoke all on function monitoring.usage_count(jsonb), monitoring.provider_usage_tokens(jsonb, text),
  monitoring.infer_provider(text) from public, anon, authenticated;
grant execute on function monitoring.usage_count(jsonb), monitoring.provider_usage_tokens(jsonb, text),
  monitoring.infer_provider(text) to service_role;
