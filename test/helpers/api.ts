/**
 * The tests' API client, typed from the contract as the renderer's is (shared/api/transport.ts
 * `Invoke`): the input a call's schema accepts, its output type back. It runs over the back end
 * in this process or over `lifeline serve`'s HTTP API (test/helpers/serve.ts).
 *
 * Tests that check refusals of malformed input send it with the untyped `Backend.call` or
 * `Served.post`, which is what the boundary sees anyway.
 */
import type { Backend } from '../../electron/core/api/backend';
import { asResult } from '../../renderer/api/result';
import type { CallInput, CallName, CallOutput } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/result';
import type { Invoke } from '../../shared/api/transport';

export interface TestApi {
  /** The call's Result, for a test that expects a refusal. */
  readonly result: Invoke;
  /** The call's value; throws naming the call, the error code and message when it is refused. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
}

/** A typed client over an untyped way of making calls (the back end, or an HTTP POST). */
export function typedApi(send: (name: string, input: unknown) => Promise<unknown>): TestApi {
  const result: Invoke = async (name, input) => asResult(await send(name, input), name);
  return {
    result,
    async call(name, input) {
      const r = await result(name, input);
      if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
}

const clients = new WeakMap<Backend, TestApi>();

/**
 * A call to a back end in this process, answered as the page gets it: a reply over IPC or
 * HTTP arrives at least one turn of the event loop later, and what the back end writes just
 * after its reply (db/afterReply.ts: an incident's board row after a record) runs in that
 * turn. test/integration/incidents.test.ts checks the state before that turn on its own.
 */
export async function inProcess(backend: Backend, name: string, input: unknown): Promise<unknown> {
  const reply = await backend.call(name, input);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return reply;
}

/** The typed client of a back end running in this process. */
export function apiOf(backend: Backend): TestApi {
  let client = clients.get(backend);
  if (!client) {
    client = typedApi((name, input) => inProcess(backend, name, input));
    clients.set(backend, client);
  }
  return client;
}

/** `apiOf(b).call(name, input)`: the value of a call that must succeed. */
export function call<N extends CallName>(b: Backend, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  return apiOf(b).call(name, input);
}

/** The error of a call that must be refused. `input` is untyped: refusals are often of malformed input. */
export async function refusal(b: Backend, name: CallName, input: unknown): Promise<ApiError> {
  const r = (await inProcess(b, name, input)) as Awaited<ReturnType<Backend['call']>>;
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
}

/** Saves a playbook as it is but for its body: the next version, on top of the current one. */
export function saveBody(
  b: Backend,
  detail: CallOutput<'playbook:get'>,
  body: CallInput<'playbook:save'>['body'],
): Promise<CallOutput<'playbook:save'>> {
  return call(b, 'playbook:save', {
    id: detail.id,
    baseVersion: detail.currentVersion,
    title: detail.title,
    owner: detail.owner,
    reviewIntervalDays: detail.reviewIntervalDays,
    body,
  });
}
