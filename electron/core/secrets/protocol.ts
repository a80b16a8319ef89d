/**
 * Secrets across the process boundary of the desktop app. Only the main process may use
 * Electron's safeStorage, but the back end (a utility process, plain Node) is what needs the
 * central password; so the back end asks main over its message port:
 *
 *   back end → main:  secret        { id, op: 'get' | 'set', name, value? }
 *   main → back end:  secret-result { id, ok: true, value? } | { id, ok: false, message }
 *
 * Both ends validate every field of what they receive. No 'electron' import here, so all
 * of it runs under plain Node in the unit tests.
 */
import path from 'node:path';
import { assertNever } from '../../../shared/util/assertNever';
import type { SecretStore } from './store';

export type SecretsKind = SecretStore['kind'];
export const SECRET_KINDS = ['os-keychain', 'session'] as const satisfies readonly SecretsKind[];

/** A name becomes a file name: nothing that could climb out of the folder or clash on case. */
const SECRET_NAME = /^[a-z0-9-]{1,64}$/;
/** Passwords are short; a cap keeps a confused caller from filling memory or the disk. */
export const MAX_SECRET_LENGTH = 16_384;
const MAX_MESSAGE_LENGTH = 2_000;
/** Long enough for the macOS keychain prompt ("allow Lifeline to use…") to be answered. */
export const SECRET_TIMEOUT_MS = 30_000;

export function isSecretName(name: unknown): name is string {
  return typeof name === 'string' && SECRET_NAME.test(name);
}

export function isSecretsKind(kind: unknown): kind is SecretsKind {
  return typeof kind === 'string' && (SECRET_KINDS as readonly string[]).includes(kind);
}

/** Why a secret name or value is refused, or null when it is fine. */
export function secretProblem(name: unknown, value?: unknown): string | null {
  if (!isSecretName(name)) {
    const shown = typeof name === 'string' ? `"${name.slice(0, 80)}"` : `a ${typeof name}`;
    return `The secret name ${shown} is not allowed: use 1 to 64 lowercase letters, digits or dashes.`;
  }
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return `The value of secret "${name}" must be text.`;
  if (value.length > MAX_SECRET_LENGTH) {
    return `The value of secret "${name}" is ${value.length} characters long; at most ${MAX_SECRET_LENGTH} are kept.`;
  }
  return null;
}

/** `<dir>/<name>.bin`; throws for a name that is not allowed. */
export function secretFilePath(dir: string, name: string): string {
  const problem = secretProblem(name);
  if (problem) throw new Error(problem);
  return path.join(dir, `${name}.bin`);
}

export type SecretRequest =
  | { readonly type: 'secret'; readonly id: number; readonly op: 'get'; readonly name: string }
  | {
      readonly type: 'secret';
      readonly id: number;
      readonly op: 'set';
      readonly name: string;
      /** null forgets the secret. */
      readonly value: string | null;
    };

export type SecretResult =
  | { readonly type: 'secret-result'; readonly id: number; readonly ok: true; readonly value: string | null }
  | { readonly type: 'secret-result'; readonly id: number; readonly ok: false; readonly message: string };

function isRequestId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}

function asRecord(data: unknown): Record<string, unknown> | null {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : null;
}

export type ParsedSecretRequest =
  | { readonly ok: true; readonly request: SecretRequest }
  /** id is known when the message was a request with a usable id, so it can be answered. */
  | { readonly ok: false; readonly id: number | null; readonly message: string };

/** Validates a request from the back end (main process side). */
export function parseSecretRequest(data: unknown): ParsedSecretRequest {
  const m = asRecord(data);
  if (m?.type !== 'secret') return { ok: false, id: null, message: 'Not a secret request.' };
  if (!isRequestId(m.id)) return { ok: false, id: null, message: 'The secret request has no valid id.' };
  const id = m.id;
  if (m.op !== 'get' && m.op !== 'set') {
    return { ok: false, id, message: `Unknown secret operation "${String(m.op).slice(0, 40)}".` };
  }
  const problem = secretProblem(m.name, m.op === 'set' ? m.value : undefined);
  if (problem) return { ok: false, id, message: problem };
  const name = m.name as string;
  if (m.op === 'get') {
    if (m.value !== undefined) return { ok: false, id, message: 'A secret get carries no value.' };
    return { ok: true, request: { type: 'secret', id, op: 'get', name } };
  }
  if (m.value !== null && typeof m.value !== 'string') {
    return { ok: false, id, message: `A secret set needs a text value, or null to forget "${name}".` };
  }
  return { ok: true, request: { type: 'secret', id, op: 'set', name, value: m.value } };
}

