/**
 * A large WAL checkpointed off the back end's thread. A first pull into a new console writes
 * every page of the file into the WAL (its batches do not checkpoint: sync/local.ts); copying
 * them into the database file is ~0.7 s at 100 customers and seconds at 500, during which a
 * checkpoint on the back end's thread would freeze every call. The pull's last commit waits
 * for the disk, so what it wrote is safe in the WAL before the checkpoint starts: a crash
 * meanwhile loses nothing (the next open replays the WAL).
 *
 * The worker (maintenanceWorker.ts, given `task: 'checkpoint'`) opens a connection of its
 * own and runs a PASSIVE checkpoint: it never blocks the console's writers or readers.
 */
import { Worker } from 'node:worker_threads';
import { connectFile, type Db, type OpenOptions } from './driver';
import { type MaintenanceRequest, maintenanceRequest, requestOptions } from './maintenance';

export interface CheckpointResult {
  /** WAL frames in the log and how many were copied into the database file. */
  readonly log: number;
  readonly checkpointed: number;
  readonly ms: number;
  /** Why it could not run (the WAL stays as it is and a later checkpoint copies it). */
  readonly error?: string;
}

/** A checkpoint that did not run, and why. */
export function checkpointFailed(error: string): CheckpointResult {
  return { log: 0, checkpointed: 0, ms: 0, error };
}

/** PASSIVE: copies what no reader still needs, waits for no one. */
export function checkpointNow(db: Db): CheckpointResult {
  const t0 = performance.now();
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
  return { log: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0, ms: Math.round(performance.now() - t0) };
}

/** The worker's side: a connection of its own for the checkpoint, closed after it. */
export function runCheckpointRequest(req: MaintenanceRequest): CheckpointResult {
  const opts = requestOptions(req);
  if (typeof opts === 'string') return checkpointFailed(opts);
  let db: Db | undefined;
  try {
    db = connectFile(req.path, opts);
    return checkpointNow(db);
  } catch (err) {
    return checkpointFailed(err instanceof Error ? err.message : String(err));
  } finally {
    db?.close();
  }
}

/**
 * Runs the checkpoint on a worker thread from `workerFile`; never rejects. `started` gets
 * the worker, for an owner that stops it when the file is closed or replaced.
 */
export function checkpointOnWorker(
  workerFile: string,
  path: string,
  opts: OpenOptions,
  started?: (worker: Worker) => void,
): Promise<CheckpointResult> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerFile, {
        workerData: { ...maintenanceRequest(path, opts, new Date()), task: 'checkpoint' },
      });
    } catch (err) {
      resolve(checkpointFailed(err instanceof Error ? err.message : String(err)));
      return;
    }
    started?.(worker);
    let answered = false;
    worker.once('message', (r: CheckpointResult) => {
      answered = true;
      resolve(r);
    });
    worker.once('error', (err) => {
      answered = true;
      resolve(checkpointFailed(err.message));
    });
    worker.once('exit', () => {
      if (!answered) resolve(checkpointFailed('the checkpoint worker stopped'));
    });
  });
}
