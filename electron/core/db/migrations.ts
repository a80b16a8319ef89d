/**
 * Numbered schema migrations, applied in order in one transaction; the schema version is
 * PRAGMA user_version. Never edit a migration that has shipped: add the next one.
 *
 * Conventions for every table that will sync (#7): UUIDv7 `id`, `created_at`,
 * `updated_at` (ISO-8601 UTC), `deleted_at` (tombstone, NULL while live) and `version`
 * (bumped on each local edit, for conflict detection against central).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const syncColumns = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1`;

/** What one table contributes to the search index; `r` is the row alias (NEW, or a join alias). */
interface SearchColumns {
  readonly title: (r: string) => string;
  readonly keys: (r: string) => string;
  readonly body: (r: string) => string;
}

/** A JSON array of strings as space-separated words, for the index. */
const jsonWords = (expr: string) =>
  `replace(replace(replace(replace(${expr}, '[', ''), ']', ''), '"', ''), ',', ' ')`;
/** A phone number as one run of digits too, so "+442079460943" finds "+44 20 7946 0943". */
const phoneDigits = (expr: string) =>
  `replace(replace(replace(replace(replace(replace(coalesce(${expr}, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '')`;
/**
 * Each IPv4 address also as one token ("10.4.10.11" → ip10x4x10x11): unicode61 splits
 * addresses at the dots, and a phrase of number tokens shared by nearly every asset
 * ("10", "4") costs tens of milliseconds, while a prefix of this one token costs one.
 */
const ipTokens = (expr: string) => `coalesce((SELECT group_concat('ip' || replace(
    CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END, '.', 'x'), ' ')
    FROM json_each(${expr}) WHERE value GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*'), '')`;
/**
 * The owning customer's code and name go into an asset's or contact's body, so
 * "acme dc01" finds Acme's dc01 among hundreds; customers_search_owner keeps them current.
 */
const ownerWords = (r: string) =>
  `coalesce((SELECT code || ' ' || name FROM customers WHERE id = ${r}.customer_id), '')`;

/**
 * Triggers that keep one table's rows in the search index: insert on insert, replace on
 * update, and drop when the row is deleted or tombstoned.
 */
function searchTriggers(kind: string, table: string, customerExpr: string, cols: SearchColumns): string {
  const insert = `
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT '${kind}', NEW.id, ${customerExpr} WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, ${cols.title('NEW')}, ${cols.keys('NEW')}, ${cols.body('NEW')} FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;`;
  return `
CREATE TRIGGER ${table}_search_ai AFTER INSERT ON ${table} BEGIN${insert}
END;
CREATE TRIGGER ${table}_search_au AFTER UPDATE ON ${table} BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;${insert}
END;
CREATE TRIGGER ${table}_search_ad AFTER DELETE ON ${table} BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;
`;
}

const ASSET_SEARCH: SearchColumns = {
  title: (r) => `${r}.name`,
  keys: (
    r,
  ) => `coalesce(${r}.hostname, '') || ' ' || ${jsonWords(`${r}.ip_addresses`)} || ' ' || ${ipTokens(`${r}.ip_addresses`)}
          || ' ' || coalesce(${r}.serial, '') || ' ' || coalesce(${r}.model, '') || ' ' || coalesce(${r}.platform, '')
          || ' ' || ${jsonWords(`${r}.tags`)} || ' ' || replace(${r}.kind, '_', ' ')`,
  body: (r) => `coalesce(${r}.access_notes, '') || ' ' || ${r}.attributes || ' ' || ${ownerWords(r)}`,
};

const CONTACT_SEARCH: SearchColumns = {
  title: (r) => `${r}.name`,
  keys: (r) =>
    `${r}.role || ' ' || coalesce(${r}.phone, '') || ' ' || ${phoneDigits(`${r}.phone`)} || ' ' || coalesce(${r}.email, '')`,
  body: (r) => `coalesce(${r}.notes, '') || ' ' || ${ownerWords(r)}`,
};

