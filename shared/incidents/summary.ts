/**
 * The incident's timeline in words: one line per event, as an engineer (or the customer's
 * report) reads it. Step lines name the step by its number and title in the frozen run.
 */
import type { z } from 'zod';
import { assertNever } from '../util/assertNever';
import { EVENT_PAYLOADS, type IncidentEvent, type IncidentState, type TimelineEntry } from './model';
import { orderedEvents, parseEvent, reduceIncident } from './reducer';

type Entry = z.infer<typeof TimelineEntry>;

const FOLLOW_UP_LABEL = {
  hypothesis: 'Hypothesis',
  evidence: 'Evidence',
  problem_ticket: 'Problem ticket',
  task: 'Task',
} as const;

/** Long texts are shortened for the line; the full text stays in the event. */
export function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

const withText = (head: string, text: string | null | undefined) =>
  text && text.trim() !== '' ? `${head} — ${clip(text)}` : head;

function stepLabel(state: IncidentState, runId: string | undefined, stepId: string): string {
  const runs = runId === undefined ? [...state.runs].reverse() : state.runs.filter((r) => r.runId === runId);
  for (const run of runs) {
    const index = run.steps.findIndex((s) => s.stepId === stepId);
    const step = run.steps[index];
    if (step) return step.title === stepId ? `step ${stepId}` : `step ${index + 1} '${step.title}'`;
  }
  return `step ${stepId}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describe(state: IncidentState, e: IncidentEvent, byId: ReadonlyMap<string, IncidentEvent>): string {
  const parsed = parseEvent(e);
  if (!parsed) {
    return Object.hasOwn(EVENT_PAYLOADS, e.type)
      ? `A '${e.type}' event whose details cannot be read (damaged or from another version)`
      : `A '${e.type}' event this version does not know (recorded by a newer Lifeline)`;
  }
  switch (parsed.type) {
    case 'opened': {
      const p = parsed.payload;
      const head = `Opened '${p.title}' (${p.severity}) from ${p.source}`;
      return withText(head, p.symptom);
    }
    case 'acknowledged':
      return 'Acknowledged';
    case 'severity_changed':
      return withText(`Severity changed to ${parsed.payload.severity}`, parsed.payload.reason);
    case 'note':
      return `Note: ${clip(parsed.payload.text)}`;
    case 'playbook_started': {
      const p = parsed.payload;
      const run = state.runs.find((r) => r.runId === (p.runId ?? e.id));
      const steps = p.effective ? ` (${p.effective.steps.length} steps)` : '';
      return `Started playbook '${p.playbookTitle ?? run?.title ?? 'Playbook'}' v${p.playbookVersion}${steps}`;
    }
    case 'step_done':
      return withText(
        `${capitalize(stepLabel(state, parsed.payload.runId, parsed.payload.stepId))} done`,
        parsed.payload.note,
      );
    case 'step_skipped':
      return withText(
        `Skipped ${stepLabel(state, parsed.payload.runId, parsed.payload.stepId)}`,
        parsed.payload.reason,
      );
    case 'step_failed':
      return withText(
        `${capitalize(stepLabel(state, parsed.payload.runId, parsed.payload.stepId))} failed`,
        parsed.payload.note,
      );
    case 'contact_called': {
      const p = parsed.payload;
      return withText(`Called ${p.name}${p.phone ? ` (${p.phone})` : ''}`, p.outcome);
    }
    case 'escalated':
      return withText(`Escalated to ${parsed.payload.to}`, parsed.payload.reason);
    case 'restored':
      return withText('Service restored', parsed.payload.summary);
    case 'follow_up_added': {
      const p = parsed.payload;
      const label = FOLLOW_UP_LABEL[p.kind];
      return `Follow-up (${label}${p.ticketRef ? ` ${p.ticketRef}` : ''}): ${clip(p.text)}`;
    }
    case 'closed':
      return withText('Closed', parsed.payload.resolution);
    case 'reopened':
      return withText('Reopened', parsed.payload.reason);
    case 'correction': {
      const target = byId.get(parsed.payload.eventId);
      const what = target
        ? `the ${target.type.replace(/_/g, ' ')} of ${target.at} by ${target.author}`
        : 'an earlier entry';
      return `Correction to ${what}: ${clip(parsed.payload.text)}`;
    }
    case 'handed_over':
      return parsed.payload.to ? `Handed over to ${parsed.payload.to}` : 'Handed over';
    case 'customer_update': {
      const p = parsed.payload;
      const how = { email: 'e-mailed', phone: 'phoned', copied: 'sent (copied)' }[p.channel];
      const kind = { working: '"working on it"', update: 'update', restored: '"restored"' }[p.kind];
      return `Customer ${kind} ${how} to ${p.to.map((r) => r.name).join(', ')} — ${clip(p.subject || p.text)}`;
    }
    default:
      return assertNever(parsed, 'incident event');
  }
}

/** One timeline line: `byId` holds the log's events by id (a correction names the one it corrects). */
export function timelineEntry(
  state: IncidentState,
  e: IncidentEvent,
  byId: ReadonlyMap<string, IncidentEvent>,
): Entry {
  return {
    id: e.id,
    at: e.at,
    author: e.author,
    device: e.device,
    type: e.type,
    summary: describe(state, e, byId),
  };
}

/** Every event of the log, oldest first, with who, when and what happened in words. */
export function timeline(events: readonly IncidentEvent[], state?: IncidentState): Entry[] {
  const log = orderedEvents(events);
  if (log.length === 0) return [];
  const s = state ?? reduceIncident(log);
  const byId = new Map(log.map((e) => [e.id, e]));
  return log.map((e) => timelineEntry(s, e, byId));
}
