/**
 * A zustand store for one thing loaded by key (an asset, a customer's topology, a blast
 * radius): stale answers are dropped, and it reloads itself when the catalog changes.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { DATA_DOMAINS } from '../../shared/api/contract';
import type { ApiError, Result } from '../../shared/api/result';
import { api } from '../api/client';

export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface ResourceState<I, T> {
  readonly key: string | null;
  readonly input: I | null;
  readonly value: T | null;
  readonly status: ResourceStatus;
  readonly error: ApiError | null;
  open(input: I): Promise<void>;
  refresh(): Promise<void>;
  clear(): void;
}

export type ResourceStore<I, T> = UseBoundStore<StoreApi<ResourceState<I, T>>>;

type Domain = (typeof DATA_DOMAINS)[number];

export function createResource<I, T>(
  load: (input: I) => Promise<Result<T>>,
  keyOf: (input: I) => string,
  refreshOn: readonly Domain[] = ['customers', 'catalog'],
): ResourceStore<I, T> {
  let seq = 0;
  const store = create<ResourceState<I, T>>()((set, get) => ({
    key: null,
    input: null,
    value: null,
    status: 'idle',
    error: null,

    async open(input) {
      const key = keyOf(input);
      if (get().key === key && get().status !== 'failed' && get().status !== 'idle') return;
      set({ key, input, value: null, status: 'loading', error: null });
      await get().refresh();
    },

    async refresh() {
      const { input, key } = get();
      if (input === null || key === null) return;
      const mine = ++seq;
      if (get().status === 'failed') set({ status: 'loading', error: null });
      const result = await load(input);
      // A slower answer for an older key must not overwrite what is on screen now.
      if (mine !== seq || get().key !== key) return;
      if (result.ok) set({ value: result.value, status: 'ready', error: null });
      else set({ status: 'failed', error: result.error });
    },

    clear() {
      seq++;
      set({ key: null, input: null, value: null, status: 'idle', error: null });
    },
  }));
  api.on('data:changed', ({ domains }) => {
    if (store.getState().key !== null && domains.some((d) => refreshOn.includes(d)))
      void store.getState().refresh();
  });
  return store;
}
