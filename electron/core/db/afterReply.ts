/**
 * Writes a call leaves for just after its reply: rows derived from what the call committed
 * durably, which the committed rows can always rebuild (the incident log's fold into the
 * board's rows). They run on the next turn of the event loop, once the reply has gone out,
 * or sooner: before the next call is handled (api/backend.ts) and whenever their owner
 * needs them current. A task is kept once per connection however often it is asked for.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

const waiting = new WeakMap<Database.Database, Set<() => void>>();

/** Runs `task` on `db` after the current call's reply (or at the next flushAfterReply). */
export function afterReply(db: Database.Database, task: () => void): void {
  let tasks = waiting.get(db);
  if (!tasks) {
    tasks = new Set();
    waiting.set(db, tasks);
  }
  const first = tasks.size === 0;
  tasks.add(task);
  if (first) setImmediate(() => flushAfterReply(db));
}

/**
 * Runs what is waiting on `db` now. A task catches its own errors (nobody is waiting for
 * its answer); a closed connection's tasks are dropped (the rows are rebuilt at the next open).
 */
export function flushAfterReply(db: Database.Database): void {
  const tasks = waiting.get(db);
  if (!tasks || tasks.size === 0) return;
  const run = [...tasks];
  tasks.clear();
  if (!db.open) return;
  for (const task of run) task();
}
