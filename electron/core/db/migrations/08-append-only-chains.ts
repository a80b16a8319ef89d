/**
 * Version 8: logs nobody can silently rewrite, and pulls that never insert an orphan.
 *
 * - Incident events carry a hash chain (prev_hash, hash), one chain per incident and
 *   device (see docs/log-integrity.md). Events written before this version have no hash;
 *   the console seals them once at open, which is the only update an event may ever get.
 * - Incident events and the catalog's change history are append-only, as handover events
 *   already are: triggers refuse UPDATE and DELETE. The one exception is a purge of
 *   customers this engineer may no longer see, which runs with the 'purging' key in
 *   sync_state (it exists only inside the purge's own transaction, like 'applying').
 * - sync_outbox.reason: why central refused a record, in central's words, for the person
 *   who sees it beside the record.
 * - sync_rows.written_by / received_at: who central says wrote the record (its login role)
 *   and when it reached central (central's clock), never what a console claims.
 * - sync_parked: rows pulled from central that cannot go in yet or at all: an 'orphan'
 *   whose parent this copy does not hold (retried when the parent arrives), or a 'chain'
 *   break (an incident event whose hash does not match its content or its predecessor),
 *   which is reported and never merged.
 */
import type { Migration } from './migration';

export const appendOnlyChains: Migration = {
  version: 8,
  name: 'append-only logs, hash chains, parked pulls',
  up: `
ALTER TABLE incident_events ADD COLUMN prev_hash TEXT;
ALTER TABLE incident_events ADD COLUMN hash TEXT;
CREATE INDEX incident_events_chain ON incident_events(incident_id, device);

CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
  WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL
            AND NEW.id = OLD.id AND NEW.incident_id = OLD.incident_id AND NEW.at = OLD.at
            AND NEW.device = OLD.device AND NEW.author = OLD.author AND NEW.type = OLD.type
            AND NEW.payload = OLD.payload)
BEGIN
  SELECT RAISE(ABORT, 'incident events are append-only');
END;
CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
  WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'purging')
BEGIN
  SELECT RAISE(ABORT, 'incident events are append-only');
END;
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
  SELECT RAISE(ABORT, 'the change history is append-only');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
  WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'purging')
BEGIN
  SELECT RAISE(ABORT, 'the change history is append-only');
END;

ALTER TABLE sync_outbox ADD COLUMN reason TEXT;
ALTER TABLE sync_rows ADD COLUMN written_by TEXT;
ALTER TABLE sync_rows ADD COLUMN received_at TEXT;

CREATE TABLE sync_parked (
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  customer_id TEXT,
  rev INTEGER NOT NULL,
  data TEXT NOT NULL,                      -- central's record, as JSON
  deleted INTEGER NOT NULL DEFAULT 0,
  written_by TEXT,
  received_at TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('orphan','chain')),
  detail TEXT NOT NULL,                    -- for a person: the missing parent, the broken link
  parked_at TEXT NOT NULL,
  PRIMARY KEY (entity, row_id)
) STRICT;
`,
};
