/**
 * Back-end measurements, each next to its baseline from the same run: search against the
 * raw FTS5 query with the same MATCH expression, the recovery card and playbook calls,
 * opening an incident, and recording a step durably against a bare insert + commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../../shared/api/result';
import { PALETTE_HIT_LIMIT } from '../../../shared/catalog/searchLimits';
import type { IncidentDetail } from '../../../shared/incidents/model';
import type { Backend } from '../api/backend';
import type { Db } from '../db/database';
import { connect } from '../db/driver';
import type { DatabaseKey } from '../db/key';
import { Rng } from '../demo/random';
import { appendEvents } from '../incidents/log';
import { ftsMatchExpression, normalizeQuery } from '../search/query';
import type { BenchQuery } from './queries';
import { type BenchRow, type Budget, percentile, percentileRow, skipped } from './report';

const SEARCH_LIMIT = 20;

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
  const limit = palette ? PALETTE_HIT_LIMIT : SEARCH_LIMIT;
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

/** The search budget: at most raw FTS5, and 3 ms at 500 customers, 6 ms at 2,000. */
export function searchBudget(customers: number): Budget {
  const ms = customers <= 500 ? 3 : 6;
  return { text: `≤ 1.0× raw and ≤ ${ms} ms`, maxFigure: ms, maxRatio: 1 };
}

export function searchRows(all: SearchSamples, palette: SearchSamples, customers: number): BenchRow[] {
  const budget = searchBudget(customers);
  const base = (s: SearchSamples) => ({ samples: s.raw, name: 'raw FTS5 MATCH' });
  const distinct = all.byQuery.size;
  return [
    percentileRow('search back end p50', all.ours, 50, 'ms', {
      baseline: base(all),
      note: `${all.ours.length} searches (${distinct} distinct queries) through search:query, limit ${SEARCH_LIMIT}`,
    }),
    percentileRow('search back end p95', all.ours, 95, 'ms', {
      baseline: base(all),
      note: `slowest medians: ${slowest(all)}`,
    }),
    percentileRow('search back end p99', all.ours, 99, 'ms', { baseline: base(all) }),
    percentileRow('search back end p50, as the palette asks', palette.ours, 50, 'ms', {
      baseline: base(palette),
      note: `as the palette asks (renderer/palette/store.ts): limit ${PALETTE_HIT_LIMIT}, every kind`,
    }),
    percentileRow('search back end p95, as the palette asks', palette.ours, 95, 'ms', {
      baseline: base(palette),
      budget,
      note: `slowest medians: ${slowest(palette)}`,
    }),
    percentileRow('search back end p99, as the palette asks', palette.ours, 99, 'ms', {
      baseline: base(palette),
    }),
  ];
}

