/**
 * Version 1: the catalog (customers, sites, environments, vendors, assets and their links,
 * contacts, support contracts, maintenance windows), playbooks with their versions and
 * customer overlays, incidents with their append-only event log, the change log, settings.
 *
 * Conventions for every table that will sync (#7): UUIDv7 `id`, `created_at`,
 * `updated_at` (ISO-8601 UTC), `deleted_at` (tombstone, NULL while live) and `version`
 * (bumped on each local edit, for conflict detection against central).
 */
import type { Migration } from './migration';

export const catalogPlaybooksIncidents: Migration = {
  version: 1,
  name: 'catalog, playbooks, incidents, settings',
  up: `
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX sites_customer ON sites(customer_id);

CREATE TABLE environments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  site_id TEXT REFERENCES sites(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- production, dr, test, ...
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX environments_customer ON environments(customer_id);

CREATE TABLE vendors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  support_phone TEXT,
  support_email TEXT,
  website TEXT,
  source TEXT, source_id TEXT,
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX assets_customer ON assets(customer_id, kind);
CREATE INDEX assets_hostname ON assets(hostname);
CREATE INDEX assets_source ON assets(source, source_id);

CREATE TABLE asset_links (
  id TEXT PRIMARY KEY,
  from_asset_id TEXT NOT NULL REFERENCES assets(id),   -- the dependent (the VM)
  to_asset_id TEXT NOT NULL REFERENCES assets(id),     -- what it needs (the cluster)
  kind TEXT NOT NULL CHECK (kind IN ('runs_on','depends_on')),
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
  
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
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
};
