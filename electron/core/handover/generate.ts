/**
 * The proposed handover, generated from the log of a shift: every incident still open
 * (where it stands, last actions, next steps), incidents restored during the shift with
 * their follow-ups, and what to watch (maintenance windows about to open, contracts about
 * to expire and stale playbooks, for the customers and playbooks the shift touched).
 */
import { weekdayName, windowPositionAt } from '../../../shared/catalog/maintenance';
import type { CustomerRef, Severity } from '../../../shared/catalog/schemas';
import type { HandoverItem, IncidentSnapshot } from '../../../shared/handover/model';
import type { IncidentStatus } from '../../../shared/incidents/model';
import { reduceIncident, stepSettled } from '../../../shared/incidents/reducer';
import { timeline } from '../../../shared/incidents/summary';
import type { Db } from '../db/database';
import { overdueUpdate } from '../incidents/communication';
import { loadEvents } from '../incidents/log';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead a maintenance window counts as "soon": the next shift. */
export const WINDOW_HORIZON_MINUTES = 12 * 60;
export const CONTRACT_HORIZON_DAYS = 30;
const LAST_ACTIONS = 5;
const NEXT_STEPS = 3;

interface IncidentRow {
  readonly id: string;
  readonly customer_id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly opened_at: string;
  readonly restored_at: string | null;
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function customerRef(db: Db, id: string): CustomerRef | null {
  return (
    (db.prepare('SELECT id, code, name, tier FROM customers WHERE id = ?').get(id) as
      | CustomerRef
      | undefined) ?? null
  );
}

function targetMinutes(db: Db, customerId: string, severity: Severity): number | null {
  const row = db.prepare('SELECT restore_targets FROM customers WHERE id = ?').get(customerId) as
    | { restore_targets: string }
    | undefined;
  const v = row ? parsePayload(row.restore_targets)[severity] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null;
}

/** Steps still to do in the latest run; for runs logged without the frozen playbook, from its version. */
function nextSteps(db: Db, state: ReturnType<typeof reduceIncident>): string[] {
  const run = state.runs[state.runs.length - 1];
  if (!run) return [];
  const pending = run.steps.filter((s) => !stepSettled(s) && s.state !== 'failed').map((s) => s.title);
  const planned = run.steps.some((s) => s.title !== s.stepId);
  if (planned || pending.length > 0) return pending.slice(0, NEXT_STEPS);
  const version = db
    .prepare('SELECT body FROM playbook_versions WHERE playbook_id = ? AND number = ?')
    .get(run.playbookId, run.version) as { body: string } | undefined;
  const steps = version ? parsePayload(version.body).steps : undefined;
  if (!Array.isArray(steps)) return [];
  const recorded = new Set(run.steps.map((s) => s.stepId));
  return steps
    .map((s: unknown) => (s !== null && typeof s === 'object' ? (s as Record<string, unknown>) : {}))
    .filter((s) => typeof s.id === 'string' && typeof s.title === 'string' && !recorded.has(s.id))
    .map((s) => String(s.title))
    .slice(0, NEXT_STEPS);
}

function snapshot(db: Db, row: IncidentRow): { snap: IncidentSnapshot; customer: CustomerRef | null } {
  const events = loadEvents(db, row.id);
  const customer = customerRef(db, row.customer_id);
  // The incidents row is the incident service's projection of the log (customer, title,
  // severity, status); the log itself gives the runs, follow-ups and the words.
  const state = events.length > 0 ? reduceIncident(events) : null;
  const extra = db.prepare('SELECT * FROM incidents WHERE id = ?').get(row.id) as Record<string, unknown>;
  const clockStartAt =
    typeof extra.clock_start_at === 'string' ? extra.clock_start_at : (state?.clockStartAt ?? row.opened_at);
  const target =
    typeof extra.target_minutes === 'number'
      ? extra.target_minutes
      : targetMinutes(db, row.customer_id, row.severity);
  const deadline =
    typeof extra.deadline_at === 'string'
      ? extra.deadline_at
      : target === null
        ? null
        : new Date(Date.parse(clockStartAt) + target * MINUTE).toISOString();
  const lines = state ? timeline(events, state) : [];
  const run = state?.runs[state.runs.length - 1];
  const snap: IncidentSnapshot = {
    incidentId: row.id,
    title: row.title.slice(0, 300),
    severity: row.severity,
    status: row.status,
    openedAt: row.opened_at,
    clockStartAt,
    targetMinutes: target,
    deadlineAt: deadline,
    restoredAt: row.restored_at,
    progress: run
      ? { done: run.steps.filter(stepSettled).length, total: run.steps.length }
      : { done: 0, total: 0 },
    lastActions: lines
      .slice(-LAST_ACTIONS)
      .reverse()
      .map((l) => ({ at: l.at, author: l.author, summary: l.summary.slice(0, 2000) })),
    nextSteps: state ? nextSteps(db, state).map((s) => s.slice(0, 500)) : [],
    followUps: (state?.followUps ?? [])
      .slice(0, 50)
      .map((f) => ({ kind: f.kind, text: f.text, ticketRef: f.ticketRef })),
  };
  return { snap, customer };
}

/** The customer update an open incident owes at the shift's end, in words, or null. */
function owedUpdate(db: Db, row: IncidentRow, at: Date): string | null {
  const events = loadEvents(db, row.id);
  if (events.length === 0) return null;
  const state = reduceIncident(events);
  const late = overdueUpdate(db, { ...state, customerId: state.customerId || row.customer_id }, at);
  if (!late) return null;
  const last = late.lastAt ? `last sent ${late.lastAt.slice(11, 16)} UTC` : 'none sent yet';
  return `${late.kind === 'working' ? 'first update' : `"${late.kind}" update`} to ${late.recipients.join(', ') || 'the customer'} was due ${late.dueAt.slice(11, 16)} UTC, ${durationWords(late.minutesOverdue)} ago (${last}).`;
}

function minutesBetween(a: string, b: Date): number {
  return Math.round((b.getTime() - Date.parse(a)) / MINUTE);
}

function clockWords(snap: IncidentSnapshot, at: Date): string {
  if (snap.deadlineAt === null) return 'no restore target';
  const left = Math.round((Date.parse(snap.deadlineAt) - at.getTime()) / MINUTE);
  return left >= 0
    ? `${durationWords(left)} left to restore target`
    : `${durationWords(-left)} past restore target`;
}

export function durationWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 2880) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  return `${Math.round(minutes / 1440)} d`;
}

