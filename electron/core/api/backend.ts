/**
 * The back end behind both transports: owns the database, parses every input against the
 * contract, runs the handler and turns any failure into a Result with a stable code.
 */
import type { z } from 'zod';
import {
  type CallName,
  type CallOutput,
  calls,
  type EventName,
  type EventPayload,
  isCallName,
} from '../../../shared/api/contract';
import { fail, LifelineError, ok, type Result } from '../../../shared/api/result';
import { getCustomer, listCustomers } from '../catalog/customers';
import { type Db, openDatabase } from '../db/database';
import { deviceId, getPreferences, isDemo, updatePreferences } from '../settings/settings';
import { APP_VERSION } from '../version';

type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;

export interface BackendContext {
  readonly db: Db;
  readonly dbPath: string;
  readonly transport: 'ipc' | 'web';
  readonly emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

type Handlers = {
  readonly [N in CallName]: (
    input: ParsedInput<N>,
    ctx: BackendContext,
  ) => CallOutput<N> | Promise<CallOutput<N>>;
};

function count(db: Db, table: 'customers' | 'assets' | 'playbooks'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }).n;
}

const handlers: Handlers = {
  'app:info': (_input, ctx) => ({
    version: APP_VERSION,
    dbPath: ctx.dbPath,
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
    demo: isDemo(ctx.db),
    deviceId: deviceId(ctx.db),
    transport: ctx.transport,
    counts: {
      customers: count(ctx.db, 'customers'),
      assets: count(ctx.db, 'assets'),
      playbooks: count(ctx.db, 'playbooks'),
    },
  }),
  'settings:get': (_input, ctx) => getPreferences(ctx.db),
  'settings:update': (input, ctx) => {
    const prefs = updatePreferences(ctx.db, input);
    ctx.emit('data:changed', { domains: ['settings'] });
    return prefs;
  },
  'customer:list': (input, ctx) => listCustomers(ctx.db, input),
  'customer:get': (input, ctx) => getCustomer(ctx.db, input.id),
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
}

export function createBackend(opts: BackendOptions): Backend {
  const { db, created } = openDatabase(opts.dbPath);
  if (created && opts.seedDemo && opts.seed) opts.seed(db);
  deviceId(db);
  const listeners = new Set<EventListener>();
  const ctx: BackendContext = {
    db,
    dbPath: opts.dbPath,
    transport: opts.transport,
    emit: (event, payload) => {
      for (const l of listeners) l(event, payload);
    },
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
    const value = await handler(parsed.data, ctx);
    return ok(value);
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
