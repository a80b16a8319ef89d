/**
 * The advisory lock of a served database: `<db>.lock`, created with O_EXCL by `lifeline
 * serve` and the desktop app's back end, holding the PID, the command and the start time,
 * so a second console on the same file says in one line who has it. A lock whose PID is no
 * longer alive (a crash, a kill -9) is stale and taken over. One-shot CLI commands do not
 * take it: SQLite's own locking and the busy timeout keep their writes safe.
 */
import fs from 'node:fs';
import os from 'node:os';
import { LifelineError } from '../../../shared/api/result';

export interface LockHolder {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
  readonly host: string;
}

export interface DatabaseLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

export function lockFile(dbPath: string): string {
  return `${dbPath}.lock`;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      v.pid > 0 &&
      typeof v.command === 'string' &&
      typeof v.startedAt === 'string' &&
      typeof v.host === 'string'
    )
      return { pid: v.pid, command: v.command, startedAt: v.startedAt, host: v.host };
  } catch {
    // A half-written or foreign file: treated as no holder.
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Who holds the lock of `dbPath` now (another live process, or one on another host), or null. */
export function lockHolder(dbPath: string): LockHolder | null {
  const text = readText(lockFile(dbPath));
  const holder = text === null ? null : parseHolder(text);
  if (!holder) return null;
  if (holder.host !== os.hostname()) return holder;
  return alive(holder.pid) ? holder : null;
}

function hhmm(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "PID 1234 (lifeline serve, since 23:40)" */
export function describeHolder(h: LockHolder): string {
  const where = h.host === os.hostname() ? '' : ` on ${h.host}`;
  return `PID ${h.pid}${where} (${h.command}, since ${hhmm(h.startedAt)})`;
}

export function inUseError(dbPath: string, h: LockHolder): LifelineError {
  return new LifelineError(
    'DB_IN_USE',
    `${dbPath} is in use by ${describeHolder(h)}; stop it or use --db OTHER`,
  );
}

/**
 * Takes the lock of `dbPath` for this process, or throws DB_IN_USE naming the live holder.
 * A stale lock is taken over; our own (a back end restarted in the same process) is reused.
 */
export function acquireDatabaseLock(dbPath: string, command: string): DatabaseLock {
  const file = lockFile(dbPath);
  const holder: LockHolder = {
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    host: os.hostname(),
  };
  const body = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      try {
        fs.writeSync(fd, body);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return ownLock(file, holder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const text = readText(file);
    if (text === null) continue; // released meanwhile: try again
    const current = parseHolder(text);
    if (current && current.pid === process.pid && current.host === holder.host) {
      return ownLock(file, current);
    }
    if (current && (current.host !== holder.host || alive(current.pid))) throw inUseError(dbPath, current);
    // Stale (or unreadable): remove it only if it is still the file we judged, then retry.
    if (readText(file) === text) fs.rmSync(file, { force: true });
  }
  const current = lockHolder(dbPath);
  if (current) throw inUseError(dbPath, current);
  throw new LifelineError('DB_IN_USE', `Could not take the lock ${file}; another process keeps changing it.`);
}

function ownLock(file: string, holder: LockHolder): DatabaseLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const text = readText(file);
    const now = text === null ? null : parseHolder(text);
    if (now && now.pid === holder.pid && now.host === holder.host) fs.rmSync(file, { force: true });
  };
  // Whatever ends the process normally (including a signal handler that exits) removes it.
  process.on('exit', release);
  return { file, holder, release };
}
