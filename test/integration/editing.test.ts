import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/core/api/backend';
import { createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import type { CallInput } from '../../shared/api/contract';
import { AssetInput } from '../../shared/catalog/schemas';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { call } from '../helpers/api';
import { backendWithCustomers } from '../helpers/backend';
import { dumpDatabase, tempDir } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => {
  backend?.close();
  backend = undefined;
});

const ENGINEER = 'Dana Whitfield';

/** A back end with the three hand-made customers and a named engineer at the keyboard. */
function setUp(): { b: Backend; acme: string; harbor: string } {
  const b = backendWithCustomers();
  backend = b;
  b.db.prepare("INSERT INTO settings (key, value) VALUES ('engineer_name', ?)").run(ENGINEER);
  return { b, acme: customerId(b.db, 'ACME'), harbor: customerId(b.db, 'HARB') };
}

function customerId(db: Db, code: string): string {
  return (db.prepare('SELECT id FROM customers WHERE code = ?').get(code) as { id: string }).id;
}

function addEnvironment(db: Db, customer: string, name: string): string {
  const id = uuidv7();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO environments (id, customer_id, name, kind, created_at, updated_at)
     VALUES (?, ?, ?, 'production', ?, ?)`,
  ).run(id, customer, name, now, now);
  return id;
}

/** The call is refused with this code and a message matching `message`, and nothing changed. */
async function refused(b: Backend, name: string, input: unknown, code: string, message: RegExp) {
  const before = dumpDatabase(b.db);
  const r = await b.call(name, input);
  expect(r, `${name} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code } });
  if (!r.ok) expect(r.error.message).toMatch(message);
  expect(dumpDatabase(b.db)).toBe(before);
}

function changeLog(db: Db, entityId: string) {
  return db.prepare('SELECT * FROM change_log WHERE entity_id = ? ORDER BY id').all(entityId) as Array<{
    at: string;
    author: string;
    entity: string;
    action: string;
    payload: string;
  }>;
}

const customerInput = (over: Partial<CallInput<'customer:save'>> = {}): CallInput<'customer:save'> => ({
  id: null,
  baseVersion: null,
  code: 'GLBX',
  name: 'Globex Retail',
  tier: 'silver',
  timeZone: 'Europe/Berlin',
  restoreTargets: { sev1: 60, sev2: 240, sev3: 480, sev4: 2880 },
  supportHours: '24x7',
  notes: null,
  tags: ['retail'],
  reviewedAt: '2025-01-15',
  reviewIntervalDays: 180,
  ...over,
});

const contactInput = (
  customer: string,
  over: Partial<CallInput<'contact:save'>> = {},
): CallInput<'contact:save'> => ({
  id: null,
  baseVersion: null,
  customerId: customer,
  name: 'Maya Fischer',
  role: 'IT lead',
  phone: '+44 20 7946 0000',
  email: 'maya@acme.example',
  escalationOrder: 1,
  notes: null,
  ...over,
});

const vendorInput = (over: Partial<CallInput<'vendor:save'>> = {}): CallInput<'vendor:save'> => ({
  id: null,
  baseVersion: null,
  name: 'Dell Technologies',
  supportPhone: '+1 800 624 9897',
  supportEmail: null,
  website: 'https://www.dell.com',
  ...over,
});

const assetInput = (
  customer: string,
  over: Partial<CallInput<'asset:save'>> = {},
): CallInput<'asset:save'> => ({
  id: null,
  baseVersion: null,
  customerId: customer,
  environmentId: null,
  siteId: null,
  kind: 'vm',
  name: 'web01',
  hostname: 'web01.acme.local',
  ipAddresses: ['10.1.2.3'],
  platform: 'Ubuntu 24.04',
  vendorId: null,
  model: null,
  serial: null,
  criticality: 'high',
  managementUrl: null,
  accessNotes: 'vault://acme/web01',
  attributes: { cpu: 4 },
  tags: ['web'],
  runsOn: [],
  dependsOn: [],
  ...over,
});

