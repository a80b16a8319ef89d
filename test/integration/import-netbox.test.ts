import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { NETBOX_FIELDS } from '../../electron/core/imports/netboxFields';
import type { EventName } from '../../shared/api/contract';
import type { ImportSummary } from '../../shared/catalog/schemas';
import { apiOf, call } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { openKeyed } from '../helpers/keyed';
import { CLI, ROOT, sha256, tempDir } from '../helpers/tmp';
import { publicData, SHARED_FIXTURES } from '../helpers/tools';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'netbox');
const FULL_DEMO = path.join(SHARED_FIXTURES, 'netbox', 'netbox-demo-v3.6.json');

const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

function backendAt(dbPath: string): Backend {
  const b = createBackend({ dbPath, transport: 'web' });
  open.push(b);
  return b;
}

function close(b: Backend): void {
  open.splice(open.indexOf(b), 1);
  b.close();
}

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

async function importNetbox(b: Backend, name: string, content: string, dryRun = false) {
  return apiOf(b).result('import:run', { source: 'netbox', files: [{ name, content }], dryRun });
}

async function mustImport(b: Backend, name: string, content: string, dryRun = false): Promise<ImportSummary> {
  return call(b, 'import:run', { source: 'netbox', files: [{ name, content }], dryRun });
}

const counts = (s: ImportSummary, entity: string) =>
  s.counts.find((c) => c.entity === entity) ?? { entity, created: 0, updated: 0, skipped: 0 };
const totals = (s: ImportSummary) =>
  s.counts.reduce(
    (t, c) => ({
      created: t.created + c.created,
      updated: t.updated + c.updated,
      skipped: t.skipped + c.skipped,
    }),
    { created: 0, updated: 0, skipped: 0 },
  );

function one<T>(b: Backend, sql: string, ...params: unknown[]): T {
  return b.db.prepare(sql).get(...params) as T;
}
function n(b: Backend, sql: string, ...params: unknown[]): number {
  return (b.db.prepare(sql).get(...params) as { n: number }).n;
}
function assetByName(b: Backend, name: string) {
  return one<{ id: string; kind: string; ip_addresses: string; customer: string; vendor: string | null }>(
    b,
    `SELECT a.id, a.kind, a.ip_addresses, c.code AS customer, v.name AS vendor FROM assets a
       JOIN customers c ON c.id = a.customer_id LEFT JOIN vendors v ON v.id = a.vendor_id
      WHERE a.name = ? AND a.deleted_at IS NULL`,
    name,
  );
}
function linksFrom(b: Backend, name: string): string[] {
  return (
    b.db
      .prepare(
        `SELECT l.kind || ' ' || t.name AS link FROM asset_links l JOIN assets f ON f.id = l.from_asset_id
           JOIN assets t ON t.id = l.to_asset_id WHERE f.name = ? AND l.deleted_at IS NULL ORDER BY 1`,
      )
      .all(name) as Array<{ link: string }>
  ).map((r) => r.link);
}

/** Hashes of the database as it lies on disk, with the back end closed (main file + any WAL). */
function diskState(dbPath: string): string {
  const wal = `${dbPath}-wal`;
  return `${sha256(dbPath)} ${fs.existsSync(wal) ? sha256(wal) : 'no-wal'}`;
}

