/**
 * Back-end measurements, each next to its baseline from the same run: search against the
 * raw FTS5 query with the same MATCH expression, the recovery card and playbook calls,
 * opening an incident, and recording a step durably against a bare insert + commit.
 */
import path from 'node:path';
import type { Result } from '../../../shared/api/result';
import type { IncidentDetail } from '../../../shared/incidents/model';
import type { Backend } from '../api/backend';
import type { Db } from '../db/database';
import { connect } from '../db/driver';
import { Rng } from '../demo/random';
import { ftsMatchExpression, normalizeQuery } from '../search/query';
import type { BenchQuery } from './queries';
import { type BenchRow, percentile, row, skipped } from './report';

const SEARCH_LIMIT = 20;
/** What the palette asks for (renderer/palette/store.ts): every kind, 40 hits. */
const PALETTE_LIMIT = 40;

const ms = () => performance.now();

function unwrap<T>(name: string, r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

/**
 * The least SQLite can do to answer the same question: the same MATCH expression and
 * bm25 weights, ids in rank order, nothing else (no exact lookups, no hydration).
 */
function rawFts(db: Db) {
  const stmt = db.prepare(
    `SELECT d.kind, d.ref_id FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid
      WHERE search_fts MATCH ? AND f.rank MATCH 'bm25(10.0, 5.0, 1.0)'
      ORDER BY f.rank LIMIT ?`,
  );
  return (match: string, limit: number) => stmt.all(match, limit);
}

export interface SearchSamples {
  readonly ours: number[];
  readonly raw: number[];
  /** Our times per query, to name the slowest when a budget is missed. */
  readonly byQuery: Map<string, number[]>;
}

/** Ours and raw alternate query by query, so drift on a busy machine hits both alike. */
export async function sampleSearch(
  backend: Backend,
  queries: readonly BenchQuery[],
  reps: number,
  palette: boolean,
): Promise<SearchSamples> {
  const raw = rawFts(backend.db);
  const limit = palette ? PALETTE_LIMIT : SEARCH_LIMIT;
  const input = (query: string) => ({ query, limit });
  const prepared = queries.map((q) => ({ q, match: ftsMatchExpression(normalizeQuery(q.text)) }));
  // Warm-up: statements prepared, pages cached.
  for (const p of prepared) {
    unwrap('search:query', await backend.call('search:query', input(p.q.text)));
    if (p.match) raw(p.match, limit);
  }
  const ours: number[] = [];
  const rawTimes: number[] = [];
  const byQuery = new Map<string, number[]>();
  for (let r = 0; r < reps; r++) {
    for (const p of prepared) {
      const t0 = ms();
      const res = await backend.call('search:query', input(p.q.text));
      const t = ms() - t0;
      ours.push(t);
      const key = `"${p.q.text}" (${p.q.kind})`;
      byQuery.set(key, [...(byQuery.get(key) ?? []), t]);
      unwrap('search:query', res);
      if (p.match) {
        const t1 = ms();
        raw(p.match, limit);
        rawTimes.push(ms() - t1);
      }
    }
  }
  return { ours, raw: rawTimes, byQuery };
}

/** The three queries with the highest median, for the note under a missed budget. */
function slowest(s: SearchSamples): string {
  return [...s.byQuery]
    .map(([q, times]) => ({ q, p50: percentile(times, 50) }))
    .sort((a, b) => b.p50 - a.p50)
    .slice(0, 3)
    .map((x) => `${x.q} ${x.p50.toFixed(1)} ms`)
    .join(', ');
}

export function searchRows(all: SearchSamples, palette: SearchSamples): BenchRow[] {
  const budget = { text: '≤ 5 ms and ≤ 2× raw', maxFigure: 5, maxRatio: 2 };
  const base = (s: number[], p: number) => ({ value: percentile(s, p), name: 'raw FTS5 MATCH' });
  return [
    row('search back end p50', percentile(all.ours, 50), 'ms', {
      baseline: base(all.raw, 50),
      note: `${all.ours.length} searches through search:query, limit ${SEARCH_LIMIT}`,
    }),
    row('search back end p95', percentile(all.ours, 95), 'ms', {
      baseline: base(all.raw, 95),
      budget,
      note: `slowest medians: ${slowest(all)}`,
    }),
    row('search back end p95, as the palette asks', percentile(palette.ours, 95), 'ms', {
      baseline: base(palette.raw, 95),
      budget,
      note: `as the palette asks: limit ${PALETTE_LIMIT}, every kind; slowest medians: ${slowest(palette)}`,
    }),
  ];
}

function p50p95(name: string, samples: readonly number[], note: string): BenchRow[] {
  return [
    row(`${name} p50`, percentile(samples, 50), 'ms', { note }),
    row(`${name} p95`, percentile(samples, 95), 'ms'),
  ];
}

/** customer:get + customer:topology + restore:order, as the recovery card loads them. */
export async function recoveryCardRows(backend: Backend, samples: number, seed: number): Promise<BenchRow[]> {
  const ids = (
    backend.db
      .prepare(`SELECT id FROM customers WHERE deleted_at IS NULL AND kind = 'customer' ORDER BY id`)
      .all() as Array<{ id: string }>
  ).map((r) => r.id);
  if (ids.length === 0) return [skipped('recovery card load p50', 'ms', 'no customers in the database')];
  const rng = new Rng(seed);
  const times: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const id = rng.pick(ids);
    const t0 = ms();
    const [a, b, c] = [
      await backend.call('customer:get', { id }),
      await backend.call('customer:topology', { id }),
      await backend.call('restore:order', { customerId: id }),
    ];
    const t = ms() - t0;
    unwrap('customer:get', a);
    unwrap('customer:topology', b);
    unwrap('restore:order', c);
    if (i >= 3) times.push(t); // the first few warm the statement cache
  }
  return p50p95('recovery card load', times, 'customer:get + customer:topology + restore:order');
}

