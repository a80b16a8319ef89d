/**
 * The incident service: opening an incident, starting a playbook on it and recording what
 * was done, each checked against the incident's current state (derived from its log) and
 * written as new events; plus the reads the board, lists and the incident page use.
 */
import { LifelineError } from '../../../shared/api/result';
import type { CustomerRef, Severity } from '../../../shared/catalog/schemas';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { IncidentAction } from '../../../shared/incidents/calls';
import type { IncidentDetail, IncidentState, IncidentSummary } from '../../../shared/incidents/model';
import { snapshotState } from '../../../shared/incidents/reducer';
import { assertNever } from '../../../shared/util/assertNever';
import { type AssetSummaryRow, assetSummary, checkCustomerAssets } from '../catalog/assets';
import type { Db } from '../db/database';
import { cached } from '../db/statements';
import { effectivePlaybook } from '../playbooks/effective';
import { liveCustomer, liveOverlay, livePlaybook } from '../playbooks/store';
import { centralStamps, stampGeneration } from '../sync/stamps';
import { insertChainedEvents } from './chain';
import { communicationOfTerms, updateRecipients } from './communication';
import {
  type Actor,
  appendEvents,
  currentLog,
  deadlineOf,
  type EventDraft,
  type IncidentKey,
  type IncidentRow,
  incidentRow,
  type LogMemo,
  logTimeline,
  recomputeIncident,
  settleDerived,
  targetMinutes,
  targetMinutesOf,
} from './log';

/** How far ahead of this console's clock an alert's time may be (clocks drift a little). */
const CLOCK_SKEW_MS = 60_000;

function customerRef(db: Db, id: string): CustomerRef {
  const row = cached(db, 'SELECT id, code, name, tier FROM customers WHERE id = ?').get(id) as
    | CustomerRef
    | undefined;
  return row ?? unknownCustomer(id);
}

/** A customer that never reached this console (a merged log) still needs a name on the board. */
function unknownCustomer(id: string): CustomerRef {
  return { id, code: '?', name: 'Unknown customer', tier: 'bronze' };
}

function label(state: Pick<IncidentState, 'title'>): string {
  return `Incident '${state.title}'`;
}

// ---- reads -------------------------------------------------------------------------------

export function incidentDetail(db: Db, id: string): IncidentDetail {
  settleDerived(db);
  const row = incidentRow(db, id);
  return detailOf(db, row, currentLog(db, id));
}

/** Up to this many assets are read one by one (incidentAssets). */
const FEW_ASSETS = 4;

/**
 * The incident's live assets as lists show them (those of a deleted customer left out), read
 * by id: the page describes a few assets, so nothing else of the catalog is read.
 */
function incidentAssets(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const columns =
    'a.id, a.customer_id, a.environment_id, a.kind, a.name, a.hostname, a.ip_addresses, a.criticality';
  const live = 'JOIN customers c ON c.id = a.customer_id AND c.deleted_at IS NULL';
  // Most incidents name one or two assets: a primary-key lookup each costs half the json_each list.
  const rows =
    ids.length <= FEW_ASSETS
      ? ids.flatMap((id) => {
          const r = cached(
            db,
            `SELECT ${columns} FROM assets a ${live} WHERE a.id = ? AND a.deleted_at IS NULL`,
          ).get(id) as AssetSummaryRow | undefined;
          return r ? [r] : [];
        })
      : (cached(
          db,
          `SELECT ${columns} FROM assets a ${live}
            WHERE a.id IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NULL`,
        ).all(JSON.stringify(ids)) as AssetSummaryRow[]);
  const byId = new Map(rows.map((r) => [r.id, assetSummary(r)]));
  return ids.flatMap((a) => {
    const found = byId.get(a);
    return found ? [found] : [];
  });
}