/** A customer's new code or name reaches the index rows of its assets and contacts. */
const ownerRefreshTrigger = `
CREATE TRIGGER customers_search_owner AFTER UPDATE OF code, name ON customers BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT rowid FROM search_docs WHERE customer_id = NEW.id AND kind IN ('asset', 'contact'));
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, ${ASSET_SEARCH.title('a')}, ${ASSET_SEARCH.keys('a')}, ${ASSET_SEARCH.body('a')}
      FROM search_docs d JOIN assets a ON a.id = d.ref_id WHERE d.customer_id = NEW.id AND d.kind = 'asset';
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, ${CONTACT_SEARCH.title('c')}, ${CONTACT_SEARCH.keys('c')}, ${CONTACT_SEARCH.body('c')}
      FROM search_docs d JOIN contacts c ON c.id = d.ref_id WHERE d.customer_id = NEW.id AND d.kind = 'contact';
END;
`;

/**
 * Tables that travel to central, frozen as of migration 6 (a later migration adds to it, never
 * edits it). 'doc' rows are documents edited in place (insert and update are queued);
 * 'append' rows are written once (insert is queued). Handovers travel once submitted (then
 * frozen); derived tables (incident metrics, search) are rebuilt from what arrives; engineer
 * profiles and shifts belong to one console.
 */
const SYNCED_AT_6: ReadonlyArray<readonly [entity: string, table: string, kind: 'doc' | 'append']> = [
  ['vendor', 'vendors', 'doc'],
  ['customer', 'customers', 'doc'],
  ['site', 'sites', 'doc'],
  ['environment', 'environments', 'doc'],
  ['asset', 'assets', 'doc'],
  ['asset_link', 'asset_links', 'doc'],
  ['contact', 'contacts', 'doc'],
  ['contract', 'support_contracts', 'doc'],
  ['window', 'maintenance_windows', 'doc'],
  ['playbook', 'playbooks', 'doc'],
  ['playbook_version', 'playbook_versions', 'append'],
  ['overlay', 'overlays', 'doc'],
  ['incident', 'incidents', 'append'],
  ['incident_event', 'incident_events', 'append'],
  ['handover', 'handovers', 'append'],
  ['handover_event', 'handover_events', 'append'],
  ['change', 'change_log', 'append'],
];

function syncMigrationSql(): string {
  const queue = (entity: string) => `
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('${entity}', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;`;
  // Rows written while a pull applies central's changes are not queued back to central.
  const notApplying = `NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')`;
  let triggers = '';
  let backfill = '';
  for (const [entity, table, kind] of SYNCED_AT_6) {
    const only = table === 'handovers' ? ' AND NEW.submitted_at IS NOT NULL' : '';
    triggers += `
CREATE TRIGGER ${table}_sync_ai AFTER INSERT ON ${table} WHEN ${notApplying}${only} BEGIN${queue(entity)}
END;`;
    if (kind === 'doc' || table === 'handovers') {
      triggers += `
CREATE TRIGGER ${table}_sync_au AFTER UPDATE ON ${table} WHEN ${notApplying}${only} BEGIN${queue(entity)}
END;`;
    }
    const where = table === 'handovers' ? ' WHERE submitted_at IS NOT NULL' : '';
    backfill += `
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT '${entity}', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM ${table}${where};`;
  }
  return `
-- Sync bookkeeping, one row per key: the pull cursor, the central this copy belongs to,
-- the last round. The 'applying' key exists only inside a pull's own transaction.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Local records waiting to be pushed: one row per record (a second edit before the push
-- replaces the first's change id). change_id makes a repeated push a no-op at central.
-- parked: 'conflict' or 'denied' rows wait for a person (or new rights), not for a retry.
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  change_id TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  parked TEXT CHECK (parked IN ('conflict','denied')),
  UNIQUE (entity, row_id)
) STRICT;
-- The status bar shows the outbox size on every refresh: count(*) is cheap, parked rows few.
CREATE INDEX sync_outbox_parked ON sync_outbox(parked) WHERE parked IS NOT NULL;

-- Central's revision of each record this copy holds: the base of the next push, and how a
-- pull knows an echo of our own push from a newer change.
CREATE TABLE sync_rows (
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  customer_id TEXT,
  rev INTEGER NOT NULL,
  PRIMARY KEY (entity, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_rows_customer ON sync_rows(customer_id) WHERE customer_id IS NOT NULL;

-- When central last confirmed each customer's local copy current.
CREATE TABLE sync_customers (
  customer_id TEXT PRIMARY KEY,
  synced_at TEXT NOT NULL
) STRICT;

-- Both versions of a record changed here and at central since they last agreed, kept for a
-- person to choose; nothing is overwritten silently.
CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  customer_id TEXT,
  reason TEXT NOT NULL,
  mine TEXT,                               -- JSON of the local row, NULL when deleted here
  theirs TEXT,                             -- JSON of central's row, NULL when deleted there
  theirs_rev INTEGER NOT NULL,
  theirs_by TEXT,
  theirs_at TEXT,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  resolution TEXT CHECK (resolution IN ('mine','theirs')),
  resolved_by TEXT
) STRICT;
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts(entity, row_id) WHERE resolved_at IS NULL;
${triggers}
-- Everything already here is this console's to push at its first sync.
${backfill}
`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'catalog, playbooks, incidents, settings',
    sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('platinum','gold','silver','bronze')),
  time_zone TEXT NOT NULL,
  restore_targets TEXT NOT NULL,           -- JSON {sev1..sev4: minutes}
  support_hours TEXT,
  notes TEXT,
  tags TEXT NOT NULL DEFAULT '[]',         -- JSON array
  reviewed_at TEXT,
  review_interval_days INTEGER NOT NULL DEFAULT 180,
  source TEXT,                             -- where it was imported from (netbox, csv, demo)
  source_id TEXT,
  ${syncColumns}
) STRICT;
CREATE UNIQUE INDEX customers_code ON customers(code) WHERE deleted_at IS NULL;
CREATE INDEX customers_source ON customers(source, source_id);

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  city TEXT,
  address TEXT,
  source TEXT, source_id TEXT,
  ${syncColumns}
) STRICT;
CREATE INDEX sites_customer ON sites(customer_id);

