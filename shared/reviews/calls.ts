/** The post-incident review slice of the API contract (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import { Id } from '../catalog/schemas';
import { ExportedFile } from '../handover/calls';
import { PlaybookSuggestions, Review, ReviewContent, ReviewSummary } from './model';

export const REVIEW_EXPORT_FORMATS = ['markdown', 'pdf'] as const;

/** What the engineer edits: everything but the facts, which stay as drafted from the log. */
export const ReviewEdit = ReviewContent.omit({ facts: true });
export type ReviewEdit = z.infer<typeof ReviewEdit>;

export const reviewCalls = {
  'review:draft': define({
    summary:
      "Draft the post-incident review of a restored incident from its log (or return this console's draft if one exists). Refused while the incident is not restored.",
    input: z.object({ incidentId: Id }).strict(),
    output: Review,
    changes: ['incidents'],
  }),
  'review:get': define({
    summary: 'One review, draft or published, with the runs whose steps can be given feedback.',
    input: z.object({ id: Id }).strict(),
    output: Review,
    reads: true,
  }),
  'review:list': define({
    summary:
      "Reviews, newest first: of one incident (this console's draft and every published one), or a customer's published reviews.",
    input: z
      .object({
        incidentId: Id.optional(),
        customerId: Id.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(ReviewSummary) }),
    reads: true,
  }),
  'review:save': define({
    summary:
      'Save a draft as edited (sections, key moments, actions with owner and due date, playbook feedback). Refused once published, or when the draft changed since baseVersion.',
    input: z.object({ id: Id, baseVersion: z.number().int().positive(), content: ReviewEdit }).strict(),
    output: Review,
    changes: ['incidents'],
  }),
  'review:publish': define({
    summary:
      'Publish a draft: from then on it is frozen (with a content hash) and syncs. Every action needs an owner and a due date. Playbook feedback becomes a suggestion for the playbook owner.',
    input: z.object({ id: Id, baseVersion: z.number().int().positive() }).strict(),
    output: Review,
    changes: ['incidents', 'playbooks'],
  }),
  'review:export': define({
    summary: 'A review as Markdown or PDF (base64, printed by Chromium).',
    input: z.object({ id: Id, format: z.enum(REVIEW_EXPORT_FORMATS) }).strict(),
    output: ExportedFile,
    reads: true,
  }),
  'review:suggestions': define({
    summary:
      'Playbook feedback from published reviews (steps marked wrong or missing), by playbook, for its owner: a count and each note with the review it came from.',
    input: z.object({ playbookId: Id.optional() }).strict(),
    output: z.object({ playbooks: z.array(PlaybookSuggestions) }),
    reads: true,
  }),
} as const;
