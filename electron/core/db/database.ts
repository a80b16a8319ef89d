/**
 * Opening the local store: refuse what is not ours, is from a newer Lifeline or cannot be
 * decrypted without touching the file, encrypt a plaintext one when given a key
 * (encryption.ts), then set the durability pragmas and migrate in one transaction.
 */
import fs from 'node:fs';
import { LifelineError } from '../../../shared/api/result';
import { CIPHER, connect, type Db } from './driver';
import { encryptPlaintextDatabase, rowCounts } from './encryption';
import { storedFormat } from './fileFormat';
import type { DatabaseKey } from './key';
import { keyFilesHint } from './keyStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import { createPrivateFile, restrictDatabaseFiles } from './permissions';

export type { Db } from './driver';

/** 'LIFL' in PRAGMA application_id marks a file as a Lifeline database. */
export const APPLICATION_ID = 0x4c49464c;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the desktop app sets it). */
  readonly nativeBinding?: string;
  /** Migrations to apply; tests pass a prefix to build a database at an older version. */
  readonly migrations?: readonly Migration[];
  /**
   * The database key (keyStore.ts). With one, a new database is created encrypted and a
   * plaintext one is encrypted on open; without one, only a plaintext file opens.
   */
  readonly key?: DatabaseKey | null;
}

function driverOptions(opts: OpenOptions): { nativeBinding?: string } {
  return opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
}

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
    probe = connect(path, {
      ...driverOptions(opts),
      readonly: true,
      fileMustExist: true,
      key: encrypted ? opts.key : null,
    });
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
}

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
  try {
    // SQLite gives -wal, -shm and -journal the mode of the database file.
    if (!inMemory) createPrivateFile(path);
    db = connect(path, { ...driverOptions(opts), key });
    db.pragma('journal_mode = WAL');
    // WAL defaults to NORMAL in better-sqlite3, which can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    if (err instanceof LifelineError) throw err;
    throw describeSqliteError(path, err);
  }
  if (!inMemory) restrictDatabaseFiles(path);
  try {
    migrate(db, migrations, before);
  } catch (err) {
    db.close();
    throw err;
  }
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  return { db, created: before === 0, schemaVersion };
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
  })();
}

/** What `doctor` reports: schema version, encryption, integrity, row counts. */
export interface Diagnosis {
  readonly path: string;
  readonly encrypted: boolean;
  /** The cipher of an encrypted file ('sqlcipher'), null for a plaintext one. */
  readonly cipher: typeof CIPHER | null;
  readonly schemaVersion: number;
  readonly latestSchemaVersion: number;
  readonly integrity: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  readonly healthy: boolean;
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
  const db = connect(path, {
    ...driverOptions(opts),
    readonly: true,
    fileMustExist: true,
    key: encrypted ? opts.key : null,
  });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    const counts = rowCounts(db, { searchIndex: false });
    const healthy =
      integrity.length === 1 && integrity[0] === 'ok' && schemaVersion === LATEST_SCHEMA_VERSION;
    return {
      path,
      encrypted,
      cipher: encrypted ? CIPHER : null,
      schemaVersion,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      integrity,
      counts,
      healthy,
    };
  } catch (err) {
    throw describeSqliteError(path, err);
  } finally {
    db.close();
  }
}
