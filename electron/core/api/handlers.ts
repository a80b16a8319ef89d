/**
 * Types for the back end's call handlers. Each feature slice exports the handlers for its
 * calls (catalog/handlers.ts, search/handlers.ts, …); api/backend.ts merges them and the
 * compiler checks that every call in the contract has exactly one.
 */
import type { z } from 'zod';
import type { CallName, CallOutput, calls, EventName, EventPayload } from '../../../shared/api/contract';
import type { Db } from '../db/database';
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
}

export type Handler<N extends CallName> = (
  input: ParsedInput<N>,
  ctx: BackendContext,
) => CallOutput<N> | Promise<CallOutput<N>>;

export type HandlerMap<K extends CallName> = { readonly [N in K]: Handler<N> };
