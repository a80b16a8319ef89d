/**
 * The ranking test set (test/fixtures/ranking/cases.ts) through the real intake: each alert is
 * parsed and matched ('alert:parse'), an incident is opened with what the intake fills in
 * ('incident:open', as the Start incident screen sends it), and the playbooks are ranked
 * ('incident:suggest'). Reports top-1 and top-3 accuracy and fails below 90 % top-1, on the
 * demo library alone, with the project's own prometheus-operator-style runbooks imported next
 * to it, and with the full public runbook set where ../shared/fixtures has it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { importPlaybookFolder } from '../../electron/core/playbooks/markdown/importFolder';
import { RANKING_CASES, type RankingCase } from '../fixtures/ranking/cases';
import { type AssetFacts, render } from '../fixtures/ranking/formats';
import { call } from '../helpers/api';
import { demoBackend, DEMO_NOW as NOW } from '../helpers/demo';
import { ROOT } from '../helpers/tmp';
import { publicData, SHARED_FIXTURES } from '../helpers/tools';

const MIN_TOP1 = 0.9;
const OWN_RUNBOOKS = path.join(ROOT, 'test', 'fixtures', 'ranking', 'runbooks');
const PUBLIC_RUNBOOKS = path.join(SHARED_FIXTURES, 'runbooks', 'prometheus-operator');

interface AssetRow extends AssetFacts {
  readonly tags: string;
}

/** The case's asset: of the customers (by code) that have one of this kind and tags, the nth. */
function pickAsset(db: Db, c: RankingCase): AssetFacts {
  const rows = db
    .prepare(
      `SELECT a.name, a.hostname, json_extract(a.ip_addresses, '$[0]') AS ip, c.code, c.name AS customerName,
              json_extract(a.attributes, '$.circuitId') AS circuitId, a.tags
         FROM assets a JOIN customers c ON c.id = a.customer_id
        WHERE a.kind = ? AND c.kind = 'customer' AND a.deleted_at IS NULL AND c.deleted_at IS NULL
        ORDER BY c.code, a.name, a.id`,
    )
    .all(c.asset.kind) as AssetRow[];
  const fits = rows.filter((r) => {
    const tags = new Set(JSON.parse(r.tags) as string[]);
    return (
      (c.asset.tags ?? []).every((t) => tags.has(t)) && !(c.asset.without ?? []).some((t) => tags.has(t))
    );
  });
  const byCustomer = new Map<string, AssetRow>();
  for (const r of fits) if (!byCustomer.has(r.code)) byCustomer.set(r.code, r);
  const owners = [...byCustomer.values()];
  const row = owners[c.asset.nth % Math.max(1, owners.length)];
  if (!row) throw new Error(`case ${c.id}: the demo has no ${c.asset.kind} with tags ${c.asset.tags}`);
  return row;
}

interface Outcome {
  readonly id: string;
  readonly expected: string;
  readonly got: readonly string[];
  readonly rank: number | null;
  readonly reason: string;
}

async function runCase(b: Backend, c: RankingCase): Promise<Outcome> {
  const asset = pickAsset(b.db, c);
  const text = render(c.alert, asset);
  const match = await call(b, 'alert:parse', { text });
  if (!match.customer)
    throw new Error(`case ${c.id}: the intake found no customer in\n${text}\n${match.why}`);
  const opened = await call(b, 'incident:open', {
    customerId: match.customer.id,
    title: match.title,
    severity: match.severity ?? 'sev2',
    ...(match.symptoms.length ? { symptom: match.symptoms.join(', ') } : {}),
    ...(match.assets.length ? { assetIds: match.assets.map((a) => a.id) } : {}),
    ...(match.alertAt ? { clockStartAt: match.alertAt } : {}),
    source: 'pasted alert',
    alert: { format: match.format, excerpt: text.slice(0, 4000), state: match.state },
  });
  const { suggestions } = await call(b, 'incident:suggest', { incidentId: opened.state.id, limit: 10 });
  const right = new Set([c.expected, ...(c.alsoRight ?? [])]);
  const index = suggestions.findIndex((s) => right.has(s.title));
  return {
    id: c.id,
    expected: c.expected,
    got: suggestions.slice(0, 3).map((s) => s.title),
    rank: index < 0 ? null : index + 1,
    reason: suggestions[0]?.reason ?? '',
  };
}

async function runSet(b: Backend, label: string): Promise<{ top1: number; top3: number }> {
  const outcomes: Outcome[] = [];
  for (const c of RANKING_CASES) outcomes.push(await runCase(b, c));
  const top1 = outcomes.filter((o) => o.rank === 1).length / outcomes.length;
  const top3 = outcomes.filter((o) => o.rank !== null && o.rank <= 3).length / outcomes.length;
  const misses = outcomes
    .filter((o) => o.rank !== 1)
    .map(
      (o) =>
        `  ${o.id}: expected "${o.expected}" (rank ${o.rank ?? '>10'}), got ${o.got.map((t) => `"${t}"`).join(', ')} — ${o.reason}`,
    );
  console.log(
    `ranking (${label}): ${outcomes.length} cases, top-1 ${(top1 * 100).toFixed(1)} %, top-3 ${(top3 * 100).toFixed(1)} %` +
      (misses.length ? `\n${misses.join('\n')}` : ''),
  );
  return { top1, top3 };
}

describe('playbook ranking test set', () => {
  it('has at least 40 cases in several formats over many kinds of asset', () => {
    expect(RANKING_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(RANKING_CASES.map((c) => c.id)).size).toBe(RANKING_CASES.length);
    expect(new Set(RANKING_CASES.map((c) => c.alert.format)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(RANKING_CASES.map((c) => c.asset.kind)).size).toBeGreaterThanOrEqual(9);
  });

  it('puts the expected playbook first for at least 90 % of the cases on the demo library', async () => {
    const { top1 } = await runSet(demoBackend(), 'demo library');
    expect(top1).toBeGreaterThanOrEqual(MIN_TOP1);
  });

  it('keeps that with prometheus-operator-style runbooks imported next to the demo playbooks', async () => {
    const b = demoBackend();
    const report = importPlaybookFolder(b.db, OWN_RUNBOOKS, { now: NOW });
    expect(report.errors).toEqual([]);
    const { top1 } = await runSet(b, 'demo library + own runbooks');
    expect(top1).toBeGreaterThanOrEqual(MIN_TOP1);
  });

  it.skipIf(publicData.missing !== null)(
    'keeps that with the full prometheus-operator runbook set imported (../shared/fixtures)',
    async () => {
      const b = demoBackend();
      const report = importPlaybookFolder(b.db, PUBLIC_RUNBOOKS, { now: NOW });
      expect(report.errors).toEqual([]);
      const { top1 } = await runSet(b, 'demo library + prometheus-operator runbooks');
      expect(top1).toBeGreaterThanOrEqual(MIN_TOP1);
    },
  );
});
