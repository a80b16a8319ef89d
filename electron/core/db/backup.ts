/**
 * Backups of the local store: written in a `backups/` folder next to the database (0700,
 * files 0600), named with their UTC time and why they were taken, each verified before it
 * counts, rotated, and restored in one atomic rename.
 *
 * Every backup byte is written by `writeBackup`, the one place to adapt when the way a
 * copy is made changes (a key). It uses `VACUUM INTO`, SQLite's other online backup: one
 * read transaction, so the copy is consistent while other connections keep writing, and
 * synchronous, so the backup before a migration fits openDatabase's synchronous open. The
 * driver's `db.backup()` is stepped over the event loop (a Promise), and with
 * better-sqlite3-multiple-ciphers it refuses an encrypted source into an unkeyed file
 * ("backup is not supported with incompatible source and target databases"), whereas
 * `VACUUM INTO` writes the copy encrypted with the source's key (checked on 12.11.1).
 */

import fs from 'node:fs';
import path from 'node:path';
import { LifelineError } from '../../../shared/api/result';
import { BACKUP_REASONS, type BackupReason } from '../../../shared/database/model';
import { oneLine } from '../../../shared/util/oneLine';
import { APPLICATION_ID, checkFindings, connectFile, type Db, type OpenOptions } from './driver';
import { fileIdentity } from './fileIdentity';
import { LATEST_SCHEMA_VERSION } from './migrations';

export { BACKUP_REASONS, type BackupReason };

/** One backup file, as listed for doctor and the console. */
export interface BackupRecord {
  readonly file: string;
  readonly name: string;
  readonly takenAt: string;
  readonly reason: BackupReason;
  readonly sizeBytes: number;
  /**
   * Passed verification when written: a file only gets its final name once it opened
   * read-only, passed integrity_check and showed our application_id and a known schema.
   */
  readonly verified: boolean;
}

/** Rotation: the KEEP_NEWEST newest, plus the newest of each of the KEEP_WEEKS weeks before now. */
export const KEEP_NEWEST = 7;
export const KEEP_WEEKS = 4;
/** A start with no backup younger than this takes one. */
export const DAILY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAILY_MS;

export function backupsDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'backups');
}

function baseName(dbPath: string): string {
  return path.basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
}

