/**
 * Pulled rows whose parent this console does not hold: central may send a contact under a
 * customer another team owns, or a link to an asset of a customer purged from here. Such a
 * row is never inserted (or, when it was held and now names a missing parent, removed): it
 * is parked in sync_parked with a sentence for a person, and goes in when its parent arrives.
 *
 * A pull decides before writing (planOrphans: a parent is here, or comes in the same batch
 * and is not itself parked), so append-only rows are never inserted and taken out again;
 * then, before commit, foreign_key_check on the touched tables catches what that could not
 * see (a held child of a row that was just removed), so the commit never leaves an orphan.
 */
import type { Db } from '../db/database';
import { childTablesOf, findOrphans, foreignKeysOf } from '../db/orphans';
import { cached, entityNamed, ownerOf, SYNC_ENTITIES, type SyncEntity } from './entities';

/** A row as central sent it, with what parking needs of it. */
export interface IncomingRow {
  readonly entity: string;
  readonly id: string;
  readonly customer_id: string | null;
  readonly data: Record<string, unknown>;
  readonly rev: string | number;
  readonly deleted: boolean;
  readonly updated_by?: string | null;
  readonly updated_at?: Date | string | null;
}

/** The parent a row names and this console does not hold. */
export interface MissingParent {
  readonly column: string;
  readonly table: string;
  readonly value: string;
}

const ENTITY_OF_TABLE = new Map(SYNC_ENTITIES.map((e) => [e.table, e]));

/**
 * Columns that point at a table which never travels (a handover's shift is the writing
 * console's own): another console's value names nothing here, so it is stored as NULL,
 * as a handover imported from a bundle is.
 */
const LOCAL_ONLY: Readonly<Record<string, readonly string[]>> = { handovers: ['shift_id'] };

export function withoutLocalOnly(
  db: Db,
  e: SyncEntity,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const columns = LOCAL_ONLY[e.table];
  if (!columns) return data;
  let out = data;
  for (const column of columns) {
    const value = data[column];
    if (typeof value !== 'string') continue;
    const key = foreignKeysOf(db, e.table).find((k) => k.from === column);
    if (!key) continue;
    const held = cached(db, `SELECT 1 FROM ${key.table} WHERE ${key.to ?? 'id'} = ?`).get(value);
    if (!held) out = { ...out, [column]: null };
  }
  return out;
}

/** How planOrphans and orphansPossible know a row: its table and id. */
export const rowKey = (table: string, id: string) => `${table}\u0000${id}`;

function isHeld(db: Db, table: string, column: string, value: string): boolean {
  return cached(db, `SELECT 1 FROM ${table} WHERE ${column} = ?`).get(value) !== undefined;
}

/**
 * isHeld, remembered for one plan (the tables do not change while it is made): a batch's
 * events name the same incident a dozen times each.
 */
function heldMemo(db: Db): (table: string, column: string, value: string) => boolean {
  const seen = new Map<string, boolean>();
  return (table, column, value) => {
    const k = `${table}\u0000${column}\u0000${value}`;
    let held = seen.get(k);
    if (held === undefined) {
      held = isHeld(db, table, column, value);
      seen.set(k, held);
    }
    return held;
  };
}

function missingParent(
  db: Db,
  e: SyncEntity,
  data: Record<string, unknown>,
  incoming: ReadonlySet<string>,
  leaving: ReadonlySet<string>,
  coming?: string[],
  held: (table: string, column: string, value: string) => boolean = (t, c, v) => isHeld(db, t, c, v),
): MissingParent | null {
  const localOnly = LOCAL_ONLY[e.table];
  for (const key of foreignKeysOf(db, e.table)) {
    if (localOnly?.includes(key.from)) continue;
    const value = data[key.from];
    if (typeof value !== 'string') continue;
    const to = key.to ?? 'id';
    const k = rowKey(key.table, value);
    if (incoming.has(k)) {
      coming?.push(k);
      continue;
    }
    if (!leaving.has(k) && held(key.table, to, value)) continue;
    return { column: key.from, table: key.table, value };
  }
  return null;
}

/**
 * Which rows of a batch name a parent that is neither here nor coming in the same batch
 * (a parent that is itself parked does not count as coming). Keyed by entity and id.
 * `coming` receives, for each row not parked, the parents it counts on from the batch
 * (table and id keys, as rowKey makes them), for orphansPossible.
 */
export function planOrphans(
  db: Db,
  rows: readonly IncomingRow[],
  coming?: Map<string, string[]>,
): Map<string, MissingParent> {
  const parked = new Map<string, MissingParent>();
  const candidates = rows.filter((r) => {
    const e = entityNamed(r.entity);
    return e !== undefined && !(r.deleted && (e.kind === 'append' || r.data.deleted_at == null));
  });
  const incoming = new Set(candidates.map((r) => rowKey(entityNamed(r.entity)?.table ?? '', r.id)));
  const leaving = new Set<string>();
  const held = heldMemo(db);
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of candidates) {
      const e = entityNamed(r.entity);
      const k = rowKey(e?.table ?? '', r.id);
      if (!e || parked.has(rowKey(r.entity, r.id))) continue;
      const counted: string[] = [];
      const missing = missingParent(db, e, r.data, incoming, leaving, counted, held);
      if (!missing) {
        // Each pass sees every row not yet parked, so the last pass leaves the final list.
        if (coming) {
          if (counted.length > 0) coming.set(k, counted);
          else coming.delete(k);
        }
        continue;
      }
      coming?.delete(k);
      parked.set(rowKey(r.entity, r.id), missing);
      incoming.delete(k);
      leaving.add(k);
      changed = true;
    }
  }
  return parked;
}

