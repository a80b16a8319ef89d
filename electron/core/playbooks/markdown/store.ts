/**
 * The few playbook reads and writes that importing and exporting Markdown need. Versions
 * are immutable rows: a changed body is a new version, never an edit of an old one. Every
 * write is recorded in change_log (the audit trail and the sync outbox).
 */
import { LifelineError } from '../../../../shared/api/result';
import { uuidv7 } from '../../../../shared/ids/uuidv7';
import { OverlayBody, PlaybookBody } from '../../../../shared/playbooks/model';
import { recordChange } from '../../db/changeLog';
import type { Db } from '../../db/database';

export const IMPORT_SOURCE = 'markdown';

export interface StoredPlaybook {
  readonly id: string;
  readonly title: string;
  readonly current_version: number;
  readonly owner: string | null;
  readonly review_interval_days: number;
  readonly reviewed_at: string | null;
  readonly deleted_at: string | null;
  readonly version: number;
}

export interface StoredOverlay {
  readonly id: string;
  readonly customer_id: string;
  readonly playbook_id: string;
  readonly core_version: number;
  readonly body: string;
  readonly deleted_at: string | null;
  readonly version: number;
}

export interface Stamp {
  readonly now: string;
  readonly author: string;
  /** Recorded in change_log payloads, e.g. "import:runbooks". */
  readonly via: string;
}

export function playbookById(db: Db, id: string): StoredPlaybook | undefined {
  return db.prepare('SELECT * FROM playbooks WHERE id = ?').get(id) as StoredPlaybook | undefined;
}

export function playbookBySource(db: Db, sourceId: string): StoredPlaybook | undefined {
  return db
    .prepare(
      'SELECT * FROM playbooks WHERE source = ? AND source_id = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1',
    )
    .get(IMPORT_SOURCE, sourceId) as StoredPlaybook | undefined;
}

export function livePlaybooks(db: Db): StoredPlaybook[] {
  return db
    .prepare('SELECT * FROM playbooks WHERE deleted_at IS NULL ORDER BY title, id')
    .all() as StoredPlaybook[];
}

function parseStored<T>(
  schema: { safeParse: (v: unknown) => { success: boolean; data?: T } },
  text: string,
  what: string,
): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success || parsed.data === undefined)
    throw new LifelineError(
      'INTERNAL',
      `${what} is damaged in the database (it does not match the playbook format); restore it from a backup or re-import it.`,
    );
  return parsed.data;
}

export function versionBody(db: Db, pb: StoredPlaybook, number: number): PlaybookBody | null {
  const row = db
    .prepare('SELECT body FROM playbook_versions WHERE playbook_id = ? AND number = ?')
    .get(pb.id, number) as { body: string } | undefined;
  if (!row) return null;
  return parseStored<PlaybookBody>(PlaybookBody, row.body, `Version ${number} of playbook "${pb.title}"`);
}

export function overlayBody(row: StoredOverlay, what: string): OverlayBody {
  return parseStored<OverlayBody>(OverlayBody, row.body, what);
}

export function customerByCode(db: Db, code: string): { id: string; code: string } | undefined {
  return db
    .prepare(
      'SELECT id, code FROM customers WHERE code = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY code = ? DESC LIMIT 1',
    )
    .get(code, code) as { id: string; code: string } | undefined;
}

export function liveOverlays(db: Db, playbookId: string): Array<StoredOverlay & { customer_code: string }> {
  return db
    .prepare(
      `SELECT o.*, c.code AS customer_code FROM overlays o JOIN customers c ON c.id = o.customer_id
        WHERE o.playbook_id = ? AND o.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY c.code, o.id`,
    )
    .all(playbookId) as Array<StoredOverlay & { customer_code: string }>;
}

export function overlayFor(db: Db, playbookId: string, customerId: string): StoredOverlay | undefined {
  return db
    .prepare('SELECT * FROM overlays WHERE playbook_id = ? AND customer_id = ? AND deleted_at IS NULL')
    .get(playbookId, customerId) as StoredOverlay | undefined;
}

export function idTaken(db: Db, table: 'playbooks' | 'overlays', id: string): boolean {
  return db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
}

function log(
  db: Db,
  stamp: Stamp,
  entity: 'playbook' | 'overlay',
  id: string,
  action: 'create' | 'update',
  fields: Record<string, unknown>,
): void {
  recordChange({ db, now: stamp.now, author: stamp.author }, entity, id, action, { via: stamp.via, fields });
}

