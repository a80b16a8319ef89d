/**
 * Rows that name a parent the database does not hold (SQLite's foreign_key_check), said
 * the way a person reads them, and the pulled rows kept aside until their parent arrives
 * (sync_parked). `doctor` reports both; the sync pull uses the same check before it commits.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

// Not database.ts's Db: that file reads this one (doctor), and the layer check refuses cycles.
type Db = Database.Database;

/** One row whose foreign key names nothing. */
export interface OrphanRow {
  readonly table: string;
  /** SQLite's rowid; null for a WITHOUT ROWID table. */
  readonly rowid: number | null;
  /** The row's id column, where the table has one. */
  readonly id: string | null;
  /** The table the missing parent should be in. */
  readonly parent: string;
  /** The column naming it, and the value it names. */
  readonly column: string;
  readonly value: string | number | null;
}

interface ForeignKey {
  readonly id: number;
  readonly from: string;
  readonly table: string;
  readonly to: string | null;
}

const keyCache = new WeakMap<Db, Map<string, readonly ForeignKey[]>>();

/** A table's foreign keys, single-column as all of ours are (read once per database). */
export function foreignKeysOf(db: Db, table: string): readonly ForeignKey[] {
  let byTable = keyCache.get(db);
  if (!byTable) {
    byTable = new Map();
    keyCache.set(db, byTable);
  }
  let keys = byTable.get(table);
  if (!keys) {
    keys = db
      .prepare('SELECT id, "from", "table", "to" FROM pragma_foreign_key_list(?)')
      .all(table) as ForeignKey[];
    byTable.set(table, keys);
  }
  return keys;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function userTables(db: Db): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

/** Tables with a foreign key into `parent`. */
export function childTablesOf(db: Db, parent: string): string[] {
  return userTables(db).filter((t) => foreignKeysOf(db, t).some((k) => k.table === parent));
}

/**
 * Orphan rows in `tables` (every table when omitted), at most `limit` of them. Works on a
 * read-only connection and whether or not foreign keys are enforced on it.
 */
export function findOrphans(db: Db, tables?: Iterable<string>, limit = 10_000): OrphanRow[] {
  const out: OrphanRow[] = [];
  for (const table of tables ?? userTables(db)) {
    const found = db.prepare(`PRAGMA foreign_key_check(${quoted(table)})`).all() as Array<{
      table: string;
      rowid: number | null;
      parent: string;
      fkid: number;
    }>;
    if (found.length === 0) continue;
    const keys = foreignKeysOf(db, table);
    const hasId = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = 'id'").pluck().get(table) as
      | number
      | undefined;
    for (const f of found) {
      const key = keys.find((k) => k.id === f.fkid);
      const column = key?.from ?? '?';
      const row =
        f.rowid === null
          ? undefined
          : (db
              .prepare(
                `SELECT ${hasId ? 'id' : 'NULL'} AS id, ${key ? quoted(key.from) : 'NULL'} AS value FROM ${quoted(table)} WHERE rowid = ?`,
              )
              .get(f.rowid) as { id: string | null; value: string | number | null } | undefined);
      out.push({
        table,
        rowid: f.rowid,
        id: row?.id ?? null,
        parent: f.parent,
        column,
        value: row?.value ?? null,
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** "contacts row 12 (id 0190…): customer_id names customers 0190…, which is not here". */
export function describeOrphan(o: OrphanRow): string {
  const which = o.id !== null ? `id ${o.id}` : o.rowid !== null ? `row ${o.rowid}` : 'a row';
  return `${o.table} ${which}: ${o.column} names ${o.parent} ${String(o.value)}, which is not in this database`;
}

export interface ParkedCounts {
  /** Pulled rows waiting for a parent this console does not hold. */
  readonly orphan: number;
  /** Pulled incident events whose hash chain did not match, kept out of the log. */
  readonly chain: number;
}

/** What sync_parked holds, by reason (nothing before schema version 8). */
export function parkedCounts(db: Db): ParkedCounts {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_parked'")
    .pluck()
    .get();
  if (!exists) return { orphan: 0, chain: 0 };
  const rows = db.prepare('SELECT reason, count(*) AS n FROM sync_parked GROUP BY reason').all() as Array<{
    reason: string;
    n: number;
  }>;
  const n = (reason: string) => rows.find((r) => r.reason === reason)?.n ?? 0;
  return { orphan: n('orphan'), chain: n('chain') };
}

/** doctor's lines: "Foreign keys: ok" or the orphans, one a line, and what sync keeps aside. */
export function orphanReport(orphans: readonly OrphanRow[], parked: ParkedCounts, shown = 20): string[] {
  const lines: string[] = [];
  if (orphans.length === 0) lines.push('Foreign keys: ok');
  else {
    const n = orphans.length >= 1000 ? 'at least 1000' : String(orphans.length);
    lines.push(
      `Foreign keys: ${n} orphan row${orphans.length === 1 ? '' : 's'} (naming a parent that is not there):`,
    );
    for (const o of orphans.slice(0, shown)) lines.push(`  ${describeOrphan(o)}`);
    if (orphans.length > shown) lines.push(`  … and ${orphans.length - shown} more (--json lists them)`);
  }
  const waiting = parked.orphan;
  lines.push(
    waiting === 0 && parked.chain === 0
      ? 'Parked:    none'
      : `Parked:    ${[
          waiting > 0
            ? `${waiting} pulled row${waiting === 1 ? ' waits' : 's wait'} for a parent this console does not hold`
            : '',
          parked.chain > 0
            ? `${parked.chain} incident event${parked.chain === 1 ? '' : 's'} with a broken hash chain kept out of the log`
            : '',
        ]
          .filter(Boolean)
          .join('; ')} (see the Sync screen)`,
  );
  return lines;
}
