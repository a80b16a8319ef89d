/** Desktop transport: the narrow object the preload puts on `window.lifeline`. */
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { PreloadBridge, Transport } from '../../shared/api/transport';
import { asResult, unavailable } from './result';

export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'ipc',
    async invoke(name, input) {
      try {
        return asResult(await bridge.invoke(name, input), name);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return unavailable(`The Lifeline back end did not answer (${reason}).`);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      // The main process only forwards events from the contract; payloads come from our back end.
      return bridge.on(event, (payload) => listener(payload as EventPayload<E>));
    },
  };
}
