/**
 * Central's stamps on records this console holds (sync_rows.written_by / received_at): who
 * central says wrote a record (its login role) and when it reached central, by central's
 * clock. Shown next to what the writing console claimed, never instead of it.
 */
import type { Db } from '../db/database';
import { cached } from './entities';

export interface CentralStamp {
  readonly verifiedBy: string;
  readonly receivedAt?: string;
}

const written = new WeakMap<Db, number>();

/** Called by whoever writes sync_rows' stamps (sync/local.ts), so cached stamps are read again. */
export function stampsWritten(db: Db): void {
  written.set(db, (written.get(db) ?? 0) + 1);
}

/**
 * Changes whenever stamps may have changed: this connection wrote some (stampsWritten), or
 * another connection committed anything (SQLite's data_version). A cache of stamps keyed
 * by it is read again only then.
 */
export function stampGeneration(db: Db): string {
  const other = cached(db, 'PRAGMA data_version').pluck().get() as number;
  return `${other}:${written.get(db) ?? 0}`;
}

/** Stamps of the given records of one entity, by id; records without one are left out. */
export function centralStamps(db: Db, entity: string, ids: readonly string[]): Map<string, CentralStamp> {
  const out = new Map<string, CentralStamp>();
  if (ids.length === 0) return out;
  const rows = cached(
    db,
    `SELECT row_id, written_by, received_at FROM sync_rows
      WHERE entity = ? AND row_id IN (SELECT value FROM json_each(?)) AND written_by IS NOT NULL`,
  ).all(entity, JSON.stringify(ids)) as Array<{
    row_id: string;
    written_by: string;
    received_at: string | null;
  }>;
  for (const r of rows)
    out.set(
      r.row_id,
      r.received_at ? { verifiedBy: r.written_by, receivedAt: r.received_at } : { verifiedBy: r.written_by },
    );
  return out;
}

/** Timeline entries with central's stamp joined in where there is one. */
export function withCentralStamps<T extends { readonly id: string }>(
  db: Db,
  entity: string,
  entries: readonly T[],
): Array<T & Partial<CentralStamp>> {
  const stamps = centralStamps(
    db,
    entity,
    entries.map((e) => e.id),
  );
  return entries.map((e) => {
    const s = stamps.get(e.id);
    return s ? { ...e, ...s } : e;
  });
}
