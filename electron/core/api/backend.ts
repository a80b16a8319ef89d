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
  readonly transport: 'ipc' | 'web';
  /** Fill a newly created database with demo data (the app's own default database only). */
  readonly seedDemo?: boolean;
  readonly seed?: (db: Db) => void;
  /** Where the central password lives; memory for this session when not given. */
  readonly secrets?: SecretStore;
}

export function createBackend(opts: BackendOptions): Backend {
  const { db, created } = openDatabase(opts.dbPath);
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
