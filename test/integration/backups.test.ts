/**
 * Damage detected, backups taken, recovery one step: a database with bytes flipped mid-file
 * is refused for writing and named as damaged with its newest good backup, and `lifeline
 * restore` (or the console's restore call) brings back a working one; backups are taken
 * before a migration, verified, rotated; malformed restore input changes nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/core/api/backend';
import {
  backupsDir,
  KEEP_NEWEST,
  listBackups,
  takeBackup,
  verifyDatabaseFile,
} from '../../electron/core/db/backup';
import { openDatabase } from '../../electron/core/db/database';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { generateDemo } from '../../electron/core/demo/generate';
import { CLI, flipMiddle, sha256, tempDir } from '../helpers/tmp';

function lifeline(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFELINE_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const NOW = new Date('2025-06-01T12:00:00.000Z');
let demoFile = '';
let demoCustomers = 0;

beforeAll(() => {
  demoFile = path.join(tempDir('lifeline-backups-demo-'), 'lifeline.db');
  const { db } = openDatabase(demoFile);
  generateDemo(db, { seed: 7, customers: 30, now: NOW });
  demoCustomers = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});

/** A copy of the demo in its own folder, with one good backup taken of it. */
function demoWithBackup(): { file: string; backup: string } {
  const file = path.join(tempDir(), 'lifeline.db');
  fs.copyFileSync(demoFile, file);
  const { db } = openDatabase(file);
  const taken = takeBackup(db, file, 'on-demand', {}, new Date(Date.now() - 3 * 3600_000));
  db.close();
  return { file, backup: taken.name };
}

describe('a damaged database', () => {
  it('is refused for writing, named as damaged with its newest good backup, and `lifeline restore` brings it back', async () => {
    const { file, backup } = demoWithBackup();
    flipMiddle(file);
    const damaged = sha256(file);

    // A one-shot open refuses it outright.
    expect(() => openDatabase(file)).toThrow(
      new RegExp(
        `is damaged \\(quick_check: .*nothing was written to it.*lifeline restore --db .*${backup}.*taken 3 h ago`,
      ),
    );

    // The console opens it read-only: reads answer, writes are refused with their own code.
    const b = createBackend({ dbPath: file, transport: 'web' });
    const status = await b.call('database:status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { damaged: true, newestGoodBackup: { name: backup, verified: true } },
    });
    const write = await b.call('settings:update', { theme: 'light' });
    expect(write).toMatchObject({ ok: false, error: { code: 'DB_DAMAGED' } });
    if (!write.ok) expect(write.error.message).toMatch(/damaged.*read-only.*nothing was written/);
    const backupNow = await b.call('database:backup', {});
    expect(backupNow).toMatchObject({ ok: false, error: { code: 'DB_DAMAGED' } });
    b.close();
    expect(sha256(file)).toBe(damaged);

    const doctor = lifeline('doctor', '--db', file);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(new RegExp(`DAMAGED: .*lifeline restore --db .*${backup}`));
    expect(sha256(file)).toBe(damaged);

    const restore = lifeline('restore', '--db', file);
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.out).toContain(`Restored ${file} from ${path.join(backupsDir(file), backup)}`);
    const replaced = /kept as (\S+)\.$/m.exec(restore.out)?.[1];
    expect(replaced && sha256(replaced)).toBe(damaged);

    const { db } = openDatabase(file);
    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(demoCustomers);
    db.prepare("INSERT INTO settings (key, value) VALUES ('after-restore', 'yes')").run();
    db.close();
    expect(lifeline('doctor', '--db', file).code).toBe(0);
  }, 60_000);

  it("the console's restore call swaps in the newest good backup and takes writes again", async () => {
    const { file, backup } = demoWithBackup();
    flipMiddle(file);
    const b = createBackend({ dbPath: file, transport: 'web' });
    const restored = await b.call('database:restore', {});
    expect(restored).toMatchObject({ ok: true, value: { damaged: false } });
    expect(fs.readdirSync(path.dirname(file)).some((n) => n.startsWith('lifeline.db.replaced-'))).toBe(true);
    expect(await b.call('settings:update', { theme: 'light' })).toMatchObject({ ok: true });
    const list = await b.call('customer:list', {});
    expect(list.ok).toBe(true);
    b.close();
    expect(listBackups(file)[0]?.name).toBe(backup);
  }, 60_000);

  it('a backup of a damaged database is not kept: reported, and no file is left behind', () => {
    const { file } = demoWithBackup();
    const before = listBackups(file).map((x) => x.name);
    flipMiddle(file);
    const r = lifeline('backup', '--db', file);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/damaged.*none was taken/);
    expect(listBackups(file).map((x) => x.name)).toEqual(before);
    expect(fs.readdirSync(backupsDir(file)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });
});