describe('NetBox import (small fixtures in 3.4 and 3.6 field names)', () => {
  it('maps tenants, sites, devices, clusters, VMs, circuits and contacts, and tells the UI', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const events: Array<{ event: EventName; payload: unknown }> = [];
    b.onEvent((event, payload) => events.push({ event, payload }));
    const s = await mustImport(b, 'small-v3.6.json', fixture('small-v3.6.json'));

    expect(s.dryRun).toBe(false);
    expect(counts(s, 'customers').created).toBe(3);
    expect(n(b, "SELECT count(*) AS n FROM customers WHERE kind = 'customer'")).toBe(2);
    const shared = one<{ code: string; name: string; kind: string }>(
      b,
      "SELECT code, name, kind FROM customers WHERE kind = 'internal'",
    );
    expect(shared).toEqual({ code: 'NB-SHARED', name: 'Shared infrastructure (NetBox)', kind: 'internal' });
    // The custom field cust_id gives the code; a tenant without it gets one from its slug.
    const acme = one<{ code: string; tier: string; time_zone: string; restore_targets: string }>(
      b,
      "SELECT code, tier, time_zone, restore_targets FROM customers WHERE name = 'Acme Corp'",
    );
    expect(acme).toMatchObject({ code: 'ACME01', tier: 'silver', time_zone: 'Europe/Amsterdam' });
    expect(JSON.parse(acme.restore_targets)).toEqual({ sev1: 120, sev2: 240, sev3: 1440, sev4: 4320 });
    expect(
      one<{ code: string }>(b, "SELECT code FROM customers WHERE name = 'Globex Corporation'").code,
    ).toBe('GLOBEX');

    // Homes: own tenant, else the site's tenant, else (VMs) the cluster's, else the shared account.
    expect(assetByName(b, 'esx-ams-01')).toMatchObject({
      kind: 'hypervisor_host',
      customer: 'ACME01',
      vendor: 'Dell',
      ip_addresses: '["10.10.0.11"]',
    });
    expect(assetByName(b, 'fw-ams-01')).toMatchObject({
      kind: 'firewall',
      customer: 'ACME01',
      vendor: 'Juniper',
    });
    expect(assetByName(b, 'colo-core-01')).toMatchObject({ kind: 'network_device', customer: 'NB-SHARED' });
    expect(assetByName(b, 'SHARED-CL')).toMatchObject({ kind: 'cluster', customer: 'NB-SHARED' });
    expect(assetByName(b, 'acme-dc01')).toMatchObject({
      kind: 'vm',
      customer: 'ACME01',
      ip_addresses: '["10.10.1.10"]',
    });
    expect(assetByName(b, 'globex-web01')).toMatchObject({ kind: 'vm', customer: 'GLOBEX' });
    expect(assetByName(b, 'KPN-12345')).toMatchObject({ kind: 'circuit', customer: 'ACME01', vendor: 'KPN' });

    // Layers: VM → cluster (and its pinned host), cluster → member hosts; cabled device → circuit.
    expect(linksFrom(b, 'acme-sql01')).toEqual(['runs_on ACME-AMS-CL01', 'runs_on esx-ams-01']);
    expect(linksFrom(b, 'ACME-AMS-CL01')).toEqual(['runs_on esx-ams-01', 'runs_on esx-ams-02']);
    expect(linksFrom(b, 'globex-web01')).toEqual(['runs_on SHARED-CL']);
    expect(linksFrom(b, 'fw-ams-01')).toEqual(['depends_on KPN-12345']);

    const contact = one<{
      name: string;
      role: string;
      escalation_order: number;
      code: string;
      phone: string;
    }>(
      b,
      `SELECT ct.name, ct.role, ct.escalation_order, ct.phone, c.code FROM contacts ct
         JOIN customers c ON c.id = ct.customer_id`,
    );
    expect(contact).toEqual({
      name: 'Jan de Vries',
      role: 'Technical',
      escalation_order: 1,
      phone: '+31 20 555 0101',
      code: 'ACME01',
    });
    // The unassigned contact is left out, not "unchanged": the database was empty.
    expect(counts(s, 'contacts')).toMatchObject({ created: 1, skipped: 0, leftOut: 1 });
    expect(s.warnings.join('\n')).toMatch(/1 NetBox contacts are not assigned/);
    // Only manufacturers of imported devices become vendors.
    const vendors = (
      b.db.prepare('SELECT name FROM vendors ORDER BY name').all() as Array<{ name: string }>
    ).map((v) => v.name);
    expect(vendors).toEqual(['Dell', 'Juniper', 'KPN']);
    // Every write is in the audit trail.
    expect(n(b, 'SELECT count(*) AS n FROM change_log')).toBe(totals(s).created);

    expect(events.some((e) => e.event === 'progress')).toBe(true);
    expect(events).toContainEqual({ event: 'data:changed', payload: { domains: ['customers', 'catalog'] } });
  });

  it('reads 3.4 field names (device_role, content types as ids) to the same records', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const first = await mustImport(b, 'small-v3.4.json', fixture('small-v3.4.json'));
    expect(counts(first, 'assets').created).toBe(10);
    expect(assetByName(b, 'esx-ams-01').ip_addresses).toBe('["10.10.0.11"]');
    expect(assetByName(b, 'fw-ams-01').kind).toBe('firewall');
    // The same objects in 3.6 form update in place: only the VM's pinned host (a 3.6 field) is new.
    const again = await mustImport(b, 'small-v3.6.json', fixture('small-v3.6.json'));
    expect(totals(again).updated).toBe(0);
    expect(again.counts.filter((c) => c.created > 0)).toEqual([
      { entity: 'links', created: 1, updated: 0, skipped: 6 },
    ]);
    expect(n(b, 'SELECT count(*) AS n FROM assets')).toBe(10);
  });

  it('re-importing updates in place: nothing duplicated, edits in NetBox carried over, dropped links removed', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const content = fixture('small-v3.6.json');
    await mustImport(b, 'small-v3.6.json', content);
    const before = assetByName(b, 'fw-ams-01');
    const same = await mustImport(b, 'small-v3.6.json', content);
    expect(totals(same).created).toBe(0);
    expect(totals(same).updated).toBe(0);
    expect(n(b, 'SELECT count(*) AS n FROM assets')).toBe(10);
    expect(n(b, 'SELECT count(*) AS n FROM customers')).toBe(3);

    const data = JSON.parse(content) as Array<{
      model: string;
      pk?: number;
      fields: Record<string, unknown>;
    }>;
    const fw = data.find((o) => o.model === 'dcim.device' && o.pk === 3);
    const vm = data.find((o) => o.model === 'virtualization.virtualmachine' && o.pk === 2);
    if (!fw || !vm) throw new Error('fixture changed');
    fw.fields.name = 'fw-ams-01a';
    vm.fields.device = null;
    const edited = await mustImport(b, 'small-v3.6.json', JSON.stringify(data));
    expect(counts(edited, 'assets')).toMatchObject({ created: 0, updated: 1 });
    expect(counts(edited, 'links')).toMatchObject({ created: 0, updated: 1 });
    const renamed = one<{ id: string; version: number }>(
      b,
      "SELECT id, version FROM assets WHERE name = 'fw-ams-01a'",
    );
    expect(renamed).toEqual({ id: before.id, version: 2 });
    expect(linksFrom(b, 'acme-sql01')).toEqual(['runs_on ACME-AMS-CL01']);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const dbPath = path.join(tempDir(), 'lifeline.db');
    close(backendAt(dbPath));
    const before = diskState(dbPath);
    const b = backendAt(dbPath);
    const s = await mustImport(b, 'small-v3.6.json', fixture('small-v3.6.json'), true);
    expect(s.dryRun).toBe(true);
    expect(counts(s, 'assets').created).toBe(10);
    expect(n(b, 'SELECT count(*) AS n FROM assets')).toBe(0);
    close(b);
    expect(diskState(dbPath)).toBe(before);
  });

  it('a tenant code already used in the database gets a free one, with a warning', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    addCustomer(b.db, { code: 'ACME01', name: 'Another Acme', tier: 'gold' });
    const s = await mustImport(b, 'small-v3.6.json', fixture('small-v3.6.json'));
    expect(one<{ code: string }>(b, "SELECT code FROM customers WHERE name = 'Acme Corp'").code).toBe(
      'ACME01-2',
    );
    expect(s.warnings.join('\n')).toMatch(
      /code ACME01 is taken by customer "Another Acme".*imported as ACME01-2/,
    );
  });

  describe('a malformed dump is refused with a clear error and the database stays byte-identical', () => {
    const base = () => JSON.parse(fixture('small-v3.6.json')) as Array<Record<string, unknown>>;
    const edit = (model: string, pk: number, change: Record<string, unknown>) => {
      const data = base();
      const o = data.find((x) => x.model === model && x.pk === pk) as { fields: Record<string, unknown> };
      Object.assign(o.fields, change);
      return JSON.stringify(data);
    };
    const text = fixture('small-v3.6.json');
    const cases: Array<[string, string, RegExp]> = [
      [
        'truncated JSON',
        text.slice(0, Math.floor(text.length / 2)),
        /bad\.json line \d+: .*(truncated|not valid JSON)/,
      ],
      ['not a dumpdata list', '{"model": "dcim.device"}', /bad\.json: expected a list of objects/],
      [
        'wrong type (tenant as text)',
        edit('dcim.device', 3, { tenant: 'acme' }),
        /bad\.json: dcim\.device 3 \("fw-ams-01"\), field tenant: expected the id of a tenancy\.tenant/,
      ],
      [
        'wrong type (name as a number)',
        edit('virtualization.virtualmachine', 1, { name: 42 }),
        /virtualization\.virtualmachine 1, field name: expected text, got number 42/,
      ],
      [
        'unknown reference',
        edit('dcim.device', 1, { role: 99 }),
        /dcim\.device 1 \("esx-ams-01"\), field role: refers to dcim\.devicerole 99, which is not in the file/,
      ],
      [
        'unknown interface of an IP address',
        edit('ipam.ipaddress', 1, { assigned_object_id: 777 }),
        /ipam\.ipaddress 1, field assigned_object_id: refers to dcim\.interface 777/,
      ],
      [
        'not an IP address',
        edit('ipam.ipaddress', 2, { address: '10.10.1.300/24' }),
        /ipam\.ipaddress 2, field address: "10\.10\.1\.300\/24" is not an IP address/,
      ],
      [
        'content type id not in the file',
        edit('tenancy.contactassignment', 1, { content_type: 55 }),
        /tenancy\.contactassignment 1, field content_type: content type 55 is not in the file/,
      ],
    ];
    for (const [label, content, message] of cases) {
      it(label, async () => {
        const dbPath = path.join(tempDir(), 'lifeline.db');
        const seed = backendAt(dbPath);
        await mustImport(seed, 'small-v3.4.json', fixture('small-v3.4.json'));
        close(seed);
        const before = diskState(dbPath);
        const b = backendAt(dbPath);
        const r = await importNetbox(b, 'bad.json', content);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(/^Import refused, nothing was written/);
        expect(r.error.message).toMatch(message);
        close(b);
        expect(diskState(dbPath)).toBe(before);
      });
    }
  });
});

