import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { openKeyed } from '../helpers/keyed';
import { startServe } from '../helpers/serve';
import { CLI, ROOT, sha256, tempDir } from '../helpers/tmp';

function lifelineWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFELINE_DB: '', LIFELINE_DB_KEY: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const lifeline = (...args: string[]) => lifelineWith({}, ...args);
const POSIX = process.platform !== 'win32';
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('lifeline CLI', () => {
  it('--help lists the commands, and each command has its own help', () => {
    const r = lifeline('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'demo', 'doctor', 'search', 'import', 'export']) {
      expect(r.out).toContain(cmd);
      const h = lifeline(cmd, '--help');
      expect(h.code).toBe(0);
      expect(h.out).toContain(`lifeline ${cmd}`);
    }
  });

  it('an unknown command or flag is one clear line and a non-zero exit', () => {
    const unknown = lifeline('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err.trim().split('\n')).toHaveLength(1);
    expect(unknown.err).toContain('unknown command');
    const flag = lifeline('doctor', '--nope');
    expect(flag.code).toBe(2);
    expect(flag.err.trim().split('\n')).toHaveLength(1);
    const count = lifeline('demo', '--db', path.join(tempDir(), 'x.db'), '--customers', 'many');
    expect(count.code).toBe(2);
    expect(count.err).toContain('--customers must be a whole number');
  });

  it('demo fills a new database deterministically, and refuses one that holds data', () => {
    const dir = tempDir();
    const file = path.join(dir, 'demo.db');
    const r = lifeline('demo', '--db', file, '--customers', '8', '--seed', '7');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Demo data written to .*demo\.db/);
    const db = openKeyed(file, { readonly: true });
    const customers = (
      db.prepare("SELECT count(*) AS n FROM customers WHERE source = 'demo'").get() as { n: number }
    ).n;
    expect(customers).toBeGreaterThanOrEqual(8);
    db.close();
    const again = lifeline('demo', '--db', file);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds \d+ customers/);
  });

  it('doctor reports a good database as healthy', () => {
    const file = path.join(tempDir(), 'good.db');
    expect(lifeline('demo', '--db', file, '--customers', '3').code).toBe(0);
    const r = lifeline('doctor', '--db', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Integrity: ok');
    expect(r.out).toMatch(/customers\s+\d+/);
    expect(r.out).toContain('Healthy.');
    const json = JSON.parse(lifeline('doctor', '--db', file, '--json').out) as {
      healthy: boolean;
      schemaVersion: number;
    };
    expect(json.healthy).toBe(true);
  });

  it('demo writes an encrypted database with its key file (0600); doctor says whether a file is encrypted', () => {
    const dir = tempDir();
    const file = path.join(dir, 'demo.db');
    expect(lifeline('demo', '--db', file, '--customers', '3', '--seed', '5').code).toBe(0);
    expect(fs.readFileSync(`${file}.key`, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    if (POSIX) {
      expect(mode(file)).toBe('600');
      expect(mode(`${file}.key`)).toBe('600');
    }
    const db = openKeyed(file, { readonly: true });
    const contact = db.prepare('SELECT name FROM contacts ORDER BY id LIMIT 1').get() as { name: string };
    db.close();
    expect(fs.readFileSync(file).includes(Buffer.from(contact.name))).toBe(false);

    const r = lifeline('doctor', '--db', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Encrypted: yes (sqlcipher)');
    const json = JSON.parse(lifeline('doctor', '--db', file, '--json').out) as {
      encrypted: boolean;
      cipher: string;
    };
    expect(json).toMatchObject({ encrypted: true, cipher: 'sqlcipher' });

    const plain = path.join(dir, 'plain.db');
    openDatabase(plain).db.close();
    const p = lifeline('doctor', '--db', plain);
    expect(p.code).toBe(0);
    expect(p.out).toMatch(/Encrypted: no/);
    expect(JSON.parse(lifeline('doctor', '--db', plain, '--json').out)).toMatchObject({ encrypted: false });
    expect(fs.existsSync(`${plain}.key`)).toBe(false); // doctor makes no key
  });

  it('a malformed or wrong LIFELINE_DB_KEY, or a lost key file, is one clear line and the file is untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'k.db');
    expect(lifeline('demo', '--db', file, '--customers', '1').code).toBe(0);
    const before = sha256(file);
    const bad = lifelineWith({ LIFELINE_DB_KEY: 'not-a-key' }, 'search', 'acme', '--db', file);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/LIFELINE_DB_KEY is not a database key: it must be 64 hexadecimal digits/);
    const wrong = lifelineWith({ LIFELINE_DB_KEY: 'ab'.repeat(32) }, 'doctor', '--db', file);
    expect(wrong.code).toBe(1);
    expect(wrong.err.trim().split('\n')).toHaveLength(1);
    expect(wrong.err).toMatch(
      /could not be decrypted with this key: set LIFELINE_DB_KEY or restore the key file/,
    );
    fs.renameSync(`${file}.key`, path.join(dir, 'elsewhere'));
    const lost = lifeline('search', 'acme', '--db', file);
    expect(lost.code).toBe(1);
    expect(lost.err).toMatch(/is encrypted and no key for it was found/);
    expect(fs.existsSync(`${file}.key`)).toBe(false);
    expect(sha256(file)).toBe(before);
  });

  it('doctor on a damaged file exits non-zero with one clear line, no stack trace', () => {
    const file = path.join(tempDir(), 'bad.db');
    expect(lifeline('demo', '--db', file, '--customers', '3').code).toBe(0);
    // Overwrite the middle of the file: the header stays valid, the b-trees do not.
    const bytes = fs.readFileSync(file);
    const half = Math.floor(bytes.length / 2);
    bytes.fill(0x5a, half, half + 16384);
    fs.writeFileSync(file, bytes);
    const r = lifeline('doctor', '--db', file);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/PROBLEMS FOUND|damaged|malformed/);
    expect(r.err).not.toMatch(/\n\s+at /);

    const garbage = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(garbage, 'hello, I am a text file');
    const g = lifeline('doctor', '--db', garbage);
    expect(g.code).toBe(1);
    expect(g.err.trim().split('\n')).toHaveLength(1);
    expect(g.err).toContain('is not a Lifeline database');
  });

  it('doctor | head: a reader that goes away ends the command quietly, no EPIPE stack trace', async () => {
    const file = path.join(tempDir(), 'piped.db');
    expect(lifeline('demo', '--db', file, '--customers', '3').code).toBe(0);
    /** Runs the CLI with `closed` ('stdout' or 'stderr') a pipe nobody reads: closed before it writes. */
    const withClosed = (closed: 'stdout' | 'stderr', ...args: string[]) =>
      new Promise<{ code: number | null; other: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        child[closed].destroy();
        let other = '';
        child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (d: Buffer) => {
          other += d.toString();
        });
        child.on('close', (code) => resolve({ code, other }));
      });
    const doctor = await withClosed('stdout', 'doctor', '--db', file);
    expect(doctor.other).toBe('');
    expect(doctor.code).toBe(0);
    const help = await withClosed('stdout', '--help');
    expect(help.other).toBe('');
    // An error line into a closed stderr: the usual exit code, nothing thrown.
    const missing = await withClosed('stderr', 'doctor', '--db', path.join(tempDir(), 'none.db'));
    expect(missing.other).toBe('');
    expect(missing.code).toBe(1);

    // And the real thing through a shell pipe, where the shell has it.
    if (fs.existsSync('/bin/sh')) {
      const piped = spawnSync(
        '/bin/sh',
        ['-c', `"${process.execPath}" "${CLI}" doctor --db "${file}" | head -1`],
        {
          encoding: 'utf8',
        },
      );
      expect(piped.stdout).toMatch(/^Database: /);
      expect(piped.stdout.trim().split('\n')).toHaveLength(1);
      expect(piped.stderr).toBe('');
    }
  });

  it('serve on a new --db path starts empty: only the app default database is seeded', async () => {
    const file = path.join(tempDir(), 'fresh.db');
    const served = await startServe(['--db', file]);
    try {
      expect(await served.call('app:info', {})).toMatchObject({
        demo: false,
        dbPath: file,
        counts: { customers: 0, assets: 0 },
      });
    } finally {
      await served.stop();
    }
  });

  it('serve without --db seeds the per-user app database with demo data on first run', async () => {
    const home = tempDir();
    const served = await startServe([], {
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      LIFELINE_DB: '',
    });
    try {
      const info = await served.call('app:info', {});
      expect(info.demo).toBe(true);
      expect(info.dbPath).toBe(path.join(home, '.config', 'Lifeline', 'lifeline.db'));
      expect(info.counts.customers).toBeGreaterThanOrEqual(60);
      if (POSIX) {
        // The app data folder is the user's alone, and so are the database and its key.
        expect(mode(path.join(home, '.config', 'Lifeline'))).toBe('700');
        expect(mode(info.dbPath)).toBe('600');
        expect(mode(`${info.dbPath}.key`)).toBe('600');
      }
    } finally {
      await served.stop();
    }
  });

  it('imports Markdown runbooks, exports playbooks and a go-bag through the real command line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'pb.db');
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'runbooks', 'basic');
    const imported = lifeline('import', 'runbooks', fixtures, '--db', file);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const exportDir = path.join(dir, 'export');
    const exported = lifeline('export', 'playbooks', exportDir, '--db', file);
    expect(exported.code).toBe(0);
    const files = fs.readdirSync(exportDir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);

    const demoDb = path.join(dir, 'demo.db');
    expect(lifeline('demo', '--db', demoDb, '--customers', '4', '--seed', '2').code).toBe(0);
    const code = (
      openKeyed(demoDb, { readonly: true })
        .prepare("SELECT code FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 1")
        .get() as { code: string }
    ).code;
    const out = path.join(dir, 'gobag.md');
    const gobag = lifeline('export', 'gobag', code, '--db', demoDb, '--out', out);
    expect(gobag.err).toBe('');
    expect(gobag.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain(code);
    expect(text).toMatch(/SHA-256/);
    const unknown = lifeline('export', 'gobag', 'NOPE', '--db', demoDb, '--out', path.join(dir, 'x.md'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.err.trim().split('\n')).toHaveLength(1);
  });
});
