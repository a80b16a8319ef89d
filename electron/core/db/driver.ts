/**
 * The SQLite driver in one place: how a connection to a Lifeline file is made (native
 * binding, read-only or not) and what a driver error means to an engineer. database.ts
 * (open, migrate, doctor) and backup.ts (write, verify, restore) both open files through
 * here, so a change to how a connection is made (a key, another driver) is made once.
 */
import Database from 'better-sqlite3';
import { LifelineError } from '../../../shared/api/result';
import { sqliteBindingOverride } from './binding';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

/** 'LIFL' in PRAGMA application_id marks a file as a Lifeline database. */
export const APPLICATION_ID = 0x4c49464c;

/** How long a write waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the desktop app sets it). */
  readonly nativeBinding?: string;
  /** Migrations to apply; tests pass a prefix to build a database at an older version. */
  readonly migrations?: readonly Migration[];
  /**
   * Open a damaged database anyway, read-only, instead of refusing it (the console does,
   * so an engineer can still read what is readable and restore a backup from the UI).
   */
  readonly allowDamaged?: boolean;
  /** True in the packaged desktop app: LIFELINE_SQLITE_BINDING is then ignored (binding.ts). */
  readonly packaged?: boolean;
}

export function driverOptions(opts: OpenOptions, extra: Database.Options = {}): Database.Options {
  const nativeBinding =
    opts.nativeBinding ?? sqliteBindingOverride(process.env, { packaged: opts.packaged === true });
  return nativeBinding ? { ...extra, nativeBinding } : extra;
}

/** A connection to `path`; `readonly` ones never create or change the file. */
export function connect(path: string, opts: OpenOptions, readonly = false): Db {
  const db = new Database(
    path,
    driverOptions(opts, readonly ? { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS } : {}),
  );
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Another process held the write lock for longer than the busy timeout. */
export function isBusy(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== null && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** SQLite found the file's pages inconsistent (or not a database at all). */
export function isCorrupt(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** What the engineer is told when a write waited out the busy timeout. */
export function busyError(path: string, holder: string | null): LifelineError {
  return new LifelineError(
    'DB_BUSY',
    `Another Lifeline process is writing to this database (${path}${holder ? `, ${holder}` : ''}) and did not finish within ${BUSY_TIMEOUT_MS / 1000} s; nothing was recorded. Try again.`,
  );
}
