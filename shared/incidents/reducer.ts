/**
 * The incident's state, derived from its event log by a pure fold. Logs from several
 * devices merge by taking the union of their events: the result depends only on the set of
 * events (deduplicated by id, ordered by time then id), never on arrival order. Events this
 * version cannot read (an unknown type, a payload that does not match) are kept in the log
 * and counted, but change nothing, so a console never refuses a log a newer one wrote.
 */
import type { z } from 'zod';
import { Id } from '../catalog/schemas';
import { assertNever } from '../util/assertNever';
import {
  EVENT_PAYLOADS,
  type IncidentEvent,
  type IncidentEventType,
  type IncidentState,
  type PlaybookRun,
  type RunStep,
} from './model';

/**
 * Logs written before 'opened' carried the customer id (early demo data) are still read:
 * the customer then comes from the incident's row.
 */
const LENIENT_OPENED = EVENT_PAYLOADS.opened.extend({ customerId: Id.optional() });

type Payload<T extends IncidentEventType> = T extends 'opened'
  ? z.output<typeof LENIENT_OPENED>
  : z.output<(typeof EVENT_PAYLOADS)[T]>;

/** An event whose type this version knows and whose payload matches, narrowed by `type`. */
export type ParsedEvent = {
  [T in IncidentEventType]: { readonly event: IncidentEvent; readonly type: T; readonly payload: Payload<T> };
}[IncidentEventType];

function isKnownType(type: string): type is IncidentEventType {
  return Object.hasOwn(EVENT_PAYLOADS, type);
}

/** The event's typed payload, or null when its type is unknown or its payload does not match. */
export function parseEvent(event: IncidentEvent): ParsedEvent | null {
  if (!isKnownType(event.type)) return null;
  const schema = event.type === 'opened' ? LENIENT_OPENED : EVENT_PAYLOADS[event.type];
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) return null;
  return { event, type: event.type, payload: parsed.data } as ParsedEvent;
}

function timeOf(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function compareEvents(a: IncidentEvent, b: IncidentEvent): number {
  const byTime = timeOf(a.at) - timeOf(b.at);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime < 0 ? -1 : 1;
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  // Two copies of one id that differ (a damaged copy): order them by content so the one
  // kept does not depend on which arrived first.
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** The log as the reducer reads it: one event per id, ordered by (at, id). */
export function orderedEvents(events: readonly IncidentEvent[]): IncidentEvent[] {
  const sorted = [...events].sort(compareEvents);
  const seen = new Set<string>();
  return sorted.filter((e) => {
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    return true;
  });
}

export interface RunDraft {
  readonly run: PlaybookRun;
  /** False for runs recorded without the frozen playbook (older logs): steps appear as recorded. */
  readonly planned: boolean;
}

function stepFromEvent(stepId: string): RunStep {
  return {
    stepId,
    title: stepId,
    kind: 'action',
    timeboxMinutes: null,
    instruction: null,
    command: null,
    expected: null,
    skipReason: null,
    state: 'pending',
    at: null,
    by: null,
    note: null,
  };
}

function findRun(runs: readonly RunDraft[], runId: string | undefined, stepId: string): RunDraft | undefined {
  if (runId !== undefined) return runs.find((r) => r.run.runId === runId);
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i];
    if (r && (!r.planned || r.run.steps.some((s) => s.stepId === stepId))) return r;
  }
  return undefined;
}

function recordStep(
  runs: readonly RunDraft[],
  e: IncidentEvent,
  runId: string | undefined,
  stepId: string,
  state: RunStep['state'],
  note: string | null,
): void {
  const draft = findRun(runs, runId, stepId);
  if (!draft) return;
  let index = draft.run.steps.findIndex((s) => s.stepId === stepId);
  if (index < 0) {
    // A planned run only takes the steps it was started with; an older run takes any.
    if (draft.planned) return;
    draft.run.steps.push(stepFromEvent(stepId));
    index = draft.run.steps.length - 1;
  }
  const step = draft.run.steps[index];
  if (!step) return;
  draft.run.steps[index] = { ...step, state, at: e.at, by: e.author, note };
}

