// `lifeline bench --quick` end to end, once, so the benchmark keeps working. No timing
// assertions: the figures depend on the machine; what must hold is that every row is
// there, measured or skipped with a reason, with the fields the JSON promises.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_HELP, benchCommand } from '../../electron/core/cli/bench';
import { ROOT, sha256, tempDir } from '../helpers/tmp';
import { ripgrep } from '../helpers/tools';

const EXPECTED_ROWS = [
  'search back end p50',
  'search back end p95',
  'search back end p99',
  'search back end p50, as the palette asks',
  'search back end p95, as the palette asks',
  'search back end p99, as the palette asks',
  'search vs ripgrep p50',
  'recovery card load p50',
  'recovery card load p95',
  'seen before p50',
  'seen before p95',
  'effective playbook p50',
  'effective playbook p95',
  'start incident p50',
  'durable step record p50',
  'durable step record p99',
  'durable step record p50 vs same writes, plain file',
  'durable step record p50 vs bare insert',
  'durable step record p50, back to back',
  'durable step record p50, 50-event log',
  'durable step record p50, 200-event log',
  'durable step record p50, 800-event log',
  'import NetBox dump',
  'import Markdown runbooks',
  'open → interactive',
  'keystroke → results painted p95',
  'keystroke → results painted p50',
  'JS heap after browsing',
  'initial push',
  'initial sync pull',
  'initial sync pull vs plain file',
  'sync change A → B latency p50',
  'sync change A → B latency p95',
];

/** Samples above the nearest-rank p-th percentile of n samples. */
const above = (n: number, p: number) => n - Math.max(1, Math.ceil((p / 100) * n));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      staticDir: path.join(ROOT, 'out', 'renderer'),
    },
  };
}

