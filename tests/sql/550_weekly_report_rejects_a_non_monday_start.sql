-- A weekly report starts on a Monday 00:00 UTC; anything else is refused with 22023.
begin;
select plan(3);

select throws_ok($$select monitoring.weekly_report_data('2025-03-04T00:00:00Z')$$, '22023', null, 'a Tuesday is refused');
select throws_ok($$select monitoring.weekly_report_data('2025-03-03T01:00:00Z')$$, '22023', null, 'Monday 01:00 is refused');
select is(monitoring.weekly_report_data('2025-03-03T00:00:00Z') ->> 'week', '2025-W10', 'Monday 00:00 UTC is week 2025-W10');

select * from finish();
rollback;
