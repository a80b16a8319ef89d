/**
 * `lifeline bench`: builds (or copies) a scale database, then measures every figure in
 * docs/benchmarks.md against its baseline in the same run, and reports against budgets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../api/backend';
import type { Db } from '../db/database';
import { inspectDatabase, openDatabase } from '../db/database';
import { connect } from '../db/driver';
import { copyDatabase } from '../db/encryption';
import { storedFormat } from '../db/fileFormat';
import type { DatabaseKey } from '../db/key';
import { commandLineKey, keyFilePath } from '../db/keyStore';
import { writePrivateFileOnce } from '../db/permissions';
import { generateDemo } from '../demo/generate';
import {
  durableRecordRows,
  effectivePlaybookRows,
  recoveryCardRows,
  type SearchSamples,
  sampleSearch,
  searchRows,
  startIncidentRows,
} from './backend';
import { encryptionRows } from './encryption';
import { importRows } from './imports';
import { type BenchQuery, buildQuerySet } from './queries';
import { rendererRows } from './renderer';
import { type BenchReport, type BenchRow, type MachineInfo, percentileRow, skipped } from './report';
import { exportCorpus, ripgrepVersion, sampleRipgrep } from './ripgrep';
import { seenBeforeRows } from './seenBefore';
import { syncRows } from './sync';
import { topUpIncidents, topUpPlaybooks } from './topup';

export interface BenchSize {
  readonly customers: number;
  readonly playbooks: number;
  readonly incidents: number;
  /** Distinct queries in the seeded set (search, encryption cost, keystrokes). */
  readonly queries: number;
  readonly searchReps: number;
  /** Queries sent to ripgrep once each (a process per query, so fewer). */
  readonly ripgrepQueries: number;
  readonly cardSamples: number;
  readonly effectiveSamples: number;
  readonly openSamples: number;
  readonly recordSamples: number;
  /** Step records per log length (50, 200, 800 events). */
  readonly longLogSamples: number;
  readonly encryptionRecordSamples: number;
  readonly importReps: number;
  readonly keystrokes: number;
  /** Cold loads of the console, each in a new browser context. */
  readonly loads: number;
  readonly latencySamples: number;
  /** First sync pulls into a new console (each beside both bare copies); the median counts. */
  readonly pullRepetitions: number;
}

/**
 * The issue's scale: 500 customers (~50,000 assets), 2,000 playbooks, 20,000 past
 * incidents; sample counts so every percentile reported has 20 samples above it (a p99
 * needs 2,000, a p95 400, a median 40).
 */
export const FULL: BenchSize = {
  customers: 500,
  playbooks: 2000,
  incidents: 20_000,
  queries: 600,
  searchReps: 4,
  ripgrepQueries: 60,
  cardSamples: 400,
  effectiveSamples: 400,
  openSamples: 400,
  recordSamples: 2000,
  longLogSamples: 100,
  encryptionRecordSamples: 2000,
  importReps: 3,
  keystrokes: 420,
  loads: 40,
  latencySamples: 400,
  pullRepetitions: 3,
};

/**
 * Small enough for `npm test`, every row still exercised; rows whose percentile would rest
 * on too few samples here are reported skipped, saying how many they need.
 */
export const QUICK: BenchSize = {
  customers: 20,
  playbooks: 200,
  incidents: 500,
  queries: 150,
  searchReps: 3,
  ripgrepQueries: 40,
  cardSamples: 400,
  effectiveSamples: 400,
  openSamples: 40,
  recordSamples: 40,
  longLogSamples: 40,
  encryptionRecordSamples: 40,
  importReps: 1,
  keystrokes: 40,
  loads: 1,
  latencySamples: 5,
  pullRepetitions: 1,
};

/** The groups of rows `--rows` can pick. */
export const ROW_GROUPS = [
  'search',
  'ripgrep',
  'card',
  'seen-before',
  'playbook',
  'incident',
  'record',
  'encryption',
  'imports',
  'renderer',
  'sync',
] as const;
export type RowGroup = (typeof ROW_GROUPS)[number];

/** Past incidents per customer at the issue's scale (20,000 for 500). */
const INCIDENTS_PER_CUSTOMER = 40;

export interface BenchOptions {
  readonly quick: boolean;
  /** Only the encryption-cost rows (search and durable record, encrypted vs plaintext copy). */
  readonly encryptionOnly?: boolean;
  /** Customers in the scale database (the size axis); past incidents grow with it. */
  readonly customers?: number;
  /** Only these groups of rows (all when absent). */
  readonly rows?: readonly RowGroup[];
  /** An existing database to measure (copied first: the bench writes incidents). */
  readonly db?: string;
  /** Where the scale database and corpus go; removed afterwards unless keep. */
  readonly workDir: string;
  /** The repository (fixtures) and the built console. */
  readonly root: string;
  readonly staticDir: string;
  readonly cli: string;
  /** The built maintenance worker: the first pull's checkpoint runs there, as in the console. */
  readonly maintenanceWorker?: string;
  readonly log: (line: string) => void;
}

