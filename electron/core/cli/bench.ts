/** `lifeline bench [--quick] [--customers N] [--rows LIST] [--encryption] [--json FILE] [--db PATH] [--keep]`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LifelineError } from '../../../shared/api/result';
import { stopServers } from '../bench/renderer';
import { formatTable } from '../bench/report';
import { ROW_GROUPS, type RowGroup, runBench } from '../bench/run';
import { inspectDatabase } from '../db/database';
import { commandLineKey } from '../db/keyStore';
import { DEMO_DEFAULTS } from '../demo/model';
import type { CliIo } from './io';

export const BENCH_HELP = `Usage: lifeline bench [--quick] [--customers N] [--rows LIST] [--encryption] [--json FILE]
                      [--db PATH] [--keep]

Measures what responders feel, each figure against a baseline measured in the same run
on this machine: search (vs the raw FTS5 query and vs ripgrep over the same data as
Markdown), recovery card, effective playbook, start incident, durable step record (vs a
bare SQLite insert + commit), imports, and the console in Chromium (open → interactive,
keystroke → results painted, JS heap). Prints a table with each budget, met or not.

The database is encrypted, as the app keeps it; the "encryption cost" rows run search and
the durable step record on an encrypted and a plaintext copy of it, alternated call by
call in the same process, and give the ratio.

Without --db it builds a scale database first (500 customers, ~50,000 assets, 2,000
playbooks, 20,000 past incidents); --db PATH measures a copy of that database instead.
--customers N: the scale database with N customers (about 100 assets each; 500 by
  default, up to ${DEMO_DEFAULTS.maxCustomers}); past incidents grow with it (40 per customer).
--rows LIST: only these groups of rows, comma-separated: ${ROW_GROUPS.join(', ')}
  (e.g. --customers 2000 --rows search,record).
--quick: a small database and fewer samples, in about a minute; a percentile that would
  rest on fewer than 20 samples above it is reported skipped, with the count it needs.
--encryption: only the encryption cost rows (after building or copying the database).
--json FILE: also writes { machine, rows: [{ name, figure, unit, baseline, ratio, ... }] }.
--keep: keep the work folder (scale database, Markdown corpus) and print where it is.
Run it on an otherwise idle machine: other work makes every figure noisy.`;

export async function benchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean' },
      encryption: { type: 'boolean' },
      json: { type: 'string' },
      db: { type: 'string' },
      keep: { type: 'boolean' },
      customers: { type: 'string' },
      rows: { type: 'string' },
    },
    strict: true,
  });
  const jsonPath = values.json ? path.resolve(values.json) : null;
  if (jsonPath && !fs.existsSync(path.dirname(jsonPath))) {
    io.err(`lifeline bench: the folder for --json does not exist: ${path.dirname(jsonPath)}`);
    return 2;
  }
  let customers: number | undefined;
  if (values.customers !== undefined) {
    customers = Number(values.customers);
    if (!Number.isInteger(customers) || customers < 1 || customers > DEMO_DEFAULTS.maxCustomers) {
      io.err(
        `lifeline bench: --customers must be a whole number from 1 to ${DEMO_DEFAULTS.maxCustomers} (got ${values.customers}).`,
      );
      return 2;
    }
    if (values.db) {
      io.err('lifeline bench: --customers sizes the database the bench builds; leave it out with --db.');
      return 2;
    }
  }
  let rows: RowGroup[] | undefined;
  if (values.rows !== undefined) {
    const names = values.rows
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const isGroup = (n: string): n is RowGroup => (ROW_GROUPS as readonly string[]).includes(n);
    const unknown = names.filter((n) => !isGroup(n));
    if (names.length === 0 || unknown.length > 0) {
      io.err(
        `lifeline bench: --rows takes a comma-separated list of ${ROW_GROUPS.join(', ')}${unknown.length > 0 ? ` (not: ${unknown.join(', ')})` : ''}.`,
      );
      return 2;
    }
    rows = names.filter(isGroup);
  }
  if (values.db) {
    const source = path.resolve(values.db);
    if (!fs.existsSync(source) || fs.statSync(source).size === 0)
      throw new LifelineError(
        'NOT_FOUND',
        `${source} does not exist or is empty. Give a Lifeline database with --db, or leave --db out to build the scale database.`,
      );
    // Refuses another application's file, a newer schema or a missing key, untouched.
    inspectDatabase(source, { key: commandLineKey(source, false) });
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-bench-'));
  // out/renderer → out/cli.mjs and the repository (for the import fixtures).
  const outDir = path.dirname(path.resolve(io.staticDir));
  // Ctrl+C mid-run: the scale database is hundreds of MB, and a served console would linger.
  const interrupted = () => {
    stopServers();
    if (!values.keep) fs.rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const report = await runBench({
      quick: values.quick === true,
      encryptionOnly: values.encryption === true,
      ...(customers !== undefined ? { customers } : {}),
      ...(rows ? { rows } : {}),
      ...(values.db ? { db: values.db } : {}),
      workDir,
      root: path.dirname(outDir),
      staticDir: io.staticDir,
      cli: path.join(outDir, 'cli.mjs'),
      ...(io.maintenanceWorker ? { maintenanceWorker: io.maintenanceWorker } : {}),
      log: io.out,
    });
    const m = report.machine;
    io.out('');
    io.out(
      `Lifeline bench${report.quick ? ' (--quick)' : ''}: ${m.cpus} × ${m.model}, ${m.memory} GiB, ${m.platform}, Node ${m.node}, SQLite ${m.sqlite ?? '?'}, ${m.chromium ? `Chromium ${m.chromium}` : 'no Chromium'}, ${m.ripgrep ?? 'no ripgrep'}; ${report.seconds} s`,
    );
    io.out('');
    for (const line of formatTable(report.rows)) io.out(line);
    const missed = report.rows.filter((r) => r.met === false).map((r) => r.name);
    io.out('');
    io.out(
      missed.length === 0 ? 'Every budget measured here is met.' : `Budgets missed: ${missed.join('; ')}.`,
    );
    if (jsonPath) {
      fs.writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
      io.out(`JSON written to ${jsonPath}`);
    }
    // A missed budget is a finding, not a failure of the command.
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    if (values.keep) io.out(`Work folder kept: ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}
