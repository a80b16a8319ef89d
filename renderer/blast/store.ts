/** Blast radius: the chosen failure (an asset or a vendor), what it takes down, and the pickers. */
import { create } from 'zustand';
import type { BlastRadius, SearchHit, VendorSummary } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { createResource } from '../app/resource';
import type { BlastTarget } from '../app/router';

export const useBlast = createResource<BlastTarget, BlastRadius>(
  (t) => api.call('blast:radius', t.kind === 'asset' ? { assetId: t.id } : { vendorId: t.id }),
  (t) => `${t.kind}:${t.id}`,
);

export const useVendors = createResource<'all', { items: VendorSummary[] }>(
  () => api.call('vendor:list', {}),
  () => 'all',
);

interface AssetPickerState {
  readonly query: string;
  readonly hits: readonly SearchHit[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly message: string | null;
  setQuery(query: string): void;
}

let seq = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

export const useAssetPicker = create<AssetPickerState>()((set) => ({
  query: '',
  hits: [],
  status: 'idle',
  message: null,
  setQuery(query) {
    set({ query });
    clearTimeout(debounce);
    const trimmed = query.trim();
    if (!trimmed) {
      seq++;
      set({ hits: [], status: 'idle', message: null });
      return;
    }
    debounce = setTimeout(async () => {
      const mine = ++seq;
      set({ status: 'loading' });
      const result = await api.call('search:query', { query: trimmed, kinds: ['asset'], limit: 30 });
      if (mine !== seq) return;
      if (result.ok) set({ hits: result.value.hits, status: 'ready', message: null });
      else set({ hits: [], status: 'failed', message: result.error.message });
    }, 60);
  },
}));