function openIncidentDetail(snap: IncidentSnapshot, at: Date): string {
  const parts = [`${snap.status === 'restoring' ? 'Restoring' : 'Open'}, ${clockWords(snap, at)}.`];
  if (snap.progress.total > 0)
    parts.push(`Playbook: ${snap.progress.done} of ${snap.progress.total} steps settled.`);
  const next = snap.nextSteps[0];
  parts.push(next ? `Next: ${next}.` : 'No playbook step pending: decide the next action.');
  return parts.join(' ');
}

function restoredDetail(snap: IncidentSnapshot): string {
  const took = snap.restoredAt
    ? ` in ${durationWords(Math.max(0, minutesBetween(snap.clockStartAt, new Date(snap.restoredAt))))}`
    : '';
  const fu =
    snap.followUps.length === 0
      ? 'No follow-ups recorded yet: root cause still to be looked at.'
      : `${snap.followUps.length} follow-up${snap.followUps.length === 1 ? '' : 's'} for root cause.`;
  return `Restored${took}. ${fu}`;
}

// --- maintenance windows in the customer's time zone ------------------------------------

interface WindowRow {
  readonly id: string;
  readonly name: string;
  readonly weekday: number;
  readonly start_time: string;
  readonly duration_minutes: number;
}

/** The window's state seen at `at`: open now (minutes until it closes) or opening within the horizon. */
export function windowSoon(
  w: Pick<WindowRow, 'weekday' | 'start_time' | 'duration_minutes'>,
  at: Date,
  timeZone: string,
  horizonMinutes: number,
): { readonly now: boolean; readonly minutes: number } | null {
  const position = windowPositionAt(
    { weekday: w.weekday, startTime: w.start_time, durationMinutes: w.duration_minutes },
    at,
    timeZone,
  );
  if (position.open) return { now: true, minutes: position.endsInMinutes };
  return position.startsInMinutes <= horizonMinutes
    ? { now: false, minutes: position.startsInMinutes }
    : null;
}

// --- the proposal --------------------------------------------------------------------

export interface Proposal {
  readonly items: HandoverItem[];
}