CREATE TABLE environments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  site_id TEXT REFERENCES sites(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- production, dr, test, ...
  ${syncColumns}
) STRICT;
CREATE INDEX environments_customer ON environments(customer_id);

CREATE TABLE vendors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  support_phone TEXT,
  support_email TEXT,
  website TEXT,
  source TEXT, source_id TEXT,
  ${syncColumns}
) STRICT;

CREATE TABLE assets (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  environment_id TEXT REFERENCES environments(id),
  site_id TEXT REFERENCES sites(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  hostname TEXT,
  ip_addresses TEXT NOT NULL DEFAULT '[]', -- JSON array of addresses
  platform TEXT,
  vendor_id TEXT REFERENCES vendors(id),
  model TEXT,
  serial TEXT,
  criticality TEXT NOT NULL DEFAULT 'medium' CHECK (criticality IN ('critical','high','medium','low')),
  management_url TEXT,
  access_notes TEXT,                       -- where the secret lives (vault path), never the secret
  attributes TEXT NOT NULL DEFAULT '{}',   -- JSON object of free attributes
  tags TEXT NOT NULL DEFAULT '[]',
  source TEXT, source_id TEXT,
  ${syncColumns}
) STRICT;
CREATE INDEX assets_customer ON assets(customer_id, kind);
CREATE INDEX assets_hostname ON assets(hostname);
CREATE INDEX assets_source ON assets(source, source_id);

CREATE TABLE asset_links (
  id TEXT PRIMARY KEY,
  from_asset_id TEXT NOT NULL REFERENCES assets(id),   -- the dependent (the VM)
  to_asset_id TEXT NOT NULL REFERENCES assets(id),     -- what it needs (the cluster)
  kind TEXT NOT NULL CHECK (kind IN ('runs_on','depends_on')),
  ${syncColumns}
) STRICT;
CREATE INDEX asset_links_from ON asset_links(from_asset_id);
CREATE INDEX asset_links_to ON asset_links(to_asset_id);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  escalation_order INTEGER NOT NULL,
  notes TEXT,
  source TEXT, source_id TEXT,
  ${syncColumns}
) STRICT;
CREATE INDEX contacts_customer ON contacts(customer_id, escalation_order);

CREATE TABLE support_contracts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  vendor_id TEXT NOT NULL REFERENCES vendors(id),
  contract_number TEXT,
  support_phone TEXT,                      -- overrides the vendor's general number
  hours TEXT,                              -- 24x7, 8x5 NBD, ...
  expires_on TEXT,                         -- ISO date
  ${syncColumns}
) STRICT;
CREATE INDEX support_contracts_customer ON support_contracts(customer_id);
CREATE INDEX support_contracts_vendor ON support_contracts(vendor_id);

