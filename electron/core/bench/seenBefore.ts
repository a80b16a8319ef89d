/**
 * The "seen before" panel's query at the bench's scale: incident:seenBefore for incidents
 * drawn from the log (half of them with a playbook run, so the same-playbook branch reads
 * across customers), timed through the back end as the runner calls it. Budget ≤ 20 ms.
 */
import type { Backend } from '../api/backend';
import { Rng } from '../demo/random';
import { type BenchRow, percentileRow, skipped } from './report';

const BUDGET = { text: '≤ 20 ms', maxFigure: 20 } as const;

export async function seenBeforeRows(backend: Backend, samples: number, seed: number): Promise<BenchRow[]> {
  const db = backend.db;
  const withRuns = (
    db.prepare('SELECT DISTINCT incident_id AS id FROM playbook_runs ORDER BY incident_id').all() as Array<{
      id: string;
    }>
  ).map((r) => r.id);
  const all = (
    db.prepare('SELECT id FROM incidents WHERE deleted_at IS NULL ORDER BY id').all() as Array<{ id: string }>
  ).map((r) => r.id);
  if (all.length === 0) return [skipped('seen before p95', 'ms', 'no incidents in the database', BUDGET)];
  const rng = new Rng(seed);
  const times: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const id = i % 2 === 0 && withRuns.length > 0 ? rng.pick(withRuns) : rng.pick(all);
    const t0 = performance.now();
    const r = await backend.call('incident:seenBefore', { incidentId: id, limit: 8 });
    const t = performance.now() - t0;
    if (!r.ok) throw new Error(`incident:seenBefore: ${r.error.message}`);
    if (i >= 3) times.push(t); // the first few warm the statement cache
  }
  const note = `incident:seenBefore, limit 8, over ${all.length} incidents; half the samples ran a playbook`;
  return [
    percentileRow('seen before p50', times, 50, 'ms', { note }),
    percentileRow('seen before p95', times, 95, 'ms', { budget: BUDGET }),
  ];
}
