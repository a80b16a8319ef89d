/**
 * Insights: reads the facts from the derived incident tables (kept equal to the log in the
 * same transaction as every append) and hands them to the pure figures in shared/insights.
 */
import type { Severity } from '../../../shared/catalog/schemas';
import {
  groupRestoration,
  playbookEffectiveness,
  restorationRow,
  stepFigures,
} from '../../../shared/insights/metrics';
import type {
  FreshnessRow,
  IncidentFact,
  InsightsReport,
  RunFact,
  StepFact,
} from '../../../shared/insights/model';
import type { HandlerMap } from '../api/handlers';
import type { Db } from '../db/database';
import { customizationReport } from '../playbooks/report';
import { reviewState } from '../playbooks/store';

const DAY_MS = 24 * 60 * 60 * 1000;

interface IncidentSql {
  id: string;
  customer_id: string;
  customer_name: string;
  severity: Severity;
  status: IncidentFact['status'];
  clock_start_at: string | null;
  opened_at: string;
  acknowledged_at: string | null;
  restored_at: string | null;
  deadline_at: string | null;
  playbook_id: string | null;
  playbook_title: string | null;
}

function incidentFacts(db: Db): IncidentFact[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.customer_id, c.name AS customer_name, i.severity, i.status, i.clock_start_at, i.opened_at,
              i.acknowledged_at, i.restored_at, i.deadline_at, r.playbook_id, p.title AS playbook_title
         FROM incidents i
         JOIN customers c ON c.id = i.customer_id
         LEFT JOIN playbook_runs r ON r.run_id = (SELECT run_id FROM playbook_runs x WHERE x.incident_id = i.id
                                                   ORDER BY x.started_at DESC, x.run_id DESC LIMIT 1)
         LEFT JOIN playbooks p ON p.id = r.playbook_id
        WHERE i.deleted_at IS NULL`,
    )
    .all() as IncidentSql[];
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    severity: r.severity,
    status: r.status,
    clockStartAt: r.clock_start_at ?? r.opened_at,
    acknowledgedAt: r.acknowledged_at,
    restoredAt: r.restored_at,
    deadlineAt: r.deadline_at,
    playbookId: r.playbook_id,
    playbookTitle: r.playbook_title,
  }));
}

function playbookTitles(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, title FROM playbooks').all() as Array<{ id: string; title: string }>;
  return new Map(rows.map((r) => [r.id, r.title]));
}

function runFacts(db: Db, titles: ReadonlyMap<string, string>): RunFact[] {
  const rows = db
    .prepare(
      `SELECT r.run_id, r.playbook_id, r.outcome, r.minutes_to_restore FROM playbook_runs r
         JOIN incidents i ON i.id = r.incident_id WHERE i.deleted_at IS NULL`,
    )
    .all() as Array<{
    run_id: string;
    playbook_id: string;
    outcome: RunFact['outcome'];
    minutes_to_restore: number | null;
  }>;
  return rows.map((r) => ({
    runId: r.run_id,
    playbookId: r.playbook_id,
    playbookTitle: titles.get(r.playbook_id) ?? r.playbook_id,
    outcome: r.outcome,
    minutesToRestore: r.minutes_to_restore,
  }));
}

function stepFacts(db: Db): StepFact[] {
  // Step titles come from each playbook's current version; a step added by an overlay or
  // dropped since keeps its id as its name.
  const titleRows = db
    .prepare(
      `SELECT p.id AS playbook_id, json_extract(s.value, '$.id') AS step_id, json_extract(s.value, '$.title') AS title
         FROM playbooks p
         JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version,
              json_each(v.body, '$.steps') s
        WHERE json_valid(v.body)`,
    )
    .all() as Array<{ playbook_id: string; step_id: string | null; title: string | null }>;
  const stepTitles = new Map(titleRows.map((t) => [`${t.playbook_id}\u0000${t.step_id}`, t.title]));
  const rows = db
    .prepare(
      `SELECT s.run_id, r.playbook_id, s.step_id, s.outcome, s.seconds_since_previous, s.timebox_minutes
         FROM run_steps s
         JOIN playbook_runs r ON r.run_id = s.run_id
         JOIN incidents i ON i.id = r.incident_id
        WHERE i.deleted_at IS NULL
        ORDER BY s.recorded_at, s.run_id, s.position`,
    )
    .all() as Array<{
    run_id: string;
    playbook_id: string;
    step_id: string;
    outcome: StepFact['outcome'];
    seconds_since_previous: number | null;
    timebox_minutes: number | null;
  }>;
  return rows.map((r) => ({
    runId: r.run_id,
    playbookId: r.playbook_id,
    stepId: r.step_id,
    stepTitle: stepTitles.get(`${r.playbook_id}\u0000${r.step_id}`) ?? r.step_id,
    outcome: r.outcome,
    secondsSincePrevious: r.seconds_since_previous,
    timeboxMinutes: r.timebox_minutes,
  }));
}

interface ReviewSql {
  id: string;
  name: string;
  reviewed_at: string | null;
  review_interval_days: number;
}

/** Playbooks and customers whose review is overdue or never happened, most overdue first. */
export function freshness(db: Db, now: Date): FreshnessRow[] {
  const playbooks = db
    .prepare(
      'SELECT id, title AS name, reviewed_at, review_interval_days FROM playbooks WHERE deleted_at IS NULL',
    )
    .all() as ReviewSql[];
  const customers = db
    .prepare(
      `SELECT id, name || ' (' || code || ')' AS name, reviewed_at, review_interval_days FROM customers
        WHERE deleted_at IS NULL AND kind = 'customer'`,
    )
    .all() as ReviewSql[];
  const rows: FreshnessRow[] = [];
  const add = (kind: FreshnessRow['kind'], r: ReviewSql) => {
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
  };
}

export const insightsHandlers: HandlerMap<'insights:report'> = {
  // One read transaction so every figure comes from the same state of the log.
  'insights:report': (input, ctx) =>
    ctx.db.transaction(() =>
      insightsReport(ctx.db, input.now === undefined ? new Date() : new Date(input.now)),
    )(),
};
