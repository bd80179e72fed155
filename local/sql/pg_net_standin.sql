-- Local stand-in for pg_net (https://github.com/supabase/pg_net), installed by the local
-- stack only where the real extension is not available. Same names, signatures and tables:
--   net.http_get(url, params, headers, timeout_milliseconds) -> request id
--   net.http_post(url, body, params, headers, timeout_milliseconds) -> request id
--   net.http_request_queue  (pending requests)
--   net._http_response       (one row per finished request)
-- Like pg_net, a request leaves only after the calling transaction commits: the row in the
-- queue becomes visible, and a NOTIFY (delivered at commit) wakes the sender. The sender is
-- the local gateway (local/pg_net_worker.ts), which plays pg_net's background worker: it
-- takes rows off the queue, performs the HTTP request and records the response.

create schema if not exists net;

do $$
begin
  if not exists (select from pg_type t join pg_namespace n on n.oid = t.typnamespace
                 where n.nspname = 'net' and t.typname = 'http_method') then
    create domain net.http_method as text
      check (value ilike 'get' or value ilike 'post' or value ilike 'delete');
  end if;
end
$$;

create unlogged table if not exists net.http_request_queue (
  id bigserial,
  method net.http_method not null,
  url text not null,
  headers jsonb,
  body bytea,
  timeout_milliseconds int not null
);

create unlogged table if not exists net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out bool,
  error_msg text,
  created timestamptz not null default now()
);
create index if not exists _http_response_created_idx on net._http_response (created);

comment on table net.http_request_queue is
  'Local pg_net stand-in: requests waiting to be sent after their transaction commits.';
comment on table net._http_response is
  'Local pg_net stand-in: the response (or timeout / error) of each sent request.';

-- Appends url-encoded params to a url, as pg_net does.
create or replace function net._encode_url_with_params(url text, params jsonb)
returns text
language sql immutable
set search_path = ''
as $$
  select case
    when params is null or params = '{}'::jsonb then url
    else url || case when strpos(url, '?') > 0 then '&' else '?' end || (
      select string_agg(
        replace(replace(replace(replace(replace(kv.key, '%', '%25'), '&', '%26'), '=', '%3D'), ' ', '%20'), '+', '%2B')
        || '=' ||
        replace(replace(replace(replace(replace(kv.value, '%', '%25'), '&', '%26'), '=', '%3D'), ' ', '%20'), '+', '%2B'),
        '&')
      from jsonb_each_text(params) as kv
    )
  end
$$;

create or replace function net._enqueue(method text, url text, headers jsonb, body bytea, timeout_milliseconds int)
returns bigint
language plpgsql volatile
set search_path = ''
as $$
declare
  request_id bigint;
begin
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, url, headers, body, timeout_milliseconds)
  returning id into request_id;
  -- Delivered only when (and if) the transaction commits.
  perform pg_notify('pg_net_standin', request_id::text);
  return request_id;
end
$$;

create or replace function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds int default 5000
) returns bigint
language sql volatile security definer
set search_path = ''
as $$
  select net._enqueue('GET', net._encode_url_with_params(url, params), headers, null, timeout_milliseconds)
$$;

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds int default 5000
) returns bigint
language sql volatile security definer
set search_path = ''
as $$
  select net._enqueue('POST', net._encode_url_with_params(url, params), headers,
                      convert_to(body::text, 'UTF8'), timeout_milliseconds)
$$;

create or replace function net.http_delete(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds int default 5000
) returns bigint
language sql volatile security definer
set search_path = ''
as $$
  select net._enqueue('DELETE', net._encode_url_with_params(url, params), headers, null, timeout_milliseconds)
$$;

-- As hosted (extensions.grant_pg_net_access): the stand-in belongs to supabase_admin, the
-- http_* functions run as their owner, and postgres may call them and read the tables. The
-- API roles anon and authenticated get nothing here (hosted grants them execute; the
-- stand-in is stricter, so nothing passes here that would fail there).
revoke all on all tables in schema net from public, anon, authenticated;
revoke execute on all functions in schema net from public, anon, authenticated;
grant usage on schema net to postgres, service_role;
grant select, insert, update, delete on all tables in schema net to postgres;
grant usage on all sequences in schema net to postgres;
grant execute on function net.http_get(text, jsonb, jsonb, int), net.http_post(text, jsonb, jsonb, jsonb, int),
  net.http_delete(text, jsonb, jsonb, int) to postgres, service_role;
