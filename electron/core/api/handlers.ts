/**
 * Types for the back end's call handlers. Each feature slice exports the handlers for its
 * calls (catalog/handlers.ts, search/handlers.ts, …); api/backend.ts merges them and the
 * compiler checks that every call in the contract has exactly one.
 */
import type { z } from 'zod';
import type {
  CallName,
  CallOutput,
  ChangingCall,
  calls,
  EventName,
  EventPayload,
} from '../../../shared/api/contract';
import type { Db } from '../db/database';
import type { LocalStore } from '../db/store';
import type { SecretStore } from '../secrets/store';
import type { SyncService } from '../sync/service';

export type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;

/** Secrets held in memory for the life of this process. */
export function sessionSecrets(): SecretStore {
  const values = new Map<string, string>();
  return {
    kind: 'session',
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => {
      if (value === null) values.delete(name);
      else values.set(name, value);
    },
  };
}

export interface BackendContext {
  readonly secrets: SecretStore;
  /** Team sync with central: status, configuration, rounds. */
  readonly sync: SyncService;
  readonly db: Db;
  readonly dbPath: string;
  readonly transport: 'ipc' | 'web';
  /** This console's device id: stamps every record made here. */
  readonly deviceId: string;
  /** Who is at the keyboard: recorded with every edit and event. */
  author(): string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The database file: health, backups, restore. */
  readonly store: LocalStore;
  /** After a restore swapped the file: rebuild what holds the connection (sync, device id). */
  reopen(db: Db): void;
}

/**
 * A changing call's value when this outcome must not be announced: the call wrote nothing
 * (an import's dry run), or what it changed was announced by whoever changed it (the sync
 * service announces its own state and what a round touched, calls or no calls).
 */
export class Unannounced<T> {
  constructor(readonly value: T) {}
}

export function unannounced<T>(value: T): Unannounced<T> {
  return new Unannounced(value);
}

/** What a handler returns: its call's output; a changing call may return it unannounced. */
export type Outcome<N extends CallName> =
  | CallOutput<N>
  | (N extends ChangingCall ? Unannounced<CallOutput<N>> : never);

export type Handler<N extends CallName> = (
  input: ParsedInput<N>,
  ctx: BackendContext,
) => Outcome<N> | Promise<Outcome<N>>;

export type HandlerMap<K extends CallName> = { readonly [N in K]: Handler<N> };