CREATE TABLE maintenance_windows (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- ISO weekday in the customer's time zone
  start_time TEXT NOT NULL,                -- HH:MM local
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  ${syncColumns}
) STRICT;
CREATE INDEX maintenance_windows_customer ON maintenance_windows(customer_id);

CREATE TABLE playbooks (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  owner TEXT,
  review_interval_days INTEGER NOT NULL DEFAULT 90,
  reviewed_at TEXT,
  source TEXT, source_id TEXT,
  ${syncColumns}
) STRICT;

-- Every save of a core playbook is a new immutable row here.
CREATE TABLE playbook_versions (
  id TEXT PRIMARY KEY,
  playbook_id TEXT NOT NULL REFERENCES playbooks(id),
  number INTEGER NOT NULL,
  body TEXT NOT NULL,                      -- JSON: applies-to, target, parameters, steps
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (playbook_id, number)
) STRICT;

CREATE TABLE overlays (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  playbook_id TEXT NOT NULL REFERENCES playbooks(id),
  core_version INTEGER NOT NULL,           -- the core version it was written against
  body TEXT NOT NULL,                      -- JSON: parameter values, step changes
  ${syncColumns}
) STRICT;
CREATE UNIQUE INDEX overlays_customer_playbook ON overlays(customer_id, playbook_id) WHERE deleted_at IS NULL;

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  title TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('sev1','sev2','sev3','sev4')),
  status TEXT NOT NULL CHECK (status IN ('open','restoring','restored','closed')),
  opened_at TEXT NOT NULL,
  restored_at TEXT,
  closed_at TEXT,
  ${syncColumns}
) STRICT;
CREATE INDEX incidents_customer ON incidents(customer_id, status);
CREATE INDEX incidents_status ON incidents(status);