/**
 * Whether a batch planned with planOrphans can have left an orphan, so that settleOrphans'
 * foreign_key_check (of whole tables, the larger part of a big batch's cost) is needed: yes
 * when a held row was taken out (its children may name it), or when a row went in that
 * counted on a parent from the batch which did not go in (skipped, parked, a conflict).
 * `written`: table and id keys of the batch's rows held after it.
 */
export function orphansPossible(
  coming: ReadonlyMap<string, readonly string[]>,
  written: ReadonlySet<string>,
  removed: boolean,
): boolean {
  if (removed) return true;
  for (const [row, parents] of coming) {
    if (written.has(row) && parents.some((p) => !written.has(p))) return true;
  }
  return false;
}

export function plannedOrphan(
  plan: ReadonlyMap<string, MissingParent>,
  row: IncomingRow,
): MissingParent | undefined {
  return plan.get(rowKey(row.entity, row.id));
}

function nameOf(data: Record<string, unknown>): string | null {
  for (const k of ['name', 'title', 'contract_number', 'type']) {
    const v = data[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

/** For a person: "Contact 'FAKE NOC' names customer 0190…, which this console does not hold". */
export function orphanDetail(e: SyncEntity, data: Record<string, unknown>, missing: MissingParent): string {
  const name = nameOf(data);
  const parent = ENTITY_OF_TABLE.get(missing.table)?.noun.toLowerCase() ?? missing.table;
  return `${e.noun}${name ? ` '${name}'` : ''} names ${parent} ${missing.value}, which this console does not hold`;
}

/** Central's stamps on a row: who wrote it and when it reached central, as central says. */
function stampsOf(row: IncomingRow): { by: string | null; at: string | null } {
  const r = row as IncomingRow & { created_by?: string | null; received_at?: Date | string | null };
  const at = r.received_at ?? r.updated_at ?? null;
  return { by: r.created_by ?? r.updated_by ?? null, at: at === null ? null : new Date(at).toISOString() };
}

/**
 * Keeps a row aside (taking it out of its table if held); a newer revision of the same row
 * replaces an older one. False when the held row cannot leave (a frozen record).
 */
export function parkOrphan(
  db: Db,
  e: SyncEntity,
  row: IncomingRow,
  missing: MissingParent,
  now: Date,
): boolean {
  try {
    removeHeld(db, e, row.id);
  } catch {
    return false;
  }
  keepAside(db, e.entity, row, 'orphan', orphanDetail(e, row.data, missing), now);
  return true;
}

/**
 * Writes a row into sync_parked with central's stamps. A chain break always takes the place
 * (it is never merged, whatever else was kept); an orphan replaces only an older orphan.
 */
export function keepAside(
  db: Db,
  entity: string,
  row: IncomingRow,
  reason: 'orphan' | 'chain',
  detail: string,
  now: Date,
): void {
  const stamps = stampsOf(row);
  cached(
    db,
    `INSERT INTO sync_parked (entity, row_id, customer_id, rev, data, deleted, written_by, received_at, reason, detail, parked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (entity, row_id) DO UPDATE SET
       customer_id = excluded.customer_id, rev = excluded.rev, data = excluded.data, deleted = excluded.deleted,
       written_by = excluded.written_by, received_at = excluded.received_at, reason = excluded.reason,
       detail = excluded.detail, parked_at = excluded.parked_at
     WHERE excluded.reason = 'chain' OR (sync_parked.reason = 'orphan' AND excluded.rev >= sync_parked.rev)`,
  ).run(
    entity,
    row.id,
    row.customer_id,
    Number(row.rev),
    JSON.stringify(row.data),
    row.deleted ? 1 : 0,
    stamps.by,
    stamps.at,
    reason,
    detail,
    now.toISOString(),
  );
}

/**
 * Takes a held row out of its table (it now names a missing parent). The address index has
 * no delete trigger; an incident event leaves only under the 'purging' key (migration 8).
 */
function removeHeld(db: Db, e: SyncEntity, id: string): void {
  if (e.table === 'assets') cached(db, 'DELETE FROM asset_addresses WHERE asset_id = ?').run(id);
  const exists = cached(db, `SELECT 1 FROM ${e.table} WHERE id = ?`).get(id);
  if (exists) {
    const append =
      e.table === 'incident_events' || e.table === 'change_log' || e.table === 'incident_reviews';
    const purging = append && !cached(db, "SELECT 1 FROM sync_state WHERE key = 'purging'").get();
    if (purging) cached(db, "INSERT INTO sync_state (key, value) VALUES ('purging', '1')").run();
    try {
      cached(db, `DELETE FROM ${e.table} WHERE id = ?`).run(id);
    } finally {
      if (purging) cached(db, "DELETE FROM sync_state WHERE key = 'purging'").run();
    }
  }
  cached(db, 'DELETE FROM sync_rows WHERE entity = ? AND row_id = ?').run(e.entity, id);
}

/**
 * Before commit: rows in `tables` (every table when null) that still name a missing parent
 * are parked (synced rows) or dropped (derived rows: the address index, playbook metrics);
 * what pointed at a removed row is checked in turn. Returns how many rows were parked.
 */
export function settleOrphans(db: Db, tables: Iterable<string> | null, now: Date): number {
  let parked = 0;
  let check: Set<string> | null = tables === null ? null : new Set(tables);
  const seen = new Set<string>();
  for (let pass = 0; pass < 8 && (check === null || check.size > 0); pass++) {
    const found = findOrphans(db, check ?? undefined).filter(
      (o) => !seen.has(`${o.table}:${o.rowid}:${o.column}`),
    );
    if (found.length === 0) break;
    const next = new Set<string>();
    for (const o of found) {
      seen.add(`${o.table}:${o.rowid}:${o.column}`);
      const e = ENTITY_OF_TABLE.get(o.table);
      const row =
        o.rowid === null
          ? undefined
          : (db.prepare(`SELECT * FROM ${o.table} WHERE rowid = ?`).get(o.rowid) as
              | Record<string, unknown>
              | undefined);
      if (e && row && typeof row.id === 'string') {
        // A handover names the shift of the console that wrote it: not a parent that travels.
        if ((LOCAL_ONLY[o.table] ?? []).includes(o.column)) continue;
        const rev =
          (cached(db, 'SELECT rev FROM sync_rows WHERE entity = ? AND row_id = ?')
            .pluck()
            .get(e.entity, row.id) as number | undefined) ?? 0;
        const customer = ownerOf(db, e, row.id);
        const moved = parkOrphan(
          db,
          e,
          {
            entity: e.entity,
            id: row.id,
            customer_id: customer,
            data: row,
            rev,
            deleted: row.deleted_at != null,
          },
          { column: o.column, table: o.parent, value: String(o.value) },
          now,
        );
        if (!moved) continue;
        parked++;
      } else if (!e) {
        // A derived row (address index, playbook metrics): rebuilt from what it derives from.
        for (const k of foreignKeysOf(db, o.table)) {
          db.prepare(
            `DELETE FROM ${o.table} WHERE ${k.from} IS NOT NULL AND ${k.from} NOT IN (SELECT ${k.to ?? 'id'} FROM ${k.table})`,
          ).run();
        }
      }
      for (const t of childTablesOf(db, o.table)) next.add(t);
    }
    if (check !== null) check = next;
  }
  return parked;
}

interface ParkedRow {
  entity: string;
  row_id: string;
  customer_id: string | null;
  rev: number;
  data: string;
  deleted: number;
  written_by: string | null;
  received_at: string | null;
}

export interface RetriedRow {
  readonly entity: string;
  readonly id: string;
  readonly data: Record<string, unknown>;
}

/**
 * Parked orphans whose parent is here now go in, parents first; a row central has since
 * sent again (a newer revision is held) is dropped from the list. `write` stores a row as
 * a pull does. Returns the rows that went in.
 */
export function retryParked(
  db: Db,
  write: (e: SyncEntity, data: Record<string, unknown>) => void,
): RetriedRow[] {
  const rows = db.prepare("SELECT * FROM sync_parked WHERE reason = 'orphan'").all() as ParkedRow[];
  if (rows.length === 0) return [];
  const ranked = rows
    .map((r) => ({ r, e: entityNamed(r.entity) }))
    .filter((x): x is { r: ParkedRow; e: NonNullable<typeof x.e> } => x.e !== undefined)
    .sort((a, b) => a.e.rank - b.e.rank);
  const done: RetriedRow[] = [];
  const drop = cached(db, 'DELETE FROM sync_parked WHERE entity = ? AND row_id = ?');
  for (const { r, e } of ranked) {
    const have = cached(db, 'SELECT rev FROM sync_rows WHERE entity = ? AND row_id = ?')
      .pluck()
      .get(r.entity, r.row_id) as number | undefined;
    if (have !== undefined && have >= r.rev) {
      drop.run(r.entity, r.row_id);
      continue;
    }
    const data = JSON.parse(r.data) as Record<string, unknown>;
    if (missingParent(db, e, data, new Set(), new Set())) continue;
    write(e, withoutLocalOnly(db, e, data));
    cached(
      db,
      `INSERT INTO sync_rows (entity, row_id, customer_id, rev, written_by, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, row_id) DO UPDATE SET customer_id = excluded.customer_id, rev = excluded.rev,
         written_by = excluded.written_by, received_at = excluded.received_at`,
    ).run(r.entity, r.row_id, r.customer_id, r.rev, r.written_by, r.received_at);
    drop.run(r.entity, r.row_id);
    done.push({ entity: r.entity, id: r.row_id, data });
  }
  return done;
}
