/**
 * Statements prepared once per database and kept, for the few that run per row thousands of
 * times (sync, the incident log's chains). Types come from better-sqlite3 itself, so modules
 * that database.ts uses can import this without an import cycle.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[]>>>();

/** The statement kept under `key`, prepared from `sql` (text, or made when first needed). */
function preparedFor(
  db: Database.Database,
  key: string,
  sql: string | (() => string),
): Database.Statement<unknown[]> {
  let byDb = statements.get(db);
  if (!byDb) {
    byDb = new Map();
    statements.set(db, byDb);
  }
  let stmt = byDb.get(key);
  if (!stmt) {
    stmt = db.prepare(typeof sql === 'string' ? sql : sql());
    byDb.set(key, stmt);
  }
  return stmt;
}

export function cached(db: Database.Database, sql: string): Database.Statement<unknown[]> {
  return preparedFor(db, sql, sql);
}

/**
 * cached(), found by a short key instead of the statement's text: for statements built
 * from a table and a column list thousands of times (a sync pull's rows, the incident
 * fold's), where building the text to look it up cost about as much as running it.
 * `sql` is called once per connection and key.
 */
export function cachedByShape(
  db: Database.Database,
  shape: string,
  sql: () => string,
): Database.Statement<unknown[]> {
  // A NUL first: no statement's text starts with one, so a shape never meets a text.
  return preparedFor(db, `\u0000${shape}`, sql);
}

const memos = new WeakMap<Database.Database, Map<string, { at: string; value: unknown }>>();

/**
 * `read()`'s answer, kept until the database changes: data_version moves when another
 * connection commits, total_changes() when this one writes. For counts that read a whole
 * table (every asset, every outbox row) and are asked on every screen load.
 */
export function untilChanged<T>(db: Database.Database, name: string, read: () => T): T {
  const at = `${db.pragma('data_version', { simple: true })}:${(cached(db, 'SELECT total_changes() AS n').get() as { n: number }).n}`;
  let byDb = memos.get(db);
  if (!byDb) {
    byDb = new Map();
    memos.set(db, byDb);
  }
  const kept = byDb.get(name);
  if (kept?.at === at) return kept.value as T;
  const value = read();
  byDb.set(name, { at, value });
  return value;
}