describe('backups', () => {
  it(`are taken by \`lifeline backup\` into a private folder, and rotate: of 10, the ${KEEP_NEWEST} newest and one per older week stay, each verifies`, () => {
    const { file } = demoWithBackup();
    const first = lifeline('backup', '--db', file);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Backed up .* \(.*, verified\) in [\d.]+ s\./);
    fs.rmSync(backupsDir(file), { recursive: true });

    const { db } = openDatabase(file);
    const day = 24 * 3600_000;
    const start = Date.now() - 9 * day;
    for (let i = 0; i < 10; i++) takeBackup(db, file, 'on-demand', {}, new Date(start + i * day));
    db.close();
    const kept = listBackups(file);
    // Days 0–6 back are the 7 newest; day 7 back is the newest of the week before; 8 and 9 go.
    expect(kept.map((b) => Math.round((Date.now() - Date.parse(b.takenAt)) / day))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(fs.statSync(backupsDir(file)).mode & 0o777).toBe(0o700);
    for (const b of kept) {
      expect(fs.statSync(b.file).mode & 0o777).toBe(0o600);
      expect(verifyDatabaseFile(b.file)).toMatchObject({
        ok: true,
        schemaVersion: MIGRATIONS.at(-1)?.version,
      });
    }
    const doctor = lifeline('doctor', '--db', file);
    expect(doctor.out).toMatch(/Backups: {3}8 in /);
    expect(doctor.out).toMatch(/lifeline-\S+-on-demand\.db +7 days ago +[\d.]+ (KB|MB) {2}verified/);
  }, 60_000);

  it('one is taken before a migration, of the file as it was, and it verifies at the old version', () => {
    const file = path.join(tempDir(), 'lifeline.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 7) });
    old.db.prepare("INSERT INTO settings (key, value) VALUES ('engineer_name', 'Dana')").run();
    old.db.close();
    expect(listBackups(file)).toEqual([]);
    const { db, schemaVersion } = openDatabase(file);
    db.close();
    expect(schemaVersion).toBe(MIGRATIONS.at(-1)?.version);
    const [taken, ...more] = listBackups(file);
    expect(more).toEqual([]);
    expect(taken?.reason).toBe('before-migration');
    expect(verifyDatabaseFile(taken?.file ?? '')).toEqual({ ok: true, schemaVersion: 7 });
    // A new database has nothing to keep: no backup.
    openDatabase(path.join(tempDir(), 'new.db')).db.close();
  });

  it('restore refuses a file that is not a database, or is missing, with one clear line, changing nothing', () => {
    const { file } = demoWithBackup();
    const before = sha256(file);
    const junk = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(junk, 'these are my notes, not a database\n'.repeat(200));
    const bad = lifeline('restore', '--db', file, '--from', junk);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain(`${junk} cannot be restored`);
    expect(bad.err).toContain('Nothing was changed');
    const missing = lifeline('restore', '--db', file, '--from', path.join(tempDir(), 'nope.db'));
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/nope\.db does not exist/);
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['backups', 'lifeline.db']);
  });
});
