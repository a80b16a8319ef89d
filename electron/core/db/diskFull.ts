/**
 * A full disk, told apart from a bug: SQLite's SQLITE_FULL (a write that needed a page it
 * could not get; the statement's transaction is rolled back) and Node's ENOSPC (a file
 * written by an export). Both become DISK_FULL, which the console shows as such.
 */
import { LifelineError } from '../../../shared/api/result';

export const DISK_FULL_MESSAGE = 'The disk is full: free space and try again; nothing was recorded.';

export function isDiskFull(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  return err.code === 'SQLITE_FULL' || err.code === 'ENOSPC';
}

/** The LifelineError to answer with when `err` is a full disk; null for anything else. */
export function diskFullError(err: unknown): LifelineError | null {
  return isDiskFull(err) ? new LifelineError('DISK_FULL', DISK_FULL_MESSAGE) : null;
}
