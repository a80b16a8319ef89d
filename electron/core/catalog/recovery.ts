/**
 * Restore order and blast radius: the two questions asked first in an outage ("what must
 * come back first?" and "who else is down?"), answered over runs_on and depends_on links
 * across customers.
 */

import { LifelineError } from '../../../shared/api/result';
import { blastRadius, type Edge, pathTo, restoreOrder } from '../../../shared/catalog/graph';
import { type BlastRadius, CRITICALITIES, type RestoreOrder, TIERS } from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';
import {
  compareIdsByName,
  type LoadedAsset,
  linksReachable,
  loadAssets,
  loadAssetsWhere,
  withCustomer,
} from './assets';

export type RestoreScope =
  | { readonly customerId: string }
  | { readonly environmentId: string }
  | { readonly assetIds: readonly string[] };

function exists(db: Db, table: 'customers' | 'environments' | 'vendors', id: string): boolean {
  // `table` is one of three literals, never user text.
  return db.prepare(`SELECT 1 FROM ${table} WHERE id = ? AND deleted_at IS NULL`).get(id) !== undefined;
}

/**
 * The assets to order and the links among them:
 * - a customer or an environment: its live assets plus everything they need,
 *   transitively, whoever owns it (the shared clusters, their hosts and storage,
 *   carrier circuits), because those must be back before the customer's own can be;
 * - a list of failed assets: exactly those, ordered by the links among them. Assets not
 *   in the list are taken as working. A list taken from the blast radius is closed
 *   upward (whatever needs a failed asset is in it), so no order is lost by this.
 */
function scopeOf(db: Db, scope: RestoreScope): { assets: Map<string, LoadedAsset>; edges: Edge[] } {
  if ('assetIds' in scope) {
    const assets = loadAssets(db, scope.assetIds);
    const missing = scope.assetIds.filter((id) => !assets.has(id));
    if (missing.length > 0)
      throw new LifelineError(
        'NOT_FOUND',
        `${missing.length === 1 ? 'No asset' : `${missing.length} assets not found, e.g. no asset`} with id ${missing[0]}. It may have been deleted; refresh the list and pick again.`,
      );
    const ids = [...assets.keys()];
    const edges = db
      .prepare(
        `SELECT l.from_asset_id AS "from", l.to_asset_id AS "to"
           FROM json_each(:ids) j CROSS JOIN asset_links l ON l.from_asset_id = j.value
          WHERE l.deleted_at IS NULL AND l.to_asset_id IN (SELECT value FROM json_each(:ids))`,
      )
      .all({ ids: JSON.stringify(ids) }) as Edge[];
    return { assets, edges };
  }
  const own =
    'customerId' in scope
      ? (() => {
          if (!exists(db, 'customers', scope.customerId))
            throw new LifelineError(
              'NOT_FOUND',
              `No customer with id ${scope.customerId}. It may have been removed; go back to the list.`,
            );
          return loadAssetsWhere(db, 'customer_id', scope.customerId);
        })()
      : (() => {
          if (!exists(db, 'environments', scope.environmentId))
            throw new LifelineError(
              'NOT_FOUND',
              `No environment with id ${scope.environmentId}. It may have been removed; open the customer again.`,
            );
          return loadAssetsWhere(db, 'environment_id', scope.environmentId);
        })();
  const edges = linksReachable(
    db,
    own.map((a) => a.summary.id),
    'needs',
  );
  const assets = loadAssets(db, [...own.map((a) => a.summary.id), ...edges.map((e) => e.to)]);
  return { assets, edges };
}

export function restoreOrderFor(db: Db, scope: RestoreScope): RestoreOrder {
  const { assets, edges } = scopeOf(db, scope);
  const plan = restoreOrder({ nodes: [...assets.keys()], edges }, compareIdsByName(assets));
  const steps = plan.waves.flatMap((wave, i) =>
    wave.flatMap((id) => {
      const a = assets.get(id);
      return a ? [{ wave: i + 1, asset: withCustomer(a), after: [...(plan.after.get(id) ?? [])] }] : [];
    }),
  );
  return { steps, cycles: plan.cycles.map((c) => [...c]) };
}

