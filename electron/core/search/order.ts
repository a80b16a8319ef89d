/**
 * Puts the search index back in palette order (see migration 9): every live record
 * renumbered 65,536 apart by sort key, recomputed from today's names and tiers, and its
 * text indexed again. Triggers keep the order as records are added (halfway between the
 * neighbours) but an edit keeps its place and a crowded spot sends newcomers last; this
 * is the repair, run at the end of a bulk load (withSearchBulkLoad) or when rows are found
 * out of order.
 */
import type { SearchKind } from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';

/** Kinds in the order their rowids come (migration 9's sort_key: 0, 1, 25, 3, 45). */
const PALETTE_KINDS: readonly SearchKind[] = ['customer', 'asset', 'vendor', 'contact', 'playbook'];

export function rebuildSearchIndex(db: Db): void {
  db.transaction(() => {
    // The full-text table is made again from its own text in sqlite_schema rather than
    // emptied: FTS5 deletes a row by writing a delete marker for each of its tokens, so an
    // emptied and refilled index held the old entries, their markers and the new ones
    // (99 MB where 36 MB do at 500 customers), and every query walked all three.
    const fts = db
      .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'search_fts'`)
      .pluck()
      .get() as string;
    db.exec('DROP TABLE search_fts; DELETE FROM search_docs;');
    db.exec(fts);
    db.exec(`INSERT INTO search_docs (rowid, kind, ref_id, customer_id, name, short, sort_key)
      SELECT row_number() OVER (ORDER BY sort_key) * 65536, kind, ref_id, customer_id, name, short, sort_key
        FROM search_source`);
    // In rowid order, so FTS5 appends without flushing its buffer between kinds.
    for (const kind of PALETTE_KINDS) {
      db.exec(`INSERT INTO search_fts (rowid, title, keys, body)
        SELECT d.rowid, s.title, s.keys, s.body FROM search_docs d JOIN search_source_${kind} s ON s.ref_id = d.ref_id
         WHERE d.kind = '${kind}' ORDER BY d.rowid`);
    }
  })();
}

/** How many records sit out of palette order (a rowid below the one before it by sort key). */
export function searchRowsOutOfOrder(db: Db): number {
  return db
    .prepare(
      `SELECT count(*) FROM (SELECT rowid - lag(rowid) OVER (ORDER BY sort_key) AS step FROM search_docs)
        WHERE step < 0`,
    )
    .pluck()
    .get() as number;
}

/**
 * Runs a bulk write (demo data, a first pull, a large import) with records appended to the
 * search index in rowid order, then renumbers it once: inserting halfway between
 * neighbours makes FTS5 flush its buffer at every row, two to three times the cost.
 */
export function withSearchBulkLoad<T>(db: Db, load: () => T): T {
  return db.transaction(() => {
    db.prepare('INSERT INTO search_bulk_load (started_at) VALUES (?)').run(new Date().toISOString());
    const out = load();
    db.prepare('DELETE FROM search_bulk_load').run();
    rebuildSearchIndex(db);
    return out;
  })();
}

/**
 * Fills the address index (asset_addresses, migration 2) again from every live asset's
 * addresses, as its triggers write them: a prefix length ("10.1.2.3/24") dropped.
 */
export function rebuildAddressIndex(db: Db): void {
  db.transaction(() => {
    db.exec(`DELETE FROM asset_addresses;
      INSERT OR IGNORE INTO asset_addresses (asset_id, address)
        SELECT a.id, CASE WHEN instr(j.value, '/') > 0 THEN substr(j.value, 1, instr(j.value, '/') - 1) ELSE j.value END
          FROM assets a, json_each(a.ip_addresses) j
         WHERE a.deleted_at IS NULL AND trim(j.value) <> ''`);
  })();
}

/** The triggers that keep the search and address indexes, as sqlite_schema holds them. */
const INDEX_TRIGGERS = `SELECT name, sql FROM sqlite_schema
  WHERE type = 'trigger' AND (name LIKE '%\\_search\\_%' ESCAPE '\\' OR name LIKE 'assets\\_addresses\\_%' ESCAPE '\\')
  ORDER BY rowid`;

/**
 * Runs `write` inside the caller's transaction with the search and address triggers
 * dropped, then creates them again from their own text in sqlite_schema, in their order,
 * before the transaction commits. An error rolls the transaction back, the drop with it:
 * no commit, and so no crash, ever leaves a database without them. The caller rebuilds
 * both indexes (rebuildSearchIndex, rebuildAddressIndex) before anyone relies on them.
 */
export function withoutIndexTriggers<T>(db: Db, write: () => T): T {
  if (!db.inTransaction) throw new Error('withoutIndexTriggers runs only inside a transaction');
  const triggers = db.prepare(INDEX_TRIGGERS).all() as Array<{ name: string; sql: string }>;
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  const out = write();
  for (const t of triggers) db.exec(t.sql);
  return out;
}
