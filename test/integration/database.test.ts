import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, diagnose, openDatabase } from '../../electron/core/db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../electron/core/db/migrations';
import { errorOf } from '../helpers/errors';
import { sha256, tempDir } from '../helpers/tmp';

describe('local store', () => {
  it('creates a fresh database at the latest schema with durable pragmas', () => {
    const file = path.join(tempDir(), 'new.db');
    const { db, created, schemaVersion } = openDatabase(file);
    expect(created).toBe(true);
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as Array<{
      name: string;
    }>;
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['customers', 'assets', 'incident_events']),
    );
    db.close();
    // Reopening applies nothing and keeps the data.
    const again = openDatabase(file);
    expect(again.created).toBe(false);
    again.db.close();
  });

  it('new tables are STRICT: a wrong type is refused', () => {
    const { db } = openDatabase(path.join(tempDir(), 's.db'));
    expect(() =>
      db
        .prepare(
          "INSERT INTO maintenance_windows (id, customer_id, name, weekday, start_time, duration_minutes, created_at, updated_at) VALUES ('x','y','n','Monday','02:00',60,'t','t')",
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column|datatype mismatch/);
    db.close();
  });

  it('migrates a database from every previous version, keeping its rows', () => {
    const extra: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'test-only next migration',
      up: 'CREATE TABLE test_next (id TEXT PRIMARY KEY) STRICT;',
    };
    const all = [...MIGRATIONS, extra];
    for (let from = 1; from < all.length; from++) {
      const file = path.join(tempDir(), `v${from}.db`);
      const old = openDatabase(file, { migrations: all.slice(0, from) });
      expect(old.schemaVersion).toBe(from);
      old.db.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
      old.db.close();
      const { db, created, schemaVersion } = openDatabase(file, { migrations: all });
      expect(created).toBe(false);
      expect(schemaVersion).toBe(extra.version);
      expect(db.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({ value: 'yes' });
      db.close();
    }
  });

  it('a failing migration leaves the database at its previous version', () => {
    const file = path.join(tempDir(), 'fail.db');
    openDatabase(file).db.close();
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      up: 'CREATE TABLE ok1 (x); SELEC nonsense;',
    };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow();
    const { db, schemaVersion } = openDatabase(file);
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok1'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database from a newer Lifeline and leaves the file byte-for-byte unchanged', () => {
    const file = path.join(tempDir(), 'future.db');
    const { db } = openDatabase(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = sha256(file);
    const err = errorOf(() => openDatabase(file));
    expect(err.code).toBe('DB_FROM_FUTURE');
    expect(err.message).toMatch(/newer Lifeline/);
    expect(err.message).toMatch(/left untouched/);
    expect(sha256(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not a database, without a stack trace and without changing it', () => {
    const file = path.join(tempDir(), 'garbage.db');
    fs.writeFileSync(file, Buffer.from('this is a spreadsheet, not a database '.repeat(200)));
    const before = sha256(file);
    const err = errorOf(() => openDatabase(file));
    expect(err.code).toBe('NOT_A_DATABASE');
    expect(err.message).toContain(file);
    expect(err.message).not.toMatch(/\n\s+at /);
    expect(sha256(file)).toBe(before);
  });

  it("refuses another application's SQLite database", () => {
    const file = path.join(tempDir(), 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    other.close();
    const before = sha256(file);
    expect(errorOf(() => openDatabase(file)).message).toMatch(/another application/);
    expect(sha256(file)).toBe(before);
  });

  it('diagnose reports integrity, version and counts, and flags a damaged file', () => {
    const file = path.join(tempDir(), 'doc.db');
    const { db } = openDatabase(file);
    db.close();
    const d = diagnose(file);
    expect(d.healthy).toBe(true);
    expect(d.integrity).toEqual(['ok']);
    expect(d.counts.customers).toBe(0);
    expect(() => diagnose(path.join(tempDir(), 'missing.db'))).toThrow(/does not exist/);
  });
});
