/**
 * Drafts a post-incident review from the incident's append-only log and the catalog facts
 * it needs (passed in: this file reads nothing). Pure and deterministic: the same log and
 * facts give the same draft, whichever console merged the events in whichever order. No AI:
 * every line is built from what was recorded and keeps the id of the event it came from.
 */
import type { IncidentEvent, IncidentState, RunStep } from '../incidents/model';
import { orderedEvents, type ParsedEvent, parseEvent, reduceIncident } from '../incidents/reducer';
import { clip } from '../incidents/summary';
import { UPDATE_KIND_LABELS, type UpdateChannel } from '../incidents/templates';
import { assertNever } from '../util/assertNever';
import type { KeyMoment, ReviewAction, ReviewContent, ReviewLine } from './model';
import { minutesWords, zonedTime } from './time';

export { minutesWords, zonedTime } from './time';

export interface DraftFacts {
  readonly customer: { readonly id: string; readonly code: string; readonly name: string };
  /** The customer's time zone (IANA): every time in the draft is written in it. */
  readonly timeZone: string;
  /** The restore target for the incident's severity, in minutes. */
  readonly targetMinutes: number;
  /** The incident's affected assets as the catalog names them. */
  readonly assets: ReadonlyArray<{ readonly id: string; readonly name: string; readonly kind: string }>;
  /** Application services that depend on them (the blast radius), by name. */
  readonly services: readonly string[];
}

/** "Customer update (Update) to Dana Reyes, Sam Ortiz by phone". */
function customerUpdateWords(p: Extract<ParsedEvent, { type: 'customer_update' }>['payload']): string {
  const channel: Readonly<Record<UpdateChannel, string>> = {
    email: 'by e-mail',
    phone: 'by phone',
    copied: 'copied into another tool',
  };
  const to = p.to.map((r) => r.name).join(', ');
  return `Customer update (${UPDATE_KIND_LABELS[p.kind]}) to ${to} ${channel[p.channel]}`;
}

const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

interface StepRef {
  readonly runTitle: string;
  readonly index: number;
  readonly step: RunStep;
}

function stepOf(state: IncidentState, runId: string | undefined, stepId: string): StepRef | null {
  const runs = runId === undefined ? [...state.runs].reverse() : state.runs.filter((r) => r.runId === runId);
  for (const run of runs) {
    const index = run.steps.findIndex((s) => s.stepId === stepId);
    const step = run.steps[index];
    if (step) return { runTitle: run.title, index, step };
  }
  return null;
}

const stepName = (ref: StepRef | null, stepId: string) =>
  ref ? `step ${ref.index + 1} '${ref.step.title}' of ${ref.runTitle}` : `step ${stepId}`;

