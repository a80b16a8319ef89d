/**
 * The review's fixed vocabularies and labels, free of zod so the renderer can use them without
 * pulling the schema library into its bundle (as shared/catalog/labels.ts). model.ts builds on these.
 */
export const KEY_MOMENT_KINDS = [
  'detected',
  'acknowledged',
  'playbook_started',
  'decisive_step',
  'restored',
  'customer_update',
] as const;

export const MOMENT_LABELS: Readonly<Record<(typeof KEY_MOMENT_KINDS)[number], string>> = {
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  playbook_started: 'Playbook started',
  decisive_step: 'Decisive step',
  restored: 'Restored',
  customer_update: 'Customer update',
};

export const FEEDBACK_VERDICTS = ['wrong', 'missing'] as const;

export const REVIEW_SECTIONS = ['summary', 'impact', 'restoredBy', 'factors', 'questions'] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];

export const SECTION_TITLES: Readonly<Record<ReviewSection, string>> = {
  summary: 'Summary',
  impact: 'Impact',
  restoredBy: 'What restored it',
  factors: 'Contributing factors',
  questions: 'Open questions',
};
