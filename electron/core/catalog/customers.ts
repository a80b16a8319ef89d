/** Customer repository: the reads behind the customer list and the recovery card. */

import { LifelineError } from '../../../shared/api/result';
import {
  type CustomerDetail,
  type CustomerSummary,
  parseStoredTerms,
  type RestoreTargets,
} from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';
import { likeContaining } from '../db/like';

const TIER_RANK_SQL = "CASE tier WHEN 'platinum' THEN 0 WHEN 'gold' THEN 1 WHEN 'silver' THEN 2 ELSE 3 END";

interface CustomerRow {
  id: string;
  code: string;
  name: string;
  kind: CustomerSummary['kind'];
  tier: CustomerSummary['tier'];
  time_zone: string;
  reviewed_at: string | null;
  review_interval_days: number;
  asset_count: number;
}

export function listCustomers(
  db: Db,
  input: { query?: string | undefined; limit?: number | undefined; offset?: number | undefined },
): { items: CustomerSummary[]; total: number } {
  const query = input.query?.trim() ?? '';
  const pattern = likeContaining(query);
  const where =
    "c.deleted_at IS NULL AND (:q = '' OR c.name LIKE :pattern ESCAPE '\\' OR c.code LIKE :pattern ESCAPE '\\')";
  const total = (
    db.prepare(`SELECT count(*) AS n FROM customers c WHERE ${where}`).get({ q: query, pattern }) as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare(
      `SELECT c.id, c.code, c.name, c.kind, c.tier, c.time_zone, c.reviewed_at, c.review_interval_days,
              (SELECT count(*) FROM assets a WHERE a.customer_id = c.id AND a.deleted_at IS NULL) AS asset_count
         FROM customers c
        WHERE ${where}
        ORDER BY (:q <> '' AND (c.code = :q COLLATE NOCASE OR c.name = :q COLLATE NOCASE)) DESC,
                 ${TIER_RANK_SQL}, c.name COLLATE NOCASE
        LIMIT :limit OFFSET :offset`,
    )
    .all({ q: query, pattern, limit: input.limit ?? 1000, offset: input.offset ?? 0 }) as CustomerRow[];
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      tier: r.tier,
      timeZone: r.time_zone,
      reviewedAt: r.reviewed_at,
      reviewIntervalDays: r.review_interval_days,
      assetCount: r.asset_count,
    })),
  };
}

export function getCustomer(db: Db, id: string): CustomerDetail {
  const c = db.prepare('SELECT * FROM customers WHERE id = ? AND deleted_at IS NULL').get(id) as
    | {
        id: string;
        code: string;
        name: string;
        tier: CustomerDetail['tier'];
        time_zone: string;
        restore_targets: string;
        support_hours: string | null;
        notes: string | null;
        tags: string;
        reviewed_at: string | null;
        review_interval_days: number;
        kind: CustomerDetail['kind'];
        communication_terms: string | null;
        version: number;
        updated_at: string;
      }
    | undefined;
  if (!c)
    throw new LifelineError(
      'NOT_FOUND',
      `No customer with id ${id}. It may have been removed; go back to the list.`,
    );
  const sites = db
    .prepare('SELECT id, name, city FROM sites WHERE customer_id = ? AND deleted_at IS NULL ORDER BY name')
    .all(id) as CustomerDetail['sites'];
  const environments = db
    .prepare(
      `SELECT e.id, e.site_id AS siteId, e.name, e.kind,
              -- Counted within the customer (assets_customer): there is no index on
              -- environment_id, and without the customer the count scans every asset.
              (SELECT count(*) FROM assets a
                WHERE a.customer_id = e.customer_id AND a.environment_id = e.id
                  AND a.deleted_at IS NULL) AS assetCount
         FROM environments e WHERE e.customer_id = ? AND e.deleted_at IS NULL
        -- What an engineer restores first comes first: production, then its DR, then the rest.
        ORDER BY CASE lower(e.kind) WHEN 'production' THEN 0 WHEN 'prod' THEN 0 WHEN 'dr' THEN 1 ELSE 2 END,
                 e.name`,
    )
    .all(id) as CustomerDetail['environments'];
  const contacts = db
    .prepare(
      `SELECT id, name, role, phone, email, escalation_order AS escalationOrder, notes, version
         FROM contacts WHERE customer_id = ? AND deleted_at IS NULL ORDER BY escalation_order, name`,
    )
    .all(id) as CustomerDetail['contacts'];
  const contracts = db
    .prepare(
      `SELECT sc.id, sc.vendor_id AS vendorId, v.name AS vendorName,
              coalesce(sc.support_phone, v.support_phone) AS supportPhone,
              sc.contract_number AS contractNumber, sc.hours, sc.expires_on AS expiresOn, sc.version
         FROM support_contracts sc JOIN vendors v ON v.id = sc.vendor_id
        WHERE sc.customer_id = ? AND sc.deleted_at IS NULL ORDER BY v.name`,
    )
    .all(id) as CustomerDetail['contracts'];
  const maintenanceWindows = db
    .prepare(
      `SELECT id, name, weekday, start_time AS startTime, duration_minutes AS durationMinutes, version
         FROM maintenance_windows WHERE customer_id = ? AND deleted_at IS NULL ORDER BY weekday, start_time`,
    )
    .all(id) as CustomerDetail['maintenanceWindows'];
  const assetCountsByKind = db
    .prepare(
      `SELECT kind, count(*) AS count FROM assets WHERE customer_id = ? AND deleted_at IS NULL
        GROUP BY kind ORDER BY count DESC, kind`,
    )
    .all(id) as CustomerDetail['assetCountsByKind'];
  const openIncidents = db
    .prepare(
      `SELECT id, title, severity, status, opened_at AS openedAt FROM incidents
        WHERE customer_id = ? AND deleted_at IS NULL AND status IN ('open', 'restoring')
        ORDER BY opened_at DESC`,
    )
    .all(id) as CustomerDetail['openIncidents'];
  const synced = db.prepare('SELECT synced_at FROM sync_customers WHERE customer_id = ?').get(id) as
    | { synced_at: string }
    | undefined;
  return {
    id: c.id,
    kind: c.kind,
    version: c.version,
    updatedAt: c.updated_at,
    syncedAt: synced?.synced_at ?? null,
    openIncidents,
    code: c.code,
    name: c.name,
    tier: c.tier,
    timeZone: c.time_zone,
    restoreTargets: JSON.parse(c.restore_targets) as RestoreTargets,
    supportHours: c.support_hours,
    notes: c.notes,
    tags: JSON.parse(c.tags) as string[],
    reviewedAt: c.reviewed_at,
    reviewIntervalDays: c.review_interval_days,
    sites,
    environments,
    contacts,
    contracts,
    maintenanceWindows,
    assetCountsByKind,
    communicationTerms: parseStoredTerms(c.communication_terms),
  };
}
