/** What both transports (desktop IPC, local web host) offer the renderer's API client. */
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './contract';
import type { Result } from './result';

/** One call, typed from the contract: the input its schema accepts, the Result of its output. */
export type Invoke = <N extends CallName>(name: N, input: CallInput<N>) => Promise<Result<CallOutput<N>>>;

export interface Transport {
  readonly kind: 'ipc' | 'web';
  readonly invoke: Invoke;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * The one object the desktop preload puts on `window` (as `lifeline`). Untyped at the
 * bridge on purpose: the main process validates names and the back end validates inputs.
 */
export interface PreloadBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** IPC channel names: the only channels the preload and main process use. */
export const IPC_INVOKE_CHANNEL = 'lifeline:invoke';
export const IPC_EVENT_CHANNEL = 'lifeline:event';
