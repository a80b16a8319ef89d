/** The playbook slice of the API contract (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import { AssetKind, Id } from '../catalog/schemas';
import {
  CustomizationReport,
  EffectivePlaybookSchema,
  OverlayBody,
  OverlayDetail,
  PlaybookBody,
  PlaybookChangeSchema,
  PlaybookDetail,
  PlaybookSummary,
  ReviewState,
} from './model';

export const playbookCalls = {
  'playbook:list': define({
    summary: 'Core playbooks, narrowed by text, the asset kind they apply to, owner or review state.',
    input: z
      .object({
        query: z.string().max(200).optional(),
        assetKind: AssetKind.optional(),
        owner: z.string().max(200).optional(),
        reviewState: ReviewState.optional(),
      })
      .strict(),
    output: z.object({ items: z.array(PlaybookSummary) }),
    reads: true,
  }),
  'playbook:get': define({
    summary:
      'One core playbook at its current version (or the version asked for), with history and overlays.',
    input: z.object({ id: Id, version: z.number().int().positive().optional() }).strict(),
    output: PlaybookDetail,
    reads: true,
  }),
  'playbook:save': define({
    summary:
      'Create (id null) or save a new immutable version of a core playbook. baseVersion is the playbook version the edit started from.',
    input: z
      .object({
        id: Id.nullable(),
        baseVersion: z.number().int().positive().nullable(),
        title: z.string().trim().min(1).max(200),
        owner: z.string().trim().max(200).nullable(),
        reviewIntervalDays: z.number().int().min(1).max(3650),
        body: PlaybookBody,
      })
      .strict(),
    output: PlaybookDetail,
    changes: ['playbooks'],
  }),
  'playbook:diff': define({
    summary: 'What changed between two versions of a core playbook.',
    input: z.object({ id: Id, from: z.number().int().positive(), to: z.number().int().positive() }).strict(),
    output: z.object({ changes: z.array(PlaybookChangeSchema) }),
    reads: true,
  }),
  'playbook:markReviewed': define({
    summary: 'Record that the playbook was reviewed today.',
    input: z.object({ id: Id }).strict(),
    output: PlaybookDetail,
    changes: ['playbooks'],
  }),
  'overlay:get': define({
    summary: "A customer's overlay of a core playbook, with drift against the current core and any problems.",
    input: z.object({ playbookId: Id, customerId: Id }).strict(),
    output: OverlayDetail,
    reads: true,
  }),
  'overlay:save': define({
    summary:
      "Save a customer's overlay against the current core version (this also re-bases a drifted one). Touching a non-customizable step or an undeclared parameter is refused.",
    input: z
      .object({
        playbookId: Id,
        customerId: Id,
        baseVersion: z.number().int().positive().nullable(),
        body: OverlayBody,
      })
      .strict(),
    output: OverlayDetail,
    changes: ['playbooks'],
  }),
  'overlay:delete': define({
    summary: "Remove a customer's overlay: the customer runs the core playbook as is.",
    input: z.object({ playbookId: Id, customerId: Id, baseVersion: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.literal(true) }),
    changes: ['playbooks'],
  }),
  'playbook:effective': define({
    summary:
      'The playbook as the engineer will see it for a customer (and optionally an asset): core + overlay + facts, placeholders filled or shown as missing.',
    input: z
      .object({
        playbookId: Id,
        customerId: Id,
        assetId: Id.optional(),
        version: z.number().int().positive().optional(),
      })
      .strict(),
    output: EffectivePlaybookSchema,
    reads: true,
  }),
  'playbook:customizationReport': define({
    summary:
      'Per core playbook: customers running it as is, customers overlaying it and how many overrides each has; those beyond the bound stand out.',
    input: z.object({ bound: z.number().int().min(0).max(100).optional() }).strict(),
    output: CustomizationReport,
    reads: true,
  }),
  'gobag:export': define({
    summary:
      "A customer's go-bag: the recovery card and its effective playbooks as one Markdown or HTML document, with generated-at and a content hash.",
    input: z.object({ customerId: Id, format: z.enum(['md', 'html']) }).strict(),
    output: z.object({
      fileName: z.string(),
      content: z.string(),
      sha256: z.string(),
      generatedAt: z.string(),
    }),
    reads: true,
  }),
} as const;
