/** The team-sync slice of the API contract (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import {
  ConflictResolution,
  ParkedRecord,
  RoundSummary,
  SslMode,
  SyncConflict,
  SyncRefusal,
  SyncStatus,
} from './model';

const Id = z.string().min(1).max(100);

export const syncCalls = {
  'sync:status': define({
    summary:
      'Sync status: online or offline, last successful sync, outbox size, conflicts, progress of a running round.',
    input: z.object({}).strict(),
    output: SyncStatus,
    reads: true,
  }),
  'sync:configure': define({
    summary:
      "Connect this console to the team's central PostgreSQL. url is postgres://USER@HOST:PORT/DATABASE without a password; the password goes to the OS secure storage (desktop) or is held for this session only (browser).",
    input: z
      .object({
        url: z.string().min(1).max(2000),
        sslmode: SslMode.optional(),
        caFile: z.string().min(1).max(4000).nullable().optional(),
        password: z.string().max(1000).optional(),
      })
      .strict(),
    output: SyncStatus,
    changes: ['sync'],
  }),
  'sync:disconnect': define({
    summary: 'Stop syncing and forget the central address and password. Local data stays.',
    input: z.object({}).strict(),
    output: SyncStatus,
    changes: ['sync'],
  }),
  'sync:now': define({
    summary: 'Run one sync round now (push the outbox, then pull), and return its summary.',
    input: z.object({}).strict(),
    output: RoundSummary,
    changes: ['sync'],
  }),
  'sync:conflicts': define({
    summary: 'Conflicts kept for a person to resolve, unresolved first, each with both versions.',
    input: z.object({ includeResolved: z.boolean().optional() }).strict(),
    output: z.object({ conflicts: z.array(SyncConflict) }),
    reads: true,
  }),
  'sync:resolve': define({
    summary:
      "Resolve a conflict: keep 'mine' (this console's version is pushed over central's) or take 'theirs' (central's version replaces the local one).",
    input: z.object({ id: z.string().min(1).max(100), keep: ConflictResolution }).strict(),
    output: SyncConflict,
    changes: ['sync', 'customers', 'catalog', 'playbooks'],
  }),
  'sync:refusals': define({
    summary:
      "Changes made on this console that central refused (for lack of a role, or a record whose owner and content disagree), with central's reason. customerId: only that customer's records; record: only that record (a playbook includes its versions).",
    input: z
      .object({
        customerId: Id.optional(),
        record: z
          .object({ entity: z.string().min(1).max(40), id: Id })
          .strict()
          .optional(),
      })
      .strict(),
    output: z.object({ refusals: z.array(SyncRefusal) }),
    reads: true,
  }),
  'sync:parked': define({
    summary:
      'Rows pulled from central that wait outside their table: an orphan whose parent this console does not hold (it goes in when the parent arrives), or an incident event whose hash chain is broken. Newest first.',
    input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    output: z.object({ parked: z.array(ParkedRecord), total: z.number().int() }),
    reads: true,
  }),
} as const;
