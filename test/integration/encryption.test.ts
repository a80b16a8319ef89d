/**
 * Encryption at rest: what someone holding only the database file (or its -wal) could read,
 * a wrong or missing key, converting a plaintext database, key files and file modes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/core/api/backend';
import { diagnose, openDatabase } from '../../electron/core/db/database';
import { connect } from '../../electron/core/db/driver';
import { copyDatabase, encryptingPath } from '../../electron/core/db/encryption';
import { storedFormat } from '../../electron/core/db/fileFormat';
import { DatabaseKey } from '../../electron/core/db/key';
import {
  DB_KEY_ENV,
  type KeySealer,
  keyFilePath,
  resolveDatabaseKey,
  sealedKeyFilePath,
} from '../../electron/core/db/keyStore';
import { generateDemo } from '../../electron/core/demo/generate';
import { DEMO_NOW } from '../helpers/demo';
import { errorOf } from '../helpers/errors';
import { sha256, tempDir } from '../helpers/tmp';

const KEY = DatabaseKey.fromHex('7f'.repeat(32), 'the test key');
const OTHER_KEY = DatabaseKey.fromHex('a5'.repeat(32), 'another test key');
const POSIX = process.platform !== 'win32';

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Every file in `dir` whose bytes contain `text` (as UTF-8), as `strings | grep` would find it. */
function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return fs
    .readdirSync(dir)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .filter((f) => fs.readFileSync(path.join(dir, f)).includes(needle));
}

interface DemoFile {
  readonly dir: string;
  readonly file: string;
  readonly contact: { readonly name: string; readonly phone: string };
}

/** A small demo database, plus one write left in the WAL (the connection stays open). */
function demoWithWrites(key: DatabaseKey | null): DemoFile & { close: () => void } {
  const dir = tempDir();
  const file = path.join(dir, 'lifeline.db');
  const backend = createBackend({ dbPath: file, transport: 'web', dbKey: key });
  backend.db.pragma('wal_autocheckpoint = 0');
  generateDemo(backend.db, { customers: 3, seed: 7, now: DEMO_NOW });
  const contact = backend.db
    .prepare(
      "SELECT id, name, phone FROM contacts WHERE phone IS NOT NULL AND phone != '' ORDER BY id LIMIT 1",
    )
    .get() as { id: string; name: string; phone: string };
  backend.db
    .prepare('UPDATE contacts SET notes = ? WHERE id = ?')
    .run(`Call ${contact.name} on ${contact.phone} first`, contact.id);
  return { dir, file, contact, close: () => backend.close() };
}