describe('lifeline bench --quick', () => {
  it('measures every row (or says why it skipped it) and writes the JSON with machine info', async () => {
    const dir = tempDir();
    const json = path.join(dir, 'bench.json');
    const { out, err, io } = capture();
    const code = await benchCommand(['--quick', '--json', json], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);

    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      machine: Record<string, unknown>;
      rows: Array<Record<string, unknown>>;
    };
    for (const key of ['cpus', 'model', 'memory', 'node', 'platform', 'chromium'])
      expect(report.machine).toHaveProperty(key);
    expect(report.machine.cpus).toBeGreaterThan(0);

    const names = report.rows.map((r) => r.name);
    for (const name of EXPECTED_ROWS) expect(names).toContain(name);
    for (const r of report.rows) {
      for (const key of [
        'name',
        'figure',
        'unit',
        'baseline',
        'baselineName',
        'ratio',
        'budget',
        'met',
        'note',
        'samples',
        'percentile',
      ])
        expect(r).toHaveProperty(key);
      if (r.figure === null) expect(String(r.note)).toMatch(/^skipped: ./);
      else expect(Number.isFinite(r.figure)).toBe(true);
      if (r.baseline !== null) expect(typeof r.ratio).toBe('number');
      if (r.budget !== null && r.figure !== null) expect(typeof r.met).toBe('boolean');
      // A percentile reported rests on at least 20 samples above it; one that would not is
      // skipped, saying how many it needs.
      if (r.percentile !== null && r.figure !== null) {
        expect(r.samples).toEqual(expect.any(Number));
        expect(above(Number(r.samples), Number(r.percentile))).toBeGreaterThanOrEqual(20);
      }
      if (/ p(50|95|99)\b/.test(String(r.name)) && r.figure !== null) expect(r.percentile).not.toBeNull();
    }
    // --quick has too few records for a p99: said so, not shown as one.
    expect(report.rows.find((r) => r.name === 'durable step record p99')?.note).toMatch(
      /^skipped: 40 samples are too few for a p99 \(it needs 2\d\d\d/,
    );
    // The record is held to the same writes on a file encrypted as the bench's database is.
    expect(report.rows.find((r) => r.name === 'durable step record p50')?.baselineName).toBe(
      'same writes, encrypted file',
    );
    // The search set is large and varied: hundreds of distinct queries.
    expect(report.rows.find((r) => r.name === 'search back end p50')?.note).toMatch(
      /\(1\d\d distinct queries\)/,
    );
    // The keystrokes type more than customer names.
    const keys = String(report.rows.find((r) => r.name === 'keystroke → results painted p50')?.note ?? '');
    if (!keys.startsWith('skipped'))
      for (const kind of ['customer name', 'host name', 'IP address', 'customer code'])
        expect(keys).toContain(kind);
    // Rows that only need the back end are measured here, never skipped.
    const measured = (name: string) => report.rows.find((r) => r.name === name)?.figure;
    expect(measured('search back end p95')).not.toBeNull();
    expect(measured('recovery card load p95')).not.toBeNull();
    // Imports measure the full-size shared inputs, or say skipped: never the 26-record fixture.
    const netbox = report.rows.find((r) => r.name === 'import NetBox dump');
    if (fs.existsSync(path.resolve(ROOT, '..', 'shared', 'fixtures', 'netbox', 'netbox-demo-v3.6.json')))
      expect(netbox?.figure).not.toBeNull();
    else expect(netbox?.note).toMatch(/^skipped: .*shared\/fixtures/);
    expect(String(netbox?.note)).not.toMatch(/test\/fixtures/);
    // What encryption at rest costs, against a plaintext copy measured in the same run
    // (the record's p99 needs the full run's samples; --quick measures its median).
    for (const name of ['encryption cost: search p50', 'encryption cost: durable step record p50']) {
      const r = report.rows.find((x) => x.name === name);
      expect(r?.figure).toEqual(expect.any(Number));
      expect(r?.baselineName).toMatch(/unencrypted copy/);
      expect(r?.ratio).toEqual(expect.any(Number));
    }
    // The ripgrep baseline is measured where rg is installed; elsewhere the row says what to install.
    const rg = report.rows.find((r) => r.name === 'search vs ripgrep p50');
    if (ripgrep.missing) expect(rg?.note).toMatch(/^skipped: .*apt-get install -y ripgrep/);
    else expect(rg?.baseline).toEqual(expect.any(Number));

    // The table shows each row with its budget verdict.
    const table = out.join('\n');
    expect(table).toContain('measure');
    expect(table).toContain('search back end p95');
    expect(table).toContain(`JSON written to ${json}`);
  }, 360_000);

  it('refuses an unknown flag and a --json folder that does not exist, building nothing', async () => {
    const bad = capture();
    await expect(benchCommand(['--fast'], bad.io)).rejects.toThrow(/--fast/);
    const missing = capture();
    const code = await benchCommand(
      ['--quick', '--json', path.join(tempDir(), 'no', 'such', 'b.json')],
      missing.io,
    );
    expect(code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/does not exist/);
    expect(missing.out).toEqual([]);
    for (const args of [
      ['--customers', '0'],
      ['--customers', 'many'],
      ['--rows', 'search,speed'],
    ]) {
      const refused = capture();
      expect(await benchCommand(['--quick', ...args], refused.io)).toBe(2);
      expect(refused.err.join('\n')).toMatch(args[0] === '--rows' ? /not: speed/ : /--customers must be/);
      expect(refused.out).toEqual([]);
    }
  });

  it('--rows measures only the groups asked for', async () => {
    const json = path.join(tempDir(), 'rows.json');
    const { io } = capture();
    expect(await benchCommand(['--quick', '--rows', 'search', '--json', json], io)).toBe(0);
    const names = (JSON.parse(fs.readFileSync(json, 'utf8')) as { rows: Array<{ name: string }> }).rows.map(
      (r) => r.name,
    );
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith('search back end'))).toBe(true);
  }, 120_000);

  it('refuses a --db that is missing or not a Lifeline database, leaving the file as it was', async () => {
    const dir = tempDir();
    const missing = capture();
    await expect(benchCommand(['--quick', '--db', path.join(dir, 'none.db')], missing.io)).rejects.toThrow(
      /does not exist/,
    );
    const notDb = path.join(dir, 'notes.db');
    fs.writeFileSync(notDb, 'these are my notes, not a database\n'.repeat(100));
    const before = sha256(notDb);
    const bad = capture();
    await expect(benchCommand(['--quick', '--db', notDb], bad.io)).rejects.toThrow(/not a Lifeline database/);
    expect(sha256(notDb)).toBe(before);
    expect(bad.out).toEqual([]);
  });

  it('documents its options', () => {
    for (const flag of ['--quick', '--json FILE', '--db PATH', '--customers N', '--rows LIST'])
      expect(BENCH_HELP).toContain(flag);
  });
});
