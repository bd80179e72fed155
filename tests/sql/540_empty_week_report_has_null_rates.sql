-- An empty week gives zeros for counts and NULL (never an error or a division by zero) for
-- every rate, average, share and forecast that has no denominator.
begin;
select plan(8);

select is((monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #>> '{usage,requests}')::int, 0, 'no requests');
select is(monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #> '{usage,error_rate}', 'null'::jsonb, 'error rate null');
select is(monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #> '{tools,success_rate}', 'null'::jsonb, 'tool success rate null');
select is(monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #> '{cost,week_over_week_change_rate}', 'null'::jsonb, 'week over week null');
select is(monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #> '{savings,dollars_saved,usd}', 'null'::jsonb, 'dollars saved null');
select is(monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #> '{savings,target_check,met}', 'null'::jsonb, 'target verdict null');
select is((monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') #>> '{cost,monthly_projection_usd}')::numeric, 0.0, 'projection $0');
select is(jsonb_array_length(monitoring.weekly_report_data('2025-02-10T00:00:00Z', 'h6-pgtap-nobody') -> 'per_day'), 7, 'seven days');

select * from finish();
rollback;
