/**
 * The primitives every catalog edit is built from: loading the row an edit is based on,
 * refusing stale versions, writing rows and recording each write in change_log, which is
 * both the audit trail and the outbox for sync (#7).
 *
 * change_log payloads use the table's column names and stored values, so a sync peer can
 * replay them: a create carries the whole new row, an update `{column: {from, to}}` for
 * each changed column (and `version`), a delete the tombstone columns.
 */
import { LifelineError } from '../../../../shared/api/result';
import { uuidv7 } from '../../../../shared/ids/uuidv7';
import { canonicalJson } from '../../../../shared/util/canonicalJson';
import { type Edit, recordChange } from '../../db/changeLog';
import type { Db } from '../../db/database';

export type Value = string | number | null;
export type Row = Record<string, Value>;

/** Every record kind that edits write, with its table. */
export const TABLES = {
  customer: 'customers',
  asset: 'assets',
  contact: 'contacts',
  vendor: 'vendors',
  contract: 'support_contracts',
  maintenance_window: 'maintenance_windows',
  asset_link: 'asset_links',
  site: 'sites',
  environment: 'environments',
} as const;
export type LoggedEntity = keyof typeof TABLES;

export const NOUNS: Readonly<Record<LoggedEntity, string>> = {
  customer: 'customer',
  asset: 'asset',
  contact: 'contact',
  vendor: 'vendor',
  contract: 'support contract',
  maintenance_window: 'maintenance window',
  asset_link: 'link',
  site: 'site',
  environment: 'environment',
};

export function isLoggedEntity(entity: string): entity is LoggedEntity {
  return Object.hasOwn(TABLES, entity);
}

export type Change = { readonly from: unknown; readonly to: unknown };
export type Changes = Record<string, Change>;

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What a person calls this record: "contact Maya Fischer", "support contract with Dell". */
export function describeRecord(db: Db, entity: LoggedEntity, row: Row): string {
  const noun = NOUNS[entity];
  switch (entity) {
    case 'contract': {
      const vendor = db.prepare('SELECT name FROM vendors WHERE id = ?').get(row.vendor_id) as
        | { name: string }
        | undefined;
      const number = row.contract_number === null ? '' : ` (${String(row.contract_number)})`;
      return `${noun} with ${vendor?.name ?? 'an unknown vendor'}${number}`;
    }
    case 'asset_link': {
      const name = (id: Value) =>
        (db.prepare('SELECT name FROM assets WHERE id = ?').get(id) as { name: string } | undefined)?.name ??
        'an unknown asset';
      const verb = row.kind === 'runs_on' ? 'runs on' : 'depends on';
      return `${noun} ${name(row.from_asset_id ?? null)} ${verb} ${name(row.to_asset_id ?? null)}`;
    }
    case 'customer':
    case 'asset':
    case 'contact':
    case 'vendor':
    case 'maintenance_window':
    case 'site':
    case 'environment':
      return `${noun} ${String(row.name)}`;
  }
}

/** The row as stored, tombstoned or not; undefined when there never was one. */
export function findRow(db: Db, entity: LoggedEntity, id: string): Row | undefined {
  return db.prepare(`SELECT * FROM ${TABLES[entity]} WHERE id = ?`).get(id) as Row | undefined;
}

/** The live row an edit or delete is based on, or NOT_FOUND saying why it is gone. */
export function liveRow(db: Db, entity: LoggedEntity, id: string): Row {
  const row = findRow(db, entity, id);
  if (!row) {
    throw new LifelineError(
      'NOT_FOUND',
      `There is no ${NOUNS[entity]} with id ${id}. It may never have reached this console; reload the list.`,
    );
  }
  if (row.deleted_at !== null) {
    throw new LifelineError(
      'NOT_FOUND',
      `${capitalize(describeRecord(db, entity, row))} was deleted since you opened it, so your change was not saved. Reload the list.`,
    );
  }
  return row;
}

/** Refuses an edit made on a copy older than the row: the other person's change would be lost. */
export function checkVersion(db: Db, entity: LoggedEntity, row: Row, baseVersion: number): void {
  if (row.version !== baseVersion) {
    throw new LifelineError(
      'CONFLICT',
      `${capitalize(describeRecord(db, entity, row))} was changed by someone else since you opened it (now version ${String(row.version)}). Reload to see their change, then apply yours again.`,
    );
  }
}

/** Which record an input means: a new one, or an existing one at a known version. */
export type Target =
  | { readonly mode: 'create' }
  | { readonly mode: 'update'; id: string; baseVersion: number };

