-- At most one open alert per fingerprint (rule and scope), enforced by the database itself;
-- resolved alerts of the same fingerprint are history and do not count.
begin;
select plan(3);

create function pg_temp.alert(p_status text) returns void language sql as $$
  insert into monitoring.alerts (fingerprint, rule_name, metric, status, severity, message, first_seen_at, last_seen_at,
                                 resolved_at, resolution)
  values (repeat('ab', 32), 'r', 'error_rate', p_status, 'WARNING', 'm', now(), now(),
          case when p_status = 'resolved' then now() end, case when p_status = 'resolved' then 'recovered' end)
$$;

select lives_ok($$select pg_temp.alert('resolved'); select pg_temp.alert('resolved'); select pg_temp.alert('open')$$,
  'resolved alerts of a fingerprint, and one open alert, may coexist');
select throws_ok($$select pg_temp.alert('open')$$, '23505', null, 'a second open alert with the same fingerprint is refused');
select is((select count(*)::int from monitoring.alerts where fingerprint = repeat('ab', 32) and status = 'open'), 1,
  'one open alert remains');

select * from finish();
rollback;
