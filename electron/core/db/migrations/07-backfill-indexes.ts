/**
 * Version 7: the indexes version 2 left empty. Version 2 created the address index and the
 * search index with triggers but no backfill, so customers, assets, contacts and vendors
 * written at version 1 were in neither: an asset could not be found by its IP address, a
 * customer not by a word of its name. This indexes every live record that has no entry,
 * with the same columns as version 2's triggers, and leaves indexed ones alone, so it is
 * a no-op on a database that was created at a later version.
 *
 * The other derived tables need nothing: playbooks reached the search index in version 3,
 * incident metrics in version 4 and the sync outbox in version 6, each with its own
 * backfill. The partial index on parked outbox rows was added to version 6 after some
 * databases had passed it; it is made here where it is missing.
 */
import type { Migration } from './migration';

export const backfillIndexes: Migration = {
  version: 7,
  name: 'backfill the address and search indexes',
  up: `
INSERT OR IGNORE INTO asset_addresses (asset_id, address)
  SELECT a.id, CASE WHEN instr(j.value, '/') > 0 THEN substr(j.value, 1, instr(j.value, '/') - 1) ELSE j.value END
    FROM assets a, json_each(a.ip_addresses) j
   WHERE a.deleted_at IS NULL AND trim(j.value) <> '';

INSERT INTO search_docs (kind, ref_id, customer_id)
  SELECT kind, id, customer_id FROM (
    SELECT 'customer' AS kind, id, id AS customer_id FROM customers WHERE deleted_at IS NULL
    UNION ALL SELECT 'asset', id, customer_id FROM assets WHERE deleted_at IS NULL
    UNION ALL SELECT 'contact', id, customer_id FROM contacts WHERE deleted_at IS NULL
    UNION ALL SELECT 'vendor', id, NULL FROM vendors WHERE deleted_at IS NULL)
   WHERE id NOT IN (SELECT ref_id FROM search_docs);

INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, cu.name,
         cu.code || ' ' || replace(replace(replace(replace(cu.tags, '[', ''), ']', ''), '"', ''), ',', ' '),
         coalesce(cu.notes, '') || ' ' || coalesce(cu.support_hours, '')
    FROM search_docs d JOIN customers cu ON cu.id = d.ref_id
   WHERE d.kind = 'customer' AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.rowid);
INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, a.name,
         coalesce(a.hostname, '') || ' ' || replace(replace(replace(replace(a.ip_addresses, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || coalesce((SELECT group_concat('ip' || replace(
    CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END, '.', 'x'), ' ')
    FROM json_each(a.ip_addresses) WHERE value GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*'), '')
          || ' ' || coalesce(a.serial, '') || ' ' || coalesce(a.model, '') || ' ' || coalesce(a.platform, '')
          || ' ' || replace(replace(replace(replace(a.tags, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || replace(a.kind, '_', ' '),
         coalesce(a.access_notes, '') || ' ' || a.attributes || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = a.customer_id), '')
    FROM search_docs d JOIN assets a ON a.id = d.ref_id
   WHERE d.kind = 'asset' AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.rowid);
INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, c.name,
         c.role || ' ' || coalesce(c.phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(c.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(c.email, ''),
         coalesce(c.notes, '') || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = c.customer_id), '')
    FROM search_docs d JOIN contacts c ON c.id = d.ref_id
   WHERE d.kind = 'contact' AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.rowid);
INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, v.name,
         coalesce(v.support_phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(v.support_phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(v.support_email, '') || ' ' || coalesce(v.website, ''),
         ''
    FROM search_docs d JOIN vendors v ON v.id = d.ref_id
   WHERE d.kind = 'vendor' AND NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.rowid);

CREATE INDEX IF NOT EXISTS sync_outbox_parked ON sync_outbox(parked) WHERE parked IS NOT NULL;
`,
};