export function target(input: { id: string | null; baseVersion: number | null }): Target {
  if (input.id === null) {
    if (input.baseVersion !== null) {
      throw new LifelineError(
        'VALIDATION',
        'baseVersion must be null when creating (id null). To change an existing record, send its id.',
      );
    }
    return { mode: 'create' };
  }
  if (input.baseVersion === null) {
    throw new LifelineError(
      'VALIDATION',
      'baseVersion is required when changing an existing record: send the version you opened it at.',
    );
  }
  return { mode: 'update', id: input.id, baseVersion: input.baseVersion };
}

function insertRow(db: Db, entity: LoggedEntity, row: Row): void {
  const cols = Object.keys(row);
  db.prepare(
    `INSERT INTO ${TABLES[entity]} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

function updateRow(db: Db, entity: LoggedEntity, id: string, set: Row): void {
  const cols = Object.keys(set);
  db.prepare(`UPDATE ${TABLES[entity]} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(
    {
      ...set,
      id,
    },
  );
}

/** Columns holding JSON: rows written by imports or the demo may spell the same value differently. */
const JSON_COLUMNS: Partial<Record<LoggedEntity, readonly string[]>> = {
  customer: ['restore_targets', 'tags'],
  asset: ['ip_addresses', 'attributes', 'tags'],
};

function sameValue(from: Value, to: Value, isJson: boolean): boolean {
  if (from === to) return true;
  if (!isJson || typeof from !== 'string' || typeof to !== 'string') return false;
  try {
    return canonicalJson(JSON.parse(from)) === canonicalJson(JSON.parse(to));
  } catch {
    return false;
  }
}

/** Creates a row with a new UUIDv7 at version 1 and records it. Returns the id. */
export function createRecord(edit: Edit, entity: LoggedEntity, values: Row): string {
  const id = uuidv7();
  const row: Row = {
    id,
    ...values,
    created_at: edit.now,
    updated_at: edit.now,
    deleted_at: null,
    version: 1,
  };
  insertRow(edit.db, entity, row);
  recordChange(edit, entity, id, 'create', row);
  return id;
}

/**
 * Writes the columns that differ from `current`, bumps the version and records the
 * difference. `extra` are changes kept elsewhere (an asset's links) that still make this
 * an edit of the record. An edit that changes nothing writes nothing.
 */
export function updateRecord(
  edit: Edit,
  entity: LoggedEntity,
  current: Row,
  values: Row,
  extra: Changes = {},
): boolean {
  const changes: Changes = {};
  const set: Row = {};
  const json = JSON_COLUMNS[entity] ?? [];
  for (const [col, to] of Object.entries(values)) {
    const from = current[col] ?? null;
    if (!sameValue(from, to, json.includes(col))) {
      changes[col] = { from, to };
      set[col] = to;
    }
  }
  if (Object.keys(changes).length === 0 && Object.keys(extra).length === 0) return false;
  const version = Number(current.version);
  updateRow(edit.db, entity, String(current.id), { ...set, updated_at: edit.now, version: version + 1 });
  recordChange(edit, entity, String(current.id), 'update', {
    ...changes,
    ...extra,
    version: { from: version, to: version + 1 },
  });
  return true;
}

/** Marks a row deleted (kept for sync) and records it. */
export function tombstone(edit: Edit, entity: LoggedEntity, current: Row): void {
  const version = Number(current.version);
  updateRow(edit.db, entity, String(current.id), {
    deleted_at: edit.now,
    updated_at: edit.now,
    version: version + 1,
  });
  recordChange(edit, entity, String(current.id), 'delete', {
    deleted_at: { from: null, to: edit.now },
    version: { from: version, to: version + 1 },
  });
}

/** Optional free text: blank means "not set", stored as NULL rather than ''. */
export function blankToNull(s: string | null): string | null {
  return s === null || s.trim() === '' ? null : s;
}

/** A YYYY-MM-DD that is a real calendar day (the schema checks only the shape). */
export function checkDate(field: string, value: string | null): void {
  if (value === null) return;
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new LifelineError('VALIDATION', `${field}: ${value} is not a calendar date. Use YYYY-MM-DD.`);
  }
}

/** A referenced record that must exist and be live. */
export function requireReference(db: Db, entity: LoggedEntity, id: string, field: string, hint: string): Row {
  const row = findRow(db, entity, id);
  if (!row || row.deleted_at !== null) {
    throw new LifelineError(
      'VALIDATION',
      `${field}: there is no ${NOUNS[entity]} with id ${id}${row ? ' (it was deleted)' : ''}. ${hint}`,
    );
  }
  return row;
}
