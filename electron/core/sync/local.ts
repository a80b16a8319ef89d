/**
 * The console's side of sync, all in SQLite: reading the outbox, applying what central sent
 * (in batches, one transaction each), recording push results, conflicts and purges.
 * Nothing here talks to the network; round.ts does, between these synchronous steps, so
 * the UI's calls run between batches.
 */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { LifelineError } from '../../../shared/api/result';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { ConflictResolution, SyncConflict } from '../../../shared/sync/model';
import { type Db, PAGE_CACHE_KIB } from '../db/database';
import { foreignKeysOf } from '../db/orphans';
import { cachedByShape, untilChanged } from '../db/statements';
import { forgetLog, loadEventsOf, recomputeIncident, withoutWaitingForDisk } from '../incidents/log';
import { rebuildAddressIndex, rebuildSearchIndex, withoutIndexTriggers } from '../search/order';
import { admitIncomingEvent, anyChainParked, holdBackBrokenEvent } from './chainCheck';
import {
  CUSTOMER_COLUMN_TABLES,
  cached,
  entityNamed,
  ownerOf,
  SYNC_ENTITIES,
  type SyncEntity,
  tableColumns,
} from './entities';
import {
  type IncomingRow,
  orphansPossible,
  parkOrphan,
  plannedOrphan,
  planOrphans,
  retryParked,
  rowKey,
  settleOrphans,
  withoutLocalOnly,
} from './parking';
import { stampsWritten } from './stamps';

// ---- state ------------------------------------------------------------------------------

