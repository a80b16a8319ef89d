/**
 * The console's background upkeep of its database file: the full integrity check and,
 * when the file is sound and the newest backup is over a day old, the daily backup. Both
 * read the whole file (an encrypted 500-customer database is ~440 MB: a check and a backup
 * take tens of seconds), so the console runs them on a worker thread
 * (maintenanceWorker.ts) with connections of their own, and its back end keeps answering
 * meanwhile. Each reads one snapshot of the file while the console goes on writing (WAL).
 */
import { LifelineError } from '../../../shared/api/result';
import { type BackupVerdict, checkNewestBackups, DAILY_MS, listBackups, takeBackup } from './backup';
import { connectFile, type Db, type OpenOptions } from './driver';
import { DatabaseKey } from './key';

export interface MaintenanceResult {
  /** integrity_check's first findings joined ('ok' when sound), or why it could not run. */
  readonly integrity: { readonly result: string; readonly ms: number };
  /** The daily backup: taken, not due, or what went wrong (a damaged file gets none). */
  readonly backup: 'taken' | 'not-due' | 'not-taken-damaged' | { readonly error: string };
  /**
   * The backups checked newest first until a good one (quick_check), for the console's
   * "newest good backup": its thread adopts them instead of reading each copy itself.
   */
  readonly backups: readonly BackupVerdict[];
}

function integrityCheck(path: string, opts: OpenOptions): MaintenanceResult['integrity'] {
  const started = performance.now();
  let result: string;
  let checker: Db | undefined;
  try {
    checker = connectFile(path, opts, true);
    const rows = (checker.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    result = rows.slice(0, 5).join('; ');
  } catch (err) {
    result = err instanceof Error ? err.message : String(err);
  } finally {
    checker?.close();
  }
  return { result, ms: Math.round(performance.now() - started) };
}

/** The daily backup, taken from a read-only connection of its own (VACUUM INTO reads one snapshot). */
function dailyBackup(path: string, opts: OpenOptions, now: Date): MaintenanceResult['backup'] {
  const newest = listBackups(path)[0];
  if (newest && now.getTime() - Date.parse(newest.takenAt) <= DAILY_MS) return 'not-due';
  let reader: Db | undefined;
  try {
    reader = connectFile(path, opts, true);
    takeBackup(reader, path, 'daily', opts, now);
    return 'taken';
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    reader?.close();
  }
}

/**
 * The integrity check, then the daily backup if the file is sound (and `alreadyDamaged` is
 * false: quick_check at open found nothing), then the backups checked until a good one.
 * Never throws: what failed is in the result.
 */
export function runMaintenance(
  path: string,
  opts: OpenOptions,
  now: Date,
  alreadyDamaged = false,
): MaintenanceResult {
  const integrity = alreadyDamaged ? null : integrityCheck(path, opts);
  const sound = integrity !== null && integrity.result === 'ok';
  const backup = sound ? dailyBackup(path, opts, now) : 'not-taken-damaged';
  let backups: BackupVerdict[] = [];
  try {
    backups = checkNewestBackups(path, opts);
  } catch (err) {
    console.error(
      `[lifeline] the backups could not be checked: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return {
    integrity: integrity ?? { result: 'not run: the file failed quick_check at open', ms: 0 },
    backup,
    backups,
  };
}

/** What the worker is given: plain data (a key travels as its hex digits, within the process). */
export interface MaintenanceRequest {
  readonly path: string;
  readonly keyHex: string | null;
  readonly nativeBinding?: string;
  readonly packaged: boolean;
  readonly now: string;
}

export function maintenanceRequest(path: string, opts: OpenOptions, now: Date): MaintenanceRequest {
  return {
    path,
    keyHex: opts.key ? opts.key.revealHex() : null,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    packaged: opts.packaged === true,
    now: now.toISOString(),
  };
}

/** The request back into open options, or why its key is unusable. */
export function requestOptions(req: MaintenanceRequest): OpenOptions | string {
  let key: DatabaseKey | null = null;
  try {
    key = req.keyHex === null ? null : DatabaseKey.fromHex(req.keyHex, 'The console');
  } catch (err) {
    return err instanceof LifelineError ? err.message : String(err);
  }
  return {
    key,
    packaged: req.packaged,
    ...(req.nativeBinding ? { nativeBinding: req.nativeBinding } : {}),
  };
}

/** The worker's side: the request back into options, then the same work as in-thread. */
export function runMaintenanceRequest(req: MaintenanceRequest): MaintenanceResult {
  const opts = requestOptions(req);
  if (typeof opts === 'string')
    return { integrity: { result: opts, ms: 0 }, backup: { error: opts }, backups: [] };
  return runMaintenance(req.path, opts, new Date(req.now));
}
