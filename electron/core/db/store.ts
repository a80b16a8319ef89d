/**
 * The console's hold on its database file (the back end behind the app and `lifeline
 * serve`): the advisory lock, the open connection and what the checks found, the full
 * integrity check and the daily backup after start, backups on demand, and a restore that
 * swaps the file under a running console.
 */
import { LifelineError } from '../../../shared/api/result';
import type { BackupSummary, DatabaseStatus } from '../../../shared/database/model';
import {
  type BackupRecord,
  DAILY_MS,
  listBackups,
  newestGoodBackup,
  restoreDatabase,
  takeBackup,
} from './backup';
import { damageAdvice, type OpenedDatabase, openDatabase } from './database';
import { connectFile, type Db, type OpenOptions } from './driver';
import { acquireDatabaseLock, type DatabaseLock } from './lock';

export interface LocalStoreOptions extends OpenOptions {
  /** Take `<db>.lock` for this command ("lifeline serve"); none when not given (tests, scripts). */
  readonly lockCommand?: string;
  /** Run the full integrity check and the daily backup this long after start (none when not given). */
  readonly backgroundAfterMs?: number;
  /** Told when the database's health or backups changed (the check finished, a backup was taken). */
  readonly onChange?: () => void;
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
  private closed = false;

  constructor(
    readonly path: string,
    private readonly opts: LocalStoreOptions = {},
  ) {
    this.lock = opts.lockCommand ? acquireDatabaseLock(path, opts.lockCommand) : null;
    try {
      const started = performance.now();
      this.opened = openDatabase(path, { ...opts, allowDamaged: true });
      this.quick = { result: this.opened.damage ?? 'ok', ms: performance.now() - started };
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
      this.runBackground();
    }, this.opts.backgroundAfterMs);
    this.timer.unref();
  }

  /**
   * The full integrity check (on its own read-only connection, so it reads one snapshot
   * while the console keeps working between calls) and, when the file is sound and the
   * newest backup is over a day old, the daily backup.
   */
  runBackground(now: Date = new Date()): void {
    if (this.closed) return;
    if (this.opened.damage === null && this.opened.db.name !== ':memory:') {
      const started = performance.now();
      let result: string;
      let checker: Db | undefined;
      try {
        checker = connectFile(this.path, this.opts, true);
        const rows = (checker.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
          (r) => r.integrity_check,
        );
        result = rows.slice(0, 5).join('; ');
      } catch (err) {
        result = err instanceof Error ? err.message : String(err);
      } finally {
        checker?.close();
      }
      this.integrity = {
        state: result === 'ok' ? 'ok' : 'damaged',
        checkedAt: now.toISOString(),
        result,
        ms: Math.round(performance.now() - started),
      };
      if (this.integrity.state === 'damaged')
        console.error(
          `[lifeline] ${this.path} failed the full integrity check (${result}); no more writes are accepted. ${damageAdvice(this.path, this.opts)}`,
        );
    }
    if (!this.damaged) {
      const newest = listBackups(this.path)[0];
      if (!newest || now.getTime() - Date.parse(newest.takenAt) > DAILY_MS) {
        try {
          takeBackup(this.db, this.path, 'daily', this.opts, now);
        } catch (err) {
          console.error(`[lifeline] ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    this.opts.onChange?.();
  }

  status(): DatabaseStatus {
    const good = newestGoodBackup(this.path, this.opts);
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
    try {
      this.opened.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
