/**
 * What a person must know of records that did not reach their place: local changes central
 * refused (shown beside the record and on the Sync screen) and pulled rows parked here.
 */
import type { ParkedRecord, ParkReason, RecordPlace, SyncRefusal } from '../../../shared/sync/model';
import type { Db } from '../db/database';
import { entityNamed, ownerOf } from './entities';
import { labelOf } from './local';

interface RefusedRow {
  entity: string;
  row_id: string;
  queued_at: string;
  reason: string | null;
}

export interface RefusalFilter {
  readonly customerId?: string | undefined;
  readonly record?: { readonly entity: string; readonly id: string } | undefined;
}

/** The record a refused row is about, for the filter: a playbook version counts as its playbook. */
function matches(r: RefusedRow, data: Record<string, unknown> | null, f: RefusalFilter): boolean {
  if (!f.record) return true;
  if (r.entity === f.record.entity && r.row_id === f.record.id) return true;
  return (
    f.record.entity === 'playbook' && r.entity === 'playbook_version' && data?.playbook_id === f.record.id
  );
}

function placeOf(
  entity: string,
  id: string,
  data: Record<string, unknown> | null,
  customerId: string | null,
): RecordPlace | null {
  const ref = (key: string) => (typeof data?.[key] === 'string' ? (data[key] as string) : null);
  if (data === null) return null;
  switch (entity) {
    case 'vendor':
      return { kind: 'vendor', id };
    case 'asset':
      return { kind: 'asset', id };
    case 'playbook':
      return { kind: 'playbook', id };
    case 'playbook_version': {
      const pb = ref('playbook_id');
      return pb ? { kind: 'playbook', id: pb } : null;
    }
    case 'incident':
      return { kind: 'incident', id };
    case 'incident_event':
    case 'review': {
      const inc = ref('incident_id');
      return inc ? { kind: 'incident', id: inc } : null;
    }
    case 'handover':
      return { kind: 'handover', id };
    case 'handover_event': {
      const h = ref('handover_id');
      return h ? { kind: 'handover', id: h } : null;
    }
    default:
      return customerId ? { kind: 'customer', id: customerId } : null;
  }
}

export function listRefusals(db: Db, f: RefusalFilter = {}): SyncRefusal[] {
  const rows = db
    .prepare(
      "SELECT entity, row_id, queued_at, reason FROM sync_outbox WHERE parked = 'denied' ORDER BY queued_at DESC, seq DESC LIMIT 1000",
    )
    .all() as RefusedRow[];
  const out: SyncRefusal[] = [];
  for (const r of rows) {
    // The history entry of a refused edit is refused with it: the edit is what a person acts on.
    if (r.entity === 'change') continue;
    const e = entityNamed(r.entity);
    const data = e
      ? ((db.prepare(`SELECT * FROM ${e.table} WHERE id = ?`).get(r.row_id) as
          | Record<string, unknown>
          | undefined) ?? null)
      : null;
    const customerId = e && data ? ownerOf(db, e, r.row_id) : null;
    if (f.customerId !== undefined && customerId !== f.customerId) continue;
    if (!matches(r, data, f)) continue;
    out.push({
      entity: r.entity,
      rowId: r.row_id,
      label: labelOf(db, r.entity, data ?? { id: r.row_id }, customerId),
      customerId,
      reason: r.reason,
      since: r.queued_at,
      at: placeOf(r.entity, r.row_id, data, customerId),
    });
  }
  return out;
}

interface ParkedRow {
  entity: string;
  row_id: string;
  customer_id: string | null;
  data: string;
  reason: ParkReason;
  detail: string;
  parked_at: string;
  written_by: string | null;
  received_at: string | null;
}

export function listParked(db: Db, limit = 200): { parked: ParkedRecord[]; total: number } {
  const total = db.prepare('SELECT count(*) FROM sync_parked').pluck().get() as number;
  const rows = db
    .prepare('SELECT * FROM sync_parked ORDER BY parked_at DESC, entity, row_id LIMIT ?')
    .all(limit) as ParkedRow[];
  return {
    total,
    parked: rows.map((r) => ({
      entity: r.entity,
      rowId: r.row_id,
      label: labelOf(db, r.entity, JSON.parse(r.data) as Record<string, unknown>, r.customer_id),
      customerId: r.customer_id,
      reason: r.reason,
      detail: r.detail,
      parkedAt: r.parked_at,
      writtenBy: r.written_by,
      receivedAt: r.received_at,
    })),
  };
}