export function getState(db: Db, key: string): string | null {
  const row = cached(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row?.value ?? null;
}

export function setState(db: Db, key: string, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
  else
    db.prepare(
      'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
}

/** Where the pull has reached: central's (transaction id, sequence) of the last row applied. */
export interface Cursor {
  readonly txid: string;
  readonly seq: string;
}

export const START: Cursor = { txid: '0', seq: '0' };

export function getCursor(db: Db): Cursor {
  const raw = getState(db, 'cursor');
  if (!raw) return START;
  const [txid = '0', seq = '0'] = raw.split(':');
  return { txid, seq };
}

/**
 * A different central (another instance id) means this copy's revisions and cursor mean
 * nothing there: start over, and queue everything held here to be pushed to it.
 */
export function adoptCentral(db: Db, instanceId: string): boolean {
  const known = getState(db, 'central_instance');
  if (known === instanceId) return false;
  db.transaction(() => {
    if (known !== null) {
      db.prepare('DELETE FROM sync_rows').run();
      db.prepare('DELETE FROM sync_customers').run();
      setState(db, 'cursor', null);
      for (const e of SYNC_ENTITIES) {
        const where =
          e.table === 'handovers'
            ? ' WHERE submitted_at IS NOT NULL'
            : e.table === 'incident_reviews'
              ? ' WHERE published_at IS NOT NULL'
              : '';
        db.prepare(
          `INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
           SELECT ?, id, lower(hex(randomblob(16))), ? FROM ${e.table}${where}
           ON CONFLICT (entity, row_id) DO NOTHING`,
        ).run(e.entity, new Date().toISOString());
      }
    }
    setState(db, 'central_instance', instanceId);
  })();
  return known !== null;
}

// ---- outbox -----------------------------------------------------------------------------

export interface PushItem {
  readonly entity: string;
  readonly id: string;
  readonly kind: 'doc' | 'append';
  readonly customerId: string | null;
  readonly data: Record<string, unknown>;
  readonly deleted: boolean;
  readonly baseRev: number | null;
  readonly changeId: string;
}

const RANK_SQL = `CASE entity ${SYNC_ENTITIES.map((e, i) => `WHEN '${e.entity}' THEN ${i}`).join(' ')} ELSE 99 END`;

/**
 * The outbox's rows, waiting and parked. Kept until the database changes: a console that
 * has not pushed for a while holds hundreds of thousands, and every screen load asks.
 */
export function outboxSize(db: Db): { waiting: number; parked: number } {
  return untilChanged(db, 'outbox size', () => {
    const total = cached(db, 'SELECT count(*) AS n FROM sync_outbox').get() as { n: number };
    const parked = cached(db, 'SELECT count(*) AS n FROM sync_outbox WHERE parked IS NOT NULL').get() as {
      n: number;
    };
    return { waiting: total.n - parked.n, parked: parked.n };
  });
}

/** Records refused for lack of rights are tried again each round: rights may have changed. */
export function unparkDenied(db: Db): void {
  db.prepare("UPDATE sync_outbox SET parked = NULL WHERE parked = 'denied'").run();
}

function readRow(db: Db, e: SyncEntity, id: string): Record<string, unknown> | null {
  return (
    (cached(db, `SELECT * FROM ${e.table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined) ??
    null
  );
}

/** The next records to push, parents first. */
export function nextPushBatch(db: Db, limit: number): PushItem[] {
  const rows = db
    .prepare(
      `SELECT entity, row_id, change_id FROM sync_outbox WHERE parked IS NULL ORDER BY ${RANK_SQL}, seq LIMIT ?`,
    )
    .all(limit) as OutboxRow[];
  return pushItems(db, rows);
}

/**
 * The outbox rows waiting now, in push order (parents first, then as queued), by their seq:
 * read once per push. Sorting the whole outbox again for each batch made a first push
 * quadratic (390,000 rows: a 0.3 s sort per batch of 500). A second edit of a record keeps
 * its row (and seq) with a new change id, which pushItemsAt reads.
 */
export function pushQueue(db: Db): number[] {
  return db
    .prepare(`SELECT seq FROM sync_outbox WHERE parked IS NULL ORDER BY ${RANK_SQL}, seq`)
    .pluck()
    .all() as number[];
}

/** The push items of these outbox rows (pushQueue's seqs) still waiting, in that order. */
export function pushItemsAt(db: Db, seqs: readonly number[]): PushItem[] {
  const at = cached(db, 'SELECT entity, row_id, change_id FROM sync_outbox WHERE seq = ? AND parked IS NULL');
  const rows: OutboxRow[] = [];
  for (const seq of seqs) {
    const r = at.get(seq) as OutboxRow | undefined;
    if (r) rows.push(r);
  }
  return pushItems(db, rows);
}

interface OutboxRow {
  readonly entity: string;
  readonly row_id: string;
  readonly change_id: string;
}

function pushItems(db: Db, rows: readonly OutboxRow[]): PushItem[] {
  const revOf = cached(db, 'SELECT rev FROM sync_rows WHERE entity = ? AND row_id = ?').pluck();
  const items: PushItem[] = [];
  for (const r of rows) {
    const e = entityNamed(r.entity);
    if (!e) {
      db.prepare('DELETE FROM sync_outbox WHERE entity = ? AND row_id = ?').run(r.entity, r.row_id);
      continue;
    }
    const data = readRow(db, e, r.row_id);
    if (data && e.entity === 'incident_event' && holdBackBrokenEvent(db, r.row_id)) continue;
    const rev = revOf.get(r.entity, r.row_id) as number | undefined;
    items.push({
      entity: e.entity,
      id: r.row_id,
      kind: e.kind,
      customerId: data
        ? ownerOf(db, e, r.row_id)
        : ((db
            .prepare('SELECT customer_id FROM sync_rows WHERE entity = ? AND row_id = ?')
            .pluck()
            .get(r.entity, r.row_id) as string | null | undefined) ?? null),
      data: data ?? { id: r.row_id },
      deleted: data === null || (typeof data.deleted_at === 'string' && data.deleted_at !== ''),
      baseRev: rev ?? null,
      changeId: r.change_id,
    });
  }
  return items;
}

/**
 * What central said of one pushed item: applied; conflict (central moved on since the base
 * revision); denied (a customer this engineer does not look after); refused (central will not
 * take it as it is, with the reason: content and claim disagree, a shared record without the
 * author role, a parent central does not hold yet, no team, an append-only record already
 * there with other content).
 */
export interface PushResult {
  readonly change_id: string;
  readonly status: 'applied' | 'conflict' | 'denied' | 'refused';
  /** Central's words, for the person who sees it beside the record (denied and refused). */
  readonly reason?: string | null;
  readonly rev: string | number | null;
  readonly data: Record<string, unknown> | null;
  readonly deleted: boolean | null;
  readonly updated_by: string | null;
  readonly updated_at: Date | string | null;
  /** Central's stamps: the login that first wrote the record, and when it first arrived. */
  readonly created_by?: string | null;
  readonly received_at?: Date | string | null;
}

export interface PushOutcome {
  applied: number;
  conflicts: number;
  denied: number;
  refused: number;
}

/** Records what central said of each pushed item, in one transaction. */
export function recordPushResults(
  db: Db,
  items: readonly PushItem[],
  results: readonly PushResult[],
  now: Date,
): PushOutcome {
  const out: PushOutcome = { applied: 0, conflicts: 0, denied: 0, refused: 0 };
  const byChange = new Map(results.map((r) => [r.change_id, r]));
  db.transaction(() => {
    for (const item of items) {
      const r = byChange.get(item.changeId);
      if (!r) continue;
      if (r.status === 'applied') {
        out.applied++;
        cached(db, 'DELETE FROM sync_outbox WHERE entity = ? AND row_id = ? AND change_id = ?').run(
          item.entity,
          item.id,
          item.changeId,
        );
        upsertRev(db, item.entity, item.id, item.customerId, Number(r.rev), stampsOf(r));
      } else if (r.status === 'denied' || r.status === 'refused') {
        // Both wait with central's reason and are tried again next round: rights may change,
        // and a parent central did not hold yet may have arrived.
        if (r.status === 'denied') out.denied++;
        else out.refused++;
        cached(
          db,
          "UPDATE sync_outbox SET parked = 'denied', reason = ? WHERE entity = ? AND row_id = ?",
        ).run(r.reason ?? null, item.entity, item.id);
      } else {
        out.conflicts++;
        cached(db, "UPDATE sync_outbox SET parked = 'conflict' WHERE entity = ? AND row_id = ?").run(
          item.entity,
          item.id,
        );
        keepConflict(db, {
          entity: item.entity,
          rowId: item.id,
          customerId: item.customerId,
          reason:
            item.entity === 'playbook_version'
              ? `Version ${String(item.data.number)} of this playbook was also saved on another console.`
              : 'Changed here and at central since this console last synced it.',
          mine: item.deleted ? null : item.data,
          theirs: r.deleted ? null : r.data,
          theirsRev: Number(r.rev),
          theirsBy: r.updated_by,
          theirsAt: r.updated_at === null ? null : new Date(r.updated_at).toISOString(),
          now,
        });
      }
    }
  })();
  return out;
}

/** Who central says wrote a record (its login role) and when it reached central. */
interface CentralStamps {
  readonly writtenBy: string | null;
  readonly receivedAt: string | null;
}

function stampsOf(r: {
  readonly created_by?: string | null;
  readonly received_at?: Date | string | null;
}): CentralStamps {
  return {
    writtenBy: r.created_by ?? null,
    receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
  };
}

function upsertRev(
  db: Db,
  entity: string,
  id: string,
  customerId: string | null,
  rev: number,
  stamps?: CentralStamps,
): void {
  // Without stamps (a conflict resolved here) the ones central gave last are kept.
  cached(
    db,
    `INSERT INTO sync_rows (entity, row_id, customer_id, rev, written_by, received_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (entity, row_id) DO UPDATE SET rev = excluded.rev, customer_id = excluded.customer_id,
       written_by = coalesce(excluded.written_by, written_by), received_at = coalesce(excluded.received_at, received_at)`,
  ).run(entity, id, customerId, rev, stamps?.writtenBy ?? null, stamps?.receivedAt ?? null);
  if (stamps?.writtenBy != null || stamps?.receivedAt != null) stampsWritten(db);
}

// ---- conflicts ---------------------------------------------------------------------------

interface ConflictDraft {
  readonly entity: string;
  readonly rowId: string;
  readonly customerId: string | null;
  readonly reason: string;
  readonly mine: Record<string, unknown> | null;
  readonly theirs: Record<string, unknown> | null;
  readonly theirsRev: number;
  readonly theirsBy: string | null;
  readonly theirsAt: string | null;
  readonly now: Date;
}

function keepConflict(db: Db, c: ConflictDraft): void {
  const open = db
    .prepare('SELECT id FROM sync_conflicts WHERE entity = ? AND row_id = ? AND resolved_at IS NULL')
    .pluck()
    .get(c.entity, c.rowId) as string | undefined;
  const json = (v: Record<string, unknown> | null) => (v === null ? null : JSON.stringify(v));
  if (open) {
    db.prepare(
      'UPDATE sync_conflicts SET mine = ?, theirs = ?, theirs_rev = ?, theirs_by = ?, theirs_at = ?, reason = ? WHERE id = ?',
    ).run(json(c.mine), json(c.theirs), c.theirsRev, c.theirsBy, c.theirsAt, c.reason, open);
    return;
  }
  db.prepare(
    `INSERT INTO sync_conflicts (id, entity, row_id, customer_id, reason, mine, theirs, theirs_rev, theirs_by, theirs_at, detected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    uuidv7(c.now.getTime()),
    c.entity,
    c.rowId,
    c.customerId,
    c.reason,
    json(c.mine),
    json(c.theirs),
    c.theirsRev,
    c.theirsBy,
    c.theirsAt,
    c.now.toISOString(),
  );
}

interface ConflictRow {
  id: string;
  entity: string;
  row_id: string;
  customer_id: string | null;
  reason: string;
  mine: string | null;
  theirs: string | null;
  theirs_rev: number;
  theirs_by: string | null;
  theirs_at: string | null;
  detected_at: string;
  resolved_at: string | null;
  resolution: ConflictResolution | null;
  resolved_by: string | null;
}

const IGNORED_FIELDS = new Set(['updated_at', 'version']);

export function labelOf(
  db: Db,
  entity: string,
  data: Record<string, unknown> | null,
  customerId: string | null,
): string {
  const e = entityNamed(entity);
  const noun = e?.noun ?? entity;
  const name = data ? (data.name ?? data.title ?? data.contract_number ?? data.id) : null;
  const owner = customerId
    ? (db.prepare('SELECT code FROM customers WHERE id = ?').pluck().get(customerId) as string | undefined)
    : undefined;
  const code =
    entity === 'customer' && data && typeof data.code === 'string'
      ? ` (${data.code})`
      : owner && entity !== 'customer'
        ? ` (${owner})`
        : '';
  return `${noun} ${typeof name === 'string' ? name : ''}${code}`.replace(/\s+/g, ' ').trim();
}

function toConflict(db: Db, r: ConflictRow): SyncConflict {
  const mine = r.mine === null ? null : (JSON.parse(r.mine) as Record<string, unknown>);
  const theirs = r.theirs === null ? null : (JSON.parse(r.theirs) as Record<string, unknown>);
  const keys = new Set([...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {})]);
  const fields = [...keys].filter(
    (k) =>
      !IGNORED_FIELDS.has(k) && JSON.stringify(mine?.[k] ?? null) !== JSON.stringify(theirs?.[k] ?? null),
  );
  return {
    id: r.id,
    entity: r.entity,
    rowId: r.row_id,
    label: labelOf(db, r.entity, mine ?? theirs, r.customer_id),
    customerId: r.customer_id,
    reason: r.reason,
    mine,
    theirs,
    fields,
    theirsBy: r.theirs_by,
    theirsAt: r.theirs_at,
    detectedAt: r.detected_at,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
    resolvedBy: r.resolved_by,
  };
}

export function listConflicts(db: Db, includeResolved: boolean): SyncConflict[] {
  const rows = db
    .prepare(
      `SELECT * FROM sync_conflicts ${includeResolved ? '' : 'WHERE resolved_at IS NULL'}
        ORDER BY resolved_at IS NOT NULL, detected_at DESC LIMIT 500`,
    )
    .all() as ConflictRow[];
  return rows.map((r) => toConflict(db, r));
}

export function openConflictCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL').pluck().get() as number;
}

/**
 * 'theirs': central's version replaces the local one (not queued back). 'mine': the local
 * version becomes the next push, based on central's revision, so it wins on purpose.
 */
export function resolveConflict(
  db: Db,
  id: string,
  keep: ConflictResolution,
  who: string,
  now: Date,
): SyncConflict {
  const row = db.prepare('SELECT * FROM sync_conflicts WHERE id = ?').get(id) as ConflictRow | undefined;
  if (!row)
    throw new LifelineError(
      'NOT_FOUND',
      `There is no conflict ${id}. It may have been resolved on another screen; reload.`,
    );
  if (row.resolved_at !== null) {
    throw new LifelineError(
      'CONFLICT',
      `This conflict was already resolved (${row.resolution}) by ${row.resolved_by} at ${row.resolved_at}.`,
    );
  }
  const e = entityNamed(row.entity);
  if (!e)
    throw new LifelineError(
      'VALIDATION',
      `This console does not know records of kind ${row.entity}; update Lifeline.`,
    );
  db.transaction(() => {
    if (row.entity === 'playbook_version') {
      resolveVersionClash(db, row, keep);
    } else if (keep === 'theirs') {
      const theirs = row.theirs === null ? null : (JSON.parse(row.theirs) as Record<string, unknown>);
      withApplying(db, () => {
        if (theirs === null) tombstone(db, e, row.row_id, now);
        else {
          try {
            writeRow(db, e, theirs);
          } catch (err) {
            throw new LifelineError(
              'CONFLICT',
              `Central's version cannot be stored here: ${(err as Error).message}. Rename or delete the local record it collides with, then try again.`,
            );
          }
        }
      });
      db.prepare('DELETE FROM sync_outbox WHERE entity = ? AND row_id = ?').run(row.entity, row.row_id);
    } else {
      db.prepare('UPDATE sync_outbox SET parked = NULL WHERE entity = ? AND row_id = ?').run(
        row.entity,
        row.row_id,
      );
    }
    if (row.entity !== 'playbook_version')
      upsertRev(db, row.entity, row.row_id, row.customer_id, row.theirs_rev);
    db.prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ?, resolved_by = ? WHERE id = ?').run(
      now.toISOString(),
      keep,
      who,
      id,
    );
  })();
  return toConflict(db, db.prepare('SELECT * FROM sync_conflicts WHERE id = ?').get(id) as ConflictRow);
}

// ---- applying central's rows ---------------------------------------------------------------

export interface CentralRow extends IncomingRow {
  readonly updated_by?: string;
  readonly updated_at?: Date | string;
  readonly created_by?: string;
  readonly received_at?: Date | string;
  readonly txid: string;
  readonly seq: string;
}

/**
 * Rows written here on central's behalf are not queued back to it: the trigger that fills the
 * outbox skips while this key exists, and it exists only inside the applying transaction.
 */
function withApplying<T>(db: Db, fn: () => T): T {
  cached(db, "INSERT INTO sync_state (key, value) VALUES ('applying', '1')").run();
  try {
    return fn();
  } finally {
    cached(db, "DELETE FROM sync_state WHERE key = 'applying'").run();
  }
}

const columnCache = new WeakMap<Db, Map<string, ReadonlySet<string>>>();
function columnsOf(db: Db, table: string): ReadonlySet<string> {
  let byTable = columnCache.get(db);
  if (!byTable) {
    byTable = new Map();
    columnCache.set(db, byTable);
  }
  let cols = byTable.get(table);
  if (!cols) {
    cols = tableColumns(db, table);
    byTable.set(table, cols);
  }
  return cols;
}

function storable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/**
 * The insert for one table and column list, prepared once per connection and found again by
 * the list (db/statements.ts, cachedByShape).
 */
function writer(db: Db, e: SyncEntity, names: readonly string[]): Statement<unknown[]> {
  return cachedByShape(db, `${e.table}\u0000${names.join('\u0000')}`, () => {
    const list = names.map((n) => `"${n}"`).join(', ');
    const marks = names.map(() => '?').join(', ');
    const updates = names.filter((n) => n !== 'id').map((n) => `"${n}" = excluded."${n}"`);
    return e.kind === 'append'
      ? `INSERT OR IGNORE INTO ${e.table} (${list}) VALUES (${marks})`
      : `INSERT INTO ${e.table} (${list}) VALUES (${marks})
         ON CONFLICT (id) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  });
}

/** Upserts a document, or inserts an append-only record once. */
function writeRow(db: Db, e: SyncEntity, data: Record<string, unknown>): boolean {
  const cols = columnsOf(db, e.table);
  const names = Object.keys(data).filter((k) => cols.has(k));
  if (!names.includes('id')) return false;
  return writer(db, e, names).run(...names.map((k) => storable(data[k]))).changes > 0;
}

interface VersionRow {
  readonly id: string;
  readonly playbook_id: string;
  readonly number: number;
}

/**
 * Central's playbook version has a number this console already used for its own version
 * (both saved offline). Kept as one conflict on our version, whose push central refuses
 * too; nothing is dropped silently. Returns whether a new conflict was recorded.
 */
function versionClash(db: Db, row: CentralRow, rev: number, now: Date): boolean {
  if (row.entity !== 'playbook_version') return false;
  const mine = cached(db, 'SELECT * FROM playbook_versions WHERE playbook_id = ? AND number = ?').get(
    row.data.playbook_id,
    row.data.number,
  ) as (VersionRow & Record<string, unknown>) | undefined;
  if (!mine) return false;
  const parked = cached(db, 'SELECT parked FROM sync_outbox WHERE entity = ? AND row_id = ?')
    .pluck()
    .get('playbook_version', mine.id) as string | null | undefined;
  if (parked === 'conflict') return false;
  cached(db, "UPDATE sync_outbox SET parked = 'conflict' WHERE entity = ? AND row_id = ?").run(
    'playbook_version',
    mine.id,
  );
  keepConflict(db, {
    entity: 'playbook_version',
    rowId: mine.id,
    customerId: null,
    reason: `Version ${mine.number} of this playbook was also saved on another console.`,
    mine,
    theirs: row.data,
    theirsRev: rev,
    theirsBy: row.updated_by ?? null,
    theirsAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
    now,
  });
  return true;
}

/**
 * Resolving two playbook versions with one number. 'theirs': central's version takes the
 * number here and ours is withdrawn. 'mine': ours moves to the next free number and becomes
 * the playbook's current version; central's keeps the number. Either way every console ends
 * with the same numbered history.
 */
function resolveVersionClash(db: Db, row: ConflictRow, keep: ConflictResolution): void {
  const theirs = row.theirs === null ? null : (JSON.parse(row.theirs) as Record<string, unknown>);
  const mine = cached(db, 'SELECT * FROM playbook_versions WHERE id = ?').get(row.row_id) as
    | VersionRow
    | undefined;
  const e = entityNamed('playbook_version');
  if (!e) return;
  if (keep === 'theirs') {
    withApplying(db, () => {
      if (mine) cached(db, 'DELETE FROM playbook_versions WHERE id = ?').run(mine.id);
      if (theirs) writeRow(db, e, theirs);
    });
    cached(db, 'DELETE FROM sync_outbox WHERE entity = ? AND row_id = ?').run('playbook_version', row.row_id);
  } else if (mine) {
    const next =
      ((cached(db, 'SELECT max(number) FROM playbook_versions WHERE playbook_id = ?')
        .pluck()
        .get(mine.playbook_id) as number | null) ?? 0) + 1;
    withApplying(db, () => {
      cached(db, 'UPDATE playbook_versions SET number = ? WHERE id = ?').run(next, mine.id);
      if (theirs) writeRow(db, e, theirs);
    });
    // Queued as a record like any other save: our version and the playbook now pointing at it.
    cached(db, 'UPDATE sync_outbox SET parked = NULL WHERE entity = ? AND row_id = ?').run(
      'playbook_version',
      mine.id,
    );
    cached(db, 'UPDATE playbooks SET current_version = ? WHERE id = ? AND current_version = ?').run(
      next,
      mine.playbook_id,
      mine.number,
    );
  }
  if (theirs && typeof theirs.id === 'string')
    upsertRev(db, 'playbook_version', theirs.id, null, row.theirs_rev);
}

function tombstone(db: Db, e: SyncEntity, id: string, now: Date): void {
  const cols = columnsOf(db, e.table);
  if (!cols.has('deleted_at')) return;
  db.prepare(`UPDATE ${e.table} SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?`).run(
    now.toISOString(),
    id,
  );
}

/**
 * The revisions this console holds of a batch's records, by rowKey(entity, id): one statement
 * over the batch's keys instead of a lookup per row (25,000 in a first pull's batch).
 */
function revisionsHeld(db: Db, rows: readonly CentralRow[]): Map<string, number> {
  const keys = JSON.stringify(rows.map((r) => [r.entity, r.id]));
  const held = cached(
    db,
    `SELECT s.entity, s.row_id, s.rev FROM json_each(?) k
       CROSS JOIN sync_rows s ON s.entity = k.value ->> 0 AND s.row_id = k.value ->> 1`,
  ).all(keys) as Array<{ entity: string; row_id: string; rev: number }>;
  return new Map(held.map((h) => [rowKey(h.entity, h.row_id), h.rev]));
}

export interface ApplyOutcome {
  applied: number;
  skipped: number;
  conflicts: number;
  /** Rows kept aside because they name a parent this console does not hold (parking.ts). */
  parked: number;
  /** Parked rows whose parent arrived, now in. */
  unparked: number;
  domains: Set<string>;
}

const DOMAIN_OF: Readonly<Record<string, string>> = {
  vendor: 'catalog',
  customer: 'customers',
  playbook: 'playbooks',
  playbook_version: 'playbooks',
  overlay: 'playbooks',
  incident: 'incidents',
  incident_event: 'incidents',
  review: 'incidents',
  handover: 'handover',
  handover_event: 'handover',
  change: 'catalog',
};

/**
 * Applies one batch of central's rows in one transaction, with the cursor moving in the
 * same transaction: a crash leaves either the batch and its cursor, or neither.
 * Foreign keys are checked at commit (deferred): rows arrive in central's commit order, which
 * may put a child before a parent changed later. A row whose parent this console does not
 * hold (a customer another team owns) is parked, never inserted; see parking.ts.
 */
export function applyBatch(
  db: Db,
  rows: readonly CentralRow[],
  cursor: Cursor | null,
  now: Date,
  firstPull = false,
): ApplyOutcome {
  const out: ApplyOutcome = {
    applied: 0,
    skipped: 0,
    conflicts: 0,
    parked: 0,
    unparked: 0,
    domains: new Set(),
  };
  const pendingOf = cached(db, 'SELECT parked FROM sync_outbox WHERE entity = ? AND row_id = ?').pluck();
  const incidents = new Set<string>();
  const newCustomers: string[] = [];
  const tables = new Set<string>();
  const apply = () => {
    {
      db.pragma('defer_foreign_keys = ON');
      const coming = new Map<string, string[]>();
      const plan = planOrphans(db, rows, coming);
      // Read for the whole batch at once, in its transaction: each record comes once in a batch.
      const revs = revisionsHeld(db, rows);
      const anyPending = cached(db, 'SELECT EXISTS (SELECT 1 FROM sync_outbox)').pluck().get() === 1;
      const chainParked = anyChainParked(db);
      // What the batch leaves held, and whether it took a held row out: orphansPossible.
      const written = new Set<string>();
      let removed = false;
      withApplying(db, () => {
        for (const row of rows) {
          const e = entityNamed(row.entity);
          const rev = Number(row.rev);
          if (!e) {
            out.skipped++;
            continue;
          }
          const have = revs.get(rowKey(row.entity, row.id));
          if (have !== undefined && have >= rev) {
            out.skipped++;
            continue;
          }
          const pending = anyPending
            ? (pendingOf.get(row.entity, row.id) as string | null | undefined)
            : undefined;
          if (pending !== undefined && e.kind === 'doc') {
            // A local edit not yet accepted by central: keep it; the push reports the conflict.
            if (pending === 'conflict') {
              const mine = readRow(db, e, row.id);
              keepConflict(db, {
                entity: row.entity,
                rowId: row.id,
                customerId: row.customer_id,
                reason: 'Changed here and at central since this console last synced it.',
                mine: mine && !mine.deleted_at ? mine : null,
                theirs: row.deleted ? null : row.data,
                theirsRev: rev,
                theirsBy: row.updated_by ?? null,
                theirsAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
                now,
              });
            }
            out.skipped++;
            continue;
          }
          tables.add(e.table);
          const orphan = plannedOrphan(plan, row);
          if (orphan) {
            removed = true;
            if (parkOrphan(db, e, row, orphan, now)) out.parked++;
            continue;
          }
          // An incident event whose hash chain does not hold is parked, never merged (chainCheck.ts).
          const data =
            e.entity === 'incident_event' ? admitIncomingEvent(db, row, now, chainParked) : row.data;
          if (data === null) {
            out.skipped++;
            continue;
          }
          const existed = e.entity === 'customer' && readRow(db, e, row.id) !== null;
          try {
            if (row.deleted && e.kind === 'doc' && row.data.deleted_at == null) {
              if (readRow(db, e, row.id)) tombstone(db, e, row.id, now);
            } else if (row.deleted && e.kind === 'append') {
              // A withdrawn record (a playbook version resolved away): nothing to add.
            } else if (
              !writeRow(db, e, withoutLocalOnly(db, e, data)) &&
              e.kind === 'append' &&
              !readRow(db, e, row.id)
            ) {
              if (versionClash(db, row, rev, now)) out.conflicts++;
              out.skipped++;
              continue;
            }
          } catch (err) {
            // A record that collides with one made here (same customer code, say): kept for a person.
            out.conflicts++;
            keepConflict(db, {
              entity: row.entity,
              rowId: row.id,
              customerId: row.customer_id,
              reason: `Central has this record, but it collides with one made on this console (${(err as Error).message}).`,
              mine: null,
              theirs: row.data,
              theirsRev: rev,
              theirsBy: row.updated_by ?? null,
              theirsAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
              now,
            });
            continue;
          }
          upsertRev(db, row.entity, row.id, row.customer_id, rev, stampsOf(row));
          written.add(rowKey(e.table, row.id));
          out.applied++;
          out.domains.add(DOMAIN_OF[row.entity] ?? 'catalog');
          if (row.entity === 'customer') {
            out.domains.add('catalog');
            if (!existed) newCustomers.push(row.id);
          }
          if (row.entity === 'incident') incidents.add(row.id);
          if (row.entity === 'incident_event' && typeof row.data.incident_id === 'string')
            incidents.add(row.data.incident_id);
        }
        for (const r of retryParked(db, (pe, data) => writeRow(db, pe, data))) {
          out.unparked++;
          const table = entityNamed(r.entity)?.table ?? '';
          tables.add(table);
          written.add(rowKey(table, r.id));
          out.domains.add(DOMAIN_OF[r.entity] ?? 'catalog');
          if (r.entity === 'incident') incidents.add(r.id);
          if (r.entity === 'incident_event' && typeof r.data.incident_id === 'string')
            incidents.add(r.data.incident_id);
        }
        // The commit's deferred foreign key check would refuse an orphan anyway; this keeps it aside instead.
        if (orphansPossible(coming, written, removed))
          out.parked += settleOrphans(db, [...tables].filter(Boolean), now);
        // Assets and contacts that arrived before their customer get its code and name in search
        // (a first pull builds the whole index at its end instead).
        if (!firstPull)
          for (const id of newCustomers) cached(db, 'UPDATE customers SET code = code WHERE id = ?').run(id);
        // An incident whose first events are still on their way waits for them.
        const ready = db
          .prepare(
            'SELECT 1 FROM incidents i WHERE i.id = ? AND EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id)',
          )
          .pluck();
        // A first pull computes every incident's metrics once, at its end (finishFirstPull).
        if (firstPull) {
          // Noted with the batch, so a pull interrupted after it still computes them.
          const note = cached(db, 'INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, ?)');
          for (const id of incidents) {
            forgetLog(db, id);
            note.run(`${RECOMPUTE_KEY}${id}`, id);
          }
        } else for (const id of incidents) if (ready.get(id)) recomputeIncident(db, id);
        if (cursor) setState(db, 'cursor', `${cursor.txid}:${cursor.seq}`);
      });
    }
  };
  try {
    // A first pull's batches do not wait for the disk: central still has every row, and
    // a batch lost with its cursor to a power cut is pulled again.
    // Nor do they keep the search and address indexes row by row: finishFirstPull builds both.
    if (firstPull) withoutWaitingForDisk(db, () => withoutIndexTriggers(db, apply));
    else db.transaction(apply)();
  } finally {
    // Ends with the transaction anyway; said here so no later statement runs unchecked.
    db.pragma('defer_foreign_keys = OFF');
  }
  return out;
}

// ---- the first pull ----------------------------------------------------------------------

/** sync_state keys of the incidents a first pull wrote, computed at its end. */
const RECOMPUTE_KEY = 'first_pull_incident:';

/**
 * A first pull into a console that has never synced (its cursor at the start) is applied in
 * bulk: its batches commit without waiting for the disk and without checkpoints, and the
 * incident metrics, the search index and the address index are built once at the end
 * instead of row by row (each batch drops their triggers and creates them again before it
 * commits: search/order.ts, withoutIndexTriggers). The 'first_pull'
 * state key says one is under way (set with the first batch, cleared with the end), so a
 * pull interrupted midway resumes the same way and still ends with finishFirstPull.
 */
export function startFirstPull(db: Db): boolean {
  if (getState(db, 'first_pull') === null) {
    const cursor = getCursor(db);
    if (cursor.txid !== START.txid || cursor.seq !== START.seq) return false;
    db.transaction(() => {
      setState(db, 'first_pull', new Date().toISOString());
      if (SYNC_ENTITIES.every((e) => !cached(db, `SELECT 1 FROM ${e.table} LIMIT 1`).get()))
        dropLookupIndexes(db);
    })();
  }
  db.pragma('wal_autocheckpoint = 0');
  // A batch touches more pages than the connection's cache holds: 256 MB while the pull
  // runs. Records arrive in push order, not id order, so every batch writes all over each
  // table's id index; with 64 MB those pages were read back (and decrypted) again and again.
  db.pragma(`cache_size = ${FIRST_PULL_CACHE_KIB}`);
  return true;
}

/** sync_state keys of the indexes a first pull into an empty console dropped, with their SQL. */
const DROPPED_INDEX_KEY = 'first_pull_index:';

/**
 * A first pull into an empty console (no synced table holds a row) drops the lookup indexes
 * of the synced tables, and finishFirstPull creates them again once, from the tables: one
 * sort per index instead of a B-tree insert per row into pages all over the index, each
 * batch's commit rewriting every page it touched. Their SQL is kept in sync_state in the
 * same transaction, so a pull interrupted midway still ends with every index.
 * Kept: unique indexes (they refuse what would collide, as today: a conflict, not a failed
 * CREATE at the end), and for each foreign key column the narrowest whole-table index led
 * by it (the deferred foreign key checks, the orphan plan and the hash-chain check look rows
 * up by it; without one, each parent written while a child waits would scan the whole child
 * table). A second index led by the same column goes: incident_events keeps (incident_id,
 * device), which the chain check reads, and drops (incident_id, at, id) until the end, one
 * B-tree insert fewer for each of a pull's events.
 */
function dropLookupIndexes(db: Db): void {
  // sync_rows too: a row per record pulled, its customer index used only by purges.
  for (const table of [...SYNC_ENTITIES.map((e) => e.table), 'sync_rows']) {
    const keyed = new Set(foreignKeysOf(db, table).map((k) => k.from));
    const indexes = db
      .prepare(
        `SELECT l.name, m.sql FROM pragma_index_list(?) l JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name
          WHERE l."unique" = 0 AND l.origin = 'c' AND m.sql IS NOT NULL`,
      )
      .all(table) as Array<{ name: string; sql: string }>;
    const shaped = indexes.map((ix) => {
      const columns = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(ix.name);
      return { ...ix, lead: columns[0], width: columns.length };
    });
    // Per foreign key column, the narrowest whole-table index led by it stays (ties: by name).
    const kept = new Map<string, { name: string; width: number }>();
    for (const ix of [...shaped].sort((a, b) => a.name.localeCompare(b.name))) {
      if (typeof ix.lead !== 'string' || !keyed.has(ix.lead) || /\bWHERE\b/i.test(ix.sql)) continue;
      const best = kept.get(ix.lead);
      if (!best || ix.width < best.width) kept.set(ix.lead, ix);
    }
    for (const ix of shaped) {
      if (typeof ix.lead !== 'string') continue;
      // Led by a foreign key column: stays when it is the one kept, or when none is (as before).
      const stand = kept.get(ix.lead);
      if (keyed.has(ix.lead) && (!stand || stand.name === ix.name)) continue;
      setState(db, `${DROPPED_INDEX_KEY}${ix.name}`, ix.sql);
      db.exec(`DROP INDEX "${ix.name.replaceAll('"', '""')}"`);
    }
  }
}

/** The indexes dropLookupIndexes took out, created again; inside finishFirstPull's transaction. */
function restoreLookupIndexes(db: Db): void {
  const range = [DROPPED_INDEX_KEY, `${DROPPED_INDEX_KEY}\uffff`];
  const dropped = cached(db, 'SELECT value FROM sync_state WHERE key >= ? AND key < ? ORDER BY key')
    .pluck()
    .all(...range) as string[];
  for (const sql of dropped) db.exec(sql);
  cached(db, 'DELETE FROM sync_state WHERE key >= ? AND key < ?').run(...range);
}

/** Incidents whose logs a first pull's end reads with one statement. */
const RECOMPUTE_CHUNK = 500;

/** Page cache of a first pull, in KiB (negative: SQLite's unit for a size, not pages). */
const FIRST_PULL_CACHE_KIB = -262_144;
/** What the connection had before (openDatabase's), not SQLite's 2 MB: search needs it. */
const DEFAULT_CACHE_KIB = PAGE_CACHE_KIB;

/**
 * Ends a first pull: the search and address indexes built from the tables, every incident's
 * metrics, the state key cleared (a commit that waits for the disk: every batch before it is
 * safe in the WAL with it), then one checkpoint. With `checkpointLater` the checkpoint is
 * the caller's (on a worker thread: db/checkpoint.ts) and this connection does not
 * checkpoint until firstPullCheckpointed says it is done.
 */
export function finishFirstPull(db: Db, checkpointLater = false): void {
  try {
    db.transaction(() => {
      restoreLookupIndexes(db);
      rebuildSearchIndex(db);
      rebuildAddressIndex(db);
      // The incidents the pull wrote; one whose first events are still on their way waits for them, as in a batch.
      const ids = cached(
        db,
        `SELECT s.value FROM sync_state s JOIN incidents i ON i.id = s.value
          WHERE s.key >= ? AND s.key < ? AND i.deleted_at IS NULL
            AND EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id)
          ORDER BY s.value`,
      )
        .pluck()
        .all(RECOMPUTE_KEY, `${RECOMPUTE_KEY}\uffff`) as string[];
      for (let i = 0; i < ids.length; i += RECOMPUTE_CHUNK) {
        const chunk = ids.slice(i, i + RECOMPUTE_CHUNK);
        const logs = loadEventsOf(db, chunk);
        for (const id of chunk) recomputeIncident(db, id, logs.get(id));
      }
      cached(db, 'DELETE FROM sync_state WHERE key >= ? AND key < ?').run(
        RECOMPUTE_KEY,
        `${RECOMPUTE_KEY}\uffff`,
      );
      cached(db, "DELETE FROM sync_state WHERE key = 'first_pull'").run();
    })();
  } finally {
    if (!checkpointLater) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    db.pragma(`cache_size = ${DEFAULT_CACHE_KIB}`);
  }
  if (!checkpointLater) db.pragma('wal_checkpoint(TRUNCATE)');
}

/** SQLite's default: a commit that leaves more WAL pages than this checkpoints them. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * After the first pull's checkpoint ran elsewhere: this connection checkpoints again as
 * usual, and the WAL file (every page of the pull) is emptied, without waiting for anyone
 * (busy_timeout 0: a reader still on it leaves it for a later checkpoint to reuse).
 * What a failed background checkpoint left is copied here.
 */
export function firstPullCheckpointed(db: Db): void {
  if (!db.open) return;
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

/** Leaves a first pull unfinished (an error midway): the next round resumes it. */
export function pauseFirstPull(db: Db): void {
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  db.pragma(`cache_size = ${DEFAULT_CACHE_KIB}`);
}

// ---- access ------------------------------------------------------------------------------

/** Customers this console holds that central has seen (pushed or pulled). */
export function knownCustomers(db: Db): Set<string> {
  return new Set(
    db.prepare("SELECT row_id FROM sync_rows WHERE entity = 'customer'").pluck().all() as string[],
  );
}

/**
 * Removes customers this engineer may no longer see, with everything under them, their
 * incidents and their local bookkeeping: the console caches only what its engineer may see.
 */
export function purgeCustomers(db: Db, ids: readonly string[], now = new Date()): number {
  if (ids.length === 0) return 0;
  try {
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      // The append-only logs (incident events, change history) allow deletes only under this key.
      cached(db, "INSERT INTO sync_state (key, value) VALUES ('purging', '1')").run();
      withApplying(db, () => {
        db.prepare('CREATE TEMP TABLE IF NOT EXISTS purge_ids (id TEXT PRIMARY KEY)').run();
        db.prepare('DELETE FROM temp.purge_ids').run();
        const add = db.prepare('INSERT OR IGNORE INTO temp.purge_ids (id) VALUES (?)');
        for (const id of ids) add.run(id);
        const gone = db.prepare('CREATE TEMP TABLE IF NOT EXISTS purge_rows (id TEXT PRIMARY KEY)');
        gone.run();
        db.prepare('DELETE FROM temp.purge_rows').run();
        const collect = (sql: string) =>
          db.prepare(`INSERT OR IGNORE INTO temp.purge_rows (id) ${sql}`).run();
        for (const t of CUSTOMER_COLUMN_TABLES) {
          collect(`SELECT id FROM ${t} WHERE customer_id IN (SELECT id FROM temp.purge_ids)`);
        }
        collect('SELECT id FROM temp.purge_ids');
        // A link belongs to its dependent's customer: one from an asset still visible to a purged
        // one is parked below (settleOrphans) and goes back in when access returns.
        collect('SELECT l.id FROM asset_links l WHERE l.from_asset_id IN (SELECT id FROM temp.purge_rows)');
        collect('SELECT e.id FROM incident_events e WHERE e.incident_id IN (SELECT id FROM temp.purge_rows)');
        collect(
          'SELECT r.id FROM incident_reviews r WHERE r.incident_id IN (SELECT id FROM temp.purge_rows)',
        );
        // Their change-log entries too: one left in the outbox would be pushed, once the entry
        // is gone, as an ownerless tombstone that every console pulls.
        collect('SELECT c.id FROM change_log c WHERE c.entity_id IN (SELECT id FROM temp.purge_rows)');
        db.prepare(
          'DELETE FROM run_steps WHERE run_id IN (SELECT run_id FROM playbook_runs WHERE customer_id IN (SELECT id FROM temp.purge_ids))',
        ).run();
        db.prepare('DELETE FROM playbook_runs WHERE customer_id IN (SELECT id FROM temp.purge_ids)').run();
        db.prepare('DELETE FROM asset_addresses WHERE asset_id IN (SELECT id FROM temp.purge_rows)').run();
        for (const t of [
          'incident_reviews',
          'incident_events',
          'incidents',
          'asset_links',
          'overlays',
          'maintenance_windows',
          'support_contracts',
          'contacts',
          'assets',
          'environments',
          'sites',
          'customers',
        ]) {
          db.prepare(`DELETE FROM ${t} WHERE id IN (SELECT id FROM temp.purge_rows)`).run();
        }
        db.prepare(
          'DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_docs WHERE customer_id IN (SELECT id FROM temp.purge_ids))',
        ).run();
        db.prepare('DELETE FROM search_docs WHERE customer_id IN (SELECT id FROM temp.purge_ids)').run();
        db.prepare('DELETE FROM change_log WHERE entity_id IN (SELECT id FROM temp.purge_rows)').run();
        db.prepare('DELETE FROM sync_outbox WHERE row_id IN (SELECT id FROM temp.purge_rows)').run();
        db.prepare(
          'DELETE FROM sync_rows WHERE row_id IN (SELECT id FROM temp.purge_rows) OR customer_id IN (SELECT id FROM temp.purge_ids)',
        ).run();
        db.prepare('DELETE FROM sync_customers WHERE customer_id IN (SELECT id FROM temp.purge_ids)').run();
        db.prepare('DELETE FROM sync_conflicts WHERE customer_id IN (SELECT id FROM temp.purge_ids)').run();
        // Kept-aside rows of those customers, by central's envelope or by what the record names.
        db.prepare(
          `DELETE FROM sync_parked WHERE customer_id IN (SELECT id FROM temp.purge_ids)
              OR json_extract(data, '$.customer_id') IN (SELECT id FROM temp.purge_ids)`,
        ).run();
        settleOrphans(db, null, now);
        db.prepare('DELETE FROM temp.purge_ids').run();
        db.prepare('DELETE FROM temp.purge_rows').run();
      });
      cached(db, "DELETE FROM sync_state WHERE key = 'purging'").run();
    })();
  } finally {
    db.pragma('defer_foreign_keys = OFF');
  }
  return ids.length;
}

/** Central confirmed these customers' local copies current at `at`. */
export function markSynced(db: Db, customerIds: Iterable<string>, at: Date): void {
  const stmt = db.prepare(
    'INSERT INTO sync_customers (customer_id, synced_at) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET synced_at = excluded.synced_at',
  );
  const iso = at.toISOString();
  db.transaction(() => {
    for (const id of customerIds) stmt.run(id, iso);
  })();
}
