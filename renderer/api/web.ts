/**
 * Web transport for `lifeline serve`: calls are POSTs to /api/call/<name>, events arrive
 * on one WebSocket. The access token comes in the page URL once; we keep it for the tab's
 * life in sessionStorage and take it out of the address bar so it is not shared by accident.
 */
import { bodyLimitFor, bodyTooLargeMessage } from '../../shared/api/bodyLimits';
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { Transport } from '../../shared/api/transport';
import { asResult, failure, unavailable } from './result';

export const TOKEN_KEY = 'lifeline.token';

export type LinkState = 'connecting' | 'live' | 'reconnecting';
/** 401: no or wrong token. 403: right token, wrong address (e.g. localhost instead of 127.0.0.1). */
export type AccessRefusal = 'token' | 'address';

export interface WebTransport extends Transport {
  readonly kind: 'web';
  /** Called once when the host refuses this page (401/403). */
  onAccessDenied(listener: (reason: AccessRefusal) => void): () => void;
  /** State of the event channel, for the status bar. */
  onLinkState(listener: (state: LinkState) => void): () => void;
}

/** Reads `?token=` into sessionStorage and removes it from the visible URL. */
export function takeTokenFromUrl(loc: Location, history: History, storage: Storage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page's life.
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

type AnyListener = (payload: unknown) => void;

export function createWebTransport(token: string | null, host: string): WebTransport {
  const eventListeners = new Map<string, Set<AnyListener>>();
  const deniedListeners = new Set<(reason: AccessRefusal) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  let denied: AccessRefusal | null = null;
  let socket: WebSocket | null = null;
  let retryDelay = 500;
  let everConnected = false;
  let linkState: LinkState = 'connecting';

  const setLink = (state: LinkState) => {
    linkState = state;
    for (const listener of linkListeners) listener(state);
  };

  const deny = (reason: AccessRefusal) => {
    if (denied) return;
    denied = reason;
    socket?.close();
    for (const listener of deniedListeners) listener(reason);
  };

  const dispatch = (event: string, payload: unknown) => {
    for (const listener of eventListeners.get(event) ?? []) listener(payload);
  };

  const connect = () => {
    if (denied || socket || !token) return;
    const ws = new WebSocket(`ws://${host}/api/events?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.addEventListener('open', () => {
      retryDelay = 500;
      const wasReconnect = everConnected;
      everConnected = true;
      setLink('live');
      // Changes made while we were cut off were never announced: refetch everything.
      if (wasReconnect)
        dispatch('data:changed', { domains: ['customers', 'settings', 'playbooks', 'incidents'] });
    });
    ws.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      try {
        const parsed: unknown = JSON.parse(message.data);
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          'event' in parsed &&
          typeof parsed.event === 'string'
        ) {
          dispatch(parsed.event, 'payload' in parsed ? parsed.payload : undefined);
        }
      } catch {
        // A malformed message is dropped; the next data:changed will bring stores up to date.
      }
    });
    ws.addEventListener('close', () => {
      socket = null;
      if (denied) return;
      setLink(everConnected ? 'reconnecting' : 'connecting');
      const delay = retryDelay;
      retryDelay = Math.min(retryDelay * 2, 15_000);
      setTimeout(connect, delay + Math.random() * 250);
    });
  };

  return {
    kind: 'web',
    async invoke(name, input) {
      if (denied) return failure('UNAUTHORIZED', 'This console has no valid access token.');
      const body = new TextEncoder().encode(JSON.stringify(input ?? {}));
      // The host would refuse it unread (413) and cut the upload; say why without sending.
      if (body.byteLength > bodyLimitFor(name)) return failure('VALIDATION', bodyTooLargeMessage(name));
      let response: Response;
      try {
        response = await fetch(`/api/call/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token ?? ''}`, 'Content-Type': 'application/json' },
          body,
        });
      } catch {
        return unavailable('The Lifeline host did not answer. Is `lifeline serve` still running?');
      }
      if (response.status === 401 || response.status === 403) {
        deny(response.status === 401 ? 'token' : 'address');
        return failure(
          response.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          'The host refused this console’s access token.',
        );
      }
      let answer: unknown;
      try {
        answer = await response.json();
      } catch {
        return response.ok
          ? failure('INTERNAL', `The host answered “${name}” with something that is not JSON.`)
          : unavailable(`The host answered HTTP ${response.status} ${response.statusText}.`);
      }
      return asResult(answer, name);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = eventListeners.get(event) ?? new Set<AnyListener>();
      eventListeners.set(event, set);
      const wrapped: AnyListener = (payload) => listener(payload as EventPayload<E>);
      set.add(wrapped);
      connect();
      return () => {
        set.delete(wrapped);
      };
    },
    onAccessDenied(listener) {
      deniedListeners.add(listener);
      if (denied) listener(denied);
      return () => {
        deniedListeners.delete(listener);
      };
    },
    onLinkState(listener) {
      linkListeners.add(listener);
      listener(linkState);
      return () => {
        linkListeners.delete(listener);
      };
    },
  };
}
