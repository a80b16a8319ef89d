/** Vendor reads: the vendor list with how much of the book relies on each. */

import type { VendorSummary } from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';
import { likeContaining } from '../db/like';

/**
 * Vendors by name, optionally narrowed to names containing `query`. `customers` counts
 * the distinct live customers (not the MSP's own platform account) holding a contract
 * with the vendor or owning an asset of it; `assets` counts its live assets, whoever owns them.
 */
export function listVendors(db: Db, input: { query?: string | undefined }): { items: VendorSummary[] } {
  const query = input.query?.trim() ?? '';
  const pattern = likeContaining(query);
  const items = db
    .prepare(
      `SELECT v.id, v.name, v.support_phone AS supportPhone, v.support_email AS supportEmail,
              v.website, v.version,
              (SELECT count(*) FROM assets a WHERE a.vendor_id = v.id AND a.deleted_at IS NULL) AS assets,
              (SELECT count(*) FROM (
                  SELECT a.customer_id AS cid FROM assets a
                   WHERE a.vendor_id = v.id AND a.deleted_at IS NULL
                  UNION
                  SELECT sc.customer_id FROM support_contracts sc
                   WHERE sc.vendor_id = v.id AND sc.deleted_at IS NULL) u
                 JOIN customers c ON c.id = u.cid AND c.deleted_at IS NULL AND c.kind = 'customer') AS customers
         FROM vendors v
        WHERE v.deleted_at IS NULL AND (:q = '' OR v.name LIKE :pattern ESCAPE '\\')
        ORDER BY v.name COLLATE NOCASE, v.id`,
    )
    .all({ q: query, pattern }) as VendorSummary[];
  return { items };
}
