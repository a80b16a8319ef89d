/**
 * A file as it is on disk now: device, inode, size, change and modification times in
 * nanoseconds. Equal identities mean the same, unwritten file (a rewrite, a replacement or a
 * flipped byte changes one of them); null when it cannot be read. What a backup was verified
 * as (backup.ts) and what a clean close left (cleanClose.ts) are compared by it.
 */
import fs from 'node:fs';

export function fileIdentity(file: string): string | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.ctimeNs}:${st.mtimeNs}`;
  } catch {
    return null;
  }
}
