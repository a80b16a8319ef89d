/**
 * Playbooks as data: a core playbook version (one lean process for every customer), a
 * customer overlay (only the customization the core allows), and the effective playbook an
 * engineer sees. Bodies are stored as JSON in playbook_versions.body and overlays.body.
 */
import { z } from 'zod';
import { AssetKind } from '../catalog/schemas';

export const STEP_KINDS = ['action', 'check', 'decision', 'escalate', 'communicate'] as const;
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;

export const PARAMETER_TYPES = ['string', 'number', 'boolean', 'contact'] as const;
export const ParameterType = z.enum(PARAMETER_TYPES);
export type ParameterType = z.infer<typeof ParameterType>;

export const ParameterValue = z.union([z.string().max(2000), z.number(), z.boolean()]);
export type ParameterValue = z.infer<typeof ParameterValue>;

const Name = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be lower_snake_case, starting with a letter');
const StepId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'must be letters, digits, . _ -');

export const PlaybookParameter = z
  .object({
    name: Name,
    type: ParameterType,
    default: ParameterValue.nullable(),
    description: z.string().max(1000),
  })
  .strict();
export type PlaybookParameter = z.infer<typeof PlaybookParameter>;

export const PlaybookStep = z
  .object({
    id: StepId,
    title: z.string().trim().min(1).max(200),
    /** Markdown. */
    instruction: z.string().max(20_000),
    /** May hold {{parameter}}, {{asset.field}} and {{customer.field}} placeholders. */
    command: z.string().max(5000).nullable(),
    expected: z.string().max(2000).nullable(),
    timeboxMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    kind: StepKind,
    customizable: z.boolean(),
  })
  .strict();
export type PlaybookStep = z.infer<typeof PlaybookStep>;

/**
 * A playbook whose first steps cut something off or cannot be undone: it isolates machines
 * or accounts (a security response) or fails over, wipes or rebuilds (destructive). It is
 * never suggested first unless the alert names one of its own symptoms, and says why.
 * Absent for everything else, so bodies stored before it existed stay valid as they are.
 */
export const PLAYBOOK_RISKS = ['destructive', 'security-response'] as const;
export const PlaybookRisk = z.enum(PLAYBOOK_RISKS);
export type PlaybookRisk = z.infer<typeof PlaybookRisk>;

