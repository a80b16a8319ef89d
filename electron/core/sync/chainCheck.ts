/**
 * The incident log's hash chains at the sync boundary (docs/log-integrity.md): an event of
 * this console's whose chain does not hold is not pushed, and an event from central whose
 * hash does not recompute, that would fork a chain, or that differs from the copy held here
 * is parked in sync_parked ('chain') and never merged.
 */
import type { Db } from '../db/database';
import { cached } from '../db/statements';
import {
  type ChainContent,
  type ChainedEvent,
  chainTip,
  eventHash,
  GENESIS,
  REASON_WORDS,
} from '../incidents/chain';
import { type IncomingRow as CentralRow, keepAside } from './parking';

const COLUMNS = 'id, incident_id, at, device, author, type, payload, prev_hash, hash';

function incidentLabel(db: Db, incidentId: string): string {
  const title = cached(db, 'SELECT title FROM incidents WHERE id = ?').pluck().get(incidentId) as
    | string
    | undefined;
  return title === undefined ? `incident ${incidentId}` : `incident "${title}" (${incidentId})`;
}

function eventLabel(db: Db, e: ChainContent): string {
  return `event ${e.id} (${e.type} at ${e.at}, by ${e.author} on ${e.device}) of ${incidentLabel(db, e.incident_id)}`;
}

/** What is wrong with one of this console's events against its stored predecessor, or null. */
function ownEventProblem(db: Db, e: ChainedEvent): keyof typeof REASON_WORDS | null {
  if (e.hash === null) return 'unsealed';
  const prev = e.prev_hash ?? GENESIS;
  if (eventHash(prev, e) !== e.hash) return 'edited';
  if (
    prev !== GENESIS &&
    cached(db, 'SELECT 1 FROM incident_events WHERE incident_id = ? AND device = ? AND hash = ?').get(
      e.incident_id,
      e.device,
      prev,
    ) === undefined
  )
    return 'missing_predecessor';
  const twin = cached(
    db,
    'SELECT 1 FROM incident_events WHERE incident_id = ? AND device = ? AND prev_hash = ? AND id <> ? LIMIT 1',
  ).get(e.incident_id, e.device, prev, e.id);
  return twin === undefined ? null : 'fork';
}

/**
 * Before an incident event is pushed: when its chain does not hold, it stays in the outbox
 * parked as 'denied' with the reason (unparkDenied lets the next round check it again).
 * Returns whether it was held back.
 */
export function holdBackBrokenEvent(db: Db, eventId: string): boolean {
  const e = cached(db, `SELECT ${COLUMNS} FROM incident_events WHERE id = ?`).get(eventId) as
    | ChainedEvent
    | undefined;
  if (!e) return false;
  const problem = ownEventProblem(db, e);
  if (problem === null) return false;
  cached(
    db,
    "UPDATE sync_outbox SET parked = 'denied', reason = ? WHERE entity = 'incident_event' AND row_id = ?",
  ).run(
    `This event does not match its hash chain (${REASON_WORDS[problem]}): ${eventLabel(db, e)}. It stays on this console and is not pushed; run lifeline doctor, then restore this database from a backup or re-sync it.`,
    eventId,
  );
  return true;
}

function contentOf(data: Readonly<Record<string, unknown>>): ChainContent | null {
  const { id, incident_id, at, device, author, type, payload } = data;
  const fields = [id, incident_id, at, device, author, type, payload];
  if (!fields.every((f) => typeof f === 'string')) return null;
  return { id, incident_id, at, device, author, type, payload } as ChainContent;
}

function park(db: Db, row: CentralRow, detail: string, now: Date): void {
  keepAside(db, 'incident_event', row, 'chain', detail, now);
}

/**
 * An incident event central sent, before it is written: the record to write, or null when
 * it was parked (or is a copy of one held here). Its predecessor need not be here yet: it
 * may come later in the pull, and verification reports it if it never does.
 */
export function admitIncomingEvent(
  db: Db,
  row: CentralRow,
  now: Date,
  /** False when no event is parked for its chain (a batch asks once: anyChainParked). */
  chainParked = true,
): Record<string, unknown> | null {
  const content = contentOf(row.data);
  if (row.deleted || content === null) return row.data;
  const hash = typeof row.data.hash === 'string' ? row.data.hash : null;
  const prev = typeof row.data.prev_hash === 'string' ? row.data.prev_hash : GENESIS;
  const held = cached(db, `SELECT ${COLUMNS} FROM incident_events WHERE id = ?`).get(content.id) as
    | ChainedEvent
    | undefined;
  if (held) {
    const same =
      eventHash(GENESIS, held) === eventHash(GENESIS, content) &&
      (hash === null || held.hash === null || hash === held.hash);
    if (same) return row.data;
    park(
      db,
      row,
      `Central's copy of ${eventLabel(db, held)} differs from the one this console holds: it was changed at central or by the console that sent it. This console keeps its own copy.`,
      now,
    );
    return null;
  }
  if (hash === null) {
    // Written by a Lifeline before version 8: sealed here on arrival, after its device's tip.
    const tip = chainTip(db, content.incident_id, content.device);
    return { ...row.data, prev_hash: tip, hash: eventHash(tip, content) };
  }
  if (eventHash(prev, content) !== hash) {
    park(
      db,
      row,
      `Central sent ${eventLabel(db, content)} whose content does not match its hash: it was changed after it was recorded. Not merged.`,
      now,
    );
    return null;
  }
  const twin = cached(
    db,
    'SELECT id FROM incident_events WHERE incident_id = ? AND device = ? AND prev_hash = ? LIMIT 1',
  )
    .pluck()
    .get(content.incident_id, content.device, prev) as string | undefined;
  if (twin !== undefined) {
    park(
      db,
      row,
      `Central sent ${eventLabel(db, content)} that claims the place of event ${twin} in that device's log (a fork): one of them was slipped in. Not merged.`,
      now,
    );
    return null;
  }
  if (chainParked)
    cached(
      db,
      "DELETE FROM sync_parked WHERE entity = 'incident_event' AND row_id = ? AND reason = 'chain'",
    ).run(content.id);
  return row.data;
}

/**
 * Whether any incident event is parked for its chain: a batch asks once, before its rows
 * (each record comes once in a batch, so one parked later in it is never the one admitted).
 */
export function anyChainParked(db: Db): boolean {
  return (
    cached(
      db,
      "SELECT EXISTS (SELECT 1 FROM sync_parked WHERE entity = 'incident_event' AND reason = 'chain')",
    )
      .pluck()
      .get() === 1
  );
}
