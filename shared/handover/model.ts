/**
 * Shifts and handovers. A handover is a document: the items the outgoing engineer hands
 * over, generated from the log and edited, then frozen on submit (its items and a content
 * hash never change again). The review that follows is an append-only log of acts
 * (accepted, questioned, answered) from which each item's status is derived.
 */
import { z } from 'zod';
import { CustomerRef, Id, Severity } from '../catalog/schemas';
import { FollowUpKind, IncidentStatus } from '../incidents/model';

const IsoTime = z.iso.datetime({ offset: true });

export const EngineerName = z.string().trim().min(1, 'give the engineer a name').max(100);
export const Initials = z
  .string()
  .trim()
  .min(1)
  .max(4)
  .regex(/^[\p{L}\p{N}]+$/u, 'initials are letters or digits, up to 4');

export const Engineer = z.object({ id: Id, name: z.string(), initials: z.string() });
export type Engineer = z.infer<typeof Engineer>;

/** Who wrote or did something, as it stays on the record (names, not profile ids, travel in bundles). */
export const Person = z.object({ name: z.string().min(1).max(100), initials: z.string().min(1).max(4) });
export type Person = z.infer<typeof Person>;

export const Shift = z.object({
  id: Id,
  engineer: Person,
  engineerId: Id.nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** The handover proposed when the shift ended. */
  handoverId: Id.nullable(),
});
export type Shift = z.infer<typeof Shift>;

export const ITEM_KINDS = ['open_incident', 'restored_incident', 'watch', 'note'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

export const SECTION_TITLES: Readonly<Record<ItemKind, string>> = {
  open_incident: 'Open incidents',
  restored_incident: 'Restored during the shift',
  watch: 'Watch',
  note: 'Notes',
};

export const WATCH_KINDS = ['maintenance_window', 'contract_expiring', 'stale_playbook'] as const;
export const WatchKind = z.enum(WATCH_KINDS);
export type WatchKind = z.infer<typeof WatchKind>;

/** Where an incident stood when the handover was written: the document carries it, so it reads the same anywhere. */
export const IncidentSnapshot = z.object({
  incidentId: Id,
  title: z.string().max(300),
  severity: Severity,
  status: IncidentStatus,
  openedAt: z.string(),
  clockStartAt: z.string(),
  targetMinutes: z.number().int().nullable(),
  deadlineAt: z.string().nullable(),
  restoredAt: z.string().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  lastActions: z
    .array(z.object({ at: z.string(), author: z.string(), summary: z.string().max(2000) }))
    .max(20),
  nextSteps: z.array(z.string().max(500)).max(20),
  followUps: z
    .array(z.object({ kind: FollowUpKind, text: z.string().max(10_000), ticketRef: z.string().nullable() }))
    .max(50),
});
export type IncidentSnapshot = z.infer<typeof IncidentSnapshot>;

export const WatchFacts = z.object({
  kind: WatchKind,
  /** The window, contract or playbook it is about. */
  subjectId: Id.nullable(),
  /** When it starts or expires, or when the review fell due. */
  dueAt: z.string().nullable(),
});
export type WatchFacts = z.infer<typeof WatchFacts>;

export const ItemId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9a-z-]+$/, 'item ids are lower-case letters, digits and dashes');

export const HandoverItem = z
  .object({
    id: ItemId,
    kind: ItemKind,
    title: z.string().trim().min(1).max(300),
    /** The outgoing engineer's words: what stands, what to do next. */
    detail: z.string().max(10_000),
    customer: CustomerRef.nullable(),
    incident: IncidentSnapshot.nullable(),
    watch: WatchFacts.nullable(),
  })
  .strict();
export type HandoverItem = z.infer<typeof HandoverItem>;

export const HANDOVER_EVENT_TYPES = ['submitted', 'accepted', 'questioned', 'answered'] as const;
export const HandoverEventType = z.enum(HANDOVER_EVENT_TYPES);
export type HandoverEventType = z.infer<typeof HandoverEventType>;

