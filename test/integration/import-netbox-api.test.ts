/**
 * `lifeline import netbox --url`: against a recorded NetBox REST API (test/helpers/netboxServer.ts,
 * built from NetBox's published OpenAPI shapes and the dump fixtures' data; it is not NetBox)
 * over HTTPS with a throwaway CA. One server for the file; each test picks the dump and version
 * it serves. The CLI runs in-process (runCli), as `node out/cli.mjs` would run it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/core/cli/main';
import { makeTestCertificates } from '../helpers/certs';
import { openKeyed } from '../helpers/keyed';
import { type RecordedNetbox, startRecordedNetbox } from '../helpers/netboxServer';
import { ROOT, sha256, tempDir } from '../helpers/tmp';
import { openssl } from '../helpers/tools';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'netbox');
const V42 = path.join(FIXTURES, 'small-v4.2.json');
const V34 = path.join(FIXTURES, 'small-v3.4.json');
const TOKEN = '0123456789abcdef0123456789abcdef01234567';

let nb: RecordedNetbox;

async function lifeline(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), staticDir: '' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The arguments of `import netbox --url` with the token in the variable `tokenEnv`. */
const urlArgs = (url: string, tokenEnv: string, dbPath: string, ...extra: string[]) => [
  'import',
  'netbox',
  '--url',
  url,
  '--token-env',
  tokenEnv,
  '--db',
  dbPath,
  ...extra,
];

/** `import netbox --url` against the recorded server, trusting its CA, with the token in NETBOX_TOKEN. */
async function fromApi(dbPath: string, ...extra: string[]) {
  process.env.NETBOX_TOKEN = TOKEN;
  return lifeline(...urlArgs(nb.url, 'NETBOX_TOKEN', dbPath, '--ca', nb.caFile, ...extra));
}

async function fromDump(dbPath: string, file: string) {
  const r = await lifeline('import', 'netbox', file, '--db', dbPath);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r;
}

/** Main file and WAL as they lie on disk. */
function diskState(dbPath: string): string {
  const wal = `${dbPath}-wal`;
  return `${sha256(dbPath)} ${fs.existsSync(wal) ? sha256(wal) : 'no-wal'}`;
}

const CATALOG_TABLES = ['customers', 'sites', 'environments', 'vendors', 'assets', 'asset_links', 'contacts'];

/**
 * The catalog as rows a person would compare: every column but ids, times and versions,
 * with references shown as what they point at (source id, else name).
 */
function catalog(dbPath: string): Record<string, string[]> {
  const db = openKeyed(dbPath, { readonly: true });
  try {
    const label = new Map<string, string>();
    for (const t of ['customers', 'sites', 'environments', 'vendors', 'assets']) {
      for (const r of db.prepare(`SELECT * FROM ${t}`).all() as Array<Record<string, unknown>>)
        label.set(String(r.id), `${t}:${String(r.source_id ?? r.name)}`);
    }
    const out: Record<string, string[]> = {};
    for (const t of CATALOG_TABLES) {
      out[t] = (
        db.prepare(`SELECT * FROM ${t} WHERE deleted_at IS NULL`).all() as Array<Record<string, unknown>>
      )
        .map((r) => {
          const row: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(r)) {
            if (['id', 'created_at', 'updated_at', 'version', 'deleted_at'].includes(k)) continue;
            row[k] =
              k.endsWith('_id') && k !== 'source_id' && typeof v === 'string' ? (label.get(v) ?? v) : v;
          }
          return JSON.stringify(row);
        })
        .sort();
    }
    return out;
  } finally {
    db.close();
  }
}

