/**
 * The incident log on disk: reading an incident's events, appending new ones, and keeping
 * the derived tables (the incidents row, playbook_runs, run_steps) equal to what the log
 * says.
 *
 * An append commits the events (with their hash chain) and, through the sync trigger, their
 * outbox rows in one transaction with synchronous=FULL, so "recorded" means on disk. Their
 * fold into the derived rows follows just after the reply (db/afterReply.ts), in a
 * transaction that does not wait for the disk (the next durable commit syncs it), and
 * before anything reads those rows: the next call, the next incident read or write. Derived
 * rows are recomputable from the log: an incident whose row counts fewer events than its
 * log (a process killed before the fold, a fold that failed) is recomputed at the next
 * incident read or write (settleDerived).
 *
 * Each connection keeps what it last read of an incident's log (LogMemo: the events, the
 * fold of the reducer over them, the timeline lines), checked against the log's event count
 * on every use, so an append validates the transition against the stored state without
 * reading and parsing the whole log again.
 */

import type { z } from 'zod';
import { LifelineError } from '../../../shared/api/result';
import type { Severity } from '../../../shared/catalog/schemas';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type {
  IncidentEvent,
  IncidentEventType,
  IncidentState,
  TimelineEntry,
} from '../../../shared/incidents/model';
import {
  foldEvent,
  type IncidentFold,
  orderedEvents,
  runProgress,
  startFold,
} from '../../../shared/incidents/reducer';
import { timelineEntry, timeline as timelineOf } from '../../../shared/incidents/summary';
import { afterReply } from '../db/afterReply';
import type { Db } from '../db/database';
import { cached, cachedByShape } from '../db/statements';
import type { CentralStamp } from '../sync/stamps';
import { type ChainContent, chainWriteCount, insertChainedEvents } from './chain';

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
  const rows = cached(
    db,
    'SELECT id, incident_id, at, device, author, type, payload FROM incident_events WHERE incident_id = ? ORDER BY at, id',
  ).all(incidentId) as EventRow[];
  return rows.map(toEvent);
}

/**
 * The logs of several incidents read with one statement, each as loadEvents orders it
 * (a bulk recompute reads 20,000 logs: one query each cost more than their rows).
 */
export function loadEventsOf(db: Db, incidentIds: readonly string[]): Map<string, IncidentEvent[]> {
  const out = new Map<string, IncidentEvent[]>(incidentIds.map((id) => [id, []]));
  const rows = cached(
    db,
    `SELECT id, incident_id, at, device, author, type, payload FROM incident_events
      WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY incident_id, at, id`,
  ).all(JSON.stringify(incidentIds)) as EventRow[];
  for (const r of rows) out.get(r.incident_id)?.push(toEvent(r));
  return out;
}

