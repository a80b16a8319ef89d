/**
 * Version 4: incident metrics. Derived from incident_events, never edited by hand: the
 * incident service rewrites an incident's row, runs and run steps in the same transaction
 * as each event it appends, so listings, Insights and suggestion ranking read them without
 * replaying every log. The backfill covers logs written before this version (demo data),
 * which have no run ids: a step event belongs to the latest run started before it.
 */
import type { Migration } from './migration';

export const incidentMetrics: Migration = {
  version: 4,
  name: 'incident metrics',
  up: `
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
};