/** 2026-12-01T23:40:05.123Z → 20261201T234005123Z (sorts by time, safe in every file system). */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `<base>-<stamp>-<reason>.db` for backups of `<dir>/<base>.db`. */
function backupPattern(dbPath: string): RegExp {
  const base = baseName(dbPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${base}-(\\d{8}T\\d{9}Z)-(${BACKUP_REASONS.join('|')})\\.db$`);
}

/** The backups of this database, newest first. */
export function listBackups(dbPath: string): BackupRecord[] {
  const dir = backupsDir(dbPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const pattern = backupPattern(dbPath);
  const out: BackupRecord[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    const at = m?.[1] ? parseStamp(m[1]) : null;
    if (!m || !at) continue;
    const file = path.join(dir, name);
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      continue;
    }
    out.push({
      file,
      name,
      takenAt: at.toISOString(),
      reason: m[2] as BackupReason,
      sizeBytes: size,
      verified: true,
    });
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** The one place that writes a backup's bytes: a consistent copy of `db` at `dest`. */
export function writeBackup(db: Db, dest: string): void {
  db.prepare('VACUUM INTO ?').run(dest);
  fs.chmodSync(dest, 0o600);
  fsyncFile(dest);
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export type Verification =
  | { readonly ok: true; readonly schemaVersion: number }
  | { readonly ok: false; readonly problem: string };

/**
 * Opens `file` read-only and checks that it is a whole Lifeline database: integrity_check
 * (or the cheaper quick_check), our application_id, a schema this version knows.
 */
export function verifyDatabaseFile(
  file: string,
  opts: OpenOptions = {},
  check: 'integrity_check' | 'quick_check' = 'integrity_check',
): Verification {
  if (!fs.existsSync(file)) return { ok: false, problem: `${file} does not exist` };
  let db: Db | undefined;
  try {
    db = connectFile(file, opts, true);
    const result = (db.pragma(check) as Array<Record<string, string>>).map((r) =>
      String(Object.values(r)[0]),
    );
    if (result.length !== 1 || result[0] !== 'ok')
      return { ok: false, problem: `${check} found: ${checkFindings(result)}` };
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) return { ok: false, problem: 'it is not a Lifeline database' };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > LATEST_SCHEMA_VERSION)
      return {
        ok: false,
        problem: `its schema version ${version} is not one this Lifeline knows (1 to ${LATEST_SCHEMA_VERSION})`,
      };
    return { ok: true, schemaVersion: version };
  } catch (err) {
    return { ok: false, problem: oneLine(err instanceof Error ? err.message : String(err)) };
  } finally {
    db?.close();
  }
}

function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/**
 * Takes a verified backup of the open database `db` (whose file is `dbPath`), then rotates.
 * A copy that fails verification is deleted and reported as BACKUP_FAILED.
 */
export function takeBackup(
  db: Db,
  dbPath: string,
  reason: BackupReason,
  opts: OpenOptions = {},
  now: Date = new Date(),
): BackupRecord {
  const dir = backupsDir(dbPath);
  ensurePrivateDir(dir);
  // Two backups in the same millisecond (a test, a script) must not overwrite each other.
  let at = now;
  const names = new Set(listBackups(dbPath).map((b) => b.takenAt));
  while (names.has(at.toISOString())) at = new Date(at.getTime() + 1);
  const name = `${baseName(dbPath)}-${stamp(at)}-${reason}.db`;
  const final = path.join(dir, name);
  const partial = `${final}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    writeBackup(db, partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new LifelineError(
      'BACKUP_FAILED',
      `The backup of ${dbPath} could not be written to ${dir} (${err instanceof Error ? err.message : String(err)}). Free space or fix the folder's permissions and try again.`,
    );
  }
  // quick_check, not integrity_check: the copy was just rebuilt page by page by VACUUM INTO
  // (indexes included), and the full check would double a backup's time on a large file.
  const verified = verifyDatabaseFile(partial, opts, 'quick_check');
  if (!verified.ok) {
    fs.rmSync(partial, { force: true });
    throw new LifelineError(
      'BACKUP_FAILED',
      `The backup of ${dbPath} failed verification and was deleted: ${verified.problem}. Run \`lifeline doctor --db ${dbPath}\`.`,
    );
  }
  fs.renameSync(partial, final);
  fsyncDir(dir);
  const identity = fileIdentity(final);
  if (identity !== null) verifiedBackups.set(final, { identity, ok: true });
  rotateBackups(dbPath, now);
  const record = listBackups(dbPath).find((b) => b.name === name);
  if (!record) throw new LifelineError('BACKUP_FAILED', `The backup ${final} vanished after it was written.`);
  return record;
}

function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // Not every platform can fsync a directory (Windows); the rename is still atomic.
  }
}

/**
 * Which backups rotation keeps: the KEEP_NEWEST newest; the newest of each of the
 * KEEP_WEEKS weeks before now that has none among those; and the newest taken before a
 * migration (the way back from an upgrade).
 */
export function backupsToKeep(backups: readonly BackupRecord[], now: Date): Set<string> {
  const sorted = [...backups].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  const keep = new Set(sorted.slice(0, KEEP_NEWEST).map((b) => b.name));
  const weeks = new Set<number>();
  for (const b of sorted) {
    const week = Math.floor((now.getTime() - Date.parse(b.takenAt)) / WEEK_MS);
    if (week < 0 || week >= KEEP_WEEKS || weeks.has(week)) continue;
    weeks.add(week);
    keep.add(b.name);
  }
  const migration = sorted.find((b) => b.reason === 'before-migration');
  if (migration) keep.add(migration.name);
  return keep;
}

