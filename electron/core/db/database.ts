/**
 * Opening the local store: refuse what is not ours, is from a newer Lifeline or cannot be
 * decrypted without touching the file, encrypt a plaintext one when given a key
 * (encryption.ts), check it (quick_check), then set the durability pragmas, take a backup
 * if a migration is due, and migrate in one transaction.
 */
import fs from 'node:fs';
import { LifelineError } from '../../../shared/api/result';
import { oneLine } from '../../../shared/util/oneLine';
import { type LogIntegrityReport, logIntegrity, sealLegacyEvents } from '../incidents/chain';
import { ageInWords, newestGoodBackup, takeBackup } from './backup';
import {
  APPLICATION_ID,
  CIPHER,
  checkFindings,
  connect,
  connectFile,
  type Db,
  driverOptions,
  type OpenOptions,
} from './driver';
import { encryptPlaintextDatabase, rowCounts } from './encryption';
import { storedFormat } from './fileFormat';
import type { DatabaseKey } from './key';
import { keyFilesHint } from './keyStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import { findOrphans, type OrphanRow, type ParkedCounts, parkedCounts } from './orphans';
import { createPrivateFile, restrictDatabaseFiles } from './permissions';

export { APPLICATION_ID, type Db, type OpenOptions } from './driver';

/** The version that gave incident events their hash chains. */
const CHAINS_VERSION = 8;

function describeSqliteError(path: string, err: unknown): LifelineError {
  const detail = err instanceof Error ? err.message : String(err);
  return new LifelineError(
    'NOT_A_DATABASE',
    `${path} is not a Lifeline database or is damaged (${detail}). Open another file with --db, or restore this one from a backup.`,
  );
}

function undecryptable(path: string, key: DatabaseKey | null | undefined): LifelineError {
  const hint = keyFilesHint(path);
  return new LifelineError(
    'WRONG_KEY',
    key
      ? `${path} could not be decrypted with this key: set LIFELINE_DB_KEY or restore the key file (${hint}); if it is damaged, restore it from a backup. The file was left untouched.`
      : `${path} is encrypted and no key for it was found: set LIFELINE_DB_KEY or restore the key file (${hint}). The file was left untouched.`,
  );
}

const isSqliteNotADb = (err: unknown): boolean => (err as { code?: unknown }).code === 'SQLITE_NOTADB';

/**
 * Looks at an existing file read-only, so a refused file stays byte-for-byte as it was.
 * Returns its schema version (0 for an empty database).
 */
export function inspectDatabase(path: string, opts: OpenOptions = {}): number {
  const encrypted = storedFormat(path) === 'encrypted';
  if (encrypted && !opts.key) throw undecryptable(path, null);
  let probe: Db | undefined;
  try {
    probe = connectFile(path, opts, true);
    let tables: { n: number };
    try {
      tables = probe.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
        n: number;
      };
    } catch (err) {
      if (encrypted && isSqliteNotADb(err)) throw undecryptable(path, opts.key);
      throw err;
    }
    const appId = probe.pragma('application_id', { simple: true }) as number;
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
      throw new LifelineError(
        'NOT_A_DATABASE',
        `${path} is a SQLite database of another application, not a Lifeline database. Open another file with --db.`,
      );
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new LifelineError(
        'DB_FROM_FUTURE',
        `${path} was written by a newer Lifeline (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}). Update Lifeline to open it; the file was left untouched.`,
      );
    }
    return version;
  } catch (err) {
    if (err instanceof LifelineError) throw err;
    throw describeSqliteError(path, err);
  } finally {
    probe?.close();
  }
}

export interface OpenedDatabase {
  readonly db: Db;
  /** True when this open created the schema (the file was new or empty). */
  readonly created: boolean;
  readonly schemaVersion: number;
  /**
   * What quick_check found when the file was opened: null when it was sound. A damaged
   * database is only opened with `allowDamaged`, read-only, and never migrated or written.
   */
  readonly damage: string | null;
}

/** quick_check's verdict: null when sound, else what it found (it may also throw on bad pages). */
function quickCheck(db: Db): string | null {
  try {
    const rows = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
    if (rows.length === 1 && rows[0] === 'ok') return null;
    return checkFindings(rows);
  } catch (err) {
    return oneLine(err instanceof Error ? err.message : String(err));
  }
}

/** What to do about a damaged file, in one sentence with the way back. */
export function damageAdvice(path: string, opts: OpenOptions = {}): string {
  const good = newestGoodBackup(path, opts);
  return good
    ? `Run \`lifeline restore --db ${path}\` to go back to the newest good backup, ${good.name} (taken ${ageInWords(good.takenAt)}).`
    : `No good backup of it was found in the backups folder next to it; re-sync from central or restore a copy of the file.`;
}

/**
 * Every `db.transaction(fn)` of a connection opened here begins IMMEDIATE: it takes the
 * write lock up front, waiting on the busy timeout for another process's writer. A deferred
 * transaction that reads first and then writes gets SQLITE_BUSY at once when another
 * process holds the lock (SQLite cannot wait there without risking a deadlock), so the
 * timeout never applied. `.deferred` stays available for read-only snapshots.
 */
function immediateByDefault(db: Db): void {
  const original = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0]) => original(fn).immediate) as Db['transaction'];
}

/**
 * Page cache of the back end's connection, in KiB (negative: SQLite's unit for a size).
 * Every search reads the full-text index (36 MB at 500 customers), the search rows and the
 * records it shows; an encrypted page that falls out of the cache is read and decrypted
 * again. 64 MB instead of the driver's 16 takes a third off a search's CPU time at 500
 * and 2,000 customers (issue 17).
 */