-- Append-only: rows are never updated or deleted; incident state is derived from them.
CREATE TABLE incident_events (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  at TEXT NOT NULL,
  device TEXT NOT NULL,
  author TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX incident_events_incident ON incident_events(incident_id, at, id);

-- Every local edit, with who and when: the audit trail and the sync outbox (#7).
CREATE TABLE change_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  author TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create','update','delete')),
  payload TEXT NOT NULL DEFAULT '{}',
  pushed_at TEXT
) STRICT;
CREATE INDEX change_log_entity ON change_log(entity, entity_id);
`,
  },
  {
    version: 2,
    name: 'catalog: internal accounts, address index, search index',
    sql:
      `
-- The MSP's own shared platform (clusters, carriers used by many customers) is an
-- 'internal' account: it appears in the catalog and blast radius, not in customer counts.
ALTER TABLE customers ADD COLUMN kind TEXT NOT NULL DEFAULT 'customer' CHECK (kind IN ('customer','internal'));

CREATE INDEX assets_name_nocase ON assets(name COLLATE NOCASE);
CREATE INDEX assets_hostname_nocase ON assets(hostname COLLATE NOCASE);
CREATE INDEX assets_vendor ON assets(vendor_id);
CREATE INDEX customers_name_nocase ON customers(name COLLATE NOCASE);
CREATE INDEX contacts_name_nocase ON contacts(name COLLATE NOCASE);
CREATE INDEX vendors_name_nocase ON vendors(name COLLATE NOCASE);

-- One row per address an asset answers on, kept by triggers from assets.ip_addresses,
-- so an IP typed in full finds its asset with one index lookup. A prefix length
-- ("10.1.2.3/24") is dropped.
CREATE TABLE asset_addresses (
  asset_id TEXT NOT NULL REFERENCES assets(id),
  address TEXT NOT NULL,
  PRIMARY KEY (asset_id, address)
) STRICT, WITHOUT ROWID;
CREATE INDEX asset_addresses_address ON asset_addresses(address);

CREATE TRIGGER assets_addresses_ai AFTER INSERT ON assets BEGIN
  INSERT OR IGNORE INTO asset_addresses (asset_id, address)
    SELECT NEW.id, CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END
      FROM json_each(NEW.ip_addresses) WHERE NEW.deleted_at IS NULL AND trim(value) <> '';
END;
CREATE TRIGGER assets_addresses_au AFTER UPDATE OF ip_addresses, deleted_at ON assets BEGIN
  DELETE FROM asset_addresses WHERE asset_id = OLD.id;
  INSERT OR IGNORE INTO asset_addresses (asset_id, address)
    SELECT NEW.id, CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END
      FROM json_each(NEW.ip_addresses) WHERE NEW.deleted_at IS NULL AND trim(value) <> '';
END;

-- Full-text search over everything an engineer types into the palette. search_docs maps
-- each indexed record to the FTS rowid; triggers keep both in step with the base tables.
-- Columns: title (the name), keys (codes, host names, addresses, serials, tags, phone
-- numbers), body (notes, free attributes, and for assets and contacts the owning
-- customer's code and name). kind is open: playbooks join as 'playbook' later.
CREATE TABLE search_docs (
  rowid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL UNIQUE,
  customer_id TEXT
) STRICT;
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, keys, body,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '2 3'
);
` +
      searchTriggers('customer', 'customers', 'NEW.id', {
        title: (r) => `${r}.name`,
        keys: (r) => `${r}.code || ' ' || ${jsonWords(`${r}.tags`)}`,
        body: (r) => `coalesce(${r}.notes, '') || ' ' || coalesce(${r}.support_hours, '')`,
      }) +
      searchTriggers('asset', 'assets', 'NEW.customer_id', ASSET_SEARCH) +
      searchTriggers('contact', 'contacts', 'NEW.customer_id', CONTACT_SEARCH) +
      searchTriggers('vendor', 'vendors', 'NULL', {
        title: (r) => `${r}.name`,
        keys: (r) =>
          `coalesce(${r}.support_phone, '') || ' ' || ${phoneDigits(`${r}.support_phone`)} || ' ' || coalesce(${r}.support_email, '') || ' ' || coalesce(${r}.website, '')`,
        body: () => "''",
      }) +
      ownerRefreshTrigger,
  },
  {
    version: 3,
    name: 'playbooks in search',
    // A playbook's searchable text lives in its current version's body: index it when a
    // version is written (title, summary, symptoms, step titles) and when the record
    // changes (title, tombstone).
    sql: `
CREATE TRIGGER playbook_versions_search_ai AFTER INSERT ON playbook_versions BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = NEW.playbook_id);
  DELETE FROM search_docs WHERE ref_id = NEW.playbook_id;
  INSERT INTO search_docs (kind, ref_id, customer_id)
    SELECT 'playbook', p.id, NULL FROM playbooks p WHERE p.id = NEW.playbook_id AND p.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, p.title,
           coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.appliesTo.symptoms')), '') || ' ' ||
           coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.appliesTo.tags')), '') || ' ' ||
           coalesce(p.owner, ''),
           coalesce(json_extract(NEW.body, '$.summary'), '') || ' ' ||
           coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(NEW.body, '$.steps')), '')
      FROM search_docs d JOIN playbooks p ON p.id = d.ref_id
     WHERE d.ref_id = NEW.playbook_id;
END;
CREATE TRIGGER playbooks_search_au AFTER UPDATE OF title, owner, deleted_at ON playbooks BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'playbook', NEW.id, NULL WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, NEW.title,
           coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.symptoms')), '') || ' ' ||
           coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.tags')), '') || ' ' ||
           coalesce(NEW.owner, ''),
           coalesce(json_extract(v.body, '$.summary'), '') || ' ' ||
           coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(v.body, '$.steps')), '')
      FROM search_docs d JOIN playbook_versions v ON v.playbook_id = NEW.id AND v.number = NEW.current_version
     WHERE d.ref_id = NEW.id;
END;
CREATE TRIGGER playbooks_search_ad AFTER DELETE ON playbooks BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;
-- Playbooks already in the database (written before this migration).
INSERT INTO search_docs (kind, ref_id, customer_id)
  SELECT 'playbook', p.id, NULL FROM playbooks p WHERE p.deleted_at IS NULL AND p.id NOT IN (SELECT ref_id FROM search_docs);
INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, p.title,
         coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.symptoms')), '') || ' ' ||
         coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.tags')), '') || ' ' ||
         coalesce(p.owner, ''),
         coalesce(json_extract(v.body, '$.summary'), '') || ' ' ||
         coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(v.body, '$.steps')), '')
    FROM search_docs d JOIN playbooks p ON p.id = d.ref_id
    JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
   WHERE d.kind = 'playbook';
