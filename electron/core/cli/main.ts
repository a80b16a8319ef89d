/**
 * `lifeline`: the command line for what people script. Every command uses the same back
 * end as the app. Errors are one line on stderr and a non-zero exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LifelineError } from '../../../shared/api/result';
import { sizeInWords } from '../../../shared/database/model';
import { createBackend } from '../api/backend';
import { ageInWords, backupsDir, listBackups, newestGoodBackup } from '../db/backup';
import { damageAdvice, diagnose } from '../db/database';
import { DISK_FULL_MESSAGE, isDiskFull } from '../db/diskFull';
import { busyError, isBusy } from '../db/driver';
import { commandLineKey, resolveDatabaseKey } from '../db/keyStore';
import { describeHolder, lockHolder } from '../db/lock';
import { orphanReport } from '../db/orphans';
import { makeFolders, makePrivateFolder } from '../db/permissions';
import { generateDemo } from '../demo/generate';
import { DEMO_DEFAULTS } from '../demo/model';
import { defaultDatabasePath } from '../paths';
import { APP_VERSION } from '../version';
import { startWebHost } from '../web/server';
import { BACKUP_HELP, backupCommand, RESTORE_HELP, restoreCommand } from './backup';
import { BENCH_HELP, benchCommand } from './bench';
import {
  EXPORT_HANDOVER_HELP,
  exportHandoverCommand,
  IMPORT_HANDOVER_HELP,
  importHandoverCommand,
} from './handover';
import { IMPORT_HELP, importCommand } from './import';
import { type CliIo, openCommandDatabase, UsageError } from './io';
import { logIntegrityLines } from './logIntegrity';
import { EXPORT_HELP, exportCommand, IMPORT_RUNBOOKS_HELP } from './runbooks';
import { SEARCH_HELP, searchCommand } from './search';
import { CENTRAL_HELP, centralCommand, SYNC_HELP, syncCommand } from './sync';

export type { CliIo } from './io';

const HELP: Readonly<Record<string, string>> = {
  main: `Lifeline ${APP_VERSION} — incident-recovery console

Usage: lifeline <command> [options]

Commands:
  serve    Serve the console in your browser on 127.0.0.1 (same back end as the app)
  demo     Fill a new database with generated demo data
  doctor   Check a database: schema version, integrity, incident log chains, foreign keys, backups
  backup   Take a verified backup of a database now
  restore  Put a backup in place of a damaged (or any) database
  search   Search the catalog from the command line
  import   Import from NetBox (its API or a dump), CSV files, Markdown runbooks or a handover bundle
  export   Export playbooks as Markdown, a customer's go-bag, or a handover (.md, .pdf, .json)
  bench    Measure speed against the budgets (docs/benchmarks.md)
  central  Set up the team's central PostgreSQL: init, grant, revoke
  sync     One sync round of a database with central

Run "lifeline <command> --help" for a command's options.`,
  serve: `Usage: lifeline serve [--db PATH] [--port N]

Serves the console and its API on 127.0.0.1 only. Each run makes a random access token;
the printed URL carries it. Without --db (or LIFELINE_DB) it opens the app's own
database, seeded with demo data on first run; a new file given with --db starts empty.`,
  demo: `Usage: lifeline demo --db PATH [--customers N] [--seed S]

Creates PATH (which must not exist or be empty) and fills it with deterministic demo
data: ${DEMO_DEFAULTS.customers} customers by default; the same seed gives the same data.`,
  doctor: `Usage: lifeline doctor --db PATH [--json]

Prints the schema version, SQLite's full integrity check, the incident logs' hash chains
(each broken incident with its first bad event), foreign keys (rows naming a parent that
is not there), pulled rows sync keeps aside, row counts, the backups next to the database
(with their age), which console has it open and whether the file is encrypted. Exits
non-zero when the file is damaged (naming the newest good backup to restore), holds orphan
rows, is not a Lifeline database, is from a newer Lifeline, cannot be decrypted (the key
comes from LIFELINE_DB_KEY or PATH.key), an incident log was edited, or central sent an
event whose chain did not hold. Safe while a console runs: it only reads.`,
  backup: BACKUP_HELP,
  restore: RESTORE_HELP,
  search: SEARCH_HELP,
  import: `${IMPORT_HELP}\n\n${IMPORT_RUNBOOKS_HELP}\n\n${IMPORT_HANDOVER_HELP}`,
  export: `${EXPORT_HELP}\n\n${EXPORT_HANDOVER_HELP}`,
  bench: BENCH_HELP,
  central: CENTRAL_HELP,
  sync: SYNC_HELP,
};

function resolveDb(given: string | undefined): { path: string; isDefault: boolean } {
  const explicit = given ?? process.env.LIFELINE_DB;
  if (explicit) return { path: path.resolve(explicit), isDefault: false };
  return { path: defaultDatabasePath(), isDefault: true };
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 0)
    throw new UsageError(`${flag} must be a whole number, got "${value}".`);
  return Number(value);
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const db = resolveDb(values.db);
  const port = positiveInt(values.port, '--port', 0);
  if (port > 65535) throw new UsageError('--port must be between 0 and 65535.');
  // The app's own data folder is the user's alone; a --db folder that exists is left as it is.
  if (db.isDefault) makePrivateFolder(path.dirname(db.path));
  else makeFolders(path.dirname(db.path));
  const key = resolveDatabaseKey(db.path, { env: process.env, create: true });
  const backend = createBackend({
    dbPath: db.path,
    dbKey: key?.key ?? null,
    transport: 'web',
    console: 'lifeline serve',
    ...(io.maintenanceWorker ? { maintenanceWorker: io.maintenanceWorker } : {}),
    seedDemo: db.isDefault,
    seed: (d) => generateDemo(d, { now: new Date() }),
  });
  const host = await startWebHost({ backend, staticDir: io.staticDir, port });
  io.out(`Lifeline console: ${host.url}`);
  io.out(`Database: ${db.path}`);
  if (key) io.out(`Key:      ${key.file ?? 'LIFELINE_DB_KEY'}`);
  io.out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  backend.close();
  return 0;
}

function demo(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, customers: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  if (!values.db) throw new UsageError('demo needs --db PATH (a new file to create).');
  const dbPath = path.resolve(values.db);
  const customers = positiveInt(values.customers, '--customers', DEMO_DEFAULTS.customers);
  const seed = positiveInt(values.seed, '--seed', DEMO_DEFAULTS.seed);
  if (customers < 1) throw new UsageError('--customers must be at least 1.');
  if (fs.existsSync(dbPath) && fs.statSync(dbPath).size > 0) {
    const { db } = openCommandDatabase(dbPath);
    const n = (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
    db.close();
    if (n > 0)
      throw new UsageError(`${dbPath} already holds ${n} customers; demo data goes into a new database.`);
  }
  const { db } = openCommandDatabase(dbPath);
  try {
    const started = Date.now();
    const summary = generateDemo(db, { customers, seed, now: new Date() });
    const parts = Object.entries(summary)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    io.out(`Demo data written to ${dbPath} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${parts}.`);
  } finally {
    db.close();
  }
  return 0;
}

function doctor(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const db = resolveDb(values.db);
  const key = { key: commandLineKey(db.path, false) };
  let d: ReturnType<typeof diagnose>;
  try {
    d = diagnose(db.path, key);
  } catch (err) {
    // A file too damaged to read at all still has backups to go back to.
    if (err instanceof LifelineError && err.code === 'NOT_A_DATABASE' && listBackups(db.path).length > 0)
      throw new LifelineError('DB_DAMAGED', `${err.message} ${damageAdvice(db.path, key)}`);
    throw err;
  }
  const backups = listBackups(db.path);
  const good = newestGoodBackup(db.path, key);
  const holder = lockHolder(db.path);
  const damaged = !(d.integrity.length === 1 && d.integrity[0] === 'ok');
  if (values.json) {
    io.out(
      JSON.stringify(
        { ...d, damaged, inUseBy: holder, backupsDir: backupsDir(db.path), backups, newestGoodBackup: good },
        null,
        2,
      ),
    );
    return d.healthy ? 0 : 1;
  }
  io.out(`Database:  ${d.path}`);
  io.out(
    `Schema:    version ${d.schemaVersion} of ${d.latestSchemaVersion}${d.schemaVersion < d.latestSchemaVersion ? ' (will be migrated when opened)' : ''}`,
  );
  io.out(
    d.cipher
      ? `Encrypted: yes (${d.cipher})`
      : 'Encrypted: no (Lifeline encrypts it the next time it opens it with a key)',
  );
  io.out(`Integrity: ${d.integrity.join('; ')}`);
  for (const line of logIntegrityLines(d.incidentLogs)) io.out(line);
  for (const line of orphanReport(d.orphans, d.parked)) io.out(line);
  io.out(`In use by: ${holder ? describeHolder(holder) : 'no console'}`);
  io.out('Rows:');
  for (const [table, n] of Object.entries(d.counts)) io.out(`  ${table.padEnd(22)} ${n}`);
  io.out(`Backups:   ${backups.length === 0 ? 'none' : backups.length} in ${backupsDir(db.path)}`);
  for (const b of backups)
    io.out(
      `  ${b.name.padEnd(52)} ${ageInWords(b.takenAt).padStart(12)} ${sizeInWords(b.sizeBytes).padStart(9)}  ${b.verified ? 'verified' : 'NOT VERIFIED'}`,
    );
  if (damaged) io.out(`DAMAGED: ${damageAdvice(db.path, key)}`);
  else if (good === null) io.out('No good backup yet: run `lifeline backup --db PATH`.');
  io.out(d.healthy ? 'Healthy.' : 'PROBLEMS FOUND: see above. Restore from a backup or re-sync.');
  return d.healthy ? 0 : 1;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP.main!);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const help = HELP[command];
    if (!help) {
      io.err(`lifeline: unknown command "${command}". Run "lifeline --help" for the list.`);
      return 2;
    }
    io.out(help);
    return 0;
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'demo':
        return demo(rest, io);
      case 'doctor':
        return doctor(rest, io);
      case 'backup':
        return backupCommand(rest, io);
      case 'restore':
        return restoreCommand(rest, io);
      case 'search':
        return searchCommand(rest, io);
      case 'import':
        if (rest[0] === 'handover') return await importHandoverCommand(rest.slice(1), io);
        return await importCommand(rest, io);
      case 'export':
        if (rest[0] === 'handover') return await exportHandoverCommand(rest.slice(1), io);
        return await exportCommand(rest, io);
      case 'bench':
        return await benchCommand(rest, io);
      case 'central':
        return await centralCommand(rest, io);
      case 'sync':
        return await syncCommand(rest, io);
      default:
        io.err(`lifeline: unknown command "${command}". Run "lifeline --help" for the list.`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`lifeline ${command}: ${err.message} (see "lifeline ${command} --help")`);
      return 2;
    }
    if (err instanceof LifelineError) {
      io.err(`lifeline ${command}: ${err.message}`);
      return 1;
    }
    if (isDiskFull(err)) {
      io.err(`lifeline ${command}: ${DISK_FULL_MESSAGE}`);
      return 1;
    }
    if (isBusy(err)) {
      const at = rest.indexOf('--db');
      const p = resolveDb(at >= 0 ? rest[at + 1] : undefined).path;
      const holder = lockHolder(p);
      io.err(`lifeline ${command}: ${busyError(p, holder ? describeHolder(holder) : null).message}`);
      return 1;
    }
    // parseArgs reports unknown flags with a code; anything else is unexpected.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`lifeline ${command}: ${(err as Error).message} (see "lifeline ${command} --help")`);
      return 2;
    }
    io.err(`lifeline ${command}: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