/** The sizes of this run: quick or full, with --customers scaling the database. */
export function benchSize(opts: Pick<BenchOptions, 'quick' | 'customers'>): BenchSize {
  const base = opts.quick ? QUICK : FULL;
  if (opts.customers === undefined) return base;
  return {
    ...base,
    customers: opts.customers,
    incidents: opts.quick ? base.incidents : opts.customers * INCIDENTS_PER_CUSTOMER,
  };
}

const SEED = 1;

/**
 * The benchmark database, encrypted as the product keeps it: its key goes to
 * `<bench.db>.key` in the work folder, where the served console of the renderer rows finds it.
 */
async function prepareDatabase(opts: BenchOptions, size: BenchSize, dbPath: string): Promise<DatabaseKey> {
  if (opts.db) {
    const source = path.resolve(opts.db);
    if (!fs.existsSync(source)) throw new Error(`${source} does not exist.`);
    const sourceKey = commandLineKey(source, false);
    inspectDatabase(source, { key: sourceKey }); // refuses what is not a Lifeline database, untouched
    opts.log(`Copying ${source} (the bench writes incidents; the original stays as it is)…`);
    const encrypted = storedFormat(source) === 'encrypted';
    const src = connect(source, { readonly: true, fileMustExist: true, key: encrypted ? sourceKey : null });
    try {
      copyDatabase(src, dbPath); // with the source's key, if it has one
    } finally {
      src.close();
    }
    if (encrypted && sourceKey) writePrivateFileOnce(keyFilePath(dbPath), `${sourceKey.revealHex()}\n`);
    const key = benchKey(dbPath);
    openDatabase(dbPath, { key }).db.close(); // migrate the copy if it is older, encrypt a plaintext one
    return key;
  }
  const key = benchKey(dbPath);
  const { db } = openDatabase(dbPath, { key });
  try {
    const now = new Date();
    let t0 = performance.now();
    opts.log(`Building the scale database: ${size.customers} customers…`);
    generateDemo(db, { customers: size.customers, seed: SEED, now });
    opts.log(`  demo data in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const pb = topUpPlaybooks(db, size.playbooks, SEED + 100, now.getTime());
    const inc = topUpIncidents(db, size.incidents, SEED + 200, now.getTime());
    opts.log(
      `  + ${pb} playbooks, ${inc} past incidents in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    db.pragma('optimize');
  } finally {
    db.close();
  }
  return key;
}

function benchKey(dbPath: string): DatabaseKey {
  const key = commandLineKey(dbPath);
  if (!key) throw new Error(`${dbPath} is encrypted and its key was not found.`);
  return key;
}

function datasetCounts(dbPath: string, key: DatabaseKey): Record<string, number> {
  const db = connect(dbPath, { readonly: true, key });
  try {
    const out: Record<string, number> = {};
    for (const t of [
      'customers',
      'assets',
      'contacts',
      'playbooks',
      'overlays',
      'incidents',
      'incident_events',
    ]) {
      out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    out.search_docs = (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    return out;
  } finally {
    db.close();
  }
}

function machineInfo(sqlite: string | null, chromium: string | null, ripgrep: string | null): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    memory: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    sqlite,
    chromium,
    ripgrep,
  };
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const size = benchSize(opts);
  const wanted = new Set<RowGroup>(opts.encryptionOnly ? ['encryption'] : (opts.rows ?? ROW_GROUPS));
  const want = (g: RowGroup) => wanted.has(g);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  fs.mkdirSync(opts.workDir, { recursive: true });
  const dbPath = path.join(opts.workDir, 'bench.db');
  const key = await prepareDatabase(opts, size, dbPath);
  const dataset = datasetCounts(dbPath, key);
  opts.log(
    `Measuring on ${Object.entries(dataset)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.`,
  );
  const rows: BenchRow[] = [];
  const backend = createBackend({ dbPath, dbKey: key, transport: 'web' });
  const sqlite = (backend.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const queries = buildQuerySet(backend.db, size.queries);
  // The budget's 500 and 2,000 count customers, not the MSP's own shared platform.
  const customers = backend.db
    .prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL AND kind = 'customer'`)
    .pluck()
    .get() as number;
  let ripgrep: string | null = null;
  try {
    if (want('search') || want('ripgrep')) {
      opts.log(`Search: ${queries.length} distinct queries × ${size.searchReps}…`);
      const all = await sampleSearch(backend, queries, size.searchReps, false);
      if (want('search')) {
        const palette = await sampleSearch(backend, queries, size.searchReps, true);
        rows.push(...searchRows(all, palette, customers));
      }
      if (want('ripgrep'))
        rows.push(ripgrepRow(opts, backend.db, queries.slice(0, size.ripgrepQueries), all));
      ripgrep = ripgrepVersion();
    }
    if (want('card')) {
      opts.log('Recovery card…');
      rows.push(...(await recoveryCardRows(backend, size.cardSamples, SEED)));
    }
    if (want('seen-before')) {
      opts.log('Seen before…');
      rows.push(...(await seenBeforeRows(backend, size.cardSamples, SEED)));
    }
    if (want('playbook')) {
      opts.log('Effective playbook…');
      rows.push(...(await effectivePlaybookRows(backend, size.effectiveSamples, SEED)));
    }
    if (want('incident')) {
      opts.log('Start incident…');
      rows.push(...(await startIncidentRows(backend, size.openSamples, SEED)));
    }
    if (want('record')) {
      opts.log(`Durable step record: ${size.recordSamples} records, then logs of 50, 200, 800 events…`);
      rows.push(
        ...(await durableRecordRows(
          backend,
          opts.workDir,
          size.recordSamples,
          size.longLogSamples,
          SEED,
          key,
        )),
      );
    }
    if (want('encryption')) {
      opts.log('Encryption cost: search and durable record on an encrypted and a plaintext copy…');
      rows.push(
        ...(await encryptionRows({
          source: backend.db,
          key,
          workDir: opts.workDir,
          queries,
          searchReps: size.searchReps,
          recordSamples: size.encryptionRecordSamples,
          seed: SEED,
        })),
      );
    }
  } finally {
    backend.close();
  }

  if (want('imports')) {
    opts.log('Imports…');
    rows.push(...importRows(opts.root, opts.workDir, size.importReps, key));
  }

  let chromium: string | null = null;
  if (want('renderer')) {
    opts.log('Renderer in Chromium…');
    const db = connect(dbPath, { readonly: true, key });
    const browse = {
      customers: (
        db
          .prepare(
            `SELECT id FROM customers WHERE deleted_at IS NULL AND kind = 'customer' ORDER BY id LIMIT ${opts.quick ? 2 : 6}`,
          )
          .all() as Array<{ id: string }>
      ).map((r) => r.id),
      assets: (
        db
          .prepare(`SELECT id FROM assets WHERE deleted_at IS NULL ORDER BY id LIMIT ${opts.quick ? 2 : 6}`)
          .all() as Array<{ id: string }>
      ).map((r) => r.id),
    };
    db.close();
    const renderer = await rendererRows({
      cli: opts.cli,
      staticDir: opts.staticDir,
      dbPath,
      queries,
      keystrokes: size.keystrokes,
      loads: size.loads,
      browse,
      quick: opts.quick,
      log: opts.log,
    });
    rows.push(...renderer.rows);
    chromium = renderer.chromium;
  }

  if (want('sync')) {
    opts.log('Sync with a central PostgreSQL…');
    rows.push(
      ...(await syncRows({
        workDir: opts.workDir,
        dbPath,
        dbKey: key,
        latencySamples: size.latencySamples,
        pullRepetitions: size.pullRepetitions,
        ...(opts.maintenanceWorker ? { maintenanceWorker: opts.maintenanceWorker } : {}),
        log: opts.log,
      })),
    );
  }

  return report(opts, { sqlite, chromium, ripgrep, started, startedAt, dataset, rows });
}

/** Our search p50 against `rg` over the same data as Markdown, one process per query. */
function ripgrepRow(
  opts: BenchOptions,
  db: Db,
  queries: readonly BenchQuery[],
  all: SearchSamples,
): BenchRow {
  const budget = { text: '≥ 10× faster (ratio ≤ 0.1)', maxRatio: 0.1 };
  if (ripgrepVersion() === null)
    return skipped(
      'search vs ripgrep p50',
      'ms',
      'ripgrep (rg) is not installed: apt-get install -y ripgrep',
      budget,
    );
  opts.log('Search vs ripgrep: exporting the corpus as Markdown…');
  const corpus = path.join(opts.workDir, 'corpus');
  const files = exportCorpus(db, corpus);
  const rg = sampleRipgrep(corpus, queries, 1);
  return percentileRow('search vs ripgrep p50', all.ours, 50, 'ms', {
    baseline: { samples: rg, name: 'rg -i -F -l, same corpus' },
    budget,
    note: `${files} Markdown files; one rg run per query (process start included), ${rg.length} runs`,
  });
}

function report(
  opts: BenchOptions,
  r: {
    readonly sqlite: string | null;
    readonly chromium: string | null;
    readonly ripgrep: string | null;
    readonly started: number;
    readonly startedAt: string;
    readonly dataset: Record<string, number>;
    readonly rows: BenchRow[];
  },
): BenchReport {
  return {
    machine: machineInfo(r.sqlite, r.chromium, r.ripgrep),
    quick: opts.quick,
    startedAt: r.startedAt,
    seconds: Math.round((performance.now() - r.started) / 100) / 10,
    dataset: r.dataset,
    rows: r.rows,
  };
}
