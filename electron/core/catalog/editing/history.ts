/**
 * The edit history as people read it: "Changed phone of contact Maya Fischer".
 *
 * Link rows (asset_link) stay out of it: the asset's own entry already names the changed
 * links ("Changed runs on of asset web01"); they are in change_log for sync. For a
 * customer id the history includes its contacts, contracts, windows and assets, because
 * the customer card is where people ask "who changed the on-call number?".
 */
import type { ChangeEntry } from '../../../../shared/catalog/schemas';
import type { Db } from '../../db/database';
import {
  capitalize,
  describeRecord,
  findRow,
  isLoggedEntity,
  type LoggedEntity,
  NOUNS,
  type Row,
} from './store';

interface LogRow {
  id: string;
  at: string;
  author: string;
  entity: string;
  entity_id: string;
  action: ChangeEntry['action'];
  payload: string;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  ip_addresses: 'IP addresses',
  management_url: 'management URL',
  environment_id: 'environment',
  site_id: 'site',
  vendor_id: 'vendor',
  customer_id: 'customer',
  reviewed_at: 'review date',
  review_interval_days: 'review interval',
  expires_on: 'expiry date',
  duration_minutes: 'duration',
};

/** Columns that change with every edit and say nothing about what was edited. */
const BOOKKEEPING = new Set(['version', 'updated_at', 'deleted_at']);

function fieldLabel(col: string): string {
  return FIELD_LABELS[col] ?? col.replace(/_/g, ' ');
}

function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function describe(db: Db, entity: LoggedEntity, entityId: string): string {
  const row = findRow(db, entity, entityId);
  return row ? describeRecord(db, entity, row) : `${NOUNS[entity]} ${entityId}`;
}

export function summarize(db: Db, log: LogRow): string {
  const payload = parsePayload(log.payload);
  if (!isLoggedEntity(log.entity)) return `${capitalize(log.action)}d ${log.entity} ${log.entity_id}`;
  const entity = log.entity;
  switch (log.action) {
    case 'create':
      // The payload is the row as created: its name then, not after later renames.
      return `Created ${describeRecord(db, entity, payload as Row)}`;
    case 'delete':
      return `Deleted ${describe(db, entity, log.entity_id)}`;
    case 'update': {
      const fields = Object.keys(payload).filter((col) => !BOOKKEEPING.has(col));
      const rename = payload.name as { from?: unknown; to?: unknown } | undefined;
      const current = findRow(db, entity, log.entity_id) ?? {};
      const what =
        rename && typeof rename.to === 'string'
          ? describeRecord(db, entity, { ...current, name: rename.to })
          : describe(db, entity, log.entity_id);
      const was = rename && typeof rename.from === 'string' ? ` (was ${rename.from})` : '';
      return fields.length === 0
        ? `Changed ${what}`
        : `Changed ${listing(fields.map(fieldLabel))} of ${what}${was}`;
    }
  }
}

export function history(
  db: Db,
  input: { entityId?: string | undefined; limit?: number | undefined },
): ChangeEntry[] {
  const limit = input.limit ?? 200;
  const rows = (
    input.entityId === undefined
      ? db
          .prepare(`SELECT * FROM change_log WHERE entity <> 'asset_link' ORDER BY at DESC, id DESC LIMIT ?`)
          .all(limit)
      : db
          .prepare(
            `SELECT * FROM change_log
              WHERE entity <> 'asset_link'
                AND (entity_id = :id OR entity_id IN (
                      SELECT id FROM contacts WHERE customer_id = :id
                      UNION ALL SELECT id FROM support_contracts WHERE customer_id = :id
                      UNION ALL SELECT id FROM maintenance_windows WHERE customer_id = :id
                      UNION ALL SELECT id FROM assets WHERE customer_id = :id
                      UNION ALL SELECT id FROM environments WHERE customer_id = :id
                      UNION ALL SELECT id FROM sites WHERE customer_id = :id))
              ORDER BY at DESC, id DESC LIMIT :limit`,
          )
          .all({ id: input.entityId, limit })
  ) as LogRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    author: r.author,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    summary: summarize(db, r),
  }));
}
