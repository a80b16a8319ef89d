/** The incident slice of the API contract (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import { Id, Severity } from '../catalog/schemas';
import { ALERT_FORMATS, ALERT_STATES } from './alert';
import { AlertMatch, FollowUpKind, IncidentDetail, IncidentSummary, PlaybookSuggestion } from './model';
import { UPDATE_CHANNELS, UPDATE_KINDS } from './templates';

const IncidentRef = { incidentId: Id };

/** What an engineer can record on a running incident; each becomes one event. */
export const IncidentAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('acknowledged') }).strict(),
  z.object({ type: z.literal('note'), text: z.string().trim().min(1).max(10_000) }).strict(),
  z
    .object({
      type: z.literal('step'),
      runId: z.string().min(1).max(100),
      stepId: z.string().min(1).max(200),
      outcome: z.enum(['done', 'skipped', 'failed']),
      /** Required for skipped (the reason) and failed (what happened). */
      note: z.string().trim().max(10_000).optional(),
    })
    .strict()
    .refine((a) => a.outcome === 'done' || (a.note !== undefined && a.note.length > 0), {
      message: 'a skipped step needs a reason and a failed step needs a note',
      path: ['note'],
    }),
  z
    .object({
      type: z.literal('severity_changed'),
      severity: Severity,
      reason: z.string().max(1000).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('contact_called'),
      name: z.string().trim().min(1).max(200),
      phone: z.string().max(60).optional(),
      outcome: z.string().trim().min(1).max(2000),
    })
    .strict(),
  z
    .object({
      type: z.literal('escalated'),
      to: z.string().trim().min(1).max(200),
      reason: z.string().trim().min(1).max(2000),
    })
    .strict(),
  z
    .object({
      type: z.literal('restored'),
      summary: z.string().max(5000).optional(),
      /** When service came back, if not now: a recovery alert's time (alert:parse alertAt). */
      at: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('follow_up_added'),
      kind: FollowUpKind,
      text: z.string().trim().min(1).max(10_000),
      ticketRef: z.string().max(200).optional(),
    })
    .strict(),
  z.object({ type: z.literal('closed'), resolution: z.string().max(5000).optional() }).strict(),
  z.object({ type: z.literal('reopened'), reason: z.string().trim().min(1).max(2000) }).strict(),
  z
    .object({ type: z.literal('correction'), eventId: Id, text: z.string().trim().min(1).max(10_000) })
    .strict(),
  z
    .object({
      type: z.literal('customer_update'),
      /** The template it came from (incident:draftUpdate says which is next). */
      kind: z.enum(UPDATE_KINDS),
      /** email: the mailto: was opened; phone: told by phone; copied: pasted into another tool. */
      channel: z.enum(UPDATE_CHANNELS),
      /** The customer's contacts it went to; their names and addresses are frozen into the log. */
      contactIds: z.array(Id).min(1).max(30),
      subject: z.string().trim().max(300).optional(),
      text: z.string().trim().min(1).max(20_000),
    })
    .strict(),
]);
export type IncidentAction = z.infer<typeof IncidentAction>;

export const incidentCalls = {
  'incident:board': define({
    summary: 'Active incidents (open, restoring), the one closest to breaching its restore target first.',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(IncidentSummary) }),
    reads: true,
  }),
  'incident:list': define({
    summary: 'Incidents, newest first, optionally for one customer or only restored/closed ones.',
    input: z
      .object({
        customerId: Id.optional(),
        status: z.enum(['active', 'ended', 'all']).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(IncidentSummary) }),
    reads: true,
  }),
  'incident:get': define({
    summary: 'One incident: its state derived from the log, the timeline, the restore clock.',
    input: z.object({ id: Id }).strict(),
    output: IncidentDetail,
    reads: true,
  }),
  'alert:parse': define({
    summary:
      "Read a pasted alert (any format in docs/alert-formats.md: monitoring e-mail, webhook JSON, plain text) and resolve it to a customer, assets and symptom words, locally, with the reasons for each match; says whether it fires or is resolved, and names the customer's open incident it is about (next: open, attach, mark restored, or nothing open).",
    input: z
      .object({
        text: z
          .string()
          .min(1)
          .max(1024 * 1024),
      })
      .strict(),
    output: AlertMatch,
    reads: true,
  }),
  'incident:open': define({
    summary:
      "Open an incident. Severity sets the restore target from the customer's targets; the clock starts at clockStartAt (the alert's time) when given, else now.",
    input: z
      .object({
        customerId: Id,
        title: z.string().trim().min(1).max(300),
        severity: Severity,
        symptom: z.string().max(2000).optional(),
        assetIds: z.array(Id).max(500).optional(),
        clockStartAt: z.iso.datetime({ offset: true }).optional(),
        source: z.string().max(100).optional(),
        alert: z
          .object({
            format: z.enum(ALERT_FORMATS),
            excerpt: z.string().max(4000),
            /** alert:parse's fingerprint: a later paste of the same alert (or its recovery) finds this incident. */
            fingerprint: z.string().max(200).optional(),
            /** alert:parse's state, required: a resolved alert opens nothing unless openResolved is set. */
            state: z.enum(ALERT_STATES),
          })
          .strict()
          .optional(),
        /** Open the incident even though the alert says it is already resolved (e.g. to record it after the fact). */
        openResolved: z.boolean().optional(),
      })
      .strict(),
    output: IncidentDetail,
    changes: ['incidents'],
  }),
  'incident:suggest': define({
    summary:
      "Playbooks ranked for an incident by fit (its assets' kinds and tags, its symptom words weighted by how specific they are across the library), past effectiveness (restore rate, median time to restore, for this customer and overall) breaking ties; destructive and security-response playbooks held back without a direct symptom match. Each with a one-line reason.",
    input: z
      .object({
        ...IncidentRef,
        limit: z.number().int().min(1).max(50).optional(),
        /** Rank for this asset (the one the playbook will run on) instead of every asset the incident names. */
        assetId: Id.optional(),
      })
      .strict(),
    output: z.object({ suggestions: z.array(PlaybookSuggestion) }),
    reads: true,
  }),
  'incident:startPlaybook': define({
    summary:
      "Start a playbook on an incident: its effective version (core + the customer's overlay + facts) is frozen into the log.",
    input: z.object({ ...IncidentRef, playbookId: Id, assetId: Id.optional() }).strict(),
    output: IncidentDetail,
    changes: ['incidents'],
  }),
  'incident:record': define({
    summary:
      'Record what was done on an incident (a step outcome, a note, a call, restored, a follow-up…). Answers once the event is committed to disk.',
    input: z.object({ ...IncidentRef, action: IncidentAction }).strict(),
    output: IncidentDetail,
    changes: ['incidents'],
  }),
} as const;
