import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { addCustomer } from '../helpers/backend';
import { CLI, sha256, tempDir } from '../helpers/tmp';

function lifeline(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFELINE_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A database file with two customers' esx01 hosts and a contact, closed again. */
function catalogFile(): { file: string; ids: Record<string, string> } {
  const file = path.join(tempDir(), 'catalog.db');
  const { db } = openDatabase(file);
  const now = new Date().toISOString();
  const nord = addCustomer(db, { code: 'NORD', name: 'Nordwind Shipping', tier: 'gold' });
  const acme = addCustomer(db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'platinum' });
  const asset = (customerId: string, name: string, hostname: string, ip: string) => {
    const id = uuidv7();
    db.prepare(
      `INSERT INTO assets (id, customer_id, kind, name, hostname, ip_addresses, created_at, updated_at)
       VALUES (?, ?, 'hypervisor_host', ?, ?, ?, ?, ?)`,
    ).run(id, customerId, name, hostname, JSON.stringify([ip]), now, now);
    return id;
  };
  const ids = {
    nordEsx01: asset(nord, 'esx01', 'esx01.nord.local', '10.4.10.11'),
    acmeEsx01: asset(acme, 'esx01', 'esx01.acme.local', '10.9.10.11'),
    nordEsx02: asset(nord, 'esx02', 'esx02.nord.local', '10.4.10.12'),
  };
  db.prepare(
    `INSERT INTO vendors (id, name, support_phone, created_at, updated_at) VALUES (?, 'Esxtra Hardware', NULL, ?, ?)`,
  ).run(uuidv7(), now, now);
  db.close();
  return { file, ids };
}

describe('lifeline search', () => {
  it('--json prints kind, id, title and customer name in rank order', () => {
    const { file, ids } = catalogFile();
    const r = lifeline('search', 'esx01.nord.local', '--db', file, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const hits = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(hits[0]).toEqual({
      kind: 'asset',
      id: ids.nordEsx01,
      title: 'esx01',
      customer: 'Nordwind Shipping',
    });
    for (const h of hits) expect(Object.keys(h)).toEqual(['kind', 'id', 'title', 'customer']);

    // Same ranking as the console: exact short host names by tier (Acme is platinum).
    const short = JSON.parse(lifeline('search', 'esx01', '--db', file, '--json').out) as Array<{
      id: string;
    }>;
    expect(short.slice(0, 2).map((h) => h.id)).toEqual([ids.acmeEsx01, ids.nordEsx01]);

    const limited = JSON.parse(
      lifeline('search', 'esx', '--db', file, '--limit', '2', '--json').out,
    ) as Array<{
      kind: string;
      customer: string | null;
    }>;
    expect(limited).toHaveLength(2);
    const vendor = JSON.parse(lifeline('search', 'esxtra', '--db', file, '--json').out) as Array<{
      kind: string;
      customer: string | null;
    }>;
    expect(vendor).toEqual([expect.objectContaining({ kind: 'vendor', customer: null })]);
    expect(JSON.parse(lifeline('search', 'nothing-like-this', '--db', file, '--json').out)).toEqual([]);
  });

  it('prints an aligned table, and says when nothing matched', () => {
    const { file } = catalogFile();
    const r = lifeline('search', 'esx0', '--db', file);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND\s+TITLE\s+CUSTOMER\s+DETAILS$/);
    expect(lines).toHaveLength(4);
    const col = (lines[0] ?? '').indexOf('CUSTOMER');
    for (const line of lines.slice(1)) {
      expect(line.startsWith('asset')).toBe(true);
      expect(line.slice(col)).toMatch(/^(Nordwind Shipping|Acme Manufacturing)\s+esx0\d\.\w+\.local · 10\./);
    }
    // Several words are one query.
    expect(lifeline('search', 'nordwind', 'esx02', '--db', file).out).toContain('esx02.nord.local');
    const none = lifeline('search', 'zzz', '--db', file);
    expect(none.code).toBe(0);
    expect(none.out.trim()).toBe('No matches for "zzz".');
  });

  it('usage mistakes and missing files are one clear line, and nothing is created or changed', () => {
    const { file } = catalogFile();
    const before = sha256(file);
    const cases: Array<[string[], number, RegExp]> = [
      [['search', '--db', file], 2, /needs a QUERY/],
      [['search', '   ', '--db', file], 2, /needs a QUERY/],
      [['search', 'esx01'], 2, /needs --db PATH/],
      [['search', 'esx01', '--db', file, '--limit', '0'], 2, /--limit must be a whole number from 1 to 200/],
      [['search', 'esx01', '--db', file, '--limit', 'ten'], 2, /--limit must be/],
      [['search', 'esx01', '--db', file, '--limit', '201'], 2, /--limit must be/],
      [['search', 'x'.repeat(201), '--db', file], 2, /at most 200 characters/],
      [['search', 'esx01', '--db', file, '--nope'], 2, /nope/],
    ];
    for (const [args, code, message] of cases) {
      const r = lifeline(...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.out).toBe('');
    }
    expect(sha256(file)).toBe(before);

    const missing = path.join(tempDir(), 'nope', 'missing.db');
    const r = lifeline('search', 'esx01', '--db', missing);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('does not exist');
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);

    const notDb = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(notDb, 'not a database at all, just some text that is long enough');
    const bad = lifeline('search', 'esx01', '--db', notDb);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('not a Lifeline database');
  });

  it('hostile queries are searched as text, never an error', () => {
    const { file } = catalogFile();
    for (const q of ['"', 'esx01 OR', 'NEAR(', '*', '-esx01', 'title:esx', "'; DROP TABLE assets; --"]) {
      // "--" ends the options, so a query may start with a dash.
      const r = lifeline('search', '--db', file, '--json', '--', q);
      expect(r.code, q).toBe(0);
      expect(Array.isArray(JSON.parse(r.out)), q).toBe(true);
    }
  });
});
