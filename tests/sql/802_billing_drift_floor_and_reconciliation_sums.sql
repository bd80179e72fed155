-- billing_drift_metrics and the reconciliation views on hand-made rows (no events on the day):
-- billed $10.00 with nothing tracked is all unattributed, coverage 0, drift 100 %; the metric's
-- compared value is the drift only when the dollar difference is above the floor.
begin;
select plan(8);

insert into monitoring.billing_sources (name, provider, secret_name, enabled) values ('tap-802', 'anthropic', 'k', false);
select monitoring.store_provider_costs('tap-802', '2024-06-03', '2024-06-04', $$[
  {"bucket_start": "2024-06-03T00:00:00Z", "bucket_end": "2024-06-04T00:00:00Z", "model": "tap-802-model",
   "token_type": "output_tokens", "amount_usd": "9.4"},
  {"bucket_start": "2024-06-03T00:00:00Z", "bucket_end": "2024-06-04T00:00:00Z", "model": null,
   "cost_type": "web_search", "amount_usd": "0.6"}]$$::jsonb);

select is((select billed_cost_usd from monitoring.v_billing_reconciliation_daily where day = '2024-06-03' and provider = 'anthropic'),
  10.0::numeric, 'the day''s billed cost sums the rows');
select is((select unattributed_cost_usd from monitoring.v_billing_reconciliation_daily where day = '2024-06-03' and provider = 'anthropic'),
  10.0::numeric, 'nothing tracked: all of it unattributed');
select is((select coverage from monitoring.v_billing_reconciliation_daily where day = '2024-06-03' and provider = 'anthropic'),
  0::numeric, 'coverage 0');
select is((select drift_pct from monitoring.v_billing_reconciliation_daily where day = '2024-06-03' and provider = 'anthropic'),
  100::numeric, 'drift 100 %');
select is((select count(*)::int from monitoring.v_billing_reconciliation where day = '2024-06-03' and provider = 'anthropic'),
  2, 'one row for the model, one (model NULL) for the cost that names none');
select is(monitoring.billing_drift_metrics('2024-06-03', '2024-06-04', 1) ->> 'requests', '2', 'requests counts the billed rows');
select is((monitoring.billing_drift_metrics('2024-06-03', '2024-06-04', 20) ->> 'compared')::numeric, 0::numeric,
  'a $10 difference under a $20 floor compares as 0');
select is((monitoring.billing_drift_metrics('2024-06-03', '2024-06-04', 1) ->> 'compared')::numeric, 1::numeric,
  'above the floor it compares as the drift (1 = 100 %)');

select * from finish();
rollback;
