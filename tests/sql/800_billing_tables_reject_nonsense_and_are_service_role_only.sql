-- Billing sources hold the NAME of a Vault secret, never a key; the provider tables refuse
-- nonsense; every billing table has RLS on and is closed to anon and authenticated (USAGE on
-- the schema is granted inside this transaction, as if the schema were exposed, so what
-- refuses them is the objects' own privileges and, past those, RLS).
begin;
select plan(20);

select lives_ok($$insert into monitoring.billing_sources (name, provider, secret_name) values ('tap-800-openai', 'openai', 'twbill_tap_openai_key')$$,
  'an OpenAI source with a secret name');
select is((select base_url from monitoring.billing_sources where name = 'tap-800-openai'), 'https://api.openai.com',
  'base_url defaults to OpenAI''s API');
select lives_ok($$insert into monitoring.billing_sources (name, provider, secret_name, base_url) values ('tap-800-anthropic', 'anthropic', 'k', 'http://127.0.0.1:9999/')$$,
  'an Anthropic source with its own base_url');
select is((select base_url from monitoring.billing_sources where name = 'tap-800-anthropic'), 'http://127.0.0.1:9999',
  'the trailing slash is dropped');
insert into monitoring.billing_sources (name, provider, secret_name) values ('tap-800-anthropic-default', 'anthropic', 'k');
select is((select base_url from monitoring.billing_sources where name = 'tap-800-anthropic-default'), 'https://api.anthropic.com',
  'Anthropic''s default is api.anthropic.com');
select throws_ok($$insert into monitoring.billing_sources (name, provider, secret_name) values ('tap-800-a', 'openai', 'sk-admin-abcdef123')$$,
  '23514', null, 'an admin key pasted as the secret name is refused');
select throws_ok($$insert into monitoring.billing_sources (name, provider, secret_name) values ('tap-800-b', 'openai', 'my key')$$,
  '23514', null, 'a name with spaces is not a Vault secret name');
select throws_ok($$insert into monitoring.billing_sources (name, provider, secret_name, base_url) values ('tap-800-c', 'google', 'k', 'https://example.test')$$,
  '23514', null, 'only openai and anthropic');
select throws_ok($$insert into monitoring.billing_sources (name, provider, secret_name) values ('tap-800-openai', 'openai', 'k')$$,
  '23505', null, 'names are unique');
select throws_ok($$insert into monitoring.provider_usage (source, provider, bucket_start, bucket_end, input_tokens, cache_read_tokens)
                   values ('tap-800-openai', 'openai', '2025-01-01T10:00Z', '2025-01-01T11:00Z', 10, 20)$$,
  '23514', null, 'cache reads cannot exceed the input they are part of');
select throws_ok($$insert into monitoring.provider_usage (source, provider, bucket_start, bucket_end)
                   values ('tap-800-openai', 'openai', '2025-01-01T10:00Z', '2025-01-01T10:00Z')$$,
  '23514', null, 'a bucket ends after it starts');
select throws_ok($$insert into monitoring.provider_costs (source, provider, day, bucket_start, bucket_end, amount_usd, currency)
                   values ('tap-800-openai', 'openai', '2025-01-01', '2025-01-01T00:00Z', '2025-01-02T00:00Z', 1, 'eur')$$,
  '23514', null, 'costs are in US dollars');
select throws_ok($$insert into monitoring.provider_costs (source, provider, day, bucket_start, bucket_end, amount_usd)
                   values ('tap-800-openai', 'openai', '2025-01-02', '2025-01-01T00:00Z', '2025-01-02T00:00Z', 1)$$,
  '23514', null, 'day is the bucket''s UTC day');
select throws_ok($$select monitoring.store_provider_costs('tap-800-openai', '2025-01-01', '2025-01-02',
                   '[{"bucket_start": "2025-01-05T00:00:00Z", "bucket_end": "2025-01-06T00:00:00Z", "amount_usd": 1}]')$$,
  '22023', null, 'a stored read cannot reach outside its window');
select throws_ok($$select monitoring.store_provider_usage('tap-800-nope', '2025-01-01', '2025-01-02', '[]')$$,
  'P0002', null, 'an unknown source is refused');

-- privileges and RLS
select is((select bool_and(relrowsecurity) from pg_class
           where oid in ('monitoring.billing_sources'::regclass, 'monitoring.provider_usage'::regclass, 'monitoring.provider_costs'::regclass)),
  true, 'RLS is enabled on the three billing tables');
grant usage on schema monitoring to anon, authenticated;
set local role anon;
select throws_ok('select * from monitoring.billing_sources', '42501', null, 'anon cannot read billing_sources');
reset role;
set local role authenticated;
select throws_ok('select * from monitoring.v_billing_reconciliation', '42501', null, 'authenticated cannot read the reconciliation view');
select throws_ok($$select monitoring.store_provider_costs('tap-800-openai', '2025-01-01', '2025-01-02', '[]')$$, '42501', null,
  'authenticated cannot store costs');
reset role;
grant select on monitoring.provider_costs to anon;
set local role anon;
select is((select count(*)::int from monitoring.provider_costs), 0, 'past the privileges, RLS shows anon no cost row');
reset role;

select * from finish();
rollback;
