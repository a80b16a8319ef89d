/**
 * Version 6: team sync (outbox, central revisions, conflicts). Each table that travels to
 * central (the sync entity list as it was at this version) gets queueing triggers:
 * documents (edited in place) queue on insert and update, append-only records on insert.
 * Handovers travel once submitted (then frozen); derived tables (incident metrics, search)
 * are rebuilt from what arrives; engineer profiles and shifts belong to one console. Rows
 * written while a pull applies central's changes (the 'applying' key) are not queued back.
 * Everything already in the database is queued for the first sync. A table that starts to
 * sync later gets its triggers in a later version, not here.
 */
import type { Migration } from './migration';

export const teamSync: Migration = {
  version: 6,
  name: 'team sync: outbox, central revisions, conflicts',
  up: `
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

CREATE TRIGGER vendors_sync_ai AFTER INSERT ON vendors WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('vendor', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER vendors_sync_au AFTER UPDATE ON vendors WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('vendor', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER customers_sync_ai AFTER INSERT ON customers WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('customer', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER customers_sync_au AFTER UPDATE ON customers WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('customer', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER sites_sync_ai AFTER INSERT ON sites WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('site', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER sites_sync_au AFTER UPDATE ON sites WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('site', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER environments_sync_ai AFTER INSERT ON environments WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('environment', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER environments_sync_au AFTER UPDATE ON environments WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('environment', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER assets_sync_ai AFTER INSERT ON assets WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('asset', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER assets_sync_au AFTER UPDATE ON assets WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('asset', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER asset_links_sync_ai AFTER INSERT ON asset_links WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('asset_link', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER asset_links_sync_au AFTER UPDATE ON asset_links WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('asset_link', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER contacts_sync_ai AFTER INSERT ON contacts WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('contact', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER contacts_sync_au AFTER UPDATE ON contacts WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('contact', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER support_contracts_sync_ai AFTER INSERT ON support_contracts WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('contract', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER support_contracts_sync_au AFTER UPDATE ON support_contracts WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('contract', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER maintenance_windows_sync_ai AFTER INSERT ON maintenance_windows WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('window', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER maintenance_windows_sync_au AFTER UPDATE ON maintenance_windows WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('window', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER playbooks_sync_ai AFTER INSERT ON playbooks WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('playbook', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER playbooks_sync_au AFTER UPDATE ON playbooks WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('playbook', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER playbook_versions_sync_ai AFTER INSERT ON playbook_versions WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('playbook_version', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER overlays_sync_ai AFTER INSERT ON overlays WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('overlay', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER overlays_sync_au AFTER UPDATE ON overlays WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('overlay', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER incidents_sync_ai AFTER INSERT ON incidents WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('incident', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER incident_events_sync_ai AFTER INSERT ON incident_events WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('incident_event', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER handovers_sync_ai AFTER INSERT ON handovers WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') AND NEW.submitted_at IS NOT NULL BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('handover', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER handovers_sync_au AFTER UPDATE ON handovers WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') AND NEW.submitted_at IS NOT NULL BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('handover', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER handover_events_sync_ai AFTER INSERT ON handover_events WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('handover_event', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER change_log_sync_ai AFTER INSERT ON change_log WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('change', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
-- Everything already here is this console's to push at its first sync.

INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'vendor', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM vendors;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'customer', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM customers;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'site', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM sites;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'environment', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM environments;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'asset', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM assets;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'asset_link', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM asset_links;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'contact', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM contacts;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'contract', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM support_contracts;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'window', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM maintenance_windows;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'playbook', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM playbooks;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'playbook_version', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM playbook_versions;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'overlay', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM overlays;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'incident', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM incidents;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'incident_event', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM incident_events;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'handover', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM handovers WHERE submitted_at IS NOT NULL;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'handover_event', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM handover_events;
INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
  SELECT 'change', id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM change_log;
`,
};
