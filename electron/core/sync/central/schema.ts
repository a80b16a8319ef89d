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
 * its bookkeeping row; an advisory lock keeps two admins from migrating at once.
 */
export async function migrateCentral(client: pg.ClientBase): Promise<InitResult> {
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
      if (m.version <= from) continue;
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
    return { from, to: CENTRAL_SCHEMA_VERSION, applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['lifeline central migrate']);
  }
}
