/**
 * Version 9: the search index in palette order, so the palette's questions are answered
 * by reading the first rows instead of ranking every match (issue 17).
 *
 * - search_docs rowids (shared with search_fts) follow importance order: kind (customer,
 *   asset, vendor, contact, playbook), then the account (the shared platform, then
 *   platinum, gold, silver, bronze), the customer's name, machines before the services
 *   running on them (a database or application service shares its VM's host name and
 *   address), the record's name. `sort_key` spells that order as text. Rows are numbered
 *   65,536 apart here; a record added later takes the rowid halfway between its neighbours
 *   in that order (two lookups on search_docs_sort), or goes last when there is no room.
 *   An edit keeps the record's place (a rename or a tier change moves it only at the next
 *   rebuild: electron/core/search/order.ts). A bulk load (search_bulk_load has a row)
 *   appends instead, since FTS5 flushes its pending buffer on every rowid that is not
 *   ascending, and renumbers at its end.
 * - search_docs.name (the record's name, NOCASE) and .short (an asset's host name up to
 *   the first dot) are indexed, so "sql01" at every customer is the first N entries of
 *   one index range, already in palette order.
 * - What each record puts in the index is one view per kind (search_source_*), used by
 *   the triggers and by the rebuild, instead of the same expressions written in every
 *   trigger. Playbooks are indexed from their current version, also when current_version
 *   moves.
 *
 * The per-kind triggers are written by a helper local to this file (nothing else uses
 * it), so `up` stays frozen as migration.ts asks: the migrations test pins its hash.
 */
import type { Migration } from './migration';

/** Spacing of rowids in a rebuild: room for 16 halvings between two neighbours. */
const GAP = 65536;

const ACCOUNT = (c: string) =>
  `CASE WHEN ${c}.id IS NULL THEN 5 WHEN ${c}.kind = 'internal' THEN 0 ELSE
     CASE ${c}.tier WHEN 'platinum' THEN 1 WHEN 'gold' THEN 2 WHEN 'silver' THEN 3 ELSE 4 END END`;

const LIST = (json: string) =>
  `replace(replace(replace(replace(${json}, '[', ''), ']', ''), '"', ''), ',', ' ')`;
const DIGITS = (phone: string) =>
  `replace(replace(replace(replace(replace(replace(coalesce(${phone}, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '')`;

/**
 * Keeps one record's entry in step with its source view: gone when the view no longer has
 * it, else inserted at its place in importance order or, when it is there already,
 * updated in place (same rowid), and its full-text row rewritten.
 */
function reindex(kind: string, id: string): string {
  const view = `search_source_${kind}`;
  return `
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = ${id});
  DELETE FROM search_docs WHERE ref_id = ${id} AND NOT EXISTS (SELECT 1 FROM ${view} WHERE ref_id = ${id});
  INSERT INTO search_docs (rowid, kind, ref_id, customer_id, name, short, sort_key)
    SELECT CASE
             WHEN s.next_rowid IS NULL OR EXISTS (SELECT 1 FROM search_bulk_load)
               THEN coalesce((SELECT max(rowid) FROM search_docs), 0) + ${GAP}
             WHEN s.prev_rowid IS NULL THEN (SELECT min(rowid) FROM search_docs) - ${GAP}
             WHEN s.next_rowid - s.prev_rowid > 1
               AND NOT EXISTS (SELECT 1 FROM search_docs WHERE rowid = s.prev_rowid + (s.next_rowid - s.prev_rowid) / 2)
               THEN s.prev_rowid + (s.next_rowid - s.prev_rowid) / 2
             ELSE (SELECT max(rowid) FROM search_docs) + 1 END,
           s.kind, s.ref_id, s.customer_id, s.name, s.short, s.sort_key
      FROM (SELECT v.*,
                   (SELECT rowid FROM search_docs WHERE sort_key < v.sort_key ORDER BY sort_key DESC LIMIT 1) AS prev_rowid,
                   (SELECT rowid FROM search_docs WHERE sort_key > v.sort_key ORDER BY sort_key LIMIT 1) AS next_rowid
              FROM ${view} v WHERE v.ref_id = ${id}) s
     WHERE true
    ON CONFLICT (ref_id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name, short = excluded.short;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, s.title, s.keys, s.body FROM search_docs d JOIN ${view} s ON s.ref_id = d.ref_id WHERE d.ref_id = ${id};`;
}

