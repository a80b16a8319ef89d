/**
 * The API client the UI uses: `api.call(name, input)` always resolves to a Result (never
 * throws) and `api.on(event, cb)` subscribes to push events. Which transport carries them
 * is decided once, here, when the page starts.
 */
import type { CallInput, CallName, EventName, EventPayload } from '../../shared/api/contract';
import type { Result } from '../../shared/api/result';
import type { Invoke, PreloadBridge, Transport } from '../../shared/api/transport';
import { createIpcTransport } from './ipc';
import { unavailable } from './result';
import { type AccessRefusal, createWebTransport, type LinkState, takeTokenFromUrl } from './web';

declare global {
  interface Window {
    lifeline?: PreloadBridge;
  }
}

export type { AccessRefusal, LinkState };

export interface ApiClient {
  readonly kind: 'ipc' | 'web';
  readonly call: Invoke;
  /**
   * Sends a call now, before the code that will ask for it has loaded: the next `call`
   * with the same name and input takes this answer instead of asking again (once).
   */
  prefetch<N extends CallName>(name: N, input: CallInput<N>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onAccessDenied(listener: (reason: AccessRefusal) => void): () => void;
  onLinkState(listener: (state: LinkState) => void): () => void;
}

function wrap(transport: Transport, extras: Pick<ApiClient, 'onAccessDenied' | 'onLinkState'>): ApiClient {
  const invoke: Invoke = async (name, input) => {
    try {
      return await transport.invoke(name, input);
    } catch (error) {
      // Transports already turn failures into Results; this is the last guard for the UI.
      const reason = error instanceof Error ? error.message : String(error);
      return unavailable(`The call “${name}” could not be made (${reason}).`);
    }
  };
  const warm = new Map<string, Promise<Result<unknown>>>();
  const keyOf = (name: string, input: unknown) => `${name} ${JSON.stringify(input)}`;
  return {
    kind: transport.kind,
    call(name, input) {
      const key = keyOf(name, input);
      const early = warm.get(key);
      if (early) {
        warm.delete(key);
        return early as ReturnType<typeof invoke<typeof name>>;
      }
      return invoke(name, input);
    },
    prefetch(name, input) {
      warm.set(keyOf(name, input), invoke(name, input));
    },
    on: (event, listener) => transport.on(event, listener),
    ...extras,
  };
}

function createApiClient(): ApiClient {
  if (window.lifeline) {
    return wrap(createIpcTransport(window.lifeline), {
      onAccessDenied: () => () => {},
      onLinkState: (listener) => {
        listener('live');
        return () => {};
      },
    });
  }
  const token = takeTokenFromUrl(window.location, window.history, window.sessionStorage);
  const web = createWebTransport(token, window.location.host);
  return wrap(web, { onAccessDenied: web.onAccessDenied, onLinkState: web.onLinkState });
}

export const api: ApiClient = createApiClient();
