/**
 * What a console does with pulled rows whose parent it does not hold (parked, never
 * inserted, retried when the parent arrives), what `doctor` says of orphan rows, that a
 * revocation purge leaves foreign_key_check clean (against a real PostgreSQL), and what a
 * person reads of central's decisions: changes it refused (`sync:refusals`, with its
 * reason) and who central says wrote an incident event.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { CUSTOMER_COLUMN_TABLES } from '../../electron/core/sync/entities';
import { applyBatch, type CentralRow } from '../../electron/core/sync/local';
import { runRound } from '../../electron/core/sync/round';
import { stampsWritten } from '../../electron/core/sync/stamps';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { call, refusal } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { centralForFile, SUPERUSER, SUPERUSER_PASSWORD } from '../helpers/central';
import { CLI, dumpDatabase, tempDir } from '../helpers/tmp';

const NOW = new Date('2025-06-01T12:00:00Z');
const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

function newConsole(): Backend {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  open.push(b);
  b.db.prepare("INSERT INTO settings (key, value) VALUES ('engineer_name', 'Ana Alvarez')").run();
  return b;
}

function doctor(file: string, ...flags: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--db', file, ...flags], {
    encoding: 'utf8',
    env: { ...process.env, LIFELINE_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every row of a customer in the tables that name their customer. */
function ownedBy(db: Db, customerId: string): Record<string, unknown[]> {
  return Object.fromEntries(
    CUSTOMER_COLUMN_TABLES.map((t) => [
      t,
      db.prepare(`SELECT * FROM ${t} WHERE customer_id = ? ORDER BY id`).all(customerId),
    ]),
  );
}

function fkCheck(db: Db): unknown[] {
  return db.pragma('foreign_key_check') as unknown[];
}

let seq = 0;
/** A row as central's pull returns it, from a record held on another console. */
function fromCentral(entity: string, data: Record<string, unknown>, customerId: string | null): CentralRow {
  seq++;
  return {
    entity,
    id: String(data.id),
    customer_id: customerId,
    data,
    rev: 1,
    deleted: false,
    updated_by: 'mallory',
    updated_at: NOW.toISOString(),
    txid: '1000',
    seq: String(seq),
  };
}

/** A customer and a contact under it, written on a source console, as central holds them. */
function elsewhere(): { customer: CentralRow; contact: CentralRow; customerId: string } {
  const source = newConsole();
  const customerId = addCustomer(source.db, { code: 'OTHR', name: 'Other Team Customer', tier: 'gold' });
  const contactId = uuidv7();
  source.db
    .prepare(
      `INSERT INTO contacts (id, customer_id, name, role, phone, escalation_order, created_at, updated_at)
       VALUES (?, ?, 'FAKE NOC (call first)', 'NOC', '+1 555 0100', 0, ?, ?)`,
    )
    .run(contactId, customerId, NOW.toISOString(), NOW.toISOString());
  const row = (table: string, id: string) =>
    source.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>;
  return {
    customer: fromCentral('customer', row('customers', customerId), customerId),
    contact: fromCentral('contact', row('contacts', contactId), null),
    customerId,
  };
}