/** Insert, update and delete triggers of one catalog table. */
function catalogTriggers(table: string, kind: string): string {
  return `
CREATE TRIGGER ${table}_search_ai AFTER INSERT ON ${table} BEGIN${reindex(kind, 'NEW.id')}
END;
CREATE TRIGGER ${table}_search_au AFTER UPDATE ON ${table} BEGIN${reindex(kind, 'OLD.id')}
END;
CREATE TRIGGER ${table}_search_ad AFTER DELETE ON ${table} BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;`;
}

/** The rebuild: every live record numbered in importance order, then its text indexed. */
function rebuild(): string {
  const kinds = ['customer', 'asset', 'contact', 'vendor', 'playbook'];
  return `
INSERT INTO search_docs (rowid, kind, ref_id, customer_id, name, short, sort_key)
  SELECT row_number() OVER (ORDER BY sort_key) * ${GAP}, kind, ref_id, customer_id, name, short, sort_key
    FROM search_source;
${kinds
  .map(
    (k) => `INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, s.title, s.keys, s.body FROM search_docs d JOIN search_source_${k} s ON s.ref_id = d.ref_id
   WHERE d.kind = '${k}' ORDER BY d.rowid;`,
  )
  .join('\n')}`;
}

const OLD_TRIGGERS = [
  'customers_search_ai',
  'customers_search_au',
  'customers_search_ad',
  'assets_search_ai',
  'assets_search_au',
  'assets_search_ad',
  'contacts_search_ai',
  'contacts_search_au',
  'contacts_search_ad',
  'vendors_search_ai',
  'vendors_search_au',
  'vendors_search_ad',
  'customers_search_owner',
  'playbook_versions_search_ai',
  'playbooks_search_au',
  'playbooks_search_ad',
];

