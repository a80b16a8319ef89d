import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { CallInput } from '../../shared/api/contract';
import type { ImportSummary } from '../../shared/catalog/schemas';
import { apiOf, call } from '../helpers/api';
import { openKeyed } from '../helpers/keyed';
import { CLI, ROOT, sha256, tempDir } from '../helpers/tmp';

const BASIC = path.join(ROOT, 'test', 'fixtures', 'csv', 'basic');

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

type Files = Record<string, string>;

function basicFiles(): Files {
  const files: Files = {};
  for (const name of fs.readdirSync(BASIC)) files[name] = fs.readFileSync(path.join(BASIC, name), 'utf8');
  return files;
}

const csvImport = (files: Files, dryRun: boolean): CallInput<'import:run'> => ({
  source: 'csv',
  files: Object.entries(files).map(([name, content]) => ({ name, content })),
  dryRun,
});

async function importCsv(b: Backend, files: Files, dryRun = false) {
  return apiOf(b).result('import:run', csvImport(files, dryRun));
}

async function mustImport(b: Backend, files: Files, dryRun = false): Promise<ImportSummary> {
  return call(b, 'import:run', csvImport(files, dryRun));
}

const counts = (s: ImportSummary, entity: string) =>
  s.counts.find((c) => c.entity === entity) ?? { entity, created: 0, updated: 0, skipped: 0 };
const total = (s: ImportSummary, k: 'created' | 'updated' | 'skipped') =>
  s.counts.reduce((t, c) => t + c[k], 0);

function one<T>(b: Backend, sql: string, ...params: unknown[]): T {
  return b.db.prepare(sql).get(...params) as T;
}
function n(b: Backend, sql: string): number {
  return (b.db.prepare(sql).get() as { n: number }).n;
}

function diskState(dbPath: string): string {
  const wal = `${dbPath}-wal`;
  return `${sha256(dbPath)} ${fs.existsSync(wal) ? sha256(wal) : 'no-wal'}`;
}

