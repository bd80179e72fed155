-- notification_channels holds the NAME of a Vault secret, never its value: a URL in
-- secret_name is refused, a Slack channel cannot carry its webhook URL in a column, and each
-- kind needs its own fields.
begin;
select plan(6);

select lives_ok($$insert into monitoring.notification_channels (name, kind, secret_name) values ('tap-304-slack', 'slack', 'tokenwatch_slack_webhook')$$,
  'a Slack channel with a secret name');
select throws_ok($$insert into monitoring.notification_channels (name, kind, secret_name) values ('tap-304-a', 'slack', 'https://hooks.slack.com/services/T/B/X')$$,
  '23514', null, 'a Slack webhook URL pasted as the secret name is refused');
select throws_ok($$insert into monitoring.notification_channels (name, kind, secret_name, url) values ('tap-304-b', 'slack', 'n', 'https://hooks.slack.com/services/T/B/X')$$,
  '23514', null, 'a Slack channel cannot store its URL in a column');
select throws_ok($$insert into monitoring.notification_channels (name, kind, secret_name) values ('tap-304-c', 'webhook', 'n')$$,
  '23514', null, 'a webhook channel needs its endpoint url');
select throws_ok($$insert into monitoring.notification_channels (name, kind, secret_name, email_from) values ('tap-304-d', 'email', 'n', 'a@x.test')$$,
  '23514', null, 'an email channel needs recipients');
select throws_ok($$insert into monitoring.notification_channels (name, kind, secret_name) values ('tap-304-e', 'slack', 'my secret value')$$,
  '23514', null, 'a name with spaces is not a Vault secret name');

select * from finish();
rollback;
