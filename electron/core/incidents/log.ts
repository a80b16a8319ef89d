/**
 * The incident log on disk: reading an incident's events, appending new ones, and keeping
 * the derived tables (the incidents row, playbook_runs, run_steps) equal to what the log
 * says. The derived rows are rewritten from the log inside the transaction of every append,
 * so a reader never sees them disagree with the events they came from.
 */
import { LifelineError } from '../../../shared/api/result';
import type { Severity } from '../../../shared/catalog/schemas';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { IncidentEvent, IncidentEventType, IncidentState } from '../../../shared/incidents/model';
import { orderedEvents, parseEvent, reduceIncident, runProgress } from '../../../shared/incidents/reducer';
import type { Db } from '../db/database';
import { type ChainContent, insertChainedEvents } from './chain';

/** Who records: stamped on every event. */
export interface Actor {
  readonly deviceId: string;
  readonly author: string;
}

export interface IncidentRow {
  readonly id: string;
  readonly customer_id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentState['status'];
  readonly opened_at: string;
  readonly restored_at: string | null;
  readonly closed_at: string | null;
  readonly clock_start_at: string | null;
  readonly target_minutes: number | null;
  readonly deadline_at: string | null;
  readonly next_step: string | null;
  readonly steps_done: number;
  readonly steps_total: number;
  readonly deleted_at: string | null;
}

/** An incident_events row's content as stored (its chain columns aside: chain.ts). */
export type EventRow = ChainContent;

/** A new event before it gets its id, time and author. */
export interface EventDraft {
  readonly type: IncidentEventType;
  readonly payload: Record<string, unknown>;
}

const MINUTE = 60_000;

/** Used only when a customer's stored targets cannot be read, so the clock still runs. */
const FALLBACK_TARGETS: Readonly<Record<Severity, number>> = { sev1: 60, sev2: 240, sev3: 1440, sev4: 4320 };

function toEvent(r: EventRow): IncidentEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = {};
  }
  return {
    id: r.id,
    incidentId: r.incident_id,
    at: r.at,
    device: r.device,
    author: r.author,
    type: r.type,
    // A payload that is not an object is kept as an empty one: the reducer then ignores the event.
    payload:
      payload !== null && typeof payload === 'object' && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : {},
  };
}

export function loadEvents(db: Db, incidentId: string): IncidentEvent[] {
  const rows = db
    .prepare('SELECT * FROM incident_events WHERE incident_id = ? ORDER BY at, id')
    .all(incidentId) as EventRow[];
  return rows.map(toEvent);
}

export function incidentRow(db: Db, id: string): IncidentRow {
  const row = db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
  if (!row || row.deleted_at !== null) {
    throw new LifelineError(
      'NOT_FOUND',
      `There is no incident with id ${id}. It may never have reached this console; reload the board.`,
    );
  }
  return row;
}

/** The customer's agreed restore target for a severity, in minutes. */
export function targetMinutes(db: Db, customerId: string, severity: Severity): number {
  const row = db.prepare('SELECT restore_targets FROM customers WHERE id = ?').get(customerId) as
    | { restore_targets: string }
    | undefined;
  let value: unknown;
  try {
    value = row ? (JSON.parse(row.restore_targets) as Record<string, unknown>)[severity] : undefined;
  } catch {
    value = undefined;
  }
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? Math.round(value)
    : FALLBACK_TARGETS[severity];
}

export function deadlineOf(clockStartAt: string, minutes: number): string {
  const start = Date.parse(clockStartAt);
  return new Date((Number.isNaN(start) ? 0 : start) + minutes * MINUTE).toISOString();
}

interface RunMetrics {
  readonly runId: string;
  readonly restoredAt: string | null;
  readonly outcome: 'restored' | 'open' | 'abandoned';
}

/**
 * When service came back while each run was the incident's latest: the first 'restored'
 * event from the run's start until the next run started.
 */
function runOutcomes(state: IncidentState, events: readonly IncidentEvent[]): RunMetrics[] {
  // Which run a restore belongs to is when it was recorded; when service came back may be earlier (a recovery alert's time).
  const restores = orderedEvents(events).flatMap((e) => {
    const parsed = e.type === 'restored' ? parseEvent(e) : null;
    return parsed?.type === 'restored' ? [{ at: e.at, restoredAt: parsed.payload.restoredAt ?? e.at }] : [];
  });
  return state.runs.map((run, i) => {
    const next = state.runs[i + 1]?.startedAt ?? null;
    const restoredAt =
      restores.find((r) => r.at >= run.startedAt && (next === null || r.at < next))?.restoredAt ?? null;
    const outcome =
      restoredAt !== null ? 'restored' : next !== null || state.status === 'closed' ? 'abandoned' : 'open';
    return { runId: run.runId, restoredAt, outcome };
  });
}

/**
 * Rewrites the incident's derived rows from its log. Called inside the caller's
 * transaction; returns the state it derived.
 */
