/**
 * Opening the local store: refuse what is not ours or is from a newer Lifeline without
 * touching the file, then set the durability pragmas and migrate in one transaction.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { LifelineError } from '../../../shared/api/result';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** 'LIFL' in PRAGMA application_id marks a file as a Lifeline database. */
export const APPLICATION_ID = 0x4c49464c;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the desktop app sets it). */
  readonly nativeBinding?: string;
  /** Migrations to apply; tests pass a prefix to build a database at an older version. */
  readonly migrations?: readonly Migration[];
}

function driverOptions(opts: OpenOptions, extra: Database.Options = {}): Database.Options {
  const nativeBinding = opts.nativeBinding ?? process.env.LIFELINE_SQLITE_BINDING;
  return nativeBinding ? { ...extra, nativeBinding } : extra;
}

function describeSqliteError(path: string, err: unknown): LifelineError {
  const detail = err instanceof Error ? err.message : String(err);
  return new LifelineError(
    'NOT_A_DATABASE',
    `${path} is not a Lifeline database or is damaged (${detail}). Open another file with --db, or restore this one from a backup.`,
  );
}

/**
 * Looks at an existing file read-only, so a refused file stays byte-for-byte as it was.
 * Returns its schema version (0 for an empty database).
 */
export function inspectDatabase(path: string, opts: OpenOptions = {}): number {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(path, driverOptions(opts, { readonly: true, fileMustExist: true }));
    const tables = probe.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number;
    };
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
  const exists = fs.existsSync(path) && fs.statSync(path).size > 0;
  const before = exists ? inspectDatabase(path, opts) : 0;
  let db: Database.Database;
  try {
    db = new Database(path, driverOptions(opts));
    db.pragma('journal_mode = WAL');
    // WAL defaults to NORMAL in better-sqlite3, which can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw describeSqliteError(path, err);
  }
  try {
    migrate(db, migrations, before);
  } catch (err) {
    db.close();
    throw err;
  }
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  return { db, created: before === 0, schemaVersion };
}

function migrate(db: Database.Database, migrations: readonly Migration[], from: number): void {
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

/** What `doctor` reports: schema version, integrity, row counts. */
export interface Diagnosis {
  readonly path: string;
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
  const db = new Database(path, driverOptions(opts, { readonly: true, fileMustExist: true }));
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name",
        )
        .all() as Array<{ name: string }>
    ).map((r) => r.name);
    const counts: Record<string, number> = {};
    for (const t of tables) {
      counts[t] = (
        db.prepare(`SELECT count(*) AS n FROM "${t.replaceAll('"', '""')}"`).get() as { n: number }
      ).n;
    }
    const healthy =
      integrity.length === 1 && integrity[0] === 'ok' && schemaVersion === LATEST_SCHEMA_VERSION;
    return { path, schemaVersion, latestSchemaVersion: LATEST_SCHEMA_VERSION, integrity, counts, healthy };
  } catch (err) {
    throw describeSqliteError(path, err);
  } finally {
    db.close();
  }
}