describe('dumpdata from every NetBox version (2.11 to 4.x; field names in electron/core/imports/netboxFields.ts)', () => {
  const siteOf = (b: Backend, asset: string) =>
    one<{ site: string | null }>(
      b,
      'SELECT s.name AS site FROM assets a LEFT JOIN sites s ON s.id = a.site_id WHERE a.name = ?',
      asset,
    ).site;

  it('a 4.2 dump keeps its contact assignments (object_type) and circuit sites (generic terminations), and an empty database reports nothing unchanged', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const s = await mustImport(b, 'small-v4.2.json', fixture('small-v4.2.json'));
    expect(counts(s, 'contacts')).toEqual({
      entity: 'contacts',
      created: 3,
      updated: 0,
      skipped: 0,
      leftOut: 1,
    });
    expect(totals(s).skipped).toBe(0);
    const contacts = b.db
      .prepare(
        `SELECT ct.name, c.code, ct.escalation_order AS rank FROM contacts ct
           JOIN customers c ON c.id = ct.customer_id ORDER BY ct.name`,
      )
      .all();
    expect(contacts).toEqual([
      { name: 'Globex NOC', code: 'GLOBEX', rank: 1 },
      { name: 'Jan de Vries', code: 'ACME01', rank: 1 },
      { name: 'Priya Raman', code: 'ACME01', rank: 2 },
    ]);
    // Termination to a site, and (4.2) to a location of another site.
    expect(siteOf(b, 'KPN-12345')).toBe('ACME-AMS');
    expect(siteOf(b, '1234567')).toBe('COLO-1');
    expect(
      JSON.parse(
        one<{ attributes: string }>(b, "SELECT attributes FROM assets WHERE name = '1234567'").attributes,
      ),
    ).toMatchObject({ provider: 'Lumen', sites: 'COLO-1 ↔ ACME-AMS' });
    // Clusters scoped to a site (4.2 scope_type/scope_id).
    expect(siteOf(b, 'ACME-AMS-CL01')).toBe('ACME-AMS');
    expect(siteOf(b, 'acme-dc01')).toBe('ACME-AMS');
  });

  it('a link the dump names twice (a device cabled to both ends of one circuit) is one link, not one created and one unchanged', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const data = JSON.parse(fixture('small-v3.6.json')) as Array<Record<string, unknown>>;
    data.push(
      { model: 'dcim.interface', pk: 3, fields: { device: 3, name: 'ge-0/0/1', cable: 11 } },
      {
        model: 'circuits.circuittermination',
        pk: 2,
        fields: { circuit: 1, term_side: 'Z', site: 1, cable: 11 },
      },
    );
    const s = await mustImport(b, 'twice.json', JSON.stringify(data));
    expect(counts(s, 'links')).toEqual({ entity: 'links', created: 7, updated: 0, skipped: 0 });
    expect(totals(s).skipped).toBe(0);
    expect(linksFrom(b, 'fw-ams-01')).toEqual(['depends_on KPN-12345']);
  });

  it('the same instance dumped by 3.6 and then 4.2 updates nothing: only what 4.2 added is created', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    await mustImport(b, 'small-v3.6.json', fixture('small-v3.6.json'));
    const s = await mustImport(b, 'small-v4.2.json', fixture('small-v4.2.json'));
    expect(totals(s).updated).toBe(0);
    expect(s.counts.filter((c) => c.created > 0).map((c) => [c.entity, c.created])).toEqual([
      ['vendors', 1],
      ['assets', 1],
      ['contacts', 2],
    ]);
  });

  it('a 2.11 dump (device_role, content types as ids, no contacts yet) reads to the same records as 3.4', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const first = await mustImport(b, 'small-v2.11.json', fixture('small-v2.11.json'));
    expect(counts(first, 'assets').created).toBe(10);
    expect(assetByName(b, 'fw-ams-01').kind).toBe('firewall');
    const s = await mustImport(b, 'small-v3.4.json', fixture('small-v3.4.json'));
    expect(totals(s).updated).toBe(0);
    expect(s.counts.filter((c) => c.created > 0).map((c) => [c.entity, c.created])).toEqual([
      ['contacts', 1],
    ]);
  });

  it('a pg_dump file (plain SQL or custom format) is refused: what it is and what to use instead', async () => {
    const dbPath = path.join(tempDir(), 'lifeline.db');
    close(backendAt(dbPath));
    const before = diskState(dbPath);
    const b = backendAt(dbPath);
    const dumps: Array<[string, string, string]> = [
      [
        'netbox.sql',
        '--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.6\n',
        'plain SQL',
      ],
      ['netbox-demo.sql', 'SET statement_timeout = 0;\nSET lock_timeout = 0;\n', 'plain SQL'],
      ['netbox.dump', 'PGDMP\u0001\u000e\u0000\u0004\u0008\u0001\u0001', 'custom format'],
    ];
    for (const [name, content, kind] of dumps) {
      const r = await importNetbox(b, name, content);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.message).toContain(
        `${name} is a PostgreSQL database dump (pg_dump, ${kind}), not NetBox JSON`,
      );
      expect(r.error.message).toMatch(
        /lifeline import netbox --url https:\/\/netbox\.example --token-env NETBOX_TOKEN/,
      );
      expect(r.error.message).toMatch(/manage\.py dumpdata .*> netbox\.json/);
    }
    close(b);
    expect(diskState(dbPath)).toBe(before);
  });

  it("a circuit NetBox names by the carrier's numeric id is matched from the carrier's ticket e-mail", async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    await mustImport(b, 'small-v4.2.json', fixture('small-v4.2.json'));
    const ticket = [
      'From: Lumen Network Operations <noc@lumen.example>',
      'To: noc@msp.example',
      'Subject: [Ticket #88123456] Service impacting outage - Circuit ID:1234567',
      'Date: Mon, 02 Jun 2025 03:12:00 +0000',
      '',
      'Dear customer,',
      '',
      'We are investigating a fibre cut that affects the service below.',
      '',
      'Ticket#: 88123456',
      'CID#1234567 (Dedicated Internet Access, 500 Mbps)',
      'Estimated time to repair: 4 hours',
      '',
      'Lumen NOC',
    ].join('\r\n');
    const m = await call(b, 'alert:parse', { text: ticket });
    expect(m.customer?.code).toBe('GLOBEX');
    expect(m.assets.map((a) => a.name)).toEqual(['1234567']);
    expect(m.why.join(' ')).toMatch(/identifier 1234567 is 1234567/);
  });

  it('docs/netbox-import.md shows the field table the readers use', () => {
    // Table rows with their cells trimmed: the formatter pads Markdown tables to line up.
    const rows = fs
      .readFileSync(path.join(ROOT, 'docs', 'netbox-import.md'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) =>
        l
          .split('|')
          .map((cell) => cell.trim())
          .join('|'),
      );
    for (const row of Object.values(NETBOX_FIELDS))
      expect(rows).toContain(`|\`${row.model}\`|${row.meaning}|${row.v2}|${row.v3}|${row.v4}|`);
  });
});