function startRun(e: IncidentEvent, p: Payload<'playbook_started'>): RunDraft {
  const steps: RunStep[] = (p.effective?.steps ?? []).map((s) => ({
    stepId: s.id,
    title: s.title,
    kind: s.kind,
    timeboxMinutes: s.timeboxMinutes,
    instruction: s.instruction.text,
    command: s.command?.text ?? null,
    expected: s.expected,
    skipReason: s.skipReason,
    state: 'pending',
    at: null,
    by: null,
    note: null,
  }));
  return {
    planned: p.effective !== undefined,
    run: {
      runId: p.runId ?? e.id,
      playbookId: p.playbookId,
      title: p.playbookTitle ?? 'Playbook',
      version: p.playbookVersion,
      assetId: p.assetId ?? null,
      startedAt: e.at,
      startedBy: e.author,
      steps,
    },
  };
}

/**
 * A fold in progress: the state so far and what the next event needs to be applied. Folding
 * the events of an ordered log one by one gives exactly reduceIncident's result, so a caller
 * that keeps a fold can apply an event appended after the last one without reading the log
 * again (electron/core/incidents/log.ts does, for the durable record).
 */
export interface IncidentFold {
  readonly state: IncidentState;
  readonly runs: RunDraft[];
  opened: boolean;
}

/** A fold that has seen nothing yet; `first` is the log's first event in (at, id) order. */
export function startFold(first: IncidentEvent): IncidentFold {
  return {
    state: {
      id: first.incidentId,
      customerId: '',
      title: 'Untitled incident',
      severity: 'sev3',
      status: 'open',
      symptom: '',
      assetIds: [],
      source: 'manual',
      openedAt: first.at,
      openedBy: first.author,
      clockStartAt: first.at,
      acknowledgedAt: null,
      restoredAt: null,
      closedAt: null,
      runs: [],
      notes: [],
      followUps: [],
      customerUpdates: [],
      lastEventAt: first.at,
      eventCount: 0,
    },
    runs: [],
    opened: false,
  };
}

/**
 * Applies one event, which must sort after every event already folded (and not repeat
 * one). Returns the event parsed, or null when this version cannot read it. Objects already
 * in the state are replaced rather than changed, so a shallow copy taken earlier
 * (snapshotState) keeps what it saw.
 */
