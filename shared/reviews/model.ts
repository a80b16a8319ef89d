/**
 * Post-incident reviews: drafted from the incident's append-only log (draft.ts), edited by
 * the engineer, then published and frozen. Every drafted line keeps the id of the event it
 * came from, so a reader can check it against the log; a line the engineer adds has none.
 */
import { z } from 'zod';
import { Id } from '../catalog/schemas';
import { FEEDBACK_VERDICTS, KEY_MOMENT_KINDS } from './labels';

export {
  FEEDBACK_VERDICTS,
  KEY_MOMENT_KINDS,
  MOMENT_LABELS,
  REVIEW_SECTIONS,
  type ReviewSection,
  SECTION_TITLES,
} from './labels';

const IsoTime = z.iso.datetime({ offset: true });

/** One line of a section. eventId: the log event it was drafted from (null: written by a person). */
export const ReviewLine = z
  .object({
    id: z.string().min(1).max(100),
    text: z.string().trim().min(1, 'a line needs text (remove it instead)').max(5000),
    eventId: Id.nullable(),
  })
  .strict();
export type ReviewLine = z.infer<typeof ReviewLine>;

export const KeyMomentKind = z.enum(KEY_MOMENT_KINDS);

export type KeyMomentKind = z.infer<typeof KeyMomentKind>;

export const KeyMoment = z
  .object({
    id: z.string().min(1).max(100),
    kind: KeyMomentKind,
    at: IsoTime,
    text: z.string().trim().min(1).max(5000),
    eventId: Id.nullable(),
  })
  .strict();
export type KeyMoment = z.infer<typeof KeyMoment>;

/** A calendar day, YYYY-MM-DD, that exists. */
export const DueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a due date is written YYYY-MM-DD')
  .refine((d) => {
    // Date.parse, not new Date().toISOString(): the latter throws on a month 13.
    const ms = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  }, 'no such day');

export const ReviewAction = z
  .object({
    id: z.string().min(1).max(100),
    text: z.string().trim().min(1, 'an action needs text').max(5000),
    owner: z.string().trim().max(200),
    /** Null while drafting; publish needs one. */
    dueDate: DueDate.nullable(),
    eventId: Id.nullable(),
  })
  .strict();
export type ReviewAction = z.infer<typeof ReviewAction>;

export const FeedbackVerdict = z.enum(FEEDBACK_VERDICTS);
export type FeedbackVerdict = z.infer<typeof FeedbackVerdict>;

/**
 * Playbook feedback: a step that was wrong, or a step that was missing (after stepId, or at
 * the start when stepId is null). On publish it becomes a suggestion for the playbook's owner.
 */
export const PlaybookFeedback = z
  .object({
    id: z.string().min(1).max(100),
    playbookId: Id,
    playbookTitle: z.string().max(300),
    playbookVersion: z.number().int(),
    stepId: z.string().max(200).nullable(),
    stepTitle: z.string().max(500).nullable(),
    verdict: FeedbackVerdict,
    note: z.string().trim().min(1, 'say what was wrong or missing').max(5000),
  })
  .strict();
export type PlaybookFeedback = z.infer<typeof PlaybookFeedback>;

/** What the impact section states as facts (the lines below it are editable prose). */
export const ImpactFacts = z
  .object({
    customer: z.object({ id: Id, code: z.string(), name: z.string() }).strict(),
    severity: z.string(),
    services: z.array(z.string().max(300)).max(500),
    assets: z.array(z.string().max(300)).max(500),
    clockStartAt: IsoTime,
    restoredAt: IsoTime.nullable(),
    durationMinutes: z.number().int().nullable(),
    targetMinutes: z.number().int(),
    breached: z.boolean(),
    timeZone: z.string().max(100),
  })
  .strict();
export type ImpactFacts = z.infer<typeof ImpactFacts>;

export const ReviewContent = z
  .object({
    title: z.string().trim().min(1).max(300),
    facts: ImpactFacts,
    summary: z.array(ReviewLine).max(200),
    impact: z.array(ReviewLine).max(200),
    keyMoments: z.array(KeyMoment).max(500),
    restoredBy: z.array(ReviewLine).max(200),
    factors: z.array(ReviewLine).max(200),
    questions: z.array(ReviewLine).max(200),
    actions: z.array(ReviewAction).max(200),
    feedback: z.array(PlaybookFeedback).max(200),
  })
  .strict();
export type ReviewContent = z.infer<typeof ReviewContent>;

export const REVIEW_STATUSES = ['draft', 'published'] as const;

/** What every review shows of its incident. */
const ReviewHead = {
  id: Id,
  incidentId: Id,
  incidentTitle: z.string(),
  severity: z.string(),
  customer: z.object({ id: Id, code: z.string(), name: z.string() }),
  status: z.enum(REVIEW_STATUSES),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
};

export const Review = z.object({
  ...ReviewHead,
  version: z.number().int(),
  author: z.string(),
  device: z.string(),
  draftedAt: z.string(),
  updatedAt: z.string(),
  contentHash: z.string().nullable(),
  content: ReviewContent,
  /** The runs' steps, for marking playbook feedback. */
  runs: z.array(
    z.object({
      runId: z.string(),
      playbookId: Id,
      title: z.string(),
      version: z.number().int(),
      steps: z.array(z.object({ stepId: z.string(), title: z.string(), state: z.string() })),
    }),
  ),
});
export type Review = z.infer<typeof Review>;

export const ReviewSummary = z.object({
  ...ReviewHead,
  restoredAt: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  breached: z.boolean(),
  actions: z.number().int(),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

/** Feedback from published reviews, by playbook, for its owner. */
export const PlaybookSuggestions = z.object({
  playbookId: Id,
  title: z.string(),
  owner: z.string().nullable(),
  count: z.number().int(),
  items: z.array(
    z.object({
      reviewId: Id,
      incidentId: Id,
      incidentTitle: z.string(),
      publishedAt: z.string(),
      publishedBy: z.string(),
      verdict: FeedbackVerdict,
      stepTitle: z.string().nullable(),
      playbookVersion: z.number().int(),
      note: z.string(),
    }),
  ),
});
export type PlaybookSuggestions = z.infer<typeof PlaybookSuggestions>;
