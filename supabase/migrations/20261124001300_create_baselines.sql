-- Named token baselines that savings and health are measured against. Users edit them
-- (update monitoring.baselines ...); the seed below never overwrites an edited row.

create table monitoring.baselines (
  name text primary key,
  system_prompt_tokens integer not null,
  tolerance integer,
  tokens_per_request integer not null,
  description text,
  constraint baselines_name_not_blank check (btrim(name) <> ''),
  constraint baselines_non_negative check (
    system_prompt_tokens >= 0 and tokens_per_request >= 0 and (tolerance is null or tolerance >= 0))
);

comment on table monitoring.baselines is
  'Named token baselines (mcp, traditional, ...): expected system-prompt tokens with a tolerance band and expected tokens per request. Editable.';
comment on column monitoring.baselines.name is 'Baseline name; matches usage_events.prompt_variant when the variant follows this design.';
comment on column monitoring.baselines.system_prompt_tokens is 'Expected system-prompt tokens per request.';
comment on column monitoring.baselines.tolerance is 'Healthy band half-width around system_prompt_tokens (tokens); NULL = no band.';
comment on column monitoring.baselines.tokens_per_request is 'Expected input + output tokens per request.';
comment on column monitoring.baselines.description is 'What the baseline stands for.';

insert into monitoring.baselines (name, system_prompt_tokens, tolerance, tokens_per_request, description) values
  ('mcp', 198, 20, 400,
   'MCP progressive disclosure: a lean ~198-token system prompt, tools described on demand; healthy band 198 ± 20.'),
  ('traditional', 5200, null, 5400,
   'Traditional design: every tool and instruction in a ~5,200-token system prompt, ~5,400 tokens per request.')
on conflict (name) do nothing;

alter table monitoring.baselines enable row level security;
create policy baselines_service_role on monitoring.baselines
  for all to service_role using (true) with check (true);

revoke all on table monitoring.baselines from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.baselines to service_role;
