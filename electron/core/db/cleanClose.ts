/**
 * The console's mark of a clean close: after a session whose full integrity check passed,
 * closing writes `<db>.clean` with the identity of the file as it was left (inode, size,
 * change and modification times in nanoseconds; the WAL folded in and gone). The next
 * console to open that same, untouched file skips quick_check, which reads the whole file
 * (~10 s for an encrypted 500-customer database on this machine) before the first screen;
 * the full check still runs on the maintenance worker a few seconds after start. The mark
 * is taken (deleted) at open whatever it says, so a session that is killed leaves none, and
 * any write to the file (a restore, another tool, a flipped byte) changes its identity.
 */
import fs from 'node:fs';
import { fileIdentity } from './fileIdentity';
import { writePrivateFileOnce } from './permissions';

function markFile(dbPath: string): string {
  return `${dbPath}.clean`;
}

function walIsEmpty(dbPath: string): boolean {
  try {
    return fs.statSync(`${dbPath}-wal`).size === 0;
  } catch {
    return true; // none
  }
}

/** After the last connection closed: marks the file clean, if it is whole on its own. */
export function markCleanClose(dbPath: string, checkedAt: string): void {
  const id = fileIdentity(dbPath);
  if (id === null || !walIsEmpty(dbPath)) return;
  try {
    fs.rmSync(markFile(dbPath), { force: true });
    writePrivateFileOnce(markFile(dbPath), `${JSON.stringify({ identity: id, checkedAt })}\n`);
  } catch {
    // No mark: the next open runs quick_check, as without one.
  }
}

/**
 * Before opening: true when the mark names this file exactly as it is now. The mark is
 * removed either way, before anything is written.
 */
export function takeCleanCloseMark(dbPath: string): boolean {
  const file = markFile(dbPath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  fs.rmSync(file, { force: true });
  try {
    const mark = JSON.parse(text) as { identity?: unknown };
    return typeof mark.identity === 'string' && mark.identity === fileIdentity(dbPath) && walIsEmpty(dbPath);
  } catch {
    return false;
  }
}
