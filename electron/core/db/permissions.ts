/**
 * Owner-only files: the database, its -wal and -shm, key files and copies are 0600, the app
 * data folder 0700. SQLite creates -wal, -shm and -journal with the mode of the database
 * file, so creating that file 0600 first covers them. On Windows, modes mean little (the
 * per-user profile's ACL protects the folder) and are left alone.
 */
import fs from 'node:fs';
import path from 'node:path';

const POSIX = process.platform !== 'win32';
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** What SQLite may put next to a database file. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'] as const;

function chmodIfOurs(file: string, mode: number): void {
  if (!POSIX) return;
  try {
    if ((fs.statSync(file).mode & 0o777) !== mode) fs.chmodSync(file, mode);
  } catch (err) {
    // Gone meanwhile, or owned by someone else: nothing this process may change.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM' && code !== 'EACCES') throw err;
  }
}

/** Creates `file` empty with mode 0600 if it does not exist; an existing one is kept as is. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodIfOurs(file, PRIVATE_FILE_MODE);
}

/** Writes a new file (refusing to replace one) readable by its owner only, synced to disk. */
export function writePrivateFileOnce(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  chmodIfOurs(file, PRIVATE_FILE_MODE);
  syncFolder(file);
}

export function restrictFile(file: string): void {
  chmodIfOurs(file, PRIVATE_FILE_MODE);
}

/** The database and whichever of -wal, -shm, -journal exist. */
export function restrictDatabaseFiles(dbPath: string): void {
  for (const suffix of COMPANIONS) chmodIfOurs(`${dbPath}${suffix}`, PRIVATE_FILE_MODE);
}

/** Creates missing folders 0700; folders that exist are not changed (it may be /tmp or ~). */
export function makeFolders(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** The app's own data folder: created 0700, and made 0700 if it exists with more. */
export function makePrivateFolder(dir: string): void {
  makeFolders(dir);
  chmodIfOurs(dir, PRIVATE_DIR_MODE);
}

/** fsync of the folder holding `file`, so a new name (a rename, a created file) survives power loss. */
export function syncFolder(file: string): void {
  if (!POSIX) return; // Windows cannot open a folder for fsync; NTFS journals names itself.
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}
