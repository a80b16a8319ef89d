/** Shifts, handovers and their review log on disk: typed rows in, domain objects out. */
import crypto from 'node:crypto';
import { z } from 'zod';
import { LifelineError } from '../../../shared/api/result';
import {
  DEFAULT_OVERDUE_MINUTES,
  type Handover,
  type HandoverDocument,
  HandoverEvent,
  type HandoverEventType,
  HandoverItem,
  type HandoverSummary,
  type Person,
  type Shift,
} from '../../../shared/handover/model';
import { deriveReview, isOverdue } from '../../../shared/handover/review';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { canonicalJson } from '../../../shared/util/canonicalJson';
import type { Db } from '../db/database';
import { likeContaining } from '../db/like';
import { getSetting, setSetting } from '../settings/settings';

const OVERDUE_KEY = 'handover_overdue_minutes';

export function overdueMinutes(db: Db): number {
  const v = Number(getSetting(db, OVERDUE_KEY));
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_OVERDUE_MINUTES;
}

export function setOverdueMinutes(db: Db, minutes: number): void {
  setSetting(db, OVERDUE_KEY, String(minutes));
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash a submitted handover carries: over its canonical frozen document. */
export function documentHash(doc: HandoverDocument): string {
  return sha256Hex(canonicalJson(doc));
}

// --- shifts ---------------------------------------------------------------------------

interface ShiftRow {
  readonly id: string;
  readonly engineer_id: string | null;
  readonly engineer_name: string;
  readonly engineer_initials: string;
  readonly started_at: string;
  readonly ended_at: string | null;
}

function toShift(db: Db, row: ShiftRow): Shift {
  const h = db.prepare('SELECT id FROM handovers WHERE shift_id = ? AND deleted_at IS NULL').get(row.id) as
    | { id: string }
    | undefined;
  return {
    id: row.id,
    engineer: { name: row.engineer_name, initials: row.engineer_initials },
    engineerId: row.engineer_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    handoverId: h?.id ?? null,
  };
}

export function runningShift(db: Db, device: string): Shift | null {
  const row = db
    .prepare('SELECT * FROM shifts WHERE device = ? AND ended_at IS NULL AND deleted_at IS NULL')
    .get(device) as ShiftRow | undefined;
  return row ? toShift(db, row) : null;
}

export function insertShift(db: Db, device: string, engineerId: string, who: Person, at: string): Shift {
  const id = uuidv7();
  db.prepare(
    `INSERT INTO shifts (id, engineer_id, engineer_name, engineer_initials, device, started_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, engineerId, who.name, who.initials, device, at, at, at);
  return toShift(db, db.prepare('SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow);
}

export function endShiftRow(db: Db, id: string, at: string): void {
  db.prepare('UPDATE shifts SET ended_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
    at,
    at,
    id,
  );
}

// --- handovers ------------------------------------------------------------------------

export interface HandoverRow {
  readonly id: string;
  readonly shift_id: string | null;
  readonly from_name: string;
  readonly from_initials: string;
  readonly shift_started_at: string;
  readonly shift_ended_at: string;
  readonly device: string;
  readonly items: string;
  readonly proposed: string;
  readonly submitted_at: string | null;
  readonly content_hash: string | null;
  readonly imported_at: string | null;
  readonly created_at: string;
  readonly version: number;
}

interface EventRow {
  readonly id: string;
  readonly handover_id: string;
  readonly item_id: string | null;
  readonly at: string;
  readonly device: string;
  readonly author: string;
  readonly type: string;
  readonly payload: string;
}

const ItemList = z.array(HandoverItem);

export function parseItems(text: string, what: string): HandoverItem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new LifelineError('INTERNAL', `The stored items of ${what} are not readable JSON.`);
  }
  const parsed = ItemList.safeParse(raw);
  if (!parsed.success)
    throw new LifelineError('INTERNAL', `The stored items of ${what} do not match this version's format.`);
  return parsed.data;
}

export function handoverRow(db: Db, id: string): HandoverRow {
  const row = db.prepare('SELECT * FROM handovers WHERE id = ? AND deleted_at IS NULL').get(id) as
    | HandoverRow
    | undefined;
  if (!row)
    throw new LifelineError(
      'NOT_FOUND',
      'No handover with that id on this console; import its bundle first.',
    );
  return row;
}

export function handoverEvents(db: Db, handoverId: string): HandoverEvent[] {
  const rows = db
    .prepare('SELECT * FROM handover_events WHERE handover_id = ? ORDER BY at, id')
    .all(handoverId) as EventRow[];
  return rows.map((r) =>
    HandoverEvent.parse({
      id: r.id,
      handoverId: r.handover_id,
      itemId: r.item_id,
      at: r.at,
      device: r.device,
      author: r.author,
      type: r.type,
      payload: JSON.parse(r.payload) as unknown,
    }),
  );
}

export function insertEvent(
  db: Db,
  e: {
    handoverId: string;
    itemId: string | null;
    type: HandoverEventType;
    author: string;
    device: string;
    payload: Record<string, unknown>;
    at?: string;
    id?: string;
  },
): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO handover_events (id, handover_id, item_id, at, device, author, type, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.id ?? uuidv7(now),
    e.handoverId,
    e.itemId,
    e.at ?? new Date(now).toISOString(),
    e.device,
    e.author,
    e.type,
    JSON.stringify(e.payload),
  );
}

export function toHandover(db: Db, row: HandoverRow, now = new Date()): Handover {
  const what = `handover ${row.id}`;
  const items = parseItems(row.items, what);
  const events = handoverEvents(db, row.id);
  const review = deriveReview(items, events);
  const submitted = row.submitted_at !== null;
  const removed = submitted
    ? []
    : parseItems(row.proposed, what).filter((p) => !items.some((i) => i.id === p.id));
  return {
    id: row.id,
    status: !submitted ? 'draft' : review.acknowledgedAt ? 'acknowledged' : 'submitted',
    from: { name: row.from_name, initials: row.from_initials },
    shiftId: row.shift_id,
    shiftStartedAt: row.shift_started_at,
    shiftEndedAt: row.shift_ended_at,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    contentHash: row.content_hash,
    version: row.version,
    importedAt: row.imported_at,
    items,
    removed,
    reviews: review.reviews,
    events,
    acknowledgedAt: review.acknowledgedAt,
    acknowledgedBy: review.acknowledgedBy,
    openQuestions: review.openQuestions,
    overdue: isOverdue(row.submitted_at, review.acknowledgedAt, now, overdueMinutes(db)),
  };
}

export function getHandover(db: Db, id: string): Handover {
  return toHandover(db, handoverRow(db, id));
}

export function summarize(h: Handover): HandoverSummary {
  const customers = new Map<string, { id: string; code: string; name: string }>();
  for (const item of h.items) {
    if (item.customer)
      customers.set(item.customer.id, {
        id: item.customer.id,
        code: item.customer.code,
        name: item.customer.name,
      });
  }
  return {
    id: h.id,
    status: h.status,
    from: h.from,
    shiftStartedAt: h.shiftStartedAt,
    shiftEndedAt: h.shiftEndedAt,
    submittedAt: h.submittedAt,
    importedAt: h.importedAt,
    itemCount: h.items.length,
    acceptedCount: h.reviews.filter((r) => r.status === 'accepted').length,
    openQuestions: h.openQuestions,
    customers: [...customers.values()],
    acknowledgedAt: h.acknowledgedAt,
    acknowledgedBy: h.acknowledgedBy,
    overdue: h.overdue,
  };
}

/** Stores the draft proposed at the end of a shift; the engineer's edits start from these items. */
export function insertHandover(
  db: Db,
  h: {
    shiftId: string;
    from: Person;
    shiftStartedAt: string;
    shiftEndedAt: string;
    device: string;
    items: readonly HandoverItem[];
  },
): string {
  const id = uuidv7();
  const json = JSON.stringify(h.items);
  db.prepare(
    `INSERT INTO handovers (id, shift_id, from_name, from_initials, shift_started_at, shift_ended_at, device, items,
                            proposed, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    h.shiftId,
    h.from.name,
    h.from.initials,
    h.shiftStartedAt,
    h.shiftEndedAt,
    h.device,
    json,
    json,
    h.shiftEndedAt,
    h.shiftEndedAt,
  );
  return id;
}

export function saveDraftItems(db: Db, id: string, items: readonly HandoverItem[], at: string): void {
  db.prepare('UPDATE handovers SET items = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
    JSON.stringify(items),
    at,
    id,
  );
}

/** Freezes a draft: its items stay as they are, covered by `hash`; the proposal is dropped. */
export function markSubmitted(db: Db, id: string, hash: string, at: string): void {
  db.prepare(
    `UPDATE handovers SET submitted_at = ?, content_hash = ?, proposed = '[]', updated_at = ?, version = version + 1
      WHERE id = ?`,
  ).run(at, hash, at, id);
}

export function listHandovers(
  db: Db,
  input: {
    engineer?: string | undefined;
    customer?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    acknowledged?: boolean | undefined;
    includeDrafts?: boolean | undefined;
    limit?: number | undefined;
  },
): HandoverSummary[] {
  const where = ['h.deleted_at IS NULL'];
  const args: Array<string | number> = [];
  if (!input.includeDrafts) where.push('h.submitted_at IS NOT NULL');
  if (input.engineer) {
    where.push(
      `(h.from_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM handover_events e WHERE e.handover_id = h.id AND e.author LIKE ? ESCAPE '\\'))`,
    );
    const like = likeContaining(input.engineer);
    args.push(like, like);
  }
  if (input.customer) {
    where.push(`EXISTS (SELECT 1 FROM json_each(h.items) j WHERE json_extract(j.value, '$.customer.id') = ?
                   OR lower(json_extract(j.value, '$.customer.code')) = lower(?)
                   OR json_extract(j.value, '$.customer.name') LIKE ? ESCAPE '\\')`);
    args.push(input.customer, input.customer, likeContaining(input.customer));
  }
  // A shift matches a date range when the two overlap.
  if (input.from) {
    where.push('h.shift_ended_at >= ?');
    args.push(input.from);
  }
  if (input.to) {
    where.push('h.shift_started_at <= ?');
    args.push(input.to);
  }
  const rows = db
    .prepare(
      `SELECT h.* FROM handovers h WHERE ${where.join(' AND ')} ORDER BY h.shift_ended_at DESC, h.id DESC`,
    )
    .all(...args) as HandoverRow[];
  const now = new Date();
  const out: HandoverSummary[] = [];
  for (const row of rows) {
    const s = summarize(toHandover(db, row, now));
    if (input.acknowledged !== undefined && (s.status === 'acknowledged') !== input.acknowledged) continue;
    out.push(s);
    if (out.length >= (input.limit ?? 200)) break;
  }
  return out;
}

/** The frozen document of a submitted handover, exactly as its hash covers it. */
export function documentOf(row: HandoverRow): HandoverDocument {
  if (!row.submitted_at)
    throw new LifelineError('CONFLICT', 'This handover is still a draft: submit it first.');
  return {
    id: row.id,
    from: { name: row.from_name, initials: row.from_initials },
    shiftStartedAt: row.shift_started_at,
    shiftEndedAt: row.shift_ended_at,
    submittedAt: row.submitted_at,
    device: row.device,
    items: parseItems(row.items, `handover ${row.id}`),
  };
}
