/** The demo's rows: the columns it fills per table, one prepared INSERT each, counted. */
import type { Db } from '../db/database';
import { DEMO_TABLES, type DemoTable } from './model';

export type Row = Record<string, string | number | null>;

const SYNC_COLUMNS = ['created_at', 'updated_at', 'deleted_at', 'version'] as const;

const COLUMNS: Readonly<Record<DemoTable, readonly string[]>> = {
  settings: ['key', 'value'],
  customers: [
    'id',
    'code',
    'name',
    'tier',
    'time_zone',
    'restore_targets',
    'support_hours',
    'notes',
    'tags',
    'reviewed_at',
    'review_interval_days',
    'kind',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  sites: ['id', 'customer_id', 'name', 'city', 'address', 'source', 'source_id', ...SYNC_COLUMNS],
  environments: ['id', 'customer_id', 'site_id', 'name', 'kind', ...SYNC_COLUMNS],
  vendors: [
    'id',
    'name',
    'support_phone',
    'support_email',
    'website',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  assets: [
    'id',
    'customer_id',
    'environment_id',
    'site_id',
    'kind',
    'name',
    'hostname',
    'ip_addresses',
    'platform',
    'vendor_id',
    'model',
    'serial',
    'criticality',
    'management_url',
    'access_notes',
    'attributes',
    'tags',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  asset_links: ['id', 'from_asset_id', 'to_asset_id', 'kind', ...SYNC_COLUMNS],
  contacts: [
    'id',
    'customer_id',
    'name',
    'role',
    'phone',
    'email',
    'escalation_order',
    'notes',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  support_contracts: [
    'id',
    'customer_id',
    'vendor_id',
    'contract_number',
    'support_phone',
    'hours',
    'expires_on',
    ...SYNC_COLUMNS,
  ],
  maintenance_windows: [
    'id',
    'customer_id',
    'name',
    'weekday',
    'start_time',
    'duration_minutes',
    ...SYNC_COLUMNS,
  ],
  playbooks: [
    'id',
    'title',
    'current_version',
    'owner',
    'review_interval_days',
    'reviewed_at',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  playbook_versions: ['id', 'playbook_id', 'number', 'body', 'author', 'created_at'],
  overlays: ['id', 'customer_id', 'playbook_id', 'core_version', 'body', ...SYNC_COLUMNS],
  incidents: [
    'id',
    'customer_id',
    'title',
    'severity',
    'status',
    'opened_at',
    'restored_at',
    'closed_at',
    ...SYNC_COLUMNS,
  ],
  incident_events: ['id', 'incident_id', 'at', 'device', 'author', 'type', 'payload', 'prev_hash', 'hash'],
};

export class Writer {
  readonly counts: Record<DemoTable, number>;
  private readonly statements: Record<DemoTable, (row: Row) => void>;

  constructor(db: Db) {
    const counts = {} as Record<DemoTable, number>;
    const statements = {} as Record<DemoTable, (row: Row) => void>;
    for (const table of DEMO_TABLES) {
      const cols = COLUMNS[table];
      const stmt = db.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
      );
      counts[table] = 0;
      statements[table] = (row) => {
        stmt.run(row);
        counts[table] += 1;
      };
    }
    this.counts = counts;
    this.statements = statements;
  }

  insert(table: DemoTable, row: Row): void {
    this.statements[table](row);
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoDate = (ms: number) => iso(ms).slice(0, 10);

export function syncColumns(createdMs: number, updatedMs: number = createdMs): Row {
  return { created_at: iso(createdMs), updated_at: iso(updatedMs), deleted_at: null, version: 1 };
}
