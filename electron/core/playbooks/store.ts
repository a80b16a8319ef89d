/**
 * Reading and writing playbook rows. Stored bodies are parsed with the same zod schemas the
 * API uses, so a body that does not match (a bad import, a hand edit) fails loudly with the
 * playbook and version named, instead of reaching an engineer half-rendered.
 */
import type { z } from 'zod';
import { LifelineError } from '../../../shared/api/result';
import { OverlayBody, PlaybookBody, type ReviewState } from '../../../shared/playbooks/model';
import type { Db } from '../db/database';

export interface PlaybookRow {
  readonly id: string;
  readonly title: string;
  readonly current_version: number;
  readonly owner: string | null;
  readonly review_interval_days: number;
  readonly reviewed_at: string | null;
  readonly source: string | null;
  readonly source_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly deleted_at: string | null;
  readonly version: number;
}

export interface VersionRow {
  readonly id: string;
  readonly playbook_id: string;
  readonly number: number;
  readonly body: string;
  readonly author: string;
  readonly created_at: string;
}

export interface OverlayRow {
  readonly id: string;
  readonly customer_id: string;
  readonly playbook_id: string;
  readonly core_version: number;
  readonly body: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly deleted_at: string | null;
  readonly version: number;
}

export interface CustomerRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly tier: string;
  readonly time_zone: string;
  readonly kind: 'customer' | 'internal';
}

/** One edit: stamped with who and when on everything it writes. */

function parseStored<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LifelineError(
      'INTERNAL',
      `${what} is not valid JSON (${err instanceof Error ? err.message : String(err)}). The database holds damaged data; restore it from a backup or re-import the playbook.`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'does not match';
    throw new LifelineError(
      'INTERNAL',
      `${what} does not match the playbook format (${where}). The database holds damaged data; restore it from a backup or re-import the playbook.`,
    );
  }
  return parsed.data;
}

export function parseBody(row: VersionRow, title: string): PlaybookBody {
  return parseStored(PlaybookBody, row.body, `Version ${row.number} of playbook "${title}"`);
}

export function parseOverlay(row: OverlayRow, title: string, customer: string): OverlayBody {
  return parseStored(OverlayBody, row.body, `The overlay of "${title}" for ${customer}`);
}

/** The live playbook, or NOT_FOUND. */
export function livePlaybook(db: Db, id: string): PlaybookRow {
  const row = db.prepare('SELECT * FROM playbooks WHERE id = ?').get(id) as PlaybookRow | undefined;
  if (!row) {
    throw new LifelineError(
      'NOT_FOUND',
      `There is no playbook with id ${id}. It may never have reached this console; reload the list.`,
    );
  }
  if (row.deleted_at !== null) {
    throw new LifelineError('NOT_FOUND', `Playbook "${row.title}" was deleted. Reload the list.`);
  }
  return row;
}

export function versionRow(db: Db, pb: PlaybookRow, number: number): VersionRow {
  const row = db
    .prepare('SELECT * FROM playbook_versions WHERE playbook_id = ? AND number = ?')
    .get(pb.id, number) as VersionRow | undefined;
  if (!row) {
    throw new LifelineError(
      'NOT_FOUND',
      `Playbook "${pb.title}" has no version ${number}: its versions are 1 to ${pb.current_version}.`,
    );
  }
  return row;
}

export function versionBody(db: Db, pb: PlaybookRow, number: number): PlaybookBody {
  return parseBody(versionRow(db, pb, number), pb.title);
}

export function versionRows(db: Db, playbookId: string): VersionRow[] {
  return db
    .prepare('SELECT * FROM playbook_versions WHERE playbook_id = ? ORDER BY number')
    .all(playbookId) as VersionRow[];
}

/** A live customer (or the MSP's internal account), or NOT_FOUND. */
export function liveCustomer(db: Db, id: string): CustomerRow {
  const row = db
    .prepare('SELECT id, code, name, tier, time_zone, kind, deleted_at FROM customers WHERE id = ?')
    .get(id) as (CustomerRow & { deleted_at: string | null }) | undefined;
  if (!row) {
    throw new LifelineError(
      'NOT_FOUND',
      `There is no customer with id ${id}. It may never have reached this console; reload the list.`,
    );
  }
  if (row.deleted_at !== null) {
    throw new LifelineError('NOT_FOUND', `Customer ${row.name} (${row.code}) was deleted. Reload the list.`);
  }
  const { deleted_at: _deleted, ...customer } = row;
  return customer;
}

export function liveOverlay(db: Db, playbookId: string, customerId: string): OverlayRow | undefined {
  return db
    .prepare('SELECT * FROM overlays WHERE playbook_id = ? AND customer_id = ? AND deleted_at IS NULL')
    .get(playbookId, customerId) as OverlayRow | undefined;
}

/** How far an overlay departs from core: each parameter value set and each step changed counts once. */
export function countOverrides(body: OverlayBody): number {
  return Object.keys(body.parameters).length + Object.keys(body.steps).length;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A review falls due this long before the interval runs out, so it can be planned. */
export const REVIEW_DUE_DAYS = 14;

export function reviewState(
  reviewedAt: string | null,
  intervalDays: number,
  now: Date = new Date(),
): ReviewState {
  if (reviewedAt === null) return 'never';
  const dueMs = Date.parse(reviewedAt) + intervalDays * DAY_MS;
  // An unreadable date is treated as never reviewed rather than as fine.
  if (Number.isNaN(dueMs)) return 'never';
  const left = dueMs - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= REVIEW_DUE_DAYS * DAY_MS) return 'due';
  return 'ok';
}
