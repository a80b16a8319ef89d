/**
 * The seeded, varied query set: what engineers type into the palette at 3 a.m. — names,
 * host names (full and short), IPs (full and partial), customer codes, short prefixes,
 * words from playbooks, contacts, vendors, and "customer + host" pairs, in fixed shares
 * of the set. Drawn from the database with a seeded generator, so the same data gives the
 * same queries; every query in the set is distinct.
 */
import type { Db } from '../db/database';
import { Rng } from '../demo/random';

export interface BenchQuery {
  readonly text: string;
  readonly kind: string;
}

function column(db: Db, sql: string): string[] {
  return (db.prepare(sql).all() as Array<{ v: string | null }>)
    .map((r) => r.v)
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** Share of the set per kind of query (they add up to 1). */
const SHARES: ReadonlyArray<readonly [string, number]> = [
  ['customer name', 0.08],
  ['customer name, first word', 0.04],
  ['customer code', 0.08],
  ['host name', 0.14],
  ['short host name', 0.12],
  ['asset name', 0.08],
  ['IP address', 0.12],
  ['partial IP', 0.06],
  ['contact', 0.08],
  ['vendor', 0.04],
  ['prefix', 0.06],
  ['playbook word', 0.04],
  ['code + host', 0.06],
];

/** `size` distinct queries (fewer only when the database cannot give that many). */
export function buildQuerySet(db: Db, size: number, seed = 8): BenchQuery[] {
  const rng = new Rng(seed);
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
  const titleWords = [
    ...new Set(
      column(db, 'SELECT title AS v FROM playbooks WHERE deleted_at IS NULL ORDER BY id').flatMap((t) =>
        t
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter((w) => w.length >= 4),
      ),
    ),
  ];
  const pairs = db
    .prepare(
      `SELECT c.code AS code, a.hostname AS host FROM assets a JOIN customers c ON c.id = a.customer_id
        WHERE a.deleted_at IS NULL AND a.hostname IS NOT NULL ORDER BY a.id`,
    )
    .all() as Array<{ code: string; host: string }>;
  const short = (h: string) => h.split('.')[0] ?? h;
  const draw: Readonly<Record<string, () => string | undefined>> = {
    'customer name': () => rng.pick(customerNames),
    'customer name, first word': () => rng.pick(customerNames).split(' ')[0],
    'customer code': () => rng.pick(codes).toLowerCase(),
    'host name': () => rng.pick(hostnames),
    'short host name': () => short(rng.pick(hostnames)),
    'asset name': () => rng.pick(assetNames),
    'IP address': () => rng.pick(ips),
    'partial IP': () => rng.pick(ips).split('.').slice(0, 3).join('.'),
    contact: () => rng.pick(contacts),
    vendor: () => rng.pick(vendors),
    prefix: () => {
      const source = rng.chance(0.5) ? short(rng.pick(hostnames)) : rng.pick(customerNames);
      return source.toLowerCase().slice(0, rng.int(2, 3));
    },
    'playbook word': () => rng.pick(titleWords),
    'code + host': () => {
      const p = rng.pick(pairs);
      return `${p.code.toLowerCase()} ${short(p.host)}`;
    },
  };
  const pools: Readonly<Record<string, number>> = {
    'customer name': customerNames.length,
    'customer name, first word': customerNames.length,
    'customer code': codes.length,
    'host name': hostnames.length,
    'short host name': hostnames.length,
    'asset name': assetNames.length,
    'IP address': ips.length,
    'partial IP': ips.length,
    contact: contacts.length,
    vendor: vendors.length,
    prefix: hostnames.length + customerNames.length,
    'playbook word': titleWords.length,
    'code + host': pairs.length,
  };
  const seen = new Set<string>();
  const out: BenchQuery[] = [];
  const take = (kind: string, n: number) => {
    if ((pools[kind] ?? 0) === 0) return;
    // Bounded tries: a small pool (vendors, two-letter prefixes) runs out of new values.
    for (let tries = 0, got = 0; got < n && tries < n * 20; tries++) {
      const text = draw[kind]?.()?.trim();
      if (!text || seen.has(text.toLowerCase())) continue;
      seen.add(text.toLowerCase());
      out.push({ kind, text });
      got++;
    }
  };
  for (const [kind, share] of SHARES) take(kind, Math.round(size * share));
  // Whatever small pools could not give, host names and IPs (the big pools) make up.
  for (let round = 0; out.length < size && round < 10; round++) {
    take('host name', Math.ceil((size - out.length) / 2));
    take('IP address', size - out.length);
  }
  // Interleave the kinds, so any prefix of the set (the keystrokes take one) is varied too.
  const byKind = new Map<string, BenchQuery[]>();
  for (const q of out) byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), q]);
  const mixed: BenchQuery[] = [];
  for (let i = 0; mixed.length < out.length; i++)
    for (const list of byKind.values()) {
      const q = list[i];
      if (q) mixed.push(q);
    }
  return mixed.slice(0, size);
}