export const PlaybookBody = z
  .object({
    summary: z.string().max(20_000),
    appliesTo: z
      .object({
        assetKinds: z.array(AssetKind),
        tags: z.array(z.string().max(60)),
        symptoms: z.array(z.string().max(60)),
        risk: PlaybookRisk.optional(),
      })
      .strict(),
    restoreTargetMinutes: z.number().int().positive(),
    parameters: z.array(PlaybookParameter),
    steps: z.array(PlaybookStep).min(1),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.steps.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id ${s.id}` });
      seen.add(s.id);
    });
    const names = new Set<string>();
    body.parameters.forEach((p, i) => {
      if (names.has(p.name))
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', i, 'name'],
          message: `duplicate parameter ${p.name}`,
        });
      names.add(p.name);
    });
  });
export type PlaybookBody = z.infer<typeof PlaybookBody>;

export const OverlayStepChange = z.union([
  z
    .object({
      replace: z
        .object({ instruction: z.string().max(20_000).optional(), command: z.string().max(5000).optional() })
        .strict(),
    })
    .strict(),
  z.object({ addAfter: z.array(PlaybookStep).min(1).max(20) }).strict(),
  z.object({ skip: z.object({ reason: z.string().trim().min(3).max(1000) }).strict() }).strict(),
]);
export type OverlayStepChange = z.infer<typeof OverlayStepChange>;

export const OverlayBody = z
  .object({
    parameters: z.record(z.string(), ParameterValue),
    steps: z.record(z.string(), OverlayStepChange),
  })
  .strict();
export type OverlayBody = z.infer<typeof OverlayBody>;

/** What placeholders can draw on besides parameters. */
export interface PlaybookFacts {
  readonly customer?: Readonly<Record<string, string | number | null | undefined>>;
  readonly asset?: Readonly<Record<string, string | number | null | undefined>>;
  /** The customer's contacts, for 'contact' parameters (their value is a role or a name). */
  readonly contacts?: ReadonlyArray<{
    readonly name: string;
    readonly role: string;
    readonly phone: string | null;
  }>;
}

/** A piece of filled text: literal, a filled placeholder, or one that could not be filled. */
export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly placeholder: string; readonly text: string }
  | { readonly kind: 'missing'; readonly placeholder: string };

export interface FilledText {
  readonly segments: readonly TextSegment[];
  /** The text with missing placeholders shown as ⟨missing: name⟩, never blank. */
  readonly text: string;
  readonly missing: readonly string[];
}

export interface EffectiveStep {
  /** Unique within the effective playbook; core steps keep their core id. */
  readonly id: string;
  readonly origin: 'core' | 'overlay';
  /** For core steps: their own id. For added steps: the core step they follow. */
  readonly coreStepId: string;
  readonly title: string;
  readonly instruction: FilledText;
  readonly command: FilledText | null;
  readonly expected: string | null;
  readonly timeboxMinutes: number;
  readonly kind: StepKind;
  readonly customizable: boolean;
  /** How the customer's overlay changed this step, if it did. */
  readonly customization: 'replaced' | 'added' | 'skipped' | null;
  /** Skipped by the customer's overlay: shown, greyed, with the reason; never silently gone. */
  readonly skipReason: string | null;
}

export interface EffectivePlaybook {
  readonly coreVersion: number;
  readonly overlayCoreVersion: number | null;
  /** The overlay was written against an older core version. */
  readonly drifted: boolean;
  readonly parameters: ReadonlyArray<{
    readonly name: string;
    readonly value: ParameterValue | null;
    readonly source: 'overlay' | 'default' | 'missing';
  }>;
  readonly steps: readonly EffectiveStep[];
  /** Every placeholder that could not be filled, across all steps. */
  readonly missing: readonly string[];
}

// ---- Output schemas for the API (the effective playbook crosses the boundary).

const FilledTextSchema = z.object({
  segments: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), text: z.string() }),
      z.object({ kind: z.literal('value'), placeholder: z.string(), text: z.string() }),
      z.object({ kind: z.literal('missing'), placeholder: z.string() }),
    ]),
  ),
  text: z.string(),
  missing: z.array(z.string()),
});

export const EffectivePlaybookSchema = z.object({
  coreVersion: z.number().int(),
  overlayCoreVersion: z.number().int().nullable(),
  drifted: z.boolean(),
  parameters: z.array(
    z.object({
      name: z.string(),
      value: ParameterValue.nullable(),
      source: z.enum(['overlay', 'default', 'missing']),
    }),
  ),
  steps: z.array(
    z.object({
      id: z.string(),
      origin: z.enum(['core', 'overlay']),
      coreStepId: z.string(),
      title: z.string(),
      instruction: FilledTextSchema,
      command: FilledTextSchema.nullable(),
      expected: z.string().nullable(),
      timeboxMinutes: z.number().int(),
      kind: StepKind,
      customizable: z.boolean(),
      customization: z.enum(['replaced', 'added', 'skipped']).nullable(),
      skipReason: z.string().nullable(),
    }),
  ),
  missing: z.array(z.string()),
});

const FieldChange = z.object({ field: z.string(), from: z.string(), to: z.string() });
export const PlaybookChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: z.string(), from: z.string(), to: z.string() }),
  z.object({
    kind: z.literal('step-added'),
    stepId: z.string(),
    title: z.string(),
    position: z.number().int(),
  }),
  z.object({ kind: z.literal('step-removed'), stepId: z.string(), title: z.string() }),
  z.object({
    kind: z.literal('step-moved'),
    stepId: z.string(),
    title: z.string(),
    from: z.number().int(),
    to: z.number().int(),
  }),
  z.object({
    kind: z.literal('step-changed'),
    stepId: z.string(),
    title: z.string(),
    fields: z.array(FieldChange),
  }),
  z.object({ kind: z.literal('parameter-added'), name: z.string() }),
  z.object({ kind: z.literal('parameter-removed'), name: z.string() }),
  z.object({ kind: z.literal('parameter-changed'), name: z.string(), fields: z.array(FieldChange) }),
]);

export const REVIEW_STATES = ['ok', 'due', 'overdue', 'never'] as const;
export const ReviewState = z.enum(REVIEW_STATES);
export type ReviewState = z.infer<typeof ReviewState>;

export const PlaybookSummary = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  currentVersion: z.number().int(),
  reviewedAt: z.string().nullable(),
  reviewIntervalDays: z.number().int(),
  /** due: within 14 days of the interval; overdue: past it; never: not reviewed yet. */
  reviewState: ReviewState,
  appliesTo: PlaybookBody.shape.appliesTo,
  stepCount: z.number().int(),
  overlayCount: z.number().int(),
  updatedAt: z.string(),
});
export type PlaybookSummary = z.infer<typeof PlaybookSummary>;

export const OverlaySummary = z.object({
  id: z.string(),
  customer: z.object({ id: z.string(), code: z.string(), name: z.string(), tier: z.string() }),
  coreVersion: z.number().int(),
  drifted: z.boolean(),
  /** Parameter values set + step changes. */
  overrides: z.number().int(),
  version: z.number().int(),
});
export type OverlaySummary = z.infer<typeof OverlaySummary>;

export const PlaybookDetail = PlaybookSummary.extend({
  /** The version shown (current unless another was asked for). */
  shownVersion: z.number().int(),
  body: PlaybookBody,
  versions: z.array(z.object({ number: z.number().int(), author: z.string(), createdAt: z.string() })),
  overlays: z.array(OverlaySummary),
  /** Row version of the playbook record (for conflict detection on save). */
  version: z.number().int(),
});
export type PlaybookDetail = z.infer<typeof PlaybookDetail>;

export const OverlayDetail = z.object({
  playbookId: z.string(),
  customerId: z.string(),
  overlay: z
    .object({ id: z.string(), coreVersion: z.number().int(), body: OverlayBody, version: z.number().int() })
    .nullable(),
  currentCoreVersion: z.number().int(),
  drifted: z.boolean(),
  /** What changed in core since the overlay's version (empty when not drifted). */
  coreChanges: z.array(PlaybookChangeSchema),
  /** Problems the overlay has against the current core (after drift), each with a path. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type OverlayDetail = z.infer<typeof OverlayDetail>;

export const CustomizationReport = z.object({
  bound: z.number().int(),
  playbooks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      customersAsIs: z.number().int(),
      customersWithOverlay: z.number().int(),
      customers: z.array(
        z.object({
          id: z.string(),
          code: z.string(),
          name: z.string(),
          overrides: z.number().int(),
          drifted: z.boolean(),
          /** More overrides than the bound: this customer deviates too far from core. */
          beyondBound: z.boolean(),
        }),
      ),
    }),
  ),
});
export type CustomizationReport = z.infer<typeof CustomizationReport>;