export const searchInPaletteOrder: Migration = {
  version: 9,
  name: 'search index in palette order',
  up: `
${OLD_TRIGGERS.map((t) => `DROP TRIGGER IF EXISTS ${t};`).join('\n')}
DROP TABLE search_docs;
DROP TABLE search_fts;

CREATE TABLE search_docs (
  rowid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL UNIQUE,
  customer_id TEXT,
  name TEXT COLLATE NOCASE,
  short TEXT COLLATE NOCASE,
  sort_key TEXT NOT NULL
) STRICT;
CREATE INDEX search_docs_sort ON search_docs(sort_key);
-- A row here while a bulk load runs: records go last (FTS5 takes ascending rowids without
-- flushing its buffer at every insert) and the load renumbers them all at its end.
CREATE TABLE search_bulk_load (started_at TEXT NOT NULL) STRICT;
CREATE INDEX search_docs_name ON search_docs(name) WHERE name IS NOT NULL;
CREATE INDEX search_docs_short ON search_docs(short) WHERE short IS NOT NULL;
CREATE INDEX search_docs_customer ON search_docs(customer_id) WHERE customer_id IS NOT NULL;
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, keys, body,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '2 3'
);

-- Columns: title (the name), keys (codes, host names, addresses, serials, tags, phone
-- numbers), body (notes, free attributes, and for assets and contacts the owning
-- customer's code and name). name is NULL for playbooks: a title typed in full is not an
-- exact lookup.
CREATE VIEW search_source_customer AS
  SELECT 'customer' AS kind, c.id AS ref_id, c.id AS customer_id, c.name AS name, NULL AS short,
         '0' || (${ACCOUNT('c')}) || lower(c.name) || char(31) || '0' || lower(c.name) || char(31) || c.id AS sort_key,
         c.name AS title,
         c.code || ' ' || ${LIST('c.tags')} AS keys,
         coalesce(c.notes, '') || ' ' || coalesce(c.support_hours, '') AS body
    FROM customers c WHERE c.deleted_at IS NULL;
CREATE VIEW search_source_asset AS
  SELECT 'asset' AS kind, a.id AS ref_id, a.customer_id AS customer_id, a.name AS name,
         CASE WHEN instr(a.hostname, '.') > 1 THEN substr(a.hostname, 1, instr(a.hostname, '.') - 1) END AS short,
         '1' || (${ACCOUNT('c')}) || lower(coalesce(c.name, '')) || char(31)
           || CASE WHEN a.kind IN ('database', 'application_service') THEN '1' ELSE '0' END
           || lower(a.name) || char(31) || a.id AS sort_key,
         a.name AS title,
         coalesce(a.hostname, '') || ' ' || ${LIST('a.ip_addresses')} || ' ' || coalesce((SELECT group_concat('ip' || replace(
           CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END, '.', 'x'), ' ')
           FROM json_each(a.ip_addresses) WHERE value GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*'), '')
           || ' ' || coalesce(a.serial, '') || ' ' || coalesce(a.model, '') || ' ' || coalesce(a.platform, '')
           || ' ' || ${LIST('a.tags')} || ' ' || replace(a.kind, '_', ' ') AS keys,
         coalesce(a.access_notes, '') || ' ' || a.attributes || ' ' || coalesce(c.code || ' ' || c.name, '') AS body
    FROM assets a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.deleted_at IS NULL;
CREATE VIEW search_source_contact AS
  SELECT 'contact' AS kind, ct.id AS ref_id, ct.customer_id AS customer_id, ct.name AS name, NULL AS short,
         '3' || (${ACCOUNT('c')}) || lower(coalesce(c.name, '')) || char(31) || '0' || lower(ct.name) || char(31) || ct.id AS sort_key,
         ct.name AS title,
         ct.role || ' ' || coalesce(ct.phone, '') || ' ' || ${DIGITS('ct.phone')} || ' ' || coalesce(ct.email, '') AS keys,
         coalesce(ct.notes, '') || ' ' || coalesce(c.code || ' ' || c.name, '') AS body
    FROM contacts ct LEFT JOIN customers c ON c.id = ct.customer_id WHERE ct.deleted_at IS NULL;
CREATE VIEW search_source_vendor AS
  SELECT 'vendor' AS kind, v.id AS ref_id, NULL AS customer_id, v.name AS name, NULL AS short,
         '25' || char(31) || '0' || lower(v.name) || char(31) || v.id AS sort_key,
         v.name AS title,
         coalesce(v.support_phone, '') || ' ' || ${DIGITS('v.support_phone')} || ' ' || coalesce(v.support_email, '') || ' ' || coalesce(v.website, '') AS keys,
         '' AS body
    FROM vendors v WHERE v.deleted_at IS NULL;
CREATE VIEW search_source_playbook AS
  SELECT 'playbook' AS kind, p.id AS ref_id, NULL AS customer_id, NULL AS name, NULL AS short,
         '45' || char(31) || '0' || lower(p.title) || char(31) || p.id AS sort_key,
         p.title AS title,
         coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.symptoms')), '') || ' ' ||
         coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.tags')), '') || ' ' ||
         coalesce(p.owner, '') AS keys,
         coalesce(json_extract(v.body, '$.summary'), '') || ' ' ||
         coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(v.body, '$.steps')), '') AS body
    FROM playbooks p JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
   WHERE p.deleted_at IS NULL;
CREATE VIEW search_source AS
  SELECT * FROM search_source_customer
  UNION ALL SELECT * FROM search_source_asset
  UNION ALL SELECT * FROM search_source_contact
  UNION ALL SELECT * FROM search_source_vendor
  UNION ALL SELECT * FROM search_source_playbook;
${catalogTriggers('customers', 'customer')}
${catalogTriggers('assets', 'asset')}
${catalogTriggers('contacts', 'contact')}
${catalogTriggers('vendors', 'vendor')}

-- A customer's code and name are in its assets' and contacts' text.
CREATE TRIGGER customers_search_owner AFTER UPDATE OF code, name ON customers BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT rowid FROM search_docs WHERE customer_id = NEW.id AND kind IN ('asset', 'contact'));
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, s.title, s.keys, s.body FROM search_docs d JOIN search_source_asset s ON s.ref_id = d.ref_id
     WHERE d.customer_id = NEW.id AND d.kind = 'asset';
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, s.title, s.keys, s.body FROM search_docs d JOIN search_source_contact s ON s.ref_id = d.ref_id
     WHERE d.customer_id = NEW.id AND d.kind = 'contact';
END;

CREATE TRIGGER playbook_versions_search_ai AFTER INSERT ON playbook_versions BEGIN${reindex('playbook', 'NEW.playbook_id')}
END;
CREATE TRIGGER playbooks_search_au AFTER UPDATE OF title, owner, deleted_at, current_version ON playbooks BEGIN${reindex('playbook', 'OLD.id')}
END;
CREATE TRIGGER playbooks_search_ad AFTER DELETE ON playbooks BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;
${rebuild()}
`,
};