describe('encryption at rest', () => {
  it("a contact's name and phone are nowhere in the database file or its WAL, unlike a plaintext one", () => {
    const plain = demoWithWrites(null);
    try {
      // The control: the same data unencrypted is readable in the raw bytes, so the check can fail.
      expect(filesContaining(plain.dir, plain.contact.name).length).toBeGreaterThan(0);
    } finally {
      plain.close();
    }

    const enc = demoWithWrites(KEY);
    try {
      expect(fs.existsSync(`${enc.file}-wal`)).toBe(true);
      expect(fs.statSync(`${enc.file}-wal`).size).toBeGreaterThan(0);
      expect(filesContaining(enc.dir, enc.contact.name)).toEqual([]);
      expect(filesContaining(enc.dir, enc.contact.phone)).toEqual([]);
      expect(storedFormat(enc.file)).toBe('encrypted');
    } finally {
      enc.close();
    }
    // And it reads back with the key.
    const { db } = openDatabase(enc.file, { key: KEY });
    expect(
      (db.prepare('SELECT count(*) AS n FROM contacts WHERE name = ?').get(enc.contact.name) as { n: number })
        .n,
    ).toBeGreaterThan(0);
    db.close();
  });

  it('a wrong key or no key is one clear line, and the file stays byte-for-byte as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lifeline.db');
    openDatabase(file, { key: KEY }).db.close();
    const before = sha256(file);
    const listing = fs.readdirSync(dir).sort();

    const wrong = errorOf(() => openDatabase(file, { key: OTHER_KEY }));
    expect(wrong.code).toBe('WRONG_KEY');
    expect(wrong.message).toContain(file);
    expect(wrong.message).toMatch(/could not be decrypted with this key/);
    expect(wrong.message).toMatch(/LIFELINE_DB_KEY/);
    expect(wrong.message).toMatch(/left untouched/);
    expect(wrong.message).not.toContain('\n');

    const none = errorOf(() => openDatabase(file));
    expect(none.code).toBe('WRONG_KEY');
    expect(none.message).toMatch(/is encrypted and no key for it was found/);

    expect(errorOf(() => diagnose(file, { key: OTHER_KEY })).code).toBe('WRONG_KEY');
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
  });

  it('a plaintext database is encrypted on first open with a key: data (WAL included) intact, no plaintext copy left', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lifeline.db');
    // A plaintext database whose last commit is still only in its WAL (as after a crash).
    const staging = path.join(tempDir(), 'staging.db');
    const old = openDatabase(staging).db;
    old.pragma('wal_autocheckpoint = 0');
    generateDemo(old, { customers: 2, seed: 3, now: DEMO_NOW });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.prepare("INSERT INTO settings (key, value) VALUES ('only-in-wal', 'Wendy Walsh 555-0199')").run();
    fs.copyFileSync(staging, file);
    fs.copyFileSync(`${staging}-wal`, `${file}-wal`);
    old.close();
    if (POSIX) fs.chmodSync(file, 0o644);
    const plainCounts = diagnose(file).counts;
    expect(diagnose(file).encrypted).toBe(false);

    const { db, created } = openDatabase(file, { key: KEY });
    expect(created).toBe(false);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'only-in-wal'").get()).toEqual({
      value: 'Wendy Walsh 555-0199',
    });
    db.close();
    expect(fs.readdirSync(dir)).toEqual(['lifeline.db']);

    expect(storedFormat(file)).toBe('encrypted');
    const d = diagnose(file, { key: KEY });
    expect(d).toMatchObject({ encrypted: true, cipher: 'sqlcipher', healthy: true, integrity: ['ok'] });
    expect(d.counts).toEqual(plainCounts);
    expect(filesContaining(dir, 'Wendy Walsh')).toEqual([]);
    expect(fs.existsSync(encryptingPath(file))).toBe(false);
    if (POSIX) expect(mode(file)).toBe(0o600);
  });

  it('is not converted while another connection has it open, and is left as it was', () => {
    const file = path.join(tempDir(), 'busy.db');
    const other = openDatabase(file).db;
    try {
      const before = other.prepare('SELECT count(*) AS n FROM sqlite_master').get();
      const err = errorOf(() => openDatabase(file, { key: KEY }));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toMatch(/open in another program/);
      expect(storedFormat(file)).toBe('plaintext');
      expect(fs.existsSync(encryptingPath(file))).toBe(false);
      expect(other.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual(before);
    } finally {
      other.close();
    }
  });

  it.skipIf(!POSIX)('the database, its -wal and -shm and the key file are 0600', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lifeline.db');
    const key = must(resolveDatabaseKey(file, { env: {}, create: true }));
    expect(key.created).toBe(true);
    const { db } = openDatabase(file, { key: key.key });
    db.prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`, keyFilePath(file)]) {
      expect([f, mode(f).toString(8)]).toEqual([f, '600']);
    }
    db.close();
    // An existing database made readable by others is made owner-only again when opened.
    fs.chmodSync(file, 0o644);
    openDatabase(file, { key: key.key }).db.close();
    expect(mode(file)).toBe(0o600);
  });

  it('diagnose says whether the file is encrypted', () => {
    const dir = tempDir();
    const plain = path.join(dir, 'plain.db');
    const enc = path.join(dir, 'enc.db');
    openDatabase(plain).db.close();
    openDatabase(enc, { key: KEY }).db.close();
    expect(diagnose(plain)).toMatchObject({ encrypted: false, cipher: null, healthy: true });
    expect(diagnose(enc, { key: KEY })).toMatchObject({
      encrypted: true,
      cipher: 'sqlcipher',
      healthy: true,
    });
  });

  it('key files: made once (0600), reused, never made for an encrypted file; LIFELINE_DB_KEY is checked', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lifeline.db');
    expect(resolveDatabaseKey(file, { env: {}, create: false })).toBeNull();
    const made = must(resolveDatabaseKey(file, { env: {}, create: true }));
    expect(made).toMatchObject({ source: 'key file', file: keyFilePath(file), created: true });
    expect(fs.readFileSync(keyFilePath(file), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = must(resolveDatabaseKey(file, { env: {}, create: true }));
    expect(again.created).toBe(false);
    expect(again.key.equals(made.key)).toBe(true);
    openDatabase(file, { key: made.key }).db.close();

    // The key file lost: no new (wrong) key is made for the encrypted database.
    fs.rmSync(keyFilePath(file));
    expect(resolveDatabaseKey(file, { env: {}, create: true })).toBeNull();
    expect(fs.existsSync(keyFilePath(file))).toBe(false);

    // LIFELINE_DB_KEY wins, and a malformed one is refused without echoing it.
    const fromEnv = resolveDatabaseKey(file, { env: { [DB_KEY_ENV]: KEY.revealHex() }, create: true });
    expect(fromEnv?.source).toBe('environment');
    const bad = errorOf(() =>
      resolveDatabaseKey(file, { env: { [DB_KEY_ENV]: 'hunter2-secret' }, create: true }),
    );
    expect(bad.code).toBe('WRONG_KEY');
    expect(bad.message).toMatch(/LIFELINE_DB_KEY is not a database key: it must be 64 hexadecimal digits/);
    expect(bad.message).not.toContain('hunter2');
  });

  it('the desktop key is sealed (no plain key file), and a sealed key cannot be used without the keychain', () => {
    const file = path.join(tempDir(), 'lifeline.db');
    const sealer: KeySealer = {
      seal: (plain) => Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`),
      unseal: (sealed) => Buffer.from(sealed.toString().replace(/^sealed:/, ''), 'base64').toString(),
    };
    const made = must(resolveDatabaseKey(file, { env: {}, sealer, create: true }));
    expect(made).toMatchObject({ source: 'sealed key file', file: sealedKeyFilePath(file), created: true });
    expect(fs.existsSync(keyFilePath(file))).toBe(false);
    expect(fs.readFileSync(sealedKeyFilePath(file)).includes(Buffer.from(made.key.revealHex()))).toBe(false);
    if (POSIX) expect(mode(sealedKeyFilePath(file))).toBe(0o600);
    const unsealed = must(resolveDatabaseKey(file, { env: {}, sealer, create: true }));
    expect(unsealed.key.equals(made.key)).toBe(true);
    const noKeychain = errorOf(() => resolveDatabaseKey(file, { env: {}, sealer: null, create: true }));
    expect(noKeychain.code).toBe('WRONG_KEY');
    expect(noKeychain.message).toMatch(/sealed by the desktop app's OS keychain/);
  });

  it('a key never shows in a log line', () => {
    const hex = KEY.revealHex();
    expect(String(KEY)).not.toContain(hex);
    expect(JSON.stringify({ key: KEY })).not.toContain(hex);
    expect(inspect({ key: KEY })).not.toContain(hex);
  });

  it('copyDatabase (for backups) writes an encrypted copy with the same key, 0600', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lifeline.db');
    const { db } = openDatabase(file, { key: KEY });
    db.prepare("INSERT INTO settings (key, value) VALUES ('copied', 'Wendy Walsh')").run();
    const copy = path.join(dir, 'backup.db');
    copyDatabase(db, copy);
    db.close();
    expect(storedFormat(copy)).toBe('encrypted');
    expect(filesContaining(dir, 'Wendy Walsh')).toEqual([]);
    if (POSIX) expect(mode(copy)).toBe(0o600);
    const back = connect(copy, { key: KEY, readonly: true });
    expect(back.prepare("SELECT value FROM settings WHERE key = 'copied'").get()).toEqual({
      value: 'Wendy Walsh',
    });
    back.close();
  });
});