describe.skipIf(publicData.missing !== null)(
  'NetBox import of the full public demo data (../shared/fixtures)',
  () => {
    it('imports every tenant, device, VM and cluster; re-import changes nothing; search finds a device', async () => {
      const content = fs.readFileSync(FULL_DEMO, 'utf8');
      const data = JSON.parse(content) as Array<{ model: string; fields: Record<string, unknown> }>;
      const inFile = (model: string) => data.filter((o) => o.model === model).length;
      const b = backendAt(path.join(tempDir(), 'lifeline.db'));

      const started = performance.now();
      const s = await mustImport(b, path.basename(FULL_DEMO), content);
      const seconds = (performance.now() - started) / 1000;
      const records = totals(s).created + totals(s).updated + totals(s).skipped;
      console.info(
        `NetBox demo import: ${records} records in ${seconds.toFixed(2)} s (${Math.round(records / seconds)} records/s)`,
      );

      expect(n(b, "SELECT count(*) AS n FROM customers WHERE kind = 'customer'")).toBe(
        inFile('tenancy.tenant'),
      );
      expect(n(b, "SELECT count(*) AS n FROM assets WHERE source_id LIKE 'dcim.device:%'")).toBe(
        inFile('dcim.device'),
      );
      expect(n(b, "SELECT count(*) AS n FROM assets WHERE kind = 'vm'")).toBe(
        inFile('virtualization.virtualmachine'),
      );
      expect(n(b, "SELECT count(*) AS n FROM assets WHERE kind = 'cluster'")).toBe(
        inFile('virtualization.cluster'),
      );
      expect(n(b, "SELECT count(*) AS n FROM assets WHERE kind = 'circuit'")).toBe(
        inFile('circuits.circuit'),
      );
      // Every VM runs on its cluster.
      const vmsWithCluster = data.filter(
        (o) => o.model === 'virtualization.virtualmachine' && o.fields.cluster !== null,
      ).length;
      expect(
        n(
          b,
          `SELECT count(*) AS n FROM asset_links l JOIN assets t ON t.id = l.to_asset_id
          WHERE l.kind = 'runs_on' AND t.kind = 'cluster'`,
        ),
      ).toBe(vmsWithCluster);

      const again = await mustImport(b, path.basename(FULL_DEMO), content);
      expect(totals(again).created).toBe(0);
      expect(totals(again).updated).toBe(0);
      expect(totals(again).skipped).toBe(records);

      const device = data.find((o) => o.model === 'dcim.device' && typeof o.fields.name === 'string');
      const name = String(device?.fields.name);
      const { hits } = await call(b, 'search:query', { query: name });
      expect(hits[0]).toMatchObject({ kind: 'asset', title: name });
    });
  },
);