const windowInput = (
  customer: string,
  over: Partial<CallInput<'window:save'>> = {},
): CallInput<'window:save'> => ({
  id: null,
  baseVersion: null,
  customerId: customer,
  name: 'Sunday patching',
  weekday: 7,
  startTime: '02:00',
  durationMinutes: 180,
  ...over,
});

describe('catalog editing: create and update', () => {
  it('customer:save creates a customer at version 1, then an edit makes version 2, both logged with who and when', async () => {
    const { b } = setUp();
    const created = await call(b, 'customer:save', customerInput());
    expect(created).toMatchObject({ code: 'GLBX', name: 'Globex Retail', kind: 'customer', version: 1 });
    expect(created.restoreTargets).toEqual({ sev1: 60, sev2: 240, sev3: 480, sev4: 2880 });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    const updated = await call(
      b,
      'customer:save',
      customerInput({ id: created.id, baseVersion: 1, name: 'Globex Retail Group', tier: 'gold' }),
    );
    expect(updated).toMatchObject({ name: 'Globex Retail Group', tier: 'gold', version: 2 });
    expect(updated.updatedAt >= created.updatedAt).toBe(true);

    const log = changeLog(b.db, created.id);
    expect(log.map((l) => [l.entity, l.action, l.author])).toEqual([
      ['customer', 'create', ENGINEER],
      ['customer', 'update', ENGINEER],
    ]);
    expect(Number.isNaN(Date.parse(log[0]!.at))).toBe(false);
    expect(JSON.parse(log[0]!.payload)).toMatchObject({ id: created.id, code: 'GLBX', version: 1 });
    expect(JSON.parse(log[1]!.payload)).toEqual({
      name: { from: 'Globex Retail', to: 'Globex Retail Group' },
      tier: { from: 'silver', to: 'gold' },
      version: { from: 1, to: 2 },
    });
    const list = await call(b, 'customer:list', { query: 'globex' });
    expect(list.items.map((c) => c.name)).toEqual(['Globex Retail Group']);
  });

  it('a save that changes nothing keeps the version and writes nothing', async () => {
    const { b } = setUp();
    const created = await call(b, 'customer:save', customerInput());
    const before = dumpDatabase(b.db);
    const again = await call(b, 'customer:save', customerInput({ id: created.id, baseVersion: 1 }));
    expect(again.version).toBe(1);
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('contacts, vendors, support contracts and maintenance windows are created and edited', async () => {
    const { b, acme } = setUp();
    const contact = await call(b, 'contact:save', contactInput(acme));
    expect(contact).toMatchObject({ name: 'Maya Fischer', phone: '+44 20 7946 0000', version: 1 });
    const contact2 = await call(
      b,
      'contact:save',
      contactInput(acme, { id: contact.id, baseVersion: 1, phone: '+44 20 7946 0999', notes: '' }),
    );
    expect(contact2).toMatchObject({ phone: '+44 20 7946 0999', notes: null, version: 2 });

    const vendor = await call(b, 'vendor:save', vendorInput());
    expect(vendor).toMatchObject({ name: 'Dell Technologies', customers: 0, assets: 0, version: 1 });
    const vendor2 = await call(
      b,
      'vendor:save',
      vendorInput({ id: vendor.id, baseVersion: 1, supportEmail: 'support@dell.example' }),
    );
    expect(vendor2).toMatchObject({ supportEmail: 'support@dell.example', version: 2 });

    const contractIn = {
      id: null,
      baseVersion: null,
      customerId: acme,
      vendorId: vendor.id,
      contractNumber: 'PS-4471',
      supportPhone: null,
      hours: '24x7 4h',
      expiresOn: '2026-06-30',
    };
    const contract = await call(b, 'contract:save', contractIn);
    // Without its own number, the contract shows the vendor's.
    expect(contract).toMatchObject({
      vendorName: 'Dell Technologies',
      supportPhone: '+1 800 624 9897',
      version: 1,
    });
    const contract2 = await call(b, 'contract:save', {
      ...contractIn,
      id: contract.id,
      baseVersion: 1,
      supportPhone: '+1 800 000 1111',
      expiresOn: '2027-06-30',
    });
    expect(contract2).toMatchObject({ supportPhone: '+1 800 000 1111', expiresOn: '2027-06-30', version: 2 });

    const win = await call(b, 'window:save', windowInput(acme));
    expect(win).toMatchObject({ weekday: 7, startTime: '02:00', durationMinutes: 180, version: 1 });
    const win2 = await call(
      b,
      'window:save',
      windowInput(acme, { id: win.id, baseVersion: 1, startTime: '03:30' }),
    );
    expect(win2).toMatchObject({ startTime: '03:30', version: 2 });

    const card = await call(b, 'customer:get', { id: acme });
    expect(card.contacts).toEqual([contact2]);
    expect(card.contracts).toEqual([contract2]);
    expect(card.maintenanceWindows).toEqual([win2]);
    // The vendor now counts Acme through its contract; saving it unchanged writes nothing.
    const vendor3 = await call(
      b,
      'vendor:save',
      vendorInput({ id: vendor.id, baseVersion: 2, supportEmail: 'support@dell.example' }),
    );
    expect(vendor3).toMatchObject({ customers: 1, version: 2 });

    for (const id of [contact.id, vendor.id, contract.id, win.id]) {
      expect(changeLog(b.db, id).map((l) => [l.action, l.author])).toEqual([
        ['create', ENGINEER],
        ['update', ENGINEER],
      ]);
    }
  });

  it('asset:save creates an asset with its links, and an edit replaces them (removed links kept as tombstones)', async () => {
    const { b, acme } = setUp();
    const env = addEnvironment(b.db, acme, 'Production');
    const host = await call(
      b,
      'asset:save',
      assetInput(acme, {
        kind: 'hypervisor_host',
        name: 'esx01',
        hostname: 'esx01',
        ipAddresses: ['10.1.0.11'],
      }),
    );
    const host2 = await call(
      b,
      'asset:save',
      assetInput(acme, {
        kind: 'hypervisor_host',
        name: 'esx02',
        hostname: 'esx02',
        ipAddresses: ['10.1.0.12'],
      }),
    );
    const db1 = await call(
      b,
      'asset:save',
      assetInput(acme, { kind: 'database', name: 'db01', hostname: null, ipAddresses: [] }),
    );
    const web = await call(
      b,
      'asset:save',
      assetInput(acme, { environmentId: env, runsOn: [host.id], dependsOn: [db1.id] }),
    );
    expect(web).toMatchObject({
      name: 'web01',
      version: 1,
      environment: { id: env, name: 'Production' },
      customer: { code: 'ACME' },
      attributes: { cpu: 4 },
    });
    expect(web.runsOnChain.map((a) => [a.name, a.depth])).toEqual([['esx01', 1]]);
    expect(web.dependsOn.map((a) => a.name)).toEqual(['db01']);

    const moved = await call(
      b,
      'asset:save',
      assetInput(acme, {
        id: web.id,
        baseVersion: 1,
        environmentId: env,
        runsOn: [host2.id],
        dependsOn: [db1.id],
      }),
    );
    expect(moved.version).toBe(2);
    expect(moved.runsOnChain.map((a) => a.name)).toEqual(['esx02']);
    expect(moved.dependsOn.map((a) => a.name)).toEqual(['db01']);

    const links = b.db
      .prepare(
        'SELECT to_asset_id, kind, deleted_at, version FROM asset_links WHERE from_asset_id = ? ORDER BY id',
      )
      .all(web.id) as Array<{
      to_asset_id: string;
      kind: string;
      deleted_at: string | null;
      version: number;
    }>;
    expect(links).toEqual([
      { to_asset_id: host.id, kind: 'runs_on', deleted_at: expect.any(String), version: 2 },
      { to_asset_id: db1.id, kind: 'depends_on', deleted_at: null, version: 1 },
      { to_asset_id: host2.id, kind: 'runs_on', deleted_at: null, version: 1 },
    ]);
    const linkLog = b.db
      .prepare("SELECT action, author FROM change_log WHERE entity = 'asset_link' ORDER BY id")
      .all() as Array<{ action: string; author: string }>;
    expect(linkLog.map((l) => l.action)).toEqual(['create', 'create', 'delete', 'create']);
    const assetUpdate = changeLog(b.db, web.id).find((l) => l.action === 'update');
    expect(JSON.parse(assetUpdate?.payload ?? '{}')).toEqual({
      runs_on: { from: [host.id], to: [host2.id] },
      version: { from: 1, to: 2 },
    });
    // The host sees what runs on it.
    const hostNow = await call(
      b,
      'asset:save',
      assetInput(acme, {
        id: host2.id,
        baseVersion: 1,
        kind: 'hypervisor_host',
        name: 'esx02',
        hostname: 'esx02',
        ipAddresses: ['10.1.0.12'],
      }),
    );
    expect(hostNow.hosts.map((a) => a.name)).toEqual(['web01']);
  });

  it('an edited host name and IP address become searchable, and the old ones no longer find the asset', async () => {
    const { b, acme } = setUp();
    const web = await call(b, 'asset:save', assetInput(acme));
    const fts = (q: string) =>
      (
        b.db
          .prepare(
            `SELECT d.ref_id AS id FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid
              WHERE search_fts MATCH ?`,
          )
          .all(`"${q}"`) as Array<{ id: string }>
      ).map((r) => r.id);
    const byAddress = (ip: string) =>
      (
        b.db.prepare('SELECT asset_id AS id FROM asset_addresses WHERE address = ?').all(ip) as Array<{
          id: string;
        }>
      ).map((r) => r.id);
    expect(fts('web01.acme.local')).toEqual([web.id]);
    expect(byAddress('10.1.2.3')).toEqual([web.id]);

    await call(
      b,
      'asset:save',
      assetInput(acme, {
        id: web.id,
        baseVersion: 1,
        hostname: 'shop-frontend.acme.local',
        ipAddresses: ['10.9.8.7', 'fd00::7'],
      }),
    );
    expect(fts('shop-frontend.acme.local')).toEqual([web.id]);
    expect(fts('web01.acme.local')).toEqual([]);
    expect(byAddress('10.9.8.7')).toEqual([web.id]);
    expect(byAddress('fd00::7')).toEqual([web.id]);
    expect(byAddress('10.1.2.3')).toEqual([]);
  });

  it('emits data:changed after a save, and not when a save is refused', async () => {
    const { b } = setUp();
    const events: unknown[] = [];
    b.onEvent((event, payload) => events.push([event, payload]));
    await call(b, 'customer:save', customerInput());
    expect(events).toEqual([['data:changed', { domains: ['customers', 'catalog'] }]]);
    await b.call('customer:save', customerInput());
    expect(events).toHaveLength(1);
  });
});

describe('catalog editing: refusals leave the database unchanged', () => {
  it('a save from a stale copy is a CONFLICT for every kind of record', async () => {
    const { b, acme } = setUp();
    const customer = await call(b, 'customer:save', customerInput());
    await call(
      b,
      'customer:save',
      customerInput({ id: customer.id, baseVersion: 1, name: 'Globex (edited by Sam)' }),
    );
    await refused(
      b,
      'customer:save',
      customerInput({ id: customer.id, baseVersion: 1, notes: 'mine' }),
      'CONFLICT',
      /^Customer Globex \(edited by Sam\) was changed by someone else since you opened it \(now version 2\)\. Reload to see their change, then apply yours again\.$/,
    );

    const contact = await call(b, 'contact:save', contactInput(acme));
    await call(b, 'contact:save', contactInput(acme, { id: contact.id, baseVersion: 1, role: 'CIO' }));
    await refused(
      b,
      'contact:save',
      contactInput(acme, { id: contact.id, baseVersion: 1 }),
      'CONFLICT',
      /Contact Maya Fischer was changed.*now version 2/,
    );

    const vendor = await call(b, 'vendor:save', vendorInput());
    await call(b, 'vendor:save', vendorInput({ id: vendor.id, baseVersion: 1, website: null }));
    await refused(
      b,
      'vendor:save',
      vendorInput({ id: vendor.id, baseVersion: 1 }),
      'CONFLICT',
      /Vendor Dell Technologies was changed/,
    );

    const contractIn = {
      id: null,
      baseVersion: null,
      customerId: acme,
      vendorId: vendor.id,
      contractNumber: 'PS-1',
      supportPhone: null,
      hours: null,
      expiresOn: null,
    };
    const contract = await call(b, 'contract:save', contractIn);
    await call(b, 'contract:save', { ...contractIn, id: contract.id, baseVersion: 1, hours: '8x5' });
    await refused(
      b,
      'contract:save',
      { ...contractIn, id: contract.id, baseVersion: 1 },
      'CONFLICT',
      /Support contract with Dell Technologies \(PS-1\) was changed/,
    );

    const win = await call(b, 'window:save', windowInput(acme));
    await call(b, 'window:save', windowInput(acme, { id: win.id, baseVersion: 1, weekday: 6 }));
    await refused(
      b,
      'window:save',
      windowInput(acme, { id: win.id, baseVersion: 1 }),
      'CONFLICT',
      /Maintenance window Sunday patching was changed/,
    );

    const asset = await call(b, 'asset:save', assetInput(acme));
    await call(b, 'asset:save', assetInput(acme, { id: asset.id, baseVersion: 1, criticality: 'critical' }));
    await refused(
      b,
      'asset:save',
      assetInput(acme, { id: asset.id, baseVersion: 1 }),
      'CONFLICT',
      /Asset web01 was changed.*now version 2/,
    );
    await refused(
      b,
      'catalog:delete',
      { entity: 'asset', id: asset.id, baseVersion: 1 },
      'CONFLICT',
      /Asset web01 was changed/,
    );
  });

  it('malformed or inconsistent input is refused with a clear message', async () => {
    const { b, acme, harbor } = setUp();
    const harborEnv = addEnvironment(b.db, harbor, 'Harbor production');
    const web = await call(b, 'asset:save', assetInput(acme));
    const app = await call(
      b,
      'asset:save',
      assetInput(acme, { name: 'app01', hostname: null, ipAddresses: [], dependsOn: [web.id] }),
    );
    const svc = await call(
      b,
      'asset:save',
      assetInput(acme, {
        name: 'shop',
        hostname: null,
        ipAddresses: [],
        kind: 'application_service',
        dependsOn: [app.id],
      }),
    );
    const missing = uuidv7();
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['customer:save', { ...customerInput(), tier: 42 }, 'VALIDATION', /tier/],
      ['customer:save', { ...customerInput(), colour: 'red' }, 'VALIDATION', /colour|unrecognized/i],
      [
        'customer:save',
        customerInput({ timeZone: 'Europe/Atlantis' }),
        'VALIDATION',
        /timeZone: must be an IANA time zone/,
      ],
      [
        'customer:save',
        customerInput({ code: 'ACME' }),
        'VALIDATION',
        /code: ACME is already the code of Acme Manufacturing/,
      ],
      [
        'customer:save',
        customerInput({ reviewedAt: '2025-02-30' }),
        'VALIDATION',
        /reviewedAt: 2025-02-30 is not a calendar date/,
      ],
      [
        'customer:save',
        customerInput({ baseVersion: 3 }),
        'VALIDATION',
        /baseVersion must be null when creating/,
      ],
      ['customer:save', customerInput({ id: missing, baseVersion: 1 }), 'NOT_FOUND', /no customer with id/],
      [
        'customer:save',
        customerInput({ id: acme, baseVersion: null }),
        'VALIDATION',
        /baseVersion is required/,
      ],
      ['asset:save', assetInput(acme, { ipAddresses: ['10.1.2.300'] }), 'VALIDATION', /ipAddresses\.0/],
      [
        'asset:save',
        assetInput(acme, { accessNotes: 'password: hunter2' }),
        'VALIDATION',
        /accessNotes: must say where the secret lives/,
      ],
      ['asset:save', assetInput(acme, { managementUrl: 'ftp://x' }), 'VALIDATION', /managementUrl/],
      ['asset:save', assetInput(missing), 'VALIDATION', /customerId: there is no customer with id/],
      [
        'asset:save',
        assetInput(acme, { environmentId: harborEnv }),
        'VALIDATION',
        /environmentId: environment Harbor production belongs to Harbor Logistics, not Acme Manufacturing/,
      ],
      ['asset:save', assetInput(acme, { vendorId: missing }), 'VALIDATION', /vendorId: there is no vendor/],
      [
        'asset:save',
        assetInput(acme, { dependsOn: [missing] }),
        'VALIDATION',
        /dependsOn: there is no asset/,
      ],
      [
        'asset:save',
        assetInput(acme, { id: web.id, baseVersion: 1, runsOn: [web.id] }),
        'VALIDATION',
        /runsOn: web01 cannot run on itself/,
      ],
      [
        'asset:save',
        assetInput(acme, { id: web.id, baseVersion: 1, dependsOn: [svc.id] }),
        'VALIDATION',
        /dependsOn: shop already needs web01, so this link would make a loop \(web01 → shop → app01 → web01\)/,
      ],
      ['contact:save', contactInput(acme, { email: 'maya(at)acme' }), 'VALIDATION', /email/],
      [
        'contact:save',
        contactInput(acme, { phone: 'call reception' }),
        'VALIDATION',
        /phone: must be a phone number/,
      ],
      ['contact:save', { ...contactInput(acme), escalationOrder: '1' }, 'VALIDATION', /escalationOrder/],
      ['contact:save', contactInput(missing), 'VALIDATION', /customerId: there is no customer/],
      ['vendor:save', vendorInput({ name: '  ' }), 'VALIDATION', /name/],
      [
        'contract:save',
        {
          id: null,
          baseVersion: null,
          customerId: acme,
          vendorId: missing,
          contractNumber: null,
          supportPhone: null,
          hours: null,
          expiresOn: null,
        },
        'VALIDATION',
        /vendorId: there is no vendor/,
      ],
      [
        'window:save',
        windowInput(acme, { startTime: '25:00' }),
        'VALIDATION',
        /startTime: must be a time HH:MM/,
      ],
      ['window:save', windowInput(acme, { weekday: 0 }), 'VALIDATION', /weekday/],
      ['catalog:delete', { entity: 'playbook', id: acme, baseVersion: 1 }, 'VALIDATION', /entity/],
      [
        'catalog:delete',
        { entity: 'contact', id: missing, baseVersion: 1 },
        'NOT_FOUND',
        /no contact with id/,
      ],
    ];
    for (const [name, input, code, message] of cases) await refused(b, name, input, code, message);
  });

  it('a record deleted meanwhile cannot be saved over', async () => {
    const { b, acme } = setUp();
    const contact = await call(b, 'contact:save', contactInput(acme));
    await call(b, 'catalog:delete', { entity: 'contact', id: contact.id, baseVersion: 1 });
    await refused(
      b,
      'contact:save',
      contactInput(acme, { id: contact.id, baseVersion: 1 }),
      'NOT_FOUND',
      /Contact Maya Fischer was deleted since you opened it/,
    );
  });
});

describe('catalog editing: deletes and history', () => {
  it('a delete leaves a tombstone, hides the record, and is refused while others still need it', async () => {
    const { b, acme } = setUp();
    const customer = await call(b, 'customer:save', customerInput());
    const contact = await call(b, 'contact:save', contactInput(customer.id));
    const vendor = await call(b, 'vendor:save', vendorInput());
    const host = await call(
      b,
      'asset:save',
      assetInput(customer.id, { name: 'esx01', kind: 'hypervisor_host', vendorId: vendor.id }),
    );
    const vm = await call(b, 'asset:save', assetInput(customer.id, { runsOn: [host.id] }));

    await refused(
      b,
      'catalog:delete',
      { entity: 'customer', id: customer.id, baseVersion: 1 },
      'CONFLICT',
      /^Customer Globex Retail still has 2 assets \(esx01 and web01\)\. Delete or move them first/,
    );
    await refused(
      b,
      'catalog:delete',
      { entity: 'asset', id: host.id, baseVersion: 1 },
      'CONFLICT',
      /Asset esx01 is still needed by web01/,
    );
    await refused(
      b,
      'catalog:delete',
      { entity: 'vendor', id: vendor.id, baseVersion: 1 },
      'CONFLICT',
      /Vendor Dell Technologies is still named by esx01/,
    );

    await call(b, 'catalog:delete', { entity: 'asset', id: vm.id, baseVersion: 1 });
    const vmRow = b.db.prepare('SELECT deleted_at, version FROM assets WHERE id = ?').get(vm.id);
    expect(vmRow).toEqual({ deleted_at: expect.any(String), version: 2 });
    expect(
      b.db
        .prepare('SELECT count(*) AS n FROM asset_links WHERE from_asset_id = ? AND deleted_at IS NULL')
        .get(vm.id),
    ).toEqual({ n: 0 });
    expect(b.db.prepare('SELECT count(*) AS n FROM asset_addresses WHERE asset_id = ?').get(vm.id)).toEqual({
      n: 0,
    });
    expect(await b.call('asset:save', assetInput(customer.id, { id: vm.id, baseVersion: 2 }))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await call(b, 'catalog:delete', { entity: 'asset', id: host.id, baseVersion: 1 });
    await call(b, 'catalog:delete', { entity: 'vendor', id: vendor.id, baseVersion: 1 });

    await call(b, 'catalog:delete', { entity: 'customer', id: customer.id, baseVersion: 1 });
    expect(await b.call('customer:get', { id: customer.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const list = await call(b, 'customer:list', {});
    expect(list.items.map((c) => c.code)).not.toContain('GLBX');
    // Its contact went with it, as a tombstone.
    expect(
      b.db
        .prepare('SELECT deleted_at IS NOT NULL AS gone, version FROM contacts WHERE id = ?')
        .get(contact.id),
    ).toEqual({ gone: 1, version: 2 });
    // The code is free again for a new customer.
    await call(b, 'customer:save', customerInput());

    const del = changeLog(b.db, customer.id).at(-1);
    expect(del).toMatchObject({ action: 'delete', author: ENGINEER });
    expect(JSON.parse(del?.payload ?? '{}')).toMatchObject({ version: { from: 1, to: 2 } });

    // Deleting a contact hides it from the card of a customer that stays.
    const maya = await call(b, 'contact:save', contactInput(acme));
    await call(b, 'catalog:delete', { entity: 'contact', id: maya.id, baseVersion: 1 });
    expect((await call(b, 'customer:get', { id: acme })).contacts).toEqual([]);
  });

  it('catalog:history lists edits newest first with readable summaries, for everything or one record', async () => {
    const { b, acme } = setUp();
    const contact = await call(b, 'contact:save', contactInput(acme));
    await call(
      b,
      'contact:save',
      contactInput(acme, { id: contact.id, baseVersion: 1, phone: '+44 20 7946 0999' }),
    );
    const web = await call(b, 'asset:save', assetInput(acme));
    const db1 = await call(
      b,
      'asset:save',
      assetInput(acme, { name: 'db01', kind: 'database', hostname: null, ipAddresses: [] }),
    );
    await call(
      b,
      'asset:save',
      assetInput(acme, {
        id: web.id,
        baseVersion: 1,
        name: 'web02',
        ipAddresses: ['10.1.2.4'],
        dependsOn: [db1.id],
      }),
    );
    const vendor = await call(b, 'vendor:save', vendorInput());
    const win = await call(b, 'window:save', windowInput(acme));
    await call(b, 'catalog:delete', { entity: 'maintenance_window', id: win.id, baseVersion: 1 });

    const all = await call(b, 'catalog:history', {});
    expect(all.entries.map((e) => e.summary)).toEqual([
      'Deleted maintenance window Sunday patching',
      'Created maintenance window Sunday patching',
      'Created vendor Dell Technologies',
      'Changed name, IP addresses and depends on of asset web02 (was web01)',
      'Created asset db01',
      'Created asset web01',
      'Changed phone of contact Maya Fischer',
      'Created contact Maya Fischer',
    ]);
    expect(all.entries.every((e) => e.author === ENGINEER && !Number.isNaN(Date.parse(e.at)))).toBe(true);

    const one = await call(b, 'catalog:history', { entityId: contact.id });
    expect(one.entries.map((e) => [e.action, e.summary])).toEqual([
      ['update', 'Changed phone of contact Maya Fischer'],
      ['create', 'Created contact Maya Fischer'],
    ]);
    // A customer's history includes its contacts, assets and windows, not other records.
    const card = await call(b, 'catalog:history', { entityId: acme });
    expect(card.entries).toHaveLength(7);
    expect(card.entries.map((e) => e.entityId)).not.toContain(vendor.id);
    const limited = await call(b, 'catalog:history', { limit: 2 });
    expect(limited.entries).toEqual(all.entries.slice(0, 2));
  });
});

describe('catalog editing on the demo catalog', () => {
  /** The AssetInput that reproduces an asset as stored, links included. */
  function inputOf(db: Db, id: string): CallInput<'asset:save'> {
    const a = db.prepare('SELECT * FROM assets WHERE id = ?').get(id) as Record<
      string,
      string | number | null
    >;
    const links = (kind: string) =>
      (
        db
          .prepare(
            'SELECT to_asset_id AS id FROM asset_links WHERE from_asset_id = ? AND kind = ? AND deleted_at IS NULL',
          )
          .all(id, kind) as Array<{ id: string }>
      ).map((l) => l.id);
    // Parsed by the contract's schema: the stored row gives back exactly what asset:save takes.
    return AssetInput.parse({
      id,
      baseVersion: a.version,
      customerId: a.customer_id,
      environmentId: a.environment_id,
      siteId: a.site_id,
      kind: a.kind,
      name: a.name,
      hostname: a.hostname,
      ipAddresses: JSON.parse(String(a.ip_addresses)),
      platform: a.platform,
      vendorId: a.vendor_id,
      model: a.model,
      serial: a.serial,
      criticality: a.criticality,
      managementUrl: a.management_url,
      accessNotes: a.access_notes,
      attributes: JSON.parse(String(a.attributes)),
      tags: JSON.parse(String(a.tags)),
      runsOn: links('runs_on'),
      dependsOn: links('depends_on'),
    });
  }

  it('re-saving a demo asset unchanged writes nothing; a loop through the shared platform is refused quickly', async () => {
    const b = createBackend({
      dbPath: path.join(tempDir(), 'demo.db'),
      transport: 'web',
      seedDemo: true,
      seed: (db) => generateDemo(db, { now: new Date('2025-06-01T08:00:00Z') }),
    });
    backend = b;
    // A customer VM on a shared (internal) cluster: the deepest chains in the catalog.
    const pick = b.db
      .prepare(
        `SELECT l.from_asset_id AS vm, l.to_asset_id AS cluster FROM asset_links l
           JOIN assets v ON v.id = l.from_asset_id JOIN customers vc ON vc.id = v.customer_id AND vc.kind = 'customer'
           JOIN assets c ON c.id = l.to_asset_id JOIN customers cc ON cc.id = c.customer_id AND cc.kind = 'internal'
          WHERE l.kind = 'runs_on' AND l.deleted_at IS NULL LIMIT 1`,
      )
      .get() as { vm: string; cluster: string } | undefined;
    expect(pick).toBeDefined();
    if (!pick) return;

    const before = dumpDatabase(b.db);
    const same = await call(b, 'asset:save', inputOf(b.db, pick.vm));
    expect(same.runsOnChain[0]?.id).toBe(pick.cluster);
    expect(dumpDatabase(b.db)).toBe(before);

    const clusterInput = inputOf(b.db, pick.cluster);
    const started = performance.now();
    const loop = await b.call('asset:save', {
      ...clusterInput,
      dependsOn: [...(clusterInput.dependsOn as string[]), pick.vm],
    });
    const loopMs = performance.now() - started;
    expect(loop).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/would make a loop/) },
    });
    expect(dumpDatabase(b.db)).toBe(before);

    const edited = performance.now();
    const renamed = await call(b, 'asset:save', {
      ...inputOf(b.db, pick.vm),
      hostname: 'renamed-vm',
    });
    const editMs = performance.now() - edited;
    expect(renamed.version).toBe(Number(inputOf(b.db, pick.vm).baseVersion));
    console.log(`demo: loop refusal ${loopMs.toFixed(1)} ms, asset edit ${editMs.toFixed(1)} ms`);
    expect(loopMs).toBeLessThan(1000);
    expect(editMs).toBeLessThan(1000);
  });
});