describe('pulled rows whose parent this console does not hold', () => {
  it('a contact under a customer not held is parked, not inserted; doctor is healthy and counts it; the customer arriving lets it in', async () => {
    const b = newConsole();
    const { customer, contact, customerId } = elsewhere();
    const out = applyBatch(b.db, [contact], null, NOW);
    expect(out).toMatchObject({ applied: 0, parked: 1 });
    expect(b.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
    expect(fkCheck(b.db)).toEqual([]);
    // Nothing of it in search either, and nothing queued to push back.
    expect((await call(b, 'search:query', { query: 'FAKE NOC' })).hits).toEqual([]);
    expect(b.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    const parked = await call(b, 'sync:parked', {});
    expect(parked.parked).toHaveLength(1);
    expect(parked.parked[0]).toMatchObject({
      entity: 'contact',
      rowId: contact.id,
      reason: 'orphan',
      detail: `Contact 'FAKE NOC (call first)' names customer ${customerId}, which this console does not hold`,
    });

    const file = b.db.name;
    b.close();
    open.splice(open.indexOf(b), 1);
    const text = doctor(file);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Foreign keys: ok');
    expect(text.out).toMatch(/Parked:\s+1 pulled row waits for a parent/);
    expect(text.out).toContain('Healthy.');
    const json = JSON.parse(doctor(file, '--json').out) as {
      healthy: boolean;
      orphans: unknown[];
      parked: { orphan: number; chain: number };
    };
    expect(json).toMatchObject({ healthy: true, orphans: [], parked: { orphan: 1, chain: 0 } });

    // Later the customer becomes visible: the contact goes in with it, and leaves the list.
    const again = createBackend({ dbPath: file, transport: 'web' });
    open.push(again);
    const later = applyBatch(again.db, [customer], null, NOW);
    expect(later).toMatchObject({ applied: 1, parked: 0, unparked: 1 });
    expect(again.db.prepare('SELECT name FROM contacts WHERE id = ?').pluck().get(contact.id)).toBe(
      'FAKE NOC (call first)',
    );
    expect(again.db.prepare('SELECT rev FROM sync_rows WHERE row_id = ?').pluck().get(contact.id)).toBe(1);
    expect((await call(again, 'sync:parked', {})).parked).toEqual([]);
    expect(fkCheck(again.db)).toEqual([]);
    expect((await call(again, 'search:query', { query: 'FAKE NOC' })).hits.length).toBe(1);
  });

  it('a child before its parent in the same batch goes in; an incident under a missing customer waits with its events', async () => {
    const b = newConsole();
    const { customer, contact } = elsewhere();
    expect(applyBatch(b.db, [contact, customer], null, NOW)).toMatchObject({ applied: 2, parked: 0 });
    expect(b.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(1);

    // An incident and its event under a customer this console does not hold.
    const ghost = uuidv7();
    const incidentId = uuidv7();
    const at = NOW.toISOString();
    const incident = fromCentral(
      'incident',
      {
        id: incidentId,
        customer_id: ghost,
        title: 'db01 down',
        severity: 'sev2',
        status: 'open',
        opened_at: at,
        created_at: at,
        updated_at: at,
      },
      ghost,
    );
    const event = fromCentral(
      'incident_event',
      {
        id: uuidv7(),
        incident_id: incidentId,
        at,
        device: 'd1',
        author: 'Mallory',
        type: 'note',
        payload: '{"text":"hi"}',
      },
      ghost,
    );
    expect(applyBatch(b.db, [incident, event], null, NOW)).toMatchObject({ applied: 0, parked: 2 });
    expect(b.db.prepare('SELECT count(*) FROM incident_events').pluck().get()).toBe(0);
    expect(fkCheck(b.db)).toEqual([]);
    const details = (await call(b, 'sync:parked', {})).parked.map((p) => p.detail);
    expect(details).toEqual(
      expect.arrayContaining([
        `Incident 'db01 down' names customer ${ghost}, which this console does not hold`,
        `Incident event 'note' names incident ${incidentId}, which this console does not hold`,
      ]),
    );
  });

  it('doctor reports an orphan made by hand (foreign keys off) as not healthy, naming the table and row', () => {
    const file = path.join(tempDir(), 'orphan.db');
    const b = createBackend({ dbPath: file, transport: 'web' });
    const contactId = uuidv7();
    b.db.pragma('foreign_keys = OFF');
    b.db
      .prepare(
        `INSERT INTO contacts (id, customer_id, name, role, escalation_order, created_at, updated_at)
         VALUES (?, 'no-such-customer', 'Orphan Olive', 'DBA', 1, ?, ?)`,
      )
      .run(contactId, NOW.toISOString(), NOW.toISOString());
    b.close();
    const text = doctor(file);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/Foreign keys: 1 orphan row/);
    expect(text.out).toContain(`contacts id ${contactId}: customer_id names customers no-such-customer`);
    expect(text.out).toContain('PROBLEMS FOUND');
    const json = JSON.parse(doctor(file, '--json').out) as { healthy: boolean; orphans: unknown[] };
    expect(json.healthy).toBe(false);
    expect(json.orphans).toEqual([
      expect.objectContaining({
        table: 'contacts',
        id: contactId,
        parent: 'customers',
        column: 'customer_id',
      }),
    ]);
    // The file was only read.
    const ro = new Database(file, { readonly: true });
    expect(ro.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(1);
    ro.close();
  });
});

describe('a revocation purge against a real central', () => {
  const central = centralForFile();
  beforeAll(async () => {
    await central().createEngineer('alice', 'alice-secret-1');
  });

  async function round(db: Db, user = SUPERUSER, password = SUPERUSER_PASSWORD) {
    const c = new pg.Client({
      host: '127.0.0.1',
      port: central().port,
      user,
      password,
      database: 'lifeline',
    });
    await c.connect();
    try {
      return await runRound(db, c);
    } finally {
      await c.end();
    }
  }

  it('leaves foreign_key_check clean and the other customers intact; a link into the purged customer returns with it', async () => {
    const admin = newConsole();
    generateDemo(admin.db, { customers: 4, seed: 5, now: NOW });
    const [keep, gone] = admin.db
      .prepare("SELECT id FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 2")
      .pluck()
      .all() as string[];
    const assetOf = (customer: string | undefined) =>
      admin.db
        .prepare('SELECT id FROM assets WHERE customer_id = ? ORDER BY id LIMIT 1')
        .pluck()
        .get(customer) as string;
    // A dependency across two customers of the same team: keep's asset needs gone's.
    const linkId = uuidv7();
    admin.db
      .prepare(
        "INSERT INTO asset_links (id, from_asset_id, to_asset_id, kind, created_at, updated_at) VALUES (?, ?, ?, 'depends_on', ?, ?)",
      )
      .run(linkId, assetOf(keep), assetOf(gone), NOW.toISOString(), NOW.toISOString());
    await round(admin.db);
    await central().sql("INSERT INTO lifeline.teams (name) VALUES ('A')");
    await central().sql("INSERT INTO lifeline.team_members (team, role_name) VALUES ('A', 'alice')");
    for (const id of [keep, gone])
      await central().sql("INSERT INTO lifeline.customer_teams (customer_id, team) VALUES ($1, 'A')", [id]);

    const alice = newConsole();
    await round(alice.db, 'alice', 'alice-secret-1');
    expect(alice.db.prepare('SELECT count(*) FROM asset_links WHERE id = ?').pluck().get(linkId)).toBe(1);
    const keptBefore = ownedBy(alice.db, String(keep));
    expect(keptBefore.assets?.length).toBeGreaterThan(0);

    await central().sql("DELETE FROM lifeline.customer_teams WHERE team = 'A' AND customer_id = $1", [gone]);
    const purge = await round(alice.db, 'alice', 'alice-secret-1');
    expect(purge.purgedCustomers).toBe(1);
    expect(fkCheck(alice.db)).toEqual([]);
    expect(alice.db.prepare('SELECT count(*) FROM customers WHERE id = ?').pluck().get(gone)).toBe(0);
    expect(ownedBy(alice.db, String(keep))).toEqual(keptBefore);
    const waiting = (await call(alice, 'sync:parked', {})).parked;
    expect(waiting.map((p) => p.rowId)).toEqual([linkId]);
    expect((await call(alice, 'sync:status', {})).outbox).toBe(0);

    // Access returns: the customer comes back, and the link with it.
    await central().sql("INSERT INTO lifeline.customer_teams (customer_id, team) VALUES ($1, 'A')", [gone]);
    await round(alice.db, 'alice', 'alice-secret-1');
    expect(alice.db.prepare('SELECT count(*) FROM asset_links WHERE id = ?').pluck().get(linkId)).toBe(1);
    expect((await call(alice, 'sync:parked', {})).parked).toEqual([]);
    expect(fkCheck(alice.db)).toEqual([]);
  });
});

/** What recordPushResults leaves for a refused record: parked 'denied' with central's words. */
function refuse(b: Backend, entity: string, id: string, reason: string | null): void {
  const r = b.db
    .prepare("UPDATE sync_outbox SET parked = 'denied', reason = ? WHERE entity = ? AND row_id = ?")
    .run(reason, entity, id);
  expect(r.changes).toBe(1);
}

describe('changes central refused', () => {
  it('sync:refusals lists each refused record with its label, owner, reason and where to open it', async () => {
    const b = newConsole();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const other = addCustomer(b.db, { code: 'HARB', name: 'Harbor Logistics', tier: 'gold' });
    const contact = uuidv7();
    b.db
      .prepare(
        `INSERT INTO contacts (id, customer_id, name, role, escalation_order, created_at, updated_at)
         VALUES (?, ?, 'Jo Bloggs', 'IT lead', 1, ?, ?)`,
      )
      .run(contact, acme, NOW.toISOString(), NOW.toISOString());
    const vendor = uuidv7();
    b.db
      .prepare("INSERT INTO vendors (id, name, created_at, updated_at) VALUES (?, 'Dell Technologies', ?, ?)")
      .run(vendor, NOW.toISOString(), NOW.toISOString());
    refuse(b, 'contact', contact, 'the contact names customer ACME but was sent as shared');
    refuse(b, 'vendor', vendor, 'vendors are written only by the lifeline_author role');

    const all = (await call(b, 'sync:refusals', {})).refusals;
    expect(all).toHaveLength(2);
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity: 'contact',
          rowId: contact,
          label: 'Contact Jo Bloggs (ACME)',
          customerId: acme,
          reason: 'the contact names customer ACME but was sent as shared',
          at: { kind: 'customer', id: acme },
        }),
        expect.objectContaining({
          entity: 'vendor',
          rowId: vendor,
          label: 'Vendor Dell Technologies',
          customerId: null,
          reason: 'vendors are written only by the lifeline_author role',
          at: { kind: 'vendor', id: vendor },
        }),
      ]),
    );
    expect(all.every((r) => typeof r.since === 'string')).toBe(true);
    // Beside the record: the customer's card asks for its own, a vendor's view for the vendor.
    expect((await call(b, 'sync:refusals', { customerId: acme })).refusals.map((r) => r.rowId)).toEqual([
      contact,
    ]);
    expect((await call(b, 'sync:refusals', { customerId: other })).refusals).toEqual([]);
    expect(
      (await call(b, 'sync:refusals', { record: { entity: 'vendor', id: vendor } })).refusals.map(
        (r) => r.rowId,
      ),
    ).toEqual([vendor]);
    // A record waiting to be pushed, not refused, is not listed.
    expect((await call(b, 'sync:refusals', {})).refusals.map((r) => r.entity).sort()).toEqual([
      'contact',
      'vendor',
    ]);
  });

  it('malformed input to sync:refusals and sync:parked is refused with a clear error and changes nothing', async () => {
    const b = newConsole();
    const before = dumpDatabase(b.db);
    for (const input of [
      { customerId: 5 },
      { customerId: '' },
      { record: { entity: 'vendor' } },
      { record: { entity: 'vendor', id: 'x', extra: 1 } },
      { bogus: true },
      'everything',
    ]) {
      const err = await refusal(b, 'sync:refusals', input);
      expect(err.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(err.message.length).toBeGreaterThan(10);
    }
    for (const input of [{ limit: 0 }, { limit: 'all' }, { limit: 1.5 }]) {
      const err = await refusal(b, 'sync:parked', input);
      expect(err.code, JSON.stringify(input)).toBe('VALIDATION');
    }
    expect(dumpDatabase(b.db)).toBe(before);
  });
});

