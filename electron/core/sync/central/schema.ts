/**
 * The central store's schema: numbered migrations like the local ones, applied by
 * `lifeline central init --url URL` in one transaction each, recorded in
 * lifeline.schema_migrations. Never edit a migration that has shipped: add the next one.
 *
 * One table holds every synced record as JSON (lifeline.records): central is where
 * consoles meet, not a second copy of the local schema, so a console with a newer local
 * schema syncs through an older central. Each write stamps the row with its transaction id
 * (xid8) and a sequence number; a pull reads rows in (txid, seq) order but only below the
 * oldest transaction still running, so a transaction that commits late can never fall
 * behind a cursor that has moved on (see pull.ts).
 */
import type pg from 'pg';

export interface CentralMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const CENTRAL_MIGRATIONS: readonly CentralMigration[] = [
  {
    version: 1,
    name: 'records, teams, row-level security',
    sql: `
CREATE TABLE lifeline.meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO lifeline.meta (key, value) VALUES ('instance_id', gen_random_uuid()::text);

CREATE TABLE lifeline.teams (
  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Which PostgreSQL login roles belong to which team.
CREATE TABLE lifeline.team_members (
  team text NOT NULL REFERENCES lifeline.teams(name) ON DELETE CASCADE,
  role_name text NOT NULL,
  PRIMARY KEY (team, role_name)
);
-- Which teams look after which customers.
CREATE TABLE lifeline.customer_teams (
  customer_id text NOT NULL,
  team text NOT NULL REFERENCES lifeline.teams(name) ON DELETE CASCADE,
  PRIMARY KEY (customer_id, team)
);

CREATE SEQUENCE lifeline.change_seq;

CREATE TABLE lifeline.records (
  entity text NOT NULL,
  id text NOT NULL,
  customer_id text,                        -- NULL: shared by every team (vendors, playbooks, handovers)
  data jsonb NOT NULL,
  rev bigint NOT NULL DEFAULT 1,
  deleted boolean NOT NULL DEFAULT false,
  change_id text NOT NULL,                 -- the push that wrote this revision (idempotency key)
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL DEFAULT session_user,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq bigint NOT NULL DEFAULT nextval('lifeline.change_seq'),
  PRIMARY KEY (entity, id)
);
CREATE INDEX records_cursor ON lifeline.records (txid, seq);
CREATE INDEX records_customer ON lifeline.records (customer_id, txid, seq) WHERE customer_id IS NOT NULL;
CREATE INDEX records_internal ON lifeline.records (id) WHERE entity = 'customer' AND data->>'kind' = 'internal';
-- Two consoles that each saved "version 4" of a playbook offline: the second is a conflict
-- for a person, not a second version 4.
CREATE UNIQUE INDEX records_playbook_version_number ON lifeline.records
  ((data->>'playbook_id'), ((data->>'number')::integer)) WHERE entity = 'playbook_version' AND NOT deleted;

-- Every write gets its transaction's id, a fresh sequence number, and who wrote it as
-- PostgreSQL knows them (not as the client says): the column defaults on insert (engineers
-- may not supply those columns: see the column grants below), this trigger on update.
CREATE FUNCTION lifeline.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  NEW.seq := nextval('lifeline.change_seq');
  NEW.updated_at := now();
  NEW.updated_by := session_user;
  RETURN NEW;
END $$;
CREATE TRIGGER records_stamp BEFORE UPDATE ON lifeline.records
  FOR EACH ROW EXECUTE FUNCTION lifeline.stamp();

-- A hint to connected consoles that there is something to pull (lost while they are away;
-- the cursor, not the hint, is what guarantees nothing is missed).
CREATE FUNCTION lifeline.hint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lifeline_changes', pg_backend_pid()::text);
  RETURN NULL;
END $$;
CREATE TRIGGER records_hint AFTER INSERT OR UPDATE ON lifeline.records
  FOR EACH STATEMENT EXECUTE FUNCTION lifeline.hint();

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lifeline_engineer') THEN
    CREATE ROLE lifeline_engineer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lifeline_admin') THEN
    CREATE ROLE lifeline_admin NOLOGIN;
  END IF;
END $$;

-- Administrators see every customer; everyone sees the MSP's internal platform account.
CREATE FUNCTION lifeline.sees_all() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT pg_has_role(session_user, 'lifeline_admin', 'MEMBER')
      OR (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user)
$$;

-- The customers the connected engineer may read and write, by team. SECURITY DEFINER so
-- the policy can read the team tables, which engineers cannot.
CREATE FUNCTION lifeline.visible_customers() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT ct.customer_id FROM lifeline.customer_teams ct
    JOIN lifeline.team_members tm ON tm.team = ct.team
   WHERE tm.role_name = session_user
  UNION
  SELECT r.id FROM lifeline.records r WHERE r.entity = 'customer' AND r.data->>'kind' = 'internal'
$$;

CREATE FUNCTION lifeline.may_access(cid text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT cid IS NULL OR lifeline.sees_all() OR cid IN (SELECT lifeline.visible_customers())
$$;

-- A customer record that does not exist yet may be created by any engineer; it then
-- belongs to the creator's teams (customers_adopt below).
CREATE FUNCTION lifeline.is_new_customer(e text, rid text, cid text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT e = 'customer' AND rid = cid
     AND NOT EXISTS (SELECT 1 FROM lifeline.records r WHERE r.entity = 'customer' AND r.id = rid)
$$;

CREATE FUNCTION lifeline.adopt() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  INSERT INTO lifeline.customer_teams (customer_id, team)
    SELECT NEW.id, tm.team FROM lifeline.team_members tm WHERE tm.role_name = session_user
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_adopt AFTER INSERT ON lifeline.records
  FOR EACH ROW WHEN (NEW.entity = 'customer') EXECUTE FUNCTION lifeline.adopt();

ALTER TABLE lifeline.records ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_read ON lifeline.records FOR SELECT
  USING (customer_id IS NULL OR lifeline.sees_all() OR customer_id IN (SELECT lifeline.visible_customers()));
CREATE POLICY records_insert ON lifeline.records FOR INSERT
  WITH CHECK (lifeline.may_access(customer_id) OR lifeline.is_new_customer(entity, id, customer_id));
CREATE POLICY records_update ON lifeline.records FOR UPDATE
  USING (lifeline.may_access(customer_id)) WITH CHECK (lifeline.may_access(customer_id));

-- One push: each item is applied, recognised as a repeat, refused for lack of rights, or
-- kept back as a conflict (central moved on since the console's base revision). Runs with
-- the caller's rights, so row-level security decides.
CREATE FUNCTION lifeline.push(items jsonb)
  RETURNS TABLE (change_id text, status text, rev bigint, data jsonb, deleted boolean,
                 updated_by text, updated_at timestamptz)
  LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
  it jsonb;
  cur lifeline.records%ROWTYPE;
  cid text;
  -- Who may write what is decided once per push, not once per record.
  all_customers boolean := lifeline.sees_all();
  mine text[] := ARRAY(SELECT lifeline.visible_customers());
  fresh jsonb := '{}';
BEGIN
  -- Records central has never seen (a first push is nearly all of them) go in with one
  -- statement: new customers first, as a new customer is what makes its records writable.
  -- No RETURNING: it would hold the new rows to the read policy before customers_adopt has
  -- given a new customer to the creator's teams.
  INSERT INTO lifeline.records AS r (entity, id, customer_id, data, rev, deleted, change_id)
  SELECT x.value->>'entity', x.value->>'id', x.value->>'customerId', x.value->'data', 1,
         coalesce((x.value->>'deleted')::boolean, false), x.value->>'changeId'
    FROM jsonb_array_elements(items) x
   WHERE x.value->>'entity' = 'customer'
     AND lifeline.is_new_customer(x.value->>'entity', x.value->>'id', x.value->>'customerId')
  ON CONFLICT DO NOTHING;
  IF FOUND AND NOT all_customers THEN
    mine := ARRAY(SELECT lifeline.visible_customers());
  END IF;
  INSERT INTO lifeline.records AS r (entity, id, customer_id, data, rev, deleted, change_id)
  SELECT x.value->>'entity', x.value->>'id', x.value->>'customerId', x.value->'data', 1,
         coalesce((x.value->>'deleted')::boolean, false), x.value->>'changeId'
    FROM jsonb_array_elements(items) x
   WHERE (x.value->>'customerId' IS NULL OR all_customers OR x.value->>'customerId' = ANY(mine))
     AND NOT EXISTS (SELECT 1 FROM lifeline.records r2 WHERE r2.entity = x.value->>'entity' AND r2.id = x.value->>'id')
  ON CONFLICT DO NOTHING;
  -- What this transaction just wrote is applied at revision 1.
  SELECT coalesce(jsonb_object_agg(r.change_id, true), '{}') INTO fresh
    FROM jsonb_array_elements(items) x
    JOIN lifeline.records r ON r.entity = x.value->>'entity' AND r.id = x.value->>'id'
   WHERE r.txid = pg_current_xact_id_if_assigned() AND r.change_id = x.value->>'changeId';

  FOR it IN SELECT value FROM jsonb_array_elements(items) LOOP
    change_id := it->>'changeId';
    IF fresh ? change_id THEN
      status := 'applied'; rev := 1; data := NULL; deleted := NULL; updated_by := NULL; updated_at := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    cid := it->>'customerId';
    rev := NULL; data := NULL; deleted := NULL; updated_by := NULL; updated_at := NULL;
    SELECT * INTO cur FROM lifeline.records r WHERE r.entity = it->>'entity' AND r.id = it->>'id' FOR UPDATE;
    IF NOT FOUND THEN
      IF NOT (cid IS NULL OR all_customers OR cid = ANY(mine)
              OR lifeline.is_new_customer(it->>'entity', it->>'id', cid)) THEN
        status := 'denied';
      ELSE
        INSERT INTO lifeline.records AS r (entity, id, customer_id, data, rev, deleted, change_id)
          VALUES (it->>'entity', it->>'id', cid, it->'data', 1, coalesce((it->>'deleted')::boolean, false), it->>'changeId')
          ON CONFLICT DO NOTHING;
        -- (Not "ON CONFLICT (entity, id)": naming the arbiter makes PostgreSQL check the read
        -- policy on the new row, which a brand-new customer fails until customers_adopt
        -- has given it to the creator's teams.)
        IF FOUND THEN
          status := 'applied'; rev := 1;
        ELSE
          -- Not inserted: either a row this engineer cannot see (someone else's customer), or
          -- another console's playbook version with the same number.
          SELECT * INTO cur FROM lifeline.records r
           WHERE it->>'entity' = 'playbook_version' AND r.entity = 'playbook_version' AND NOT r.deleted
             AND r.data->>'playbook_id' = it->'data'->>'playbook_id'
             AND (r.data->>'number')::integer = (it->'data'->>'number')::integer;
          IF FOUND THEN
            status := 'conflict'; rev := cur.rev; data := cur.data; deleted := cur.deleted;
            updated_by := cur.updated_by; updated_at := cur.updated_at;
          ELSE
            status := 'denied';
          END IF;
        END IF;
        -- A new customer now belongs to the pusher's teams: its records may follow in this push.
        IF FOUND AND it->>'entity' = 'customer' AND NOT all_customers THEN
          mine := ARRAY(SELECT lifeline.visible_customers());
        END IF;
      END IF;
    ELSIF cur.change_id = it->>'changeId' OR it->>'kind' = 'append' THEN
      status := 'applied'; rev := cur.rev;
    ELSIF cur.rev = (it->>'baseRev')::bigint THEN
      IF NOT (cid IS NULL OR all_customers OR cid = ANY(mine)) THEN
        status := 'denied';
      ELSE
        UPDATE lifeline.records r SET data = it->'data', rev = cur.rev + 1, customer_id = cid,
               deleted = coalesce((it->>'deleted')::boolean, false), change_id = it->>'changeId'
         WHERE r.entity = cur.entity AND r.id = cur.id;
        status := 'applied'; rev := cur.rev + 1;
      END IF;
    ELSE
      status := 'conflict'; rev := cur.rev; data := cur.data; deleted := cur.deleted;
      updated_by := cur.updated_by; updated_at := cur.updated_at;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;

GRANT USAGE ON SCHEMA lifeline TO lifeline_engineer, lifeline_admin;
GRANT SELECT ON lifeline.meta, lifeline.schema_migrations TO lifeline_engineer, lifeline_admin;
GRANT SELECT ON lifeline.records TO lifeline_engineer, lifeline_admin;
GRANT INSERT (entity, id, customer_id, data, rev, deleted, change_id),
      UPDATE (customer_id, data, rev, deleted, change_id) ON lifeline.records TO lifeline_engineer, lifeline_admin;
GRANT USAGE ON SEQUENCE lifeline.change_seq TO lifeline_engineer, lifeline_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON lifeline.teams, lifeline.team_members, lifeline.customer_teams TO lifeline_admin;
REVOKE ALL ON FUNCTION lifeline.visible_customers() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifeline.visible_customers(), lifeline.sees_all(), lifeline.may_access(text),
  lifeline.is_new_customer(text, text, text), lifeline.push(jsonb) TO lifeline_engineer, lifeline_admin;
`,
  },
  {
    version: 2,
    name: 'owners derived by central, shared writes by role, handovers by customer, append-only, stamps',
    sql: `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'lifeline_author') THEN
    CREATE ROLE lifeline_author NOLOGIN;
  END IF;
END $$;

-- Who wrote a record first and when it first reached central, by central's login role and
-- clock (never what a console says), and for handovers the customers they mention.
ALTER TABLE lifeline.records
  ADD COLUMN created_by text,
  ADD COLUMN received_at timestamptz,
  ADD COLUMN mentions text[];

-- SECURITY DEFINER functions search pg_catalog, then pg_temp LAST: without pg_temp named,
-- PostgreSQL searches the caller's temporary schema FIRST for relations, so an engineer's
-- "CREATE TEMP VIEW pg_roles" would answer for pg_catalog.pg_roles. Every relation is
-- schema-qualified as well.
CREATE OR REPLACE FUNCTION lifeline.sees_all() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT pg_catalog.pg_has_role(session_user, 'lifeline_admin', 'MEMBER')
      OR coalesce((SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = session_user), false)
$$;
CREATE OR REPLACE FUNCTION lifeline.visible_customers() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT ct.customer_id FROM lifeline.customer_teams ct
    JOIN lifeline.team_members tm ON tm.team = ct.team
   WHERE tm.role_name = session_user
  UNION
  SELECT r.id FROM lifeline.records r WHERE r.entity = 'customer' AND r.data->>'kind' = 'internal'
$$;
CREATE OR REPLACE FUNCTION lifeline.may_access(cid text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT cid IS NULL OR lifeline.sees_all() OR cid IN (SELECT lifeline.visible_customers())
$$;
CREATE OR REPLACE FUNCTION lifeline.is_new_customer(e text, rid text, cid text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT e = 'customer' AND rid = cid
     AND NOT EXISTS (SELECT 1 FROM lifeline.records r WHERE r.entity = 'customer' AND r.id = rid)
$$;
CREATE OR REPLACE FUNCTION lifeline.adopt() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO lifeline.customer_teams (customer_id, team)
    SELECT NEW.id, tm.team FROM lifeline.team_members tm WHERE tm.role_name = session_user
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- The helpers below run only inside lifeline.judge and lifeline.guard (SECURITY DEFINER,
-- search_path pinned), so with their owner's rights; engineers may not call them (EXECUTE is
-- revoked below). Without SECURITY DEFINER and SET clauses of their own they cost a plain
-- call per written record. Every relation is schema-qualified all the same.

CREATE FUNCTION lifeline.in_a_team() RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM lifeline.team_members tm WHERE tm.role_name = session_user)
$$;

-- The customer that owns a record, from the record itself (its customer_id, or its parent's
-- at central), never from what the console claims. NULL owner: shared. internal: the owner
-- is the MSP's internal platform account (for a customer: this record says kind internal).
-- problem: why no owner can be derived (a parent central does not hold yet is retried next
-- round). Reads parents an engineer may not see: not callable by engineers.
CREATE FUNCTION lifeline.owner_of(e text, d jsonb, OUT owner_id text, OUT internal boolean, OUT problem text)
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  parent_entity text;
  parent_id text;
BEGIN
  owner_id := NULL;
  internal := false;
  problem := NULL;
  IF e = 'customer' THEN
    owner_id := d->>'id';
    internal := coalesce(d->>'kind' = 'internal', false);
    RETURN;
  ELSIF e IN ('vendor', 'playbook', 'playbook_version', 'handover', 'handover_event') THEN
    RETURN;
  ELSIF e IN ('site', 'environment', 'asset', 'contact', 'contract', 'window', 'overlay', 'incident') THEN
    parent_entity := 'customer';
    parent_id := d->>'customer_id';
  ELSIF e = 'asset_link' THEN
    parent_entity := 'asset';
    parent_id := d->>'from_asset_id';
  ELSIF e = 'incident_event' THEN
    parent_entity := 'incident';
    parent_id := d->>'incident_id';
  ELSIF e = 'change' THEN
    -- A change entry belongs to the record it describes; about anything else it is shared.
    IF d->>'entity' NOT IN ('customer', 'site', 'environment', 'asset', 'asset_link', 'contact',
                            'contract', 'window', 'overlay') OR d->>'entity' IS NULL THEN
      RETURN;
    END IF;
    parent_entity := d->>'entity';
    parent_id := d->>'entity_id';
  ELSE
    problem := format('Central does not know records of kind %s; update Lifeline.', coalesce(e, '(none)'));
    RETURN;
  END IF;
  IF parent_id IS NULL THEN
    problem := format('This %s names no %s.', e, parent_entity);
    RETURN;
  END IF;
  IF parent_entity = 'customer' THEN
    SELECT r.id, coalesce(r.data->>'kind' = 'internal', false) INTO owner_id, internal
      FROM lifeline.records r WHERE r.entity = 'customer' AND r.id = parent_id;
  ELSE
    SELECT r.customer_id, coalesce(c.data->>'kind' = 'internal', false) INTO owner_id, internal
      FROM lifeline.records r
      LEFT JOIN lifeline.records c ON c.entity = 'customer' AND c.id = r.customer_id
     WHERE r.entity = parent_entity AND r.id = parent_id;
  END IF;
  IF NOT FOUND THEN
    owner_id := NULL;
    internal := false;
    problem := format('Central does not hold its %s %s yet; it is sent again next round.', parent_entity, parent_id);
  END IF;
END $$;

-- The customers a handover names (items' customers, and the owners of the incidents they
-- name); a handover review inherits its handover's. Items travel as a JSON string (a TEXT
-- column on the console) or as an array; anything else is refused.
CREATE FUNCTION lifeline.mentions_of(e text, d jsonb, OUT mentions text[], OUT problem text)
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  v jsonb := d->'items';
  missing text;
BEGIN
  mentions := NULL;
  problem := NULL;
  IF e = 'handover_event' THEN
    SELECT r.mentions INTO mentions FROM lifeline.records r WHERE r.entity = 'handover' AND r.id = d->>'handover_id';
    IF NOT FOUND THEN
      problem := format('Central does not hold its handover %s yet; it is sent again next round.', coalesce(d->>'handover_id', '(none)'));
    ELSIF mentions IS NULL THEN
      mentions := ARRAY['(unreadable handover)'];
    END IF;
    RETURN;
  ELSIF e IS DISTINCT FROM 'handover' THEN
    RETURN;
  END IF;
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
    v := '[]';
  ELSIF pg_catalog.jsonb_typeof(v) = 'string' THEN
    -- (Not pg_input_is_valid: central runs on PostgreSQL 14 and 15 too.)
    BEGIN
      v := (v #>> '{}')::jsonb;
    EXCEPTION WHEN data_exception THEN
      problem := 'Its items are not valid JSON.';
      RETURN;
    END;
  END IF;
  IF pg_catalog.jsonb_typeof(v) <> 'array' THEN
    problem := 'Its items are not a list.';
    RETURN;
  END IF;
  SELECT i.value->'incident'->>'incidentId' INTO missing
    FROM pg_catalog.jsonb_array_elements(v) i
   WHERE pg_catalog.jsonb_typeof(i.value) = 'object' AND pg_catalog.jsonb_typeof(i.value->'incident') = 'object'
     AND NOT EXISTS (SELECT 1 FROM lifeline.records r WHERE r.entity = 'incident' AND r.id = i.value->'incident'->>'incidentId')
   LIMIT 1;
  IF FOUND THEN
    problem := format('Central does not hold its incident %s yet; it is sent again next round.', coalesce(missing, '(none)'));
    RETURN;
  END IF;
  SELECT coalesce(array_agg(DISTINCT m.c ORDER BY m.c), '{}') INTO mentions FROM (
    SELECT i.value->'customer'->>'id' AS c FROM pg_catalog.jsonb_array_elements(v) i
     WHERE pg_catalog.jsonb_typeof(i.value) = 'object' AND pg_catalog.jsonb_typeof(i.value->'customer') = 'object'
    UNION
    SELECT r.customer_id FROM pg_catalog.jsonb_array_elements(v) i
      JOIN lifeline.records r ON r.entity = 'incident' AND r.id = i.value->'incident'->>'incidentId'
     WHERE pg_catalog.jsonb_typeof(i.value) = 'object' AND pg_catalog.jsonb_typeof(i.value->'incident') = 'object'
  ) m WHERE m.c IS NOT NULL;
END $$;

-- Central's verdict on writing one record as the connected login: 'ok', 'denied' (a
-- customer this engineer does not look after: nothing about it is told) or 'refused' (with
-- the reason, for the person who sees it beside the record). existing: central holds the
-- record and this engineer may see it. Used by the records_guard trigger on every write
-- (raw SQL gets the same answer as a push) and by lifeline.push for what it did not write.
-- judge_core is the body, called by the guard (already SECURITY DEFINER) without a second
-- pinned-search_path call per record; judge is what engineers and the push may call.
CREATE FUNCTION lifeline.judge_core(e text, rid text, d jsonb, claim text, tombstone boolean,
                                    inserting boolean,
                                    OUT existing boolean, OUT verdict text, OUT reason text)
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  admin boolean;
  vis text[];
  cur_owner text;
  cur_mentions text[];
  cur_data jsonb;
  held boolean;
  o text;
  internal boolean;
  was_owner text;
  was_internal boolean;
  p text;
  m text[];
BEGIN
  existing := false;
  verdict := 'ok';
  reason := NULL;
  -- As lifeline.sees_all, without a second SECURITY DEFINER call per record.
  admin := pg_catalog.pg_has_role(session_user, 'lifeline_admin', 'MEMBER')
        OR coalesce((SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = session_user), false);
  IF NOT admin THEN vis := ARRAY(SELECT lifeline.visible_customers()); END IF;
  -- An insert needs no look at a row already there (the primary key refuses it), except for
  -- a customer: one that exists is not new, and would fail row-level security's check.
  IF inserting AND e IS DISTINCT FROM 'customer' THEN
    held := false;
  ELSE
    SELECT r.customer_id, r.mentions, r.data INTO cur_owner, cur_mentions, cur_data
      FROM lifeline.records r WHERE r.entity = e AND r.id = rid;
    held := FOUND;
  END IF;
  IF held THEN
    IF NOT coalesce(admin OR cur_owner = ANY(vis)
                    OR (cur_owner IS NULL AND (cur_mentions IS NULL OR cur_mentions <@ vis)), false) THEN
      verdict := 'denied';
      reason := 'This record belongs to a customer you do not look after.';
      RETURN;
    END IF;
    existing := true;
    -- A deletion may carry only the id: it keeps what central holds.
    IF tombstone THEN d := cur_data || d; END IF;
  END IF;
  -- A claim naming a customer this engineer does not look after is denied before anything
  -- about the content is said.
  IF claim IS NOT NULL AND NOT admin AND NOT coalesce(claim = ANY(vis), false)
     AND NOT (e = 'customer' AND NOT held AND claim = rid) THEN
    verdict := 'denied';
    reason := 'This record belongs to a customer you do not look after.';
    RETURN;
  END IF;
  IF d->>'id' IS DISTINCT FROM rid THEN
    verdict := 'refused';
    reason := format('The record is %s but its content says %s.', rid, coalesce(d->>'id', 'no id'));
    RETURN;
  END IF;
  SELECT x.owner_id, x.internal, x.problem INTO o, internal, p FROM lifeline.owner_of(e, d) x;
  IF p IS NOT NULL THEN
    verdict := 'refused';
    reason := p;
    RETURN;
  END IF;
  IF o IS NOT NULL AND NOT admin AND NOT coalesce(o = ANY(vis), false) AND NOT (e = 'customer' AND NOT held) THEN
    verdict := 'denied';
    reason := 'This record belongs to a customer you do not look after.';
    RETURN;
  END IF;
  IF claim IS DISTINCT FROM o THEN
    verdict := 'refused';
    reason := format('The console says this record belongs to %s, but its content says %s.',
                     coalesce('customer ' || claim, 'nobody (shared)'), coalesce('customer ' || o, 'nobody (shared)'));
    RETURN;
  END IF;
  IF e = 'customer' AND NOT held AND NOT admin AND NOT lifeline.in_a_team() THEN
    verdict := 'refused';
    reason := 'You are in no team at central, so a customer you create would belong to nobody. Ask your team lead to add you to a team (lifeline central grant --team NAME --member ROLE).';
    RETURN;
  END IF;
  -- Shared records need an author, as does changing what was one (the record as central holds
  -- it). Incidents and incident events on the internal account do not: every engineer
  -- responds to the MSP's own outages.
  IF held AND NOT tombstone THEN
    SELECT x.owner_id, x.internal INTO was_owner, was_internal FROM lifeline.owner_of(e, cur_data) x;
  END IF;
  IF NOT admin
     AND (e IN ('vendor', 'playbook', 'playbook_version')
          OR (e = 'change' AND o IS NULL)
          OR ((internal OR coalesce(was_internal, false)) AND e NOT IN ('incident', 'incident_event')))
     AND NOT pg_catalog.pg_has_role(session_user, 'lifeline_author', 'MEMBER') THEN
    verdict := 'refused';
    reason := 'Vendors, playbooks and the internal platform account are shared by every team and written only by authors. Ask your team lead for the author role (lifeline central grant --author ROLE).';
    RETURN;
  END IF;
  IF e IN ('handover', 'handover_event') THEN
    SELECT x.mentions, x.problem INTO m, p FROM lifeline.mentions_of(e, d) x;
    IF p IS NOT NULL THEN
      verdict := 'refused';
      reason := p;
      RETURN;
    END IF;
    IF NOT admin AND NOT coalesce(m <@ vis, false) THEN
      verdict := 'denied';
      reason := 'This handover mentions a customer you do not look after.';
      RETURN;
    END IF;
  END IF;
END $$;

CREATE FUNCTION lifeline.judge(e text, rid text, d jsonb, claim text, tombstone boolean,
                               inserting boolean DEFAULT false,
                               OUT existing boolean, OUT verdict text, OUT reason text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT * FROM lifeline.judge_core(e, rid, d, claim, tombstone, inserting)
$$;

-- Every write, raw SQL included, is judged; then central stamps it. Row-level security's
-- WITH CHECK runs after this BEFORE trigger, so it judges the owner derived here. Inside
-- lifeline.push (lifeline.pushing = on) a write that is not ok is skipped rather than raised,
-- so one statement per kind can take a whole batch and the push answers each item itself; a
-- login that sets the flag by hand only turns its own errors into rows not written.
CREATE FUNCTION lifeline.guard() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  j record;
  m text[];
BEGIN
  SELECT * INTO j FROM lifeline.judge_core(NEW.entity, NEW.id, NEW.data, NEW.customer_id, false, TG_OP = 'INSERT');
  IF j.verdict <> 'ok' THEN
    IF current_setting('lifeline.pushing', true) = 'on' THEN
      RETURN NULL;
    END IF;
    RAISE EXCEPTION 'lifeline: % % %: %', NEW.entity, NEW.id, j.verdict, j.reason
      USING ERRCODE = CASE WHEN j.verdict = 'denied' THEN '42501' ELSE '23514' END;
  END IF;
  IF NEW.entity IN ('handover', 'handover_event') THEN
    SELECT x.mentions INTO m FROM lifeline.mentions_of(NEW.entity, NEW.data) x;
    NEW.mentions := m;
  ELSE
    NEW.mentions := NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := session_user;
    NEW.received_at := now();
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    NEW.txid := pg_current_xact_id();
  END IF;
  RETURN NEW;
END $$;

-- An update keeps who wrote the record first and when it first arrived.
CREATE OR REPLACE FUNCTION lifeline.stamp() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  NEW.seq := nextval('lifeline.change_seq');
  NEW.updated_at := now();
  NEW.updated_by := session_user;
  NEW.created_by := OLD.created_by;
  NEW.received_at := OLD.received_at;
  RETURN NEW;
END $$;

CREATE FUNCTION lifeline.append_only() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'lifeline: the records table holds append-only logs and is never truncated'
      USING ERRCODE = '42501';
  END IF;
  RAISE EXCEPTION 'lifeline: % % is append-only at central: % refused', OLD.entity, OLD.id, TG_OP
    USING ERRCODE = '42501';
END $$;

-- Backfill, before the new triggers exist and without restamping (consoles need not pull
-- again): first writers and arrival times, envelopes derived from content (parents first),
-- handovers' mentions.
ALTER TABLE lifeline.records DISABLE TRIGGER USER;
UPDATE lifeline.records SET created_by = updated_by, received_at = updated_at;
DO $$
DECLARE e text;
BEGIN
  FOREACH e IN ARRAY ARRAY['customer', 'site', 'environment', 'asset', 'contact', 'contract', 'window',
                           'overlay', 'incident', 'asset_link', 'incident_event', 'change',
                           'vendor', 'playbook', 'playbook_version', 'handover', 'handover_event'] LOOP
    UPDATE lifeline.records r SET customer_id = o.owner_id
      FROM lifeline.records r2 CROSS JOIN LATERAL lifeline.owner_of(r2.entity, r2.data) o
     WHERE r2.entity = e AND r.entity = r2.entity AND r.id = r2.id
       AND o.problem IS NULL AND r.customer_id IS DISTINCT FROM o.owner_id;
  END LOOP;
  FOREACH e IN ARRAY ARRAY['handover', 'handover_event'] LOOP
    UPDATE lifeline.records r SET mentions = coalesce(m.mentions, ARRAY['(unreadable handover)'])
      FROM lifeline.records r2 CROSS JOIN LATERAL lifeline.mentions_of(r2.entity, r2.data) m
     WHERE r2.entity = e AND r.entity = r2.entity AND r.id = r2.id;
  END LOOP;
END $$;
ALTER TABLE lifeline.records ENABLE TRIGGER USER;
ALTER TABLE lifeline.records
  ALTER COLUMN created_by SET DEFAULT session_user,
  ALTER COLUMN created_by SET NOT NULL,
  ALTER COLUMN received_at SET DEFAULT now(),
  ALTER COLUMN received_at SET NOT NULL;

CREATE TRIGGER records_guard BEFORE INSERT OR UPDATE ON lifeline.records
  FOR EACH ROW EXECUTE FUNCTION lifeline.guard();
-- For every role, the owner's included (no role has DELETE or TRUNCATE through grants either).
CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON lifeline.records
  FOR EACH ROW WHEN (OLD.entity IN ('incident', 'incident_event', 'handover', 'handover_event', 'change', 'playbook_version'))
  EXECUTE FUNCTION lifeline.append_only();
CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON lifeline.records
  FOR EACH STATEMENT EXECUTE FUNCTION lifeline.append_only();

-- Handovers are read only by engineers who may see every customer they mention; others see
-- nothing of them. The helpers are evaluated once per statement (InitPlans), not per row.
DROP POLICY records_read ON lifeline.records;
CREATE POLICY records_read ON lifeline.records FOR SELECT
  USING (customer_id IN (SELECT lifeline.visible_customers())
         OR (SELECT lifeline.sees_all())
         OR (customer_id IS NULL AND (mentions IS NULL OR mentions <@ ARRAY(SELECT lifeline.visible_customers()))));

-- One push, set-based: the records central has never seen go in with one statement per
-- kind, parents first (so a record's owner can be derived from a parent sent in the same
-- push), each judged by the guard; then each item is answered: applied, conflict (central
-- moved on since the console's base revision), denied (not this engineer's customer) or
-- refused (with the reason). Runs with the caller's rights, so row-level security and the
-- guard decide.
DROP FUNCTION lifeline.push(jsonb);
CREATE FUNCTION lifeline.push(items jsonb)
  RETURNS TABLE (change_id text, status text, reason text, rev bigint, data jsonb, deleted boolean,
                 updated_by text, updated_at timestamptz, created_by text, received_at timestamptz)
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  kinds text[] := ARRAY['vendor', 'customer', 'site', 'environment', 'asset', 'asset_link', 'contact',
                        'contract', 'window', 'playbook', 'playbook_version', 'overlay', 'incident',
                        'incident_event', 'handover', 'handover_event', 'change'];
  appends text[] := ARRAY['playbook_version', 'incident', 'incident_event', 'handover', 'handover_event', 'change'];
  present text[];
  e text;
  fresh jsonb;
  it jsonb;
  v record;
  cid text;
  gone boolean;
  n bigint;
  cur lifeline.records%ROWTYPE;
  me text := session_user;
BEGIN
  present := ARRAY(SELECT DISTINCT x.value->>'entity' FROM jsonb_array_elements(items) x);
  PERFORM set_config('lifeline.pushing', 'on', true);
  FOREACH e IN ARRAY kinds || ARRAY(SELECT k FROM unnest(present) k WHERE k IS NOT NULL AND NOT (k = ANY(kinds))) LOOP
    CONTINUE WHEN NOT (e = ANY(present));
    -- No RETURNING: it would hold the new rows to the read policy before customers_adopt has
    -- given a new customer to the creator's teams. No arbiter ("ON CONFLICT (entity, id)")
    -- for the same reason; a playbook version number taken is found below.
    INSERT INTO lifeline.records AS r (entity, id, customer_id, data, rev, deleted, change_id)
    SELECT e, x.value->>'id', x.value->>'customerId', x.value->'data', 1,
           coalesce((x.value->>'deleted')::boolean, false), x.value->>'changeId'
      FROM jsonb_array_elements(items) x
     WHERE x.value->>'entity' = e
       AND NOT EXISTS (SELECT 1 FROM lifeline.records r2 WHERE r2.entity = e AND r2.id = x.value->>'id')
    ON CONFLICT DO NOTHING;
  END LOOP;
  PERFORM set_config('lifeline.pushing', 'off', true);
  -- What this transaction just wrote is applied at revision 1.
  SELECT coalesce(jsonb_object_agg(r.change_id, true), '{}') INTO fresh
    FROM jsonb_array_elements(items) x
    JOIN lifeline.records r ON r.entity = x.value->>'entity' AND r.id = x.value->>'id'
   WHERE r.txid = pg_current_xact_id_if_assigned() AND r.change_id = x.value->>'changeId';

  FOR it IN SELECT x.value FROM jsonb_array_elements(items) x LOOP
    cid := it->>'changeId';
    change_id := cid;
    status := NULL; reason := NULL; rev := NULL; data := NULL; deleted := NULL;
    updated_by := NULL; updated_at := NULL; created_by := NULL; received_at := NULL;
    gone := coalesce((it->>'deleted')::boolean, false);
    IF fresh ? cid THEN
      status := 'applied'; rev := 1; updated_by := me; updated_at := now(); created_by := me; received_at := now();
      RETURN NEXT;
      CONTINUE;
    END IF;
    SELECT * INTO cur FROM lifeline.records r WHERE r.entity = it->>'entity' AND r.id = it->>'id' FOR UPDATE;
    IF NOT FOUND THEN
      -- Not written: the guard's verdict, a row this engineer cannot see, or another
      -- console's playbook version with the same number.
      SELECT * INTO v FROM lifeline.judge(it->>'entity', it->>'id', it->'data', it->>'customerId', gone);
      IF v.verdict <> 'ok' THEN
        status := v.verdict; reason := v.reason;
      ELSE
        SELECT * INTO cur FROM lifeline.records r
         WHERE it->>'entity' = 'playbook_version' AND r.entity = 'playbook_version' AND NOT r.deleted
           AND r.data->>'playbook_id' = it->'data'->>'playbook_id'
           AND (r.data->>'number')::integer = (it->'data'->>'number')::integer;
        IF FOUND THEN
          status := 'conflict'; rev := cur.rev; data := cur.data; deleted := cur.deleted;
          updated_by := cur.updated_by; updated_at := cur.updated_at;
          created_by := cur.created_by; received_at := cur.received_at;
        ELSE
          status := 'denied'; reason := 'This record belongs to a customer you do not look after.';
        END IF;
      END IF;
    ELSIF cur.entity = ANY(appends) THEN
      -- Written once. A repeat is applied only when this login wrote it with this change id
      -- (a lost reply), or when it is the same record; anything else is never rewritten.
      IF (cur.change_id = cid AND cur.created_by = me) OR (cur.data = it->'data' AND cur.deleted = gone) THEN
        status := 'applied'; rev := cur.rev; updated_by := cur.updated_by; updated_at := cur.updated_at;
        created_by := cur.created_by; received_at := cur.received_at;
      ELSE
        status := 'refused';
        reason := format('Central already holds this %s with other content (written by %s); append-only records are never rewritten.', cur.entity, cur.created_by);
      END IF;
    ELSIF cur.change_id = cid THEN
      IF cur.updated_by = me THEN
        status := 'applied'; rev := cur.rev; updated_by := cur.updated_by; updated_at := cur.updated_at;
        created_by := cur.created_by; received_at := cur.received_at;
      ELSE
        status := 'refused';
        reason := format('Change %s is a revision %s wrote; another login''s change id applies nothing.', cid, cur.updated_by);
      END IF;
    ELSIF cur.rev = (it->>'baseRev')::bigint THEN
      SELECT * INTO v FROM lifeline.judge(cur.entity, cur.id, it->'data', it->>'customerId', gone);
      IF v.verdict <> 'ok' THEN
        status := v.verdict; reason := v.reason;
      ELSE
        UPDATE lifeline.records r
           SET data = CASE WHEN gone THEN cur.data || (it->'data') ELSE it->'data' END,
               rev = cur.rev + 1, customer_id = it->>'customerId', deleted = gone, change_id = cid
         WHERE r.entity = cur.entity AND r.id = cur.id;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 1 THEN
          status := 'applied'; rev := cur.rev + 1; updated_by := me; updated_at := now();
          created_by := cur.created_by; received_at := cur.received_at;
        ELSE
          status := 'denied'; reason := 'This record belongs to a customer you do not look after.';
        END IF;
      END IF;
    ELSE
      status := 'conflict'; rev := cur.rev; data := cur.data; deleted := cur.deleted;
      updated_by := cur.updated_by; updated_at := cur.updated_at;
      created_by := cur.created_by; received_at := cur.received_at;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;

-- Engineers may not delete or truncate records, nor set the stamp columns (created_by,
-- received_at, updated_by, updated_at, txid, seq, mentions): their column grants from
-- migration 1 name none of them. Functions are executable only where engineers need them
-- (row-level security's helpers, judge and push); the rest are central's own.
REVOKE DELETE, TRUNCATE ON lifeline.records FROM PUBLIC, lifeline_engineer, lifeline_admin;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA lifeline FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifeline.visible_customers(), lifeline.sees_all(), lifeline.may_access(text),
  lifeline.is_new_customer(text, text, text), lifeline.judge(text, text, jsonb, text, boolean, boolean),
  lifeline.push(jsonb) TO lifeline_engineer, lifeline_admin;
`,
  },
  {
    version: 3,
    name: 'post-incident reviews owned by their incident customer, append-only, stamped',
    sql: `
-- Post-incident reviews travel once published, as append-only records: owned by their
-- incident's customer (derived here from the incident central holds, never from the
-- console's claim), read and written only by that customer's teams, never changed nor
-- deleted once at central, and stamped (created_by, received_at) by the guard like every
-- record. owner_of, judge_core and push are migration 2's with 'review' added: a review
-- of an incident on the internal platform account may be written by any engineer, as the
-- incident may; push inserts reviews after their incidents and never rewrites one.
CREATE OR REPLACE FUNCTION lifeline.owner_of(e text, d jsonb, OUT owner_id text, OUT internal boolean, OUT problem text)
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  parent_entity text;
  parent_id text;
BEGIN
  owner_id := NULL;
  internal := false;
  problem := NULL;
  IF e = 'customer' THEN
    owner_id := d->>'id';
    internal := coalesce(d->>'kind' = 'internal', false);
    RETURN;
  ELSIF e IN ('vendor', 'playbook', 'playbook_version', 'handover', 'handover_event') THEN
    RETURN;
  ELSIF e IN ('site', 'environment', 'asset', 'contact', 'contract', 'window', 'overlay', 'incident') THEN
    parent_entity := 'customer';
    parent_id := d->>'customer_id';
  ELSIF e = 'asset_link' THEN
    parent_entity := 'asset';
    parent_id := d->>'from_asset_id';
  ELSIF e = 'incident_event' THEN
    parent_entity := 'incident';
    parent_id := d->>'incident_id';
  ELSIF e = 'review' THEN
    parent_entity := 'incident';
    parent_id := d->>'incident_id';
  ELSIF e = 'change' THEN
    -- A change entry belongs to the record it describes; about anything else it is shared.
    IF d->>'entity' NOT IN ('customer', 'site', 'environment', 'asset', 'asset_link', 'contact',
                            'contract', 'window', 'overlay') OR d->>'entity' IS NULL THEN
      RETURN;
    END IF;
    parent_entity := d->>'entity';
    parent_id := d->>'entity_id';
  ELSE
    problem := format('Central does not know records of kind %s; update Lifeline.', coalesce(e, '(none)'));
    RETURN;
  END IF;
  IF parent_id IS NULL THEN
    problem := format('This %s names no %s.', e, parent_entity);
    RETURN;
  END IF;
  IF parent_entity = 'customer' THEN
    SELECT r.id, coalesce(r.data->>'kind' = 'internal', false) INTO owner_id, internal
      FROM lifeline.records r WHERE r.entity = 'customer' AND r.id = parent_id;
  ELSE
    SELECT r.customer_id, coalesce(c.data->>'kind' = 'internal', false) INTO owner_id, internal
      FROM lifeline.records r
      LEFT JOIN lifeline.records c ON c.entity = 'customer' AND c.id = r.customer_id
     WHERE r.entity = parent_entity AND r.id = parent_id;
  END IF;
  IF NOT FOUND THEN
    owner_id := NULL;
    internal := false;
    problem := format('Central does not hold its %s %s yet; it is sent again next round.', parent_entity, parent_id);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION lifeline.judge_core(e text, rid text, d jsonb, claim text, tombstone boolean,
                                    inserting boolean,
                                    OUT existing boolean, OUT verdict text, OUT reason text)
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  admin boolean;
  vis text[];
  cur_owner text;
  cur_mentions text[];
  cur_data jsonb;
  held boolean;
  o text;
  internal boolean;
  was_owner text;
  was_internal boolean;
  p text;
  m text[];
BEGIN
  existing := false;
  verdict := 'ok';
  reason := NULL;
  -- As lifeline.sees_all, without a second SECURITY DEFINER call per record.
  admin := pg_catalog.pg_has_role(session_user, 'lifeline_admin', 'MEMBER')
        OR coalesce((SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = session_user), false);
  IF NOT admin THEN vis := ARRAY(SELECT lifeline.visible_customers()); END IF;
  -- An insert needs no look at a row already there (the primary key refuses it), except for
  -- a customer: one that exists is not new, and would fail row-level security's check.
  IF inserting AND e IS DISTINCT FROM 'customer' THEN
    held := false;
  ELSE
    SELECT r.customer_id, r.mentions, r.data INTO cur_owner, cur_mentions, cur_data
      FROM lifeline.records r WHERE r.entity = e AND r.id = rid;
    held := FOUND;
  END IF;
  IF held THEN
    IF NOT coalesce(admin OR cur_owner = ANY(vis)
                    OR (cur_owner IS NULL AND (cur_mentions IS NULL OR cur_mentions <@ vis)), false) THEN
      verdict := 'denied';
      reason := 'This record belongs to a customer you do not look after.';
      RETURN;
    END IF;
    existing := true;
    -- A deletion may carry only the id: it keeps what central holds.
    IF tombstone THEN d := cur_data || d; END IF;
  END IF;
  -- A claim naming a customer this engineer does not look after is denied before anything
  -- about the content is said.
  IF claim IS NOT NULL AND NOT admin AND NOT coalesce(claim = ANY(vis), false)
     AND NOT (e = 'customer' AND NOT held AND claim = rid) THEN
    verdict := 'denied';
    reason := 'This record belongs to a customer you do not look after.';
    RETURN;
  END IF;
  IF d->>'id' IS DISTINCT FROM rid THEN
    verdict := 'refused';
    reason := format('The record is %s but its content says %s.', rid, coalesce(d->>'id', 'no id'));
    RETURN;
  END IF;
  SELECT x.owner_id, x.internal, x.problem INTO o, internal, p FROM lifeline.owner_of(e, d) x;
  IF p IS NOT NULL THEN
    verdict := 'refused';
    reason := p;
    RETURN;
  END IF;
  IF o IS NOT NULL AND NOT admin AND NOT coalesce(o = ANY(vis), false) AND NOT (e = 'customer' AND NOT held) THEN
    verdict := 'denied';
    reason := 'This record belongs to a customer you do not look after.';
    RETURN;
  END IF;
  IF claim IS DISTINCT FROM o THEN
    verdict := 'refused';
    reason := format('The console says this record belongs to %s, but its content says %s.',
                     coalesce('customer ' || claim, 'nobody (shared)'), coalesce('customer ' || o, 'nobody (shared)'));
    RETURN;
  END IF;
  IF e = 'customer' AND NOT held AND NOT admin AND NOT lifeline.in_a_team() THEN
    verdict := 'refused';
    reason := 'You are in no team at central, so a customer you create would belong to nobody. Ask your team lead to add you to a team (lifeline central grant --team NAME --member ROLE).';
    RETURN;
  END IF;
  -- Shared records need an author, as does changing what was one (the record as central holds
  -- it). Incidents and incident events on the internal account do not: every engineer
  -- responds to the MSP's own outages.
  IF held AND NOT tombstone THEN
    SELECT x.owner_id, x.internal INTO was_owner, was_internal FROM lifeline.owner_of(e, cur_data) x;
  END IF;
  IF NOT admin
     AND (e IN ('vendor', 'playbook', 'playbook_version')
          OR (e = 'change' AND o IS NULL)
          OR ((internal OR coalesce(was_internal, false)) AND e NOT IN ('incident', 'incident_event', 'review')))
     AND NOT pg_catalog.pg_has_role(session_user, 'lifeline_author', 'MEMBER') THEN
    verdict := 'refused';
    reason := 'Vendors, playbooks and the internal platform account are shared by every team and written only by authors. Ask your team lead for the author role (lifeline central grant --author ROLE).';
    RETURN;
  END IF;
  IF e IN ('handover', 'handover_event') THEN
    SELECT x.mentions, x.problem INTO m, p FROM lifeline.mentions_of(e, d) x;
    IF p IS NOT NULL THEN
      verdict := 'refused';
      reason := p;
      RETURN;
    END IF;
    IF NOT admin AND NOT coalesce(m <@ vis, false) THEN
      verdict := 'denied';
      reason := 'This handover mentions a customer you do not look after.';
      RETURN;
    END IF;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION lifeline.push(items jsonb)
  RETURNS TABLE (change_id text, status text, reason text, rev bigint, data jsonb, deleted boolean,
                 updated_by text, updated_at timestamptz, created_by text, received_at timestamptz)
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  kinds text[] := ARRAY['vendor', 'customer', 'site', 'environment', 'asset', 'asset_link', 'contact',
                        'contract', 'window', 'playbook', 'playbook_version', 'overlay', 'incident',
                        'incident_event', 'review', 'handover', 'handover_event', 'change'];
  appends text[] := ARRAY['playbook_version', 'incident', 'incident_event', 'review', 'handover', 'handover_event', 'change'];
  present text[];
  e text;
  fresh jsonb;
  it jsonb;
  v record;
  cid text;
  gone boolean;
  n bigint;
  cur lifeline.records%ROWTYPE;
  me text := session_user;
BEGIN
  present := ARRAY(SELECT DISTINCT x.value->>'entity' FROM jsonb_array_elements(items) x);
  PERFORM set_config('lifeline.pushing', 'on', true);
  FOREACH e IN ARRAY kinds || ARRAY(SELECT k FROM unnest(present) k WHERE k IS NOT NULL AND NOT (k = ANY(kinds))) LOOP
    CONTINUE WHEN NOT (e = ANY(present));
    -- No RETURNING: it would hold the new rows to the read policy before customers_adopt has
    -- given a new customer to the creator's teams. No arbiter ("ON CONFLICT (entity, id)")
    -- for the same reason; a playbook version number taken is found below.
    INSERT INTO lifeline.records AS r (entity, id, customer_id, data, rev, deleted, change_id)
    SELECT e, x.value->>'id', x.value->>'customerId', x.value->'data', 1,
           coalesce((x.value->>'deleted')::boolean, false), x.value->>'changeId'
      FROM jsonb_array_elements(items) x
     WHERE x.value->>'entity' = e
       AND NOT EXISTS (SELECT 1 FROM lifeline.records r2 WHERE r2.entity = e AND r2.id = x.value->>'id')
    ON CONFLICT DO NOTHING;
  END LOOP;
  PERFORM set_config('lifeline.pushing', 'off', true);
  -- What this transaction just wrote is applied at revision 1.
  SELECT coalesce(jsonb_object_agg(r.change_id, true), '{}') INTO fresh
    FROM jsonb_array_elements(items) x
    JOIN lifeline.records r ON r.entity = x.value->>'entity' AND r.id = x.value->>'id'
   WHERE r.txid = pg_current_xact_id_if_assigned() AND r.change_id = x.value->>'changeId';

  FOR it IN SELECT x.value FROM jsonb_array_elements(items) x LOOP
    cid := it->>'changeId';
    change_id := cid;
    status := NULL; reason := NULL; rev := NULL; data := NULL; deleted := NULL;
    updated_by := NULL; updated_at := NULL; created_by := NULL; received_at := NULL;
    gone := coalesce((it->>'deleted')::boolean, false);
    IF fresh ? cid THEN
      status := 'applied'; rev := 1; updated_by := me; updated_at := now(); created_by := me; received_at := now();
      RETURN NEXT;
      CONTINUE;
    END IF;
    SELECT * INTO cur FROM lifeline.records r WHERE r.entity = it->>'entity' AND r.id = it->>'id' FOR UPDATE;
    IF NOT FOUND THEN
      -- Not written: the guard's verdict, a row this engineer cannot see, or another
      -- console's playbook version with the same number.
      SELECT * INTO v FROM lifeline.judge(it->>'entity', it->>'id', it->'data', it->>'customerId', gone);
      IF v.verdict <> 'ok' THEN
        status := v.verdict; reason := v.reason;
      ELSE
        SELECT * INTO cur FROM lifeline.records r
         WHERE it->>'entity' = 'playbook_version' AND r.entity = 'playbook_version' AND NOT r.deleted
           AND r.data->>'playbook_id' = it->'data'->>'playbook_id'
           AND (r.data->>'number')::integer = (it->'data'->>'number')::integer;
        IF FOUND THEN
          status := 'conflict'; rev := cur.rev; data := cur.data; deleted := cur.deleted;
          updated_by := cur.updated_by; updated_at := cur.updated_at;
          created_by := cur.created_by; received_at := cur.received_at;
        ELSE
          status := 'denied'; reason := 'This record belongs to a customer you do not look after.';
        END IF;
      END IF;
    ELSIF cur.entity = ANY(appends) THEN
      -- Written once. A repeat is applied only when this login wrote it with this change id
      -- (a lost reply), or when it is the same record; anything else is never rewritten.
      IF (cur.change_id = cid AND cur.created_by = me) OR (cur.data = it->'data' AND cur.deleted = gone) THEN
        status := 'applied'; rev := cur.rev; updated_by := cur.updated_by; updated_at := cur.updated_at;
        created_by := cur.created_by; received_at := cur.received_at;
      ELSE
        status := 'refused';
        reason := format('Central already holds this %s with other content (written by %s); append-only records are never rewritten.', cur.entity, cur.created_by);
      END IF;
    ELSIF cur.change_id = cid THEN
      IF cur.updated_by = me THEN
        status := 'applied'; rev := cur.rev; updated_by := cur.updated_by; updated_at := cur.updated_at;
        created_by := cur.created_by; received_at := cur.received_at;
      ELSE
        status := 'refused';
        reason := format('Change %s is a revision %s wrote; another login''s change id applies nothing.', cid, cur.updated_by);
      END IF;
    ELSIF cur.rev = (it->>'baseRev')::bigint THEN
      SELECT * INTO v FROM lifeline.judge(cur.entity, cur.id, it->'data', it->>'customerId', gone);
      IF v.verdict <> 'ok' THEN
        status := v.verdict; reason := v.reason;
      ELSE
        UPDATE lifeline.records r
           SET data = CASE WHEN gone THEN cur.data || (it->'data') ELSE it->'data' END,
               rev = cur.rev + 1, customer_id = it->>'customerId', deleted = gone, change_id = cid
         WHERE r.entity = cur.entity AND r.id = cur.id;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 1 THEN
          status := 'applied'; rev := cur.rev + 1; updated_by := me; updated_at := now();
          created_by := cur.created_by; received_at := cur.received_at;
        ELSE
          status := 'denied'; reason := 'This record belongs to a customer you do not look after.';
        END IF;
      END IF;
    ELSE
      status := 'conflict'; rev := cur.rev; data := cur.data; deleted := cur.deleted;
      updated_by := cur.updated_by; updated_at := cur.updated_at;
      created_by := cur.created_by; received_at := cur.received_at;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;

DROP TRIGGER records_append_only ON lifeline.records;
CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON lifeline.records
  FOR EACH ROW WHEN (OLD.entity IN ('incident', 'incident_event', 'review', 'handover', 'handover_event', 'change', 'playbook_version'))
  EXECUTE FUNCTION lifeline.append_only();

REVOKE ALL ON FUNCTION lifeline.owner_of(text, jsonb), lifeline.judge_core(text, text, jsonb, text, boolean, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifeline.push(jsonb) TO lifeline_engineer, lifeline_admin;
`,
  },
];