export const PAGE_CACHE_KIB = -65_536;

export function openDatabase(path: string, opts: OpenOptions = {}): OpenedDatabase {
  const migrations = opts.migrations ?? MIGRATIONS;
  const inMemory = path === ':memory:';
  const key = inMemory ? null : (opts.key ?? null);
  const exists = !inMemory && fs.existsSync(path) && fs.statSync(path).size > 0;
  const before = exists ? inspectDatabase(path, opts) : 0;
  if (exists && key && storedFormat(path) === 'plaintext') {
    encryptPlaintextDatabase(path, key, driverOptions(opts));
  }
  let db: Db;
  let damage: string | null = null;
  try {
    // SQLite gives -wal, -shm and -journal the mode of the database file.
    if (!inMemory) createPrivateFile(path);
    db = connect(path, { ...driverOptions(opts), key });
    damage = exists && opts.skipQuickCheck !== true ? quickCheck(db) : null;
    if (damage === null) {
      db.pragma('journal_mode = WAL');
      // WAL defaults to NORMAL in better-sqlite3, which can lose the last commits on power loss.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    }
  } catch (err) {
    if (err instanceof LifelineError) throw err;
    throw describeSqliteError(path, err);
  }
  if (!inMemory) restrictDatabaseFiles(path);
  if (damage !== null) {
    db.close();
    if (!opts.allowDamaged)
      throw new LifelineError(
        'DB_DAMAGED',
        `${path} is damaged (quick_check: ${damage}); nothing was written to it. ${damageAdvice(path, opts)}`,
      );
    const readOnly = connectFile(path, opts, true);
    immediateByDefault(readOnly);
    return { db: readOnly, created: false, schemaVersion: before, damage };
  }
  immediateByDefault(db);
  try {
    // The way back from an upgrade: a verified copy of the file as it was, taken first.
    if (before > 0 && migrations.some((m) => m.version > before))
      takeBackup(db, path, 'before-migration', opts);
    migrate(db, migrations, before);
  } catch (err) {
    db.close();
    throw err;
  }
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  return { db, created: before === 0, schemaVersion, damage: null };
}

function migrate(db: Db, migrations: readonly Migration[], from: number): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  db.transaction(() => {
    if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of pending) {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }
    // Events written before version 8 get their hash chain once, in the upgrade itself.
    if (from > 0 && from < CHAINS_VERSION && pending.some((m) => m.version === CHAINS_VERSION))
      sealLegacyEvents(db);
  })();
}

/** What `doctor` reports: schema version, encryption, integrity, row counts, the incident logs' chains. */
export interface Diagnosis {
  readonly path: string;
  readonly encrypted: boolean;
  /** The cipher of an encrypted file ('sqlcipher'), null for a plaintext one. */
  readonly cipher: typeof CIPHER | null;
  readonly schemaVersion: number;
  readonly latestSchemaVersion: number;
  readonly integrity: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  /** Every incident's hash chains (null below version 8, which has none yet). */
  readonly incidentLogs: LogIntegrityReport | null;
  /** Rows naming a parent that is not there (foreign_key_check); any makes it unhealthy. */
  readonly orphans: readonly OrphanRow[];
  /** Pulled rows kept aside by sync (waiting for a parent, or a broken chain): reported, not a fault. */
  readonly parked: ParkedCounts;
  readonly healthy: boolean;
}

function readOrProblem<T>(read: () => T[]): Array<T | string> {
  try {
    return read();
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  }
}

export function diagnose(path: string, opts: OpenOptions = {}): Diagnosis {
  if (!fs.existsSync(path)) {
    throw new LifelineError(
      'NOT_FOUND',
      `${path} does not exist. Pass the path of a Lifeline database with --db.`,
    );
  }
  const schemaVersion = inspectDatabase(path, opts);
  const encrypted = storedFormat(path) === 'encrypted';
  const db = connectFile(path, opts, true);
  try {
    // A damaged file may make the check itself fail: that is a finding, not a crash.
    const integrity = readOrProblem(() =>
      (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check),
    );
    const counts = rowCounts(db, {
      searchIndex: false,
      unreadable: (t, problem) => integrity.push(`${t} could not be read: ${problem}`),
    });
    // Each later check reads tables a damaged page may sit in: what it cannot read is a
    // finding beside the integrity check's, and the report still comes out.
    const orProblem = <T>(what: string, read: () => T, fallback: T): T => {
      try {
        return read();
      } catch (err) {
        integrity.push(`${what} could not be checked: ${err instanceof Error ? err.message : String(err)}`);
        return fallback;
      }
    };
    const incidentLogs = orProblem(
      'the incident logs',
      () => (schemaVersion >= CHAINS_VERSION ? logIntegrity(db) : null),
      null,
    );
    const logsIntact =
      incidentLogs === null ||
      (incidentLogs.broken.length === 0 && incidentLogs.parkedFromCentral.length === 0);
    const orphans = orProblem('records without their parents', () => findOrphans(db, undefined, 1000), []);
    const parked = orProblem('records kept aside', () => parkedCounts(db), { orphan: 0, chain: 0 });
    const healthy =
      integrity.length === 1 &&
      integrity[0] === 'ok' &&
      schemaVersion === LATEST_SCHEMA_VERSION &&
      logsIntact &&
      orphans.length === 0;
    return {
      path,
      encrypted,
      cipher: encrypted ? CIPHER : null,
      schemaVersion,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      integrity,
      counts,
      incidentLogs,
      orphans,
      parked,
      healthy,
    };
  } catch (err) {
    throw describeSqliteError(path, err);
  } finally {
    db.close();
  }
}
