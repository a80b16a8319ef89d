/** Insights: the facts from the incident tables, handed to the pure figures in shared/insights. */
import {
  groupRestoration,
  playbookEffectiveness,
  restorationRow,
  stepFigures,
} from '../../../shared/insights/metrics';
import type { FreshnessRow, InsightsReport } from '../../../shared/insights/model';
import { reviewFigures } from '../../../shared/reviews/metrics';
import type { Db } from '../db/database';
import { customizationReport } from '../playbooks/report';
import { reviewState } from '../playbooks/store';
import { publishedReviewTimes } from '../reviews/service';
import { incidentFacts, playbookTitles, type ReviewRow, reviewRows, runFacts, stepFacts } from './repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Playbooks and customers whose review is overdue or never happened, most overdue first. */
export function freshness(db: Db, now: Date): FreshnessRow[] {
  const { playbooks, customers } = reviewRows(db);
  const rows: FreshnessRow[] = [];
  const add = (kind: FreshnessRow['kind'], r: ReviewRow) => {
    const state = reviewState(r.reviewed_at, r.review_interval_days, now);
    if (state !== 'overdue' && state !== 'never') return;
    const due =
      r.reviewed_at === null ? Number.NaN : Date.parse(r.reviewed_at) + r.review_interval_days * DAY_MS;
    rows.push({
      kind,
      id: r.id,
      name: r.name,
      state,
      reviewedAt: r.reviewed_at,
      daysOverdue:
        state === 'overdue' && !Number.isNaN(due) ? Math.floor((now.getTime() - due) / DAY_MS) : null,
    });
  };
  for (const p of playbooks) add('playbook', p);
  for (const c of customers) add('customer', c);
  // Never reviewed is the worst state: nobody has ever checked the local copy.
  return rows.sort(
    (a, b) =>
      (b.daysOverdue ?? Number.POSITIVE_INFINITY) - (a.daysOverdue ?? Number.POSITIVE_INFINITY) ||
      a.name.localeCompare(b.name),
  );
}

export function insightsReport(db: Db, now: Date): InsightsReport {
  const titles = playbookTitles(db);
  const incidents = incidentFacts(db);
  const report = customizationReport(db);
  return {
    now: now.toISOString(),
    timeBasis: 'UTC',
    totals: restorationRow('all', 'All incidents', incidents, now),
    groups: {
      customer: groupRestoration('customer', incidents, now),
      playbook: groupRestoration('playbook', incidents, now),
      severity: groupRestoration('severity', incidents, now),
      week: groupRestoration('week', incidents, now),
      month: groupRestoration('month', incidents, now),
    },
    playbooks: playbookEffectiveness(runFacts(db, titles)),
    steps: stepFigures(stepFacts(db), titles),
    customization: {
      bound: report.bound,
      rows: report.playbooks.map((p) => ({
        playbookId: p.id,
        title: p.title,
        customersAsIs: p.customersAsIs,
        customersWithOverlay: p.customersWithOverlay,
        beyondBound: p.customers.filter((c) => c.beyondBound).length,
        drifted: p.customers.filter((c) => c.drifted).length,
      })),
    },
    freshness: freshness(db, now),
    reviews: reviewFigures(incidents, publishedReviewTimes(db)),
  };
}
