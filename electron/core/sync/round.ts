/**
 * One sync round against a connected central: push the outbox, pull what changed since the
 * cursor, then reconcile access (purge customers no longer visible, fetch ones newly granted).
 *
 * The pull cursor is (txid, seq) of the last row applied, and a pull only reads rows whose
 * writing transaction is older than the oldest transaction still running on central
 * (pg_snapshot_xmin). A plain "highest sequence seen" cursor skips a row whose transaction
 * took its sequence number early but committed late; here such a row is not read until its
 * transaction and every older one has finished, and it sorts after the cursor when it is.
 */
import type pg from 'pg';
import type { RoundSummary, SyncProgress } from '../../../shared/sync/model';
import type { Db } from '../db/database';
import { parkedCounts } from '../db/orphans';
import { CENTRAL_SCHEMA_VERSION, centralSchemaVersion } from './central/schema';
import {
  adoptCentral,
  applyBatch,
  type CentralRow,
  type Cursor,
  finishFirstPull,
  firstPullCheckpointed,
  getCursor,
  knownCustomers,
  markSynced,
  nextPushBatch,
  type PushItem,
  type PushResult,
  pauseFirstPull,
  purgeCustomers,
  pushItemsAt,
  pushQueue,
  recordPushResults,
  START,
  startFirstPull,
  unparkDenied,
} from './local';

export interface RoundOptions {
  readonly batchSize?: number;
  readonly pushBatchSize?: number;
  readonly onProgress?: (p: SyncProgress) => void;
  /** Called after each applied batch with the data domains it touched. */
  readonly onApplied?: (domains: ReadonlySet<string>) => void;
  readonly now?: () => Date;
  /**
   * Runs the checkpoint that ends a first pull somewhere other than this thread (the
   * console's maintenance worker: db/checkpoint.ts), so the back end keeps answering while
   * every page of the pull is copied into the database file. Without it, the pull
   * checkpoints here before it returns.
   */
  readonly checkpoint?: () => Promise<unknown>;
}

/**
 * Rows per batch of a first pull (a later pull takes 2,000: its batches wait for the disk).
 * Each commit rewrites every id-index page its rows landed on, so fewer, larger batches
 * write less: at 10,000 rows the WAL of a 500-customer pull reached 1.28 GB for a 470 MB
 * database, at 50,000 0.65 GB. 25,000 keeps a batch to a couple of seconds of the UI waiting.
 */
const FIRST_PULL_BATCH = 25_000;

const PULL_COLUMNS = `entity, id, customer_id, data, rev, deleted, updated_by, updated_at, created_by, received_at, txid::text AS txid, seq::text AS seq`;

/** One page of central's changes after `after`, in commit-safe order. */
export async function pullPage(
  client: pg.ClientBase,
  after: Cursor,
  limit: number,
  customers?: readonly string[],
): Promise<CentralRow[]> {
  const scope = customers ? 'AND customer_id = ANY($4::text[])' : '';
  const params: unknown[] = [after.txid, after.seq, limit];
  if (customers) params.push(customers);
  const r = await client.query<CentralRow>(
    // Ordered by the columns, not the text copies selected under the same names ('98' > '108').
    `SELECT ${PULL_COLUMNS} FROM lifeline.records r
      WHERE (r.txid, r.seq) > ($1::xid8, $2::bigint)
        AND r.txid < pg_snapshot_xmin(pg_current_snapshot())
        ${scope}
      ORDER BY r.txid, r.seq LIMIT $3`,
    params,
  );
  return r.rows;
}

/**
 * The rest of central transaction `last.txid` after `last`: a batch ends at a transaction's
 * end, so a parent and its child written together (central does not keep a push's order
 * within its transaction) are applied together, not the child parked until the next batch.
 */
