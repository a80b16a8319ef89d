/**
 * The facts Insights reads from the derived incident tables (kept equal to the log in the
 * same transaction as every append), and the review stamps freshness is judged by.
 */
import type { Severity } from '../../../shared/catalog/schemas';
import type { IncidentFact, RunFact, StepFact } from '../../../shared/insights/model';
import type { Db } from '../db/database';

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

export function incidentFacts(db: Db): IncidentFact[] {
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

export function playbookTitles(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, title FROM playbooks').all() as Array<{ id: string; title: string }>;
  return new Map(rows.map((r) => [r.id, r.title]));
}

export function runFacts(db: Db, titles: ReadonlyMap<string, string>): RunFact[] {
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

export function stepFacts(db: Db): StepFact[] {
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

/** A playbook or customer with its review stamp and interval. */
export interface ReviewRow {
  readonly id: string;
  readonly name: string;
  readonly reviewed_at: string | null;
  readonly review_interval_days: number;
}

/** Every live playbook and customer with when it was last reviewed and how often it should be. */
export function reviewRows(db: Db): { playbooks: ReviewRow[]; customers: ReviewRow[] } {
  const playbooks = db
    .prepare(
      'SELECT id, title AS name, reviewed_at, review_interval_days FROM playbooks WHERE deleted_at IS NULL',
    )
    .all() as ReviewRow[];
  const customers = db
    .prepare(
      `SELECT id, name || ' (' || code || ')' AS name, reviewed_at, review_interval_days FROM customers
        WHERE deleted_at IS NULL AND kind = 'customer'`,
    )
    .all() as ReviewRow[];
  return { playbooks, customers };
}
