/**
 * Whether a database file is plaintext SQLite or encrypted, from its first bytes, without
 * opening it with SQLite (so without loading the native driver: the desktop shell uses it).
 */
import fs from 'node:fs';

/** The 16 bytes every plaintext SQLite database starts with. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** SQLite page sizes are powers of two from 512; an encrypted file is whole pages. */
const MIN_PAGE = 512;

/**
 * - `plaintext`: a SQLite database anyone can read.
 * - `encrypted`: whole pages with no SQLite header: SQLCipher (its first 16 bytes are the
 *   salt), or pages of something else; only a key tells.
 * - `unknown`: neither (a text file, a truncated copy): not a database.
 */
export type StoredFormat = 'missing' | 'empty' | 'plaintext' | 'encrypted' | 'unknown';

export function storedFormat(file: string): StoredFormat {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 'empty';
    const head = Buffer.alloc(SQLITE_HEADER.length);
    fs.readSync(fd, head, 0, head.length, 0);
    if (head.equals(SQLITE_HEADER)) return 'plaintext';
    return size >= MIN_PAGE && size % MIN_PAGE === 0 ? 'encrypted' : 'unknown';
  } finally {
    fs.closeSync(fd);
  }
}