async function restOfTransaction(
  client: pg.ClientBase,
  last: Cursor,
  customers?: readonly string[],
): Promise<CentralRow[]> {
  const scope = customers ? 'AND customer_id = ANY($3::text[])' : '';
  const params: unknown[] = [last.txid, last.seq];
  if (customers) params.push(customers);
  const r = await client.query<CentralRow>(
    `SELECT ${PULL_COLUMNS} FROM lifeline.records r
      WHERE r.txid = $1::xid8 AND r.seq > $2::bigint ${scope}
      ORDER BY r.seq`,
    params,
  );
  return r.rows;
}

async function checkCentral(db: Db, client: pg.ClientBase): Promise<void> {
  const version = await centralSchemaVersion(client);
  if (version === 0) {
    throw Object.assign(new Error('central has no Lifeline schema'), { code: '42P01' });
  }
  if (version > CENTRAL_SCHEMA_VERSION) {
    throw new Error(
      `central's schema is version ${version}, newer than this Lifeline knows (${CENTRAL_SCHEMA_VERSION}); update Lifeline`,
    );
  }
  if (version < CENTRAL_SCHEMA_VERSION) {
    throw new Error(
      `central's schema is version ${version} and this Lifeline needs ${CENTRAL_SCHEMA_VERSION}; ask your team lead to run lifeline central init`,
    );
  }
  const r = await client.query<{ value: string }>(
    "SELECT value FROM lifeline.meta WHERE key = 'instance_id'",
  );
  const id = r.rows[0]?.value;
  if (!id) throw new Error('central has no instance id; run lifeline central init again');
  adoptCentral(db, id);
}

async function push(
  db: Db,
  client: pg.ClientBase,
  opts: RoundOptions,
  summary: Mutable<RoundSummary>,
): Promise<void> {
  const size = opts.pushBatchSize ?? 500;
  const now = opts.now ?? (() => new Date());
  unparkDenied(db);
  // What waits now, in push order, read once; then a few passes for edits made meanwhile
  // and records central did not answer (new local edits during a long push are otherwise
  // taken by the next round).
  const queue = pushQueue(db);
  const total = queue.length;
  let done = 0;
  /** Sends one batch; false when central did nothing with it (no point going on). */
  const send = async (items: readonly PushItem[]): Promise<boolean> => {
    const r = await client.query<PushResult>('SELECT * FROM lifeline.push($1::jsonb)', [
      JSON.stringify(items),
    ]);
    const outcome = recordPushResults(db, items, r.rows, now());
    summary.pushed += outcome.applied;
    summary.conflicts += outcome.conflicts;
    // Refused records (with central's reason) wait beside denied ones: one count for a person.
    summary.denied += outcome.denied + outcome.refused;
    done += items.length;
    opts.onProgress?.({ phase: 'push', done: Math.min(done, total), total });
    return outcome.applied + outcome.conflicts + outcome.denied + outcome.refused > 0;
  };
  for (let i = 0; i < queue.length; i += size) {
    const items = pushItemsAt(db, queue.slice(i, i + size));
    if (items.length > 0 && !(await send(items))) return;
  }
  for (let pass = 0; pass < 2; pass++) {
    const items = nextPushBatch(db, size);
    if (items.length === 0 || !(await send(items))) break;
  }
}

