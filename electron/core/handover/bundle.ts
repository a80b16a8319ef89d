/**
 * The handover bundle: one JSON file that carries a submitted handover and its review log
 * to a console that cannot reach a central store. Its hash covers the canonical JSON of
 * both, so a file changed or cut short on the way is refused before anything is written;
 * importing is a merge by id, so importing the same file twice changes nothing and a later
 * bundle of the same handover only adds the acts recorded since.
 */
import { LifelineError } from '../../../shared/api/result';
import {
  BUNDLE_FORMAT,
  EVENT_PAYLOADS,
  HandoverBundle,
  type HandoverDocument,
  type HandoverEvent,
} from '../../../shared/handover/model';
import { orderEvents } from '../../../shared/handover/review';
import { canonicalJson } from '../../../shared/util/canonicalJson';
import type { Db } from '../db/database';
import { documentHash, documentOf, handoverEvents, handoverRow, insertEvent, sha256Hex } from './store';

function bundleHash(
  handover: HandoverDocument & { contentHash: string },
  events: readonly HandoverEvent[],
): string {
  return sha256Hex(canonicalJson({ handover, events }));
}

export function exportBundle(db: Db, id: string, exportedBy: string, now = new Date()): string {
  const row = handoverRow(db, id);
  if (!row.submitted_at || !row.content_hash)
    throw new LifelineError(
      'CONFLICT',
      'Only a submitted handover can be carried as a bundle: submit the draft first.',
    );
  const handover = { ...documentOf(row), contentHash: row.content_hash };
  const events = orderEvents(handoverEvents(db, id));
  const bundle: HandoverBundle = {
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    exportedAt: now.toISOString(),
    exportedBy,
    handover,
    events,
    hash: bundleHash(handover, events),
  };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export interface ImportOutcome {
  readonly handoverId: string;
  readonly created: boolean;
  readonly eventsAdded: number;
  readonly missingIncidents: number;
}

const refuse = (why: string) =>
  new LifelineError('VALIDATION', `This handover bundle was refused and nothing was imported: ${why}`);

/** Every check that needs no database; throws before anything is written. */
export function verifyBundle(content: string): HandoverBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw refuse(
      'the file is not complete JSON (truncated or damaged on the way?). Export the bundle again from the other console.',
    );
  }
  if (raw === null || typeof raw !== 'object' || (raw as { format?: unknown }).format !== BUNDLE_FORMAT)
    throw refuse('it is not a Lifeline handover bundle (no "format": "lifeline-handover-bundle").');
  const parsed = HandoverBundle.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw refuse(
      `it does not have the expected shape${first ? ` (${first.path.join('.') || 'bundle'}: ${first.message})` : ''}. It may be damaged or from a newer Lifeline.`,
    );
  }
  const bundle = parsed.data;
  const { contentHash, ...doc } = bundle.handover;
  if (bundleHash(bundle.handover, bundle.events) !== bundle.hash)
    throw refuse(
      'its content does not match its hash: it was changed after it was exported. Ask for a fresh export.',
    );
  if (documentHash(doc) !== contentHash)
    throw refuse("the handover's items do not match the content hash it was submitted with.");
  const itemIds = new Set(doc.items.map((i) => i.id));
  if (itemIds.size !== doc.items.length) throw refuse('two items share one id.');
  for (const e of bundle.events) {
    if (e.handoverId !== doc.id) throw refuse(`act ${e.id} belongs to another handover.`);
    if (e.itemId !== null && !itemIds.has(e.itemId))
      throw refuse(`act ${e.id} is about an item the handover does not have.`);
    if (!EVENT_PAYLOADS[e.type].safeParse(e.payload).success)
      throw refuse(`act ${e.id} (${e.type}) is damaged.`);
  }
  return bundle;
}

export function importBundle(db: Db, content: string, now = new Date()): ImportOutcome {
  const bundle = verifyBundle(content);
  const doc = bundle.handover;
  return db.transaction((): ImportOutcome => {
    const existing = db
      .prepare('SELECT id, content_hash, submitted_at FROM handovers WHERE id = ?')
      .get(doc.id) as { id: string; content_hash: string | null; submitted_at: string | null } | undefined;
    let created = false;
    if (existing) {
      if (existing.content_hash !== doc.contentHash)
        throw new LifelineError(
          'CONFLICT',
          'This console already holds a different handover with the same id; nothing was imported. Check where the bundle came from.',
        );
    } else {
      const at = now.toISOString();
      db.prepare(
        `INSERT INTO handovers (id, shift_id, from_name, from_initials, shift_started_at, shift_ended_at, device, items,
                                proposed, submitted_at, content_hash, imported_at, created_at, updated_at)
         VALUES (?, NULL, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?)`,
      ).run(
        doc.id,
        doc.from.name,
        doc.from.initials,
        doc.shiftStartedAt,
        doc.shiftEndedAt,
        doc.device,
        JSON.stringify(doc.items),
        doc.submittedAt,
        doc.contentHash,
        at,
        at,
        at,
      );
      created = true;
    }
    const known = new Map(handoverEvents(db, doc.id).map((e) => [e.id, e]));
    let eventsAdded = 0;
    for (const e of bundle.events) {
      const mine = known.get(e.id);
      if (mine) {
        if (canonicalJson(mine) !== canonicalJson(e))
          throw new LifelineError(
            'CONFLICT',
            `Act ${e.id} differs from the copy on this console; nothing was imported. One of the two copies was altered.`,
          );
        continue;
      }
      insertEvent(db, { ...e, id: e.id, at: e.at });
      known.set(e.id, e);
      eventsAdded += 1;
    }
    const ids = new Set(doc.items.flatMap((i) => (i.incident ? [i.incident.incidentId] : [])));
    let missingIncidents = 0;
    for (const id of ids)
      if (!db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id)) missingIncidents += 1;
    return { handoverId: doc.id, created, eventsAdded, missingIncidents };
  })();
}