export function recomputeIncident(
  db: Db,
  incidentId: string,
  events: readonly IncidentEvent[] = loadEvents(db, incidentId),
): IncidentState {
  const row = incidentRow(db, incidentId);
  const state = reduceIncident(events);
  const customerId = state.customerId === '' ? row.customer_id : state.customerId;
  const target = targetMinutes(db, customerId, state.severity);
  const progress = runProgress(state);
  db.prepare(
    `UPDATE incidents SET title = @title, severity = @severity, status = @status, opened_at = @opened_at,
            restored_at = @restored_at, closed_at = @closed_at, acknowledged_at = @acknowledged_at,
            clock_start_at = @clock_start_at, target_minutes = @target_minutes, deadline_at = @deadline_at,
            symptom = @symptom, asset_ids = @asset_ids, source = @source, last_event_at = @last_event_at,
            event_count = @event_count, next_step = @next_step, steps_done = @steps_done, steps_total = @steps_total
      WHERE id = @id`,
  ).run({
    id: incidentId,
    title: state.title,
    severity: state.severity,
    status: state.status,
    opened_at: state.openedAt,
    restored_at: state.restoredAt,
    closed_at: state.closedAt,
    acknowledged_at: state.acknowledgedAt,
    clock_start_at: state.clockStartAt,
    target_minutes: target,
    deadline_at: deadlineOf(state.clockStartAt, target),
    symptom: state.symptom,
    asset_ids: JSON.stringify(state.assetIds),
    source: state.source,
    last_event_at: state.lastEventAt,
    event_count: state.eventCount,
    next_step: progress.nextStep,
    steps_done: progress.done,
    steps_total: progress.total,
  });

  db.prepare(
    'DELETE FROM run_steps WHERE run_id IN (SELECT run_id FROM playbook_runs WHERE incident_id = ?)',
  ).run(incidentId);
  db.prepare('DELETE FROM playbook_runs WHERE incident_id = ?').run(incidentId);
  const insertRun = db.prepare(
    `INSERT INTO playbook_runs (run_id, incident_id, playbook_id, playbook_version, customer_id, asset_id, severity,
                                started_at, restored_at, minutes_to_restore, steps_total, steps_done, steps_skipped,
                                steps_failed, outcome)
     VALUES (@run_id, @incident_id, @playbook_id, @playbook_version, @customer_id, @asset_id, @severity,
             @started_at, @restored_at, @minutes_to_restore, @steps_total, @steps_done, @steps_skipped,
             @steps_failed, @outcome)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO run_steps (run_id, step_id, position, outcome, recorded_at, seconds_since_previous, timebox_minutes)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const outcomes = runOutcomes(state, events);
  const clockStart = Date.parse(state.clockStartAt);
  state.runs.forEach((run, i) => {
    const metrics = outcomes[i];
    const restoredAt = metrics?.restoredAt ?? null;
    const count = (s: string) => run.steps.filter((x) => x.state === s).length;
    insertRun.run({
      run_id: run.runId,
      incident_id: incidentId,
      playbook_id: run.playbookId,
      playbook_version: run.version,
      customer_id: customerId,
      asset_id: run.assetId,
      severity: state.severity,
      started_at: run.startedAt,
      restored_at: restoredAt,
      minutes_to_restore:
        restoredAt === null || Number.isNaN(clockStart)
          ? null
          : (Date.parse(restoredAt) - clockStart) / MINUTE,
      steps_total: run.steps.length,
      steps_done: count('done'),
      steps_skipped: count('skipped'),
      steps_failed: count('failed'),
      outcome: metrics?.outcome ?? 'open',
    });
    const recorded = run.steps
      .map((step, index) => ({ step, position: index + 1 }))
      .filter((x): x is { step: typeof x.step & { at: string }; position: number } => x.step.at !== null)
      .sort((a, b) => (a.step.at < b.step.at ? -1 : a.step.at > b.step.at ? 1 : a.position - b.position));
    let previous = run.startedAt;
    for (const { step, position } of recorded) {
      const seconds = Math.round((Date.parse(step.at) - Date.parse(previous)) / 1000);
      insertStep.run(
        run.runId,
        step.stepId,
        position,
        step.state,
        step.at,
        Number.isNaN(seconds) ? null : seconds,
        step.timeboxMinutes,
      );
      previous = step.at;
    }
  });
  return state;
}

/** Rebuilds the derived rows of every incident (after a bulk write such as the demo generator's). */
export function recomputeAllIncidents(db: Db): number {
  const ids = db.prepare('SELECT id FROM incidents WHERE deleted_at IS NULL ORDER BY id').all() as Array<{
    id: string;
  }>;
  for (const { id } of ids) recomputeIncident(db, id);
  return ids.length;
}

/**
 * Appends events to an incident after `check` accepted them against its current state,
 * all in one write transaction taken up front (so no other writer slips in between the
 * check and the write). Returns once committed; with synchronous=FULL that means on disk.
 */
export function appendEvents(
  db: Db,
  actor: Actor,
  incidentId: string,
  now: Date,
  check: (state: IncidentState, events: readonly IncidentEvent[]) => readonly EventDraft[],
): { readonly ids: readonly string[]; readonly state: IncidentState } {
  return db
    .transaction(() => {
      const row = incidentRow(db, incidentId);
      const events = loadEvents(db, incidentId);
      const reduced = reduceIncident(events);
      const before = reduced.customerId === '' ? { ...reduced, customerId: row.customer_id } : reduced;
      const drafts = check(before, events);
      // A new event must sort after everything already in the log, even when another device's
      // clock ran ahead of ours: otherwise a step could land before the run it belongs to.
      const last = Date.parse(before.lastEventAt);
      const nowMs = now.getTime();
      const atMs = Number.isNaN(last) || nowMs > last ? nowMs : last + 1;
      const at = new Date(atMs).toISOString();
      // Chained after this device's last event on the incident (chain.ts).
      const rows = insertChainedEvents(
        db,
        drafts.map((d) => ({
          id: uuidv7(atMs),
          incident_id: incidentId,
          at,
          device: actor.deviceId,
          author: actor.author,
          type: d.type,
          payload: JSON.stringify(d.payload),
        })),
      );
      // Read back as stored (through JSON), exactly as a later load would see it.
      const added = rows.map(toEvent);
      db.prepare('UPDATE incidents SET updated_at = ?, version = version + 1 WHERE id = ?').run(
        now.toISOString(),
        incidentId,
      );
      const state = recomputeIncident(db, incidentId, [...events, ...added]);
      const ids = added.map((e) => e.id);
      return { ids, state };
    })
    .immediate();
}
