-- A channel receives weekly reports only when it asks: notification_channels.reports is a
-- boolean, NOT NULL, false unless set, and says in its comment that min_severity and
-- rule_names do not filter reports.
begin;
select plan(6);

select col_type_is('monitoring', 'notification_channels', 'reports', 'boolean', 'reports is a boolean');
select col_not_null('monitoring', 'notification_channels', 'reports', 'reports is never NULL');
select col_default_is('monitoring', 'notification_channels', 'reports', 'false', 'reports defaults to false');

insert into monitoring.notification_channels (id, name, kind, secret_name, url)
  overriding system value values (-320, 'tap-320', 'webhook', 'tap_320_secret', 'http://127.0.0.1:9/');
select is((select reports from monitoring.notification_channels where id = -320), false,
  'a channel added as before gets no reports');
select throws_ok($$update monitoring.notification_channels set reports = null where id = -320$$, '23502', null,
  'reports cannot be set to NULL');
select matches(col_description('monitoring.notification_channels'::regclass,
                 (select attnum from pg_attribute where attrelid = 'monitoring.notification_channels'::regclass and attname = 'reports')),
  'min_severity and rule_names do not filter reports', 'the comment says how the alert filters treat reports');

select * from finish();
rollback;