export function rotateBackups(dbPath: string, now: Date = new Date()): void {
  const backups = listBackups(dbPath);
  const keep = backupsToKeep(backups, now);
  for (const b of backups) if (!keep.has(b.name)) fs.rmSync(b.file, { force: true });
  // A .partial left by a crash mid-backup is never a backup.
  const pattern = backupPattern(dbPath);
  for (const name of safeReaddir(backupsDir(dbPath))) {
    if (name.endsWith('.partial') && pattern.test(name.slice(0, -'.partial'.length)))
      fs.rmSync(path.join(backupsDir(dbPath), name), { force: true });
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Backups this process verified, by file, with the identity they had then (fileIdentity.ts).
 * quick_check reads the whole copy (seconds for a 400 MB file), and the status bar asks
 * for the newest good backup on every health change: a file is checked again only when it
 * is not the file that was checked (rewritten, replaced, a byte flipped on disk).
 */
const verifiedBackups = new Map<string, { identity: string; ok: boolean }>();

function verifiedBackup(file: string, opts: OpenOptions): boolean {
  const identity = fileIdentity(file);
  if (identity === null) return false;
  const known = verifiedBackups.get(file);
  if (known && known.identity === identity) return known.ok;
  const ok = verifyDatabaseFile(file, opts, 'quick_check').ok;
  // Stat again: a file that changed while it was read is checked again next time.
  if (fileIdentity(file) === identity) verifiedBackups.set(file, { identity, ok });
  return ok;
}

/** A backup's verdict as another thread found it: kept only if the file is still that file. */
export interface BackupVerdict {
  readonly file: string;
  readonly identity: string;
  readonly ok: boolean;
}

export function adoptBackupVerdict(v: BackupVerdict): void {
  if (fileIdentity(v.file) === v.identity) verifiedBackups.set(v.file, { identity: v.identity, ok: v.ok });
}

/**
 * Checks the backups newest first until one is good (what newestGoodBackup needs), and
 * returns each verdict so the console's thread can adopt them (maintenance.ts).
 */
export function checkNewestBackups(dbPath: string, opts: OpenOptions = {}): BackupVerdict[] {
  const out: BackupVerdict[] = [];
  for (const b of listBackups(dbPath)) {
    const ok = verifiedBackup(b.file, opts);
    const identity = fileIdentity(b.file);
    if (identity !== null) out.push({ file: b.file, identity, ok });
    if (ok) break;
  }
  return out;
}

/**
 * The newest backup that verifies (quick_check, once per file as it is now), or null.
 * `known-only` reads nothing: the newest of those already found good (the console's
 * status while its worker checks them), where `check` reads each unchecked copy.
 */
export function newestGoodBackup(
  dbPath: string,
  opts: OpenOptions = {},
  mode: 'check' | 'known-only' = 'check',
): BackupRecord | null {
  for (const b of listBackups(dbPath)) {
    if (mode === 'check') {
      if (verifiedBackup(b.file, opts)) return b;
      continue;
    }
    const known = verifiedBackups.get(b.file);
    if (known?.ok && known.identity === fileIdentity(b.file)) return b;
  }
  return null;
}

/** "3 h ago", "2 days ago": how old a backup is, for people. */
export function ageInWords(iso: string, now: Date = new Date()): string {
  const ms = Math.max(0, now.getTime() - Date.parse(iso));
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

export interface RestoreOutcome {
  readonly restoredFrom: string;
  /** Where the file that was replaced now lives (null when there was none). */
  readonly replacedBy: string | null;
  readonly schemaVersion: number;
}

/**
 * Puts `from` in place of the database at `dbPath`, which nobody may have open: copies it
 * next to the database, verifies the copy, moves the current file (and
 * its -wal/-shm, which belong to it) aside as `<db>.replaced-<stamp>`, then renames the copy
 * in. Any failure before the last rename leaves the database as it was.
 */
export function restoreDatabase(
  dbPath: string,
  from: string,
  opts: OpenOptions = {},
  now: Date = new Date(),
): RestoreOutcome {
  const source = path.resolve(from);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile())
    throw new LifelineError('NOT_FOUND', `${source} does not exist; give a backup file with --from.`);
  const ts = stamp(now);
  const incoming = `${dbPath}.restoring-${ts}`;
  // The copy is what gets swapped in, so the copy is what is verified (once: a large file
  // takes a second or more per check).
  let checked: Verification;
  try {
    fs.copyFileSync(source, incoming);
    fs.chmodSync(incoming, 0o600);
    fsyncFile(incoming);
    checked = verifyDatabaseFile(incoming, opts, 'quick_check');
  } catch (err) {
    fs.rmSync(incoming, { force: true });
    throw new LifelineError(
      'BACKUP_FAILED',
      `Could not copy ${source} next to ${dbPath} (${err instanceof Error ? err.message : String(err)}). Nothing was changed.`,
    );
  }
  if (!checked.ok) {
    fs.rmSync(incoming, { force: true });
    throw new LifelineError(
      'NOT_A_DATABASE',
      `${source} cannot be restored: ${checked.problem.replaceAll(incoming, source)}. Nothing was changed; pick another backup (\`lifeline doctor --db ${dbPath}\` lists them).`,
    );
  }
  let replacedBy: string | null = null;
  if (fs.existsSync(dbPath)) {
    replacedBy = `${dbPath}.replaced-${ts}`;
    fs.renameSync(dbPath, replacedBy);
  }
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(dbPath + suffix)) {
      if (replacedBy) fs.renameSync(dbPath + suffix, replacedBy + suffix);
      else fs.rmSync(dbPath + suffix, { force: true });
    }
  }
  fs.renameSync(incoming, dbPath);
  fsyncDir(path.dirname(dbPath));
  return { restoredFrom: source, replacedBy, schemaVersion: checked.schemaVersion };
}