`,
  },
  {
    version: 4,
    name: 'incident metrics',
    // Derived from incident_events, never edited by hand: the incident service rewrites an
    // incident's row, runs and run steps in the same transaction as each event it appends,
    // so listings, Insights and suggestion ranking read them without replaying every log.
    // The backfill below covers logs written before this version (demo data), which have
    // no run ids: a step event belongs to the latest run started before it.
    sql: `
ALTER TABLE incidents ADD COLUMN acknowledged_at TEXT;
ALTER TABLE incidents ADD COLUMN clock_start_at TEXT;
ALTER TABLE incidents ADD COLUMN target_minutes INTEGER;
ALTER TABLE incidents ADD COLUMN deadline_at TEXT;
ALTER TABLE incidents ADD COLUMN symptom TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN asset_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE incidents ADD COLUMN source TEXT;
ALTER TABLE incidents ADD COLUMN last_event_at TEXT;
ALTER TABLE incidents ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN next_step TEXT;
ALTER TABLE incidents ADD COLUMN steps_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN steps_total INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_board ON incidents(status, deadline_at);
CREATE INDEX incidents_opened ON incidents(opened_at);
CREATE INDEX incidents_customer_opened ON incidents(customer_id, opened_at);

-- One row per playbook run: which playbook (version) ran for whom, and whether service
-- came back while it was the incident's latest run.
CREATE TABLE playbook_runs (
  run_id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  playbook_id TEXT NOT NULL,
  playbook_version INTEGER NOT NULL,
  customer_id TEXT NOT NULL,
  asset_id TEXT,
  severity TEXT NOT NULL,
  started_at TEXT NOT NULL,
  restored_at TEXT,                        -- the incident's restore while this run was its latest
  minutes_to_restore REAL,                 -- from the incident's clock start to restored_at
  steps_total INTEGER NOT NULL,
  steps_done INTEGER NOT NULL,
  steps_skipped INTEGER NOT NULL,
  steps_failed INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('restored','open','abandoned'))
) STRICT;
CREATE INDEX playbook_runs_incident ON playbook_runs(incident_id);
CREATE INDEX playbook_runs_playbook ON playbook_runs(playbook_id, customer_id);
CREATE INDEX playbook_runs_customer ON playbook_runs(customer_id, started_at);

-- The latest recorded outcome of each step of a run (pending steps have no row).
CREATE TABLE run_steps (
  run_id TEXT NOT NULL REFERENCES playbook_runs(run_id) ON DELETE CASCADE,
  step_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('done','skipped','failed')),
  recorded_at TEXT NOT NULL,
  seconds_since_previous INTEGER,          -- since the run's previous step record, or its start
  timebox_minutes INTEGER,
  PRIMARY KEY (run_id, step_id)
) STRICT;

-- Backfill of incidents written before this version.
UPDATE incidents SET
  clock_start_at = coalesce((SELECT json_extract(e.payload, '$.clockStartAt') FROM incident_events e
                              WHERE e.incident_id = incidents.id AND e.type = 'opened' ORDER BY e.at, e.id LIMIT 1), opened_at),
  symptom = coalesce((SELECT json_extract(e.payload, '$.symptom') FROM incident_events e
                       WHERE e.incident_id = incidents.id AND e.type = 'opened' ORDER BY e.at, e.id LIMIT 1), ''),
  asset_ids = coalesce((SELECT json_extract(e.payload, '$.assetIds') FROM incident_events e
                         WHERE e.incident_id = incidents.id AND e.type = 'opened' ORDER BY e.at, e.id LIMIT 1), '[]'),
  source = coalesce((SELECT json_extract(e.payload, '$.source') FROM incident_events e
                      WHERE e.incident_id = incidents.id AND e.type = 'opened' ORDER BY e.at, e.id LIMIT 1), 'manual'),
  acknowledged_at = (SELECT min(e.at) FROM incident_events e WHERE e.incident_id = incidents.id AND e.type = 'acknowledged'),
  last_event_at = (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = incidents.id),
  event_count = (SELECT count(*) FROM incident_events e WHERE e.incident_id = incidents.id),
  target_minutes = (SELECT json_extract(c.restore_targets, '$.' || incidents.severity) FROM customers c WHERE c.id = incidents.customer_id);
UPDATE incidents SET deadline_at = strftime('%Y-%m-%dT%H:%M:%fZ', clock_start_at, '+' || target_minutes || ' minutes')
 WHERE target_minutes IS NOT NULL;

