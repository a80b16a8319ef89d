/** The local store's slice of the API contract: health, backups, restore. */
import { z } from 'zod';
import { define } from '../api/define';
import { BackupSummary, DatabaseStatus } from './model';

export const databaseCalls = {
  'database:status': define({
    summary:
      'Health of the local database (quick_check at open, the full integrity check after start) and its backups, newest first.',
    input: z.object({}).strict(),
    output: DatabaseStatus,
    reads: true,
  }),
  'database:backup': define({
    summary: 'Take a verified backup now (into the backups folder next to the database) and rotate old ones.',
    input: z.object({}).strict(),
    output: BackupSummary,
    changes: ['database'],
  }),
  'database:restore': define({
    summary:
      'Replace the database with one of its backups (by file name; the newest good one when not given). The replaced file is kept beside it as <db>.replaced-<time>.',
    input: z
      .object({
        name: z
          .string()
          .max(200)
          .regex(/^[A-Za-z0-9._-]+\.db$/, 'must be a backup file name from database:status')
          .optional(),
      })
      .strict(),
    output: DatabaseStatus,
    changes: ['database', 'customers', 'catalog', 'settings', 'playbooks', 'incidents', 'handover', 'sync'],
  }),
} as const;