/** Drafts the review. The log must hold the incident's events (at least its opening). */
export function draftReview(events: readonly IncidentEvent[], facts: DraftFacts): ReviewContent {
  const log = orderedEvents(events);
  const state = reduceIncident(log);
  const tz = facts.timeZone;
  const when = (iso: string) => zonedTime(iso, tz);
  const counters = new Map<string, number>();
  const lineId = (section: string) => {
    const n = (counters.get(section) ?? 0) + 1;
    counters.set(section, n);
    return `${section}-${n}`;
  };
  const line = (section: string, text: string, eventId: string | null): ReviewLine => ({
    id: lineId(section),
    text,
    eventId,
  });

  const opened = log.find((e) => e.type === 'opened') ?? log[0];
  // The restore that stands: the last 'restored' not undone by a later 'reopened'.
  let restoredEvent: IncidentEvent | null = null;
  for (const e of log) {
    if (e.type === 'restored' && parseEvent(e) && restoredEvent === null) restoredEvent = e;
    if (e.type === 'reopened' && parseEvent(e)) restoredEvent = null;
  }
  const restoredAt = state.restoredAt;
  const duration = restoredAt ? minutesBetween(state.clockStartAt, restoredAt) : null;
  const breached = duration !== null && duration > facts.targetMinutes;

  // The decisive step: the step done last before service was restored.
  let decisive: { event: IncidentEvent; ref: StepRef | null; stepId: string; note: string | null } | null =
    null;
  const restoredMs = restoredEvent ? Date.parse(restoredEvent.at) : Number.POSITIVE_INFINITY;
  for (const e of log) {
    if (Date.parse(e.at) > restoredMs || e === restoredEvent) break;
    const p = parseEvent(e);
    if (p?.type === 'step_done')
      decisive = {
        event: e,
        ref: stepOf(state, p.payload.runId, p.payload.stepId),
        stepId: p.payload.stepId,
        note: p.payload.note ?? null,
      };
  }

  const assetNames = state.assetIds.map((id) => facts.assets.find((a) => a.id === id)?.name ?? id);
  const sev = state.severity.toUpperCase();

  // ---- summary ----
  const summary: ReviewLine[] = [];
  const openedId = opened?.id ?? null;
  summary.push(
    line(
      'summary',
      `${sev} incident '${state.title}' for ${facts.customer.name} (${facts.customer.code}), clock from ${when(state.clockStartAt)}${state.symptom ? `: ${clip(state.symptom, 300)}` : ''}.`,
      openedId,
    ),
  );
  if (restoredEvent && restoredAt && duration !== null) {
    summary.push(
      line(
        'summary',
        `Service restored ${when(restoredAt)}, after ${minutesWords(duration)} against a ${minutesWords(facts.targetMinutes)} restore target (${breached ? 'breached' : 'met'}).`,
        restoredEvent.id,
      ),
    );
  } else {
    summary.push(line('summary', 'Service is not recorded as restored.', null));
  }
  const runTitles = state.runs.map((r) => r.title);
  if (runTitles.length > 0) {
    const starts = log.filter((e) => e.type === 'playbook_started');
    summary.push(
      line(
        'summary',
        `${runTitles.length === 1 ? 'Playbook' : `${runTitles.length} playbooks`} run: ${runTitles.map((t) => `'${t}'`).join(', ')}.`,
        starts[0]?.id ?? null,
      ),
    );
  }

  // ---- impact ----
  const impact: ReviewLine[] = [];
  impact.push(line('impact', `Customer: ${facts.customer.name} (${facts.customer.code}).`, openedId));
  if (facts.services.length > 0)
    impact.push(line('impact', `Services affected: ${facts.services.join(', ')}.`, openedId));
  impact.push(
    line(
      'impact',
      assetNames.length > 0 ? `Assets: ${assetNames.join(', ')}.` : 'No asset was named on the incident.',
      openedId,
    ),
  );
  if (duration !== null && restoredEvent) {
    const over = duration - facts.targetMinutes;
    impact.push(
      line(
        'impact',
        breached
          ? `Down ${minutesWords(duration)}: the ${minutesWords(facts.targetMinutes)} restore target was breached by ${minutesWords(over)}.`
          : `Down ${minutesWords(duration)}: within the ${minutesWords(facts.targetMinutes)} restore target (${minutesWords(-over)} to spare).`,
        restoredEvent.id,
      ),
    );
  }

  // ---- key moments, in log order ----
  const keyMoments: KeyMoment[] = [];
  const moment = (kind: KeyMoment['kind'], e: IncidentEvent, at: string, text: string) =>
    keyMoments.push({ id: lineId('moment'), kind, at, text, eventId: e.id });
  let acked = false;
  for (const e of log) {
    const p = parseEvent(e);
    if (!p) continue;
    switch (p.type) {
      case 'opened':
        if (e !== opened) break;
        if (p.payload.clockStartAt && p.payload.clockStartAt !== e.at)
          keyMoments.push({
            id: lineId('moment'),
            kind: 'detected',
            at: p.payload.clockStartAt,
            text: `Detected by ${p.payload.source} (the alert's time); opened ${when(e.at)} by ${e.author}`,
            eventId: e.id,
          });
        else moment('detected', e, e.at, `Detected and opened by ${e.author} (${p.payload.source})`);
        break;
      case 'acknowledged':
        if (acked) break;
        acked = true;
        moment('acknowledged', e, e.at, `Acknowledged by ${e.author}`);
        break;
      case 'playbook_started':
        moment(
          'playbook_started',
          e,
          e.at,
          `Playbook '${p.payload.playbookTitle ?? p.payload.playbookId}' v${p.payload.playbookVersion} started by ${e.author}`,
        );
        break;
      case 'step_done':
        if (decisive?.event === e)
          moment(
            'decisive_step',
            e,
            e.at,
            `Decisive step: ${stepName(decisive.ref, decisive.stepId)} done by ${e.author}${decisive.note ? ` — ${clip(decisive.note, 300)}` : ''}`,
          );
        break;
      case 'restored':
        if (e !== restoredEvent) break;
        moment(
          'restored',
          e,
          p.payload.restoredAt ?? e.at,
          `Service restored${p.payload.restoredAt && p.payload.restoredAt !== e.at ? ` (recorded ${when(e.at)})` : ''}, marked by ${e.author}`,
        );
        break;
      case 'customer_update':
        moment('customer_update', e, e.at, customerUpdateWords(p.payload));
        break;
      default:
        break;
    }
  }
  keyMoments.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  // ---- what restored it ----
  const restoredBy: ReviewLine[] = [];
  if (decisive)
    restoredBy.push(
      line(
        'restoredBy',
        `${stepName(decisive.ref, decisive.stepId)}, done ${when(decisive.event.at)} by ${decisive.event.author}${decisive.note ? `: ${clip(decisive.note, 1000)}` : '.'}`,
        decisive.event.id,
      ),
    );
  const restoredPayload = restoredEvent ? parseEvent(restoredEvent) : null;
  if (restoredEvent && restoredPayload?.type === 'restored' && restoredPayload.payload.summary)
    restoredBy.push(line('restoredBy', `Restore note: ${restoredPayload.payload.summary}`, restoredEvent.id));
  if (restoredBy.length === 0)
    restoredBy.push(line('restoredBy', 'No step was recorded as done before service was restored.', null));

  // ---- contributing factors, open questions, actions ----
  const factors: ReviewLine[] = [];
  const questions: ReviewLine[] = [];
  const actions: ReviewAction[] = [];
  const followUpEvents = new Map<string, IncidentEvent>();
  for (const e of log) {
    const p = parseEvent(e);
    if (!p) continue;
    if (p.type === 'follow_up_added') followUpEvents.set(p.payload.followUpId, e);
    if (p.type === 'step_failed')
      factors.push(
        line(
          'factors',
          `${capitalize(stepName(stepOf(state, p.payload.runId, p.payload.stepId), p.payload.stepId))} failed (${when(e.at)}, ${e.author}): ${clip(p.payload.note, 1000)}`,
          e.id,
        ),
      );
    if (p.type === 'step_skipped')
      questions.push(
        line(
          'questions',
          `${capitalize(stepName(stepOf(state, p.payload.runId, p.payload.stepId), p.payload.stepId))} was skipped: ${clip(p.payload.reason, 1000)}. Should it stay in the playbook?`,
          e.id,
        ),
      );
    if (p.type === 'escalated')
      factors.push(line('factors', `Escalated to ${p.payload.to}: ${clip(p.payload.reason, 1000)}`, e.id));
  }
  for (const f of state.followUps) {
    const eventId = followUpEvents.get(f.id)?.id ?? null;
    switch (f.kind) {
      case 'evidence':
        factors.push(line('factors', f.text, eventId));
        break;
      case 'hypothesis':
        questions.push(line('questions', `Unconfirmed: ${f.text}`, eventId));
        break;
      case 'problem_ticket':
        actions.push({
          id: lineId('action'),
          text: `Work problem ticket${f.ticketRef ? ` ${f.ticketRef}` : ''}: ${f.text}`,
          owner: f.by,
          dueDate: null,
          eventId,
        });
        break;
      case 'task':
        actions.push({ id: lineId('action'), text: f.text, owner: f.by, dueDate: null, eventId });
        break;
      default:
        assertNever(f.kind, 'follow-up kind');
    }
  }

  return {
    title: `Review: ${state.title}`,
    facts: {
      customer: facts.customer,
      severity: state.severity,
      services: [...facts.services],
      assets: assetNames,
      clockStartAt: state.clockStartAt,
      restoredAt,
      durationMinutes: duration,
      targetMinutes: facts.targetMinutes,
      breached,
      timeZone: tz,
    },
    summary,
    impact,
    keyMoments,
    restoredBy,
    factors,
    questions,
    actions,
    feedback: [],
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
