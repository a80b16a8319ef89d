/**
 * API fuzz: every call of the contract, with inputs made from its own schema and then broken
 * (test/helpers/fuzz.ts). A refusal must be a clear error (never INTERNAL), nothing may throw
 * past the dispatcher, the back end must keep answering, and a refused call must leave the
 * database as it was. Valid-looking inputs may succeed; they are counted.
 *
 * LIFELINE_FUZZ_RUNS (cases per call, default 30) and LIFELINE_FUZZ_SEED replay or widen a run;
 * the seed is printed with the totals.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { type Backend, createBackend, MAX_INPUT_ITEMS } from '../../electron/core/api/backend';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { startWebHost, type WebHost } from '../../electron/core/web/server';
import { CALL_NAMES, type CallName, calls } from '../../shared/api/contract';
import type { Result } from '../../shared/api/result';
import { call, inProcess } from '../helpers/api';
import { caseArbitrary, type FuzzCase, inputArbitrary, type Vocabulary } from '../helpers/fuzz';
import { ROOT, tempDir } from '../helpers/tmp';

const RUNS = Number(process.env.LIFELINE_FUZZ_RUNS ?? 30);
const SEED = Number(process.env.LIFELINE_FUZZ_SEED ?? Date.now() % 1_000_000);

/** The most a refusal may weigh as JSON: a message and a short list of issues. */
const MAX_REFUSAL_BYTES = 16 * 1024;

/**
 * Calls that would reach outside this test once their input is accepted (central PostgreSQL,
 * Chromium for a PDF): they get only the cases their schema refuses.
 */
const reachesOutside: Partial<Record<CallName, (input: Record<string, unknown>) => boolean>> = {
  'sync:configure': () => true,
  'handover:export': (input) => input.format === 'pdf',
  'review:export': (input) => input.format === 'pdf',
};

/** Regression cases: inputs the fuzz found answered INTERNAL (or crashing), each now a clear refusal. */
const playbookWith = (body: Record<string, unknown>) => ({
  id: null,
  baseVersion: null,
  title: 'Fuzzed',
  owner: null,
  reviewIntervalDays: 30,
  body: {
    summary: 's',
    appliesTo: { assetKinds: [], tags: [], symptoms: [] },
    restoreTargetMinutes: 60,
    parameters: [],
    steps: [{ id: 's1', title: 'Check', instruction: 'Look.' }],
    ...body,
  },
});
const REGRESSIONS: ReadonlyArray<{ readonly name: CallName; readonly input: unknown }> = [
  // Seed 7: 100 000 copies of a parameter were refused with 99 999 issues, 8 MB of JSON, after
  // seconds of the back end answering nothing else (a list no schema bounds: body.parameters).
  { name: 'playbook:save', input: playbookWith({ parameters: new Array(100_000).fill({ name: 'p' }) }) },
  {
    name: 'playbook:save',
    input: playbookWith({ steps: new Array(100_000).fill({ id: 's1', title: 'Do' }) }),
  },
  { name: 'restore:order', input: { assetIds: new Array(100_000).fill('not an id') } },
  // Seed 12: an import's refusal quoted a 100 kB value from the file whole (100 218 bytes).
  {
    name: 'import:run',
    input: {
      source: 'netbox',
      files: [
        {
          name: 'netbox.json',
          content: JSON.stringify([{ model: 'dcim.region', pk: 1, fields: 'y'.repeat(100_000) }]),
        },
      ],
      dryRun: true,
    },
  },
  {
    name: 'import:run',
    input: {
      source: 'csv',
      files: [
        {
          name: 'customers.csv',
          content: `code,name,kind,tier,time_zone\nBIG,Big Co,${'z'.repeat(100_000)},gold,UTC\n`,
        },
      ],
      dryRun: true,
    },
  },
];

let backend: Backend;
/** A second connection to the same file: its data_version moves when another connection commits. */
let observer: Db;
let vocab: Vocabulary;