const TIER_RANK = new Map<string, number>(TIERS.map((t, i) => [t, i]));
const CRITICALITY_RANK = new Map<string, number>(CRITICALITIES.map((c, i) => [c, i]));

/**
 * Most urgent customer first: tier, then the sev1 restore target (shorter first). The
 * MSP's own platform account comes after customers of the same tier and target: its
 * assets are the cause, the customers are who is waiting.
 */
function compareCustomers(a: LoadedAsset, b: LoadedAsset): number {
  return (
    (TIER_RANK.get(a.customer.tier) ?? 9) - (TIER_RANK.get(b.customer.tier) ?? 9) ||
    a.sev1TargetMinutes - b.sev1TargetMinutes ||
    (a.customerKind === 'internal' ? 1 : 0) - (b.customerKind === 'internal' ? 1 : 0) ||
    (a.customer.name < b.customer.name ? -1 : a.customer.name > b.customer.name ? 1 : 0) ||
    (a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0)
  );
}

export type BlastSource = { readonly assetId: string } | { readonly vendorId: string };

export function blastRadiusFor(db: Db, source: BlastSource): BlastRadius {
  let seeds: string[];
  let sourceRef: BlastRadius['source'];
  if ('assetId' in source) {
    const a = loadAssets(db, [source.assetId]).get(source.assetId);
    if (!a)
      throw new LifelineError(
        'NOT_FOUND',
        `No asset with id ${source.assetId}. It may have been deleted; search for it by name or host name.`,
      );
    seeds = [a.summary.id];
    sourceRef = { kind: 'asset', id: a.summary.id, name: a.summary.name };
  } else {
    const v = db
      .prepare('SELECT id, name FROM vendors WHERE id = ? AND deleted_at IS NULL')
      .get(source.vendorId) as { id: string; name: string } | undefined;
    if (!v)
      throw new LifelineError(
        'NOT_FOUND',
        `No vendor with id ${source.vendorId}. It may have been removed; pick it again from the vendor list.`,
      );
    // A carrier failing means its circuits are down: they are its assets like any other.
    seeds = (
      db.prepare('SELECT id FROM assets WHERE vendor_id = ? AND deleted_at IS NULL').all(v.id) as Array<{
        id: string;
      }>
    ).map((r) => r.id);
    sourceRef = { kind: 'vendor', id: v.id, name: v.name };
  }
  const edges = linksReachable(db, seeds, 'neededBy');
  const assets = loadAssets(db, [...seeds, ...edges.map((e) => e.from)]);
  const byName = compareIdsByName(assets);
  const reached = blastRadius({ nodes: [...assets.keys()], edges }, seeds, byName);

  const reachedById = new Map(reached.map((r) => [r.id, r]));
  const affected = reached.flatMap((r) => {
    const a = assets.get(r.id);
    return a ? [{ a, depth: r.depth, path: pathTo(reachedById, r.id) }] : [];
  });
  affected.sort(
    (x, y) =>
      compareCustomers(x.a, y.a) ||
      (CRITICALITY_RANK.get(x.a.summary.criticality) ?? 9) -
        (CRITICALITY_RANK.get(y.a.summary.criticality) ?? 9) ||
      x.depth - y.depth ||
      byName(x.a.summary.id, y.a.summary.id),
  );

  const byCustomer = new Map<string, { first: LoadedAsset; affected: number; critical: number }>();
  for (const { a } of affected) {
    const row = byCustomer.get(a.customer.id) ?? { first: a, affected: 0, critical: 0 };
    row.affected += 1;
    if (a.summary.criticality === 'critical') row.critical += 1;
    byCustomer.set(a.customer.id, row);
  }
  const customers = [...byCustomer.values()]
    .sort((x, y) => compareCustomers(x.first, y.first))
    .map((row) => ({
      ...row.first.customer,
      sev1TargetMinutes: row.first.sev1TargetMinutes,
      affectedAssets: row.affected,
      criticalAssets: row.critical,
    }));

  return {
    source: sourceRef,
    assets: affected.map(({ a, depth, path }) => ({ ...withCustomer(a), depth, path })),
    customers,
  };
}