CREATE TEMP TABLE backfill_starts AS
  SELECT e.id AS event_id, e.incident_id, e.at, e.author,
         coalesce(json_extract(e.payload, '$.runId'), e.id) AS run_id,
         json_extract(e.payload, '$.playbookId') AS playbook_id,
         coalesce(json_extract(e.payload, '$.playbookVersion'), 0) AS playbook_version,
         json_extract(e.payload, '$.assetId') AS asset_id,
         json_array_length(e.payload, '$.effective.steps') AS planned,
         lead(e.at) OVER (PARTITION BY e.incident_id ORDER BY e.at, e.id) AS next_at
    FROM incident_events e
   WHERE e.type = 'playbook_started' AND json_extract(e.payload, '$.playbookId') IS NOT NULL;
CREATE TEMP TABLE backfill_steps AS
  WITH tagged AS (
    SELECT e.id, e.at, e.type, json_extract(e.payload, '$.stepId') AS step_id,
           coalesce(json_extract(e.payload, '$.runId'),
             (SELECT s.run_id FROM backfill_starts s WHERE s.incident_id = e.incident_id
                 AND (s.at < e.at OR (s.at = e.at AND s.event_id < e.id))
               ORDER BY s.at DESC, s.event_id DESC LIMIT 1)) AS run_id
      FROM incident_events e
     WHERE e.type IN ('step_done','step_skipped','step_failed') AND json_extract(e.payload, '$.stepId') IS NOT NULL),
  ranked AS (
    SELECT *, row_number() OVER (PARTITION BY run_id, step_id ORDER BY at DESC, id DESC) AS latest,
           min(at) OVER (PARTITION BY run_id, step_id) AS first_at
      FROM tagged WHERE run_id IN (SELECT run_id FROM backfill_starts))
  SELECT r.run_id, r.step_id, r.id, r.at, r.first_at,
         CASE r.type WHEN 'step_done' THEN 'done' WHEN 'step_skipped' THEN 'skipped' ELSE 'failed' END AS outcome
    FROM ranked r WHERE r.latest = 1;

INSERT INTO playbook_runs (run_id, incident_id, playbook_id, playbook_version, customer_id, asset_id, severity,
                           started_at, restored_at, minutes_to_restore, steps_total, steps_done, steps_skipped,
                           steps_failed, outcome)
  SELECT s.run_id, s.incident_id, s.playbook_id, s.playbook_version, i.customer_id, s.asset_id, i.severity, s.at,
         r.restored_at,
         CASE WHEN r.restored_at IS NULL THEN NULL
              ELSE (round(unixepoch(r.restored_at, 'subsec') * 1000) - round(unixepoch(i.clock_start_at, 'subsec') * 1000)) / 60000.0 END,
         coalesce(s.planned, (SELECT count(*) FROM backfill_steps b WHERE b.run_id = s.run_id)),
         (SELECT count(*) FROM backfill_steps b WHERE b.run_id = s.run_id AND b.outcome = 'done'),
         (SELECT count(*) FROM backfill_steps b WHERE b.run_id = s.run_id AND b.outcome = 'skipped'),
         (SELECT count(*) FROM backfill_steps b WHERE b.run_id = s.run_id AND b.outcome = 'failed'),
         CASE WHEN r.restored_at IS NOT NULL THEN 'restored'
              WHEN s.next_at IS NOT NULL OR i.status = 'closed' THEN 'abandoned'
              ELSE 'open' END
    FROM backfill_starts s
    JOIN incidents i ON i.id = s.incident_id
    LEFT JOIN (SELECT s2.run_id, (SELECT min(e.at) FROM incident_events e
                                   WHERE e.incident_id = s2.incident_id AND e.type = 'restored'
                                     AND e.at >= s2.at AND (s2.next_at IS NULL OR e.at < s2.next_at)) AS restored_at
                 FROM backfill_starts s2) r ON r.run_id = s.run_id;

