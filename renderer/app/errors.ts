/** What to tell the engineer when a call fails: what happened, and what to try. By code, never by message. */
import type { ApiError } from '../../shared/api/result';
import { assertNever } from '../../shared/util/assertNever';

export interface ErrorAdvice {
  readonly title: string;
  readonly detail: string;
  readonly hint: string;
}

export function adviseOn(error: ApiError, doing: string): ErrorAdvice {
  const detail = error.issues?.length
    ? `${error.message} (${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`
    : error.message;
  switch (error.code) {
    case 'UNAVAILABLE':
      return {
        title: `Could not ${doing}: the back end is not reachable`,
        detail,
        hint: 'It may be restarting. Retry in a few seconds; if it keeps failing, restart Lifeline.',
      };
    case 'NOT_FOUND':
      return {
        title: `Could not ${doing}: the record is gone`,
        detail,
        hint: 'It may have been removed by an import. Go back to the list and search again.',
      };
    case 'VALIDATION':
      return {
        title: `Could not ${doing}: the request was refused`,
        detail,
        hint: 'Check the values and retry.',
      };
    case 'CONFLICT':
      return {
        title: `Could not ${doing}: not allowed right now`,
        detail,
        hint: 'The record changed state. Reload it and try again.',
      };
    case 'UNKNOWN_CALL':
      return {
        title: `Could not ${doing}: this back end does not know the request`,
        detail,
        hint: 'The console and back end versions differ. Restart Lifeline so both come from the same build.',
      };
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return {
        title: `Could not ${doing}: access refused`,
        detail,
        hint: 'Open the console with the link printed by `lifeline serve`.',
      };
    case 'DB_FROM_FUTURE':
      return {
        title: `Could not ${doing}: the database is from a newer Lifeline`,
        detail,
        hint: 'Update Lifeline, or open another database. The file was left untouched.',
      };
    case 'NOT_A_DATABASE':
      return {
        title: `Could not ${doing}: the database file is unreadable`,
        detail,
        hint: 'Open another database or restore this one from backup (run `lifeline doctor`).',
      };
    case 'DISK_FULL':
      return {
        title: `Could not ${doing}: the disk is full`,
        detail,
        hint: 'Free space on this computer’s disk (empty the trash, remove large downloads), then try again.',
      };
    case 'DB_DAMAGED':
      return {
        title: `Could not ${doing}: the database is damaged`,
        detail,
        hint: 'Nothing was written. Restore the newest good backup from the notice at the top (or `lifeline restore`).',
      };
    case 'DB_BUSY':
      return {
        title: `Could not ${doing}: another Lifeline process is writing to this database`,
        detail,
        hint: 'Nothing was recorded. Try again in a moment (an import may be running).',
      };
    case 'DB_IN_USE':
      return {
        title: `Could not ${doing}: another console has this database open`,
        detail,
        hint: 'Stop the other console, or open another database.',
      };
    case 'BACKUP_FAILED':
      return {
        title: `Could not ${doing}: the backup failed`,
        detail,
        hint: 'The database itself is unchanged. Free disk space and try again; run `lifeline doctor` if it repeats.',
      };
    case 'WRONG_KEY':
      return {
        title: `Could not ${doing}: the database could not be decrypted`,
        detail,
        hint: 'Restore its key file, or set LIFELINE_DB_KEY to its key. The file was left untouched.',
      };
    case 'INTERNAL':
      return {
        title: `Could not ${doing}: Lifeline hit a bug`,
        detail,
        hint: 'Retry once. If it fails again, note the message for the team and carry on from another screen.',
      };
    default:
      return assertNever(error.code, 'error code');
  }
}
