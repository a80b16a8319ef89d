/** How the Database page and the damage notice say sizes and ages. */
import type { BackupReason } from '../../shared/database/model';
import { assertNever } from '../../shared/util/assertNever';

export function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

export function reasonInWords(reason: BackupReason): string {
  switch (reason) {
    case 'before-migration':
      return 'Before an upgrade';
    case 'daily':
      return 'Daily, at start';
    case 'on-demand':
      return 'Backed up by hand';
    case 'before-restore':
      return 'Before a restore';
    default:
      return assertNever(reason, 'backup reason');
  }
}