describe('CSV import', () => {
  it('imports a folder of CSV files with the documented headers', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const s = await mustImport(b, basicFiles());
    expect(s.counts).toEqual([
      { entity: 'customers', created: 3, updated: 0, skipped: 0 },
      { entity: 'vendors', created: 2, updated: 0, skipped: 0 },
      { entity: 'sites', created: 2, updated: 0, skipped: 0 },
      { entity: 'environments', created: 3, updated: 0, skipped: 0 },
      { entity: 'assets', created: 6, updated: 0, skipped: 0 },
      { entity: 'links', created: 4, updated: 0, skipped: 0 },
      { entity: 'contacts', created: 3, updated: 0, skipped: 0 },
      { entity: 'contracts', created: 2, updated: 0, skipped: 0 },
      { entity: 'windows', created: 2, updated: 0, skipped: 0 },
    ]);
    const acme = one<{
      tier: string;
      time_zone: string;
      restore_targets: string;
      tags: string;
      source_id: string;
    }>(b, "SELECT tier, time_zone, restore_targets, tags, source_id FROM customers WHERE code = 'ACME'");
    expect(acme).toMatchObject({ tier: 'gold', time_zone: 'Europe/London', tags: '["manufacturing","uk"]' });
    expect(acme.source_id).toBe('org-1001');
    expect(JSON.parse(acme.restore_targets)).toEqual({ sev1: 60, sev2: 120, sev3: 480, sev4: 2880 });
    // No sevN_minutes: the tier's defaults.
    const harb = one<{ restore_targets: string }>(
      b,
      "SELECT restore_targets FROM customers WHERE code = 'HARB'",
    );
    expect(JSON.parse(harb.restore_targets)).toEqual({ sev1: 30, sev2: 60, sev3: 240, sev4: 1440 });
    expect(one<{ kind: string }>(b, "SELECT kind FROM customers WHERE code = 'MSP-SHARED'").kind).toBe(
      'internal',
    );

    const dc = one<{ ip_addresses: string; env: string; site: string; tags: string }>(
      b,
      `SELECT a.ip_addresses, e.name AS env, s.name AS site, a.tags FROM assets a
         JOIN environments e ON e.id = a.environment_id JOIN sites s ON s.id = a.site_id WHERE a.name = 'acme-dc01'`,
    );
    expect(dc).toEqual({
      ip_addresses: '["10.20.0.10","10.20.0.11"]',
      env: 'Production',
      site: 'Leeds plant',
      tags: '["ad","tier0"]',
    });
    const esx = one<{ attributes: string; vendor: string }>(
      b,
      "SELECT a.attributes, v.name AS vendor FROM assets a JOIN vendors v ON v.id = a.vendor_id WHERE a.name = 'esx-shared-01'",
    );
    expect(esx).toEqual({ attributes: '{"rack":"R12"}', vendor: 'Dell Technologies' });
    // A link across accounts: Acme's VM runs on the shared cluster.
    expect(
      n(
        b,
        `SELECT count(*) AS n FROM asset_links l JOIN assets f ON f.id = l.from_asset_id JOIN assets t ON t.id = l.to_asset_id
          WHERE f.name = 'acme-dc01' AND t.name = 'shared-cl01' AND l.kind = 'runs_on'`,
      ),
    ).toBe(1);
    // Escalation order defaults to the contact's place among its customer's rows.
    expect(
      one<{ escalation_order: number }>(
        b,
        "SELECT escalation_order FROM contacts WHERE name = 'Dana Whitfield'",
      ),
    ).toEqual({ escalation_order: 1 });
    expect(
      one<{ weekday: number }>(b, "SELECT weekday FROM maintenance_windows WHERE name = 'Monthly patching'"),
    ).toEqual({ weekday: 7 });
  });

  it('re-importing updates in place, and a column left out of a file leaves that field alone', async () => {
    const b = backendAt(path.join(tempDir(), 'lifeline.db'));
    const files = basicFiles();
    await mustImport(b, files);
    const assetsBefore = n(b, 'SELECT count(*) AS n FROM assets');
    const same = await mustImport(b, files);
    expect(total(same, 'created')).toBe(0);
    expect(total(same, 'updated')).toBe(0);
    expect(n(b, 'SELECT count(*) AS n FROM assets')).toBe(assetsBefore);

    const edited = {
      'assets.csv': files['assets.csv']!.replace('192.0.2.1', '192.0.2.1;192.0.2.2'),
      // Only name and role: phone, email and escalation order stay as they are.
      'contacts.csv': 'customer_code,name,role\nACME,Sarah Okafor,Head of IT\n',
    };
    const s = await mustImport(b, edited);
    expect(counts(s, 'assets')).toEqual({ entity: 'assets', created: 0, updated: 1, skipped: 5 });
    expect(counts(s, 'contacts')).toEqual({ entity: 'contacts', created: 0, updated: 1, skipped: 0 });
    expect(
      one<{ ip_addresses: string; version: number }>(
        b,
        "SELECT ip_addresses, version FROM assets WHERE name = 'harb-fw01'",
      ),
    ).toEqual({ ip_addresses: '["192.0.2.1","192.0.2.2"]', version: 2 });
    expect(
      one(b, "SELECT role, phone, email, escalation_order FROM contacts WHERE name = 'Sarah Okafor'"),
    ).toEqual({
      role: 'Head of IT',
      phone: '+44 113 496 0001',
      email: 'sarah@acme.example',
      escalation_order: 1,
    });
  });

  it('a dry run writes nothing', async () => {
    const dbPath = path.join(tempDir(), 'lifeline.db');
    close(backendAt(dbPath));
    const before = diskState(dbPath);
    const b = backendAt(dbPath);
    const s = await mustImport(b, basicFiles(), true);
    expect(counts(s, 'assets').created).toBe(6);
    close(b);
    expect(diskState(dbPath)).toBe(before);
  });

  describe('bad files are refused naming file, line and field, and the database stays byte-identical', () => {
    const files = basicFiles();
    const cases: Array<[string, Files, RegExp]> = [
      [
        'missing required column',
        { 'assets.csv': 'customer_code,name\nACME,acme-new\n' },
        /assets\.csv line 1: missing required column kind/,
      ],
      [
        'unknown customer code',
        { 'contacts.csv': 'customer_code,name,role\nACME,Ok Person,Ops\nNOPE,Lost Person,CEO\n' },
        /contacts\.csv line 3, field customer_code: unknown customer code "NOPE"/,
      ],
      [
        'bad IP address',
        { 'assets.csv': files['assets.csv']!.replace('10.0.0.11', '10.0.0.300') },
        /assets\.csv line 3, field ip_addresses: "10\.0\.0\.300" is not an IP address/,
      ],
      [
        'duplicate customer code',
        {
          'customers.csv': 'code,name\nZETA,Zeta Foods\nBETA,Beta Bank\nZETA,Zeta Foods again\n',
        },
        /customers\.csv line 4, field code: duplicate code ZETA, already used by customers\.csv line 2/,
      ],
      [
        'unknown time zone',
        { 'customers.csv': 'code,name,time_zone\nZETA,Zeta Foods,Mars/Olympus\n' },
        /customers\.csv line 2, field time_zone: must be an IANA time zone/,
      ],
      [
        'misspelt column',
        { 'assets.csv': 'customer_code,name,kind,hostnme\nACME,x,vm,x\n' },
        /assets\.csv line 1, field hostnme: unknown column/,
      ],
      [
        'unknown asset kind',
        { 'assets.csv': 'customer_code,name,kind\nACME,x,mainframe\n' },
        /assets\.csv line 2, field kind: /,
      ],
      [
        'a secret in access notes',
        { 'assets.csv': 'customer_code,name,kind,access_notes\nACME,x,vm,password: hunter2\n' },
        /assets\.csv line 2, field access_notes: must say where the secret lives/,
      ],
      [
        'unknown asset in a link',
        { 'links.csv': 'from_customer_code,from_asset,kind,to_asset\nACME,acme-erp,depends_on,acme-nas\n' },
        /links\.csv line 2, field to_asset: unknown asset "acme-nas"/,
      ],
      [
        'unclosed quote',
        { 'sites.csv': 'customer_code,name,city\nACME,"Leeds plant,Leeds\n' },
        /sites\.csv line \d+: not a readable CSV file/,
      ],
      ['unknown file', { 'computers.csv': 'name\nx\n' }, /computers\.csv: unknown file/],
      [
        'a row with a stray comma',
        { 'vendors.csv': 'name,support_phone\nAcme Parts,+1 555 0100\n"Big, Co",+1 555 0101,extra\n' },
        /vendors\.csv line 3: has 3 cells but the header has 2 columns/,
      ],
    ];
    for (const [label, bad, message] of cases) {
      it(label, async () => {
        const dbPath = path.join(tempDir(), 'lifeline.db');
        const seed = backendAt(dbPath);
        await mustImport(seed, files);
        close(seed);
        const before = diskState(dbPath);
        const b = backendAt(dbPath);
        const r = await importCsv(b, bad);
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

describe('lifeline import csv (CLI)', () => {
  const lifeline = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'import', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LIFELINE_DB: '' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('imports a folder, and a bad row fails with the file, line and field', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cli.db');
    const r = lifeline('csv', BASIC, '--db', dbPath);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/CSV import of basic into .*cli\.db/);
    expect(r.out).toMatch(/contacts\s+3\s+0\s+0/);
    expect(r.out).toContain('Written in one transaction.');

    const badDir = path.join(dir, 'bad');
    fs.mkdirSync(badDir);
    fs.writeFileSync(path.join(badDir, 'contacts.csv'), 'customer_code,name,role\nNOPE,Lost Person,CEO\n');
    const before = sha256(dbPath);
    const bad = lifeline('csv', badDir, '--db', dbPath);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('contacts.csv line 2, field customer_code: unknown customer code "NOPE"');
    expect(sha256(dbPath)).toBe(before);
    const db = openKeyed(dbPath, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(3);
    db.close();

    const notFolder = lifeline('csv', path.join(BASIC, 'assets.csv'), '--db', dbPath);
    expect(notFolder.code).toBe(2);
    expect(notFolder.err).toContain('give the folder');
  });

  it('never follows a link: a linked file in the folder is skipped, a linked folder or file is refused', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cli.db');
    const folder = path.join(dir, 'csv');
    fs.cpSync(BASIC, folder, { recursive: true });
    // A links.csv that would be read as /etc/passwd (its first line echoed in an error).
    const target = fs.existsSync('/etc/passwd') ? '/etc/passwd' : path.join(dir, 'secret.txt');
    if (target !== '/etc/passwd') fs.writeFileSync(target, 'root:x:0:0:root:/root:/bin/bash\n');
    const firstLine = fs.readFileSync(target, 'utf8').split('\n')[0] ?? '';
    fs.rmSync(path.join(folder, 'links.csv'));
    fs.symlinkSync(target, path.join(folder, 'links.csv'));
    const r = lifeline('csv', folder, '--db', dbPath);
    expect(r.out + r.err).not.toContain(firstLine);
    expect(r.out + r.err).not.toContain('root:');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Skipped link links.csv → not followed.');

    const linkedFolder = path.join(dir, 'csv-link');
    fs.symlinkSync(folder, linkedFolder);
    const folderLink = lifeline('csv', linkedFolder, '--db', dbPath);
    expect(folderLink.code).toBe(2);
    expect(folderLink.err).toContain('is a symbolic link');
    const passwdLink = path.join(dir, 'dump.json');
    fs.symlinkSync(target, passwdLink);
    for (const source of ['csv', 'netbox']) {
      const f = lifeline(source, passwdLink, '--db', dbPath);
      expect(f.code).toBe(2);
      expect(f.err).toContain('is a symbolic link');
      expect(f.out + f.err).not.toContain('root:');
    }
  });
});
