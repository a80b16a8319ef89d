/**
 * One incident's event log as an engineer would have left it, and its incident row:
 * opened, acknowledged, a call to the customer's first contact, the playbook started and
 * its steps done or skipped, restored, closed. The demo generator and the benchmark's
 * top-up both write their incidents with it, so a demo log and a bench log look alike.
 *
 * The caller decides what happened (customer, asset, times, people); every further choice
 * (alert source, acknowledgement delay, step notes, closer, event ids) comes from the
 * caller's seeded generator, in a fixed order, so the same seed gives the same log.
 */
import type { Severity } from '../../../shared/catalog/schemas';
import { chainEvents, type SealedEvent } from '../incidents/chain';
import { ENGINEERS } from './catalog-data';
import { MINUTE } from './model';
import { demoUuidV7, type Rng } from './random';
import { iso } from './rows';

export type IncidentLogStatus = 'open' | 'restoring' | 'restored' | 'closed';

/** A step of the playbook being run, as far as the log needs it. */
export interface IncidentLogStep {
  readonly id: string;
  readonly kind: string;
  readonly timeboxMinutes: number;
  /** Set when the customer's overlay skips the step: it is logged as skipped, with this reason. */
  readonly skipReason?: string | null | undefined;
}

/** The playbook run an incident's log records, made at the moment it starts. */
export interface IncidentLogRun {
  /** null where the run carries no id of its own (the bench's lighter logs). */
  readonly runId: string | null;
  /** The `playbook_started` payload. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly steps: readonly IncidentLogStep[];
}

export interface IncidentLogPlan {
  readonly id: string;
  readonly customerId: string;
  readonly title: string;
  readonly severity: Severity;
  /** 'open': not yet acknowledged for sure, no playbook; 'restoring': a playbook part-way through. */
  readonly status: IncidentLogStatus;
  readonly openedMs: number;
  /** null while the incident is open or restoring. */
  readonly restoredMs: number | null;
  /** null unless the status is 'closed'. */
  readonly closedMs: number | null;
  /** A live incident's log ends just before this moment. */
  readonly nowMs: number;
  readonly opener: string;
  readonly engineer: string;
  readonly symptom: string;
  readonly asset: { readonly id: string; readonly name: string; readonly environmentId: string | null };
  readonly contact: { readonly name: string; readonly role: string } | undefined;
  /** Called with the moment the playbook starts (incidents past 'open' only). */
  readonly startRun: (at: number) => IncidentLogRun;
}

/** Type aliases, not interfaces, so a row passes where any column record is taken. */
export type IncidentRow = {
  readonly id: string;
  readonly customer_id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentLogStatus;
  readonly opened_at: string;
  readonly restored_at: string | null;
  readonly closed_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly deleted_at: null;
  readonly version: number;
};

/** Where the rows go: the demo's counting writer, or the bench's prepared statements. */
export interface IncidentLogSink {
  incident(row: IncidentRow): void;
  event(row: SealedEvent): void;
}

export const CLOSE_NOTES = [
  'Root cause handed to problem management; follow-up ticket raised.',
  'Vendor replaced the failed part; monitoring clean for 24 h.',
  'Customer confirmed normal operation; no further action.',
  'Config change reverted; change process reminder sent to the team.',
  'Capacity increased; review scheduled with the customer.',
];

/** What an engineer notes on a step done, by the step's kind. */
const STEP_NOTES: Readonly<Record<string, readonly string[]>> = {
  check: ['As expected.', 'Confirmed; see output in ticket.', 'Not as expected — continued with next step.'],
  action: ['Done.', 'Done; took longer than the time box.', 'Done, service responding.'],
  decision: ['Decided not to fail over: service recovering.', 'Approved by customer; proceeding.'],
  escalate: ['Vendor case opened.', 'Vendor case opened; engineer dispatched.'],
  communicate: ['Customer updated by phone.', 'Update sent by e-mail and Teams.'],
};

interface LoggedEvent {
  readonly at: number;
  readonly author: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Events in order, each at least a second after the one before. */
class EventList {
  readonly events: LoggedEvent[] = [];
  /** The time of the last event. */
  t: number;

  constructor(openedMs: number) {
    this.t = openedMs;
  }

