/**
 * The fixed, varied query set: what engineers type into the palette at 3 a.m. — names,
 * host names (full and short), IPs (full and partial), customer codes, short prefixes,
 * words from playbooks, contacts, vendors, and "customer + host" pairs. Drawn from the
 * database with a seeded generator, so the same data gives the same queries.
 */
import type { Db } from '../db/database';
import { Rng } from '../demo/random';

export interface BenchQuery {
  readonly text: string;
  readonly kind: string;
}

const PREFIXES = ['es', 'sq', 'fw', 'dc', 'ex', 'sw', 'vpn', 'bak'];
const PLAYBOOK_WORDS = ['restore', 'failover', 'unresponsive', 'backup', 'certificate', 'replication'];

function column(db: Db, sql: string): string[] {
  return (db.prepare(sql).all() as Array<{ v: string | null }>)
    .map((r) => r.v)
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

export function buildQuerySet(db: Db, seed = 8): BenchQuery[] {
  const rng = new Rng(seed);
  const out: BenchQuery[] = [];
  const add = (kind: string, values: readonly string[], n: number, map: (v: string) => string = (v) => v) => {
    for (const v of rng.sample(values, n)) {
      const text = map(v).trim();
      if (text !== '' && !out.some((q) => q.text === text)) out.push({ kind, text });
    }
  };
  const customerNames = column(
    db,
    `SELECT name AS v FROM customers WHERE deleted_at IS NULL AND kind = 'customer' ORDER BY id`,
  );
  const codes = column(db, `SELECT code AS v FROM customers WHERE deleted_at IS NULL ORDER BY id`);
  const hostnames = column(
    db,
    'SELECT hostname AS v FROM assets WHERE deleted_at IS NULL AND hostname IS NOT NULL ORDER BY id',
  );
  const assetNames = column(db, 'SELECT name AS v FROM assets WHERE deleted_at IS NULL ORDER BY id');
  const ips = column(db, 'SELECT address AS v FROM asset_addresses ORDER BY asset_id, address').filter((a) =>
    /^\d+\.\d+\.\d+\.\d+$/.test(a),
  );
  const contacts = column(db, 'SELECT name AS v FROM contacts WHERE deleted_at IS NULL ORDER BY id');
  const vendors = column(db, 'SELECT name AS v FROM vendors WHERE deleted_at IS NULL ORDER BY id');

  add('customer name', customerNames, 5);
  add('customer name, first word', customerNames, 4, (v) => v.split(' ')[0] ?? v);
  add('customer code', codes, 4, (v) => v.toLowerCase());
  add('host name', hostnames, 8);
  add('short host name', hostnames, 6, (v) => v.split('.')[0] ?? v);
  add('asset name', assetNames, 4);
  add('IP address', ips, 6);
  add('partial IP', ips, 4, (v) => v.split('.').slice(0, 3).join('.'));
  add('contact', contacts, 3);
  add('vendor', vendors, 3);
  for (const p of PREFIXES) out.push({ kind: 'prefix', text: p });
  for (const w of PLAYBOOK_WORDS) out.push({ kind: 'playbook word', text: w });
  // "acme dc01": a customer code and a short host name of one of its assets.
  const pairs = db
    .prepare(
      `SELECT c.code AS code, a.hostname AS host FROM assets a JOIN customers c ON c.id = a.customer_id
        WHERE a.deleted_at IS NULL AND a.hostname IS NOT NULL ORDER BY a.id`,
    )
    .all() as Array<{ code: string; host: string }>;
  for (const p of rng.sample(pairs, 3)) {
    const text = `${p.code.toLowerCase()} ${p.host.split('.')[0] ?? p.host}`;
    if (!out.some((q) => q.text === text)) out.push({ kind: 'code + host', text });
  }
  return out;
}
