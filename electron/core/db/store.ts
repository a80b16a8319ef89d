/**
 * The console's hold on its database file (the back end behind the app and `lifeline
 * serve`): the advisory lock, the open connection and what the checks found, the full
 * integrity check and the daily backup after start, backups on demand, and a restore that
 * swaps the file under a running console.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LifelineError } from '../../../shared/api/result';
import type { BackupSummary, DatabaseStatus } from '../../../shared/database/model';
import { flushAfterReply } from './afterReply';
import {
  adoptBackupVerdict,
  type BackupRecord,
  listBackups,
  newestGoodBackup,
  restoreDatabase,
  takeBackup,
} from './backup';
import { type CheckpointResult, checkpointFailed, checkpointOnWorker } from './checkpoint';
import { markCleanClose, takeCleanCloseMark } from './cleanClose';
import { damageAdvice, type OpenedDatabase, openDatabase } from './database';
import type { Db, OpenOptions } from './driver';
import { acquireDatabaseLock, type DatabaseLock } from './lock';
import { type MaintenanceResult, maintenanceRequest, runMaintenance } from './maintenance';

export interface LocalStoreOptions extends OpenOptions {
  /** Take `<db>.lock` for this command ("lifeline serve"); none when not given (tests, scripts). */
  readonly lockCommand?: string;
  /** Run the full integrity check and the daily backup this long after start (none when not given). */
  readonly backgroundAfterMs?: number;
  /** Told when the database's health or backups changed (the check finished, a backup was taken). */
  readonly onChange?: () => void;
  /**
   * The built maintenance worker (out/electron/maintenance-worker.cjs): the background check
   * and backup run on it, off the back end's thread. Without it (tests from source, a file
   * that is missing) they run in-thread, blocking calls while the whole file is read.
   */
  readonly maintenanceWorker?: string;
}

function summary(b: BackupRecord): BackupSummary {
  return { name: b.name, takenAt: b.takenAt, reason: b.reason, sizeBytes: b.sizeBytes, verified: b.verified };
}