beforeAll(async () => {
  const file = path.join(tempDir(), 'fuzz.db');
  backend = createBackend({ dbPath: file, transport: 'web' });
  generateDemo(backend.db, { customers: 6, seed: 11, now: new Date() });
  // An engineer and a submitted handover, so handover calls find real records.
  await call(backend, 'engineer:save', { id: null, name: 'Fuzz Tester', activate: true });
  await call(backend, 'shift:start', {});
  const draft = await call(backend, 'shift:end', {});
  await call(backend, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
  observer = openDatabase(file).db;
  const tables = backend.db
    .prepare(
      `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'id'
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name`,
    )
    .pluck()
    .all() as string[];
  const ids = Object.fromEntries(
    tables.map((t) => [
      t,
      backend.db
        .prepare(`SELECT id FROM "${t}" WHERE typeof(id) = 'text' ORDER BY id LIMIT 20`)
        .pluck()
        .all() as string[],
    ]),
  );
  const codes = backend.db.prepare('SELECT code FROM customers ORDER BY code').pluck().all() as string[];
  const handover = ids.handovers?.[0];
  const bundle = handover
    ? (await call(backend, 'handover:export', { id: handover, format: 'bundle' })).content
    : '{}';
  const fixture = (...parts: string[]) =>
    fs.readFileSync(path.join(ROOT, 'test', 'fixtures', ...parts), 'utf8');
  const csv = fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'csv', 'basic'));
  vocab = {
    ids,
    words: ['a', 'esx', 'down', 'UTC', 'Europe/London', 'America/New_York', 'Not/AZone', 'web01', ...codes],
    byKey: {
      files: [
        csv.map((name) => ({ name, content: fixture('csv', 'basic', name) })),
        [{ name: 'netbox.json', content: fixture('netbox', 'small-v3.6.json') }],
      ],
      content: [bundle],
      text: [
        fixture('alerts', 'alertmanager-node-down.json'),
        fixture('alerts', 'email-zabbix.eml'),
        'CRITICAL: esx01 down',
      ],
      url: ['postgres://alice@127.0.0.1:1/lifeline'],
    },
  };
});

afterAll(() => {
  observer?.close();
  backend?.close();
});

const dataVersion = () => observer.pragma('data_version', { simple: true }) as number;

interface Totals {
  calls: number;
  refused: number;
  accepted: number;
  skipped: number;
  readonly problems: string[];
  readonly slowest: { ms: number; what: string };
  /** Per call, how many answers of each kind ('ok' or the error code), for LIFELINE_FUZZ_VERBOSE=1. */
  readonly answers: Map<string, Record<string, number>>;
}

const newTotals = (): Totals => ({
  calls: 0,
  refused: 0,
  accepted: 0,
  skipped: 0,
  problems: [],
  slowest: { ms: 0, what: '' },
  answers: new Map(),
});

const short = (value: unknown) => {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
  } catch (err) {
    return `(not JSON: ${String(err)})`;
  }
};

