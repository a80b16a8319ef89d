/**
 * Team sync as the UI sees it: where central is, whether it is reachable, what waits to be
 * pushed, and the conflicts kept for a person to resolve.
 */
import { z } from 'zod';

export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export const SslMode = z.enum(SSL_MODES);
export type SslMode = z.infer<typeof SslMode>;

/** Where this console keeps the central password: never in settings or a plain file. */
export const PASSWORD_STORES = ['os-keychain', 'session', 'environment', 'none'] as const;
export const PasswordStore = z.enum(PASSWORD_STORES);
export type PasswordStore = z.infer<typeof PasswordStore>;

export const CentralConfig = z.object({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  sslmode: SslMode,
  caFile: z.string().nullable(),
});
export type CentralConfig = z.infer<typeof CentralConfig>;

/**
 * not-configured: no central set; idle: last round succeeded; syncing: a round is running;
 * offline: central unreachable (retrying with backoff); denied: central refused this
 * engineer's login or rights; error: any other failure (its message says what to try).
 */
export const SYNC_STATES = ['not-configured', 'idle', 'syncing', 'offline', 'denied', 'error'] as const;
export const SyncState = z.enum(SYNC_STATES);
export type SyncState = z.infer<typeof SyncState>;

export const RoundSummary = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  ms: z.number(),
  pushed: z.number().int(),
  pulled: z.number().int(),
  /** Conflicts found in this round (kept, not overwritten). */
  conflicts: z.number().int(),
  /** Customers removed from this console because this engineer may no longer see them. */
  purgedCustomers: z.number().int(),
  /**
   * Records central denied (not this engineer's customer) or refused with a reason (a shared
   * record without the author role, a parent central does not hold yet, …): kept locally,
   * parked with central's reason and tried again next round.
   */
  denied: z.number().int(),
  /** Pulled rows waiting outside their table when the round ended: they name a parent this console does not hold. */
  parked: z.number().int(),
});
export type RoundSummary = z.infer<typeof RoundSummary>;

export const SyncProgress = z.object({
  phase: z.enum(['push', 'pull']),
  done: z.number().int(),
  /** Rows known to be waiting; for a pull, an estimate from central. */
  total: z.number().int(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncStatus = z.object({
  state: SyncState,
  central: CentralConfig.nullable(),
  passwordStore: PasswordStore,
  online: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** What went wrong in the last round and what to try; null after a success. */
  lastError: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  /** Local records waiting to be pushed. */
  outbox: z.number().int(),
  /** Unresolved conflicts. */
  conflicts: z.number().int(),
  progress: SyncProgress.nullable(),
  lastRound: RoundSummary.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const CONFLICT_RESOLUTIONS = ['mine', 'theirs'] as const;
export const ConflictResolution = z.enum(CONFLICT_RESOLUTIONS);
export type ConflictResolution = z.infer<typeof ConflictResolution>;

/** A record as stored: column name → value. null when that side deleted it. */
export const RecordData = z.record(z.string(), z.unknown()).nullable();

export const SyncConflict = z.object({
  id: z.string(),
  entity: z.string(),
  rowId: z.string(),
  /** What the record is, for a person: "Customer Acme Corp (ACME)", "Asset web01 (ACME)". */
  label: z.string(),
  customerId: z.string().nullable(),
  /** What happened, in a sentence: both edited it, or central has another record with the same name. */
  reason: z.string(),
  mine: RecordData,
  theirs: RecordData,
  /** Columns whose values differ between the two versions. */
  fields: z.array(z.string()),
  theirsBy: z.string().nullable(),
  theirsAt: z.string().nullable(),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: ConflictResolution.nullable(),
  resolvedBy: z.string().nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

/** Why a pulled row waits outside its table: a parent this console does not hold, or a broken hash chain. */
export const PARK_REASONS = ['orphan', 'chain'] as const;
export const ParkReason = z.enum(PARK_REASONS);
export type ParkReason = z.infer<typeof ParkReason>;

/** A row central sent that this console keeps aside (sync_parked), for a person to read. */
export const ParkedRecord = z.object({
  entity: z.string(),
  rowId: z.string(),
  /** What the record is: "Contact FAKE NOC". */
  label: z.string(),
  customerId: z.string().nullable(),
  reason: ParkReason,
  /** The missing parent or the broken link, in a sentence. */
  detail: z.string(),
  parkedAt: z.string(),
  /** Central's stamps: the login role that wrote it, and when it reached central. */
  writtenBy: z.string().nullable(),
  receivedAt: z.string().nullable(),
});
export type ParkedRecord = z.infer<typeof ParkedRecord>;

/** Where a person opens a record: its customer's card, its asset page, a vendor, a playbook, an incident. */
export const RecordPlace = z.object({
  kind: z.enum(['customer', 'asset', 'vendor', 'playbook', 'incident', 'handover']),
  id: z.string(),
});
export type RecordPlace = z.infer<typeof RecordPlace>;

/** A change made here that central refused (parked 'denied' in the outbox), with central's reason. */
export const SyncRefusal = z.object({
  entity: z.string(),
  rowId: z.string(),
  /** What the record is: "Vendor Dell Technologies", "Contact Jo Bloggs (ACME)". */
  label: z.string(),
  /** The customer that owns it; null for shared records (vendors, playbooks). */
  customerId: z.string().nullable(),
  /** Central's words; null when central gave none (an older central). */
  reason: z.string().nullable(),
  /** When the change was made here. */
  since: z.string(),
  /** Where to open it; null when it is no longer on this console. */
  at: RecordPlace.nullable(),
});
export type SyncRefusal = z.infer<typeof SyncRefusal>;