export const CENTRAL_SCHEMA_VERSION = CENTRAL_MIGRATIONS[CENTRAL_MIGRATIONS.length - 1]?.version ?? 0;

/** The central schema version, or 0 when `central init` has never run on this database. */
export async function centralSchemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(
    "SELECT to_regclass('lifeline.schema_migrations')::text AS t",
  );
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ v: number | null }>(
    'SELECT max(version) AS v FROM lifeline.schema_migrations',
  );
  return r.rows[0]?.v ?? 0;
}

export interface InitResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/**
 * Creates or migrates the central schema. Each migration runs in its own transaction with
 * its bookkeeping row; an advisory lock keeps two admins from migrating at once. upTo stops
 * at an older version (tests of the upgrade path).
 */
export async function migrateCentral(
  client: pg.ClientBase,
  opts: { readonly upTo?: number } = {},
): Promise<InitResult> {
  const to = opts.upTo ?? CENTRAL_SCHEMA_VERSION;
  await client.query('SELECT pg_advisory_lock(hashtext($1))', ['lifeline central migrate']);
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS lifeline');
    await client.query(`CREATE TABLE IF NOT EXISTS lifeline.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const from = await centralSchemaVersion(client);
    if (from > CENTRAL_SCHEMA_VERSION) {
      throw new Error(
        `Central is at schema version ${from}, newer than this Lifeline knows (${CENTRAL_SCHEMA_VERSION}). Update Lifeline; central was left as it is.`,
      );
    }
    const applied: string[] = [];
    for (const m of CENTRAL_MIGRATIONS) {
      if (m.version <= from || m.version > to) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO lifeline.schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
      applied.push(`${m.version} ${m.name}`);
    }
    return { from, to: Math.max(from, to), applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['lifeline central migrate']);
  }
}