INSERT INTO run_steps (run_id, step_id, position, outcome, recorded_at, seconds_since_previous, timebox_minutes)
  SELECT b.run_id, b.step_id,
         coalesce(
           (SELECT CAST(j.key AS INTEGER) + 1 FROM backfill_starts s, incident_events e,
                   json_each(e.payload, '$.effective.steps') j
             WHERE s.run_id = b.run_id AND e.id = s.event_id AND json_extract(j.value, '$.id') = b.step_id),
           row_number() OVER (PARTITION BY b.run_id ORDER BY b.first_at, b.step_id)),
         b.outcome, b.at,
         CAST(round((round(unixepoch(b.at, 'subsec') * 1000) - round(unixepoch(coalesce(
           lag(b.at) OVER (PARTITION BY b.run_id ORDER BY b.at, b.id),
           (SELECT s.at FROM backfill_starts s WHERE s.run_id = b.run_id)), 'subsec') * 1000)) / 1000.0) AS INTEGER),
         (SELECT json_extract(j.value, '$.timeboxMinutes') FROM backfill_starts s, incident_events e,
                 json_each(e.payload, '$.effective.steps') j
           WHERE s.run_id = b.run_id AND e.id = s.event_id AND json_extract(j.value, '$.id') = b.step_id)
    FROM backfill_steps b;

UPDATE incidents SET
  steps_total = coalesce((SELECT p.steps_total FROM playbook_runs p WHERE p.incident_id = incidents.id
                           ORDER BY p.started_at DESC, p.run_id DESC LIMIT 1), 0),
  steps_done = coalesce((SELECT p.steps_done + p.steps_skipped FROM playbook_runs p WHERE p.incident_id = incidents.id
                          ORDER BY p.started_at DESC, p.run_id DESC LIMIT 1), 0);
DROP TABLE backfill_starts;
DROP TABLE backfill_steps;
`,
  },
  {
    version: 5,
    name: 'engineers, shifts, handovers',
    // A submitted handover is a frozen document and its review an append-only log of acts:
    // triggers refuse any change to either, whoever tries. Drafts stay editable.
    sql: `
CREATE TABLE engineers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  initials TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX engineers_name ON engineers(name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE shifts (
  id TEXT PRIMARY KEY,
  engineer_id TEXT REFERENCES engineers(id),
  engineer_name TEXT NOT NULL,
  engineer_initials TEXT NOT NULL,
  device TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
-- One running shift per console.
CREATE UNIQUE INDEX shifts_running ON shifts(device) WHERE ended_at IS NULL AND deleted_at IS NULL;
CREATE INDEX shifts_started ON shifts(started_at);

CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  shift_id TEXT REFERENCES shifts(id),     -- NULL when imported from another console
  from_name TEXT NOT NULL,
  from_initials TEXT NOT NULL,
  shift_started_at TEXT NOT NULL,
  shift_ended_at TEXT NOT NULL,
  device TEXT NOT NULL,                    -- the console it was written on
  items TEXT NOT NULL DEFAULT '[]',        -- JSON array of items; frozen once submitted
  proposed TEXT NOT NULL DEFAULT '[]',     -- draft: every generated item, so removed ones can return
  submitted_at TEXT,
  content_hash TEXT,                       -- sha256 of the canonical frozen document
  imported_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX handovers_shift_end ON handovers(shift_ended_at);
CREATE INDEX handovers_from ON handovers(from_name COLLATE NOCASE);
CREATE TRIGGER handovers_frozen_update BEFORE UPDATE ON handovers WHEN OLD.submitted_at IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'a submitted handover is frozen');
END;
CREATE TRIGGER handovers_frozen_delete BEFORE DELETE ON handovers WHEN OLD.submitted_at IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'a submitted handover is frozen');
END;

-- Append-only: who submitted, accepted, questioned, answered, and when.
CREATE TABLE handover_events (
  id TEXT PRIMARY KEY,
  handover_id TEXT NOT NULL REFERENCES handovers(id),
  item_id TEXT,
  at TEXT NOT NULL,
  device TEXT NOT NULL,
  author TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('submitted','accepted','questioned','answered')),
  payload TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX handover_events_handover ON handover_events(handover_id, at, id);
CREATE TRIGGER handover_events_no_update BEFORE UPDATE ON handover_events BEGIN
  SELECT RAISE(ABORT, 'handover events are append-only');
END;
CREATE TRIGGER handover_events_no_delete BEFORE DELETE ON handover_events BEGIN
  SELECT RAISE(ABORT, 'handover events are append-only');
END;
`,
  },
  {
    version: 6,
    name: 'team sync: outbox, central revisions, conflicts',
    sql: syncMigrationSql(),
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