/** The timeline with central's stamps joined in, the stamps read again only when they may have changed. */
function stampedTimeline(db: Db, log: LogMemo): IncidentDetail['timeline'] {
  const entries = logTimeline(log);
  const generation = stampGeneration(db);
  if (log.stamps?.generation !== generation) {
    log.stamps = {
      generation,
      byId: centralStamps(
        db,
        'incident_event',
        entries.map((e) => e.id),
      ),
    };
  }
  const stamps = log.stamps.byId;
  return entries.map((e) => {
    const s = stamps.get(e.id);
    return s ? { ...e, ...s } : e;
  });
}

function detailOf(db: Db, row: IncidentKey, log: LogMemo | null): IncidentDetail {
  if (log === null) {
    throw new LifelineError(
      'INTERNAL',
      `Incident ${row.id} has no events in its log. The database holds damaged data; restore it from a backup.`,
    );
  }
  const folded = snapshotState(log.fold.state);
  const state = folded.customerId === '' ? { ...folded, customerId: row.customer_id } : folded;
  // The customer's ref, restore targets and update terms, read in one go.
  const customer = cached(
    db,
    'SELECT id, code, name, tier, restore_targets, communication_terms FROM customers WHERE id = ?',
  ).get(state.customerId) as
    | (CustomerRef & { readonly restore_targets: string; readonly communication_terms: string | null })
    | undefined;
  const target = targetMinutesOf(customer?.restore_targets, state.severity);
  return {
    state,
    customer: customer
      ? { id: customer.id, code: customer.code, name: customer.name, tier: customer.tier }
      : unknownCustomer(state.customerId),
    targetMinutes: target,
    deadlineAt: deadlineOf(state.clockStartAt, target),
    communication: communicationOfTerms(customer?.communication_terms, state),
    assets: incidentAssets(db, state.assetIds),
    timeline: stampedTimeline(db, log),
  };
}

function summaryOf(db: Db, row: IncidentRow, customers: Map<string, CustomerRef>): IncidentSummary {
  let customer = customers.get(row.customer_id);
  if (!customer) {
    customer = customerRef(db, row.customer_id);
    customers.set(row.customer_id, customer);
  }
  const clockStartAt = row.clock_start_at ?? row.opened_at;
  const target = targetMinutes(db, row.customer_id, row.severity);
  return {
    id: row.id,
    title: row.title,
    customer,
    severity: row.severity,
    status: row.status,
    openedAt: row.opened_at,
    clockStartAt,
    targetMinutes: target,
    deadlineAt: deadlineOf(clockStartAt, target),
    restoredAt: row.restored_at,
    nextStep: row.next_step,
    progress: { done: row.steps_done, total: row.steps_total },
  };
}

/** Active incidents, the one closest to breaching (or most overdue) first. */
export function board(db: Db): IncidentSummary[] {
  settleDerived(db);
  const rows = db
    .prepare(
      `SELECT * FROM incidents WHERE status IN ('open','restoring') AND deleted_at IS NULL ORDER BY opened_at, id`,
    )
    .all() as IncidentRow[];
  const customers = new Map<string, CustomerRef>();
  // The deadline is computed from the customer's current targets, so it is sorted here.
  return rows
    .map((r) => summaryOf(db, r, customers))
    .sort((a, b) =>
      a.deadlineAt < b.deadlineAt ? -1 : a.deadlineAt > b.deadlineAt ? 1 : a.id < b.id ? -1 : 1,
    );
}

export interface ListQuery {
  readonly customerId?: string | undefined;
  readonly status?: 'active' | 'ended' | 'all' | undefined;
  readonly limit?: number | undefined;
}

export function listIncidents(db: Db, q: ListQuery): IncidentSummary[] {
  settleDerived(db);
  const where = ['deleted_at IS NULL'];
  const params: Record<string, string | number> = { limit: q.limit ?? 100 };
  if (q.customerId !== undefined) {
    where.push('customer_id = @customer');
    params.customer = q.customerId;
  }
  const status = q.status ?? 'all';
  if (status === 'active') where.push("status IN ('open','restoring')");
  else if (status === 'ended') where.push("status IN ('restored','closed')");
  const rows = db
    .prepare(
      `SELECT * FROM incidents WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT @limit`,
    )
    .all(params) as IncidentRow[];
  const customers = new Map<string, CustomerRef>();
  return rows.map((r) => summaryOf(db, r, customers));
}

