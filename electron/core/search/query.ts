/**
 * Catalog search: exact lookups on indexed columns (name, code, host name, address) first,
 * then SQLite FTS5 with bm25 over the trigger-maintained search index.
 */
import { ASSET_KIND_LABELS } from '../../../shared/catalog/labels';
import {
  type AssetKind,
  type CustomerRef,
  SEARCH_KINDS,
  type SearchHit,
  type SearchKind,
  type Tier,
} from '../../../shared/catalog/schemas';
import { assertNever } from '../../../shared/util/assertNever';
import type { Db } from '../db/database';

export const DEFAULT_SEARCH_LIMIT = 20;

export interface SearchOptions {
  readonly query: string;
  readonly limit?: number;
  readonly kinds?: readonly SearchKind[];
}

/**
 * The query as typed, cleaned for comparison: control characters (a NUL ends an FTS5
 * string early) become spaces, runs of space collapse, ends are trimmed.
 */
export function normalizeQuery(raw: string): string {
  return raw
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** unicode61 keeps letters, digits and private-use characters; everything else separates tokens. */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

/**
 * An FTS5 MATCH expression for what was typed, or null when nothing in it can match.
 * Each space-separated word becomes a quoted string (so AND, OR, NEAR, *, -, :, ( and "
 * are plain text, never syntax) followed by *, so every word matches as a prefix: the
 * tokenizer splits "esx01.no" inside the quotes into a phrase whose last token is a prefix.
 * With lastIsPrefix false every word must be whole.
 */
export function ftsMatchExpression(normalized: string, lastIsPrefix = true): string | null {
  const words = normalized.split(' ').filter((w) => TOKEN_CHAR.test(w));
  if (words.length === 0) return null;
  const last = words.length - 1;
  return words
    .map((w, i) => {
      const star = lastIsPrefix ? '*' : '';
      if (PARTIAL_IPV4.test(w)) return `"ip${w.replaceAll('.', 'x')}"${star}`;
      const quoted = `"${w.replaceAll('"', '""')}"`;
      // A one-character prefix ("+1" of a phone number, a lone "a") matches nearly every
      // record and costs tens of milliseconds; only the word being typed needs to be one.
      const short = [...w.replace(/[^\p{L}\p{N}\p{Co}]/gu, '')].length === 1;
      return short && (i < last || last === 0) ? quoted : `${quoted}${star}`;
    })
    .join(' ');
}

/**
 * Three or four dotted numbers, as typed on the way to a full IPv4 address ("10.4.1",
 * "10.4.1."): matched against the single-token form of addresses the index keeps.
 */
const PARTIAL_IPV4 = /^\d{1,3}\.\d{1,3}\.\d{0,3}(\.\d{0,3})?$/;

/** Order of kinds for equal scores: the records an engineer opens first. */
const KIND_ORDER_SQL = (kind: string) =>
  `CASE ${kind} WHEN 'customer' THEN 0 WHEN 'asset' THEN 1 WHEN 'vendor' THEN 2 WHEN 'contact' THEN 3 ELSE 4 END`;
/** The shared platform first (an outage there hits many customers), then by tier. */
const ACCOUNT_ORDER_SQL = (c: string) =>
  `CASE WHEN ${c}.id IS NULL THEN 5 WHEN ${c}.kind = 'internal' THEN 0 ELSE
     CASE ${c}.tier WHEN 'platinum' THEN 1 WHEN 'gold' THEN 2 WHEN 'silver' THEN 3 ELSE 4 END END`;

/** A record whose customer is live (vendors and playbooks have none). */
const LIVE_OWNER = `(d.customer_id IS NULL OR EXISTS
  (SELECT 1 FROM customers c WHERE c.id = d.customer_id AND c.deleted_at IS NULL))`;

/**
 * Every exact lookup, each on its own index (tests check the plans), in three statements,
 * one per level: 0 = an identifier typed in full (customer code, host name, address);
 * 1 = a name; 2 = a short host name ("esx01" for esx01.nord.local). The hits list level
 * by level, each in palette order: search_docs rowids are palette order (migration 9:
 * kind, account, customer, machines before their services, name), so the name and
 * short-name lookups, which can match at every customer, read only the first @limit
 * entries of their index range. A level is asked only while the levels before it left
 * room: a record found again at a later level keeps its first place, so once @limit
 * records are found nothing later can show. Each lookup is switched off by its kind flag,
 * which SQLite tests once before touching the index.
 */
export const EXACT_SQL = [
  `SELECT d.rowid, d.kind, d.ref_id AS id, NULL AS address FROM customers c JOIN search_docs d ON d.ref_id = c.id
    WHERE @customer AND c.code = @code AND c.deleted_at IS NULL
  UNION ALL
  SELECT d.rowid, d.kind, d.ref_id, NULL FROM assets a JOIN search_docs d ON d.ref_id = a.id
    WHERE @asset AND a.hostname = @q COLLATE NOCASE AND a.deleted_at IS NULL AND ${LIVE_OWNER}
  UNION ALL
  SELECT d.rowid, d.kind, d.ref_id, x.address FROM asset_addresses x JOIN search_docs d ON d.ref_id = x.asset_id
    WHERE @asset AND x.address = @address AND ${LIVE_OWNER}`,
  `SELECT d.rowid, d.kind, d.ref_id AS id, NULL AS address FROM search_docs d
    WHERE d.name = @q AND ((d.kind = 'customer' AND @customer) OR (d.kind = 'asset' AND @asset)
      OR (d.kind = 'contact' AND @contact) OR (d.kind = 'vendor' AND @vendor)) AND ${LIVE_OWNER}
    ORDER BY d.rowid LIMIT @limit`,
  `SELECT * FROM (SELECT d.rowid, d.kind, d.ref_id AS id, NULL AS address FROM search_docs d
    WHERE @asset AND d.short = @q AND ${LIVE_OWNER} ORDER BY d.rowid LIMIT @limit)
  UNION ALL
  -- "esx01.nord": a host name typed up to a dot; rare, and never at every customer.
  SELECT d.rowid, d.kind, d.ref_id, NULL FROM assets a JOIN search_docs d ON d.ref_id = a.id
    WHERE @asset AND @dotted AND a.hostname >= @shortFrom COLLATE NOCASE AND a.hostname < @shortTo COLLATE NOCASE
      AND a.deleted_at IS NULL AND ${LIVE_OWNER}`,
] as const;

interface ExactRow {
  readonly rowid: number;
  readonly kind: SearchKind;
  readonly id: string;
  readonly address: string | null;
}

/** The exact hits, level by level and in palette order within each, at most @limit. */
function exactHits(db: Db, params: ReturnType<typeof exactParams>): ExactRow[] {
  const hits: ExactRow[] = [];
  const seen = new Set<number>();
  for (const sql of EXACT_SQL) {
    if (hits.length >= params.limit) break;
    const level = new Map<number, ExactRow>();
    for (const r of stmt(db, sql).all(params) as ExactRow[]) {
      if (seen.has(r.rowid)) continue;
      // Found by its host name and by an address: the address shows (as max() chose).
      const twice = level.get(r.rowid);
      if (!twice || (r.address !== null && (twice.address === null || r.address > twice.address)))
        level.set(r.rowid, r);
    }
    for (const r of [...level.values()].sort((a, b) => a.rowid - b.rowid)) {
      seen.add(r.rowid);
      hits.push(r);
    }
  }
  return hits.slice(0, params.limit);
}

/** bm25 with column weights: a word in the name counts most, then identifiers, then notes. */
const BM25 = `f.rank MATCH 'bm25(10.0, 5.0, 1.0)'`;

/**
 * FTS hits in rank order, for queries of several words. FTS5 ranks every match anyway;
 * joining only the best @pool of them keeps the join cheap. Equal scores then go in
 * palette order (the rowid).
 */
export const FTS_SQL = `
SELECT d.kind, d.ref_id AS id
  FROM (SELECT f.rowid, f.rank FROM search_fts f
         WHERE search_fts MATCH @match AND ${BM25} ORDER BY f.rank LIMIT @pool) m
  JOIN search_docs d ON d.rowid = m.rowid
 ORDER BY m.rank, d.rowid
 LIMIT @limit`;

/**
 * FTS hits in palette order, no ranking: the first @limit matches by rowid. For one word
 * (as typed so far, "es", "sql0") and for the looser matches that wait behind exact hits,
 * where bm25 would score thousands of matches to order a list nobody reads by score.
 */
export const FTS_ORDERED_SQL = `
SELECT d.kind, d.ref_id AS id
  FROM (SELECT f.rowid FROM search_fts f WHERE search_fts MATCH @match ORDER BY f.rowid LIMIT @limit) m
  JOIN search_docs d ON d.rowid = m.rowid
 ORDER BY m.rowid`;

/** The same with a kinds filter, which must apply before the limit. */
export const FTS_KINDS_SQL = `
SELECT d.kind, d.ref_id AS id
  FROM search_fts f
  JOIN search_docs d ON d.rowid = f.rowid
  LEFT JOIN customers c ON c.id = d.customer_id
 WHERE search_fts MATCH @match AND ${BM25}
   AND d.kind IN (SELECT value FROM json_each(@kinds))
 ORDER BY f.rank, ${KIND_ORDER_SQL('d.kind')}, ${ACCOUNT_ORDER_SQL('c')}, d.ref_id
 LIMIT @limit`;

/**
 * Mid-word fragments ("rt.local", "sql01.ac" is a prefix and never needs this): host
 * names and names containing what was typed, asked only when nothing else matched. It
 * reads the host-name and name indexes whole (about 10 ms at 500 customers).
 */
export const FRAGMENT_SQL = `
SELECT d.kind, d.ref_id AS id FROM (
  SELECT id FROM assets WHERE @asset AND instr(lower(hostname), @fragment) > 0 AND deleted_at IS NULL
  UNION
  SELECT id FROM assets WHERE @asset AND instr(lower(name), @fragment) > 0 AND deleted_at IS NULL
  UNION
  SELECT id FROM customers WHERE @customer AND instr(lower(name), @fragment) > 0 AND deleted_at IS NULL
) x JOIN search_docs d ON d.ref_id = x.id
 WHERE ${LIVE_OWNER}
 ORDER BY d.rowid
 LIMIT @limit`;

interface Ranked {
  readonly kind: SearchKind;
  readonly id: string;
  /** Set for exact hits; FTS hits are classified after hydration. */
  readonly exact: boolean;
  /** The address that matched exactly, shown instead of the asset's first one. */
  readonly address: string | null;
}

interface Hydrated {
  readonly title: string;
  readonly subtitle: string | null;
  readonly customer: CustomerRef | null;
  /** What "prefix" is judged against: the name, and the host name or code. */
  readonly keys: readonly string[];
  readonly assetDetail?: {
    readonly hostname: string | null;
    readonly ips: readonly string[];
    kind: AssetKind;
  };
}

type Statement = ReturnType<Db['prepare']>;
const statements = new WeakMap<Db, Map<string, Statement>>();

/** Search runs on every keystroke: each statement is prepared once per connection. */
function stmt(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

/** Parameters for EXACT_SQL's statements; exported so tests can ask SQLite for their plans. */
export function exactParams(normalized: string, kinds: ReadonlySet<SearchKind>, limit: number) {
  const flag = (k: SearchKind) => (kinds.has(k) ? 1 : 0);
  // "10.1.2.3/24" is stored as 10.1.2.3.
  const address = normalized.replace(/\/\d{1,3}$/, '');
  return {
    customer: flag('customer'),
    asset: flag('asset'),
    contact: flag('contact'),
    vendor: flag('vendor'),
    q: normalized,
    code: normalized.toUpperCase(),
    address,
    // Host names that begin with what was typed followed by a dot; '/' sorts right after '.'.
    shortFrom: `${normalized}.`,
    shortTo: `${normalized}/`,
    dotted: normalized.includes('.') ? 1 : 0,
    limit,
  };
}

export function searchCatalog(db: Db, opts: SearchOptions): SearchHit[] {
  const q = normalizeQuery(opts.query);
  const limit = opts.limit ?? DEFAULT_SEARCH_LIMIT;
  if (q === '' || limit < 1) return [];
  const kinds = new Set<SearchKind>(opts.kinds && opts.kinds.length > 0 ? opts.kinds : SEARCH_KINDS);
  const exactRows = exactHits(db, exactParams(q, kinds, limit));
  const ranked: Ranked[] = exactRows.map((r) => ({
    kind: r.kind,
    id: r.id,
    exact: true,
    address: r.address,
  }));
  const seen = new Set(ranked.map((r) => r.id));

  // Past an exact hit the looser matches wait behind "Show N more": whole words will do,
  // and a host name's last word ("local") is not expanded to every word it begins.
  const match = ftsMatchExpression(q, ranked.length === 0);
  if (match !== null && ranked.length < limit) {
    // Room for the exact hits it will find again, and for records hydration drops.
    const want = limit + ranked.length + 10;
    const oneWord = q.split(' ').filter((w) => TOKEN_CHAR.test(w)).length === 1;
    for (const r of ftsHits(db, match, kinds, ranked.length > 0, oneWord, want)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      ranked.push({ kind: r.kind, id: r.id, exact: false, address: null });
    }
  }
  if (ranked.length === 0) {
    const fragment = q.toLowerCase();
    if ([...fragment].length >= 3) {
      const rows = stmt(db, FRAGMENT_SQL).all({
        asset: kinds.has('asset') ? 1 : 0,
        customer: kinds.has('customer') ? 1 : 0,
        fragment,
        limit,
      }) as Array<{ kind: SearchKind; id: string }>;
      for (const r of rows) ranked.push({ kind: r.kind, id: r.id, exact: false, address: null });
    }
  }

  const details = hydrate(db, ranked);
  const needle = q.toLowerCase();
  const hits: SearchHit[] = [];
  for (const r of ranked) {
    const d = details.get(r.id);
    if (!d) continue; // deleted, or its customer was
    const match: SearchHit['match'] = r.exact
      ? 'exact'
      : d.keys.some((k) => k.toLowerCase().startsWith(needle))
        ? 'prefix'
        : 'text';
    const subtitle =
      r.address !== null && d.assetDetail
        ? assetSubtitle(d.assetDetail.hostname, r.address, d.assetDetail.kind)
        : d.subtitle;
    hits.push({ kind: r.kind, id: r.id, title: d.title, subtitle, customer: d.customer, match });
    if (hits.length >= limit) break;
  }
  return hits;
}

type FtsRow = { kind: SearchKind; id: string };

/**
 * Full-text hits: bm25 only where its order is read, i.e. for several words with no exact
 * hit. One word goes in palette order, names, then identifiers, then notes; so do the
 * looser matches behind exact hits, which the palette keeps behind "Show N more".
 */
function ftsHits(
  db: Db,
  match: string,
  kinds: ReadonlySet<SearchKind>,
  haveExact: boolean,
  oneWord: boolean,
  want: number,
): FtsRow[] {
  if (kinds.size !== SEARCH_KINDS.length)
    return stmt(db, FTS_KINDS_SQL).all({ match, kinds: JSON.stringify([...kinds]), limit: want }) as FtsRow[];
  if (!oneWord && !haveExact)
    return stmt(db, FTS_SQL).all({ match, pool: want * 4, limit: want }) as FtsRow[];
  const ordered = stmt(db, FTS_ORDERED_SQL);
  if (!oneWord) return ordered.all({ match, limit: want }) as FtsRow[];
  // What bm25's column weights said, without scoring: names, then identifiers, then notes.
  const passes = [
    `title : ${match}`,
    `(keys : ${match}) NOT (title : ${match})`,
    `(body : ${match}) NOT ({title keys} : ${match})`,
  ];
  const out: FtsRow[] = [];
  for (const pass of passes) {
    out.push(...(ordered.all({ match: pass, limit: want - out.length }) as FtsRow[]));
    if (out.length >= want) break;
  }
  return out;
}

function assetSubtitle(hostname: string | null, ip: string | null, kind: AssetKind): string {
  return [hostname, ip, ASSET_KIND_LABELS[kind].one].filter((p): p is string => !!p).join(' · ');
}

const TIER_LABEL: Readonly<Record<Tier, string>> = {
  platinum: 'Platinum',
  gold: 'Gold',
  silver: 'Silver',
  bronze: 'Bronze',
};

interface RefRow {
  c_id: string;
  c_code: string;
  c_name: string;
  c_tier: Tier;
}
const ref = (r: RefRow): CustomerRef => ({ id: r.c_id, code: r.c_code, name: r.c_name, tier: r.c_tier });
const OWNER_COLS = 'c.id AS c_id, c.code AS c_code, c.name AS c_name, c.tier AS c_tier';

/** Titles, subtitles and customers for the ranked ids, one indexed query per kind. */
function hydrate(db: Db, ranked: readonly Ranked[]): Map<string, Hydrated> {
  const byKind = new Map<SearchKind, string[]>();
  for (const r of ranked) {
    const ids = byKind.get(r.kind) ?? [];
    ids.push(r.id);
    byKind.set(r.kind, ids);
  }
  const out = new Map<string, Hydrated>();
  for (const [kind, ids] of byKind) {
    const json = JSON.stringify(ids);
    switch (kind) {
      case 'customer': {
        const rows = stmt(
          db,
          `SELECT ${OWNER_COLS}, c.kind AS c_kind FROM customers c
              WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`,
        ).all(json) as Array<RefRow & { c_kind: 'customer' | 'internal' }>;
        for (const r of rows) {
          out.set(r.c_id, {
            title: r.c_name,
            subtitle: `${r.c_code} · ${r.c_kind === 'internal' ? 'Internal shared platform' : TIER_LABEL[r.c_tier]}`,
            customer: ref(r),
            keys: [r.c_name, r.c_code],
          });
        }
        break;
      }
      case 'asset': {
        const rows = stmt(
          db,
          `SELECT a.id, a.name, a.hostname, a.ip_addresses, a.kind, ${OWNER_COLS}
               FROM assets a JOIN customers c ON c.id = a.customer_id
              WHERE a.id IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NULL AND c.deleted_at IS NULL`,
        ).all(json) as Array<
          RefRow & {
            id: string;
            name: string;
            hostname: string | null;
            ip_addresses: string;
            kind: AssetKind;
          }
        >;
        for (const r of rows) {
          const ips = parseStrings(r.ip_addresses);
          out.set(r.id, {
            title: r.name,
            subtitle: assetSubtitle(r.hostname, ips[0] ?? null, r.kind),
            customer: ref(r),
            keys: [r.name, ...(r.hostname ? [r.hostname] : []), ...ips],
            assetDetail: { hostname: r.hostname, ips, kind: r.kind },
          });
        }
        break;
      }
      case 'contact': {
        const rows = stmt(
          db,
          `SELECT ct.id, ct.name, ct.role, ${OWNER_COLS}
               FROM contacts ct JOIN customers c ON c.id = ct.customer_id
              WHERE ct.id IN (SELECT value FROM json_each(?)) AND ct.deleted_at IS NULL AND c.deleted_at IS NULL`,
        ).all(json) as Array<RefRow & { id: string; name: string; role: string }>;
        for (const r of rows) {
          out.set(r.id, {
            title: r.name,
            subtitle: `${r.role} · ${r.c_name}`,
            customer: ref(r),
            keys: [r.name],
          });
        }
        break;
      }
      case 'vendor': {
        const rows = stmt(
          db,
          `SELECT id, name, support_phone FROM vendors
              WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
        ).all(json) as Array<{ id: string; name: string; support_phone: string | null }>;
        for (const r of rows) {
          out.set(r.id, { title: r.name, subtitle: r.support_phone, customer: null, keys: [r.name] });
        }
        break;
      }
      case 'playbook': {
        // Indexed from the current version (migration 3): title, symptoms, tags, summary, step titles.
        const rows = stmt(
          db,
          `SELECT id, title, owner FROM playbooks
              WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
        ).all(json) as Array<{ id: string; title: string; owner: string | null }>;
        for (const r of rows) {
          out.set(r.id, { title: r.title, subtitle: r.owner, customer: null, keys: [r.title] });
        }
        break;
      }
      default:
        assertNever(kind);
    }
  }
  return out;
}

function parseStrings(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
