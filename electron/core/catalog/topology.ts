/** A customer's environment as the tree and graph views draw it. */

import { LifelineError } from '../../../shared/api/result';
import type { AssetLink, Topology } from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';
import { byName, loadAssets, loadAssetsWhere, withCustomer } from './assets';

/**
 * The customer's live assets, every live link from them (to their own assets or to
 * another account's), and the other accounts' assets they need directly. Only the direct
 * needs are drawn: the shared platform's own layers below them (hosts, storage) belong to
 * its topology, and the restore order follows them all the way down.
 */
export function getTopology(db: Db, customerId: string): Topology {
  const own = loadAssetsWhere(db, 'customer_id', customerId);
  const first = own[0];
  const customer =
    first?.customer ??
    (db
      .prepare('SELECT id, code, name, tier FROM customers WHERE id = ? AND deleted_at IS NULL')
      .get(customerId) as Topology['customer'] | undefined);
  if (!customer)
    throw new LifelineError(
      'NOT_FOUND',
      `No customer with id ${customerId}. It may have been removed; go back to the list.`,
    );
  const links = db
    .prepare(
      `SELECT l.id, l.from_asset_id AS fromId, l.to_asset_id AS toId, l.kind
         FROM assets a
         JOIN asset_links l ON l.from_asset_id = a.id AND l.deleted_at IS NULL
         JOIN assets t ON t.id = l.to_asset_id AND t.deleted_at IS NULL
        WHERE a.customer_id = ? AND a.deleted_at IS NULL
        ORDER BY l.from_asset_id, l.kind, l.to_asset_id, l.id`,
    )
    .all(customerId) as AssetLink[];
  const ownIds = new Set(own.map((a) => a.summary.id));
  const external = loadAssets(
    db,
    links.filter((l) => !ownIds.has(l.toId)).map((l) => l.toId),
  );
  // A link to an asset whose account was deleted has nothing to draw at its end.
  const drawable = links.filter((l) => ownIds.has(l.toId) || external.has(l.toId));
  return {
    customer: { id: customer.id, code: customer.code, name: customer.name, tier: customer.tier },
    assets: [...own].sort(byName).map((a) => a.summary),
    links: drawable,
    external: [...external.values()].sort(byName).map(withCustomer),
  };
}