async function pull(
  db: Db,
  client: pg.ClientBase,
  opts: RoundOptions,
  summary: Mutable<RoundSummary>,
  customers?: readonly string[],
): Promise<void> {
  const now = opts.now ?? (() => new Date());
  let cursor = customers ? START : getCursor(db);
  // A console that never synced takes everything in bulk (local.ts, startFirstPull), in
  // larger batches: fewer commits, and fewer passes over the rows kept aside for a parent.
  const firstPull = customers ? false : startFirstPull(db);
  const size = opts.batchSize ?? (firstPull ? FIRST_PULL_BATCH : 2000);
  let total = 0;
  let done = 0;
  // The next page is asked for before this one is applied: central reads it while SQLite writes.
  let next: Promise<CentralRow[]> | null = null;
  try {
    for (;;) {
      const page = await (next ?? pullPage(client, cursor, size, customers));
      next = null;
      if (page.length === 0) break;
      const end = page[page.length - 1];
      if (!end) break;
      const rows =
        page.length === size ? [...page, ...(await restOfTransaction(client, end, customers))] : page;
      const last = rows[rows.length - 1] ?? end;
      if (done === 0 && page.length === size) {
        const scope = customers ? 'AND customer_id = ANY($3::text[])' : '';
        const c = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM lifeline.records WHERE (txid, seq) > ($1::xid8, $2::bigint) ${scope}`,
          customers ? [cursor.txid, cursor.seq, customers] : [cursor.txid, cursor.seq],
        );
        total = Number(c.rows[0]?.n ?? 0);
      }
      cursor = { txid: last.txid, seq: last.seq };
      if (page.length === size) {
        next = pullPage(client, cursor, size, customers);
        // Awaited next time round; an error here is that await's, or moot after a failed batch.
        next.catch(() => {});
      }
      // A targeted pull (newly visible customers) does not move the shared cursor.
      const outcome = applyBatch(db, rows, customers ? null : cursor, now(), firstPull);
      // A row kept aside until its parent came (in a later batch, or a later round) lands now.
      summary.pulled += outcome.applied + outcome.unparked;
      summary.conflicts += outcome.conflicts;
      done += rows.length;
      total = Math.max(total, done);
      opts.onProgress?.({ phase: 'pull', done, total });
      opts.onApplied?.(outcome.domains);
      if (page.length < size) break;
      // Let the UI's calls run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (err) {
    if (firstPull) pauseFirstPull(db);
    // A page asked for ahead is not left running on the connection the caller may reuse.
    await next?.catch(() => {});
    throw err;
  }
  if (firstPull) {
    const checkpoint = opts.checkpoint;
    finishFirstPull(db, checkpoint !== undefined);
    if (checkpoint) {
      // Started now, not awaited: the round goes on (access, the synced marks) meanwhile.
      void checkpoint()
        .catch((err: unknown) => console.error('[lifeline] the background checkpoint failed:', err))
        .finally(() => firstPullCheckpointed(db));
    }
    // Incident metrics and the search index are complete only now.
    opts.onApplied?.(new Set(['incidents', 'catalog']));
  }
}

/** Customers visible to this engineer now; purges the rest, fetches newly granted ones. */
async function reconcileAccess(
  db: Db,
  client: pg.ClientBase,
  opts: RoundOptions,
  summary: Mutable<RoundSummary>,
  firstPull: boolean,
): Promise<string[]> {
  const r = await client.query<{ id: string }>("SELECT id FROM lifeline.records WHERE entity = 'customer'");
  const visible = new Set(r.rows.map((x) => x.id));
  const known = knownCustomers(db);
  const revoked = [...known].filter((id) => !visible.has(id));
  summary.purgedCustomers += purgeCustomers(db, revoked);
  if (revoked.length > 0) opts.onApplied?.(new Set(['customers', 'catalog', 'incidents']));
  const granted = firstPull ? [] : [...visible].filter((id) => !known.has(id));
  if (granted.length > 0) await pull(db, client, opts, summary, granted);
  return [...visible];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function runRound(
  db: Db,
  client: pg.ClientBase,
  opts: RoundOptions = {},
): Promise<RoundSummary> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const summary: Mutable<RoundSummary> = {
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    ms: 0,
    pushed: 0,
    pulled: 0,
    conflicts: 0,
    purgedCustomers: 0,
    denied: 0,
    parked: 0,
  };
  await checkCentral(db, client);
  await push(db, client, opts, summary);
  const firstPull = getCursor(db) === START || getCursor(db).txid === '0';
  await pull(db, client, opts, summary);
  const visible = await reconcileAccess(db, client, opts, summary, firstPull);
  const finished = now();
  markSynced(db, visible, finished);
  summary.parked = parkedCounts(db).orphan;
  summary.finishedAt = finished.toISOString();
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}