function p50p95(name: string, samples: readonly number[], note: string): BenchRow[] {
  return [
    percentileRow(`${name} p50`, samples, 50, 'ms', { note }),
    percentileRow(`${name} p95`, samples, 95, 'ms'),
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
 * The baselines of a durable record, in an SQLite file on the same disk with the same
 * pragmas, plain or (with `key`) encrypted with the same key and cipher settings as ours
 * (db/driver.ts connect): copies of incident_events, sync_outbox, incidents, playbook_runs
 * and run_steps with their columns and indexes (filled from the scale database, so the
 * b-trees have its depth), no triggers and no foreign key checks.
 * - insert: the least a durable append can cost, one event row in its own transaction.
 * - sameWrites: one transaction writing the rows one step record changes: the event row,
 *   its outbox row, the incident's summary (version, counts, next step), the run's step
 *   counts and the step's run_steps row. Ours does all of that plus checking the action
 *   and building the reply (its durable commit holds the event and outbox rows; the other
 *   three follow after the reply).
 */
function rawAppender(
  workDir: string,
  source: Db,
  key: DatabaseKey | null = null,
): { insert: () => void; sameWrites: () => void; close: () => void } {
  const file = path.join(workDir, key ? 'bench-raw-append-encrypted.db' : 'bench-raw-append.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const raw = connect(file, { key });
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = OFF');
  raw.pragma('busy_timeout = 5000');
  const tables = ['incident_events', 'sync_outbox', 'incidents', 'playbook_runs', 'run_steps'];
  for (const t of tables) {
    raw.exec(`DROP TABLE IF EXISTS ${t}`);
    const ddl = source
      .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL AND type IN ('table', 'index')
                 ORDER BY type = 'index', name`)
      .pluck()
      .all(t) as string[];
    for (const sql of ddl) raw.exec(sql);
    const cols = (source.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map(
      (c) => c.name,
    );
    const list = cols.join(', ');
    const fill = raw.prepare(`INSERT INTO ${t} (${list}) VALUES (${cols.map(() => '?').join(', ')})`);
    // Read through the back end's own connection: the source is encrypted, this file is not.
    const rows = source.prepare(`SELECT ${list} FROM ${t}`).raw().iterate() as IterableIterator<unknown[]>;
    raw.transaction(() => {
      for (const r of rows) fill.run(...r);
    })();
  }
  raw.exec(`DROP TABLE IF EXISTS events;
    CREATE TABLE events (
      id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL, device TEXT NOT NULL,
      author TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}',
      prev_hash TEXT, hash TEXT
    ) STRICT;
    CREATE INDEX events_incident ON events(incident_id, at, id);
    CREATE INDEX events_chain ON events(incident_id, device);
    INSERT INTO events SELECT id, incident_id, at, device, author, type, payload, prev_hash, hash FROM incident_events;`);
  const columns = 'id, incident_id, at, device, author, type, payload, prev_hash, hash';
  const bare = raw.prepare(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const event = raw.prepare(`INSERT INTO incident_events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const outbox = raw.prepare(
    `INSERT INTO sync_outbox (entity, row_id, change_id, queued_at) VALUES ('incident_event', ?, ?, ?)
       ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at`,
  );
  const incident = raw.prepare(
    `UPDATE incidents SET updated_at = ?, version = version + 1, last_event_at = ?, event_count = event_count + 1,
            steps_done = steps_done + 1, next_step = ? WHERE id = ?`,
  );
  const run = raw.prepare('UPDATE playbook_runs SET steps_done = steps_done + 1 WHERE run_id = ?');
  const step = raw.prepare(
    `INSERT INTO run_steps (run_id, step_id, position, outcome, recorded_at, seconds_since_previous, timebox_minutes)
     VALUES (?, ?, ?, 'done', ?, 30, 5)`,
  );
  const target = raw
    .prepare(
      'SELECT r.run_id AS runId, r.incident_id AS incidentId FROM playbook_runs r ORDER BY r.run_id LIMIT 1',
    )
    .get() as { runId: string; incidentId: string } | undefined;
  const incidentId = target?.incidentId ?? crypto.randomUUID();
  const runId = target?.runId ?? crypto.randomUUID();
  let n = 0;
  const eventRow = (id: string, at: string) => {
    n++;
    // The hashes stored as given: working out the chain is part of what ours costs.
    const payload = JSON.stringify({ runId, stepId: `bench-s${n}`, outcome: 'done' });
    return [id, incidentId, at, 'bench', 'bench', 'step_done', payload, '0'.repeat(64), 'f'.repeat(64)];
  };
  const insert = raw.transaction(() => {
    bare.run(...eventRow(crypto.randomUUID(), new Date().toISOString()));
  });
  const sameWrites = raw.transaction(() => {
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    event.run(...eventRow(id, at));
    outbox.run(id, crypto.randomUUID().replaceAll('-', ''), at);
    incident.run(at, at, `bench-s${n + 1}`, incidentId);
    run.run(runId);
    step.run(runId, `bench-s${n}`, n, at);
  });
  return { insert: () => insert(), sameWrites: () => sameWrites(), close: () => raw.close() };
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
): Promise<((turn?: boolean) => Promise<number>) | string> {
  const playbookId = longestPlaybook(backend.db);
  if (!playbookId) return 'no playbooks in the database';
  const targets = openTargets(backend.db, seed + 1, Math.max(4, samples));
  let runs = 0;
  const next = () => {
    const target = targets[runs % targets.length];
    if (!target) throw new Error('no assets to open incidents on');
    return freshRun(backend, target, playbookId, runs++);
  };
  let run: Awaited<ReturnType<typeof next>>;
  try {
    run = await next();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return async (turn = true) => {
    if (run.stepIds.length === 0) run = await next();
    return recordNextStep(backend, run, turn);
  };
}

/**
 * Records the run's next pending step done (taking it off the list); the call's time in ms.
 * With `turn`, the event loop gets one turn before the call, as it does between any two
 * clicks: what the last record left for after its reply (its fold into the board's rows,
 * db/afterReply.ts) runs there. Without it the records go back to back and each one pays
 * for the fold before it.
 */
async function recordNextStep(
  backend: Backend,
  run: { readonly incidentId: string; readonly runId: string; readonly stepIds: string[] },
  turn = true,
): Promise<number> {
  const stepId = run.stepIds.shift() ?? '';
  if (turn) await new Promise<void>((resolve) => setImmediate(resolve));
  const t0 = ms();
  const res = await backend.call('incident:record', {
    incidentId: run.incidentId,
    action: { type: 'step', runId: run.runId, stepId, outcome: 'done' },
  });
  const t = ms() - t0;
  unwrap('incident:record', res);
  return t;
}

/** The playbook with the most steps: runs of it have the most steps to record. */
function longestPlaybook(db: Db): string | null {
  const p = db
    .prepare(
      `SELECT p.id FROM playbooks p JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
        WHERE p.deleted_at IS NULL ORDER BY json_array_length(v.body, '$.steps') DESC, p.id LIMIT 1`,
    )
    .get() as { id: string } | undefined;
  return p?.id ?? null;
}

/** What the durable record rows are held to: the ratio against the same writes. */
const RECORD_BUDGET: Budget = { text: '≤ 1.5× same writes', maxRatio: 1.5 };

/** Log lengths the record is also measured at: it must not grow with the log. */
export const LONG_LOGS = [50, 200, 800] as const;

/**
 * incident:record of a step done, answered once committed, against the same-writes
 * transaction and the bare insert (alternating call by call); then on incidents whose logs
 * already hold 50, 200 and 800 events.
 *
 * The budget's baseline is the same writes on a file encrypted with the same key and cipher
 * settings (`key`; the scale database is encrypted, as the product keeps every database):
 * plaintext is not an option the product has, so what is physically possible for the same
 * work includes encrypting the pages it writes. The same writes on a plain file are reported
 * beside it, so what encryption adds stays in view (and the encryption rows measure it on
 * the product itself). Without a key (a plaintext --db) both baselines are plain.
 */
export async function durableRecordRows(
  backend: Backend,
  workDir: string,
  samples: number,
  longLogSamples: number,
  seed: number,
  key: DatabaseKey | null = null,
): Promise<BenchRow[]> {
  const name = 'durable step record';
  const record = await stepRecorder(backend, seed, samples);
  if (typeof record === 'string')
    return [skipped(`${name} p50`, 'ms', record, RECORD_BUDGET), skipped(`${name} p99`, 'ms', record)];
  const plain = rawAppender(workDir, backend.db);
  const same = key ? rawAppender(workDir, backend.db, key) : plain;
  const sameName = key ? 'same writes, encrypted file' : 'same writes, plain file';
  const ours: number[] = [];
  const sameTimes: number[] = [];
  const plainTimes: number[] = [];
  const bare: number[] = [];
  const time = (fn: () => void) => {
    const t0 = ms();
    fn();
    return ms() - t0;
  };
  const rows: BenchRow[] = [];
  try {
    for (let i = 0; i < samples + 3; i++) {
      const t = await record();
      const ts = time(same.sameWrites);
      const tp = key ? time(plain.sameWrites) : ts;
      const tb = time(plain.insert);
      if (i >= 3) {
        ours.push(t);
        sameTimes.push(ts);
        plainTimes.push(tp);
        bare.push(tb);
      }
    }
    const sameBase = { samples: sameTimes, name: sameName };
    const plainBase = { samples: plainTimes, name: 'same writes, plain file' };
    const bareBase = { samples: bare, name: 'raw insert+commit, plain file' };
    rows.push(
      percentileRow(`${name} p50`, ours, 50, 'ms', {
        baseline: sameBase,
        budget: RECORD_BUDGET,
        note: `incident:record step done, synchronous=FULL, ${ours.length} records, one turn of the event loop before each (the fold of the one before runs there); baseline: event + outbox row, incident summary, run counts, run_steps row in one transaction${key ? ', on a file encrypted as ours is' : ''}`,
      }),
      percentileRow(`${name} p99`, ours, 99, 'ms', { baseline: sameBase, budget: RECORD_BUDGET }),
      ...(key
        ? [
            percentileRow(`${name} p50 vs same writes, plain file`, ours, 50, 'ms', { baseline: plainBase }),
            percentileRow(`${name} p99 vs same writes, plain file`, ours, 99, 'ms', { baseline: plainBase }),
          ]
        : []),
      percentileRow(`${name} p50 vs bare insert`, ours, 50, 'ms', { baseline: bareBase }),
      percentileRow(`${name} p99 vs bare insert`, ours, 99, 'ms', { baseline: bareBase }),
    );
    // The same records with no turn of the event loop between them: each pays for the fold
    // the one before it left for after its reply (the CPU a record costs in all).
    const backToBack: number[] = [];
    const sameBackToBack: number[] = [];
    for (let i = 0; i < longLogSamples + 3; i++) {
      const t = await record(false);
      const ts = time(same.sameWrites);
      if (i >= 3) {
        backToBack.push(t);
        sameBackToBack.push(ts);
      }
    }
    rows.push(
      percentileRow(`${name} p50, back to back`, backToBack, 50, 'ms', {
        baseline: { samples: sameBackToBack, name: sameName },
        note: `${backToBack.length} records with no turn of the event loop between them, each paying for the fold of the one before`,
      }),
    );
    for (const length of LONG_LOGS) {
      const long = await longLogRecorder(backend, seed + length, length);
      const label = `${name} p50, ${length}-event log`;
      if (typeof long === 'string') {
        rows.push(skipped(label, 'ms', long, RECORD_BUDGET));
        continue;
      }
      const oursLong: number[] = [];
      const sameLong: number[] = [];
      for (let i = 0; i < longLogSamples + 2; i++) {
        const t = await long.record();
        const ts = time(same.sameWrites);
        if (i >= 2) {
          oursLong.push(t);
          sameLong.push(ts);
        }
      }
      rows.push(
        percentileRow(label, oursLong, 50, 'ms', {
          baseline: { samples: sameLong, name: sameName },
          budget: RECORD_BUDGET,
          note: `${oursLong.length} records on ${long.incidents()} incidents whose logs held ${length}–${length + long.perIncident} events`,
        }),
      );
    }
  } catch (err) {
    return [...rows, skipped(`${name} p99`, 'ms', err instanceof Error ? err.message : String(err))];
  } finally {
    plain.close();
    if (same !== plain) same.close();
  }
  return rows;
}

/**
 * Records steps on incidents whose logs already hold `length` events: each incident is
 * opened, acknowledged (by a first note through incident:record), filled with notes
 * through the log's one writer (appendEvents, one transaction), then gets a run; a few of
 * its steps are recorded before the next incident, so the log stays near `length`.
 */
async function longLogRecorder(
  backend: Backend,
  seed: number,
  length: number,
): Promise<
  string | { record: () => Promise<number>; incidents: () => number; readonly perIncident: number }
> {
  const perIncident = 5;
  const playbookId = longestPlaybook(backend.db);
  if (!playbookId) return 'no playbooks in the database';
  const info = unwrap<{ deviceId: string }>('app:info', await backend.call('app:info', {}));
  const targets = openTargets(backend.db, seed, 64);
  let made = 0;
  const next = async () => {
    const target = targets[made % targets.length];
    if (!target) throw new Error('no assets to open incidents on');
    made++;
    const opened = unwrap<IncidentDetail>(
      'incident:open',
      await backend.call('incident:open', openInput(target, made)),
    );
    const incidentId = opened.state.id;
    unwrap(
      'incident:record',
      await backend.call('incident:record', {
        incidentId,
        action: { type: 'note', text: 'Bench: acknowledged, filling the log.' },
      }),
    );
    const have = (
      backend.db
        .prepare('SELECT count(*) AS n FROM incident_events WHERE incident_id = ?')
        .get(incidentId) as {
        n: number;
      }
    ).n;
    // The run's start is one more event; the notes make up the rest.
    const notes = Math.max(0, length - have - 1);
    appendEvents(backend.db, { deviceId: info.deviceId, author: 'bench' }, incidentId, new Date(), () =>
      Array.from({ length: notes }, (_, i) => ({
        type: 'note' as const,
        payload: { text: `Bench note ${i + 1}: checked the console, no change yet.` },
      })),
    );
    const started = unwrap<IncidentDetail>(
      'incident:startPlaybook',
      await backend.call('incident:startPlaybook', {
        incidentId,
        playbookId,
        assetId: target.assetId,
      }),
    );
    const run = started.state.runs[started.state.runs.length - 1];
    if (!run) throw new Error('incident:startPlaybook returned no run');
    const stepIds = run.steps
      .filter((x) => x.state === 'pending')
      .map((x) => x.stepId)
      .slice(0, perIncident);
    return { incidentId, runId: run.runId, stepIds };
  };
  let current: Awaited<ReturnType<typeof next>>;
  try {
    current = await next();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return {
    perIncident,
    incidents: () => made,
    record: async () => {
      if (current.stepIds.length === 0) current = await next();
      return recordNextStep(backend, current);
    },
  };
}
