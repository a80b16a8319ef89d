/**
 * The SQLite driver in one place: how a connection to a Lifeline file is made and what a
 * driver error means to an engineer. The driver is better-sqlite3-multiple-ciphers
 * (better-sqlite3 built with SQLite3 Multiple Ciphers), keyed in SQLCipher 4 format before
 * anything reads the file. openDatabase, the encryption conversion, backups, doctor and the
 * bench all connect here, so no connection can forget the cipher settings, the native
 * binding or the busy timeout.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { LifelineError } from '../../../shared/api/result';
import { oneLine } from '../../../shared/util/oneLine';
import { sqliteBindingOverride } from './binding';
import { storedFormat } from './fileFormat';
import type { DatabaseKey } from './key';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

/** 'LIFL' in PRAGMA application_id marks a file as a Lifeline database. */
export const APPLICATION_ID = 0x4c49464c;

/** How long a write waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/** SQLCipher's own format (version 4 defaults): AES-256-CBC pages with an HMAC-SHA512 each. */
export const CIPHER = 'sqlcipher';

/** Which driver build to load: the desktop app's Electron build, or the env override. */
export interface BindingOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the desktop app sets it). */
  readonly nativeBinding?: string;
  /** True in the packaged desktop app: LIFELINE_SQLITE_BINDING is then ignored (binding.ts). */
  readonly packaged?: boolean;
}

export interface OpenOptions extends BindingOptions {
  /** Migrations to apply; tests pass a prefix to build a database at an older version. */
  readonly migrations?: readonly Migration[];
  /**
   * Open a damaged database anyway, read-only, instead of refusing it (the console does,
   * so an engineer can still read what is readable and restore a backup from the UI).
   */
  readonly allowDamaged?: boolean;
  /**
   * Skip quick_check at open: the console passes it only for a file that is, byte for
   * byte, the one it closed cleanly after a passing full check (store.ts, cleanClose.ts).
   */
  readonly skipQuickCheck?: boolean;
  /**
   * The database key (keyStore.ts). With one, a new database is created encrypted and a
   * plaintext one is encrypted on open; without one, only a plaintext file opens.
   */
  readonly key?: DatabaseKey | null;
}

export interface ConnectOptions extends BindingOptions {
  readonly readonly?: boolean;
  readonly fileMustExist?: boolean;
  /** The key of an encrypted (or to-be-created encrypted) file; none for a plaintext one. */
  readonly key?: DatabaseKey | null;
}

export function driverOptions(opts: BindingOptions): { nativeBinding?: string } {
  const nativeBinding =
    opts.nativeBinding ?? sqliteBindingOverride(process.env, { packaged: opts.packaged === true });
  return nativeBinding ? { nativeBinding } : {};
}

export function connect(file: string, opts: ConnectOptions = {}): Db {
  const db = new Database(file, {
    readonly: opts.readonly === true,
    fileMustExist: opts.fileMustExist === true,
    timeout: BUSY_TIMEOUT_MS,
    ...driverOptions(opts),
  });
  try {
    if (opts.key) applyKey(db, opts.key);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * A connection to an existing Lifeline file (a database or one of its backups): keyed when
 * the file is encrypted, read-only when asked (then it never creates or changes the file).
 */
export function connectFile(file: string, opts: OpenOptions, readonly = false): Db {
  const encrypted = storedFormat(file) === 'encrypted';
  return connect(file, {
    ...driverOptions(opts),
    readonly,
    fileMustExist: readonly,
    key: encrypted ? (opts.key ?? null) : null,
  });
}

/** The cipher settings every key operation on `db` uses (key, and rekey for a conversion). */
export function applyCipherSettings(db: Db): void {
  db.pragma(`cipher = '${CIPHER}'`);
  db.pragma('legacy = 4');
  // A driver without encryption (a plain better-sqlite3 build given as LIFELINE_SQLITE_BINDING)
  // ignores pragmas it does not know: it would write plaintext while we believed otherwise.
  if (db.pragma('cipher', { simple: true }) !== CIPHER) {
    throw new LifelineError(
      'INTERNAL',
      'The SQLite driver in use has no encryption (is LIFELINE_SQLITE_BINDING a plain better-sqlite3 build?). Rebuild it with `npm start`, which builds better-sqlite3-multiple-ciphers.',
    );
  }
}

/**
 * Keys a fresh connection; must run before its first read. The key goes in raw (x'…'), so
 * SQLCipher's passphrase KDF (256,000 PBKDF2 rounds per open) is skipped: the key is 256
 * random bits already, not a password to stretch.
 */
export function applyKey(db: Db, key: DatabaseKey): void {
  applyCipherSettings(db);
  db.pragma(`key = "x'${key.revealHex()}'"`);
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

/**
 * SQLite's findings for a person, on one line: the first three (a damaged page often
 * yields hundreds, each its own line, some rows holding several) and how many more.
 */
export function checkFindings(rows: readonly string[]): string {
  const all = rows
    .flatMap((r) => r.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\*\*\*.*\*\*\*$/.test(l));
  const shown = all.slice(0, 3).join('; ');
  return oneLine(all.length > 3 ? `${shown}; and ${all.length - 3} more findings` : shown);
}
