/**
 * What travels between a console and central: each synced table, the name its records
 * carry at central, whether they are documents (edited in place, conflict-checked against
 * the revision they were based on) or append-only records (written once; a repeat is the
 * same record), and which customer owns a row (central's row-level security decides by it).
 * The order is push order: a record's parents go before it.
 */
import type { Db } from '../db/database';
import { cached } from '../db/statements';

/** A statement prepared once per database: sync runs the same few per row, thousands of times. */
export { cached };

export type EntityKind = 'doc' | 'append';

export interface SyncEntity {
  readonly entity: string;
  readonly table: string;
  readonly kind: EntityKind;
  /** SQL giving the owning customer of the row with id ?; null: shared by every team. */
  readonly ownerSql: string | null;
  /** For a person: "Customer", "Asset", … */
  readonly noun: string;
}

const byColumn = (table: string) => `SELECT customer_id FROM ${table} WHERE id = ?`;

export const SYNC_ENTITIES: readonly SyncEntity[] = [
  { entity: 'vendor', table: 'vendors', kind: 'doc', ownerSql: null, noun: 'Vendor' },
  { entity: 'customer', table: 'customers', kind: 'doc', ownerSql: 'SELECT ?', noun: 'Customer' },
  { entity: 'site', table: 'sites', kind: 'doc', ownerSql: byColumn('sites'), noun: 'Site' },
  {
    entity: 'environment',
    table: 'environments',
    kind: 'doc',
    ownerSql: byColumn('environments'),
    noun: 'Environment',
  },
  { entity: 'asset', table: 'assets', kind: 'doc', ownerSql: byColumn('assets'), noun: 'Asset' },
  {
    entity: 'asset_link',
    table: 'asset_links',
    kind: 'doc',
    ownerSql:
      'SELECT a.customer_id FROM asset_links l JOIN assets a ON a.id = l.from_asset_id WHERE l.id = ?',
    noun: 'Link',
  },
  { entity: 'contact', table: 'contacts', kind: 'doc', ownerSql: byColumn('contacts'), noun: 'Contact' },
  {
    entity: 'contract',
    table: 'support_contracts',
    kind: 'doc',
    ownerSql: byColumn('support_contracts'),
    noun: 'Support contract',
  },
  {
    entity: 'window',
    table: 'maintenance_windows',
    kind: 'doc',
    ownerSql: byColumn('maintenance_windows'),
    noun: 'Maintenance window',
  },
  { entity: 'playbook', table: 'playbooks', kind: 'doc', ownerSql: null, noun: 'Playbook' },
  {
    entity: 'playbook_version',
    table: 'playbook_versions',
    kind: 'append',
    ownerSql: null,
    noun: 'Playbook version',
  },
  {
    entity: 'overlay',
    table: 'overlays',
    kind: 'doc',
    ownerSql: byColumn('overlays'),
    noun: 'Customization',
  },
  {
    entity: 'incident',
    table: 'incidents',
    kind: 'append',
    ownerSql: byColumn('incidents'),
    noun: 'Incident',
  },
  {
    entity: 'incident_event',
    table: 'incident_events',
    kind: 'append',
    ownerSql:
      'SELECT i.customer_id FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE e.id = ?',
    noun: 'Incident event',
  },
  {
    // A post-incident review travels once published (then frozen); drafts stay here.
    entity: 'review',
    table: 'incident_reviews',
    kind: 'append',
    ownerSql:
      'SELECT i.customer_id FROM incident_reviews r JOIN incidents i ON i.id = r.incident_id WHERE r.id = ?',
    noun: 'Post-incident review',
  },
  { entity: 'handover', table: 'handovers', kind: 'append', ownerSql: null, noun: 'Handover' },
  {
    entity: 'handover_event',
    table: 'handover_events',
    kind: 'append',
    ownerSql: null,
    noun: 'Handover review',
  },
  { entity: 'change', table: 'change_log', kind: 'append', ownerSql: null, noun: 'Change record' },
];

/** Synced tables whose rows name their customer in a customer_id column. */
export const CUSTOMER_COLUMN_TABLES: readonly string[] = SYNC_ENTITIES.filter(
  (e) => e.ownerSql === byColumn(e.table),
).map((e) => e.table);

const BY_NAME = new Map(SYNC_ENTITIES.map((e, i) => [e.entity, { ...e, rank: i }]));

export function entityNamed(name: string): (SyncEntity & { readonly rank: number }) | undefined {
  return BY_NAME.get(name);
}

/** change_log entries name what they changed; their owner is that record's customer. */
const CHANGE_TARGETS: Readonly<Record<string, string>> = {
  customer: 'customer',
  site: 'site',
  environment: 'environment',
  asset: 'asset',
  asset_link: 'asset_link',
  contact: 'contact',
  contract: 'contract',
  window: 'window',
  overlay: 'overlay',
};

/** The customer a local row belongs to, or null when it is shared by every team. */
export function ownerOf(db: Db, entity: SyncEntity, rowId: string): string | null {
  if (entity.entity === 'change') {
    const row = cached(db, 'SELECT entity, entity_id FROM change_log WHERE id = ?').get(rowId) as
      | { entity: string; entity_id: string }
      | undefined;
    const target = row ? CHANGE_TARGETS[row.entity] : undefined;
    const targetEntity = target ? entityNamed(target) : undefined;
    return row && targetEntity ? ownerOf(db, targetEntity, row.entity_id) : null;
  }
  if (entity.ownerSql === null) return null;
  const row = cached(db, entity.ownerSql).get(rowId) as Record<string, unknown> | undefined;
  const value = row ? Object.values(row)[0] : undefined;
  return typeof value === 'string' ? value : null;
}

/** The columns of a local table (a newer central record may carry columns this copy lacks). */
export function tableColumns(db: Db, table: string): ReadonlySet<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
  return new Set(rows.map((r) => r.name));
}