export interface NewPlaybook {
  readonly id: string;
  readonly title: string;
  readonly owner: string | null;
  readonly reviewIntervalDays: number;
  readonly reviewedAt: string | null;
  readonly version: number;
  readonly sourceId: string;
  readonly body: PlaybookBody;
}

export function insertPlaybook(db: Db, stamp: Stamp, p: NewPlaybook): void {
  const cols = {
    title: p.title,
    current_version: p.version,
    owner: p.owner,
    review_interval_days: p.reviewIntervalDays,
    reviewed_at: p.reviewedAt,
    source: IMPORT_SOURCE,
    source_id: p.sourceId,
  };
  db.prepare(
    `INSERT INTO playbooks (id, title, current_version, owner, review_interval_days, reviewed_at, source, source_id,
                            created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  ).run(
    p.id,
    cols.title,
    cols.current_version,
    cols.owner,
    cols.review_interval_days,
    cols.reviewed_at,
    cols.source,
    cols.source_id,
    stamp.now,
    stamp.now,
  );
  insertVersion(db, stamp, p.id, p.version, p.body);
  log(db, stamp, 'playbook', p.id, 'create', { ...cols, body: p.body });
}

function insertVersion(db: Db, stamp: Stamp, playbookId: string, number: number, body: PlaybookBody): void {
  db.prepare(
    'INSERT INTO playbook_versions (id, playbook_id, number, body, author, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(uuidv7(), playbookId, number, JSON.stringify(body), stamp.author, stamp.now);
}

export type PlaybookFields = Partial<{
  title: string;
  owner: string | null;
  review_interval_days: number;
  reviewed_at: string | null;
}>;

/** Changed fields and, when given, a new body as the next version. */
export function updatePlaybook(
  db: Db,
  stamp: Stamp,
  pb: StoredPlaybook,
  fields: PlaybookFields,
  newBody: PlaybookBody | null,
): void {
  const set: Record<string, string | number | null> = { ...fields };
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) changes[k] = { from: pb[k as keyof StoredPlaybook], to: v };
  if (newBody) {
    const number = pb.current_version + 1;
    insertVersion(db, stamp, pb.id, number, newBody);
    set.current_version = number;
    changes.current_version = { from: pb.current_version, to: number };
    changes.body = newBody;
  }
  const names = Object.keys(set);
  const r = db
    .prepare(
      `UPDATE playbooks SET ${names.map((n) => `${n} = ?`).join(', ')}, updated_at = ?, version = version + 1
        WHERE id = ? AND version = ?`,
    )
    .run(...names.map((n) => set[n] ?? null), stamp.now, pb.id, pb.version);
  if (r.changes !== 1)
    throw new LifelineError(
      'CONFLICT',
      `Playbook "${pb.title}" changed while the import ran; nothing was written. Import again.`,
    );
  log(db, stamp, 'playbook', pb.id, 'update', changes);
}

export function insertOverlay(
  db: Db,
  stamp: Stamp,
  o: { id: string; customerId: string; playbookId: string; coreVersion: number; body: OverlayBody },
): void {
  db.prepare(
    `INSERT INTO overlays (id, customer_id, playbook_id, core_version, body, created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  ).run(o.id, o.customerId, o.playbookId, o.coreVersion, JSON.stringify(o.body), stamp.now, stamp.now);
  log(db, stamp, 'overlay', o.id, 'create', {
    customer_id: o.customerId,
    playbook_id: o.playbookId,
    core_version: o.coreVersion,
    body: o.body,
  });
}

export function updateOverlay(
  db: Db,
  stamp: Stamp,
  row: StoredOverlay,
  coreVersion: number,
  body: OverlayBody,
): void {
  const r = db
    .prepare(
      'UPDATE overlays SET core_version = ?, body = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?',
    )
    .run(coreVersion, JSON.stringify(body), stamp.now, row.id, row.version);
  if (r.changes !== 1)
    throw new LifelineError(
      'CONFLICT',
      'An overlay changed while the import ran; nothing was written. Import again.',
    );
  log(db, stamp, 'overlay', row.id, 'update', {
    core_version: { from: row.core_version, to: coreVersion },
    body,
  });
}
