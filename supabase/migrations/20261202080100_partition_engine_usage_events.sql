-- monitoring.usage_events partitioned by month, in place (issue 17, item 2).
--
-- Why now: raw events are kept for a set time (monitoring.retention_settings, 90 days by
-- default) while the rollups keep every total. With monthly range partitions on occurred_at,
-- removing a month is DROP TABLE of one partition: no row-by-row delete, no dead tuples, no
-- long lock, no table rewrite. Native declarative partitioning (not pg_partman): it needs no
-- extension, runs the same locally and hosted, and the daily job (apply_retention) creates
-- the partitions ahead with monitoring.ensure_usage_events_partitions.
--
-- Idempotency stays exact. Every unique index of a partitioned table must contain the
-- partition key, so (source, request_id) cannot be unique on usage_events itself; a retried
-- request re-stamped into another month would be a second row. The key moves to an
-- unpartitioned table, monitoring.usage_event_keys (source, request_id) primary key, and a
-- BEFORE INSERT row trigger on usage_events claims the key there first
-- (insert ... on conflict do nothing): when the key is already taken the row is skipped
-- (the trigger returns NULL), exactly as `on conflict do nothing` skipped it before, for
-- every path that stores events (ingest, importer, OTLP, COPY). A concurrent insert of the
-- same key waits on the key's index entry and then skips. Deleting events releases their
-- keys (AFTER DELETE statement trigger); retention prunes the keys with the events.
-- (source, request_id) stays a plain index on the partitions for look-ups (the chat importer
-- asks whether a message is stored).
--
-- The conversion (monitoring.convert_to_monthly_partitions) is generic: it reads the table
-- from the catalog, so columns, constraints, indexes, triggers, policies, grants and comments
-- added by any earlier migration carry over:
--   1. capture indexes, constraints, triggers, policies, grants, comments, dependent views;
--   2. rename the table (and its indexes) aside; create the partitioned table
--      `like` it (defaults, identity, generated, check constraints, comments, storage,
--      statistics), a default partition and one partition per month that holds rows;
--   3. move the rows in batches of block ranges (TID range scans), before any trigger exists,
--      so nothing is priced, queued or claimed twice (ids are kept; the identity continues);
--   4. recreate the primary key (with the partition key added), unique keys that contain
--      the partition key, other unique keys as plain indexes (returned in `plain_indexes`),
--      the other indexes, foreign keys, triggers, RLS and policies, grants, comments, owner;
--   5. rebind the dependent views (create or replace with the definition captured before the
--      rename, options kept), check the row count, and drop the old table.
-- It runs inside the migration's transaction, holding an ACCESS EXCLUSIVE lock on the table
-- throughout (ingest waits; the rollups and window functions that only read the rollup do not).
-- Expect about a minute per few million events on small compute.

-- ---------------------------------------------------------------------------------------
-- Monthly partitions
-- ---------------------------------------------------------------------------------------

-- The partitions live in a schema of their own, so that the monitoring schema (and the
-- generated TypeScript types of it) does not change as months pass; they are read and written
-- through their parent. Nobody but the owner and service_role may use it.
create schema if not exists monitoring_partitions;
revoke all on schema monitoring_partitions from public;
grant usage on schema monitoring_partitions to service_role;
comment on schema monitoring_partitions is
  'Partitions of monitoring''s partitioned tables (usage_events: monitoring_partitions.usage_events_pYYYYMM and usage_events_default). Read and write them through the parent.';

-- Creates the partition of p_parent for the UTC month holding p_month (no-op if it exists):
-- named monitoring_partitions.<parent>_pYYYYMM, RLS enabled with the parent's policies, the parent's grants, a
-- comment. Rows of that month that sit in the default partition are moved into it.
create function monitoring.create_month_partition(p_parent regclass, p_month timestamptz)
returns regclass
language plpgsql
set search_path = ''
as $$
declare
  v_schema text;
  v_name text;
  v_part text;
  v_from timestamptz := date_trunc('month', p_month, 'UTC');
  v_to timestamptz := date_trunc('month', p_month, 'UTC') + interval '1 month';
  v_key text;
  v_default regclass;
  v_tmp text;
  r record;
