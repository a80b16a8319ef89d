/**
 * Asset reads: the asset page (facts, layer chain, links) and the shared loaders and
 * traversals that topology, restore order and blast radius are built from.
 */

import { LifelineError } from '../../../shared/api/result';
import { type Edge, reachable } from '../../../shared/catalog/graph';
import type {
  AssetDetail,
  AssetSummary,
  Criticality,
  CustomerRef,
  LinkKind,
} from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';

/** An asset as lists show it, with its customer and what ranks it in an outage. */
export interface LoadedAsset {
  readonly summary: AssetSummary;
  readonly customer: CustomerRef;
  readonly customerKind: 'customer' | 'internal';
  /** The customer's agreed sev1 restore target, in minutes. */
  readonly sev1TargetMinutes: number;
  readonly vendorId: string | null;
}

interface AssetListRow {
  id: string;
  customer_id: string;
  environment_id: string | null;
  kind: AssetSummary['kind'];
  name: string;
  hostname: string | null;
  ip_addresses: string;
  criticality: Criticality;
  vendor_id: string | null;
}

interface CustomerInfo {
  readonly ref: CustomerRef;
  readonly kind: 'customer' | 'internal';
  readonly sev1: number;
}

const ASSET_COLUMNS = `a.id, a.customer_id, a.environment_id, a.kind, a.name, a.hostname, a.ip_addresses,
  a.criticality, a.vendor_id`;

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * The live accounts that own `rows`, read once per call: one row per distinct customer
 * (a recovery card's assets have one, a search over 30,000 assets a few hundred), far
 * cheaper than joining (and parsing the restore targets of) the customer for each asset,
 * and than reading every customer to describe one asset.
 */
function customerInfo(db: Db, rows: readonly AssetListRow[]): Map<string, CustomerInfo> {
  const ids = [...new Set(rows.map((r) => r.customer_id))];
  if (ids.length === 0) return new Map();
  const owners = db
    .prepare(
      `SELECT id, code, name, tier, kind, json_extract(restore_targets, '$.sev1') AS sev1
         FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
    )
    .all(JSON.stringify(ids)) as Array<CustomerRef & { kind: 'customer' | 'internal'; sev1: unknown }>;
  return new Map(
    owners.map((r) => [
      r.id,
      {
        ref: { id: r.id, code: r.code, name: r.name, tier: r.tier },
        kind: r.kind,
        // A customer without a readable target sorts last among its tier rather than failing.
        sev1: typeof r.sev1 === 'number' ? Math.round(r.sev1) : 1_000_000,
      },
    ]),
  );
}

/** The columns of an asset row that its summary is made from. */
export type AssetSummaryRow = Omit<AssetListRow, 'vendor_id'>;

/** An asset as lists show it; a damaged address list shows as none rather than failing. */
export function assetSummary(r: AssetSummaryRow): AssetSummary {
  const ips = parseJson<unknown>(r.ip_addresses, []);
  return {
    id: r.id,
    customerId: r.customer_id,
    environmentId: r.environment_id,
    kind: r.kind,
    name: r.name,
    hostname: r.hostname,
    ipAddresses: Array.isArray(ips) ? ips.filter((x): x is string => typeof x === 'string') : [],
    criticality: r.criticality,
  };
}

function toLoaded(r: AssetListRow, c: CustomerInfo): LoadedAsset {
  return {
    summary: assetSummary(r),
    customer: c.ref,
    customerKind: c.kind,
    sev1TargetMinutes: c.sev1,
    vendorId: r.vendor_id,
  };
}

function withCustomers(db: Db, rows: readonly AssetListRow[]): LoadedAsset[] {
  const customers = customerInfo(db, rows);
  return rows.flatMap((r) => {
    const c = customers.get(r.customer_id);
    return c ? [toLoaded(r, c)] : [];
  });
}

/** Live assets by id (tombstoned ones and those of deleted customers are left out). */
export function loadAssets(db: Db, ids: Iterable<string>): Map<string, LoadedAsset> {
  const list = [...new Set(ids)];
  const rows = db
    .prepare(
      `SELECT ${ASSET_COLUMNS} FROM assets a
        WHERE a.id IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NULL`,
    )
    .all(JSON.stringify(list)) as AssetListRow[];
  return new Map(withCustomers(db, rows).map((a) => [a.summary.id, a]));
}

/** Live assets matching a fixed filter on the assets table (a customer, an environment, a vendor). */
export function loadAssetsWhere(
  db: Db,
  column: 'customer_id' | 'environment_id' | 'vendor_id',
  value: string,
): LoadedAsset[] {
  // `column` is one of three literals above, never user text; the value is bound. An
  // environment's assets are found within its customer (assets_customer): environment_id
  // has no index of its own, and alone it scans every asset.
  const where =
    column === 'environment_id'
      ? 'a.customer_id = (SELECT customer_id FROM environments WHERE id = :value) AND a.environment_id = :value'
      : `a.${column} = :value`;
  const rows = db
    .prepare(`SELECT ${ASSET_COLUMNS} FROM assets a WHERE ${where} AND a.deleted_at IS NULL`)
    .all({ value }) as AssetListRow[];
  return withCustomers(db, rows);
}

const ALL_KINDS: readonly LinkKind[] = ['runs_on', 'depends_on'];

/**
 * The live links reachable from `seeds` in one direction, found with one recursive query
 * over the link indexes: 'needs' walks from an asset to what it needs (asset_links_from),
 * 'neededBy' from an asset to what needs it (asset_links_to). Returns every link between
 * live assets met on the way, as `from needs to`.
 */
export function linksReachable(
  db: Db,
  seeds: readonly string[],
  direction: 'needs' | 'neededBy',
  kinds: readonly LinkKind[] = ALL_KINDS,
): Edge[] {
  const [near, far] =
    direction === 'needs' ? ['from_asset_id', 'to_asset_id'] : ['to_asset_id', 'from_asset_id'];
  // `near`/`far` are column names chosen above; the seeds and kinds are bound as JSON.
  // CROSS JOIN pins the join order: without it the planner scans every link (20x slower).
  const sql = `
    WITH RECURSIVE walk(id) AS (
      SELECT value FROM json_each(:seeds)
      UNION
      SELECT l.${far} FROM walk
        JOIN asset_links l ON l.${near} = walk.id
        JOIN assets a ON a.id = l.${far}
       WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL
         AND l.kind IN (SELECT value FROM json_each(:kinds))
    )
    SELECT l.from_asset_id AS "from", l.to_asset_id AS "to" FROM walk
      CROSS JOIN asset_links l ON l.${near} = walk.id
      JOIN assets a ON a.id = l.${far}
     WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL
       AND l.kind IN (SELECT value FROM json_each(:kinds))`;
  return db.prepare(sql).all({ seeds: JSON.stringify(seeds), kinds: JSON.stringify(kinds) }) as Edge[];
}

/** Deterministic order for lists of assets: by name, then id. */
export function byName(a: LoadedAsset, b: LoadedAsset): number {
  const an = a.summary.name.toLowerCase();
  const bn = b.summary.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.summary.id < b.summary.id ? -1 : a.summary.id > b.summary.id ? 1 : 0;
}

/**
 * Compare ids by the assets' names (then ids), for the graph functions. The order is
 * worked out once, so each comparison is a lookup: sorting 30,000 ids by comparing
 * names each time took most of a large blast radius's time.
 */
export function compareIdsByName(assets: ReadonlyMap<string, LoadedAsset>): (a: string, b: string) => number {
  const rank = new Map(
    [...assets.values()]
      .map((a) => ({ id: a.summary.id, key: a.summary.name.toLowerCase() }))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .map((x, i) => [x.id, i] as const),
  );
  return (a, b) => {
    const x = rank.get(a);
    const y = rank.get(b);
    if (x !== undefined && y !== undefined) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

type WithCustomer = AssetSummary & { customer: CustomerRef };

export function withCustomer(a: LoadedAsset): WithCustomer {
  return { ...a.summary, customer: a.customer };
}

interface AssetDetailRow {
  id: string;
  platform: string | null;
  model: string | null;
  serial: string | null;
  management_url: string | null;
  access_notes: string | null;
  attributes: string;
  tags: string;
  updated_at: string;
  version: number;
  site_id: string | null;
  site_name: string | null;
  env_id: string | null;
  env_name: string | null;
  env_kind: string | null;
  vendor_id: string | null;
  vendor_name: string | null;
  vendor_phone: string | null;
}

/** Layers reached by following runs_on one way, nearest first. */
function layers(
  db: Db,
  id: string,
  direction: 'needs' | 'neededBy',
): Array<WithCustomer & { depth: number }> {
  const edges = linksReachable(db, [id], direction, ['runs_on']);
  const nodes = [id, ...edges.flatMap((e) => [e.from, e.to])];
  const reached = reachable(
    {
      nodes,
      edges: direction === 'needs' ? edges : edges.map((e) => ({ from: e.to, to: e.from })),
    },
    [id],
  );
  const assets = loadAssets(
    db,
    reached.map((r) => r.id),
  );
  return reached
    .filter((r) => r.depth > 0)
    .flatMap((r) => {
      const a = assets.get(r.id);
      return a ? [{ a, depth: r.depth }] : [];
    })
    .sort((x, y) => x.depth - y.depth || byName(x.a, y.a))
    .map(({ a, depth }) => ({ ...withCustomer(a), depth }));
}

function directLinks(db: Db, id: string, direction: 'needs' | 'neededBy'): WithCustomer[] {
  const sql =
    direction === 'needs'
      ? `SELECT to_asset_id AS id FROM asset_links WHERE from_asset_id = ? AND kind = 'depends_on' AND deleted_at IS NULL`
      : `SELECT from_asset_id AS id FROM asset_links WHERE to_asset_id = ? AND kind = 'depends_on' AND deleted_at IS NULL`;
  const ids = (db.prepare(sql).all(id) as Array<{ id: string }>).map((r) => r.id);
  return [...loadAssets(db, ids).values()].sort(byName).map(withCustomer);
}

/** Everything the asset page shows about one asset. */
export function getAsset(db: Db, id: string): AssetDetail {
  const base = loadAssets(db, [id]).get(id);
  const row = db
    .prepare(
      `SELECT a.id, a.platform, a.model, a.serial, a.management_url, a.access_notes, a.attributes, a.tags,
              a.updated_at, a.version,
              s.id AS site_id, s.name AS site_name,
              e.id AS env_id, e.name AS env_name, e.kind AS env_kind,
              v.id AS vendor_id, v.name AS vendor_name, v.support_phone AS vendor_phone
         FROM assets a
         LEFT JOIN sites s ON s.id = a.site_id AND s.deleted_at IS NULL
         LEFT JOIN environments e ON e.id = a.environment_id AND e.deleted_at IS NULL
         LEFT JOIN vendors v ON v.id = a.vendor_id AND v.deleted_at IS NULL
        WHERE a.id = ? AND a.deleted_at IS NULL`,
    )
    .get(id) as AssetDetailRow | undefined;
  if (!base || !row)
    throw new LifelineError(
      'NOT_FOUND',
      `No asset with id ${id}. It may have been deleted; search for it by name or host name.`,
    );
  const attributes = parseJson<unknown>(row.attributes, {});
  const tags = parseJson<unknown>(row.tags, []);
  return {
    ...withCustomer(base),
    environment:
      row.env_id && row.env_name !== null && row.env_kind !== null
        ? { id: row.env_id, name: row.env_name, kind: row.env_kind }
        : null,
    site: row.site_id && row.site_name !== null ? { id: row.site_id, name: row.site_name } : null,
    platform: row.platform,
    vendor:
      row.vendor_id && row.vendor_name !== null
        ? { id: row.vendor_id, name: row.vendor_name, supportPhone: row.vendor_phone }
        : null,
    model: row.model,
    serial: row.serial,
    managementUrl: row.management_url,
    accessNotes: row.access_notes,
    attributes:
      attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)
        ? (attributes as Record<string, unknown>)
        : {},
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    runsOnChain: layers(db, id, 'needs'),
    hosts: layers(db, id, 'neededBy'),
    dependsOn: directLinks(db, id, 'needs'),
    dependents: directLinks(db, id, 'neededBy'),
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/**
 * Assets an incident or a playbook run may name: live, and the customer's own or the shared
 * platform's (the MSP's internal account).
 */
export function checkCustomerAssets(
  db: Db,
  customer: { id: string; name: string; code: string },
  ids: readonly string[],
): void {
  for (const id of ids) {
    const a = db
      .prepare(
        `SELECT a.name, a.deleted_at, a.customer_id, c.kind AS owner_kind, c.name AS owner_name, c.code AS owner_code
           FROM assets a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`,
      )
      .get(id) as
      | {
          name: string;
          deleted_at: string | null;
          customer_id: string;
          owner_kind: string;
          owner_name: string;
          owner_code: string;
        }
      | undefined;
    if (!a || a.deleted_at !== null) {
      throw new LifelineError(
        'VALIDATION',
        `Asset ${id} ${a ? `(${a.name}) was deleted` : 'does not exist'}. Pick assets from the customer's current list.`,
      );
    }
    if (a.customer_id !== customer.id && a.owner_kind !== 'internal') {
      throw new LifelineError(
        'VALIDATION',
        `Asset ${a.name} belongs to ${a.owner_name} (${a.owner_code}), not ${customer.name} (${customer.code}). Pick one of ${customer.name}'s assets or a shared platform asset.`,
      );
    }
  }
}