  push(type: string, author: string, payload: Readonly<Record<string, unknown>>, at: number): void {
    this.t = Math.max(at, this.t + 1000);
    this.events.push({ at: this.t, author, type, payload });
  }
}

/** Writes the incident's row and its log through `sink`. */
export function writeIncidentLog(plan: IncidentLogPlan, rng: Rng, sink: IncidentLogSink): void {
  const { status, openedMs, restoredMs, closedMs, engineer, asset } = plan;
  const live = status === 'open' || status === 'restoring';
  const log = new EventList(openedMs);
  log.push(
    'opened',
    plan.opener,
    {
      customerId: plan.customerId,
      title: plan.title,
      severity: plan.severity,
      symptom: plan.symptom,
      assetIds: [asset.id],
      environmentId: asset.environmentId,
      source: rng.pick(['monitoring', 'customer call', 'service desk ticket']),
    },
    openedMs,
  );
  const horizon = restoredMs ?? plan.nowMs - MINUTE;
  const ackAt = openedMs + rng.int(2, 12) * MINUTE;
  if (status !== 'open' || ackAt < horizon)
    log.push('acknowledged', engineer, {}, Math.min(ackAt, horizon - 4 * MINUTE));
  if (status !== 'open' && plan.contact) {
    log.push(
      'note',
      engineer,
      { text: `Called ${plan.contact.name} (${plan.contact.role}): informed, next update in 30 minutes.` },
      log.t + rng.int(1, 4) * MINUTE,
    );
  }
  if (status !== 'open') {
    const startedAt = log.t + rng.int(1, 3) * MINUTE;
    const run = plan.startRun(startedAt);
    log.push('playbook_started', engineer, run.payload, startedAt);
    logSteps(log, run, { live, horizon, engineer }, rng);
  }
  if (restoredMs !== null) {
    log.push(
      'restored',
      engineer,
      {
        summary: `Service restored for ${asset.name}; users confirmed.`,
        minutesToRestore: Math.round((restoredMs - openedMs) / MINUTE),
      },
      restoredMs,
    );
  }
  if (closedMs !== null)
    log.push('closed', rng.pick(ENGINEERS), { resolution: rng.pick(CLOSE_NOTES) }, closedMs);

  const last = log.events[log.events.length - 1]!;
  const restoredAt = log.events.find((e) => e.type === 'restored')?.at ?? null;
  const closedAt = log.events.find((e) => e.type === 'closed')?.at ?? null;
  sink.incident({
    id: plan.id,
    customer_id: plan.customerId,
    title: plan.title,
    severity: plan.severity,
    status,
    opened_at: iso(openedMs),
    restored_at: restoredAt === null ? null : iso(restoredAt),
    closed_at: closedAt === null ? null : iso(closedAt),
    created_at: iso(openedMs),
    updated_at: iso(last.at),
    deleted_at: null,
    version: 1,
  });
  // One device writes the whole log, so its chain starts at GENESIS (chain.ts).
  const rows = log.events.map((e) => ({
    id: demoUuidV7(e.at, rng),
    incident_id: plan.id,
    at: iso(e.at),
    device: 'demo',
    author: e.author,
    type: e.type,
    payload: JSON.stringify(e.payload),
  }));
  for (const row of chainEvents(rows)) sink.event(row);
}

/**
 * The run's steps spread over the time to the restore, in proportion to their time boxes:
 * all of them for a past incident, the first few for one still restoring.
 */
function logSteps(
  log: EventList,
  run: IncidentLogRun,
  at: { readonly live: boolean; readonly horizon: number; readonly engineer: string },
  rng: Rng,
): void {
  const { live, horizon, engineer } = at;
  const steps = run.steps;
  const ref = (stepId: string) => (run.runId === null ? { stepId } : { runId: run.runId, stepId });
  const doneSteps = live ? rng.int(1, Math.max(1, steps.length - 2)) : steps.length;
  const span = Math.max(steps.length * MINUTE, horizon - log.t - 2 * MINUTE);
  const totalBox = steps.reduce((s, x) => s + x.timeboxMinutes, 0);
  let cursor = log.t;
  for (const s of steps.slice(0, doneSteps)) {
    cursor += Math.max(MINUTE, Math.floor((span * s.timeboxMinutes) / totalBox / 1000) * 1000);
    const stepAt = Math.min(cursor, horizon - MINUTE);
    if (s.skipReason) log.push('step_skipped', engineer, { ...ref(s.id), reason: s.skipReason }, stepAt);
    else if (!live && s.kind === 'decision' && rng.chance(0.5)) {
      log.push(
        'step_skipped',
        engineer,
        { ...ref(s.id), reason: 'Not needed: service came back after the previous step.' },
        stepAt,
      );
    } else {
      const note = rng.pick(STEP_NOTES[s.kind] ?? ['Done.']);
      log.push('step_done', engineer, { ...ref(s.id), note }, stepAt);
    }
  }
}