/** Validates an answer from the main process (back-end side); null when malformed. */
export function parseSecretResult(data: unknown): SecretResult | null {
  const m = asRecord(data);
  if (m?.type !== 'secret-result' || !isRequestId(m.id)) return null;
  if (m.ok === true) {
    const value = m.value === undefined ? null : m.value;
    if (value !== null && (typeof value !== 'string' || value.length > MAX_SECRET_LENGTH)) return null;
    return { type: 'secret-result', id: m.id, ok: true, value };
  }
  if (m.ok === false && typeof m.message === 'string') {
    return { type: 'secret-result', id: m.id, ok: false, message: m.message.slice(0, MAX_MESSAGE_LENGTH) };
  }
  return null;
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, MAX_MESSAGE_LENGTH);
}

/** Main process: runs a request against the real store. Never rejects. */
export async function answerSecretRequest(store: SecretStore, request: SecretRequest): Promise<SecretResult> {
  try {
    switch (request.op) {
      case 'get':
        return { type: 'secret-result', id: request.id, ok: true, value: await store.get(request.name) };
      case 'set':
        await store.set(request.name, request.value);
        return { type: 'secret-result', id: request.id, ok: true, value: null };
      default:
        return assertNever(request, 'secret operation');
    }
  } catch (err) {
    return { type: 'secret-result', id: request.id, ok: false, message: errorText(err) };
  }
}

export interface RemoteSecrets {
  readonly store: SecretStore;
  /** Hands an answer from main to the request waiting for it; unknown ids are ignored. */
  receive(result: SecretResult): void;
  /** Ends every waiting request with this message (the port is going away). */
  failAll(message: string): void;
}

interface Waiting {
  readonly resolve: (value: string | null) => void;
  readonly reject: (err: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Back-end side: a SecretStore whose every operation is a request to the main process.
 * `kind` is what main reported in `init`: whether its store is the OS secure storage or
 * only memory for this run.
 */
export function createRemoteSecrets(opts: {
  readonly kind: SecretsKind;
  readonly post: (request: SecretRequest) => void;
  readonly timeoutMs?: number;
}): RemoteSecrets {
  const timeoutMs = opts.timeoutMs ?? SECRET_TIMEOUT_MS;
  const waited = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
  const waiting = new Map<number, Waiting>();
  let nextId = 1;

  const ask = (op: 'get' | 'set', name: string, value?: string | null): Promise<string | null> => {
    const problem = secretProblem(name, value);
    if (problem) return Promise.reject(new Error(problem));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(
          new Error(
            `The desktop app did not answer within ${waited} when asked to ${op === 'get' ? 'read' : 'save'} the secret "${name}". Try again; restart Lifeline if it repeats.`,
          ),
        );
      }, timeoutMs);
      timer.unref?.();
      waiting.set(id, { resolve, reject, timer });
      try {
        opts.post(
          op === 'get'
            ? { type: 'secret', id, op, name }
            : { type: 'secret', id, op, name, value: value ?? null },
        );
      } catch (err) {
        clearTimeout(timer);
        waiting.delete(id);
        reject(
          new Error(`The secret "${name}" could not be requested from the desktop app: ${errorText(err)}`),
        );
      }
    });
  };

  return {
    store: {
      kind: opts.kind,
      get: (name) => ask('get', name),
      set: async (name, value) => {
        await ask('set', name, value);
      },
    },
    receive(result) {
      const w = waiting.get(result.id);
      if (!w) return;
      waiting.delete(result.id);
      clearTimeout(w.timer);
      if (result.ok) w.resolve(result.value);
      else w.reject(new Error(result.message));
    },
    failAll(message) {
      for (const w of waiting.values()) {
        clearTimeout(w.timer);
        w.reject(new Error(message));
      }
      waiting.clear();
    },
  };
}
