/** `lifeline backup --db PATH` and `lifeline restore --db PATH [--from FILE]`. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LifelineError } from '../../../shared/api/result';
import { sizeInWords } from '../../../shared/database/model';
import {
  ageInWords,
  backupsDir,
  KEEP_NEWEST,
  KEEP_WEEKS,
  listBackups,
  newestGoodBackup,
  restoreDatabase,
  takeBackup,
  verifyDatabaseFile,
} from '../db/backup';
import { inspectDatabase } from '../db/database';
import { connectFile } from '../db/driver';
import { commandLineKey } from '../db/keyStore';
import { acquireDatabaseLock, describeHolder, lockHolder } from '../db/lock';
import { type CliIo, dbFile } from './io';

const ROTATION = `Backups live in backups/ next to the database (folder 0700, files 0600), named
<db>-<UTC time>-<reason>.db, each verified after writing (opened read-only: integrity_check,
application id, schema version); one that fails is deleted and reported. Rotation keeps the
${KEEP_NEWEST} newest, the newest of each of the ${KEEP_WEEKS} weeks before now, and the newest taken before a
migration.`;

export const BACKUP_HELP = `Usage: lifeline backup --db PATH [--json]

Takes a verified backup of PATH now, while the console may keep using it (SQLite's
VACUUM INTO reads one consistent snapshot), then rotates old backups.
The console also backs up by itself: before every migration and at start when the
newest backup is over a day old.

${ROTATION}`;

export const RESTORE_HELP = `Usage: lifeline restore --db PATH [--from FILE]

Puts a backup in place of PATH: the newest good backup in backups/ next to it, or FILE.
The backup is verified first; the current file is kept beside it as
<db>.replaced-<UTC time> (with its -wal), and the swap is one atomic rename. Refused while
a console (lifeline serve, the desktop app) has the database open: stop it first.`;

export function backupCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const dbPath = dbFile(values.db, true, 'the database to back up');
  const opts = { key: commandLineKey(dbPath, false) };
  inspectDatabase(dbPath, opts);
  const started = performance.now();
  // Read-only: a backup never migrates or otherwise touches the database it copies.
  const db = connectFile(dbPath, opts, true);
  let taken: ReturnType<typeof takeBackup>;
  try {
    const sound = verifyDatabaseFile(dbPath, opts, 'quick_check');
    if (!sound.ok)
      throw new LifelineError(
        'DB_DAMAGED',
        `${dbPath} is damaged (${sound.problem}); a backup of it would not be a good one, so none was taken. Run \`lifeline restore --db ${dbPath}\`.`,
      );
    taken = takeBackup(db, dbPath, 'on-demand', opts);
  } finally {
    db.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    io.out(JSON.stringify({ ...taken, seconds }, null, 2));
    return 0;
  }
  io.out(
    `Backed up ${dbPath} to ${taken.file} (${sizeInWords(taken.sizeBytes)}, verified) in ${seconds.toFixed(2)} s.`,
  );
  io.out(`${listBackups(dbPath).length} backups kept in ${backupsDir(dbPath)}.`);
  return 0;
}

export function restoreCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, from: { type: 'string' } },
    strict: true,
  });
  const dbPath = dbFile(values.db, false, 'the database to restore');
  const opts = { key: commandLineKey(dbPath, false) };
  const holder = lockHolder(dbPath);
  if (holder)
    throw new LifelineError(
      'DB_IN_USE',
      `${dbPath} is in use by ${describeHolder(holder)}; stop it first, then restore. Nothing was changed.`,
    );
  const from = values.from ? path.resolve(values.from) : newestGoodBackup(dbPath, opts)?.file;
  if (!from)
    throw new LifelineError(
      'NOT_FOUND',
      `There is no good backup of ${dbPath} in ${backupsDir(dbPath)}; give one with --from FILE. Nothing was changed.`,
    );
  // Held for the swap, so no console opens the file halfway through.
  const lock = acquireDatabaseLock(dbPath, 'lifeline restore');
  try {
    const started = performance.now();
    const outcome = restoreDatabase(dbPath, from, opts);
    const seconds = (performance.now() - started) / 1000;
    const taken = listBackups(dbPath).find((b) => b.file === outcome.restoredFrom);
    io.out(
      `Restored ${dbPath} from ${outcome.restoredFrom}${taken ? ` (taken ${ageInWords(taken.takenAt)})` : ''}, schema version ${outcome.schemaVersion}, in ${seconds.toFixed(2)} s.`,
    );
    io.out(
      outcome.replacedBy
        ? `The file it replaced is kept as ${outcome.replacedBy}.`
        : 'There was no database at that path before.',
    );
    return 0;
  } finally {
    lock.release();
  }
}
