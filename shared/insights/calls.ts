/** The Insights slice of the API contract (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import { InsightsReport } from './model';

export const insightsCalls = {
  'insights:report': define({
    summary:
      'Restoration figures from the local incident log: time to acknowledge and restore (median, p90) by customer, playbook, severity, UTC week and month; target breaches; playbook and step effectiveness; customization and review freshness. `now` (default: the current time) decides which open incidents are past their deadline.',
    input: z.object({ now: z.iso.datetime({ offset: true }).optional() }).strict(),
    output: InsightsReport,
    reads: true,
  }),
} as const;
