/**
 * Version 2: internal accounts, the address index and the full-text search index, each
 * kept by triggers. It added no backfill: rows written at version 1 reach both indexes
 * only through version 7.
 */
import type { Migration } from './migration';

export const searchIndex: Migration = {
  version: 2,
  name: 'catalog: internal accounts, address index, search index',
  up: `
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

CREATE TRIGGER customers_search_ai AFTER INSERT ON customers BEGIN
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'customer', NEW.id, NEW.id WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, NEW.code || ' ' || replace(replace(replace(replace(NEW.tags, '[', ''), ']', ''), '"', ''), ',', ' '), coalesce(NEW.notes, '') || ' ' || coalesce(NEW.support_hours, '') FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER customers_search_au AFTER UPDATE ON customers BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'customer', NEW.id, NEW.id WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, NEW.code || ' ' || replace(replace(replace(replace(NEW.tags, '[', ''), ']', ''), '"', ''), ',', ' '), coalesce(NEW.notes, '') || ' ' || coalesce(NEW.support_hours, '') FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER customers_search_ad AFTER DELETE ON customers BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;

CREATE TRIGGER assets_search_ai AFTER INSERT ON assets BEGIN
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'asset', NEW.id, NEW.customer_id WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, coalesce(NEW.hostname, '') || ' ' || replace(replace(replace(replace(NEW.ip_addresses, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || coalesce((SELECT group_concat('ip' || replace(
    CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END, '.', 'x'), ' ')
    FROM json_each(NEW.ip_addresses) WHERE value GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*'), '')
          || ' ' || coalesce(NEW.serial, '') || ' ' || coalesce(NEW.model, '') || ' ' || coalesce(NEW.platform, '')
          || ' ' || replace(replace(replace(replace(NEW.tags, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || replace(NEW.kind, '_', ' '), coalesce(NEW.access_notes, '') || ' ' || NEW.attributes || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = NEW.customer_id), '') FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER assets_search_au AFTER UPDATE ON assets BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'asset', NEW.id, NEW.customer_id WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, coalesce(NEW.hostname, '') || ' ' || replace(replace(replace(replace(NEW.ip_addresses, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || coalesce((SELECT group_concat('ip' || replace(
    CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END, '.', 'x'), ' ')
    FROM json_each(NEW.ip_addresses) WHERE value GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*'), '')
          || ' ' || coalesce(NEW.serial, '') || ' ' || coalesce(NEW.model, '') || ' ' || coalesce(NEW.platform, '')
          || ' ' || replace(replace(replace(replace(NEW.tags, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || replace(NEW.kind, '_', ' '), coalesce(NEW.access_notes, '') || ' ' || NEW.attributes || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = NEW.customer_id), '') FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER assets_search_ad AFTER DELETE ON assets BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;

CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts BEGIN
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'contact', NEW.id, NEW.customer_id WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, NEW.role || ' ' || coalesce(NEW.phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(NEW.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(NEW.email, ''), coalesce(NEW.notes, '') || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = NEW.customer_id), '') FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER contacts_search_au AFTER UPDATE ON contacts BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'contact', NEW.id, NEW.customer_id WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, NEW.role || ' ' || coalesce(NEW.phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(NEW.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(NEW.email, ''), coalesce(NEW.notes, '') || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = NEW.customer_id), '') FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER contacts_search_ad AFTER DELETE ON contacts BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;

CREATE TRIGGER vendors_search_ai AFTER INSERT ON vendors BEGIN
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'vendor', NEW.id, NULL WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, coalesce(NEW.support_phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(NEW.support_phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(NEW.support_email, '') || ' ' || coalesce(NEW.website, ''), '' FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER vendors_search_au AFTER UPDATE ON vendors BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'vendor', NEW.id, NULL WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT rowid, NEW.name, coalesce(NEW.support_phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(NEW.support_phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(NEW.support_email, '') || ' ' || coalesce(NEW.website, ''), '' FROM search_docs WHERE ref_id = NEW.id AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER vendors_search_ad AFTER DELETE ON vendors BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;

CREATE TRIGGER customers_search_owner AFTER UPDATE OF code, name ON customers BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT rowid FROM search_docs WHERE customer_id = NEW.id AND kind IN ('asset', 'contact'));
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, a.name, coalesce(a.hostname, '') || ' ' || replace(replace(replace(replace(a.ip_addresses, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || coalesce((SELECT group_concat('ip' || replace(
    CASE WHEN instr(value, '/') > 0 THEN substr(value, 1, instr(value, '/') - 1) ELSE value END, '.', 'x'), ' ')
    FROM json_each(a.ip_addresses) WHERE value GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*'), '')
          || ' ' || coalesce(a.serial, '') || ' ' || coalesce(a.model, '') || ' ' || coalesce(a.platform, '')
          || ' ' || replace(replace(replace(replace(a.tags, '[', ''), ']', ''), '"', ''), ',', ' ') || ' ' || replace(a.kind, '_', ' '), coalesce(a.access_notes, '') || ' ' || a.attributes || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = a.customer_id), '')
      FROM search_docs d JOIN assets a ON a.id = d.ref_id WHERE d.customer_id = NEW.id AND d.kind = 'asset';
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, c.name, c.role || ' ' || coalesce(c.phone, '') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(c.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || coalesce(c.email, ''), coalesce(c.notes, '') || ' ' || coalesce((SELECT code || ' ' || name FROM customers WHERE id = c.customer_id), '')
      FROM search_docs d JOIN contacts c ON c.id = d.ref_id WHERE d.customer_id = NEW.id AND d.kind = 'contact';
END;
`,
};
