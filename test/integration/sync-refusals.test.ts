/**
 * What a person reads of central's decisions on this console: changes central refused
 * (`sync:refusals`, with central's reason, beside the record) and who central says wrote an
 * incident event (its login role and clock, next to the name the console claimed).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { call, refusal } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { dumpDatabase, tempDir } from '../helpers/tmp';

const NOW = '2025-06-01T12:00:00.000Z';
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
      .run(contact, acme, NOW, NOW);
    const vendor = uuidv7();
    b.db
      .prepare("INSERT INTO vendors (id, name, created_at, updated_at) VALUES (?, 'Dell Technologies', ?, ?)")
      .run(vendor, NOW, NOW);
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
