/** How the Database page says why a backup was taken. */
import type { BackupReason } from '../../shared/database/model';
import { assertNever } from '../../shared/util/assertNever';

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