begin
  select c.relname into v_name from pg_catalog.pg_class c where c.oid = p_parent;
  v_schema := 'monitoring_partitions';
  v_part := v_name || '_p' || to_char(v_from at time zone 'UTC', 'YYYYMM');
  if pg_catalog.to_regclass(pg_catalog.format('%I.%I', v_schema, v_part)) is not null then
    return pg_catalog.format('%I.%I', v_schema, v_part)::regclass;
  end if;

  select pg_catalog.pg_get_partkeydef(p_parent) into v_key;  -- e.g. RANGE (occurred_at)
  v_key := substring(v_key from '\((.*)\)');

  select i.inhrelid::regclass into v_default
  from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
  where i.inhparent = p_parent and pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';

  if v_default is not null then
    v_tmp := pg_catalog.format('%I.%I', v_schema, v_part);
    execute pg_catalog.format('create table %s (like %s including defaults including constraints including storage)', v_tmp, p_parent);
    execute pg_catalog.format(
      'with moved as (delete from %s where %I >= %L and %I < %L returning *) insert into %s select * from moved',
      v_default, v_key, v_from, v_key, v_to, v_tmp);
    execute pg_catalog.format('alter table %s attach partition %s for values from (%L) to (%L)',
      p_parent, v_tmp, v_from, v_to);
  else
    execute pg_catalog.format('create table %I.%I partition of %s for values from (%L) to (%L)',
      v_schema, v_part, p_parent, v_from, v_to);
  end if;
  perform monitoring.copy_parent_security(p_parent, pg_catalog.format('%I.%I', v_schema, v_part)::regclass);
  execute pg_catalog.format('comment on table %I.%I is %L', v_schema, v_part,
    pg_catalog.format('Partition of %s for [%s, %s) UTC; dropped whole by monitoring.apply_retention.',
      p_parent, v_from at time zone 'UTC', v_to at time zone 'UTC'));
  return pg_catalog.format('%I.%I', v_schema, v_part)::regclass;
end
$$;

comment on function monitoring.create_month_partition(regclass, timestamptz) is
  'Creates monitoring_partitions.<parent>_pYYYYMM for the UTC month holding p_month (moving that month''s rows out of the default partition), with RLS, the parent''s policies and grants. No-op when it exists.';

-- A partition read or written directly must be guarded like its parent: RLS on, the same
-- policies, the same grants (and nothing for anyone else).
create function monitoring.copy_parent_security(p_parent regclass, p_part regclass)
returns void
language plpgsql
set search_path = ''
as $$
declare
  r record;
begin
  execute pg_catalog.format('alter table %s enable row level security', p_part);
  for r in
    select p.policyname, p.permissive, p.cmd, p.roles, p.qual, p.with_check
    from pg_catalog.pg_policies p
    join pg_catalog.pg_class c on c.relname = p.tablename
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = p.schemaname
    where c.oid = p_parent
      and not exists (
        select 1 from pg_catalog.pg_policy x where x.polrelid = p_part and x.polname = p.policyname)
  loop
    execute pg_catalog.format('create policy %I on %s as %s for %s to %s%s%s',
      r.policyname, p_part, r.permissive, r.cmd,
      (select pg_catalog.string_agg(case when x = 'public' then 'public' else pg_catalog.quote_ident(x) end, ', ')
         from pg_catalog.unnest(r.roles) x),
      case when r.qual is not null then ' using (' || r.qual || ')' else '' end,
      case when r.with_check is not null then ' with check (' || r.with_check || ')' else '' end);
  end loop;
  perform monitoring.copy_table_grants(p_parent, p_part);
end
$$;

comment on function monitoring.copy_parent_security(regclass, regclass) is
  'Enables RLS on p_part and gives it p_parent''s policies and grants (used for every partition).';

