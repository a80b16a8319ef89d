/**
 * CSV in another tool's layout, through a column mapping: the IT Glue and Hudu presets on
 * exports written in their published column layouts (test/fixtures/csv/itglue, hudu; made-up
 * data), customers made or matched by name, saved mappings, and refusals that write nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { CallInput } from '../../shared/api/contract';
import {
  type CsvMapping,
  detectPreset,
  mappingFromPreset,
  presetById,
} from '../../shared/catalog/csvMapping';
import { apiOf, call } from '../helpers/api';
import { CLI, ROOT, sha256, tempDir } from '../helpers/tmp';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'csv');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const headerOf = (content: string) => (content.split('\n')[0] ?? '').split(',');

const open: Backend[] = [];
afterAll(() => {
  for (const b of open.splice(0)) b.close();
});
function backend(): Backend {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  open.push(b);
  return b;
}

type Mapped = { name: string; content: string; mapping: CsvMapping };
const withPreset = (file: string, preset: string, name = path.basename(file)): Mapped => {
  const content = fixture(file);
  const p = presetById(preset);
  if (!p) throw new Error(`no preset ${preset}`);
  return { name, content, mapping: mappingFromPreset(p, headerOf(content)) };
};
const run = (files: readonly Mapped[], dryRun = false): CallInput<'import:run'> => ({
  source: 'csv',
  files: files.map((f) => ({ name: f.name, content: f.content })),
  mappings: files.map((f) => ({ file: f.name, mapping: f.mapping })),
  dryRun,
});
const rows = (b: Backend, sql: string, ...p: unknown[]) => b.db.prepare(sql).all(...p);
/** Everything an import could have touched, to show a refused one changed nothing. */
const catalogState = (b: Backend) =>
  JSON.stringify(
    ['customers', 'assets', 'contacts', 'sites', 'change_log', 'settings'].map((t) =>
      rows(b, `SELECT * FROM ${t} ORDER BY rowid`),
    ),
  );

