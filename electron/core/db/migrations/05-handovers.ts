/**
 * Version 5: engineers, shifts, handovers. A submitted handover is a frozen document and
 * its review an append-only log of acts: triggers refuse any change to either, whoever
 * tries. Drafts stay editable.
 */
import type { Migration } from './migration';

export const handovers: Migration = {
  version: 5,
  name: 'engineers, shifts, handovers',
  up: `
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
};
