/**
 * Incidents as an append-only log of events. Nothing is updated or deleted: a correction
 * is a new event. The incident's state is derived from its events by the pure reducer in
 * reducer.ts, so logs recorded on several devices merge (ordered by time, then id).
 */
import { z } from 'zod';
import { AssetSummary, CustomerRef, Id, Severity } from '../catalog/schemas';
import { EffectivePlaybookSchema } from '../playbooks/model';
import { ALERT_FORMATS, ALERT_STATES } from './alert';
import { UPDATE_CHANNELS, UPDATE_KINDS } from './templates';

export const INCIDENT_STATUSES = ['open', 'restoring', 'restored', 'closed'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const FOLLOW_UP_KINDS = ['hypothesis', 'evidence', 'problem_ticket', 'task'] as const;
export const FollowUpKind = z.enum(FOLLOW_UP_KINDS);

const Text = (max: number) => z.string().trim().min(1).max(max);
const IsoTime = z.iso.datetime({ offset: true });

/** Payload schema per event type. Unknown extra fields are tolerated (older/newer devices). */
export const EVENT_PAYLOADS = {
  opened: z.object({
    customerId: Id,
    title: Text(300),
    severity: Severity,
    symptom: z.string().max(2000).default(''),
    assetIds: z.array(Id).default([]),
    environmentId: Id.nullable().optional(),
    /** Where it came from: monitoring, a pasted alert, a customer call… */
    source: z.string().max(100).default('manual'),
    /** When the restore clock starts: the alert's time when known, else the opening time. */
    clockStartAt: IsoTime.optional(),
    alert: z
      .object({
        format: z.string(),
        excerpt: z.string().max(4000),
        /** The alert's key in its source (Alertmanager fingerprint, Zabbix event id…): a later paste of it finds this incident. */
        fingerprint: z.string().max(200).optional(),
        state: z.enum(ALERT_STATES).optional(),
      })
      .optional(),
  }),
  acknowledged: z.object({}),
  severity_changed: z.object({ severity: Severity, reason: z.string().max(1000).optional() }),
  note: z.object({ text: Text(10_000) }),
  playbook_started: z.object({
    /** Run id; older logs (demo) have none and use the event id. */
    runId: z.string().optional(),
    playbookId: Id,
    playbookTitle: z.string().optional(),
    playbookVersion: z.number().int(),
    overlayId: Id.nullable().optional(),
    assetId: Id.nullable().optional(),
    /** The effective playbook frozen at start: later edits never change what was done. */
    effective: EffectivePlaybookSchema.optional(),
  }),
  step_done: z.object({
    runId: z.string().optional(),
    stepId: z.string(),
    note: z.string().max(10_000).optional(),
  }),
  step_skipped: z.object({ runId: z.string().optional(), stepId: z.string(), reason: Text(2000) }),
  step_failed: z.object({ runId: z.string().optional(), stepId: z.string(), note: Text(10_000) }),
  contact_called: z.object({ name: Text(200), phone: z.string().max(60).optional(), outcome: Text(2000) }),
  escalated: z.object({ to: Text(200), reason: Text(2000) }),
  /** restoredAt: when service came back, when that was before it was recorded (a recovery alert's time). */
  restored: z.object({ summary: z.string().max(5000).optional(), restoredAt: IsoTime.optional() }),
  follow_up_added: z.object({
    followUpId: z.string(),
    kind: FollowUpKind,
    text: Text(10_000),
    ticketRef: z.string().max(200).optional(),
  }),
  closed: z.object({ resolution: z.string().max(5000).optional() }),
  reopened: z.object({ reason: Text(2000) }),
  /** A later correction of an earlier event (e.g. a wrong note): the original stays. */
  correction: z.object({ eventId: Id, text: Text(10_000) }),
  handed_over: z.object({ handoverId: z.string(), to: z.string().optional() }),
  /**
   * An update told to the customer: which template it came from, how it went out (e-mail
   * opened from the console, phone, or copied into another tool), to whom (as they were
   * when it was sent) and the text as sent.
   */
  customer_update: z.object({
    kind: z.enum(UPDATE_KINDS),
    channel: z.enum(UPDATE_CHANNELS),
    to: z
      .array(
        z.object({
          contactId: Id.optional(),
          name: Text(200),
          email: z.string().max(320).optional(),
          phone: z.string().max(60).optional(),
        }),
      )
      .min(1)
      .max(30),
    subject: z.string().max(300).default(''),
    text: Text(20_000),
  }),
} as const;

export type IncidentEventType = keyof typeof EVENT_PAYLOADS;
export const INCIDENT_EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as IncidentEventType[];

export const IncidentEvent = z.object({
  id: Id,
  incidentId: Id,
  at: IsoTime,
  device: z.string(),
  author: z.string(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const STEP_STATES = ['pending', 'done', 'skipped', 'failed'] as const;
export const StepState = z.enum(STEP_STATES);

export const RunStep = z.object({
  stepId: z.string(),
  title: z.string(),
  kind: z.string(),
  timeboxMinutes: z.number().int().nullable(),
  instruction: z.string().nullable(),
  command: z.string().nullable(),
  expected: z.string().nullable(),
  /** Skipped by the customer's overlay before the run started. */
  skipReason: z.string().nullable(),
  state: StepState,
  /** When this step's current state was recorded, by whom, with what note or reason. */
  at: z.string().nullable(),
  by: z.string().nullable(),
  note: z.string().nullable(),
});
export type RunStep = z.infer<typeof RunStep>;

export const PlaybookRun = z.object({
  runId: z.string(),
  playbookId: Id,
  title: z.string(),
  version: z.number().int(),
  assetId: Id.nullable(),
  startedAt: z.string(),
  startedBy: z.string(),
  steps: z.array(RunStep),
});
export type PlaybookRun = z.infer<typeof PlaybookRun>;

export const IncidentState = z.object({
  id: Id,
  customerId: Id,
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  symptom: z.string(),
  assetIds: z.array(Id),
  source: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  clockStartAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  restoredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  runs: z.array(PlaybookRun),
  notes: z.array(
    z.object({
      eventId: Id,
      at: z.string(),
      by: z.string(),
      text: z.string(),
      correctedBy: z.string().nullable(),
    }),
  ),
  followUps: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      by: z.string(),
      kind: FollowUpKind,
      text: z.string(),
      ticketRef: z.string().nullable(),
    }),
  ),
  /** Updates told to the customer, oldest first (customer_update events). */
  customerUpdates: z.array(
    z.object({
      eventId: Id,
      at: z.string(),
      by: z.string(),
      kind: z.enum(UPDATE_KINDS),
      channel: z.enum(UPDATE_CHANNELS),
      to: z.array(z.string()),
      subject: z.string(),
      text: z.string(),
    }),
  ),
  lastEventAt: z.string(),
  eventCount: z.number().int(),
});
export type IncidentState = z.infer<typeof IncidentState>;

/** One line of the timeline: every event, with who, when and a human summary. */
export const TimelineEntry = z.object({
  id: Id,
  at: z.string(),
  author: z.string(),
  device: z.string(),
  type: z.string(),
  summary: z.string(),
  /**
   * For an event that came through central: the login role central says wrote it, and when
   * it reached central (central's clock). `author` is what the writing console claimed; a
   * name and a login differ by nature, so both are shown and nothing is flagged.
   */
  verifiedBy: z.string().optional(),
  receivedAt: z.string().optional(),
});

export const IncidentSummary = z.object({
  id: Id,
  title: z.string(),
  customer: CustomerRef,
  severity: Severity,
  status: IncidentStatus,
  openedAt: z.string(),
  clockStartAt: z.string(),
  /** Restore target for this severity from the customer's targets, in minutes. */
  targetMinutes: z.number().int(),
  /** clockStartAt + target. */
  deadlineAt: z.string(),
  restoredAt: z.string().nullable(),
  /** The next pending step of the latest run, if any. */
  nextStep: z.string().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/** When the next customer update is due (shared/incidents/templates.ts nextUpdateDue). */
export const UpdateDueSchema = z.object({
  kind: z.enum(UPDATE_KINDS),
  dueAt: z.string(),
  lastAt: z.string().nullable(),
  intervalMinutes: z.number().int(),
});

export const IncidentDetail = z.object({
  state: IncidentState,
  customer: CustomerRef,
  targetMinutes: z.number().int(),
  deadlineAt: z.string(),
  /** The customer's update cadence for this severity (null: no regular updates) and the next one due. */
  communication: z.object({
    cadenceMinutes: z.number().int().nullable(),
    nextUpdate: UpdateDueSchema.nullable(),
  }),
  assets: z.array(AssetSummary),
  timeline: z.array(TimelineEntry),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** What intake proposes for the alert, given its state and the customer's open incidents. */
export const INTAKE_NEXT = [
  /** A firing alert with no matching open incident: open one. */
  'open_incident',
  /** A firing alert already open as `openIncident` (pasted twice): attach to it, not a duplicate. */
  'attach_to_incident',
  /** A resolved alert for `openIncident`: offer "mark service restored at <alertAt>". */
  'mark_restored',
  /** A resolved alert with no matching open incident: say so; open nothing by default. */
  'nothing_open',
] as const;
export const IntakeNext = z.enum(INTAKE_NEXT);
export type IntakeNext = z.infer<typeof IntakeNext>;

export const AlertMatch = z.object({
  /** Which parser read it (docs/alert-formats.md); 'json' and 'text' are the generic fallbacks. */
  format: z.enum(ALERT_FORMATS),
  /** 'resolved' for a recovery ("Resolved", "RECOVERY", "DOWN -> UP", monitorCondition Resolved…). */
  state: z.enum(ALERT_STATES),
  title: z.string(),
  /** The alert's own event time (startsAt, Date/Time:, StateChangeTime…; a recovery's is when it recovered). */
  alertAt: z.string().nullable(),
  /** True when the alert's time had no zone and the console's zone was assumed: show a warning. */
  timeZoneAssumed: z.boolean(),
  /** Which field the time came from, for the engineer to check ("Date/Time:", "Date: header"). */
  timeSource: z.string().nullable(),
  severity: Severity.nullable(),
  /** The format's own severity as written ("High", "Sev2", "P2", "CRITICAL"). */
  nativeSeverity: z.string().nullable(),
  /** True when the format has no severity and `severity` is that format's default. */
  severityDefaulted: z.boolean(),
  /** The host the alert's host field names, as written. */
  host: z.string().nullable(),
  /** The alert's key in its source, to store with the incident (incident:open alert.fingerprint). */
  fingerprint: z.string().nullable(),
  symptoms: z.array(z.string()),
  customer: CustomerRef.nullable(),
  /** Other customers that matched less well, with why. */
  candidates: z.array(z.object({ customer: CustomerRef, score: z.number(), why: z.array(z.string()) })),
  assets: z.array(AssetSummary.extend({ why: z.string() })),
  /** Why the customer was chosen, in words ("host name web01.acme.local matched asset web01"). */
  why: z.array(z.string()),
  /**
   * The customer's open incident this alert is about (same customer, same asset or host, and
   * the same title or fingerprint), or null.
   */
  openIncident: z
    .object({
      id: Id,
      title: z.string(),
      status: IncidentStatus,
      openedAt: z.string(),
      clockStartAt: z.string(),
      why: z.string(),
    })
    .nullable(),
  next: IntakeNext,
});
export type AlertMatch = z.infer<typeof AlertMatch>;

export const PlaybookSuggestion = z.object({
  playbookId: Id,
  title: z.string(),
  score: z.number(),
  /** One line: why this is suggested ("applies to VMs; symptom 'unresponsive'; restored 8 of 9 runs, median 34 min"). */
  reason: z.string(),
  stats: z.object({
    runs: z.number().int(),
    restoreRate: z.number().nullable(),
    medianMinutesToRestore: z.number().nullable(),
    customerRuns: z.number().int(),
    customerMedianMinutesToRestore: z.number().nullable(),
  }),
});
export type PlaybookSuggestion = z.infer<typeof PlaybookSuggestion>;
