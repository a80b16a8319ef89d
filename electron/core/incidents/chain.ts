/**
 * The incident log's hash chains (docs/log-integrity.md). One chain per incident and device:
 * each event names the hash of the previous event that the same device wrote on the same
 * incident (GENESIS for its first), and its own hash covers that link and its content. A
 * device only ever appends to its own chain, so chains from several consoles merge without
 * conflict, and an event edited, removed or slipped in afterwards breaks a link.
 *
 * No keys or signatures (no secrets are stored): someone holding the file who recomputes a
 * whole chain is caught only when it is compared with central's copy or another console's.
 *
 * Types only from better-sqlite3 (and db/statements.ts), not from db/database.ts, which
 * calls sealLegacyEvents from its migration step.
 */
import { hash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { canonicalJson } from '../../../shared/util/canonicalJson';
import { cached } from '../db/statements';

type Db = BetterSqlite3.Database;

/** The prev_hash of the first event a device writes on an incident. */
export const GENESIS = '';

/** What the hash covers: the event as stored (payload as its JSON text). */
export type ChainContent = {
  readonly id: string;
  readonly incident_id: string;
  readonly at: string;
  readonly device: string;
  readonly author: string;
  readonly type: string;
  readonly payload: string;
};

/** An event with its chain columns, as stored (NULL where not sealed yet). */
export type ChainedEvent = ChainContent & {
  readonly prev_hash: string | null;
  readonly hash: string | null;
};

export type SealedEvent = ChainContent & { readonly prev_hash: string; readonly hash: string };

/**
 * sha256 hex of prev + '\n' + canonical JSON of the event. The payload is hashed parsed, so
 * the same value written with its keys in another order (or through PostgreSQL's JSON)
 * hashes the same; text that is not JSON is hashed as text under another key, so it can
 * never collide with a parsed value.
 */
export function eventHash(prev: string, row: ChainContent): string {
  let payload: string;
  try {
    payload = `"payload":${canonicalJson(JSON.parse(row.payload))}`;
  } catch {
    payload = `"payloadText":${JSON.stringify(row.payload)}`;
  }
  // canonicalJson of { id, incident_id, at, device, author, type, payload | payloadText },
  // written out with its keys in their sorted order (this runs on every event doctor checks).
  const content =
    `{"at":${JSON.stringify(row.at)},"author":${JSON.stringify(row.author)},` +
    `"device":${JSON.stringify(row.device)},"id":${JSON.stringify(row.id)},` +
    `"incident_id":${JSON.stringify(row.incident_id)},${payload},"type":${JSON.stringify(row.type)}}`;
  return hash('sha256', `${prev}\n${content}`, 'hex');
}

/** Chains events in the order given, after `prev`: what a writer stores. */
export function chainEvents<T extends ChainContent>(
  rows: readonly T[],
  prev: string = GENESIS,
): Array<T & { prev_hash: string; hash: string }> {
  let last = prev;
  return rows.map((r) => {
    const hash = eventHash(last, r);
    const sealed = { ...r, prev_hash: last, hash };
    last = hash;
    return sealed;
  });
}

/**
 * The hash this device's next event on the incident links to: its chain's newest sealed
 * event (the one no other event of the chain follows), or GENESIS. The newest row is the
 * tip in every normal case, so this reads one index range (incident_events_chain) once.
 */
export function chainTip(db: Db, incidentId: string, device: string): string {
  const tip = cached(
    db,
    `SELECT e.hash FROM incident_events e
      WHERE e.incident_id = ? AND e.device = ? AND e.hash IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM incident_events n
                         WHERE n.incident_id = e.incident_id AND n.device = e.device AND n.prev_hash = e.hash)
      ORDER BY e.rowid DESC LIMIT 1`,
  )
    .pluck()
    .get(incidentId, device) as string | undefined;
  return tip ?? GENESIS;
}

const chainWrites = new WeakMap<Db, number>();

/** How insertChainedEvents keys the tips it is given: one chain per incident and device. */
export function tipKey(incidentId: string, device: string): string {
  return `${incidentId}\n${device}`;
}

/** How many times this connection has inserted events through insertChainedEvents (log.ts's memo check). */
export function chainWriteCount(db: Db): number {
  return chainWrites.get(db) ?? 0;
}

/**
 * Inserts events one device wrote on one incident, in order, chained after that device's
 * tip: every writer of incident_events goes through here (or through chainEvents for a
 * bulk writer that knows its chain starts empty). Call inside the writer's transaction.
 * `tips` (by tipKey) are tips the caller knows to be current, so chainTip need not read
 * them; the map is updated with the new tips.
 */
export function insertChainedEvents(
  db: Db,
  rows: readonly ChainContent[],
  tips: Map<string, string> = new Map(),
): SealedEvent[] {
  const insert = cached(
    db,
    `INSERT INTO incident_events (id, incident_id, at, device, author, type, payload, prev_hash, hash)
     VALUES (@id, @incident_id, @at, @device, @author, @type, @payload, @prev_hash, @hash)`,
  );
  chainWrites.set(db, chainWriteCount(db) + 1);
  return rows.map((r) => {
    const key = tipKey(r.incident_id, r.device);
    const prev = tips.get(key) ?? chainTip(db, r.incident_id, r.device);
    const sealed: SealedEvent = {
      id: r.id,
      incident_id: r.incident_id,
      at: r.at,
      device: r.device,
      author: r.author,
      type: r.type,
      payload: r.payload,
      prev_hash: prev,
      hash: eventHash(prev, r),
    };
    insert.run(sealed);
    tips.set(key, sealed.hash);
    return sealed;
  });
}

// ---- verification --------------------------------------------------------------------------

export type ChainBreakReason = 'edited' | 'missing_predecessor' | 'fork' | 'unsealed';

/** The first bad event of one device's chain on one incident. */
export interface ChainBreak {
  readonly incidentId: string;
  readonly device: string;
  readonly eventId: string;
  readonly at: string;
  readonly type: string;
  readonly reason: ChainBreakReason;
  /** For a person: what is wrong with this event. */
  readonly detail: string;
}

const byTimeThenId = (a: ChainedEvent, b: ChainedEvent) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** What is wrong with one event, given the rest of its chain; null when nothing is. */
function problemOf(
  e: ChainedEvent,
  byHash: ReadonlyMap<string, ChainedEvent>,
  followers: ReadonlyMap<string, readonly ChainedEvent[]>,
  onPath: ReadonlySet<ChainedEvent>,
): { reason: ChainBreakReason; detail: string } | null {
  if (e.hash === null)
    return {
      reason: 'unsealed',
      detail: 'it has no hash: it was added to the file after this console sealed its log',
    };
  const prev = e.prev_hash ?? GENESIS;
  if (eventHash(prev, e) !== e.hash)
    return {
      reason: 'edited',
      detail: 'its content no longer matches its hash: it was changed after it was recorded',
    };
  if (prev !== GENESIS && !byHash.has(prev))
    return {
      reason: 'missing_predecessor',
      detail: 'the event recorded before it on this device is missing: it was deleted, or never arrived',
    };
  const siblings = followers.get(prev) ?? [];
  if (siblings.length > 1 && !onPath.has(e)) {
    const other = siblings.find((s) => s !== e && onPath.has(s)) ?? siblings.find((s) => s !== e);
    return {
      reason: 'fork',
      detail: `it and event ${other?.id ?? '?'} both claim the same place in this device's log: one was slipped in`,
    };
  }
  return null;
}

/**
 * Checks one incident's events (any order): per device, every hash recomputes and the
 * links form one path from GENESIS through every event. Returns the first bad event of
 * each broken chain, in chain order (events off the path after it, by time).
 */
export function verifyEvents(events: readonly ChainedEvent[]): ChainBreak[] {
  const chains = new Map<string, ChainedEvent[]>();
  for (const e of events) {
    const key = `${e.incident_id}\n${e.device}`;
    const list = chains.get(key);
    if (list) list.push(e);
    else chains.set(key, [e]);
  }
  const breaks: ChainBreak[] = [];
  for (const chain of chains.values()) {
    const found = verifyChain(chain);
    if (found) breaks.push(found);
  }
  return breaks.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function verifyChain(unordered: readonly ChainedEvent[]): ChainBreak | null {
  const chain = [...unordered].sort(byTimeThenId);
  const byHash = new Map<string, ChainedEvent>();
  const followers = new Map<string, ChainedEvent[]>();
  for (const e of chain) {
    if (e.hash === null) continue;
    byHash.set(e.hash, e);
    const prev = e.prev_hash ?? GENESIS;
    const list = followers.get(prev);
    if (list) list.push(e);
    else followers.set(prev, [e]);
  }
  // The path from GENESIS; at a fork, the branch that goes on longest (the original log
  // goes on, an event slipped in beside one usually ends there), the earlier one on a tie.
  const length = new Map<ChainedEvent, number>();
  const lengthOf = (e: ChainedEvent, seen: Set<ChainedEvent>): number => {
    const known = length.get(e);
    if (known !== undefined) return known;
    if (seen.has(e) || e.hash === null) return 1;
    seen.add(e);
    const n = 1 + Math.max(0, ...(followers.get(e.hash) ?? []).map((f) => lengthOf(f, seen)));
    length.set(e, n);
    return n;
  };
  const pick = (options: readonly ChainedEvent[] | undefined): ChainedEvent | undefined => {
    let best: ChainedEvent | undefined;
    for (const o of options ?? []) if (!best || lengthOf(o, new Set()) > lengthOf(best, new Set())) best = o;
    return best;
  };
  const path: ChainedEvent[] = [];
  const onPath = new Set<ChainedEvent>();
  let next = pick(followers.get(GENESIS));
  while (next && !onPath.has(next)) {
    path.push(next);
    onPath.add(next);
    next = next.hash === null ? undefined : pick(followers.get(next.hash));
  }
  const ordered = [...path, ...chain.filter((e) => !onPath.has(e))];
  for (const e of ordered) {
    const problem = problemOf(e, byHash, followers, onPath);
    if (problem)
      return {
        incidentId: e.incident_id,
        device: e.device,
        eventId: e.id,
        at: e.at,
        type: e.type,
        ...problem,
      };
  }
  return null;
}

const EVENT_COLUMNS = 'id, incident_id, at, device, author, type, payload, prev_hash, hash';

export function verifyIncident(db: Db, incidentId: string): ChainBreak[] {
  const rows = cached(db, `SELECT ${EVENT_COLUMNS} FROM incident_events WHERE incident_id = ?`).all(
    incidentId,
  ) as ChainedEvent[];
  return verifyEvents(rows);
}

export interface LogVerification {
  readonly incidents: number;
  readonly events: number;
  readonly breaks: readonly ChainBreak[];
}

/** Every incident's log, read once in chain-index order and checked incident by incident. */
export function verifyAllIncidents(db: Db): LogVerification {
  const rows = db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM incident_events ORDER BY incident_id, device`)
    .iterate() as IterableIterator<ChainedEvent>;
  const breaks: ChainBreak[] = [];
  let incidents = 0;
  let events = 0;
  let current: ChainedEvent[] = [];
  const flush = () => {
    if (current.length === 0) return;
    incidents++;
    breaks.push(...verifyEvents(current));
    current = [];
  };
  for (const row of rows) {
    events++;
    if (current.length > 0 && current[0]?.incident_id !== row.incident_id) flush();
    current.push(row);
  }
  flush();
  return { incidents, events, breaks };
}

/**
 * Seals the events written before version 8 (no hash yet), per incident and device in
 * (time, id) order: the same events give the same hashes on every console. Runs once, in
 * the upgrade's transaction; the triggers allow this one update (hash NULL → set).
 */
export function sealLegacyEvents(db: Db): number {
  const rows = db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM incident_events ORDER BY incident_id, device, at, id`)
    .all() as ChainedEvent[];
  const seal = db.prepare('UPDATE incident_events SET prev_hash = ?, hash = ? WHERE id = ?');
  let sealed = 0;
  let key = '';
  let prev = GENESIS;
  for (const r of rows) {
    const k = `${r.incident_id}\n${r.device}`;
    if (k !== key) {
      key = k;
      prev = GENESIS;
    }
    if (r.hash !== null) {
      prev = r.hash;
      continue;
    }
    const hash = eventHash(prev, r);
    seal.run(prev, hash, r.id);
    sealed++;
    prev = hash;
  }
  return sealed;
}

// ---- describing a break ----------------------------------------------------------------------

export const REASON_WORDS: Readonly<Record<ChainBreakReason, string>> = {
  edited: 'edited after it was recorded',
  missing_predecessor: 'the event before it is missing',
  fork: 'a second event claims its place',
  unsealed: 'not sealed',
};

/** One broken incident log, for doctor and the sync status: the incident and its first bad event. */
export interface BrokenLog extends ChainBreak {
  readonly title: string;
}

/** An incident event central sent that was not merged because its chain did not hold. */
export interface ParkedChainBreak {
  readonly eventId: string;
  readonly detail: string;
  readonly parkedAt: string;
}

export interface LogIntegrityReport {
  readonly incidents: number;
  readonly events: number;
  readonly broken: readonly BrokenLog[];
  readonly parkedFromCentral: readonly ParkedChainBreak[];
  readonly milliseconds: number;
}

/** What doctor reports about the incident logs (a database at version 8 or later). */
export function logIntegrity(db: Db): LogIntegrityReport {
  const started = performance.now();
  const checked = verifyAllIncidents(db);
  const titleOf = db.prepare('SELECT title FROM incidents WHERE id = ?').pluck();
  const broken = checked.breaks.map((b) => ({
    ...b,
    title: (titleOf.get(b.incidentId) as string | undefined) ?? '(incident not on this console)',
  }));
  const parkedFromCentral = db
    .prepare(
      `SELECT row_id AS eventId, detail, parked_at AS parkedAt FROM sync_parked
        WHERE entity = 'incident_event' AND reason = 'chain' ORDER BY parked_at, row_id`,
    )
    .all() as ParkedChainBreak[];
  return {
    incidents: checked.incidents,
    events: checked.events,
    broken,
    parkedFromCentral,
    milliseconds: Math.round(performance.now() - started),
  };
}