export function incidentRow(db: Db, id: string): IncidentRow {
  const row = cached(db, 'SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
  if (!row || row.deleted_at !== null) throw noSuchIncident(id);
  return row;
}

/** What an append and its reply need of the incidents row (the rest is derived from the log). */
export type IncidentKey = Pick<IncidentRow, 'id' | 'customer_id'>;

/** incidentRow's check, reading only the key columns. */
export function incidentKey(db: Db, id: string): IncidentKey {
  const row = cached(db, 'SELECT id, customer_id FROM incidents WHERE id = ? AND deleted_at IS NULL').get(
    id,
  ) as IncidentKey | undefined;
  if (!row) throw noSuchIncident(id);
  return row;
}

function noSuchIncident(id: string): LifelineError {
  return new LifelineError(
    'NOT_FOUND',
    `There is no incident with id ${id}. It may never have reached this console; reload the board.`,
  );
}

/** The customer's agreed restore target for a severity, in minutes. */
export function targetMinutes(db: Db, customerId: string, severity: Severity): number {
  const row = cached(db, 'SELECT restore_targets FROM customers WHERE id = ?').get(customerId) as
    | { restore_targets: string }
    | undefined;
  return targetMinutesOf(row?.restore_targets, severity);
}

/** targetMinutes from the customer's stored restore_targets (undefined: no such customer). */
export function targetMinutesOf(restoreTargets: string | undefined, severity: Severity): number {
  let value: unknown;
  try {
    value =
      restoreTargets === undefined
        ? undefined
        : (JSON.parse(restoreTargets) as Record<string, unknown>)[severity];
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

type Entry = z.infer<typeof TimelineEntry>;

/** A 'restored' event: when it was recorded (which run it belongs to) and when service came back. */
interface Restore {
  readonly at: string;
  readonly restoredAt: string;
}

/** What was last written of the derived rows, per run, to write only what changed. */
interface WrittenRows {
  /** The incidents row's derived columns. */
  incident: SqlRow | null;
  readonly runs: Map<string, SqlRow>;
  /** Per run, its run_steps rows by step id. */
  readonly steps: Map<string, Map<string, SqlRow>>;
}

type SqlValue = string | number | null;
type SqlRow = Readonly<Record<string, SqlValue>>;

/** What this connection knows of one incident's log (see the top of this file). */
export interface LogMemo {
  /** Rows of incident_events for the incident when it was last read or appended to. */
  count: number;
  /**
   * When the count was last checked: SQLite's data_version (moves when another connection
   * commits) and this connection's chain writes. While both stay, the log cannot have
   * changed under the memo but through appendEvents, which keeps it up to date.
   */
  checkedAt: string;
  /** The log in (at, id) order, and by id. */
  readonly events: IncidentEvent[];
  readonly byId: Map<string, IncidentEvent>;
  readonly fold: IncidentFold;
  readonly restores: Restore[];
  /** The timeline lines, built on first ask and appended to after. */
  timeline: Entry[] | null;
  /** A step event without a run id: its line names the latest run with that step, so a new run relabels it. */
  unlabelledSteps: boolean;
  /** The derived rows as last written by this connection; null when not known (write them all). */
  written: WrittenRows | null;
  /**
   * The hash chains' tips this connection wrote last (chain.ts, by tipKey): current while the
   * memo is, so an append does not read the chain (a read that grows with the log).
   */
  readonly tips: Map<string, string>;
  /** Central's stamps on the events, and the stamp generation they were read at (sync/stamps.ts). */
  stamps: { readonly generation: string; readonly byId: ReadonlyMap<string, CentralStamp> } | null;
}

/** How many incidents and events a connection keeps (most recently used first). */
const MEMO_INCIDENTS = 512;
const MEMO_EVENTS = 100_000;

const memos = new WeakMap<Db, Map<string, LogMemo>>();

function memoMap(db: Db): Map<string, LogMemo> {
  let map = memos.get(db);
  if (!map) {
    map = new Map();
    memos.set(db, map);
  }
  return map;
}

function keepMemo(db: Db, incidentId: string, memo: LogMemo): void {
  const map = memoMap(db);
  map.delete(incidentId);
  map.set(incidentId, memo);
  let events = 0;
  for (const m of map.values()) events += m.events.length;
  for (const [id, m] of map) {
    if (map.size <= MEMO_INCIDENTS && events <= MEMO_EVENTS) break;
    if (id === incidentId) continue;
    map.delete(id);
    events -= m.events.length;
  }
}

/** Forgets what this connection knew of an incident's log (its next use reads the log again). */
export function forgetLog(db: Db, incidentId: string): void {
  memos.get(db)?.delete(incidentId);
}

function foldInto(memo: LogMemo, e: IncidentEvent): void {
  memo.events.push(e);
  memo.byId.set(e.id, e);
  const parsed = foldEvent(memo.fold, e);
  if (parsed === null) return;
  switch (parsed.type) {
    case 'restored':
      memo.restores.push({ at: e.at, restoredAt: parsed.payload.restoredAt ?? e.at });
      break;
    case 'step_done':
    case 'step_skipped':
    case 'step_failed':
      if (parsed.payload.runId === undefined) memo.unlabelledSteps = true;
      break;
    case 'playbook_started':
      if (memo.unlabelledSteps) memo.timeline = null;
      break;
    default:
      break;
  }
}

function memoFrom(events: readonly IncidentEvent[]): LogMemo | null {
  const log = orderedEvents(events);
  const first = log[0];
  if (!first) return null;
  const memo: LogMemo = {
    count: events.length,
    checkedAt: '',
    events: [],
    byId: new Map(),
    fold: startFold(first),
    restores: [],
    timeline: null,
    unlabelledSteps: false,
    written: null,
    tips: new Map(),
    stamps: null,
  };
  for (const e of log) foldInto(memo, e);
  return memo;
}

function eventCount(db: Db, incidentId: string): number {
  return cached(db, 'SELECT count(*) FROM incident_events WHERE incident_id = ?')
    .pluck()
    .get(incidentId) as number;
}

/**
 * The incident's log as this connection knows it. Unless nothing can have changed it since
 * the last check (LogMemo.checkedAt), it is checked against the stored log's event count
 * (events are append-only, so the same count is the same log) and read again when they
 * differ. Writers of incident_events on this connection go through insertChainedEvents, or
 * recompute the incidents they wrote (sync's applyBatch), which forgets the memo. Null
 * when the log is empty.
 */
export function currentLog(db: Db, incidentId: string, other: number = dataVersion(db)): LogMemo | null {
  const now = checkpointOf(db, other);
  const known = memos.get(db)?.get(incidentId);
  if (known && known.checkedAt === now) {
    keepMemo(db, incidentId, known);
    return known;
  }
  const count = eventCount(db, incidentId);
  if (known && known.count === count) {
    known.checkedAt = now;
    keepMemo(db, incidentId, known);
    return known;
  }
  const memo = memoFrom(loadEvents(db, incidentId));
  if (memo === null) {
    forgetLog(db, incidentId);
    return null;
  }
  memo.checkedAt = now;
  keepMemo(db, incidentId, memo);
  return memo;
}

/** What LogMemo.checkedAt compares with. */
function checkpointOf(db: Db, other: number = dataVersion(db)): string {
  return `${other}:${chainWriteCount(db)}`;
}

function dataVersion(db: Db): number {
  return cached(db, 'PRAGMA data_version').pluck().get() as number;
}

/** Appends events that sort after every event of the memo (appendEvents makes sure they do). */
function appendToMemo(db: Db, incidentId: string, memo: LogMemo, added: readonly IncidentEvent[]): void {
  // Events written together share their time: the log orders them by id, as the reducer does.
  const ordered = orderedEvents(added);
  const last = memo.events.at(-1);
  const first = ordered[0];
  if (last && first && !(Date.parse(first.at) > Date.parse(last.at))) {
    forgetLog(db, incidentId);
    return;
  }
  for (const e of ordered) {
    foldInto(memo, e);
    memo.count += 1;
    if (memo.timeline !== null) memo.timeline.push(timelineEntry(memo.fold.state, e, memo.byId));
  }
}

/** The timeline lines of the log, oldest first (the list is the memo's: copy before changing it). */
export function logTimeline(memo: LogMemo): readonly Entry[] {
  if (memo.timeline === null) memo.timeline = timelineOf(memo.events, memo.fold.state);
  return memo.timeline;
}

/** The fold's state, with the customer from the row when the log's opening cannot be read. */
function stateFor(memo: LogMemo, customerId: string): IncidentState {
  const state = memo.fold.state;
  return state.customerId === '' ? { ...state, customerId } : state;
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
function runOutcomes(state: IncidentState, restores: readonly Restore[]): RunMetrics[] {
  // Which run a restore belongs to is when it was recorded; when service came back may be earlier (a recovery alert's time).
  return state.runs.map((run, i) => {
    const next = state.runs[i + 1]?.startedAt ?? null;
    const restoredAt =
      restores.find((r) => r.at >= run.startedAt && (next === null || r.at < next))?.restoredAt ?? null;
    const outcome =
      restoredAt !== null ? 'restored' : next !== null || state.status === 'closed' ? 'abandoned' : 'open';
    return { runId: run.runId, restoredAt, outcome };
  });
}

/** The columns of `next` but its key whose value differs from `before` (all of them without one). */
function changed(before: SqlRow | undefined | null, next: SqlRow, key: string): string[] {
  return Object.keys(next).filter((k) => k !== key && before?.[k] !== next[k]);
}

/**
 * Updates only the columns that changed, so that an index whose columns did not change is
 * not rewritten: a step recorded then writes one page of each table, not of each index.
 * `table` and the column names are this file's own literals, never input.
 */
function updateColumns(db: Db, table: string, key: string, row: SqlRow, columns: readonly string[]): void {
  if (columns.length === 0) return;
  const params: Record<string, SqlValue> = { [key]: row[key] ?? null };
  for (const c of columns) params[c] = row[c] ?? null;
  cachedByShape(
    db,
    `update\u0000${table}\u0000${key}\u0000${columns.join('\u0000')}`,
    () => `UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE ${key} = @${key}`,
  ).run(params);
}

function insertRow(db: Db, table: string, row: SqlRow): void {
  const columns = Object.keys(row);
  cachedByShape(
    db,
    `insert\u0000${table}\u0000${columns.join('\u0000')}`,
    () => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

/** The incidents row's derived columns, as the state says. */
function incidentColumns(db: Db, incidentId: string, state: IncidentState): SqlRow {
  const target = targetMinutes(db, state.customerId, state.severity);
  const progress = runProgress(state);
  return {
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
  };
}

/** Each run's playbook_runs row and its run_steps rows, as the state says. */
function runRows(
  incidentId: string,
  state: IncidentState,
  restores: readonly Restore[],
): Array<{ readonly run: SqlRow; readonly steps: readonly SqlRow[] }> {
  const outcomes = runOutcomes(state, restores);
  const clockStart = Date.parse(state.clockStartAt);
  return state.runs.map((run, i) => {
    const metrics = outcomes[i];
    const restoredAt = metrics?.restoredAt ?? null;
    const count = (s: string) => run.steps.filter((x) => x.state === s).length;
    const recorded = run.steps
      .map((step, index) => ({ step, position: index + 1 }))
      .filter((x): x is { step: typeof x.step & { at: string }; position: number } => x.step.at !== null)
      .sort((a, b) => (a.step.at < b.step.at ? -1 : a.step.at > b.step.at ? 1 : a.position - b.position));
    let previous = run.startedAt;
    const steps = recorded.map(({ step, position }) => {
      const seconds = Math.round((Date.parse(step.at) - Date.parse(previous)) / 1000);
      previous = step.at;
      return {
        run_id: run.runId,
        step_id: step.stepId,
        position,
        outcome: step.state,
        recorded_at: step.at,
        seconds_since_previous: Number.isNaN(seconds) ? null : seconds,
        timebox_minutes: step.timeboxMinutes,
      };
    });
    return {
      run: {
        run_id: run.runId,
        incident_id: incidentId,
        playbook_id: run.playbookId,
        playbook_version: run.version,
        customer_id: state.customerId,
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
      },
      steps,
    };
  });
}

/** Appends a fold writes for: the last one's time (the row's updated_at) and how many (its version moves by as many). */
interface Touched {
  at: Date;
  appends: number;
}

/**
 * Writes the incident's derived rows from its memo: the columns, runs and run steps that
 * differ from what this connection last wrote (all of them, runs and steps deleted first,
 * when that is not known). `touched` says which appends it folds (the row's updated_at and
 * version move). Call inside a write transaction.
 */
function writeDerived(
  db: Db,
  incidentId: string,
  memo: LogMemo,
  touched: Touched | null,
  row: IncidentKey = incidentKey(db, incidentId),
): IncidentState {
  const state = stateFor(memo, row.customer_id);
  const known = memo.written;
  const written: WrittenRows = known ?? { incident: null, runs: new Map(), steps: new Map() };
  const incident = incidentColumns(db, incidentId, state);
  const columns = changed(written.incident, incident, 'id');
  if (touched === null) updateColumns(db, 'incidents', 'id', incident, columns);
  else {
    // One statement for the derived columns and the append's own (updated_at, version).
    const set = [
      ...columns.map((c) => `${c} = @${c}`),
      'updated_at = @updated_at',
      'version = version + @appends',
    ];
    const params: Record<string, SqlValue> = {
      id: incidentId,
      updated_at: touched.at.toISOString(),
      appends: touched.appends,
    };
    for (const c of columns) params[c] = incident[c] ?? null;
    cached(db, `UPDATE incidents SET ${set.join(', ')} WHERE id = @id`).run(params);
  }
  written.incident = incident;
  if (known === null) {
    cached(
      db,
      'DELETE FROM run_steps WHERE run_id IN (SELECT run_id FROM playbook_runs WHERE incident_id = ?)',
    ).run(incidentId);
    cached(db, 'DELETE FROM playbook_runs WHERE incident_id = ?').run(incidentId);
  }
  for (const { run, steps } of runRows(incidentId, state, memo.restores)) {
    const runId = String(run.run_id);
    const before = written.runs.get(runId);
    if (before === undefined) insertRow(db, 'playbook_runs', run);
    else updateColumns(db, 'playbook_runs', 'run_id', run, changed(before, run, 'run_id'));
    written.runs.set(runId, run);
    const stepsBefore = written.steps.get(runId) ?? new Map<string, SqlRow>();
    for (const step of steps) {
      const stepId = String(step.step_id);
      const was = stepsBefore.get(stepId);
      if (was === undefined) insertRow(db, 'run_steps', step);
      else {
        const columns = changed(was, step, 'step_id');
        if (columns.length > 0) {
          const set = columns.map((c) => `${c} = @${c}`).join(', ');
          cached(db, `UPDATE run_steps SET ${set} WHERE run_id = @run_id AND step_id = @step_id`).run(step);
        }
      }
      stepsBefore.set(stepId, step);
    }
    written.steps.set(runId, stepsBefore);
  }
  memo.written = written;
  return state;
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
  // What this connection knew of the log may be behind what the caller just wrote.
  forgetLog(db, incidentId);
  const memo = memoFrom(events);
  if (memo === null) throw new RangeError('An incident needs at least one event to have a state.');
  return writeDerived(db, incidentId, memo, null);
}

/** Rebuilds the derived rows of every incident (after a bulk write such as the demo generator's). */
export function recomputeAllIncidents(db: Db): number {
  const ids = db.prepare('SELECT id FROM incidents WHERE deleted_at IS NULL ORDER BY id').all() as Array<{
    id: string;
  }>;
  for (const { id } of ids) recomputeIncident(db, id);
  return ids.length;
}

// ---- folding, and repairing a fold left behind ------------------------------------------

/** Incidents whose fold failed on this connection (their events committed without it). */
const unfolded = new WeakMap<Db, Set<string>>();
/** Connections whose newest events were checked against their incidents' rows (settleDerived). */
const settled = new WeakSet<Db>();

/** How many of the newest events settleDerived checks when a connection first uses the log. */
const NEWEST_CHECKED = 64;

function pendingOf(db: Db): Set<string> {
  let set = unfolded.get(db);
  if (!set) {
    set = new Set();
    unfolded.set(db, set);
  }
  return set;
}

/**
 * Runs `write` in a write transaction committed with synchronous=NORMAL (no wait for the
 * disk: the next commit with FULL, or a checkpoint, syncs it), then puts the connection's
 * setting back. A connection already at NORMAL or OFF is left as it is; inside an open
 * transaction `write` runs in a savepoint (the caller's commit decides).
 */
export function withoutWaitingForDisk(db: Db, write: () => void): void {
  const level = cached(db, 'PRAGMA synchronous').pluck().get() as number;
  if (db.inTransaction || level < 2) {
    inWriteTransaction(db, write);
    return;
  }
  cached(db, 'PRAGMA synchronous = NORMAL').run();
  try {
    inWriteTransaction(db, write);
  } finally {
    cached(db, `PRAGMA synchronous = ${level}`).run();
  }
}

const runners = new WeakMap<Db, (write: () => unknown) => unknown>();

/**
 * Runs `write` in a write transaction taken up front (BEGIN IMMEDIATE), or in a savepoint
 * when one is open, through one transaction function per connection (making one per call
 * costs more than the BEGIN).
 */
function inWriteTransaction<T>(db: Db, write: () => T): T {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((w: () => unknown) => w()).immediate;
    runners.set(db, run);
  }
  return run(write) as T;
}

/** Why the board's rows may lag the log for a while: said once, with the error. */
function foldFailed(db: Db, incidentIds: readonly string[], err: unknown): void {
  for (const id of incidentIds) {
    const memo = memos.get(db)?.get(id);
    if (memo) memo.written = null;
    pendingOf(db).add(id);
  }
  console.error(
    `[lifeline] incident ${incidentIds.join(', ')}: the recorded events are safe, but updating the board's row failed; it is retried at the next read:`,
    err,
  );
}

/**
 * Folds just-written events into the derived rows inside the transaction of the caller that
 * appended them within a larger write, in a savepoint: a failure rolls back only the fold
 * (the events still commit with the caller's work) and leaves the incident for settleDerived.
 */
function foldAppended(db: Db, incidentId: string, memo: LogMemo, row: IncidentKey, now: Date): void {
  try {
    inWriteTransaction(db, () => writeDerived(db, incidentId, memo, { at: now, appends: 1 }, row));
  } catch (err) {
    // An error that ended the whole transaction (disk full, I/O) is the append's to report.
    if (!db.inTransaction) throw err;
    foldFailed(db, [incidentId], err);
  }
}

/** Per connection, the incidents whose committed appends wait for their fold (foldLater). */
const waitingFolds = new WeakMap<Db, Map<string, Touched>>();

/**
 * Leaves the fold of an append that committed on its own for just after the reply
 * (db/afterReply.ts): the durable commit then holds only the events and their outbox rows,
 * and the derived rows follow in a transaction that does not wait for the disk. The log is
 * the truth: a kill in between leaves rows that settleDerived recomputes at the next open.
 */
function foldLater(db: Db, incidentId: string, now: Date): void {
  let waiting = waitingFolds.get(db);
  if (!waiting) {
    waiting = new Map();
    waitingFolds.set(db, waiting);
  }
  // The first append to wait asks for the fold; it folds every append waiting by then.
  if (waiting.size === 0) afterReply(db, () => foldWaiting(db));
  const touched = waiting.get(incidentId);
  if (touched) {
    touched.at = now;
    touched.appends += 1;
  } else waiting.set(incidentId, { at: now, appends: 1 });
}

/**
 * Appends between the WAL checkpoints run after a reply. An append and its fold write
 * about 30 WAL pages, so 16 of them keep the WAL under SQLite's automatic checkpoint
 * (1,000 pages), which would otherwise run at the end of whichever durable commit crosses
 * it: copying the WAL into the database file and syncing it while the engineer waits.
 */
const APPENDS_PER_CHECKPOINT = 16;
const appendsSinceCheckpoint = new WeakMap<Db, number>();

/** Writes the derived rows of every append waiting for its fold, in one transaction. */
function foldWaiting(db: Db): void {
  const waiting = waitingFolds.get(db);
  if (!waiting || waiting.size === 0) return;
  const folds = [...waiting];
  waiting.clear();
  try {
    withoutWaitingForDisk(db, () => {
      for (const [id, touched] of folds) {
        // Checked against the log: another writer (a sync pull) may have added to it since.
        const memo = currentLog(db, id);
        if (memo !== null) writeDerived(db, id, memo, touched);
      }
    });
  } catch (err) {
    foldFailed(
      db,
      folds.map(([id]) => id),
      err,
    );
  }
  const appends = (appendsSinceCheckpoint.get(db) ?? 0) + folds.reduce((n, [, t]) => n + t.appends, 0);
  if (appends < APPENDS_PER_CHECKPOINT || db.inTransaction) {
    appendsSinceCheckpoint.set(db, appends);
    return;
  }
  appendsSinceCheckpoint.set(db, 0);
  try {
    // PASSIVE: never waits for a reader; what a reader still uses is copied next time.
    cached(db, 'PRAGMA wal_checkpoint(PASSIVE)').get();
  } catch (err) {
    console.error(
      '[lifeline] a WAL checkpoint after a record failed; SQLite retries it at a later commit:',
      err,
    );
  }
}

/** An incident's derived rows count fewer (or more) events than its log. */
function isStale(db: Db, incidentId: string): boolean {
  const stored = cached(db, 'SELECT event_count FROM incidents WHERE id = ? AND deleted_at IS NULL')
    .pluck()
    .get(incidentId) as number | undefined;
  return stored !== undefined && stored !== eventCount(db, incidentId);
}

/**
 * Recomputes derived rows left behind: once per connection, the incidents of the newest
 * events (a file last written by a version that folded in a second transaction after the
 * commit may have the last one behind), and every time, those whose fold failed on this
 * connection. Cheap when there is nothing to do; on a read-only (damaged)
 * database it leaves the rows as they are.
 */
export function settleDerived(db: Db): void {
  foldWaiting(db);
  const pending = pendingOf(db);
  if (settled.has(db) && pending.size === 0) return;
  if (!settled.has(db)) {
    settled.add(db);
    const newest = cached(
      db,
      `SELECT DISTINCT incident_id FROM (SELECT incident_id FROM incident_events ORDER BY rowid DESC LIMIT ${NEWEST_CHECKED})`,
    )
      .pluck()
      .all() as string[];
    for (const id of newest) if (isStale(db, id)) pending.add(id);
  }
  if (pending.size === 0 || db.readonly) return;
  try {
    db.transaction(() => {
      for (const id of pending) if (isStale(db, id)) recomputeIncident(db, id);
    }).immediate();
    pending.clear();
  } catch (err) {
    console.error('[lifeline] recomputing incidents left behind failed; retried at the next read:', err);
  }
}

/** What an append wrote, and what the caller may answer from without reading it again. */
export interface Appended {
  readonly ids: readonly string[];
  /** The incident's row as read before the append (its id and customer are what a reply needs). */
  readonly row: IncidentKey;
  /** The log as now committed, null when this connection does not keep it (read it again). */
  readonly memo: LogMemo | null;
}

/**
 * Appends events to an incident after `check` accepted them against its current state,
 * in one write transaction taken up front (so no other writer slips in between the check
 * and the write). Returns once the events are committed (with synchronous=FULL: on disk);
 * their fold into the derived rows follows after the reply (foldLater), or inside the
 * caller's transaction when there is one.
 */
export function appendEvents(
  db: Db,
  actor: Actor,
  incidentId: string,
  now: Date,
  check: (state: IncidentState, log: ReadonlyMap<string, IncidentEvent>) => readonly EventDraft[],
): Appended {
  settleDerived(db);
  // On its own, the append commits just the events and folds them after the reply; inside a
  // caller's transaction it folds them there (the caller's commit is the one that counts).
  const alone = !db.inTransaction;
  let appended: { readonly ids: readonly string[]; readonly row: IncidentKey; readonly other: number };
  try {
    appended = inWriteTransaction(db, () => {
      // Read inside the write transaction: no other connection commits until ours has, and
      // our own commits do not move it, so it is still current once this one commits.
      const other = dataVersion(db);
      const row = incidentKey(db, incidentId);
      const memo = currentLog(db, incidentId, other);
      if (memo === null) {
        throw new LifelineError(
          'INTERNAL',
          `Incident ${incidentId} has no events in its log. The database holds damaged data; restore it from a backup.`,
        );
      }
      const before = stateFor(memo, row.customer_id);
      const drafts = check(before, memo.byId);
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
        memo.tips,
      );
      // Read back as stored (through JSON), exactly as a later load would see it.
      const added = rows.map(toEvent);
      appendToMemo(db, incidentId, memo, added);
      const folded = memos.get(db)?.get(incidentId);
      if (!folded) pendingOf(db).add(incidentId);
      else if (!alone) foldAppended(db, incidentId, folded, row, now);
      return { ids: added.map((e) => e.id), row, other };
    });
  } catch (err) {
    // The memo may hold events or written rows that did not commit.
    forgetLog(db, incidentId);
    throw err;
  }
  const memo = memos.get(db)?.get(incidentId) ?? null;
  if (memo) {
    memo.checkedAt = checkpointOf(db, appended.other);
    if (alone) foldLater(db, incidentId, now);
  } else settleDerived(db);
  return { ids: appended.ids, row: appended.row, memo };
}