describe("central's stamp on incident events", () => {
  it('an event central stamped shows the login and central’s time beside the author; others show none', async () => {
    const b = newConsole();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const opened = await call(b, 'incident:open', {
      customerId: acme,
      title: 'Portal down',
      severity: 'sev2',
      symptom: 'unresponsive',
      assetIds: [],
      source: 'manual',
    });
    const id = opened.state.id;
    await call(b, 'incident:record', { incidentId: id, action: { type: 'note', text: 'Called the NOC' } });
    const events = b.db
      .prepare('SELECT id, type FROM incident_events WHERE incident_id = ? ORDER BY at, id')
      .all(id) as Array<{ id: string; type: string }>;
    const note = events.find((e) => e.type === 'note');
    expect(note).toBeDefined();
    // What a pull leaves in sync_rows for an event that came through central.
    b.db
      .prepare(
        `INSERT INTO sync_rows (entity, row_id, customer_id, rev, written_by, received_at)
         VALUES ('incident_event', ?, ?, 1, 'sam', '2025-06-01T03:12:00.000Z')`,
      )
      .run(note?.id, acme);
    // As sync/local.ts does after writing stamps: the incident page caches them until then.
    stampsWritten(b.db);
    const detail = await call(b, 'incident:get', { id });
    const stamped = detail.timeline.filter((e) => e.verifiedBy !== undefined);
    expect(stamped).toEqual([
      expect.objectContaining({
        id: note?.id,
        author: 'Ana Alvarez',
        verifiedBy: 'sam',
        receivedAt: '2025-06-01T03:12:00.000Z',
      }),
    ]);
    expect(detail.timeline.filter((e) => e.id !== note?.id).every((e) => !('verifiedBy' in e))).toBe(true);
  });
});
