/**
 * Statements prepared once per database and kept, for the few that run per row thousands of
 * times (sync, the incident log's chains). Types come from better-sqlite3 itself, so modules
 * that database.ts uses can import this without an import cycle.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[]>>>();

export function cached(db: Database.Database, sql: string): Database.Statement<unknown[]> {
  let byDb = statements.get(db);
  if (!byDb) {
    byDb = new Map();
    statements.set(db, byDb);
  }
  let stmt = byDb.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    byDb.set(sql, stmt);
  }
  return stmt;
}