export function foldEvent(fold: IncidentFold, e: IncidentEvent): ParsedEvent | null {
  const { state, runs } = fold;
  state.eventCount += 1;
  state.lastEventAt = e.at;
  const parsed = parseEvent(e);
  if (!parsed) return null;
  switch (parsed.type) {
    case 'opened': {
      // A second 'opened' (two devices opening the same id) cannot reset what followed.
      if (fold.opened) break;
      fold.opened = true;
      const p = parsed.payload;
      Object.assign(state, {
        customerId: p.customerId ?? '',
        title: p.title,
        severity: p.severity,
        symptom: p.symptom,
        assetIds: p.assetIds,
        source: p.source,
        openedAt: e.at,
        openedBy: e.author,
        clockStartAt: p.clockStartAt ?? e.at,
      });
      break;
    }
    case 'acknowledged':
      state.acknowledgedAt ??= e.at;
      break;
    case 'severity_changed':
      state.severity = parsed.payload.severity;
      break;
    case 'note':
      state.notes.push({
        eventId: e.id,
        at: e.at,
        by: e.author,
        text: parsed.payload.text,
        correctedBy: null,
      });
      break;
    case 'playbook_started': {
      const draft = startRun(e, parsed.payload);
      // A run id seen twice (a copied event with a new id) keeps the first run.
      if (runs.some((r) => r.run.runId === draft.run.runId)) break;
      runs.push(draft);
      state.runs.push(draft.run);
      if (state.status === 'open') state.status = 'restoring';
      break;
    }
    case 'step_done':
      recordStep(runs, e, parsed.payload.runId, parsed.payload.stepId, 'done', parsed.payload.note ?? null);
      break;
    case 'step_skipped':
      recordStep(runs, e, parsed.payload.runId, parsed.payload.stepId, 'skipped', parsed.payload.reason);
      break;
    case 'step_failed':
      recordStep(runs, e, parsed.payload.runId, parsed.payload.stepId, 'failed', parsed.payload.note);
      break;
    case 'restored':
      if (state.status === 'closed' || state.status === 'restored') break;
      state.status = 'restored';
      state.restoredAt = parsed.payload.restoredAt ?? e.at;
      break;
    case 'closed':
      if (state.status === 'closed') break;
      state.status = 'closed';
      state.closedAt = e.at;
      break;
    case 'reopened':
      state.status = 'open';
      state.restoredAt = null;
      state.closedAt = null;
      break;
    case 'follow_up_added': {
      const p = parsed.payload;
      const item = {
        id: p.followUpId,
        at: e.at,
        by: e.author,
        kind: p.kind,
        text: p.text,
        ticketRef: p.ticketRef ?? null,
      };
      const at = state.followUps.findIndex((f) => f.id === p.followUpId);
      if (at >= 0) state.followUps[at] = item;
      else state.followUps.push(item);
      break;
    }
    case 'correction': {
      const at = state.notes.findIndex((n) => n.eventId === parsed.payload.eventId);
      const note = state.notes[at];
      if (note) state.notes[at] = { ...note, correctedBy: e.id };
      break;
    }
    case 'customer_update': {
      const p = parsed.payload;
      state.customerUpdates.push({
        eventId: e.id,
        at: e.at,
        by: e.author,
        kind: p.kind,
        channel: p.channel,
        to: p.to.map((r) => r.name),
        subject: p.subject,
        text: p.text,
      });
      break;
    }
    case 'contact_called':
    case 'escalated':
    case 'handed_over':
      // In the timeline only: they change no state.
      break;
    default:
      assertNever(parsed, 'incident event');
  }
  return parsed;
}

/**
 * A copy of a fold's state that later folds do not change: the state and its lists are
 * copied (their items are replaced, never changed, by foldEvent), so this costs one pass
 * over the lists, not over the log.
 */
export function snapshotState(state: IncidentState): IncidentState {
  return {
    ...state,
    assetIds: [...state.assetIds],
    runs: state.runs.map((r) => ({ ...r, steps: [...r.steps] })),
    notes: [...state.notes],
    followUps: [...state.followUps],
    customerUpdates: [...state.customerUpdates],
  };
}

/**
 * Folds the log into the incident's state. The log must hold at least one event (an
 * incident exists from its first event); an incident whose 'opened' event cannot be read
 * still gets a state, with placeholders where the opening details would be.
 */
export function reduceIncident(events: readonly IncidentEvent[]): IncidentState {
  const log = orderedEvents(events);
  const first = log[0];
  if (!first) throw new RangeError('An incident needs at least one event to have a state.');
  const fold = startFold(first);
  for (const e of log) foldEvent(fold, e);
  return fold.state;
}

/** The run an engineer is working through: the one started last. */
export function latestRun(state: IncidentState): PlaybookRun | null {
  return state.runs[state.runs.length - 1] ?? null;
}

/** A step that needs no action: recorded as done or skipped, or skipped by the customer's overlay. */
export function stepSettled(step: RunStep): boolean {
  return (
    step.state === 'done' ||
    step.state === 'skipped' ||
    (step.state === 'pending' && step.skipReason !== null)
  );
}

/** The latest run's progress and its first step still to do. */
export function runProgress(state: IncidentState): {
  readonly done: number;
  readonly total: number;
  readonly nextStep: string | null;
} {
  const run = latestRun(state);
  if (!run) return { done: 0, total: 0, nextStep: null };
  const next = run.steps.find((s) => s.state === 'pending' && s.skipReason === null);
  return {
    done: run.steps.filter(stepSettled).length,
    total: run.steps.length,
    nextStep: next ? next.title : null,
  };
}
