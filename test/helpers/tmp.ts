import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll } from 'vitest';
import { connect } from '../../electron/core/db/driver';
import { commandLineKey } from '../../electron/core/db/keyStore';

const made: string[] = [];
// Removed when the test file ends, not after each test: a folder made in beforeAll (a
// served database, say) must outlive the first test that runs.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** A fresh folder of its own, removed when the test file has finished. */
export function tempDir(prefix = 'lifeline-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every row of every table, in a stable order: equal dumps mean nothing changed. */
export function dumpDatabase(db: { prepare: (sql: string) => { all: () => unknown[] } }): string {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  return JSON.stringify(
    tables.map((t) => [
      t.name,
      db
        .prepare(`SELECT * FROM "${t.name}"`)
        .all()
        .map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
        .sort(),
    ]),
  );
}

function inUsePageNear(file: string, middle: number): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  // An encrypted file is read with the key file beside it; without one, the middle page.
  const key = header.toString('latin1') === 'SQLite format 3\u0000' ? null : commandLineKey(file, false);
  if (header.toString('latin1') !== 'SQLite format 3\u0000' && !key) return middle;
  const db = key ? connect(file, { key }) : new Database(file);
  try {
    // The pages as they are in the file itself: what the WAL holds is folded in first.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const row = db
      .prepare("SELECT pageno FROM dbstat WHERE name = 'assets' ORDER BY abs(pageno - ?) LIMIT 1")
      .get(middle + 1) as { pageno: number } | undefined;
    // dbstat numbers pages from 1; the file offset of page n is (n - 1) pages.
    return row ? row.pageno - 1 : middle;
  } finally {
    db.close();
  }
}

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CLI = path.join(ROOT, 'out', 'cli.mjs');

/**
 * Overwrites 4 KB in the middle of a database file with its bytes inverted, as a failing
 * disk would. In a plaintext file the page chosen is the assets table's page nearest the
 * middle (a page on the free list holds nothing, so inverting it damages nothing a check
 * could find), after the WAL is folded into the file; an encrypted file is read with the
 * key file beside it, and without one it is the middle page.
 */
export function flipMiddle(file: string): void {
  const size = fs.statSync(file).size;
  const at = inUsePageNear(file, Math.floor(size / 2 / 4096)) * 4096;
  const fd = fs.openSync(file, 'r+');
  const buf = Buffer.alloc(4096);
  fs.readSync(fd, buf, 0, 4096, at);
  for (let i = 0; i < buf.length; i++) buf[i] = (buf[i] ?? 0) ^ 0xff;
  fs.writeSync(fd, buf, 0, 4096, at);
  fs.closeSync(fd);
}
