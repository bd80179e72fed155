-- The usage engine's functions (migrations 20261124001*: prices, events, rollups, reprice,
-- window functions) pin search_path = '' so that no caller's search_path can change what they
-- resolve: Supabase's Security Advisor (lint 0011 function_search_path_mutable) flagged every
-- one of them. Their bodies already name everything schema-qualified (monitoring.*; the
-- built-ins live in pg_catalog, which is always searched), so this is ALTER only, no new body.
--
-- Two stay unpinned, because pinning them costs speed: a function with a SET clause is never
-- inlined into its caller's query, and a SQL function that is not inlined has its query planned
-- without the caller's values.
--   * monitoring.price_for, inlined into event_cost, which the pricing trigger runs for every
--     stored event;
--   * monitoring.usage_window_rows, inlined into usage_summary, health_metrics,
--     tool_usage_window, baseline_comparison, weekly_report_data and dashboard_data.
-- Measured with bench/search_path.ts (variants interleaved in one run, 200,000 events of
-- history, batches of 10,000, medians): every engine function pinned, storing events took
-- 1.65x as long (3,196 vs 1,939 ms per 10,000), usage_summary 1.74x (97.7 vs 56.2 ms) and
-- health_metrics 4.1x (75.2 vs 18.4 ms); pinned as here, 0.88x, 0.81x and 0.70x: no cost.
-- Leaving one more of the inlined or per-row functions unpinned changed nothing beyond the
-- machine's noise (0.78x to 1.17x). An earlier run of the same script attributes the cost:
-- with only price_for unpinned, storing events 0.92x; with only usage_window_rows unpinned,
-- usage_summary 0.63x and health_metrics 0.57x.
-- Both are plain SQL with schema-qualified names, never security definer, and EXECUTE is
-- granted to service_role only; tests/lint/security_advisor_test.ts accepts the Advisor's
-- warning for exactly these, with this reason.
--
-- Kept apart from the other functions' pins (20261201040100) because `npm run bench` applies
-- the engine's migrations alone and must measure the engine as installed.
--
-- The two aggregates, monitoring.hist_build and monitoring.hist_sum, cannot pin anything:
-- CREATE AGGREGATE has no SET clause. Their support functions (hist_put, hist_accum,
-- hist_combine) are pinned below; the Advisor still lists the aggregates themselves
-- (supabase/splinter issue 139).

-- Prices and events
-- monitoring.price_for(text, timestamptz): not pinned (inlined; see above).
alter function monitoring.event_cost(text, timestamptz, bigint, bigint, bigint, bigint, bigint) set search_path = '';
alter function monitoring.tools_are_valid(jsonb) set search_path = '';
alter function monitoring.usage_events_set_cost() set search_path = '';

-- Rollups and latency histograms
alter function monitoring.latency_bucket_bounds() set search_path = '';
alter function monitoring.latency_bucket(integer) set search_path = '';
alter function monitoring.hist_from_sparse(integer[], bigint[]) set search_path = '';
alter function monitoring.hist_put(integer[], integer, bigint) set search_path = '';
alter function monitoring.hist_add(integer[], integer[]) set search_path = '';
alter function monitoring.hist_combine(bigint[], bigint[]) set search_path = '';
alter function monitoring.hist_accum(bigint[], integer[]) set search_path = '';
alter function monitoring.hist_percentile(bigint[], float8) set search_path = '';
alter function monitoring.usage_events_enqueue() set search_path = '';
alter function monitoring.usage_rollup_lock_key() set search_path = '';
alter function monitoring.drain_usage_rollup_queue() set search_path = '';
alter function monitoring.refresh_usage_rollups() set search_path = '';

-- Reprice
alter function monitoring.reprice(timestamptz, timestamptz, boolean) set search_path = '';

-- Window functions
alter function monitoring.hour_floor(timestamptz) set search_path = '';
alter function monitoring.hour_ceil(timestamptz) set search_path = '';
-- monitoring.usage_window_rows(timestamptz, timestamptz, text, text, text, text): not pinned (inlined; see above).
alter function monitoring.usage_summary(timestamptz, timestamptz, text, text, text, text) set search_path = '';
alter function monitoring.health_metrics(timestamptz, timestamptz, text, text, text, text) set search_path = '';
