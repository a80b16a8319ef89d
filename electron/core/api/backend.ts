/**
 * The back end behind both transports: owns the database, parses every input against the
 * contract, runs the handler and turns any failure into a Result with a stable code.
 */

import os from 'node:os';
import { type CallName, callChanges, calls, type EventName, isCallName } from '../../../shared/api/contract';
import { fail, LifelineError, ok, type Result } from '../../../shared/api/result';
import { COUNTED_CUSTOMER_KIND } from '../../../shared/catalog/schemas';
import { editingHandlers } from '../catalog/editing/handlers';
import { catalogHandlers } from '../catalog/handlers';
import { flushAfterReply } from '../db/afterReply';
import type { Db } from '../db/database';
import { diskFullError } from '../db/diskFull';
import { busyError, isBusy, isCorrupt } from '../db/driver';
import { databaseHandlers } from '../db/handlers';
import type { DatabaseKey } from '../db/key';
import { describeHolder, lockHolder } from '../db/lock';
import { cached, untilChanged } from '../db/statements';
import { LocalStore } from '../db/store';
import { activeEngineerName } from '../handover/engineers';
import { handoverHandlers } from '../handover/handlers';
import { importHandlers } from '../imports/handlers';
import { commsHandlers } from '../incidents/commsHandlers';
import { incidentHandlers } from '../incidents/handlers';
import { insightsHandlers } from '../insights/handlers';
import { playbookHandlers } from '../playbooks/handlers';
import { reviewHandlers } from '../reviews/handlers';
import { searchHandlers } from '../search/handlers';
import type { SecretStore } from '../secrets/store';
import { deviceId, getPreferences, getSetting, isDemo, updatePreferences } from '../settings/settings';
import { syncHandlers } from '../sync/handlers';
import { SyncService } from '../sync/service';
import { APP_VERSION } from '../version';
import { type BackendContext, type HandlerMap, sessionSecrets, Unannounced } from './handlers';

type Handlers = HandlerMap<CallName>;