// ---- opening -----------------------------------------------------------------------------

export interface OpenInput {
  readonly customerId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly symptom?: string | undefined;
  readonly assetIds?: readonly string[] | undefined;
  readonly clockStartAt?: string | undefined;
  readonly source?: string | undefined;
  readonly alert?:
    | {
        readonly format: string;
        readonly excerpt: string;
        readonly fingerprint?: string | undefined;
        readonly state?: 'firing' | 'resolved' | undefined;
      }
    | undefined;
  readonly openResolved?: boolean | undefined;
}

/** Opens an incident: the incidents row and its 'opened' event, in one transaction. */
export function openIncident(db: Db, actor: Actor, input: OpenInput, now: Date = new Date()): string {
  if (input.alert?.state === 'resolved' && input.openResolved !== true) {
    throw new LifelineError(
      'VALIDATION',
      'This alert says the problem is already resolved, so no incident was opened. Mark the open incident restored instead, or open it anyway to record it after the fact (openResolved).',
    );
  }
  const customer = liveCustomer(db, input.customerId);
  const assetIds = [...new Set(input.assetIds ?? [])];
  checkCustomerAssets(db, customer, assetIds);
  const clockStartAt =
    input.clockStartAt === undefined
      ? undefined
      : pastTime('The alert time', input.clockStartAt, now, 'leave it out to start the clock now');
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  const payload = {
    customerId: customer.id,
    title: input.title,
    severity: input.severity,
    symptom: input.symptom ?? '',
    assetIds,
    source: input.source ?? (input.alert ? 'alert' : 'manual'),
    ...(clockStartAt === undefined ? {} : { clockStartAt }),
    ...(input.alert === undefined ? {} : { alert: input.alert }),
  };
  db.transaction(() => {
    db.prepare(
      `INSERT INTO incidents (id, customer_id, title, severity, status, opened_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
    ).run(id, customer.id, input.title, input.severity, at, at, at);
    insertChainedEvents(db, [
      {
        id: uuidv7(now.getTime()),
        incident_id: id,
        at,
        device: actor.deviceId,
        author: actor.author,
        type: 'opened',
        payload: JSON.stringify(payload),
      },
    ]);
    recomputeIncident(db, id);
  }).immediate();
  return id;
}

// ---- recording ---------------------------------------------------------------------------

/**
 * The first thing an engineer records on an incident also says they are on it: when it is
 * not yet acknowledged (and still open or restoring), an 'acknowledged' event goes in
 * before the action, in the same transaction and with the same time, so time to
 * acknowledge is measured without a separate key press.
 */
function acknowledgedFirst(state: IncidentState, drafts: readonly EventDraft[]): readonly EventDraft[] {
  const active = state.status === 'open' || state.status === 'restoring';
  if (state.acknowledgedAt !== null || !active || drafts.some((d) => d.type === 'acknowledged'))
    return drafts;
  return [{ type: 'acknowledged', payload: {} }, ...drafts];
}

function closedConflict(state: IncidentState): LifelineError {
  return new LifelineError('CONFLICT', `${label(state)} is closed; reopen it to record more.`);
}

/** Starts a playbook: its effective version for this customer and asset is frozen into the log. */
export function startPlaybook(
  db: Db,
  actor: Actor,
  input: { readonly incidentId: string; readonly playbookId: string; readonly assetId?: string | undefined },
  now: Date = new Date(),
): { readonly runId: string; readonly eventIds: readonly string[] } {
  const runId = uuidv7(now.getTime());
  const { ids } = appendEvents(db, actor, input.incidentId, now, (state) => {
    if (state.status === 'closed') throw closedConflict(state);
    const pb = livePlaybook(db, input.playbookId);
    // Without an asset named, the incident's first (live) asset fills the playbook's asset facts.
    const assetId =
      input.assetId ??
      state.assetIds.find(
        (a) => cached(db, 'SELECT 1 FROM assets WHERE id = ? AND deleted_at IS NULL').get(a) !== undefined,
      );
    if (input.assetId !== undefined)
      checkCustomerAssets(db, liveCustomer(db, state.customerId), [input.assetId]);
    const effective = effectivePlaybook(db, {
      playbookId: pb.id,
      customerId: state.customerId,
      assetId,
    });
    const overlay = liveOverlay(db, pb.id, state.customerId);
    return acknowledgedFirst(state, [
      {
        type: 'playbook_started',
        payload: {
          runId,
          playbookId: pb.id,
          playbookTitle: pb.title,
          playbookVersion: effective.coreVersion,
          overlayId: overlay?.id ?? null,
          assetId: assetId ?? null,
          effective,
        },
      },
    ]);
  });
  return { runId, eventIds: ids.slice(-1) };
}

/** The event an action becomes, after checking it against the incident's current state. */
/**
 * A time read from an alert (when it started, when it recovered): readable, not ahead of this
 * console's clock beyond drift, and never later than now.
 */
function pastTime(what: string, at: string, now: Date, otherwise: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new LifelineError('VALIDATION', `${what} ${at} is not a readable time.`);
  if (ms > now.getTime() + CLOCK_SKEW_MS)
    throw new LifelineError(
      'VALIDATION',
      `${what} ${at} is in the future (this console's clock says ${now.toISOString()}). Check the alert's time zone, or ${otherwise}.`,
    );
  return new Date(Math.min(ms, now.getTime())).toISOString();
}

/** A restore time given by the engineer (a recovery alert's): after the clock started, not in the future. */
function restoredAt(state: IncidentState, at: string, now: Date): string {
  const restored = pastTime('The restore time', at, now, 'leave it out to record now');
  if (Date.parse(restored) < Date.parse(state.clockStartAt))
    throw new LifelineError(
      'VALIDATION',
      `The restore time ${at} is before the restore clock started (${state.clockStartAt}). Check the alert's time zone, or leave it out to record now.`,
    );
  return restored;
}

function draftFor(
  db: Db,
  state: IncidentState,
  action: IncidentAction,
  logIds: ReadonlyMap<string, unknown>,
  now: Date,
): EventDraft {
  const who = label(state);
  // Corrections and follow-ups still belong on a closed incident's record (the review adds them).
  const stillAllowed = ['correction', 'follow_up_added', 'reopened'];
  if (state.status === 'closed' && !stillAllowed.includes(action.type)) throw closedConflict(state);
  switch (action.type) {
    case 'acknowledged':
      if (state.acknowledgedAt !== null) {
        throw new LifelineError('CONFLICT', `${who} was already acknowledged at ${state.acknowledgedAt}.`);
      }
      return { type: 'acknowledged', payload: {} };
    case 'note':
      return { type: 'note', payload: { text: action.text } };
    case 'step': {
      const run = state.runs.find((r) => r.runId === action.runId);
      if (!run) {
        throw new LifelineError(
          'NOT_FOUND',
          `${who} has no playbook run ${action.runId}. Reload the incident and record the step on one of its runs.`,
        );
      }
      const step = run.steps.find((s) => s.stepId === action.stepId);
      if (!step) {
        throw new LifelineError(
          'NOT_FOUND',
          `The run of '${run.title}' has no step ${action.stepId}: its steps are ${run.steps.map((s) => s.stepId).join(', ') || 'none'}.`,
        );
      }
      const note = action.note?.trim() ?? '';
      const outcome = action.outcome;
      switch (outcome) {
        case 'done':
          return {
            type: 'step_done',
            payload: { runId: run.runId, stepId: step.stepId, ...(note === '' ? {} : { note }) },
          };
        case 'skipped':
          return { type: 'step_skipped', payload: { runId: run.runId, stepId: step.stepId, reason: note } };
        case 'failed':
          return { type: 'step_failed', payload: { runId: run.runId, stepId: step.stepId, note } };
        default:
          return assertNever(outcome, 'step outcome');
      }
    }
    case 'severity_changed':
      if (state.severity === action.severity) {
        throw new LifelineError('CONFLICT', `${who} is already ${action.severity}.`);
      }
      return {
        type: 'severity_changed',
        payload: { severity: action.severity, ...(action.reason ? { reason: action.reason } : {}) },
      };
    case 'contact_called':
      return {
        type: 'contact_called',
        payload: {
          name: action.name,
          outcome: action.outcome,
          ...(action.phone ? { phone: action.phone } : {}),
        },
      };
    case 'escalated':
      return { type: 'escalated', payload: { to: action.to, reason: action.reason } };
    case 'restored':
      if (state.status === 'restored') {
        throw new LifelineError(
          'CONFLICT',
          `${who} was already restored at ${state.restoredAt ?? 'an earlier time'}.`,
        );
      }
      return {
        type: 'restored',
        payload: {
          ...(action.summary ? { summary: action.summary } : {}),
          ...(action.at === undefined ? {} : { restoredAt: restoredAt(state, action.at, now) }),
        },
      };
    case 'follow_up_added':
      return {
        type: 'follow_up_added',
        payload: {
          followUpId: uuidv7(),
          kind: action.kind,
          text: action.text,
          ...(action.ticketRef ? { ticketRef: action.ticketRef } : {}),
        },
      };
    case 'closed':
      if (state.status !== 'restored') {
        throw new LifelineError(
          'CONFLICT',
          `${who} is not restored yet; record that service is restored first, then close it.`,
        );
      }
      return { type: 'closed', payload: action.resolution ? { resolution: action.resolution } : {} };
    case 'reopened':
      if (state.status === 'open' || state.status === 'restoring') {
        throw new LifelineError('CONFLICT', `${who} is still ${state.status}; there is nothing to reopen.`);
      }
      return { type: 'reopened', payload: { reason: action.reason } };
    case 'correction':
      if (!logIds.has(action.eventId)) {
        throw new LifelineError(
          'NOT_FOUND',
          `${who} has no event ${action.eventId} to correct. Pick the entry from its timeline.`,
        );
      }
      return { type: 'correction', payload: { eventId: action.eventId, text: action.text } };
    case 'customer_update':
      if (action.kind === 'restored' && state.restoredAt === null) {
        throw new LifelineError(
          'CONFLICT',
          `${who} is not restored yet, so a "restored" update cannot go out. Record service restored first, or send an "update".`,
        );
      }
      return {
        type: 'customer_update',
        payload: {
          kind: action.kind,
          channel: action.channel,
          to: updateRecipients(db, state.customerId, action.contactIds),
          subject: action.subject ?? '',
          text: action.text,
        },
      };
    default:
      return assertNever(action, 'incident action');
  }
}

function appendAction(db: Db, actor: Actor, incidentId: string, action: IncidentAction, now: Date) {
  const appended = appendEvents(db, actor, incidentId, now, (state, log) =>
    acknowledgedFirst(state, [draftFor(db, state, action, log, now)]),
  );
  // The action's own event is the last one (an acknowledgement may go before it).
  if (appended.ids.length === 0) throw new LifelineError('INTERNAL', 'Recording wrote no event.');
  return appended;
}

/** Records one action as one event. Returns the new event's id once it is committed. */
export function recordAction(
  db: Db,
  actor: Actor,
  incidentId: string,
  action: IncidentAction,
  now: Date = new Date(),
): string {
  return appendAction(db, actor, incidentId, action, now).ids.at(-1) ?? '';
}

/**
 * Records one action and answers with the incident as incidentDetail reads it, from the
 * log the append just committed (the page shows the record at once; nothing is read twice).
 */
export function recordActionDetail(
  db: Db,
  actor: Actor,
  incidentId: string,
  action: IncidentAction,
  now: Date = new Date(),
): IncidentDetail {
  const { row, memo } = appendAction(db, actor, incidentId, action, now);
  return memo ? detailOf(db, row, memo) : incidentDetail(db, incidentId);
}
