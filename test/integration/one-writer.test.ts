/**
 * One writer, no lost edits: two processes writing to one database both succeed (every
 * write transaction takes the write lock up front and waits on the busy timeout), and the
 * console that serves a database says in one line who else has it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { bundleChild, eachLine } from '../helpers/bundleChild';
import { startServe } from '../helpers/serve';
import { CLI, tempDir } from '../helpers/tmp';

const EDITS = 100;
let child = '';

beforeAll(async () => {
  child = await bundleChild('writer-child');
});

interface Writer {
  readonly ready: Promise<void>;
  go(): void;
  readonly done: Promise<{ ok: string[]; failed: string[]; stderr: string }>;
}

function startWriter(db: string, prefix: string): Writer {
  const p = spawn(process.execPath, [child, db, prefix, String(EDITS)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const ok: string[] = [];
  const failed: string[] = [];
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  eachLine(p.stdout, (line) => {
    if (line === 'ready') markReady();
    else if (line.startsWith('ok ')) ok.push(line.slice(3));
    else if (line.startsWith('fail ')) failed.push(line.slice(5));
  });
  p.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ ok: string[]; failed: string[]; stderr: string }>((resolve, reject) => {
    p.on('error', reject);
    p.on('close', () => {
      markReady();
      resolve({ ok, failed, stderr });
    });
  });
  return { ready, go: () => p.stdin.end('go\n'), done };
}

describe('two processes writing to one database', () => {
  it(`both make all ${EDITS} of their edits: none fails with "database is locked", none is lost`, async () => {
    const db = path.join(tempDir(), 'lifeline.db');
    openDatabase(db).db.close();
    const a = startWriter(db, 'A');
    const b = startWriter(db, 'B');
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.stderr + rb.stderr).not.toMatch(/Error/);
    expect(ra.failed, ra.failed.slice(0, 3).join('\n')).toEqual([]);
    expect(rb.failed, rb.failed.slice(0, 3).join('\n')).toEqual([]);
    expect(ra.ok).toHaveLength(EDITS);
    expect(rb.ok).toHaveLength(EDITS);

    // Every edit is there: each customer carries the name of its last edit.
    const check = openDatabase(db).db;
    const names = new Map(
      (check.prepare('SELECT code, name FROM customers').all() as Array<{ code: string; name: string }>).map(
        (r) => [r.code, r.name],
      ),
    );
    check.close();
    expect(names.size).toBe(EDITS);
    const last = new Map<string, string>();
    for (const line of [...ra.ok, ...rb.ok]) {
      const [code, ...name] = line.split(' ');
      if (code) last.set(code, name.join(' '));
    }
    expect(Object.fromEntries(names)).toEqual(Object.fromEntries(last));
  }, 60_000);
});

describe('write transactions', () => {
  it('every db.transaction() of an opened database takes the write lock before its first statement', () => {
    const file = path.join(tempDir(), 'lifeline.db');
    const { db } = openDatabase(file);
    const other = openDatabase(file).db;
    other.pragma('busy_timeout = 0');
    let otherCouldWrite: boolean | null = null;
    db.transaction(() => {
      // Nothing written yet: a deferred transaction would hold no lock here.
      try {
        other.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run();
        otherCouldWrite = true;
      } catch {
        otherCouldWrite = false;
      }
    })();
    expect(otherCouldWrite).toBe(false);
    // A read-only snapshot may still ask for a deferred one.
    db.transaction(() => {
      other.prepare("INSERT INTO settings (key, value) VALUES ('probe', '2')").run();
    }).deferred();
    other.close();
    db.close();
  });

  it('a write that waits out the busy timeout answers DB_BUSY (another process is writing; try again), not INTERNAL', async () => {
    const { createBackend } = await import('../../electron/core/api/backend');
    const file = path.join(tempDir(), 'lifeline.db');
    const b = createBackend({ dbPath: file, transport: 'web' });
    // Shorter than the real 5 s so the test stays quick; the mapping is the same.
    b.db.pragma('busy_timeout = 50');
    const other = openDatabase(file).db;
    other.exec('BEGIN IMMEDIATE');
    const r = await b.call('settings:update', { theme: 'light' });
    other.exec('ROLLBACK');
    other.close();
    b.close();
    expect(r).toMatchObject({ ok: false, error: { code: 'DB_BUSY' } });
    if (!r.ok)
      expect(r.error.message).toMatch(/Another Lifeline process is writing to this database .*Try again/);
  });
});

describe('the lock of a served database', () => {
  it('a second `serve` on the same database exits with one line naming the first; the lock goes when it stops', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'lifeline.db');
    const first = await startServe(['--db', db]);
    try {
      const r = spawnSync(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^lifeline serve: ${db.replaceAll('.', '\\.')} is in use by PID ${first.child.pid} \\(lifeline serve, since \\d\\d:\\d\\d\\); stop it or use --db OTHER$`,
        ),
      );
      expect(r.stdout).toBe('');
      // A one-shot command still works alongside it (it waits on the busy timeout instead).
      const doctor = spawnSync(process.execPath, [CLI, 'doctor', '--db', db], { encoding: 'utf8' });
      expect(doctor.status).toBe(0);
      expect(doctor.stdout).toMatch(new RegExp(`In use by: PID ${first.child.pid} \\(lifeline serve, since`));
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
  }, 60_000);

  it('a stale lock (its process is gone) is taken over', async () => {
    const db = path.join(tempDir(), 'lifeline.db');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(gone.stdout);
    fs.writeFileSync(
      `${db}.lock`,
      JSON.stringify({
        pid: deadPid,
        command: 'lifeline serve',
        startedAt: new Date().toISOString(),
        host: os.hostname(),
      }),
    );
    const served = await startServe(['--db', db]);
    try {
      const lock = JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8')) as { pid: number; command: string };
      expect(lock).toMatchObject({ pid: served.child.pid, command: 'lifeline serve' });
      expect((await served.call('app:info', {})).dbPath).toBe(db);
    } finally {
      await served.stop();
    }
  }, 60_000);

  it('restore is refused while a console holds the database, and changes nothing', async () => {
    const db = path.join(tempDir(), 'lifeline.db');
    const served = await startServe(['--db', db]);
    try {
      const backup = await served.call('database:backup', {});
      const before = fs.readFileSync(db);
      const r = spawnSync(process.execPath, [CLI, 'restore', '--db', db], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /is in use by PID \d+ \(lifeline serve, since .*stop it first.*Nothing was changed/,
      );
      expect(fs.readFileSync(db).equals(before)).toBe(true);
      expect(backup.verified).toBe(true);
    } finally {
      await served.stop();
    }
  }, 60_000);
});
