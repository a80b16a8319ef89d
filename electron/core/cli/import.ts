/** `lifeline import netbox FILE | csv FOLDER | runbooks FOLDER --db PATH [--dry-run]`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportSummary } from '../../../shared/catalog/schemas';
import { openDatabase } from '../db/database';
import { type ImportFile, readSource, runImport } from '../imports/run';
import { getSetting } from '../settings/settings';
import { type CliIo, openCommandDatabase, UsageError } from './io';
import { importRunbooksCommand } from './runbooks';

export const IMPORT_HELP = `Usage: lifeline import netbox FILE --db PATH [--dry-run]
       lifeline import csv FOLDER --db PATH [--dry-run]

netbox: a NetBox 3.x dump (manage.py dumpdata JSON). csv: a folder with one CSV file per
entity (customers.csv, assets.csv, contacts.csv, vendors.csv, ...). Re-importing the same
source updates in place. An import is one transaction: any error writes nothing, and the
error names the file, line or object and field. --dry-run shows what would change.
The CSV headers are documented in docs/csv-import.md.`;

function readFiles(source: 'netbox' | 'csv', given: string): ImportFile[] {
  const full = path.resolve(given);
  if (!fs.existsSync(full)) throw new UsageError(`${full} does not exist.`);
  const isDir = fs.statSync(full).isDirectory();
  if (source === 'netbox') {
    if (isDir) throw new UsageError(`${full} is a folder; give the NetBox JSON dump file.`);
    return [{ name: path.basename(full), content: fs.readFileSync(full, 'utf8') }];
  }
  if (!isDir) throw new UsageError(`${full} is a file; give the folder that holds the CSV files.`);
  return fs
    .readdirSync(full)
    .filter((n) => fs.statSync(path.join(full, n)).isFile())
    .sort()
    .map((n) => ({ name: n, content: fs.readFileSync(path.join(full, n), 'utf8') }));
}

export function formatSummary(summary: ImportSummary): string[] {
  const lines = [
    `  ${'entity'.padEnd(14)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}`,
  ];
  for (const c of summary.counts) {
    lines.push(
      `  ${c.entity.padEnd(14)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.skipped).padStart(10)}`,
    );
  }
  if (summary.counts.length === 0) lines.push('  (nothing to import)');
  return lines;
}

export function importCommand(args: string[], io: CliIo): number {
  if (args[0] === 'runbooks') return importRunbooksCommand(args.slice(1), io);
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [source, target, ...extra] = positionals;
  if (source !== 'netbox' && source !== 'csv')
    throw new UsageError(
      `say what to import: "netbox FILE", "csv FOLDER" or "runbooks FOLDER"${source ? `, not "${source}"` : ''}.`,
    );
  if (!target)
    throw new UsageError(`import ${source} needs the ${source === 'netbox' ? 'FILE' : 'FOLDER'} to read.`);
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}.`);
  const dbGiven = values.db ?? process.env.LIFELINE_DB;
  if (!dbGiven) throw new UsageError('import needs --db PATH (the database to import into).');
  const dbPath = path.resolve(dbGiven);
  const dryRun = values['dry-run'] === true;
  const files = readFiles(source, target);

  // A bad source is refused before the database is even opened (or created): a new
  // database is only made once the import has been checked against an empty one.
  readSource({ source, files });
  const isNew = !fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0;
  if (isNew) {
    const probe = openDatabase(':memory:').db;
    try {
      runImport(probe, { source, files, dryRun: true, author: 'check' });
    } finally {
      probe.close();
    }
    if (dryRun) io.out(`${dbPath} does not exist yet: previewing against an empty database.`);
  }
  const { db } = openCommandDatabase(isNew && dryRun ? ':memory:' : dbPath);
  try {
    const author = getSetting(db, 'engineer_name') ?? os.userInfo().username;
    const started = performance.now();
    const { summary, records } = runImport(db, { source, files, dryRun, author });
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : records;
    const label = source === 'netbox' ? 'NetBox' : 'CSV';
    io.out(
      `${label} import of ${path.basename(path.resolve(target))} ${dryRun ? '(dry run) ' : ''}into ${dbPath}: ${records} records in ${seconds.toFixed(2)} s (${rate} records/s)`,
    );
    for (const line of formatSummary(summary)) io.out(line);
    for (const w of summary.warnings) io.out(`Warning: ${w}`);
    io.out(dryRun ? 'Dry run: nothing was written.' : 'Written in one transaction.');
    return 0;
  } finally {
    db.close();
  }
}