-- Makes p_to's table privileges those of p_from (the owner's own are left alone).
create function monitoring.copy_table_grants(p_from regclass, p_to regclass)
returns void
language plpgsql
set search_path = ''
as $$
declare
  r record;
  v_owner oid := (select c.relowner from pg_catalog.pg_class c where c.oid = p_to);
begin
  for r in
    select distinct a.grantee
    from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
    where c.oid = p_to and a.grantee <> v_owner
  loop
    execute pg_catalog.format('revoke all on table %s from %s', p_to,
      case when r.grantee = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.grantee)) end);
  end loop;
  execute pg_catalog.format('revoke all on table %s from public', p_to);
  for r in
    select a.grantee, a.privilege_type, a.is_grantable
    from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
    where c.oid = p_from and a.grantee <> c.relowner
  loop
    execute pg_catalog.format('grant %s on table %s to %s%s', r.privilege_type, p_to,
      case when r.grantee = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.grantee)) end,
      case when r.is_grantable then ' with grant option' else '' end);
  end loop;
end
$$;

comment on function monitoring.copy_table_grants(regclass, regclass) is
  'Gives p_to exactly p_from''s table privileges (apart from the owner''s).';

-- ---------------------------------------------------------------------------------------
-- The in-place conversion (generic)
-- ---------------------------------------------------------------------------------------

create function monitoring.convert_to_monthly_partitions(
  p_table regclass,
  p_column text,
  p_batch_pages integer default 8192
)
returns jsonb
language plpgsql
set search_path = ''
set maintenance_work_mem = '256MB'
as $$
declare
  v_oid oid := p_table;
  v_schema text;
  v_name text;
  v_owner text;
  v_aside text;
  v_new regclass;
  v_comment text;
  v_rls boolean;
  v_force boolean;
  v_pages bigint;
  v_block bigint := 0;
  v_cols text;
  v_old_rows bigint;
  v_new_rows bigint;
  v_partitions integer := 0;
  v_plain text[] := '{}';
  v_pk text;
  v_sql text;
  r record;
  idx jsonb := '[]';
  cons jsonb := '[]';
  trg jsonb := '[]';
  views jsonb := '[]';
