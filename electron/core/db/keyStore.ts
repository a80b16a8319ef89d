/**
 * Where a database's key comes from, in this order:
 *   1. LIFELINE_DB_KEY (64 hex digits), for scripts and servers that keep keys elsewhere;
 *   2. `<db>.key.sealed`: the desktop app's key, sealed by the OS keychain through Electron
 *      safeStorage (only the desktop app can unseal it: `sealer` is given by the shell);
 *   3. `<db>.key`: the key as hex in a file readable by its owner only (0600), made by
 *      `lifeline serve` and the CLI, or by the desktop app where the OS has no keychain;
 *   4. none found and the database is new or still plaintext: a new random key, written as
 *      (2) when a sealer is given, else as (3).
 * An encrypted database with no key found gets none here; opening it then says so.
 * No key is ever stored in the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LifelineError } from '../../../shared/api/result';
import { storedFormat } from './fileFormat';
import { DatabaseKey } from './key';
import { restrictFile, writePrivateFileOnce } from './permissions';

export const DB_KEY_ENV = 'LIFELINE_DB_KEY';

/** Seals with a key the OS keeps (Electron safeStorage); only the desktop shell has one. */
export interface KeySealer {
  seal(plain: string): Buffer;
  unseal(sealed: Buffer): string;
}

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.key`;
}

export function sealedKeyFilePath(dbPath: string): string {
  return `${dbPath}.key.sealed`;
}

export type KeySource = 'environment' | 'sealed key file' | 'key file';

export interface ResolvedKey {
  readonly key: DatabaseKey;
  readonly source: KeySource;
  /** The key file it was read from or written to (none for the environment). */
  readonly file: string | null;
  /** True when this call made the key (and its file). */
  readonly created: boolean;
}

export interface ResolveKeyOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sealer?: KeySealer | null;
  /** Make a key when none exists and the database is new or plaintext (false for doctor). */
  readonly create: boolean;
}

/** How to name a database's key files in a message. */
export function keyFilesHint(dbPath: string): string {
  const name = path.basename(dbPath);
  return `${name}.key, or ${name}.key.sealed for the desktop app, next to it`;
}

function readKeyFile(file: string): DatabaseKey {
  restrictFile(file);
  return DatabaseKey.fromHex(fs.readFileSync(file, 'utf8'), `The key file ${file}`);
}

function unsealKeyFile(file: string, sealer: KeySealer | null): DatabaseKey {
  if (!sealer) {
    throw new LifelineError(
      'WRONG_KEY',
      `The database key is sealed by the desktop app's OS keychain (${file}) and cannot be unsealed here: open this database in the desktop app, or set ${DB_KEY_ENV}.`,
    );
  }
  let plain: string;
  try {
    plain = sealer.unseal(fs.readFileSync(file));
  } catch (err) {
    throw new LifelineError(
      'WRONG_KEY',
      `The OS keychain could not unseal the database key ${file} (${err instanceof Error ? err.message : String(err)}): log in as the user who created it with the keyring unlocked, or set ${DB_KEY_ENV}.`,
    );
  }
  return DatabaseKey.fromHex(plain, `The sealed key file ${file}`);
}

export function resolveDatabaseKey(dbPath: string, opts: ResolveKeyOptions): ResolvedKey | null {
  const fromEnv = (opts.env ?? process.env)[DB_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return {
      key: DatabaseKey.fromHex(fromEnv, DB_KEY_ENV),
      source: 'environment',
      file: null,
      created: false,
    };
  }
  if (dbPath === ':memory:' || dbPath === '') return null;
  const sealer = opts.sealer ?? null;
  const sealed = sealedKeyFilePath(dbPath);
  if (fs.existsSync(sealed)) {
    return { key: unsealKeyFile(sealed, sealer), source: 'sealed key file', file: sealed, created: false };
  }
  const plain = keyFilePath(dbPath);
  if (fs.existsSync(plain)) {
    return { key: readKeyFile(plain), source: 'key file', file: plain, created: false };
  }
  // A new key for an encrypted file would only be wrong, and leave a misleading key file.
  if (!opts.create || storedFormat(dbPath) === 'encrypted') return null;
  const key = DatabaseKey.generate();
  try {
    if (sealer) {
      writePrivateFileOnce(sealed, sealer.seal(key.revealHex()));
      return { key, source: 'sealed key file', file: sealed, created: true };
    }
    writePrivateFileOnce(plain, `${key.revealHex()}\n`);
    return { key, source: 'key file', file: plain, created: true };
  } catch (err) {
    // Another process made the key first: use that one.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return resolveDatabaseKey(dbPath, { ...opts, create: false });
  }
}

/**
 * The key for a database `lifeline serve` or another command opens: LIFELINE_DB_KEY, else
 * `<db>.key`, made on first use. `create: false` (doctor, read-only looks) makes none.
 */
export function commandLineKey(dbPath: string, create = true): DatabaseKey | null {
  return resolveDatabaseKey(dbPath, { env: process.env, create })?.key ?? null;
}
