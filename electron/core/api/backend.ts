/**
 * The back end behind both transports: owns the database, parses every input against the
 * contract, runs the handler and turns any failure into a Result with a stable code.
 */

import os from 'node:os';
import { type CallName, callChanges, calls, type EventName, isCallName } from '../../../shared/api/contract';
import { fail, LifelineError, ok, type Result } from '../../../shared/api/result';
import { editingHandlers } from '../catalog/editing/handlers';
import { catalogHandlers } from '../catalog/handlers';
import { type Db, openDatabase } from '../db/database';
import type { DatabaseKey } from '../db/key';
import { activeEngineerName } from '../handover/engineers';
import { handoverHandlers } from '../handover/handlers';
import { importHandlers } from '../imports/handlers';
import { incidentHandlers } from '../incidents/handlers';
import { insightsHandlers } from '../insights/handlers';
import { playbookHandlers } from '../playbooks/handlers';
import { searchHandlers } from '../search/handlers';
import type { SecretStore } from '../secrets/store';
import { deviceId, getPreferences, getSetting, isDemo, updatePreferences } from '../settings/settings';
import { syncHandlers } from '../sync/handlers';
import { SyncService } from '../sync/service';
import { APP_VERSION } from '../version';
import { type BackendContext, type HandlerMap, sessionSecrets, Unannounced } from './handlers';

type Handlers = HandlerMap<CallName>;

function count(db: Db, table: 'customers' | 'assets' | 'playbooks'): number {
  const extra = table === 'customers' ? " AND kind = 'customer'" : '';
  return (
    db.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL${extra}`).get() as { n: number }
  ).n;
}

const appHandlers: HandlerMap<'app:info' | 'settings:get' | 'settings:update'> = {
  'app:info': (_input, ctx) => ({
    version: APP_VERSION,
    dbPath: ctx.dbPath,
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
    demo: isDemo(ctx.db),
    deviceId: ctx.deviceId,
    transport: ctx.transport,
    counts: {
      customers: count(ctx.db, 'customers'),
      assets: count(ctx.db, 'assets'),
      playbooks: count(ctx.db, 'playbooks'),
    },
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
  ...handoverHandlers,
  ...syncHandlers,
};

export type EventListener = (event: EventName, payload: unknown) => void;

export interface Backend {
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
}

export function createBackend(opts: BackendOptions): Backend {
  const { db, created } = openDatabase(opts.dbPath, { key: opts.dbKey ?? null });
  if (created && opts.seedDemo && opts.seed) opts.seed(db);
  const listeners = new Set<EventListener>();
  const secrets = opts.secrets ?? sessionSecrets();
  const emit: BackendContext['emit'] = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const sync = new SyncService({ db, secrets, emit });
  const ctx: BackendContext = {
    secrets,
    sync,
    db,
    dbPath: opts.dbPath,
    transport: opts.transport,
    deviceId: deviceId(db),
    author: () => activeEngineerName(db) ?? getSetting(db, 'engineer_name') ?? os.userInfo().username,
    emit,
  };
  return {
    db,
    dbPath: opts.dbPath,
    call: (name, input) => dispatch(ctx, name, input),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      sync.stop();
      listeners.clear();
      db.close();
    },
  };
}

export async function dispatch(
  ctx: BackendContext,
  name: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isCallName(name)) return fail('UNKNOWN_CALL', `There is no call named "${String(name)}".`);
  const spec = calls[name];
  const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(input)',
      message: i.message,
    }));
    const first = issues[0];
    return fail(
      'VALIDATION',
      `Invalid input for ${name}: ${first ? `${first.path}: ${first.message}` : 'does not match the schema'}.`,
      issues,
    );
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: BackendContext) => unknown;
    const outcome = await handler(parsed.data, ctx);
    if (outcome instanceof Unannounced) return ok(outcome.value);
    // The handler returned, so its transaction committed: stores may refetch what it changed.
    const changes = callChanges(name);
    if (changes.length > 0) ctx.emit('data:changed', { domains: [...changes] });
    // What was just recorded goes to central soon; sync's own state is not pushed (its calls
    // schedule their rounds themselves).
    if (changes.some((d) => d !== 'sync')) ctx.sync.localChange();
    return ok(outcome);
  } catch (err) {
    if (err instanceof LifelineError) return fail(err.code, err.message);
    const message = err instanceof Error ? err.message : String(err);
    console.error(`[lifeline] ${name} failed:`, err);
    return fail(
      'INTERNAL',
      `${name} failed unexpectedly: ${message}. Nothing was changed; try again, and report it if it repeats.`,
    );
  }
}
