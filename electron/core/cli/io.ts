import fs from 'node:fs';
import path from 'node:path';
import { LifelineError } from '../../../shared/api/result';
import { type Db, type OpenedDatabase, openDatabase } from '../db/database';
import { commandLineKey } from '../db/keyStore';
import { makeFolders } from '../db/permissions';

/** What every CLI command gets: where to print, and the built renderer for `serve`. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Folder of the built renderer, next to the CLI bundle. */
  readonly staticDir: string;
  /** The built maintenance worker, next to the CLI bundle (`serve` runs its upkeep on it). */
  readonly maintenanceWorker?: string;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}

/**
 * The database a command works on: --db, else LIFELINE_DB, as an absolute path. With
 * `mustExist`, a missing or empty file is refused; `which` says which database to give.
 */
export function dbFile(given: string | undefined, mustExist: boolean, which: string): string {
  const p = given ?? process.env.LIFELINE_DB;
  if (!p) throw new UsageError('needs --db PATH (or LIFELINE_DB).');
  const abs = path.resolve(p);
  if (mustExist && !(fs.existsSync(abs) && fs.statSync(abs).size > 0))
    throw new LifelineError('NOT_FOUND', `${abs} does not exist or is empty; give ${which} with --db.`);
  return abs;
}

/**
 * Opens (creating if new, encrypting if still plaintext) a command's database with its key:
 * LIFELINE_DB_KEY, else `<db>.key`, made (0600) on first use (db/keyStore.ts).
 */
export function openCommandDatabase(file: string): OpenedDatabase {
  if (file !== ':memory:') makeFolders(path.dirname(file));
  return openDatabase(file, { key: commandLineKey(file) });
}

/** Opens (creating if new) the database, runs `fn`, and closes it whatever happens. */
export function withDb<T>(file: string, fn: (db: Db) => T): T {
  const { db } = openCommandDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