describe('mapped CSV: IT Glue and Hudu exports', () => {
  it('detects the preset from the header of each export', () => {
    expect(detectPreset(headerOf(fixture('itglue/configurations.csv')))?.id).toBe('itglue-configurations');
    expect(detectPreset(headerOf(fixture('itglue/contacts.csv')))?.id).toBe('itglue-contacts');
    expect(detectPreset(headerOf(fixture('itglue/locations.csv')))?.id).toBe('itglue-locations');
    expect(detectPreset(headerOf(fixture('hudu/assets.csv')))?.id).toBe('hudu-assets');
    expect(detectPreset(headerOf(fixture('hudu/companies.csv')))?.id).toBe('hudu-companies');
    expect(detectPreset(headerOf(fixture('basic/assets.csv')))).toBeNull();
  });

  it('imports IT Glue configurations and contacts with the preset, matching a customer by name, and finds them in search', async () => {
    const b = backend();
    // An existing customer whose name IT Glue uses: matched, not duplicated.
    await call(b, 'import:run', {
      source: 'csv',
      files: [{ name: 'customers.csv', content: 'code,name,tier\nFABD,Fabrikam Dental,gold\n' }],
      dryRun: false,
    });
    const inspected = await call(b, 'import:inspect', {
      files: [
        { name: 'configurations.csv', content: fixture('itglue/configurations.csv') },
        { name: 'contacts.csv', content: fixture('itglue/contacts.csv') },
      ],
    });
    expect(inspected.files.map((f) => [f.file, f.offered, f.mapping.preset, f.rows])).toEqual([
      ['configurations.csv', 'preset', 'itglue-configurations', 6],
      ['contacts.csv', 'preset', 'itglue-contacts', 3],
    ]);
    const files = inspected.files.map((f) => ({
      name: f.file,
      content: fixture(`itglue/${f.file}`),
      mapping: f.mapping,
    }));
    const preview = await call(b, 'import:run', run(files, true));
    expect(preview.counts.find((c) => c.entity === 'assets')).toMatchObject({
      created: 5,
      skipped: 0,
      leftOut: 1,
    });
    expect(rows(b, 'SELECT count(*) AS n FROM assets')).toEqual([{ n: 0 }]);

    const s = await call(b, 'import:run', run(files));
    expect(s.counts).toEqual([
      { entity: 'customers', created: 1, updated: 0, skipped: 0 },
      { entity: 'vendors', created: 5, updated: 0, skipped: 0 },
      { entity: 'assets', created: 5, updated: 0, skipped: 0, leftOut: 1 },
      { entity: 'contacts', created: 3, updated: 0, skipped: 0 },
    ]);
    expect(s.warnings.join(' ')).toContain('configuration_type "Workstation" ×1');
    expect(rows(b, 'SELECT code, name FROM customers ORDER BY code')).toEqual([
      { code: 'FABD', name: 'Fabrikam Dental' },
      { code: 'TAILSPINLO', name: 'Tailspin Logistics' },
    ]);
    const fw = rows(
      b,
      `SELECT a.kind, a.hostname, a.ip_addresses, a.serial, a.model, a.platform, a.attributes, c.code
         FROM assets a JOIN customers c ON c.id = a.customer_id WHERE a.name = 'FAB-FW01'`,
    );
    expect(fw).toEqual([
      {
        kind: 'firewall',
        hostname: 'fab-fw01',
        ip_addresses: '["10.40.0.1"]',
        serial: 'PA440-2231',
        model: 'PA-440',
        platform: 'PAN-OS 11.1',
        attributes: JSON.stringify({
          status: 'Active',
          mac_address: '00:1b:17:00:01:01',
          asset_tag: 'FD-0003',
          installed_by: 'J. Okafor',
          purchased_by: 'Fabrikam Dental',
          warranty_expires_at: '2027-06-30',
          location: 'Harbour Street',
        }),
        code: 'FABD',
      },
    ]);
    expect(rows(b, "SELECT kind FROM assets WHERE name IN ('FAB-HV01', 'FAB-DC01') ORDER BY name")).toEqual([
      { kind: 'vm' },
      { kind: 'hypervisor_host' },
    ]);
    const priya = rows(b, "SELECT name, role, email, phone, notes FROM contacts WHERE name LIKE 'Priya%'");
    expect(priya).toEqual([
      {
        name: 'Priya Ramanathan',
        role: 'Primary',
        email: 'priya.r@fabrikam-dental.example',
        phone: '+44 20 7946 0011',
        notes: 'Call first for any outage\ntitle: Practice Manager\nlocation: Harbour Street\nimportant: Yes',
      },
    ]);

    const host = await call(b, 'search:query', { query: 'tsl-sql01.tailspin.lan' });
    expect(host.hits[0]).toMatchObject({ kind: 'asset', title: 'TSL-SQL01' });
    const contact = await call(b, 'search:query', { query: 'Ramanathan' });
    expect(contact.hits.some((h) => h.kind === 'contact' && h.title === 'Priya Ramanathan')).toBe(true);

    // Again: the same codes, nothing duplicated, nothing changed.
    const again = await call(b, 'import:run', run(files));
    expect(again.counts.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    expect(rows(b, 'SELECT count(*) AS n FROM customers')).toEqual([{ n: 2 }]);
  });

  it('imports a Hudu companies and assets export, codes generated and unique, and finds the host', async () => {
    const b = backend();
    // A code the generator would pick is taken by someone else: the next one is used.
    await call(b, 'import:run', {
      source: 'csv',
      files: [{ name: 'customers.csv', content: 'code,name\nWINGTIPVET,Wingtip Travel\n' }],
      dryRun: false,
    });
    const s = await call(
      b,
      'import:run',
      run([withPreset('hudu/companies.csv', 'hudu-companies'), withPreset('hudu/assets.csv', 'hudu-assets')]),
    );
    expect(s.counts).toEqual([
      { entity: 'customers', created: 2, updated: 0, skipped: 0 },
      { entity: 'vendors', created: 3, updated: 0, skipped: 0 },
      { entity: 'assets', created: 3, updated: 0, skipped: 0, leftOut: 1 },
    ]);
    expect(rows(b, 'SELECT code, name, source, source_id FROM customers ORDER BY name')).toEqual([
      { code: 'LITWAREARC', name: 'Litware Architects', source: 'hudu-companies', source_id: '72' },
      { code: 'WINGTIPVET', name: 'Wingtip Travel', source: null, source_id: null },
      { code: 'WINGTIPVET-2', name: 'Wingtip Veterinary', source: 'hudu-companies', source_id: '71' },
    ]);
    const app = rows(
      b,
      `SELECT a.kind, a.ip_addresses, a.vendor_id IS NOT NULL AS has_vendor, a.attributes, c.code
         FROM assets a JOIN customers c ON c.id = a.customer_id WHERE a.name = 'wtv-app01'`,
    );
    expect(app).toEqual([
      {
        kind: 'vm',
        ip_addresses: '["192.168.50.10"]',
        has_vendor: 1,
        attributes: JSON.stringify({ hudu_url: 'https://docs.example/a/wtv-app01', ram_gb: '64' }),
        code: 'WINGTIPVET-2',
      },
    ]);
    const hit = await call(b, 'search:query', { query: '192.168.50.1' });
    expect(hit.hits[0]).toMatchObject({ kind: 'asset', title: 'wtv-fw01' });
  });

  it('offers the mapping saved by the last import for the same header set', async () => {
    const b = backend();
    const base = withPreset('itglue/configurations.csv', 'itglue-configurations');
    const edited: Mapped = {
      ...base,
      mapping: {
        ...base.mapping,
        columns: { ...base.mapping.columns, asset_tag: { to: 'field', field: 'tags' } },
      },
    };
    await call(b, 'import:run', run([edited]));
    expect(rows(b, "SELECT tags FROM assets WHERE name = 'FAB-FW01'")).toEqual([{ tags: '["FD-0003"]' }]);
    // Same columns in another order and case: the saved mapping, with the edit.
    const [first, ...rest] = headerOf(base.content);
    const reordered = `${[...rest, first?.toUpperCase()].join(',')}\n`;
    const inspected = await call(b, 'import:inspect', {
      files: [{ name: 'export.csv', content: reordered }],
    });
    expect(inspected.files[0]?.offered).toBe('saved');
    expect(inspected.files[0]?.mapping.columns.asset_tag).toEqual({ to: 'field', field: 'tags' });
    expect(inspected.files[0]?.mapping.columns.ORGANIZATION).toEqual({ to: 'field', field: 'customer' });
    // Another header set: not that mapping.
    const other = await call(b, 'import:inspect', {
      files: [{ name: 'export.csv', content: `${rest.join(',')}\n` }],
    });
    expect(other.files[0]?.offered).not.toBe('saved');
  });

  describe('refusals write nothing', () => {
    const b = backend();
    const config = withPreset('itglue/configurations.csv', 'itglue-configurations');

    const refused = async (input: unknown) => {
      const before = catalogState(b);
      const r = await b.call('import:run', input);
      expect(catalogState(b)).toBe(before);
      if (r.ok) throw new Error('the import was not refused');
      return r.error;
    };

    it('a malformed mapping, with the path of what is wrong', async () => {
      const input = run([config]);
      const bad = {
        ...input,
        mappings: [
          { file: 'configurations.csv', mapping: { ...config.mapping, columns: { name: { to: 'feild' } } } },
        ],
      };
      const e = await refused(bad);
      expect(e.code).toBe('VALIDATION');
      expect(e.issues?.some((i) => i.path.includes('columns') && i.path.includes('name'))).toBe(true);
    });

    it('a mapping naming a column the file lacks', async () => {
      const e = await refused(
        run([
          {
            ...config,
            mapping: { ...config.mapping, columns: { ...config.mapping.columns, rack: { to: 'ignore' } } },
          },
        ]),
      );
      expect(e.message).toContain('the mapping names column "rack", which the file does not have');
    });

    it('a column of the file the mapping leaves out, and a field the target lacks', async () => {
      const { hostname: _, ...columns } = config.mapping.columns;
      const e = await refused(
        run([
          {
            ...config,
            mapping: { ...config.mapping, columns: { ...columns, notes: { to: 'field', field: 'rack' } } },
          },
        ]),
      );
      expect(e.message).toContain('column "hostname" is not in the mapping');
      expect(e.message).toContain('column "notes" maps to "rack"');
    });

    it('a bad value in a mapped column names the file line and the source column', async () => {
      const content = config.content.replace(
        'Fabrikam Dental,FAB-SW01,Switch',
        'Fabrikam Dental,FAB-SW01,Toaster',
      );
      const e = await refused(run([{ ...config, content }]));
      expect(e.message).toContain('configurations.csv line 5, column configuration_type (kind)');
      const issue = e.issues?.find((i) => i.row === 5);
      expect(issue).toMatchObject({ file: 'configurations.csv', column: 'configuration_type → kind' });
      expect(issue?.fix).toContain('configuration_type');
    });

    it('an export given without a mapping is named as such', async () => {
      const e = await refused({
        source: 'csv',
        files: [{ name: 'configurations.csv', content: config.content }],
        dryRun: false,
      });
      expect(e.message).toContain('looks like an IT Glue configurations export');
    });
  });

  it('lists the accepted columns once for many unknown columns', async () => {
    const b = backend();
    const r = await apiOf(b).result('import:run', {
      source: 'csv',
      files: [
        { name: 'assets.csv', content: 'customer_code,name,kind,rack_unit,colour,owner\nA,b,vm,1,red,me\n' },
      ],
      dryRun: true,
    });
    if (r.ok) throw new Error('not refused');
    expect(r.error.message).toContain(
      'assets.csv line 1, fields rack_unit, colour, owner: unknown columns; assets.csv takes',
    );
    expect(r.error.message.split('assets.csv takes').length).toBe(2);
    expect(r.error.issues).toHaveLength(1);
  });

  describe.skipIf(!fs.existsSync(CLI))('lifeline import csv FILE --map / --preset', () => {
    const dir = tempDir();
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, 'import', 'csv', ...args], {
        encoding: 'utf8',
        env: { ...process.env, LIFELINE_DB: '' },
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const db = path.join(dir, 'cli.db');
    const file = path.join(FIXTURES, 'itglue', 'configurations.csv');

    it('refuses a malformed mapping file with its position, and creates no database', () => {
      const map = path.join(dir, 'bad.json');
      fs.writeFileSync(
        map,
        JSON.stringify({ version: 1, target: 'assets', columns: { name: { to: 'field' } } }),
      );
      const r = cli(file, '--map', map, '--db', db);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('bad.json, columns."name".field');
      fs.writeFileSync(map, '{"version": 1,');
      expect(cli(file, '--map', map, '--db', db).err).toContain('bad.json: not valid JSON');
      expect(fs.existsSync(db)).toBe(false);
    });

    it('says which preset fits a file given without one, then imports with --preset and --map', () => {
      expect(cli(file, '--db', db).err).toContain('add --preset itglue-configurations');
      const ok = cli(file, '--preset', 'itglue-configurations', '--db', db);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/assets\s+5\s+0\s+0\s+1/);
      const map = path.join(dir, 'map.json');
      const p = presetById('itglue-configurations');
      if (!p) throw new Error('no preset');
      fs.writeFileSync(
        map,
        JSON.stringify(mappingFromPreset(p, headerOf(fixture('itglue/configurations.csv')))),
      );
      const before = sha256(db);
      const again = cli(file, '--map', map, '--db', db, '--dry-run');
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/assets\s+0\s+0\s+5\s+1/);
      expect(sha256(db)).toBe(before);
    });
  });
});
