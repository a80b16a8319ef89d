/**
 * Reading what an import is given without following a symbolic link, ever: a link in a
 * folder of runbooks or CSV files could point anywhere (/etc/shadow, ~/.ssh), and what
 * it points to would end up in the database or in an error message. A link inside the
 * folder is skipped and named; a path given on the command line that is a link is
 * refused. Files are opened with O_NOFOLLOW, so a file swapped for a link between the
 * listing and the read is refused too (where the OS has the flag: not on Windows, where
 * the listing's check is what stands).
 */
import fs from 'node:fs';

/** A file or folder that turned out to be a link, or no longer a plain file. */
export class LinkRefused extends Error {}

/** The line an import prints for a link it skipped inside the folder it read. */
export const skippedLinkLine = (rel: string) => `Skipped link ${rel} → not followed.`;

export type PathKind = 'missing' | 'link' | 'file' | 'folder' | 'other';

/** What a path is, without following it if it is a link (links further up are the user's layout). */
export function pathKind(given: string): PathKind {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(given);
  } catch {
    return 'missing';
  }
  if (st.isSymbolicLink()) return 'link';
  return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
}

/** Why an import refuses a path given to it that is a link. */
export const linkGivenMessage = (given: string) =>
  `${given} is a symbolic link; imports never follow links. Give the file or folder it points to.`;

const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Reads a plain file as UTF-8, refusing a link (LinkRefused) or anything that is not a file. */
export function readFileNoFollow(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new LinkRefused(`${file} is a symbolic link; imports never follow links.`);
    throw err;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new LinkRefused(`${file} is not a plain file.`);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export interface FolderEntry {
  readonly name: string;
  /** 'link': a symbolic link, to be skipped and named, never followed. */
  readonly kind: 'file' | 'folder' | 'link' | 'other';
}

/** One folder's entries sorted by name, each with its own kind (lstat, never stat). */
export function listFolder(folder: string): FolderEntry[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => ({
      name: e.name,
      kind: e.isSymbolicLink() ? 'link' : e.isDirectory() ? 'folder' : e.isFile() ? 'file' : 'other',
    }));
}
