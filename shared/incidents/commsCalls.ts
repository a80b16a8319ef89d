/**
 * Customer updates and "seen before" (spread into `calls` in shared/api/contract.ts):
 * drafting the next update from the customer's terms, and the past incidents like this one.
 */
import { z } from 'zod';
import { define } from '../api/define';
import { CustomerRef, Id, Severity } from '../catalog/schemas';
import { FollowUpKind, IncidentStatus, UpdateDueSchema } from './model';
import { UPDATE_KINDS } from './templates';

export const UpdateRecipient = z.object({
  contactId: Id,
  name: z.string(),
  role: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type UpdateRecipient = z.infer<typeof UpdateRecipient>;

export const UpdateDraft = z.object({
  kind: z.enum(UPDATE_KINDS),
  subject: z.string(),
  body: z.string(),
  /** The customer's chosen recipients, or its first contact in escalation order where it chose none. */
  recipients: z.array(UpdateRecipient),
  /** Every live contact of the customer, to add one for this update. */
  contacts: z.array(UpdateRecipient),
  /** Where the template came from: the customer's terms or the core set. */
  templateFrom: z.enum(['customer', 'core']),
  cadenceMinutes: z.number().int().nullable(),
  nextUpdate: UpdateDueSchema.nullable(),
});
export type UpdateDraft = z.infer<typeof UpdateDraft>;

export const SeenBeforeItem = z.object({
  incidentId: Id,
  title: z.string(),
  customer: CustomerRef,
  severity: Severity,
  status: IncidentStatus,
  openedAt: z.string(),
  restoredAt: z.string().nullable(),
  /** From the clock's start to restored; null when it was never restored. */
  minutesToRestore: z.number().nullable(),
  /** Why it is listed: "same asset web01", "same playbook …", "similar symptom". */
  reasons: z.array(z.string()),
  score: z.number(),
  playbookTitle: z.string().nullable(),
  /** The step recorded done just before service was restored, and the restore note. */
  restoredBy: z.object({ step: z.string().nullable(), note: z.string().nullable() }),
  followUps: z.array(z.object({ kind: FollowUpKind, text: z.string(), ticketRef: z.string().nullable() })),
});
export type SeenBeforeItem = z.infer<typeof SeenBeforeItem>;

export const commsCalls = {
  'incident:draftUpdate': define({
    summary:
      "The next customer update for an incident, filled in from the customer's communication terms (or the core set): 'working' first, then 'update', 'restored' after restore; with its recipients and when the next one is due.",
    input: z.object({ incidentId: Id, kind: z.enum(UPDATE_KINDS).optional() }).strict(),
    output: UpdateDraft,
    reads: true,
  }),
  'incident:seenBefore': define({
    summary:
      'Past incidents like this one (same asset; same customer and a similar symptom; same playbook), ranked by similarity and recency, each with how long it took and what restored it. Local only.',
    input: z.object({ incidentId: Id, limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: z.object({ items: z.array(SeenBeforeItem) }),
    reads: true,
  }),
} as const;
