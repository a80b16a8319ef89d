/**
 * One writer, no lost edits: two processes writing to one database both succeed (every
 * write transaction takes the write lock up front and waits on the busy timeout), and the
 * console that serves a database says in one line who else has it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { bundleChild } from '../helpers/bundleChild';
import { tempDir } from '../helpers/tmp';

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
  let buffer = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  p.stdout.setEncoding('utf8');
  p.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') markReady();
      else if (line.startsWith('ok ')) ok.push(line.slice(3));
      else if (line.startsWith('fail ')) failed.push(line.slice(5));
    }
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