export class LocalStore {
  private opened: OpenedDatabase;
  private readonly lock: DatabaseLock | null;
  private quick: { result: string; ms: number };
  private integrity: DatabaseStatus['integrity'] = {
    state: 'pending',
    checkedAt: null,
    result: null,
    ms: null,
  };
  private timer: NodeJS.Timeout | null = null;
  private worker: Worker | null = null;
  /** A first pull's checkpoint running on the maintenance worker (backgroundCheckpoint). */
  private checkpointWorker: Worker | null = null;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly opts: LocalStoreOptions = {},
  ) {
    this.lock = opts.lockCommand ? acquireDatabaseLock(path, opts.lockCommand) : null;
    try {
      const started = performance.now();
      // A console's own file, untouched since it closed it cleanly after a passing full
      // check, opens without quick_check (cleanClose.ts); the full check follows shortly.
      const unchanged = opts.lockCommand !== undefined && takeCleanCloseMark(path);
      this.opened = openDatabase(path, { ...opts, allowDamaged: true, skipQuickCheck: unchanged });
      this.quick = {
        result: unchanged ? 'skipped' : (this.opened.damage ?? 'ok'),
        ms: performance.now() - started,
      };
    } catch (err) {
      this.lock?.release();
      throw err;
    }
    if (this.opened.damage !== null)
      console.error(
        `[lifeline] ${path} is damaged (quick_check: ${this.opened.damage}). It is open read-only; nothing will be written. ${damageAdvice(path, opts)}`,
      );
    this.scheduleBackground();
  }

  get db(): Db {
    return this.opened.db;
  }

  get created(): boolean {
    return this.opened.created;
  }

  /** Damaged by either check: every write is refused. */
  get damaged(): boolean {
    return this.opened.damage !== null || this.integrity.state === 'damaged';
  }

  refuseWrites(): LifelineError {
    return new LifelineError(
      'DB_DAMAGED',
      `The database ${this.path} is damaged (${this.problem()}); it is open read-only and nothing was written. ${damageAdvice(this.path, this.opts)}`,
    );
  }

  private problem(): string {
    if (this.opened.damage !== null) return `quick_check: ${this.opened.damage}`;
    return `integrity_check: ${this.integrity.result ?? 'failed'}`;
  }

  private scheduleBackground(): void {
    if (this.opts.backgroundAfterMs === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const worker = this.opts.maintenanceWorker;
      if (worker && fs.existsSync(worker)) void this.runBackgroundOnWorker(worker);
      else this.runBackground();
    }, this.opts.backgroundAfterMs);
    this.timer.unref();
  }

  /**
   * The full integrity check (on its own read-only connection, so it reads one snapshot
   * while the console keeps working between calls) and, when the file is sound and the
   * newest backup is over a day old, the daily backup: in this thread, so calls wait.
   */
  runBackground(now: Date = new Date()): void {
    if (this.closed || this.opened.db.name === ':memory:') return;
    this.applyMaintenance(runMaintenance(this.path, this.opts, now, this.opened.damage !== null), now);
  }

  /**
   * The same work on a worker thread: resolves when it has been applied (or the store was
   * closed or restored meanwhile, which stops the worker and drops its result).
   */
  runBackgroundOnWorker(file: string, now: Date = new Date()): Promise<void> {
    if (this.closed || this.opened.db.name === ':memory:') return Promise.resolve();
    if (this.opened.damage !== null) {
      this.runBackground(now); // nothing to read: no check, no backup
      return Promise.resolve();
    }
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: maintenanceRequest(this.path, this.opts, now) });
    } catch (err) {
      console.error(
        `[lifeline] no maintenance worker (${err instanceof Error ? err.message : String(err)}); checking in-thread.`,
      );
      this.runBackground(now);
      return Promise.resolve();
    }
    this.worker = worker;
    return new Promise<void>((resolve) => {
      let answered = false;
      worker.once('message', (result: MaintenanceResult) => {
        answered = true;
        if (this.worker === worker && !this.closed) this.applyMaintenance(result, now);
      });
      worker.once('error', (err) => {
        console.error(`[lifeline] the maintenance worker failed: ${err.message}`);
      });
      worker.once('exit', () => {
        const current = this.worker === worker;
        if (current) this.worker = null;
        // A worker that died without a verdict says nothing about the file: the check runs
        // here instead (a failed worker is not a damaged database).
        if (!answered && current && !this.closed) {
          console.error('[lifeline] the background check stopped without a result; checking in-thread.');
          this.runBackground(now);
        }
        resolve();
      });
    });
  }

  /**
   * A WAL checkpoint on the maintenance worker (checkpoint.ts), for a first sync pull's end;
   * null without a built worker (the pull then checkpoints on this thread).
   */
  backgroundCheckpoint(): (() => Promise<CheckpointResult>) | null {
    const file = this.opts.maintenanceWorker;
    if (!file || !fs.existsSync(file) || this.opened.db.name === ':memory:') return null;
    return () => {
      if (this.closed) return Promise.resolve(checkpointFailed('the console closed'));
      return checkpointOnWorker(file, this.path, this.opts, (w) => {
        this.checkpointWorker = w;
        w.once('exit', () => {
          if (this.checkpointWorker === w) this.checkpointWorker = null;
        });
      });
    };
  }

  private applyMaintenance(result: MaintenanceResult, now: Date): void {
    if (this.opened.damage === null) {
      this.integrity = {
        state: result.integrity.result === 'ok' ? 'ok' : 'damaged',
        checkedAt: now.toISOString(),
        result: result.integrity.result,
        ms: result.integrity.ms,
      };
      if (this.integrity.state === 'damaged')
        console.error(
          `[lifeline] ${this.path} failed the full integrity check (${result.integrity.result}); no more writes are accepted. ${damageAdvice(this.path, this.opts)}`,
        );
    }
    if (typeof result.backup === 'object') console.error(`[lifeline] ${result.backup.error}`);
    for (const v of result.backups) adoptBackupVerdict(v);
    this.opts.onChange?.();
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    // A checkpoint stopped midway is safe (SQLite's checkpoint is crash-safe); the next one
    // copies what it left.
    const checkpointing = this.checkpointWorker;
    this.checkpointWorker = null;
    if (checkpointing) void checkpointing.terminate();
  }

  status(): DatabaseStatus {
    // The status bar asks on every health change: a sound console with its maintenance
    // worker names the newest backup found good so far (the worker checks them, seconds
    // per copy at scale) rather than reading copies on this thread; a damaged file, or a
    // console without the worker, checks them here (the way back must be named).
    const mode = this.damaged || !this.opts.maintenanceWorker ? 'check' : 'known-only';
    const good = newestGoodBackup(this.path, this.opts, mode);
    return {
      path: this.path,
      damaged: this.damaged,
      problem: this.damaged ? this.problem() : null,
      quickCheck: { result: this.quick.result, ms: Math.round(this.quick.ms) },
      integrity: this.integrity,
      backups: listBackups(this.path).map(summary),
      newestGoodBackup: good ? summary(good) : null,
    };
  }

  backup(now: Date = new Date()): BackupSummary {
    if (this.damaged) throw this.refuseWrites();
    return summary(takeBackup(this.db, this.path, 'on-demand', this.opts, now));
  }

  /**
   * Puts a backup (by name; the newest good one by default) in place of the database and
   * reopens it. The connection is closed for the swap; `reopened` rebuilds what holds it.
   */
  restore(name: string | undefined, reopened: (db: Db) => void): DatabaseStatus {
    const backups = listBackups(this.path);
    const chosen =
      name === undefined ? newestGoodBackup(this.path, this.opts) : backups.find((b) => b.name === name);
    if (!chosen)
      throw new LifelineError(
        'NOT_FOUND',
        name === undefined
          ? `There is no good backup of ${this.path} to restore.`
          : `There is no backup named ${name}; pick one from the list of backups.`,
      );
    // restoreDatabase verifies the copy before the swap; on any failure the file stays as it was.
    this.stopWorker();
    this.opened.db.close();
    try {
      restoreDatabase(this.path, chosen.file, this.opts);
    } finally {
      const started = performance.now();
      this.opened = openDatabase(this.path, { ...this.opts, allowDamaged: true });
      this.quick = { result: this.opened.damage ?? 'ok', ms: performance.now() - started };
      this.integrity = { state: 'pending', checkedAt: null, result: null, ms: null };
      reopened(this.opened.db);
      this.scheduleBackground();
    }
    return this.status();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopWorker();
    try {
      // Rows a last call left for after its reply are written, not left for the next open.
      flushAfterReply(this.opened.db);
      this.opened.db.close();
      // The last connection closed folds the WAL in: mark the file clean if this session
      // checked it in full and found it sound (and nothing failed since).
      if (this.lock && this.integrity.state === 'ok' && this.integrity.checkedAt && !this.damaged)
        markCleanClose(this.path, this.integrity.checkedAt);
    } finally {
      this.lock?.release();
    }
  }
}