export function proposeHandover(db: Db, shiftStartedAt: string, shiftEndedAt: string): Proposal {
  const at = new Date(shiftEndedAt);
  const open = db
    .prepare(
      `SELECT id, customer_id, title, severity, status, opened_at, restored_at FROM incidents
        WHERE status IN ('open','restoring') AND deleted_at IS NULL`,
    )
    .all() as IncidentRow[];
  const restored = db
    .prepare(
      `SELECT id, customer_id, title, severity, status, opened_at, restored_at FROM incidents i
        WHERE status IN ('restored','closed') AND deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.type = 'restored'
                        AND e.at >= ? AND e.at <= ?)`,
    )
    .all(shiftStartedAt, shiftEndedAt) as IncidentRow[];

  const touched = new Map<string, CustomerRef>();
  const openItems: Array<HandoverItem & { readonly sort: string }> = [];
  const owed: string[] = [];
  for (const row of open) {
    const { snap, customer } = snapshot(db, row);
    if (customer) touched.set(customer.id, customer);
    const late = owedUpdate(db, row, at);
    if (late) owed.push(`${customer?.code ?? '?'} "${snap.title}" (${row.severity.toUpperCase()}): ${late}`);
    openItems.push({
      id: `inc-${row.id}`,
      kind: 'open_incident',
      title: snap.title,
      detail: late
        ? `Customer update overdue: ${late} ${openIncidentDetail(snap, at)}`
        : openIncidentDetail(snap, at),
      customer,
      incident: snap,
      watch: null,
      sort: snap.deadlineAt ?? '9999',
    });
  }
  openItems.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  const restoredItems: HandoverItem[] = restored
    .map((row) => {
      const { snap, customer } = snapshot(db, row);
      if (customer) touched.set(customer.id, customer);
      return {
        id: `inc-${row.id}`,
        kind: 'restored_incident' as const,
        title: snap.title,
        detail: restoredDetail(snap),
        customer,
        incident: snap,
        watch: null,
      };
    })
    .sort((a, b) => ((a.incident.restoredAt ?? '') < (b.incident.restoredAt ?? '') ? -1 : 1));

  // Customers the shift worked on, even where the incident is not in either list (closed).
  const worked = db
    .prepare(
      `SELECT DISTINCT i.customer_id AS id FROM incident_events e JOIN incidents i ON i.id = e.incident_id
        WHERE e.at >= ? AND e.at <= ?`,
    )
    .all(shiftStartedAt, shiftEndedAt) as Array<{ id: string }>;
  for (const { id } of worked) {
    if (!touched.has(id)) {
      const c = customerRef(db, id);
      if (c) touched.set(id, c);
    }
  }

  const watch: Array<HandoverItem & { readonly due: string }> = [];
  for (const customer of touched.values()) {
    const tz =
      (
        db.prepare('SELECT time_zone FROM customers WHERE id = ?').get(customer.id) as
          | { time_zone: string }
          | undefined
      )?.time_zone ?? 'UTC';
    const windows = db
      .prepare(
        'SELECT id, name, weekday, start_time, duration_minutes FROM maintenance_windows WHERE customer_id = ? AND deleted_at IS NULL',
      )
      .all(customer.id) as WindowRow[];
    for (const w of windows) {
      const soon = windowSoon(w, at, tz, WINDOW_HORIZON_MINUTES);
      if (!soon) continue;
      const startsAt = soon.now ? null : new Date(at.getTime() + soon.minutes * MINUTE).toISOString();
      watch.push({
        id: `win-${w.id}`,
        kind: 'watch',
        title: soon.now
          ? `${customer.code}: maintenance window "${w.name}" is open (ends in ${durationWords(soon.minutes)})`
          : `${customer.code}: maintenance window "${w.name}" opens in ${durationWords(soon.minutes)}`,
        detail: `${weekdayName(w.weekday)} ${w.start_time} for ${durationWords(w.duration_minutes)}, ${tz} time. Expect planned alerts; check the change before acting on one.`,
        customer,
        incident: null,
        watch: { kind: 'maintenance_window', subjectId: w.id, dueAt: startsAt },
        due: startsAt ?? shiftEndedAt,
      });
    }
    const contracts = db
      .prepare(
        `SELECT sc.id, sc.expires_on, sc.contract_number, v.name AS vendor FROM support_contracts sc
           JOIN vendors v ON v.id = sc.vendor_id
          WHERE sc.customer_id = ? AND sc.deleted_at IS NULL AND sc.expires_on IS NOT NULL`,
      )
      .all(customer.id) as Array<{
      id: string;
      expires_on: string;
      contract_number: string | null;
      vendor: string;
    }>;
    for (const c of contracts) {
      const expires = Date.parse(`${c.expires_on.slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(expires)) continue;
      const days = Math.floor((expires - at.getTime()) / DAY);
      if (days > CONTRACT_HORIZON_DAYS || days < -CONTRACT_HORIZON_DAYS) continue;
      watch.push({
        id: `con-${c.id}`,
        kind: 'watch',
        title:
          days >= 0
            ? `${customer.code}: ${c.vendor} support contract expires in ${days} day${days === 1 ? '' : 's'} (${c.expires_on})`
            : `${customer.code}: ${c.vendor} support contract expired ${-days} day${days === -1 ? '' : 's'} ago (${c.expires_on})`,
        detail: `Contract ${c.contract_number ?? '(no number)'}. The vendor may refuse or delay support: check cover before escalating to them.`,
        customer,
        incident: null,
        watch: { kind: 'contract_expiring', subjectId: c.id, dueAt: new Date(expires).toISOString() },
        due: new Date(expires).toISOString(),
      });
    }
  }

  const used = db
    .prepare(
      `SELECT DISTINCT json_extract(e.payload, '$.playbookId') AS id FROM incident_events e
        WHERE e.type = 'playbook_started' AND e.at >= ? AND e.at <= ?`,
    )
    .all(shiftStartedAt, shiftEndedAt) as Array<{ id: string | null }>;
  for (const { id } of used) {
    if (!id) continue;
    const pb = db
      .prepare(
        'SELECT id, title, reviewed_at, review_interval_days FROM playbooks WHERE id = ? AND deleted_at IS NULL',
      )
      .get(id) as
      | { id: string; title: string; reviewed_at: string | null; review_interval_days: number }
      | undefined;
    if (!pb) continue;
    const reviewed = pb.reviewed_at ? Date.parse(pb.reviewed_at) : Number.NaN;
    const dueMs = Number.isNaN(reviewed) ? null : reviewed + pb.review_interval_days * DAY;
    if (dueMs !== null && dueMs >= at.getTime()) continue;
    const overdueDays = dueMs === null ? null : Math.floor((at.getTime() - dueMs) / DAY);
    watch.push({
      id: `pb-${pb.id}`,
      kind: 'watch',
      title:
        overdueDays === null
          ? `Playbook "${pb.title}" used this shift has never been reviewed`
          : `Playbook "${pb.title}" used this shift is ${overdueDays} day${overdueDays === 1 ? '' : 's'} overdue for review`,
      detail:
        'Its steps may be out of date: tell its owner what did not match, and check each step before relying on it.',
      customer: null,
      incident: null,
      watch: {
        kind: 'stale_playbook',
        subjectId: pb.id,
        dueAt: dueMs === null ? null : new Date(dueMs).toISOString(),
      },
      due: dueMs === null ? '0000' : new Date(dueMs).toISOString(),
    });
  }
  watch.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1));

  const strip = <T extends HandoverItem>({
    sort: _s,
    due: _d,
    ...item
  }: T & { sort?: string; due?: string }) => item as HandoverItem;
  const items: HandoverItem[] = [...openItems.map(strip), ...restoredItems, ...watch.map(strip)];
  if (owed.length > 0) {
    // After the open incidents they belong to, so the list still starts with the most urgent incident.
    items.splice(openItems.length, 0, {
      id: 'note-updates-overdue',
      kind: 'note',
      title: `Customer updates overdue (${owed.length})`,
      detail: owed
        .slice(0, 30)
        .map((line) => `- ${line.slice(0, 300)}`)
        .join('\n'),
      customer: null,
      incident: null,
      watch: null,
    });
  }
  if (openItems.length === 0) {
    items.unshift({
      id: 'note-nothing-open',
      kind: 'note',
      title: 'Nothing open at hand-over',
      detail: 'No incident is open or being restored.',
      customer: null,
      incident: null,
      watch: null,
    });
  }
  return { items };
}