/** playbook:effective for customers with an overlay (half) and without one. */
export async function effectivePlaybookRows(
  backend: Backend,
  samples: number,
  seed: number,
): Promise<BenchRow[]> {
  const db = backend.db;
  const overlays = db
    .prepare('SELECT customer_id AS c, playbook_id AS p FROM overlays WHERE deleted_at IS NULL ORDER BY id')
    .all() as Array<{ c: string; p: string }>;
  const customers = (
    db.prepare(`SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id`).all() as Array<{ id: string }>
  ).map((r) => r.id);
  const playbooks = (
    db.prepare('SELECT id FROM playbooks WHERE deleted_at IS NULL ORDER BY id').all() as Array<{ id: string }>
  ).map((r) => r.id);
  if (playbooks.length === 0 || customers.length === 0)
    return [skipped('effective playbook p50', 'ms', 'no playbooks or customers in the database')];
  const rng = new Rng(seed);
  const times: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const pair =
      i % 2 === 0 && overlays.length > 0
        ? rng.pick(overlays)
        : { c: rng.pick(customers), p: rng.pick(playbooks) };
    const t0 = ms();
    const res = await backend.call('playbook:effective', { playbookId: pair.p, customerId: pair.c });
    const t = ms() - t0;
    unwrap('playbook:effective', res);
    if (i >= 3) times.push(t);
  }
  return p50p95('effective playbook', times, 'playbook:effective, half of them with an overlay');
}

interface OpenTarget {
  readonly customerId: string;
  readonly assetId: string;
}

function openTargets(db: Db, seed: number, n: number): OpenTarget[] {
  const rows = db
    .prepare(
      `SELECT a.customer_id AS customerId, a.id AS assetId FROM assets a JOIN customers c ON c.id = a.customer_id
        WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND c.kind = 'customer' ORDER BY a.id`,
    )
    .all() as OpenTarget[];
  return new Rng(seed).sample(rows, n);
}

const openInput = (t: OpenTarget, i: number) => ({
  customerId: t.customerId,
  title: `Bench incident ${i}: service unresponsive`,
  severity: 'sev2' as const,
  symptom: 'unresponsive',
  assetIds: [t.assetId],
  source: 'bench',
});

/** incident:open, each a new incident with one asset. */
export async function startIncidentRows(
  backend: Backend,
  samples: number,
  seed: number,
): Promise<BenchRow[]> {
  const targets = openTargets(backend.db, seed, samples + 2);
  const times: number[] = [];
  for (const [i, t] of targets.entries()) {
    const t0 = ms();
    const res = await backend.call('incident:open', openInput(t, i));
    const elapsed = ms() - t0;
    if (!res.ok) return [skipped('start incident p50', 'ms', `incident:open failed: ${res.error.message}`)];
    if (i >= 2) times.push(elapsed);
  }
  if (times.length === 0) return [skipped('start incident p50', 'ms', 'no assets to open incidents on')];
  return p50p95('start incident', times, 'incident:open with one asset');
}

/** A run with pending steps to record, from incident:open + incident:startPlaybook. */
async function freshRun(
  backend: Backend,
  target: OpenTarget,
  playbookId: string,
  i: number,
): Promise<{ incidentId: string; runId: string; stepIds: string[] }> {
  const opened = unwrap<IncidentDetail>(
    'incident:open',
    await backend.call('incident:open', openInput(target, i)),
  );
  const started = unwrap<IncidentDetail>(
    'incident:startPlaybook',
    await backend.call('incident:startPlaybook', {
      incidentId: opened.state.id,
      playbookId,
      assetId: target.assetId,
    }),
  );
  const run = started.state.runs[started.state.runs.length - 1];
  if (!run) throw new Error('incident:startPlaybook returned no run');
  return {
    incidentId: opened.state.id,
    runId: run.runId,
    stepIds: run.steps.filter((s) => s.state === 'pending').map((s) => s.stepId),
  };
}

