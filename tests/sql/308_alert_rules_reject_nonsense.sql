-- alert_rules refuses rules check-alerts could not judge: unknown metrics, comparisons and
-- windows, missing or disordered thresholds, bands without a baseline, rolling rules without
-- history days or on windows that are not whole hours.
begin;
select plan(9);

create function pg_temp.rule(p_sql text) returns void language plpgsql as $$
begin
  execute format('insert into monitoring.alert_rules (name, metric, comparison, warning_threshold, critical_threshold, baseline, time_window, history_days) values %s', p_sql);
end
$$;

select lives_ok($$select pg_temp.rule($s$('tap-308-ok', 'error_rate', 'above', 0.05, 0.1, null, 'last_hour', null)$s$)$$, 'a sound rule');
select throws_ok($$select pg_temp.rule($s$('tap-308-a', 'happiness', 'above', 1, null, null, 'last_hour', null)$s$)$$, '23514', null, 'unknown metric');
select throws_ok($$select pg_temp.rule($s$('tap-308-b', 'error_rate', 'roughly', 1, null, null, 'last_hour', null)$s$)$$, '23514', null, 'unknown comparison');
select throws_ok($$select pg_temp.rule($s$('tap-308-c', 'error_rate', 'above', 1, null, null, 'last_fortnight', null)$s$)$$, '23514', null, 'unknown window');
select throws_ok($$select pg_temp.rule($s$('tap-308-d', 'error_rate', 'above', null, null, null, 'last_hour', null)$s$)$$, '23514', null, 'no threshold');
select throws_ok($$select pg_temp.rule($s$('tap-308-e', 'error_rate', 'above', 0.2, 0.1, null, 'last_hour', null)$s$)$$, '23514', null, 'WARNING above CRITICAL');
select throws_ok($$select pg_temp.rule($s$('tap-308-f', 'avg_system_prompt_tokens', 'outside_band', null, null, null, 'last_hour', null)$s$)$$, '23514', null, 'a band without a baseline');
select throws_ok($$select pg_temp.rule($s$('tap-308-g', 'cost_usd', 'above_rolling_baseline', 3, null, null, 'last_hour', null)$s$)$$, '23514', null, 'a rolling rule without history days');
select throws_ok($$select pg_temp.rule($s$('tap-308-h', 'cost_usd', 'above_rolling_baseline', 3, null, null, 'today', 7)$s$)$$, '23514', null, 'a rolling rule on today');

select * from finish();
rollback;
