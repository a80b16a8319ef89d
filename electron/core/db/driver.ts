/**
 * The one way to make a SQLite connection: better-sqlite3-multiple-ciphers (better-sqlite3
 * built with SQLite3 Multiple Ciphers), keyed in SQLCipher 4 format before anything reads
 * the file. openDatabase, the encryption conversion, backups and the bench all connect here,
 * so no connection to an encrypted file can forget the cipher settings.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { LifelineError } from '../../../shared/api/result';
import type { DatabaseKey } from './key';

export type Db = Database.Database;

/** SQLCipher's own format (version 4 defaults): AES-256-CBC pages with an HMAC-SHA512 each. */
export const CIPHER = 'sqlcipher';

export interface ConnectOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the desktop app sets it). */
  readonly nativeBinding?: string;
  readonly readonly?: boolean;
  readonly fileMustExist?: boolean;
  /** The key of an encrypted (or to-be-created encrypted) file; none for a plaintext one. */
  readonly key?: DatabaseKey | null;
}

export function connect(file: string, opts: ConnectOptions = {}): Db {
  const nativeBinding = opts.nativeBinding ?? process.env.LIFELINE_SQLITE_BINDING;
  const db = new Database(file, {
    readonly: opts.readonly === true,
    fileMustExist: opts.fileMustExist === true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  if (opts.key) {
    try {
      applyKey(db, opts.key);
    } catch (err) {
      db.close();
      throw err;
    }
  }
  return db;
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
