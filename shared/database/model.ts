/** The local store's health and backups, as the console and doctor show them. */
import { z } from 'zod';

export const BACKUP_REASONS = ['before-migration', 'daily', 'on-demand', 'before-restore'] as const;
export const BackupReason = z.enum(BACKUP_REASONS);
export type BackupReason = z.infer<typeof BackupReason>;

export const BackupSummary = z.object({
  /** File name inside the `backups/` folder next to the database. */
  name: z.string(),
  takenAt: z.string(),
  reason: BackupReason,
  sizeBytes: z.number().int(),
  /** Passed integrity_check, application_id and schema checks when it was written. */
  verified: z.boolean(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const IntegrityState = z.enum(['pending', 'ok', 'damaged']);
export type IntegrityState = z.infer<typeof IntegrityState>;

export const DatabaseStatus = z.object({
  path: z.string(),
  /** Damaged (by quick_check at open or the full check after start): read-only, writes refused. */
  damaged: z.boolean(),
  /** What the checks found, in SQLite's words, when damaged. */
  problem: z.string().nullable(),
  /** quick_check at open: 'ok', what it found, or 'skipped' (the file is as this console left it: db/cleanClose.ts). */
  quickCheck: z.object({ result: z.string(), ms: z.number() }),
  /** The full integrity_check run in the background after start. */
  integrity: z.object({
    state: IntegrityState,
    checkedAt: z.string().nullable(),
    result: z.string().nullable(),
    ms: z.number().nullable(),
  }),
  backups: z.array(BackupSummary),
  /** The newest backup that verifies now: what "Restore from backup" puts back. */
  newestGoodBackup: BackupSummary.nullable(),
});
export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

/** A backup's size for people: "840 KB", "133.2 MB". */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}
