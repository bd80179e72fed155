/**
 * Loads the demo traffic (local/demo/plan.ts) into monitoring.usage_events with one
 * set-based INSERT … SELECT: Postgres expands each day into its requests, drawing every
 * "random" choice from md5 of the request's day and number, so the same plan always gives the
 * same events. Costs are set by the engine's insert trigger like any other event. Idempotent:
 * request ids are `demo-<day>-<n>` with source `demo`, so loading twice adds nothing.
 */
import type { Sql } from "../../shared/deps/postgres.ts";
import type { DemoPlan } from "./plan.ts";

/** What a load did. */
export interface DemoLoadResult {
  inserted: number;
  from: string;
  to: string;
}

/** Whether the database holds any usage event at all. */
export async function hasUsage(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ any: boolean }[]>`select exists (select 1 from monitoring.usage_events) as any`;
  return row.any;
}

const EXPAND = `
with plan as (
  select $1::text::jsonb as p
), days as (
  select d.value as day, (d.value ->> 'start')::timestamptz as day_start, (d.value ->> 'end')::timestamptz as day_end
  from plan, jsonb_array_elements(plan.p -> 'days') d
), models as (
  select m.value ->> 'provider' as provider, m.value ->> 'model' as model, (m.value ->> 'latency_ms')::numeric as latency_ms,
         sum((m.value ->> 'weight')::numeric) over (order by m.ordinality) / sum((m.value ->> 'weight')::numeric) over () as cum
  from plan, jsonb_array_elements(plan.p -> 'models') with ordinality m
), apps as (
  select a.value ->> 'name' as app,
         sum((a.value ->> 'weight')::numeric) over (order by a.ordinality) / sum((a.value ->> 'weight')::numeric) over () as cum
  from plan, jsonb_array_elements(plan.p -> 'apps') with ordinality a
), draws as (
  select days.day, days.day_start, days.day_end, g.i,
         md5(days.day ->> 'day' || '/' || g.i || '/a') as ha,
         md5(days.day ->> 'day' || '/' || g.i || '/b') as hb,
         md5(days.day ->> 'day' || '/' || g.i || '/c') as hc,
         md5(days.day ->> 'day' || '/' || g.i || '/d') as hd
  from days
  cross join lateral generate_series(1, (days.day ->> 'requests')::int) g(i)
), u as (
  select d.*,
         ('x' || substr(d.ha, 1, 8))::bit(32)::bigint / 4294967296.0 as u1,
         ('x' || substr(d.ha, 9, 8))::bit(32)::bigint / 4294967296.0 as u2,
         ('x' || substr(d.ha, 17, 8))::bit(32)::bigint / 4294967296.0 as u3,
         ('x' || substr(d.ha, 25, 8))::bit(32)::bigint / 4294967296.0 as u4,
         ('x' || substr(d.hb, 1, 8))::bit(32)::bigint / 4294967296.0 as u5,
         ('x' || substr(d.hb, 9, 8))::bit(32)::bigint / 4294967296.0 as u6,
         ('x' || substr(d.hb, 17, 8))::bit(32)::bigint / 4294967296.0 as u7,
         ('x' || substr(d.hb, 25, 8))::bit(32)::bigint / 4294967296.0 as u8,
         ('x' || substr(d.hc, 1, 8))::bit(32)::bigint / 4294967296.0 as u9,
         ('x' || substr(d.hc, 9, 8))::bit(32)::bigint / 4294967296.0 as u10,
         ('x' || substr(d.hc, 17, 8))::bit(32)::bigint / 4294967296.0 as u11,
         ('x' || substr(d.hc, 25, 8))::bit(32)::bigint / 4294967296.0 as u12,
         ('x' || substr(d.hd, 1, 8))::bit(32)::bigint / 4294967296.0 as u13,
         ('x' || substr(d.hd, 9, 8))::bit(32)::bigint / 4294967296.0 as u14,
         ('x' || substr(d.hd, 17, 8))::bit(32)::bigint / 4294967296.0 as u15,
         ('x' || substr(d.hd, 25, 8))::bit(32)::bigint / 4294967296.0 as u16
  from draws d
), shaped as (
  select u.*,
         m.provider, m.model, m.latency_ms, a.app,
         u.u4 < (select (plan.p ->> 'traditional_share')::numeric from plan) as traditional,
         case when u.u6 < 0.45 then 0 when u.u6 < 0.80 then 1 when u.u6 < 0.95 then 2 else 3 end as calls,
         (select plan.p -> 'tools' ->> (floor(u.u7 * jsonb_array_length(plan.p -> 'tools')))::int from plan) as tool,
         u.u10 < (u.day ->> 'error_rate')::numeric as failed,
         -- business hours (08-20 UTC) get 70% of the day's traffic; the rest is spread over the day
         case when u.u1 < 0.7 then u.day_start + interval '8 hours' + interval '12 hours' * u.u2
              else u.day_start + interval '1 day' * u.u2 end as occurred_at
  from u
  cross join lateral (select * from models where models.cum >= u.u3 order by models.cum limit 1) m
  cross join lateral (select * from apps where apps.cum >= u.u16 order by apps.cum limit 1) a
), ev as (
  select s.*,
         case when s.traditional then (select (plan.p ->> 'traditional_system_prompt_tokens')::int from plan)
              else (s.day ->> 'mcp_system_prompt_tokens')::int end as sys,
         25 + floor(s.u5 * 100)::int as user_tokens,
         case when s.failed then 0 else 25 + floor(s.u9 * 110)::int end as out_tokens,
         case when s.calls = 0 then 0
              when s.u8 < s.calls * (case when s.tool = s.day ->> 'failing_tool' then (s.day ->> 'failing_tool_rate')::numeric
                                          else (s.day ->> 'tool_failure_rate')::numeric end) then 1
              else 0 end as tool_failures
  from shaped s
)
insert into monitoring.usage_events (
  request_id, source, occurred_at, provider, model,
  input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, system_prompt_tokens,
  tool_calls, tool_failures, tools, status, error_type, latency_ms,
  conversation_id, user_id, app, environment, prompt_variant, token_source, metadata, system_prompt_hash)
select 'demo-' || (e.day ->> 'day') || '-' || e.i,
       (select plan.p ->> 'source' from plan),
       e.occurred_at,
       e.provider, e.model,
       e.sys + e.user_tokens + e.calls * 40,
       case when e.traditional and e.provider in ('openai', 'anthropic') and e.u12 < 0.6 then 5120 else 0 end,
       case when e.traditional and e.provider = 'anthropic' and e.u12 >= 0.6 and e.u12 < 0.7 then 5200 else 0 end,
       e.out_tokens,
       case when e.model like 'gemini-2.5%' then floor(e.out_tokens * 0.3)::int else 0 end,
       e.sys,
       e.calls, e.tool_failures,
       case when e.calls > 0 then jsonb_build_array(jsonb_build_object('name', e.tool, 'calls', e.calls, 'failures', e.tool_failures)) end,
       case when e.failed then 'error' else 'ok' end,
       case when not e.failed then null when e.u11 < 0.5 then 'rate_limit' when e.u11 < 0.8 then 'timeout' else 'server_error' end,
       case when e.failed and e.u11 >= 0.5 and e.u11 < 0.8 then 30000
            else round(e.latency_ms * (0.6 + e.u13 * 0.9) + e.out_tokens * 6 + e.calls * 250)::int end,
       'demo-' || (e.day ->> 'day') || '-c' || (e.i / 5),
       'user-' || (1 + floor(e.u15 * 180)::int),
       e.app,
       (select plan.p ->> 'environment' from plan),
       case when e.traditional then 'traditional' else 'mcp' end,
       case when e.provider = 'self-hosted' then 'tokenizer' when e.u14 < 0.01 then 'heuristic' else 'provider' end,
       jsonb_build_object('demo', true),
       encode(sha256(convert_to(case when e.traditional then 'demo traditional prompt'
                                     else 'demo mcp prompt ' || (e.day ->> 'mcp_prompt_version') end, 'UTF8')), 'hex')
from ev e
where e.occurred_at < e.day_end
on conflict do nothing
`;

/** Inserts the plan's events (skipping any already there); returns how many were added. */
export async function loadDemoTraffic(sql: Sql, plan: DemoPlan): Promise<DemoLoadResult> {
  const result = await sql.unsafe(EXPAND, [JSON.stringify(plan)]);
  return { inserted: result.count, from: plan.days[0]?.start ?? "", to: plan.days.at(-1)?.end ?? "" };
}
