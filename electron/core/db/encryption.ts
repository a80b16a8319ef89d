/**
 * Encryption at rest: telling an encrypted file from a plaintext one, converting a plaintext
 * Lifeline database in place, and copying an open database (backups) with its encryption.
 *
 * Conversion never writes the original's pages: it takes the original for itself (out of
 * WAL, which SQLite refuses while another connection has the file open, and an exclusive
 * lock), copies it with VACUUM INTO to `<db>.encrypting` (0600), encrypts that copy with
 * PRAGMA rekey (SQLite3 Multiple Ciphers cannot rekey a WAL database, the copy is not one),
 * reopens it with the key and checks it (integrity, application id, schema version, the row
 * count of every table against the original), and only then renames it over the original.
 * Until that rename the original plaintext file is the backup; after it, no plaintext copy
 * is left in the folder. A crash before the rename leaves the original as it was and a
 * partial `<db>.encrypting`, removed by the next attempt.
 */
import fs from 'node:fs';
import { LifelineError } from '../../../shared/api/result';
import { applyCipherSettings, connect, type Db } from './driver';
import { storedFormat } from './fileFormat';
import type { DatabaseKey } from './key';
import { createPrivateFile, restrictFile, syncFolder } from './permissions';

interface Fingerprint {
  readonly applicationId: number;
  readonly userVersion: number;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Rows per table; `searchIndex: false` leaves out the FTS5 index and its shadow tables. With
 * `unreadable`, a table that cannot be counted (a damaged page) is reported there and left
 * out instead of throwing.
 */
export function rowCounts(
  db: Db,
  opts: { readonly searchIndex: boolean; readonly unreadable?: (table: string, problem: string) => void },
): Record<string, number> {
  const tables = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'${opts.searchIndex ? '' : " AND name NOT LIKE '%_fts%'"} ORDER BY name`,
      )
      .all() as Array<{ name: string }>
  ).map((t) => t.name);
  const counts: Record<string, number> = {};
  for (const t of tables) {
    try {
      counts[t] = (
        db.prepare(`SELECT count(*) AS n FROM "${t.replaceAll('"', '""')}"`).get() as { n: number }
      ).n;
    } catch (err) {
      if (!opts.unreadable) throw err;
      opts.unreadable(t, err instanceof Error ? err.message : String(err));
    }
  }
  return counts;
}

function fingerprint(db: Db): Fingerprint {
  const counts = rowCounts(db, { searchIndex: true });
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
    counts,
  };
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function encryptingPath(file: string): string {
  return `${file}.encrypting`;
}

function removeWork(work: string): void {
  for (const f of [work, `${work}-journal`, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * Converts the plaintext database at `file` to SQLCipher with `key` (see the top of this
 * file). Throws a LifelineError, with the original untouched, if another process has the
 * file open or the encrypted copy does not match it.
 */
export function encryptPlaintextDatabase(
  file: string,
  key: DatabaseKey,
  driver: { readonly nativeBinding?: string } = {},
): void {
  const work = encryptingPath(file);
  removeWork(work); // a partial copy from an attempt that was interrupted
  const original = connect(file, { ...driver, fileMustExist: true });
  try {
    original.pragma('busy_timeout = 2000');
    // Leaving WAL checkpoints its last commits into the file, and needs the only connection.
    let mode: unknown;
    try {
      mode = original.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = null;
    }
    if (mode !== 'delete') {
      throw new LifelineError(
        'CONFLICT',
        `${file} is open in another program (another Lifeline?), so it was not encrypted yet: close that program and start again. The file was left as it was.`,
      );
    }
    // Hold the file until the encrypted copy has replaced it: nobody writes to it meanwhile.
    original.pragma('locking_mode = EXCLUSIVE');
    original.exec('BEGIN EXCLUSIVE; COMMIT');
    const expected = fingerprint(original);
    createPrivateFile(work);
    original.prepare('VACUUM INTO ?').run(work);

    const copy = connect(work, { ...driver, fileMustExist: true });
    try {
      applyCipherSettings(copy);
      copy.pragma(`rekey = "x'${key.revealHex()}'"`);
    } finally {
      copy.close();
    }
    verifyEncryptedCopy(work, key, expected, driver);
    restrictFile(work);
    fs.renameSync(work, file);
    syncFolder(file);
  } catch (err) {
    removeWork(work);
    if (err instanceof LifelineError) throw err;
    throw new LifelineError(
      'INTERNAL',
      `${file} could not be encrypted (${err instanceof Error ? err.message : String(err)}); it was left as it was.`,
    );
  } finally {
    original.close();
  }
}

function verifyEncryptedCopy(
  work: string,
  key: DatabaseKey,
  expected: Fingerprint,
  driver: { readonly nativeBinding?: string },
): void {
  if (storedFormat(work) !== 'encrypted') {
    throw new LifelineError('INTERNAL', `The encrypted copy ${work} still reads as plaintext.`);
  }
  const check = connect(work, { ...driver, readonly: true, fileMustExist: true, key });
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    const got = fingerprint(check);
    if (integrity !== 'ok' || !sameFingerprint(got, expected)) {
      throw new LifelineError(
        'INTERNAL',
        `The encrypted copy did not match the original (integrity: ${String(integrity)}).`,
      );
    }
  } finally {
    check.close();
  }
}

/**
 * A consistent copy of the open database `db` at `destination` (which must not exist),
 * mode 0600, encrypted with the same cipher and key as `db` (plaintext if `db` is). This is
 * how to back up an encrypted database: better-sqlite3's db.backup() refuses one ("backup
 * is not supported with incompatible source and target databases"), and VACUUM INTO with
 * SQLite3 Multiple Ciphers writes the copy with the source's key. Open the copy with
 * `connect(destination, { key })` to verify or restore it.
 */
export function copyDatabase(db: Db, destination: string): void {
  if (fs.existsSync(destination) && fs.statSync(destination).size > 0) {
    throw new LifelineError('CONFLICT', `${destination} already exists; a copy goes to a new file.`);
  }
  createPrivateFile(destination);
  try {
    db.prepare('VACUUM INTO ?').run(destination);
  } catch (err) {
    fs.rmSync(destination, { force: true });
    throw err;
  }
  restrictFile(destination);
}