function count(dbPath: string, sql: string): number {
  const db = openKeyed(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe.skipIf(openssl.missing)('NetBox REST API import (recorded server, HTTPS)', () => {
  beforeAll(async () => {
    nb = await startRecordedNetbox(makeTestCertificates(), TOKEN);
  });
  afterAll(async () => {
    delete process.env.NETBOX_TOKEN;
    await nb?.close();
  });

  it('4.x: the API import gives the same catalog as the dumpdata import of the same data, reading pages with GET only', async () => {
    nb.serve(V42, '4.2.1');
    nb.fault = null;
    nb.requests.length = 0;
    const dir = tempDir();
    const api = path.join(dir, 'api.db');
    const r = await fromApi(api, '--page-size', '2');
    expect(r.code, r.err).toBe(0);
    // Progress on stderr: the version, then each endpoint's count as its pages arrive.
    expect(r.err).toMatch(/^netbox: NetBox 4\.2\.1 at https:\/\/localhost:\d+$/m);
    expect(r.err).toMatch(/^netbox: dcim\/devices: 2 of 4$/m);
    expect(r.err).toMatch(/^netbox: dcim\/devices: 4 of 4$/m);
    expect(r.out).toMatch(/NetBox import of https:\/\/localhost:\d+ \(26 of 26 endpoints\) into .*api\.db/);
    expect(r.out).toMatch(/contacts\s+3\s+0\s+0\s+1/);
    expect(new Set(nb.requests.map((q) => q.method))).toEqual(new Set(['GET']));
    expect(nb.requests.some((q) => q.url.startsWith('/api/dcim/devices/?limit=2&offset=2'))).toBe(true);

    const dump = path.join(dir, 'dump.db');
    await fromDump(dump, V42);
    const fromTheApi = catalog(api);
    expect(fromTheApi).toEqual(catalog(dump));
    // And it is the whole catalog: 4.2 contact assignments and circuit sites are kept.
    expect(fromTheApi.contacts).toHaveLength(3);
    expect((fromTheApi.assets ?? []).filter((a) => a.includes('"kind":"circuit"'))).toEqual([
      expect.stringContaining('"site_id":"sites:dcim.site:1"'),
      expect.stringContaining('\\"sites\\":\\"COLO-1 ↔ ACME-AMS\\"'),
    ]);
    expect(
      count(api, "SELECT count(*) AS n FROM assets WHERE kind = 'circuit' AND site_id IS NOT NULL"),
    ).toBe(2);
  });

  it('3.x shapes (device_role, content_type, site on terminations) give the 3.x dump catalog', async () => {
    nb.serve(V34, '3.7.8');
    nb.fault = null;
    const dir = tempDir();
    const api = path.join(dir, 'api.db');
    const r = await fromApi(api);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^netbox: NetBox 3\.7\.8 at /m);
    const dump = path.join(dir, 'dump.db');
    await fromDump(dump, V34);
    expect(catalog(api)).toEqual(catalog(dump));
    expect(count(api, "SELECT count(*) AS n FROM assets WHERE kind = 'firewall'")).toBe(1);
  });

  it('re-import is idempotent across API and dump of one instance (NetBox ids are the source ids)', async () => {
    nb.serve(V42, '4.2.1');
    nb.fault = null;
    const db = path.join(tempDir(), 'lifeline.db');
    expect((await fromApi(db)).code).toBe(0);
    const dump = await fromDump(db, V42);
    for (const entity of ['customers', 'sites', 'vendors', 'assets', 'links', 'contacts'])
      expect(dump.out).toMatch(new RegExp(`${entity}\\s+0\\s+0\\s+[1-9]\\d*`));
    const again = await fromApi(db);
    expect(again.out).not.toMatch(/^\s+\w+\s+[1-9]/m);
    expect(again.out).toMatch(/assets\s+0\s+0\s+11/);
  });

  describe('a failed read leaves the database as it was, says what happened and what to try', () => {
    async function seeded() {
      const dbPath = path.join(tempDir(), 'lifeline.db');
      await fromDump(dbPath, V34);
      // Reading the catalog leaves an empty WAL behind: take the disk state after it.
      const rows = catalog(dbPath);
      return { dbPath, before: diskState(dbPath), rows };
    }

    it('a 500 mid-way: refused, the pages read are kept in an encrypted cursor, and the same command continues', async () => {
      nb.serve(V42, '4.2.1');
      const { dbPath, before, rows } = await seeded();
      nb.fault = { path: 'dcim/devices', offset: 2, kind: 'status500' };
      const r = await fromApi(dbPath, '--page-size', '2');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /NetBox answered 500 on GET \/api\/dcim\/devices\/\?limit=2&offset=2.*run the same command again to continue.*Nothing was written\. The \d+ objects read so far are kept in .*lifeline\.db\.netbox-cursor \(encrypted\)/,
      );
      expect(diskState(dbPath)).toBe(before);
      const cursor = fs.readFileSync(`${dbPath}.netbox-cursor`, 'utf8');
      expect(cursor).not.toContain('esx-ams-01');
      expect(fs.statSync(`${dbPath}.netbox-cursor`).mode & 0o777).toBe(0o600);

      nb.fault = null;
      nb.requests.length = 0;
      const resumed = await fromApi(dbPath, '--page-size', '2');
      expect(resumed.code, resumed.err).toBe(0);
      expect(resumed.err).toMatch(/continuing the read saved at/);
      expect(resumed.err).toMatch(/dcim\/devices: continuing at 2/);
      // Endpoints finished before the failure are not read again.
      expect(nb.requests.some((q) => q.url.startsWith('/api/tenancy/tenants/'))).toBe(false);
      expect(fs.existsSync(`${dbPath}.netbox-cursor`)).toBe(false);
      const full = path.join(tempDir(), 'full.db');
      await fromDump(full, V34);
      await fromDump(full, V42);
      expect(catalog(dbPath)).toEqual(catalog(full));
      expect(catalog(dbPath)).not.toEqual(rows);
    });

    it('truncated JSON: refused as an incomplete answer', async () => {
      nb.serve(V42, '4.2.1');
      const { dbPath, before } = await seeded();
      nb.fault = { path: 'circuits/circuits', offset: 0, kind: 'truncated' };
      const r = await fromApi(dbPath, '--restart');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /NetBox's answer to GET \/api\/circuits\/circuits\/\?limit=500&offset=0&ordering=id is not complete JSON/,
      );
      expect(diskState(dbPath)).toBe(before);
      nb.fault = null;
    });

    it('a wrong token: 403 "Invalid token", nothing saved', async () => {
      nb.serve(V42, '4.2.1');
      const { dbPath, before } = await seeded();
      process.env.WRONG_TOKEN = 'not-the-token';
      const r = await lifeline(...urlArgs(nb.url, 'WRONG_TOKEN', dbPath, '--ca', nb.caFile));
      delete process.env.WRONG_TOKEN;
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /NetBox refused the token \(403 Invalid token\) on GET \/api\/status\/: check the token/,
      );
      expect(r.err).not.toContain('not-the-token');
      expect(diskState(dbPath)).toBe(before);
      expect(fs.existsSync(`${dbPath}.netbox-cursor`)).toBe(false);
    });

    it('no token, no --ca for a private CA, or plain http: refused before anything is read', async () => {
      const { dbPath, before } = await seeded();
      delete process.env.NO_SUCH_TOKEN;
      const missing = await lifeline(...urlArgs(nb.url, 'NO_SUCH_TOKEN', dbPath));
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/NO_SUCH_TOKEN is not set or is empty: export NO_SUCH_TOKEN=/);
      process.env.NETBOX_TOKEN = TOKEN;
      const untrusted = await lifeline(...urlArgs(nb.url, 'NETBOX_TOKEN', dbPath));
      expect(untrusted.code).toBe(1);
      expect(untrusted.err).toMatch(
        /sent a certificate that is not trusted .*give that CA's certificate with --ca FILE/,
      );
      const http = await lifeline(...urlArgs(nb.url.replace('https', 'http'), 'NETBOX_TOKEN', dbPath));
      expect(http.err).toMatch(/--url must start with https:\/\//);
      const both = await lifeline('import', 'netbox', V42, '--url', nb.url, '--db', dbPath);
      expect(both.code).toBe(2);
      expect(diskState(dbPath)).toBe(before);
    });
  });
});