/** Sends one case and checks the answer; returns the result, or null when it was skipped. */
async function send(name: CallName, c: FuzzCase, totals: Totals): Promise<Result<unknown> | null> {
  const outside = reachesOutside[name];
  if (outside) {
    let accepted = false;
    try {
      accepted = calls[name].input.safeParse(c.input).success;
    } catch {
      // The dispatcher sees the same throw: send it and let the check below report it.
    }
    if (accepted && outside(c.input as Record<string, unknown>)) {
      totals.skipped += 1;
      return null;
    }
  }
  const what = `${name} (${c.how}) ${short(c.input)}`;
  const before = dataVersion();
  const started = performance.now();
  let result: Result<unknown>;
  try {
    // Answered as the page gets it: what a call writes just after its reply has run.
    result = (await inProcess(backend, name, c.input)) as Result<unknown>;
  } catch (err) {
    totals.calls += 1;
    totals.problems.push(
      `CRASH ${what}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
    );
    return null;
  }
  const ms = performance.now() - started;
  if (ms > totals.slowest.ms) Object.assign(totals.slowest, { ms, what: `${name} (${c.how})` });
  if (process.env.LIFELINE_FUZZ_VERBOSE === '1' && ms > 300)
    console.info(`slow: ${ms.toFixed(0)} ms ${name} (${c.how})`);
  totals.calls += 1;
  const tally = totals.answers.get(name) ?? {};
  const answer = result.ok ? 'ok' : result.error.code;
  tally[answer] = (tally[answer] ?? 0) + 1;
  totals.answers.set(name, tally);
  if (result.ok) totals.accepted += 1;
  else if (result.error.code === 'INTERNAL')
    totals.problems.push(`INTERNAL ${what}: ${result.error.message}`);
  else {
    totals.refused += 1;
    if (dataVersion() !== before) totals.problems.push(`WROTE on refusal ${what}: ${result.error.code}`);
    // A refusal says what to fix in a few lines, not one issue per element of a huge array.
    const size = JSON.stringify(result).length;
    if (size > MAX_REFUSAL_BYTES)
      totals.problems.push(`HUGE refusal ${what}: ${size} bytes, ${result.error.issues?.length ?? 0} issues`);
  }
  return result;
}

describe('API fuzz: every call, valid-looking and broken inputs', () => {
  it('the fingerprint sees a committed write and does not move on a refusal', async () => {
    const before = dataVersion();
    await call(backend, 'settings:update', { theme: 'light' });
    expect(dataVersion()).not.toBe(before);
    const after = dataVersion();
    expect(await backend.call('settings:update', { theme: 'pink' })).toMatchObject({ ok: false });
    expect(dataVersion()).toBe(after);
  });

  it('no call declares a list longer than the dispatcher lets through', () => {
    const longest = (node: unknown): number => {
      if (node === null || typeof node !== 'object') return 0;
      const own =
        (node as { type?: unknown; maxItems?: unknown }).type === 'array'
          ? ((node as { maxItems?: number }).maxItems ?? 0)
          : 0;
      return Math.max(own, ...Object.values(node).map(longest));
    };
    const declared = Math.max(
      ...CALL_NAMES.map((n) =>
        longest(z.toJSONSchema(calls[n].input, { io: 'input', unrepresentable: 'any' })),
      ),
    );
    expect(declared).toBeLessThanOrEqual(MAX_INPUT_ITEMS);
  });

  it('past regressions are clear refusals', async () => {
    const totals = newTotals();
    for (const r of REGRESSIONS) {
      const result = await send(r.name, { input: r.input, how: 'regression' }, totals);
      expect(result?.ok, `${r.name} ${short(r.input)}`).toBe(false);
    }
    expect(totals.problems).toEqual([]);
  });

  it(
    `answers every call without INTERNAL or a crash, and refusals change nothing (${RUNS} cases per call)`,
    async () => {
      const totals = newTotals();
      const started = performance.now();
      for (const [index, name] of CALL_NAMES.entries()) {
        const cases = fc.sample(caseArbitrary(inputArbitrary(name, calls[name].input, vocab)), {
          numRuns: RUNS,
          seed: SEED + index,
        });
        const callStarted = performance.now();
        for (const c of cases) await send(name, c, totals);
        const tally = totals.answers.get(name);
        if (tally) tally.ms = Math.round(performance.now() - callStarted);
        // Still answering after each operation's cases.
        expect((await backend.call('app:info', {})).ok, `app:info after ${name}`).toBe(true);
      }
      const seconds = (performance.now() - started) / 1000;
      if (process.env.LIFELINE_FUZZ_VERBOSE === '1')
        for (const [name, tally] of totals.answers) console.info(name, JSON.stringify(tally));
      const internal = totals.problems.filter((p) => p.startsWith('INTERNAL')).length;
      console.info(
        `fuzz: ${totals.calls} calls over ${CALL_NAMES.length} operations, ${totals.refused} refused cleanly, ${totals.accepted} accepted, ${internal} INTERNAL (seed ${SEED}, ${RUNS} cases per call, ${totals.skipped} skipped as reaching outside, slowest ${totals.slowest.ms.toFixed(0)} ms: ${totals.slowest.what}; ${seconds.toFixed(1)} s)`,
      );
      expect(totals.problems, `seed ${SEED}`).toEqual([]);
      expect(totals.accepted, 'valid-looking inputs reach the handlers').toBeGreaterThan(CALL_NAMES.length);
    },
    Math.max(300_000, RUNS * 3_000),
  );
});

describe('API fuzz through the web host', () => {
  let host: WebHost;
  beforeAll(async () => {
    host = await startWebHost({ backend, staticDir: tempDir(), token: 'fuzz-token' });
  });
  afterAll(() => host?.close());

  const post = async (name: string, body: string | ArrayBuffer, contentType = 'application/json') => {
    const res = await fetch(`${host.origin}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: 'Bearer fuzz-token' },
      body,
    });
    const text = await res.text();
    return { status: res.status, text };
  };

  it('refuses broken payloads with a clear error and keeps serving', async () => {
    const payloads: ReadonlyArray<readonly [string, string | ArrayBuffer]> = [
      ['customer:get', 'not json'],
      ['customer:get', '{'],
      ['customer:get', '{"id": "x"'],
      ['customer:get', 'null'],
      ['customer:get', '"text"'],
      ['customer:get', '[1,2,3]'],
      ['customer:get', '42'],
      ['customer:get', '{"__proto__": {"id": "01890000-0000-7000-8000-000000000000"}}'],
      ['customer:get', '{"constructor": {"prototype": {"polluted": true}}}'],
      ['customer:list', '{"query": "\\ud800"}'],
      ['customer:list', '{"query": "a\\u0000b"}'],
      [
        'customer:list',
        Uint8Array.from([0x7b, 0x22, 0x71, 0x75, 0x65, 0x72, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])
          .buffer,
      ],
      ['customer:list', `{"query": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
      ['customer:list', `{"query": "${'x'.repeat(1024 * 1024)}"}`],
      ['incident:record', '{"incidentId": 1e400, "action": {"type": "note", "text": NaN}}'],
      ['settings:update', '{"theme": "light", "theme": {"deep": true}}'],
      ['no:suchCall', '{}'],
    ];
    // A few are valid JSON the schema accepts (a lone surrogate is a string): those may succeed.
    const answers: string[] = [];
    for (const [name, body] of payloads) {
      const { status, text } = await post(name, body);
      const parsed = JSON.parse(text) as Result<unknown>;
      const what = `${name} ${short(typeof body === 'string' ? body : Buffer.from(body).toString('latin1'))}: ${status} ${text.slice(0, 200)}`;
      expect(status, what).toBeLessThan(500);
      answers.push(parsed.ok ? 'ok' : parsed.error.code);
      if (!parsed.ok) expect(parsed.error.code, what).not.toBe('INTERNAL');
    }
    expect((await post('customer:get', '{}', 'text/plain')).status).toBe(415);
    // The event socket ignores what a client sends; garbage does not take the host down.
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=fuzz-token`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    for (const m of ['not json', '{"call": "customer:get"}', '\u0000', Buffer.from([0xff, 0x00, 0xfe])])
      ws.send(m);
    ws.close();
    const alive = JSON.parse((await post('app:info', '{}')).text) as Result<unknown>;
    expect(alive.ok, 'app:info after the broken payloads').toBe(true);
    const tally = [...new Set(answers)].map((a) => `${answers.filter((x) => x === a).length} ${a}`);
    console.info(`fuzz (web host): ${payloads.length} broken payloads: ${tally.join(', ')}, 0 INTERNAL`);
  });
});
