/**
 * Two engineers each save a new version of the same core playbook while offline. Both
 * consoles call it "version N+1"; central takes the first and keeps the second back as a
 * conflict with both versions, on the console that saved it. Whichever way a person resolves
 * it, every console ends with the same numbered history, and nothing is lost silently.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { generateDemo } from '../../electron/core/demo/generate';
import { migrateCentral } from '../../electron/core/sync/central/schema';
import { runRound } from '../../electron/core/sync/round';
import type { PlaybookDetail } from '../../shared/playbooks/model';
import type { RoundSummary } from '../../shared/sync/model';
import { call } from '../helpers/api';
import { type Central, SUPERUSER, SUPERUSER_PASSWORD, startCentral } from '../helpers/central';
import { tempDir } from '../helpers/tmp';

let central: Central;
let databases = 0;
const open: Backend[] = [];

beforeAll(async () => {
  central = await startCentral();
}, 60_000);
afterAll(async () => {
  await central?.stop();
});
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

async function newCentral(): Promise<string> {
  const name = `playbooks_${++databases}`;
  await central.sql(`CREATE DATABASE ${name}`);
  const c = await connect(name);
  await migrateCentral(c);
  await c.end();
  return name;
}

async function connect(database: string): Promise<pg.Client> {
  const c = new pg.Client({
    host: '127.0.0.1',
    port: central.port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    database,
  });
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function round(b: Backend, database: string): Promise<RoundSummary> {
  const c = await connect(database);
  try {
    return await runRound(b.db, c);
  } finally {
    await c.end();
  }
}

function console_(engineer: string): Backend {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  open.push(b);
  b.db.prepare("INSERT INTO settings (key, value) VALUES ('engineer_name', ?)").run(engineer);
  return b;
}

/** Saves a new version with a changed summary, as the editor does. */
async function saveVersion(b: Backend, id: string, summary: string): Promise<PlaybookDetail> {
  const p = await call(b, 'playbook:get', { id });
  return call(b, 'playbook:save', {
    id,
    baseVersion: p.currentVersion,
    title: p.title,
    owner: p.owner,
    reviewIntervalDays: p.reviewIntervalDays,
    body: { ...p.body, summary },
  });
}

function history(b: Backend, id: string): Array<{ number: number; summary: string }> {
  const rows = b.db
    .prepare('SELECT number, body FROM playbook_versions WHERE playbook_id = ? ORDER BY number')
    .all(id) as Array<{ number: number; body: string }>;
  return rows.map((r) => ({
    number: r.number,
    summary: (JSON.parse(r.body) as { summary: string }).summary,
  }));
}

async function setup() {
  const db = await newCentral();
  const a = console_('Ana');
  generateDemo(a.db, { customers: 3, seed: 5, now: new Date('2025-06-01T12:00:00Z') });
  await round(a, db);
  const b = console_('Ben');
  await round(b, db);
  const list = await call(a, 'playbook:list', {});
  const first = list.items[0];
  if (!first) throw new Error('the demo has playbooks');
  return { db, a, b, id: first.id, base: first.currentVersion };
}

describe('playbook versions saved on two consoles while offline', () => {
  it('the second is kept as a conflict with both versions; "mine" makes it the next version everywhere', async () => {
    const { db, a, b, id, base } = await setup();
    await saveVersion(a, id, 'Ana: restart the pool first');
    await saveVersion(b, id, 'Ben: fail over to DR first');

    const fromA = await round(a, db);
    expect(fromA.conflicts).toBe(0);
    const fromB = await round(b, db);
    expect(fromB.conflicts).toBeGreaterThanOrEqual(1);

    const { conflicts } = await call(b, 'sync:conflicts', {});
    const clash = conflicts.find((c) => c.entity === 'playbook_version');
    expect(clash?.reason).toMatch(`Version ${base + 1} of this playbook was also saved on another console`);
    expect(clash?.fields).toContain('body');
    expect(String(clash?.mine?.body)).toContain('Ben: fail over');
    expect(String(clash?.theirs?.body)).toContain('Ana: restart');
    // Until someone decides, Ben keeps seeing his own version; central has only Ana's.
    expect(history(b, id).at(-1)).toEqual({ number: base + 1, summary: 'Ben: fail over to DR first' });
    const c = await connect(db);
    const atCentral = await c.query<{ summary: string }>(
      `SELECT (data->>'body')::jsonb->>'summary' AS summary FROM lifeline.records
        WHERE entity = 'playbook_version' AND data->>'playbook_id' = $1 AND (data->>'number')::int = $2`,
      [id, base + 1],
    );
    await c.end();
    expect(atCentral.rows.map((r) => r.summary)).toEqual(['Ana: restart the pool first']);

    if (!clash) throw new Error('no playbook_version conflict');
    await call(b, 'sync:resolve', { id: clash.id, keep: 'mine' });
    for (const c of (await call(b, 'sync:conflicts', {})).conflicts) {
      await call(b, 'sync:resolve', { id: c.id, keep: 'mine' });
    }
    await round(b, db);
    await round(a, db);

    const expected = [
      { number: base + 1, summary: 'Ana: restart the pool first' },
      { number: base + 2, summary: 'Ben: fail over to DR first' },
    ];
    expect(history(a, id).slice(-2)).toEqual(expected);
    expect(history(b, id).slice(-2)).toEqual(expected);
    expect((await call(a, 'playbook:get', { id })).currentVersion).toBe(base + 2);
    expect((await call(b, 'playbook:get', { id })).currentVersion).toBe(base + 2);
    expect((await call(b, 'sync:status', {})).conflicts).toBe(0);
  });

  it('"theirs" withdraws this console\'s version: both consoles end with the other\'s', async () => {
    const { db, a, b, id, base } = await setup();
    await saveVersion(a, id, 'Ana: restart the pool first');
    await saveVersion(b, id, 'Ben: fail over to DR first');
    await round(a, db);
    await round(b, db);

    for (const c of (await call(b, 'sync:conflicts', {})).conflicts) {
      await call(b, 'sync:resolve', { id: c.id, keep: 'theirs' });
    }
    await round(b, db);
    await round(a, db);

    const expected = { number: base + 1, summary: 'Ana: restart the pool first' };
    expect(history(a, id).at(-1)).toEqual(expected);
    expect(history(b, id).at(-1)).toEqual(expected);
    expect(history(b, id).some((v) => v.summary.startsWith('Ben'))).toBe(false);
    expect((await call(b, 'playbook:get', { id })).currentVersion).toBe(base + 1);
    expect((await call(b, 'sync:status', {})).outbox).toBe(0);
  });
});
