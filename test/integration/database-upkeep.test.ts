/**
 * The console's background upkeep (electron/core/db/maintenance.ts) runs on a worker
 * thread: the back end goes on answering while the whole file is checked and copied, and
 * what the worker finds is applied as the in-thread check applied it (a sound file gets its
 * verified daily backup; a damaged one refuses writes and gets none).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBackups, takeBackup, verifyDatabaseFile } from '../../electron/core/db/backup';
import { openDatabase } from '../../electron/core/db/database';
import { DatabaseKey } from '../../electron/core/db/key';
import { LocalStore } from '../../electron/core/db/store';
import { generateDemo } from '../../electron/core/demo/generate';
import { flipMiddle, ROOT, tempDir } from '../helpers/tmp';

const WORKER = path.join(ROOT, 'out', 'electron', 'maintenance-worker.cjs');
const NOW = new Date('2025-06-01T12:00:00.000Z');

let plain = '';
beforeAll(() => {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first.`);
  plain = path.join(tempDir('lifeline-upkeep-'), 'lifeline.db');
  const { db } = openDatabase(plain);
  generateDemo(db, { seed: 11, customers: 20, now: NOW });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});

function copyOf(file: string): string {
  const to = path.join(tempDir(), 'lifeline.db');
  fs.copyFileSync(file, to);
  return to;
}

describe('background upkeep on the worker thread', () => {
  it('answers calls while it runs, then records the check and a verified daily backup', async () => {
    const file = copyOf(plain);
    const store = new LocalStore(file);
    try {
      const running = store.runBackgroundOnWorker(WORKER, NOW);
      // The call returned before the check: it runs elsewhere, and this thread still reads.
      expect(store.status().integrity.state).toBe('pending');
      expect(store.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThan(20);
      await running;
      const status = store.status();
      expect(status.integrity).toMatchObject({ state: 'ok', result: 'ok', checkedAt: NOW.toISOString() });
      expect(status.damaged).toBe(false);
      expect(status.backups.map((b) => b.reason)).toEqual(['daily']);
      const [daily] = listBackups(file);
      expect(daily && verifyDatabaseFile(daily.file)).toMatchObject({ ok: true });
      // Writes go on after it, and a second run within the day takes no second backup.
      store.db.prepare("INSERT INTO settings (key, value) VALUES ('after-upkeep', 'yes')").run();
      await store.runBackgroundOnWorker(WORKER, new Date(NOW.getTime() + 3600_000));
      expect(listBackups(file)).toHaveLength(1);
    } finally {
      store.close();
    }
  }, 60_000);

  it('checks and backs up an encrypted database with its key', async () => {
    const key = DatabaseKey.generate();
    const file = path.join(tempDir(), 'lifeline.db');
    const { db } = openDatabase(file, { key });
    generateDemo(db, { seed: 12, customers: 5, now: NOW });
    db.close();
    const store = new LocalStore(file, { key });
    try {
      await store.runBackgroundOnWorker(WORKER, NOW);
      expect(store.status().integrity.state).toBe('ok');
      const [daily] = listBackups(file);
      expect(daily && verifyDatabaseFile(daily.file, { key })).toMatchObject({ ok: true });
      // Without the key the copy does not open: it was written encrypted.
      expect(daily && verifyDatabaseFile(daily.file)).toMatchObject({ ok: false });
    } finally {
      store.close();
    }
  }, 60_000);

  it('a file damaged after it was opened: writes are refused and no backup is taken of it', async () => {
    const file = copyOf(plain);
    const store = new LocalStore(file);
    try {
      flipMiddle(file);
      await store.runBackgroundOnWorker(WORKER, NOW);
      const status = store.status();
      expect(status.integrity.state).toBe('damaged');
      expect(status.damaged).toBe(true);
      expect(status.problem).toMatch(/^integrity_check: /);
      expect(status.backups).toEqual([]);
      expect(() => {
        throw store.refuseWrites();
      }).toThrow(/damaged.*read-only.*nothing was written/);
    } finally {
      store.close();
    }
  }, 60_000);

  it('names the newest good backup from what the worker checked, never reading a copy on the console thread', async () => {
    const file = copyOf(plain);
    const { db } = openDatabase(file);
    const older = takeBackup(db, file, 'on-demand', {}, new Date(NOW.getTime() - 5 * 3600_000));
    const newer = takeBackup(db, file, 'on-demand', {}, new Date(NOW.getTime() - 2 * 3600_000));
    db.close();
    flipMiddle(newer.file); // the newest copy went bad on disk after it was written
    const store = new LocalStore(file, { maintenanceWorker: WORKER });
    try {
      // Before the worker has looked, the console names only what it already knows.
      expect(store.status().newestGoodBackup?.name).not.toBe(newer.name);
      await store.runBackgroundOnWorker(WORKER, NOW);
      const status = store.status();
      // No daily backup was due (one is 2 h old); the flipped copy is passed over.
      expect(status.backups.map((b) => b.name)).toEqual([newer.name, older.name]);
      expect(status.newestGoodBackup?.name).toBe(older.name);
    } finally {
      store.close();
    }
  }, 60_000);

  it('a worker that fails without a verdict does not make the file damaged: the check runs in-thread', async () => {
    const file = copyOf(plain);
    const broken = path.join(tempDir(), 'broken-worker.cjs');
    fs.writeFileSync(broken, "throw new Error('the native driver did not load');\n");
    const store = new LocalStore(file);
    try {
      await store.runBackgroundOnWorker(broken, NOW);
      const status = store.status();
      expect(status.integrity).toMatchObject({ state: 'ok', result: 'ok' });
      expect(status.damaged).toBe(false);
      expect(status.backups.map((b) => b.reason)).toEqual(['daily']);
    } finally {
      store.close();
    }
  }, 60_000);

  it('closing the console while the worker runs stops it and drops its result', async () => {
    const file = copyOf(plain);
    const store = new LocalStore(file);
    const running = store.runBackgroundOnWorker(WORKER, NOW);
    store.close();
    await expect(running).resolves.toBeUndefined();
    expect(store.status().integrity.state).toBe('pending');
  }, 60_000);
});

describe('opening a file as the console left it', () => {
  const CONSOLE = { lockCommand: 'lifeline serve' } as const;

  it('skips quick_check only for the same untouched file closed cleanly after a passing full check', () => {
    const file = copyOf(plain);
    // A first session that never finished its full check leaves no mark.
    const first = new LocalStore(file, CONSOLE);
    expect(first.status().quickCheck.result).toBe('ok');
    first.close();
    expect(fs.existsSync(`${file}.clean`)).toBe(false);

    const checked = new LocalStore(file, CONSOLE);
    checked.runBackground(NOW);
    expect(checked.status().integrity.state).toBe('ok');
    checked.db.prepare("INSERT INTO settings (key, value) VALUES ('written', 'yes')").run();
    checked.close();
    expect(fs.existsSync(`${file}.clean`)).toBe(true);

    const next = new LocalStore(file, CONSOLE);
    // The mark is used once and gone before anything is written: a killed session leaves none.
    expect(fs.existsSync(`${file}.clean`)).toBe(false);
    expect(next.status().quickCheck.result).toBe('skipped');
    expect(next.status().damaged).toBe(false);
    expect(next.db.prepare("SELECT value FROM settings WHERE key = 'written'").pluck().get()).toBe('yes');
    next.close(); // its own full check has not run: no new mark
    expect(fs.existsSync(`${file}.clean`)).toBe(false);
  });

  it('a file changed after the clean close is checked at open, and damage is found there', () => {
    const file = copyOf(plain);
    const s = new LocalStore(file, CONSOLE);
    s.runBackground(NOW);
    s.close();
    expect(fs.existsSync(`${file}.clean`)).toBe(true);
    flipMiddle(file);
    const reopened = new LocalStore(file, CONSOLE);
    try {
      const status = reopened.status();
      expect(status.quickCheck.result).not.toBe('skipped');
      expect(status.damaged).toBe(true);
      expect(status.problem).toMatch(/^quick_check: /);
    } finally {
      reopened.close();
    }
  });

  it('a mark that is not ours, or malformed, is ignored and removed', () => {
    const file = copyOf(plain);
    fs.writeFileSync(`${file}.clean`, '{"identity": 42');
    const a = new LocalStore(file, CONSOLE);
    expect(a.status().quickCheck.result).toBe('ok');
    a.close();
    fs.writeFileSync(`${file}.clean`, JSON.stringify({ identity: 'some other file' }));
    const b = new LocalStore(file, CONSOLE);
    expect(b.status().quickCheck.result).toBe('ok');
    b.close();
    expect(fs.existsSync(`${file}.clean`)).toBe(false);
  });
});