describe('lifeline import netbox (CLI)', () => {
  const lifeline = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'import', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LIFELINE_DB: '' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('imports a dump, prints the summary, and --dry-run writes nothing', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cli.db');
    const file = path.join(FIXTURES, 'small-v3.6.json');

    const dry = lifeline('netbox', file, '--db', dbPath, '--dry-run');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run: nothing was written.');
    expect(dry.out).toMatch(/assets\s+10\s+0\s+0/);
    expect(fs.existsSync(dbPath)).toBe(false);

    const real = lifeline('netbox', file, '--db', dbPath);
    expect(real.err).toBe('');
    expect(real.code).toBe(0);
    expect(real.out).toMatch(
      /NetBox import of small-v3\.6\.json into .*cli\.db: \d+ records in [\d.]+ s \(\d+ records\/s\)/,
    );
    expect(real.out).toMatch(/customers\s+3\s+0\s+0/);
    const db = openKeyed(dbPath, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM assets').get() as { n: number }).n).toBe(10);
    db.close();

    const again = lifeline('netbox', file, '--db', dbPath);
    expect(again.out).toMatch(/assets\s+0\s+0\s+10/);
  });

  it('a bad dump is one line on stderr, exit 1, and no database is created', () => {
    const dir = tempDir();
    const bad = path.join(dir, 'broken.json');
    fs.writeFileSync(bad, fixture('small-v3.6.json').slice(0, 500));
    const dbPath = path.join(dir, 'new.db');
    const r = lifeline('netbox', bad, '--db', dbPath);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/broken\.json line \d+/);
    expect(fs.existsSync(dbPath)).toBe(false);
    const usage = lifeline('nautobot', bad, '--db', dbPath);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('"netbox FILE", "csv FOLDER" or "runbooks FOLDER"');
  });
});