function count(db: Db, table: 'customers' | 'assets' | 'playbooks'): number {
  if (table === 'customers')
    return (
      cached(db, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL AND kind = ?').get(
        COUNTED_CUSTOMER_KIND,
      ) as { n: number }
    ).n;
  // The live assets' partial index (migration 12) holds exactly the rows counted: read it
  // rather than every asset row (the planner does not pick it for a bare count).
  if (table === 'assets')
    return (
      cached(
        db,
        'SELECT count(*) AS n FROM assets INDEXED BY assets_live_customer_environment WHERE deleted_at IS NULL',
      ).get() as { n: number }
    ).n;
  return (cached(db, `SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }).n;
}

interface RecordCounts {
  readonly customers: number;
  readonly assets: number;
  readonly playbooks: number;
}

/** The status bar's record counts, kept until the database changes (statements.ts). */
function recordCounts(db: Db): RecordCounts {
  return untilChanged(db, 'record counts', () => ({
    customers: count(db, 'customers'),
    assets: count(db, 'assets'),
    playbooks: count(db, 'playbooks'),
  }));
}

const appHandlers: HandlerMap<'app:info' | 'settings:get' | 'settings:update'> = {
  'app:info': (_input, ctx) => ({
    version: APP_VERSION,
    dbPath: ctx.dbPath,
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
    demo: isDemo(ctx.db),
    deviceId: ctx.deviceId,
    transport: ctx.transport,
    counts: recordCounts(ctx.db),
  }),
  'settings:get': (_input, ctx) => getPreferences(ctx.db),
  'settings:update': (input, ctx) => updatePreferences(ctx.db, input),
};

const handlers: Handlers = {
  ...appHandlers,
  ...catalogHandlers,
  ...editingHandlers,
  ...searchHandlers,
  ...importHandlers,
  ...playbookHandlers,
  ...insightsHandlers,
  ...incidentHandlers,
  ...commsHandlers,
  ...handoverHandlers,
  ...reviewHandlers,
  ...syncHandlers,
  ...databaseHandlers,
};

export type EventListener = (event: EventName, payload: unknown) => void;

export interface Backend {
  /** The open connection (a new one after a restore). */
  readonly db: Db;
  readonly dbPath: string;
  call(name: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: EventListener): () => void;
  close(): void;
}

export interface BackendOptions {
  readonly dbPath: string;
  /** The database key (db/keyStore.ts); without one only a plaintext database opens. */
  readonly dbKey?: DatabaseKey | null;
  readonly transport: 'ipc' | 'web';
  /** Fill a newly created database with demo data (the app's own default database only). */
  readonly seedDemo?: boolean;
  readonly seed?: (db: Db) => void;
  /** Where the central password lives; memory for this session when not given. */
  readonly secrets?: SecretStore;
  /** The packaged desktop app's back end: no driver override from the environment (db/binding.ts). */
  readonly packaged?: boolean;
  /**
   * The console that serves this database ("lifeline serve", "Lifeline desktop app"): it
   * takes `<db>.lock` (a second console on the same file is refused, naming this one), and
   * runs the full integrity check and the daily backup shortly after start. Tests and
   * one-shot scripts leave it out.
   */
  readonly console?: string;
  /** Native SQLite binding, for the desktop app's Electron build of the driver. */
  readonly nativeBinding?: string;
  /**
   * The built maintenance worker the console's background check and backup run on, off
   * this thread (db/store.ts); the hosts pass out/electron/maintenance-worker.cjs.
   */
  readonly maintenanceWorker?: string;
}

function readOnlyDeviceId(db: Db): string {
  try {
    return getSetting(db, 'device_id') ?? 'unrecorded';
  } catch {
    return 'unrecorded';
  }
}

/** How long after start the background integrity check and daily backup run. */
const BACKGROUND_AFTER_MS = 3000;

export function createBackend(opts: BackendOptions): Backend {
  const listeners = new Set<EventListener>();
  const secrets = opts.secrets ?? sessionSecrets();
  const emit: BackendContext['emit'] = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const store = new LocalStore(opts.dbPath, {
    packaged: opts.packaged === true,
    key: opts.dbKey ?? null,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    ...(opts.console
      ? {
          lockCommand: opts.console,
          backgroundAfterMs: BACKGROUND_AFTER_MS,
          ...(opts.maintenanceWorker ? { maintenanceWorker: opts.maintenanceWorker } : {}),
          onChange: () => emit('data:changed', { domains: ['database'] }),
        }
      : {}),
  });
  if (store.created && opts.seedDemo && opts.seed) opts.seed(store.db);
  const contextFor = (db: Db): BackendContext => {
    const checkpoint = store.backgroundCheckpoint();
    const sync = new SyncService({ db, secrets, emit, ...(checkpoint ? { checkpoint } : {}) });
    // Nothing is pulled into, or pushed from, a damaged file.
    if (store.damaged) sync.stop();
    return {
      secrets,
      sync,
      db,
      dbPath: opts.dbPath,
      transport: opts.transport,
      // A damaged file is never written, not even to give this console its device id.
      deviceId: store.damaged ? readOnlyDeviceId(db) : deviceId(db),
      author: () => activeEngineerName(db) ?? getSetting(db, 'engineer_name') ?? loginName(),
      emit,
      store,
      reopen: (fresh) => {
        ctx.sync.stop();
        ctx = contextFor(fresh);
      },
    };
  };
  let ctx = contextFor(store.db);
  return {
    get db() {
      return store.db;
    },
    dbPath: opts.dbPath,
    call: (name, input) => dispatch(ctx, name, input),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      ctx.sync.stop();
      listeners.clear();
      store.close();
    },
  };
}

/** The OS account's name, the author of last resort: read once (a passwd lookup per call costs ~50 µs). */
let login: string | null = null;
function loginName(): string {
  login ??= os.userInfo().username;
  return login;
}

/** Calls a damaged database still answers: reading ones, and the way back. */
const ALLOWED_WHEN_DAMAGED: ReadonlySet<CallName> = new Set(['database:restore']);

/**
 * No call takes a list longer than this (the largest any schema allows is 5 000 asset ids;
 * test/integration/api-fuzz.test.ts checks). Looked for before parsing: the schema would
 * otherwise check every element of a 100 000-element list, one issue each, for seconds.
 */
export const MAX_INPUT_ITEMS = 10_000;
/** A refusal lists this many issues at most, and says how many more there were. */
const MAX_ISSUES = 50;
/** How much of an input the list check looks at; the schema parses whatever lies past it. */
const MAX_SCANNED_VALUES = 1_000_000;

interface Scanned {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Scanned | null;
}

const pathOf = (node: Scanned): string => {
  const keys: string[] = [];
  for (let n: Scanned | null = node; n?.parent; n = n.parent) keys.unshift(n.key);
  return keys.join('.') || '(input)';
};

/** The first list in an input longer than MAX_INPUT_ITEMS: where it is and its length. */
function oversizedList(input: unknown): { path: string; length: number } | null {
  const pending: Scanned[] = [{ value: input, key: '', parent: null }];
  let scanned = 0;
  for (let node = pending.pop(); node && scanned < MAX_SCANNED_VALUES; node = pending.pop()) {
    scanned += 1;
    const { value } = node;
    if (Array.isArray(value)) {
      if (value.length > MAX_INPUT_ITEMS) return { path: pathOf(node), length: value.length };
      for (let i = 0; i < value.length; i++) pending.push({ value: value[i], key: String(i), parent: node });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) pending.push({ value: v, key, parent: node });
    }
  }
  return null;
}

export async function dispatch(
  ctx: BackendContext,
  name: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isCallName(name)) return fail('UNKNOWN_CALL', `There is no call named "${String(name)}".`);
  const spec = calls[name];
  const oversized = oversizedList(rawInput);
  if (oversized) {
    const message = `${oversized.length} items is too many (no list takes more than ${MAX_INPUT_ITEMS})`;
    return fail('VALIDATION', `Invalid input for ${name}: ${oversized.path}: ${message}.`, [
      { path: oversized.path, message },
    ]);
  }
  const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const all = parsed.error.issues;
    const issues = all.slice(0, MAX_ISSUES).map((i) => ({
      path: i.path.join('.') || '(input)',
      message: i.message,
    }));
    const first = issues[0];
    // Only a list cut short says so; it is one line either way.
    const more = all.length > MAX_ISSUES ? ` (and ${all.length - 1} more problems)` : '';
    return fail(
      'VALIDATION',
      `Invalid input for ${name}: ${first ? `${first.path}: ${first.message}` : 'does not match the schema'}${more}.`,
      issues,
    );
  }
  const changes = callChanges(name);
  if (changes.length > 0 && ctx.store.damaged && !ALLOWED_WHEN_DAMAGED.has(name)) {
    const refusal = ctx.store.refuseWrites();
    return fail(refusal.code, refusal.message);
  }
  try {
    // What the last call left for after its reply is written before this one reads anything.
    flushAfterReply(ctx.db);
    const handler = handlers[name] as (input: unknown, ctx: BackendContext) => unknown;
    const outcome = await handler(parsed.data, ctx);
    if (outcome instanceof Unannounced) return ok(outcome.value);
    // The handler returned, so its transaction committed: stores may refetch what it changed.
    if (changes.length > 0) ctx.emit('data:changed', { domains: [...changes] });
    // What was just recorded goes to central soon; sync's own state is not pushed (its calls
    // schedule their rounds themselves).
    if (changes.some((d) => d !== 'sync')) ctx.sync.localChange();
    return ok(outcome);
  } catch (err) {
    if (err instanceof LifelineError) return fail(err.code, err.message, err.issues);
    const full = diskFullError(err);
    if (full) return fail(full.code, full.message);
    if (isBusy(err)) {
      const holder = lockHolder(ctx.dbPath);
      const refusal = busyError(ctx.dbPath, holder ? describeHolder(holder) : null);
      return fail(refusal.code, refusal.message);
    }
    if (isCorrupt(err)) {
      const refusal = ctx.store.refuseWrites();
      return fail(refusal.code, `${name} read a damaged page: ${refusal.message}`);
    }
    const message = err instanceof Error ? err.message : String(err);
    console.error(`[lifeline] ${name} failed:`, err);
    return fail(
      'INTERNAL',
      `${name} failed unexpectedly: ${message}. Nothing was changed; try again, and report it if it repeats.`,
    );
  }
}