/** One recorded act. Append-only, UUIDv7 ids made on the device, so logs from several consoles merge. */
export const HandoverEvent = z
  .object({
    id: Id,
    handoverId: Id,
    itemId: ItemId.nullable(),
    at: IsoTime,
    device: z.string().min(1).max(100),
    author: z.string().min(1).max(100),
    type: HandoverEventType,
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type HandoverEvent = z.infer<typeof HandoverEvent>;

export const EVENT_PAYLOADS = {
  submitted: z.object({ contentHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  accepted: z.object({}),
  questioned: z.object({ comment: z.string().trim().min(1).max(5000) }),
  answered: z.object({ questionId: Id, text: z.string().trim().min(1).max(5000) }),
} as const satisfies Record<HandoverEventType, z.ZodType>;

export const ITEM_STATUSES = ['pending', 'questioned', 'accepted'] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const Question = z.object({
  id: Id,
  at: z.string(),
  by: z.string(),
  comment: z.string(),
  answer: z.object({ id: Id, at: z.string(), by: z.string(), text: z.string() }).nullable(),
});
export type Question = z.infer<typeof Question>;

export const ItemReview = z.object({
  itemId: ItemId,
  status: ItemStatus,
  acceptedAt: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  questions: z.array(Question),
});
export type ItemReview = z.infer<typeof ItemReview>;

export const HANDOVER_STATUSES = ['draft', 'submitted', 'acknowledged'] as const;
export const HandoverStatus = z.enum(HANDOVER_STATUSES);
export type HandoverStatus = z.infer<typeof HandoverStatus>;

/** The frozen document: exactly what the content hash covers. */
export const HandoverDocument = z
  .object({
    id: Id,
    from: Person,
    shiftStartedAt: IsoTime,
    shiftEndedAt: IsoTime,
    submittedAt: IsoTime,
    device: z.string().min(1).max(100),
    items: z.array(HandoverItem).min(1).max(500),
  })
  .strict();
export type HandoverDocument = z.infer<typeof HandoverDocument>;

export const Handover = z.object({
  id: Id,
  status: HandoverStatus,
  from: Person,
  shiftId: Id.nullable(),
  shiftStartedAt: z.string(),
  shiftEndedAt: z.string(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  contentHash: z.string().nullable(),
  /** Edits of a draft name the version they started from. */
  version: z.number().int(),
  /** Brought in from another console's bundle. */
  importedAt: z.string().nullable(),
  items: z.array(HandoverItem),
  /** Draft only: generated items the engineer removed, which can be put back. */
  removed: z.array(HandoverItem),
  reviews: z.array(ItemReview),
  events: z.array(HandoverEvent),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  openQuestions: z.number().int(),
  overdue: z.boolean(),
});
export type Handover = z.infer<typeof Handover>;

export const HandoverSummary = z.object({
  id: Id,
  status: HandoverStatus,
  from: Person,
  shiftStartedAt: z.string(),
  shiftEndedAt: z.string(),
  submittedAt: z.string().nullable(),
  importedAt: z.string().nullable(),
  itemCount: z.number().int(),
  acceptedCount: z.number().int(),
  openQuestions: z.number().int(),
  customers: z.array(z.object({ id: Id, code: z.string(), name: z.string() })),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  /** Submitted, not acknowledged, and older than the threshold. */
  overdue: z.boolean(),
});
export type HandoverSummary = z.infer<typeof HandoverSummary>;

/** An edit of a draft's item list: generated items by id (title, detail), or a new note. */
export const ItemEdit = z.union([
  z.object({ id: ItemId, title: z.string().trim().min(1).max(300), detail: z.string().max(10_000) }).strict(),
  z
    .object({
      id: z.null(),
      kind: z.literal('note'),
      title: z.string().trim().min(1).max(300),
      detail: z.string().max(10_000),
    })
    .strict(),
]);
export type ItemEdit = z.infer<typeof ItemEdit>;

export const BUNDLE_FORMAT = 'lifeline-handover-bundle';

/** The file that carries a handover to a console with no central store. */
export const HandoverBundle = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(1),
    exportedAt: IsoTime,
    exportedBy: z.string(),
    handover: HandoverDocument.extend({ contentHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    events: z.array(HandoverEvent).max(100_000),
    /** sha256 of the canonical JSON of { handover, events }. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type HandoverBundle = z.infer<typeof HandoverBundle>;

export const DEFAULT_OVERDUE_MINUTES = 120;