begin
  if (select c.relkind from pg_catalog.pg_class c where c.oid = v_oid) = 'p' then
    return jsonb_build_object('converted', false, 'reason', 'already partitioned');
  end if;
  if exists (select 1 from pg_catalog.pg_constraint k where k.confrelid = v_oid and k.contype = 'f') then
    raise exception 'convert_to_monthly_partitions: % is referenced by foreign keys (%)', p_table,
      (select string_agg(k.conname, ', ') from pg_catalog.pg_constraint k where k.confrelid = v_oid and k.contype = 'f');
  end if;
  if exists (
    select 1 from pg_catalog.pg_depend d join pg_catalog.pg_rewrite w on w.oid = d.objid
    join pg_catalog.pg_class v on v.oid = w.ev_class
    where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refobjid = v_oid and v.oid <> v_oid and v.relkind = 'm')
  then
    raise exception 'convert_to_monthly_partitions: materialized views depend on %; drop them first', p_table;
  end if;

  execute pg_catalog.format('lock table %s in access exclusive mode', p_table);

  select n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity,
         pg_catalog.obj_description(c.oid, 'pg_class')
    into v_schema, v_name, v_owner, v_rls, v_force, v_comment
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = v_oid;

  -- 1. What to recreate, captured while the table still has its name (the definitions name it).
  select coalesce(jsonb_agg(jsonb_build_object(
           'name', ic.relname, 'def', pg_catalog.pg_get_indexdef(i.indexrelid), 'unique', i.indisunique,
           'cols', (select jsonb_agg(a.attname order by k.n) from unnest(i.indkey) with ordinality k(attnum, n)
                    join pg_catalog.pg_attribute a on a.attrelid = v_oid and a.attnum = k.attnum),
           'comment', pg_catalog.obj_description(i.indexrelid, 'pg_class'))), '[]')
    into idx
  from pg_catalog.pg_index i join pg_catalog.pg_class ic on ic.oid = i.indexrelid
  where i.indrelid = v_oid
    and not exists (select 1 from pg_catalog.pg_constraint k where k.conindid = i.indexrelid and k.conrelid = v_oid);

  select coalesce(jsonb_agg(jsonb_build_object(
           'name', k.conname, 'type', k.contype, 'def', pg_catalog.pg_get_constraintdef(k.oid),
           'cols', (select jsonb_agg(a.attname order by u.n) from unnest(k.conkey) with ordinality u(attnum, n)
                    join pg_catalog.pg_attribute a on a.attrelid = v_oid and a.attnum = u.attnum),
           'comment', pg_catalog.obj_description(k.oid, 'pg_constraint')) order by k.contype, k.conname), '[]')
    into cons
  from pg_catalog.pg_constraint k
  where k.conrelid = v_oid and k.contype in ('p', 'u', 'x', 'f');

  select coalesce(jsonb_agg(jsonb_build_object('name', t.tgname, 'def', pg_catalog.pg_get_triggerdef(t.oid),
           'enabled', t.tgenabled, 'comment', pg_catalog.obj_description(t.oid, 'pg_trigger')) order by t.tgname), '[]')
    into trg
  from pg_catalog.pg_trigger t
  where t.tgrelid = v_oid and not t.tgisinternal;

  select coalesce(jsonb_agg(jsonb_build_object(
           'view', pg_catalog.format('%I.%I', vn.nspname, v.relname),
           'def', pg_catalog.pg_get_viewdef(v.oid),
           'options', coalesce(pg_catalog.array_to_string(v.reloptions, ', '), ''))), '[]')
    into views
  from (select distinct w.ev_class as oid
        from pg_catalog.pg_depend d join pg_catalog.pg_rewrite w on w.oid = d.objid
        where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
          and d.refobjid = v_oid and w.ev_class <> v_oid) dv
  join pg_catalog.pg_class v on v.oid = dv.oid
  join pg_catalog.pg_namespace vn on vn.oid = v.relnamespace;

  -- 2. Set the old table aside (its indexes too: index names are unique per schema).
  v_aside := left(v_name, 40) || '_unpartitioned';
  execute pg_catalog.format('alter table %I.%I rename to %I', v_schema, v_name, v_aside);
  for r in select ic.oid, ic.relname from pg_catalog.pg_index i join pg_catalog.pg_class ic on ic.oid = i.indexrelid
           where i.indrelid = v_oid loop
    execute pg_catalog.format('alter index %I.%I rename to %I', v_schema, r.relname, 'unpartitioned_idx_' || r.oid);
  end loop;
  -- (renaming an index renames the constraint it backs)

  execute pg_catalog.format(
    'create table %I.%I (like %I.%I including defaults including identity including generated including constraints '
    'including comments including storage including statistics) partition by range (%I)',
    v_schema, v_name, v_schema, v_aside, p_column);
  v_new := pg_catalog.format('%I.%I', v_schema, v_name)::regclass;
  execute pg_catalog.format('create table monitoring_partitions.%I partition of %s default', v_name || '_default', v_new);
  perform monitoring.copy_parent_security(p_table, pg_catalog.format('monitoring_partitions.%I', v_name || '_default')::regclass);
  execute pg_catalog.format('comment on table monitoring_partitions.%I is %L', v_name || '_default',
    pg_catalog.format('Default partition of %s: rows outside every monthly partition (moved out when their month''s partition is created).', v_new));

  for r in execute pg_catalog.format(
    'select distinct date_trunc(''month'', %I, ''UTC'') as m from %I.%I', p_column, v_schema, v_aside) loop
    perform monitoring.create_month_partition(v_new, r.m);
    v_partitions := v_partitions + 1;
  end loop;

  -- Identity sequences continue where the old ones were.
  for r in select a.attname from pg_catalog.pg_attribute a
           where a.attrelid = v_oid and a.attidentity <> '' and not a.attisdropped loop
    execute pg_catalog.format('select pg_catalog.setval(%L, coalesce((select max(%I) from %I.%I), 0) + 1, false)',
      pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', v_schema, v_name), r.attname),
      r.attname, v_schema, v_aside);
  end loop;

  -- 3. Move the rows, a block range at a time (no trigger exists yet on the new table).
  select pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' order by a.attnum) into v_cols
  from pg_catalog.pg_attribute a
  where a.attrelid = v_oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';
  v_pages := pg_catalog.pg_relation_size(v_oid) / current_setting('block_size')::bigint;
  while v_block < v_pages loop
    execute pg_catalog.format(
      'insert into %s (%s) overriding system value select %s from %I.%I where ctid >= ''(%s,0)''::tid and ctid < ''(%s,0)''::tid',
      v_new, v_cols, v_cols, v_schema, v_aside, v_block, v_block + p_batch_pages);
    v_block := v_block + p_batch_pages;
  end loop;

  -- 4. Keys, indexes, constraints, triggers, security, comments.
  for r in select * from jsonb_to_recordset(cons) as x(name text, type text, def text, cols jsonb, comment text) loop
    if r.type = 'p' then
      if r.cols ? p_column then
        v_sql := pg_catalog.format('alter table %s add constraint %I %s', v_new, r.name, r.def);
      else
        v_sql := pg_catalog.format('alter table %s add constraint %I primary key (%s, %I)', v_new, r.name,
          (select string_agg(pg_catalog.quote_ident(c), ', ') from jsonb_array_elements_text(r.cols) c), p_column);
      end if;
    elsif r.type in ('u', 'x') and not (r.cols ? p_column) then
      -- cannot be unique on a partitioned table: kept as a plain index for the look-ups it served
      v_sql := pg_catalog.format('create index %I on %s (%s)', r.name, v_new,
        (select string_agg(pg_catalog.quote_ident(c), ', ') from jsonb_array_elements_text(r.cols) c));
      v_plain := v_plain || r.name;
    else
      v_sql := pg_catalog.format('alter table %s add constraint %I %s', v_new, r.name, r.def);
    end if;
    execute v_sql;
    if r.comment is not null then
      if r.type in ('u', 'x') and not (r.cols ? p_column) then
        execute pg_catalog.format('comment on index %I.%I is %L', v_schema, r.name, r.comment);
      else
        execute pg_catalog.format('comment on constraint %I on %s is %L', r.name, v_new, r.comment);
      end if;
    end if;
  end loop;

  for r in select * from jsonb_to_recordset(idx) as x(name text, def text, "unique" boolean, cols jsonb, comment text) loop
    if r."unique" and not (coalesce(r.cols, '[]') ? p_column) then
      execute replace(r.def, 'CREATE UNIQUE INDEX', 'CREATE INDEX');
      v_plain := v_plain || r.name;
    else
      execute r.def;
    end if;
    if r.comment is not null then
      execute pg_catalog.format('comment on index %I.%I is %L', v_schema, r.name, r.comment);
    end if;
  end loop;

  for r in select * from jsonb_to_recordset(trg) as x(name text, def text, enabled text, comment text) loop
    execute r.def;
    if r.enabled = 'D' then
      execute pg_catalog.format('alter table %s disable trigger %I', v_new, r.name);
    end if;
    if r.comment is not null then
      execute pg_catalog.format('comment on trigger %I on %s is %L', r.name, v_new, r.comment);
    end if;
  end loop;

  if v_rls then execute pg_catalog.format('alter table %s enable row level security', v_new); end if;
  if v_force then execute pg_catalog.format('alter table %s force row level security', v_new); end if;
  for r in
    select p.polname, p.polpermissive, p.polcmd, p.polroles,
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) as qual, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as chk
    from pg_catalog.pg_policy p where p.polrelid = v_oid
  loop
    execute pg_catalog.format('create policy %I on %s as %s for %s to %s%s%s', r.polname, v_new,
      case when r.polpermissive then 'permissive' else 'restrictive' end,
      case r.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end,
      (select string_agg(case when x = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x)) end, ', ')
         from unnest(r.polroles) x),
      case when r.qual is not null then ' using (' || r.qual || ')' else '' end,
      case when r.chk is not null then ' with check (' || r.chk || ')' else '' end);
  end loop;
  perform monitoring.copy_table_grants(v_oid, v_new);
  if v_comment is not null then
    execute pg_catalog.format('comment on table %s is %L', v_new, v_comment);
  end if;
  if v_owner <> current_user then
    execute pg_catalog.format('alter table %s owner to %I', v_new, v_owner);
  end if;
  -- The partitions made before the policies and grants existed get them now.
  for r in select i.inhrelid::regclass as part from pg_catalog.pg_inherits i where i.inhparent = v_new loop
    perform monitoring.copy_parent_security(v_new, r.part);
  end loop;

  -- 5. Views follow the new table; then the old one goes.
  for r in select * from jsonb_to_recordset(views) as x(view text, def text, options text) loop
    execute pg_catalog.format('create or replace view %s%s as %s', r.view,
      case when r.options <> '' then ' with (' || r.options || ')' else '' end, r.def);
  end loop;

  execute pg_catalog.format('select count(*) from %I.%I', v_schema, v_aside) into v_old_rows;
  execute pg_catalog.format('select count(*) from %s', v_new) into v_new_rows;
  if v_old_rows <> v_new_rows then
    raise exception 'convert_to_monthly_partitions: % rows in the old table, % moved', v_old_rows, v_new_rows;
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('col', a.attname,
           'old', pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', v_schema, v_aside), a.attname))), '[]')
    into idx
  from pg_catalog.pg_attribute a where a.attrelid = v_oid and a.attidentity <> '' and not a.attisdropped;
  execute pg_catalog.format('drop table %I.%I', v_schema, v_aside);
  -- the identity sequences take the old ones' names
  for r in select * from jsonb_to_recordset(idx) as x(col text, old text) loop
    execute pg_catalog.format('alter sequence %s rename to %I',
      pg_catalog.pg_get_serial_sequence(v_new::text, r.col), (pg_catalog.parse_ident(r.old))[2]);
  end loop;

  return jsonb_build_object('converted', true, 'rows', v_new_rows, 'partitions', v_partitions,
    'plain_indexes', to_jsonb(v_plain), 'views', jsonb_array_length(views), 'triggers', jsonb_array_length(trg));
end
$$;

comment on function monitoring.convert_to_monthly_partitions(regclass, text, integer) is
  'Converts a plain table in place into one range-partitioned by UTC month on p_column (a default partition plus one per month holding rows), moving rows in batches of p_batch_pages blocks and recreating its keys, indexes, constraints, triggers, RLS policies, grants, comments and dependent views from the catalog. Unique keys without p_column become plain indexes (returned in plain_indexes). Returns {"converted", "rows", "partitions", ...}.';

-- ---------------------------------------------------------------------------------------
-- The idempotency key, unpartitioned
-- ---------------------------------------------------------------------------------------

create table monitoring.usage_event_keys (
  source text not null,
  request_id text not null,
  occurred_at timestamptz not null,
  constraint usage_event_keys_pkey primary key (source, request_id)
);

create index usage_event_keys_occurred_at_idx on monitoring.usage_event_keys (occurred_at);

comment on table monitoring.usage_event_keys is
  'The idempotency key of monitoring.usage_events, unique across its monthly partitions: an event is stored only when its (source, request_id) is claimed here first (trigger usage_events_claim_key). Pruned with the events by apply_retention.';
comment on column monitoring.usage_event_keys.source is 'usage_events.source of the stored event.';
comment on column monitoring.usage_event_keys.request_id is 'usage_events.request_id of the stored event.';
comment on column monitoring.usage_event_keys.occurred_at is 'usage_events.occurred_at of the stored event (retention prunes by it).';

alter table monitoring.usage_event_keys enable row level security;
create policy usage_event_keys_service_role on monitoring.usage_event_keys
  for all to service_role using (true) with check (true);
revoke all on table monitoring.usage_event_keys from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.usage_event_keys to service_role;

insert into monitoring.usage_event_keys (source, request_id, occurred_at)
select e.source, e.request_id, e.occurred_at from monitoring.usage_events e;

-- ---------------------------------------------------------------------------------------
-- Convert, then guard the key
-- ---------------------------------------------------------------------------------------

select monitoring.convert_to_monthly_partitions('monitoring.usage_events', 'occurred_at');

-- Fires before usage_events_set_cost (triggers fire in name order), so a duplicate is not
-- even priced.
create function monitoring.usage_events_claim_key()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into monitoring.usage_event_keys (source, request_id, occurred_at)
  values (new.source, new.request_id, new.occurred_at)
  on conflict (source, request_id) do nothing;
  if not found then
    return null;  -- already stored: skip the row, as `on conflict do nothing` did
  end if;
  return new;
end
$$;

comment on function monitoring.usage_events_claim_key() is
  'BEFORE INSERT row trigger on usage_events: claims (source, request_id) in usage_event_keys; skips the row (returns NULL) when the key is already stored, whatever its occurred_at.';

create trigger usage_events_claim_key
  before insert on monitoring.usage_events
  for each row execute function monitoring.usage_events_claim_key();

create function monitoring.usage_events_release_keys()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from monitoring.usage_event_keys k
  using old_events o
  where k.source = o.source and k.request_id = o.request_id;
  return null;
end
$$;

comment on function monitoring.usage_events_release_keys() is
  'AFTER DELETE statement trigger on usage_events: frees the idempotency keys of deleted events.';

create trigger usage_events_release_keys
  after delete on monitoring.usage_events
  referencing old table as old_events
  for each statement execute function monitoring.usage_events_release_keys();

-- Partitions for this month and the next three (the daily retention job keeps this up).
create function monitoring.ensure_usage_events_partitions(p_now timestamptz default now(), p_months_ahead integer default 3)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_made integer := 0;
  v_before integer;
begin
  for i in 0 .. p_months_ahead loop
    select count(*) into v_before from pg_catalog.pg_inherits where inhparent = 'monitoring.usage_events'::regclass;
    perform monitoring.create_month_partition('monitoring.usage_events', p_now + make_interval(months => i));
    v_made := v_made + (select count(*) from pg_catalog.pg_inherits where inhparent = 'monitoring.usage_events'::regclass) - v_before;
  end loop;
  return v_made;
end
$$;

comment on function monitoring.ensure_usage_events_partitions(timestamptz, integer) is
  'Creates the usage_events partitions for the month of p_now and the p_months_ahead following months when missing; returns how many it created. Called daily by apply_retention.';

select monitoring.ensure_usage_events_partitions();

revoke all on function
  monitoring.create_month_partition(regclass, timestamptz), monitoring.copy_parent_security(regclass, regclass),
  monitoring.copy_table_grants(regclass, regclass), monitoring.convert_to_monthly_partitions(regclass, text, integer),
  monitoring.usage_events_claim_key(), monitoring.usage_events_release_keys(),
  monitoring.ensure_usage_events_partitions(timestamptz, integer)
  from public, anon, authenticated;
grant execute on function
  monitoring.create_month_partition(regclass, timestamptz), monitoring.copy_parent_security(regclass, regclass),
  monitoring.copy_table_grants(regclass, regclass), monitoring.convert_to_monthly_partitions(regclass, text, integer),
  monitoring.usage_events_claim_key(), monitoring.usage_events_release_keys(),
  monitoring.ensure_usage_events_partitions(timestamptz, integer)
  to service_role;
