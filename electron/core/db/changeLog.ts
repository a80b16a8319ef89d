/**
 * The change log: every edit with who and when, the audit trail that history screens read
 * and that sync carries to central. Every writer (editors, playbooks, runbook and catalog
 * imports) records through here, in the transaction of the edit itself.
 */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Db } from './database';

/** One edit: the database, and the who and when stamped on everything it writes. */
export interface Edit {
  readonly db: Db;
  readonly now: string;
  readonly author: string;
}

/**
 * Runs `change` as one edit: one transaction, everything in it stamped with the same who and
 * when. A change that throws leaves the database as it was.
 */
export function runEdit<T>(db: Db, author: string, change: (e: Edit) => T): T {
  const stamp: Edit = { db, now: new Date().toISOString(), author };
  return db.transaction(() => change(stamp))();
}

const inserts = new WeakMap<Db, Statement<unknown[]>>();

export function recordChange(
  edit: Edit,
  entity: string,
  entityId: string,
  action: 'create' | 'update' | 'delete',
  payload: Record<string, unknown>,
): void {
  // Prepared once per database: an import records thousands of changes in one transaction.
  let insert = inserts.get(edit.db);
  if (!insert) {
    insert = edit.db.prepare(
      `INSERT INTO change_log (id, at, author, entity, entity_id, action, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    inserts.set(edit.db, insert);
  }
  insert.run(uuidv7(), edit.now, edit.author, entity, entityId, action, JSON.stringify(payload));
}
