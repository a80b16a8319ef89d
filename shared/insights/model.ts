/**
 * Insights: restoration figures computed from the local incident log. The back end reads
 * plain facts from the derived tables (incidents, playbook_runs, run_steps); the pure
 * functions in metrics.ts turn them into the figures below, with an explicit `now`.
 */
import { z } from 'zod';
import type { Severity } from '../catalog/schemas';

/** One incident as the metrics see it (times are ISO, UTC). */
export interface IncidentFact {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly severity: Severity;
  readonly status: 'open' | 'restoring' | 'restored' | 'closed';
  readonly clockStartAt: string;
  readonly acknowledgedAt: string | null;
  readonly restoredAt: string | null;
  readonly deadlineAt: string | null;
  /** The playbook of the incident's latest run, if any ran. */
  readonly playbookId: string | null;
  readonly playbookTitle: string | null;
}

export interface RunFact {
  readonly runId: string;
  readonly playbookId: string;
  readonly playbookTitle: string;
  readonly outcome: 'restored' | 'open' | 'abandoned';
  readonly minutesToRestore: number | null;
}

export interface StepFact {
  readonly runId: string;
  readonly playbookId: string;
  readonly stepId: string;
  readonly stepTitle: string;
  readonly outcome: 'done' | 'skipped' | 'failed';
  readonly secondsSincePrevious: number | null;
  readonly timeboxMinutes: number | null;
}

export const GROUP_KINDS = ['customer', 'playbook', 'severity', 'week', 'month'] as const;
export const GroupKind = z.enum(GROUP_KINDS);
export type GroupKind = z.infer<typeof GroupKind>;

const Minutes = z.number().nullable();

export const RestorationRow = z.object({
  key: z.string(),
  label: z.string(),
  incidents: z.number().int(),
  restored: z.number().int(),
  /** Not restored and not closed: still being worked. */
  open: z.number().int(),
  ttaMedian: Minutes,
  ttaP90: Minutes,
  ttrMedian: Minutes,
  ttrP90: Minutes,
  /** Restored after the deadline, or still open past it. */
  breaches: z.number().int(),
});
export type RestorationRow = z.infer<typeof RestorationRow>;

export const PlaybookEffectiveness = z.object({
  playbookId: z.string(),
  title: z.string(),
  runs: z.number().int(),
  restored: z.number().int(),
  abandoned: z.number().int(),
  open: z.number().int(),
  /** restored / runs, 0..1; null with no runs. */
  restoreRate: z.number().nullable(),
  ttrMedian: Minutes,
});
export type PlaybookEffectiveness = z.infer<typeof PlaybookEffectiveness>;

export const StepFigure = z.object({
  playbookId: z.string(),
  playbookTitle: z.string(),
  stepId: z.string(),
  stepTitle: z.string(),
  recorded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  medianSeconds: z.number().nullable(),
  timeboxMinutes: z.number().int().nullable(),
  /** Median seconds over the time box in seconds; above 1 means the step overruns. */
  overTimebox: z.number().nullable(),
});
export type StepFigure = z.infer<typeof StepFigure>;

export const FreshnessRow = z.object({
  kind: z.enum(['playbook', 'customer']),
  id: z.string(),
  name: z.string(),
  state: z.enum(['overdue', 'never']),
  reviewedAt: z.string().nullable(),
  /** Days past the review date; null when never reviewed. */
  daysOverdue: z.number().int().nullable(),
});
export type FreshnessRow = z.infer<typeof FreshnessRow>;

export const CustomizationRow = z.object({
  playbookId: z.string(),
  title: z.string(),
  customersAsIs: z.number().int(),
  customersWithOverlay: z.number().int(),
  beyondBound: z.number().int(),
  drifted: z.number().int(),
});
export type CustomizationRow = z.infer<typeof CustomizationRow>;

/** Post-incident reviews of restored SEV1/SEV2 incidents (shared/reviews/metrics.ts). */
export const ReviewFigures = z.object({
  eligible: z.number().int(),
  reviewed: z.number().int(),
  /** reviewed / eligible, 0..1; null with none eligible. */
  share: z.number().nullable(),
  medianMinutesToReview: Minutes,
  p90MinutesToReview: Minutes,
  /** The most recently restored ones still without a published review (at most 20). */
  missing: z.array(
    z.object({
      incidentId: z.string(),
      customerName: z.string(),
      severity: z.string(),
      restoredAt: z.string(),
    }),
  ),
});
export type ReviewFigures = z.infer<typeof ReviewFigures>;

export const InsightsReport = z.object({
  now: z.string(),
  /** Periods are calendar weeks (Monday 00:00 UTC) and months in UTC, by clock start. */
  timeBasis: z.literal('UTC'),
  totals: RestorationRow,
  groups: z.object({
    customer: z.array(RestorationRow),
    playbook: z.array(RestorationRow),
    severity: z.array(RestorationRow),
    week: z.array(RestorationRow),
    month: z.array(RestorationRow),
  }),
  playbooks: z.array(PlaybookEffectiveness),
  steps: z.array(StepFigure),
  customization: z.object({ bound: z.number().int(), rows: z.array(CustomizationRow) }),
  freshness: z.array(FreshnessRow),
  reviews: ReviewFigures,
});
export type InsightsReport = z.infer<typeof InsightsReport>;