/**
 * The least a durable append can cost: one row into a table of the same shape (and size)
 * as incident_events, in its own transaction, WAL with synchronous=FULL, on the same disk.
 */
function rawAppender(workDir: string, source: Db): { insert: () => void; close: () => void } {
  const raw = connect(path.join(workDir, 'bench-raw-append.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.exec(`DROP TABLE IF EXISTS events;
    CREATE TABLE events (
      id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL, device TEXT NOT NULL,
      author TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}',
      prev_hash TEXT, hash TEXT
    ) STRICT;
    CREATE INDEX events_incident ON events(incident_id, at, id);
    CREATE INDEX events_chain ON events(incident_id, device);`);
  // Read through the back end's own connection: the source is encrypted, this table is not.
  const columns = 'id, incident_id, at, device, author, type, payload, prev_hash, hash';
  const fill = raw.prepare(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const rows = source.prepare(`SELECT ${columns} FROM incident_events`).raw().iterate() as IterableIterator<
    unknown[]
  >;
  raw.transaction(() => {
    for (const r of rows) fill.run(...r);
  })();
  // The hashes stored as given: working out the chain is part of what ours costs.
  const stmt = raw.prepare(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const incidentId = crypto.randomUUID();
  let n = 0;
  const insert = raw.transaction(() => {
    n++;
    const payload = JSON.stringify({ runId: crypto.randomUUID(), stepId: `s${n}` });
    stmt.run(
      crypto.randomUUID(),
      incidentId,
      new Date().toISOString(),
      'bench',
      'bench',
      'step_done',
      payload,
      '0'.repeat(64),
      'f'.repeat(64),
    );
  });
  return { insert: () => insert(), close: () => raw.close() };
}

/**
 * Times incident:record of one step done per call, answered once committed, on runs of the
 * playbook with the most steps (a new run when one has no pending step left). A string
 * says why nothing can be recorded in this database.
 */
export async function stepRecorder(
  backend: Backend,
  seed: number,
  samples: number,
): Promise<(() => Promise<number>) | string> {
  const playbook = backend.db
    .prepare(
      `SELECT p.id FROM playbooks p JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
        WHERE p.deleted_at IS NULL ORDER BY json_array_length(v.body, '$.steps') DESC, p.id LIMIT 1`,
    )
    .get() as { id: string } | undefined;
  if (!playbook) return 'no playbooks in the database';
  const targets = openTargets(backend.db, seed + 1, Math.max(4, samples));
  let runs = 0;
  const next = () => {
    const target = targets[runs % targets.length];
    if (!target) throw new Error('no assets to open incidents on');
    return freshRun(backend, target, playbook.id, runs++);
  };
  let run: Awaited<ReturnType<typeof next>>;
  try {
    run = await next();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return async () => {
    if (run.stepIds.length === 0) run = await next();
    const stepId = run.stepIds.shift() ?? '';
    const t0 = ms();
    const res = await backend.call('incident:record', {
      incidentId: run.incidentId,
      action: { type: 'step', runId: run.runId, stepId, outcome: 'done' },
    });
    const t = ms() - t0;
    unwrap('incident:record', res);
    return t;
  };
}

/** incident:record of a step done, answered once committed, vs the bare append. */
export async function durableRecordRows(
  backend: Backend,
  workDir: string,
  samples: number,
  seed: number,
): Promise<BenchRow[]> {
  const name = 'durable step record';
  const record = await stepRecorder(backend, seed, samples);
  if (typeof record === 'string') return [skipped(`${name} p99`, 'ms', record)];
  const raw = rawAppender(workDir, backend.db);
  const ours: number[] = [];
  const rawTimes: number[] = [];
  try {
    for (let i = 0; i < samples + 3; i++) {
      const t = await record();
      const t1 = ms();
      raw.insert();
      const tr = ms() - t1;
      if (i >= 3) {
        ours.push(t);
        rawTimes.push(tr);
      }
    }
  } catch (err) {
    return [skipped(`${name} p99`, 'ms', err instanceof Error ? err.message : String(err))];
  } finally {
    raw.close();
  }
  const base = (p: number) => ({ value: percentile(rawTimes, p), name: 'raw insert+commit' });
  return [
    row(`${name} p50`, percentile(ours, 50), 'ms', {
      baseline: base(50),
      note: `incident:record step done, synchronous=FULL, ${ours.length} records`,
    }),
    row(`${name} p99`, percentile(ours, 99), 'ms', {
      baseline: base(99),
      budget: { text: '≤ 1.2× raw', maxRatio: 1.2 },
    }),
  ];
}
