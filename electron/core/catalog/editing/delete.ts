/**
 * Deleting catalog records. Rows become tombstones (kept for sync), never vanish.
 *
 * What a delete takes with it, and what blocks it:
 * - customer: refused while it has live assets (each needs a decision: move or delete) or
 *   open incidents; its contacts, contracts, windows, environments and sites go with it.
 * - asset: refused while other assets run on or depend on it (their restore order would
 *   change silently); its own outgoing links go with it.
 * - vendor: refused while assets or support contracts still name it.
 * - contact, contract, maintenance window: nothing else.
 */
import { LifelineError } from '../../../../shared/api/result';
import type { EditableEntity } from '../../../../shared/catalog/schemas';
import { assertNever } from '../../../../shared/util/assertNever';
import type { Edit } from '../../db/changeLog';
import type { Db } from '../../db/database';
import {
  capitalize,
  checkVersion,
  describeRecord,
  type LoggedEntity,
  liveRow,
  type Row,
  TABLES,
  tombstone,
} from './store';

/** "web01, web02, db01 and 9 more" */
function someNames(names: readonly string[], total: number): string {
  const shown = names.slice(0, 3);
  const rest = total - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function liveNames(db: Db, sql: string, ...params: string[]): { names: string[]; total: number } {
  const rows = db.prepare(sql).all(...params) as Array<{ name: string }>;
  return { names: rows.map((r) => r.name), total: rows.length };
}

function refuse(db: Db, entity: LoggedEntity, row: Row, reason: string): never {
  throw new LifelineError('CONFLICT', `${capitalize(describeRecord(db, entity, row))} ${reason}`);
}

function tombstoneChildren(edit: Edit, entity: LoggedEntity, column: string, parentId: string): void {
  const rows = edit.db
    .prepare(`SELECT * FROM ${TABLES[entity]} WHERE ${column} = ? AND deleted_at IS NULL`)
    .all(parentId) as Row[];
  for (const row of rows) tombstone(edit, entity, row);
}

export function deleteRecord(edit: Edit, entity: EditableEntity, id: string, baseVersion: number): void {
  const { db } = edit;
  const row = liveRow(db, entity, id);
  checkVersion(db, entity, row, baseVersion);
  switch (entity) {
    case 'customer': {
      const assets = liveNames(
        db,
        'SELECT name FROM assets WHERE customer_id = ? AND deleted_at IS NULL ORDER BY name COLLATE NOCASE',
        id,
      );
      if (assets.total > 0) {
        refuse(
          db,
          entity,
          row,
          `still has ${assets.total} asset${assets.total === 1 ? '' : 's'} (${someNames(assets.names, assets.total)}). Delete or move them first, then delete the customer.`,
        );
      }
      const incidents = liveNames(
        db,
        `SELECT title AS name FROM incidents
          WHERE customer_id = ? AND deleted_at IS NULL AND status IN ('open', 'restoring') ORDER BY opened_at`,
        id,
      );
      if (incidents.total > 0) {
        refuse(
          db,
          entity,
          row,
          `has ${incidents.total} open incident${incidents.total === 1 ? '' : 's'} (${someNames(incidents.names, incidents.total)}). Close them first.`,
        );
      }
      tombstoneChildren(edit, 'contact', 'customer_id', id);
      tombstoneChildren(edit, 'contract', 'customer_id', id);
      tombstoneChildren(edit, 'maintenance_window', 'customer_id', id);
      tombstoneChildren(edit, 'environment', 'customer_id', id);
      tombstoneChildren(edit, 'site', 'customer_id', id);
      break;
    }
    case 'asset': {
      const needers = liveNames(
        db,
        `SELECT DISTINCT a.name FROM asset_links l JOIN assets a ON a.id = l.from_asset_id AND a.deleted_at IS NULL
          WHERE l.to_asset_id = ? AND l.deleted_at IS NULL ORDER BY a.name COLLATE NOCASE`,
        id,
      );
      if (needers.total > 0) {
        refuse(
          db,
          entity,
          row,
          `is still needed by ${someNames(needers.names, needers.total)} (they run on or depend on it). Change their links first, then delete it.`,
        );
      }
      tombstoneChildren(edit, 'asset_link', 'from_asset_id', id);
      // Links from assets deleted earlier are already gone with them; any left are dead weight.
      tombstoneChildren(edit, 'asset_link', 'to_asset_id', id);
      break;
    }
    case 'vendor': {
      const users = liveNames(
        db,
        `SELECT name FROM assets WHERE vendor_id = ? AND deleted_at IS NULL
         UNION ALL
         SELECT 'the contract of ' || c.name FROM support_contracts sc JOIN customers c ON c.id = sc.customer_id
          WHERE sc.vendor_id = ? AND sc.deleted_at IS NULL`,
        id,
        id,
      );
      if (users.total > 0) {
        refuse(
          db,
          entity,
          row,
          `is still named by ${someNames(users.names, users.total)}. Change or delete those first, then delete the vendor.`,
        );
      }
      break;
    }
    case 'contact':
    case 'contract':
    case 'maintenance_window':
      break;
    default:
      assertNever(entity);
  }
  tombstone(edit, entity, row);
}
