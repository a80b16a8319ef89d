/** The shift-handover slice of the API contract (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import { Id } from '../catalog/schemas';
import {
  Engineer,
  EngineerName,
  Handover,
  HandoverSummary,
  Initials,
  ItemEdit,
  ItemId,
  Shift,
} from './model';

const HandoverRef = { handoverId: Id };
const IsoTime = z.iso.datetime({ offset: true });

/** A file made for the engineer to save: its name, type and content (base64 for binary). */
export const ExportedFile = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
});

export const EXPORT_FORMATS = ['markdown', 'bundle', 'pdf'] as const;

export const handoverCalls = {
  'engineer:list': define({
    summary:
      "This console's engineer profiles, which one is at the keyboard, and the name acts are signed with now (the active profile's, else this console's or the computer's user name).",
    input: z.object({}).strict(),
    output: z.object({ engineers: z.array(Engineer), activeId: Id.nullable(), signedAs: z.string() }),
    reads: true,
  }),
  'engineer:save': define({
    summary:
      'Create (id null) or rename an engineer profile. Initials default to the first letters of the name. activate makes it the active engineer.',
    input: z
      .object({
        id: Id.nullable(),
        name: EngineerName,
        initials: Initials.optional(),
        activate: z.boolean().optional(),
      })
      .strict(),
    output: Engineer,
    changes: ['settings'],
  }),
  'engineer:switch': define({
    summary: 'Make another profile the active engineer: every act recorded from now on is theirs.',
    input: z.object({ id: Id }).strict(),
    output: z.object({ engineers: z.array(Engineer), activeId: Id.nullable() }),
    changes: ['settings'],
  }),
  'shift:current': define({
    summary: 'Who is on shift at this console and since when, and who is the active engineer.',
    input: z.object({}).strict(),
    output: z.object({ shift: Shift.nullable(), active: Engineer.nullable() }),
    reads: true,
  }),
  'shift:start': define({
    summary: 'Start a shift for the active engineer.',
    input: z.object({}).strict(),
    output: Shift,
    changes: ['handover'],
  }),
  'shift:end': define({
    summary:
      'End the running shift and propose a handover from the log since it started: incidents still open, incidents restored in the shift with their follow-ups, things to watch. Returns the draft.',
    input: z.object({}).strict(),
    output: Handover,
    changes: ['handover'],
  }),
  'handover:get': define({
    summary: 'One handover: its items, and how each was reviewed (who, when, questions and answers).',
    input: z.object({ id: Id }).strict(),
    output: Handover,
    reads: true,
  }),
  'handover:list': define({
    summary:
      'Handovers, newest first, optionally by engineer (name), customer (id, code or name), date range of the shift and acknowledged or not. Unacknowledged ones older than the threshold are flagged.',
    input: z
      .object({
        engineer: z.string().trim().max(100).optional(),
        customer: z.string().trim().max(200).optional(),
        from: IsoTime.optional(),
        to: IsoTime.optional(),
        acknowledged: z.boolean().optional(),
        includeDrafts: z.boolean().optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(HandoverSummary), overdueMinutes: z.number().int() }),
    reads: true,
  }),
  'handover:update': define({
    summary:
      'Edit a draft: the items in order (generated ones by id with their title and detail; left out = removed; new notes with id null). Refused once submitted.',
    input: z
      .object({
        ...HandoverRef,
        baseVersion: z.number().int().positive(),
        items: z.array(ItemEdit).max(500),
      })
      .strict(),
    output: Handover,
    changes: ['handover'],
  }),
  'handover:submit': define({
    summary:
      'Submit a draft: from now on its items are frozen, with a content hash, for the incoming engineer.',
    input: z.object({ ...HandoverRef, baseVersion: z.number().int().positive() }).strict(),
    output: Handover,
    changes: ['handover'],
  }),
  'handover:review': define({
    summary:
      "The incoming engineer's verdict on one item: accept it, or question it with a comment. Recorded with who and when.",
    input: z.discriminatedUnion('verdict', [
      z.object({ ...HandoverRef, itemId: ItemId, verdict: z.literal('accept') }).strict(),
      z
        .object({
          ...HandoverRef,
          itemId: ItemId,
          verdict: z.literal('question'),
          comment: z.string().trim().min(1, 'a question needs a comment').max(5000),
        })
        .strict(),
    ]),
    output: Handover,
    changes: ['handover'],
  }),
  'handover:answer': define({
    summary: "The outgoing engineer's answer to a question on an item.",
    input: z
      .object({
        ...HandoverRef,
        questionId: Id,
        text: z.string().trim().min(1, 'write the answer').max(5000),
      })
      .strict(),
    output: Handover,
    changes: ['handover'],
  }),
  'handover:export': define({
    summary:
      'A handover as Markdown, a bundle file (JSON with a content hash, for a console with no central store) or PDF (base64, printed by Chromium).',
    input: z.object({ id: Id, format: z.enum(EXPORT_FORMATS) }).strict(),
    output: ExportedFile,
    reads: true,
  }),
  'handover:import': define({
    summary:
      'Import a handover bundle from another console. Importing it again changes nothing; acts recorded since are added. A tampered or truncated bundle is refused and nothing is written.',
    input: z
      .object({
        content: z
          .string()
          .min(1, 'the bundle file is empty')
          .max(32 * 1024 * 1024),
      })
      .strict(),
    output: z.object({
      handoverId: Id,
      created: z.boolean(),
      eventsAdded: z.number().int(),
      missingIncidents: z.number().int(),
    }),
    changes: ['handover'],
  }),
  'handover:settings': define({
    summary:
      'How long a submitted handover may wait unacknowledged before it is flagged (minutes, default 120). Give overdueMinutes to change it.',
    input: z
      .object({
        overdueMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60)
          .optional(),
      })
      .strict(),
    output: z.object({ overdueMinutes: z.number().int() }),
    changes: ['handover'],
  }),
} as const;
