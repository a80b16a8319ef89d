/**
 * Review figures for Insights: of the SEV1 and SEV2 incidents whose service was restored,
 * how many have a published review, and how long after the restore it was published.
 */
import { median, p90 } from '../insights/metrics';
import type { IncidentFact, ReviewFigures } from '../insights/model';

export function reviewFigures(
  incidents: readonly IncidentFact[],
  published: ReadonlyArray<{ readonly incidentId: string; readonly publishedAt: string }>,
): ReviewFigures {
  const when = new Map(published.map((p) => [p.incidentId, p.publishedAt]));
  const eligible = incidents.filter(
    (i) => (i.severity === 'sev1' || i.severity === 'sev2') && i.restoredAt !== null,
  );
  const delays: number[] = [];
  const missing: ReviewFigures['missing'] = [];
  for (const i of eligible) {
    const at = when.get(i.id);
    if (at === undefined) {
      missing.push({
        incidentId: i.id,
        customerName: i.customerName,
        severity: i.severity,
        restoredAt: i.restoredAt ?? '',
      });
      continue;
    }
    const minutes = (Date.parse(at) - Date.parse(i.restoredAt ?? at)) / 60_000;
    if (Number.isFinite(minutes)) delays.push(Math.max(0, minutes));
  }
  const reviewed = eligible.length - missing.length;
  missing.sort((a, b) => (a.restoredAt < b.restoredAt ? 1 : a.restoredAt > b.restoredAt ? -1 : 0));
  return {
    eligible: eligible.length,
    reviewed,
    share: eligible.length === 0 ? null : reviewed / eligible.length,
    medianMinutesToReview: median(delays),
    p90MinutesToReview: p90(delays),
    missing: missing.slice(0, 20),
  };
}
