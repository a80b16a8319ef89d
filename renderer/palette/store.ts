/** Command palette: open state, the query, and customers matching it (fetched from the back end). */
import { create } from 'zustand';
import type { CustomerSummary } from '../../shared/catalog/schemas';
import { api } from '../api/client';

const CUSTOMER_LIMIT = 8;

interface PaletteState {
  readonly open: boolean;
  readonly query: string;
  readonly customers: readonly CustomerSummary[];
  readonly customersFailed: boolean;
  readonly activeIndex: number;
  show(): void;
  hide(): void;
  toggle(): void;
  setQuery(query: string): void;
  setActive(index: number): void;
  refreshCustomers(): Promise<void>;
}

let seq = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

export const usePalette = create<PaletteState>()((set, get) => ({
  open: false,
  query: '',
  customers: [],
  customersFailed: false,
  activeIndex: 0,

  show() {
    set({ open: true, query: '', activeIndex: 0 });
    void get().refreshCustomers();
  },
  hide() {
    clearTimeout(debounce);
    set({ open: false });
  },
  toggle() {
    if (get().open) get().hide();
    else get().show();
  },
  setQuery(query) {
    set({ query, activeIndex: 0 });
    clearTimeout(debounce);
    debounce = setTimeout(() => void get().refreshCustomers(), 80);
  },
  setActive(activeIndex) {
    set({ activeIndex });
  },
  async refreshCustomers() {
    const mine = ++seq;
    const query = get().query.trim();
    const result = await api.call(
      'customer:list',
      query ? { query, limit: CUSTOMER_LIMIT } : { limit: CUSTOMER_LIMIT },
    );
    if (mine !== seq) return;
    if (result.ok) set({ customers: result.value.items, customersFailed: false });
    else set({ customers: [], customersFailed: true });
  },
}));

export function startPaletteStore(): void {
  api.on('data:changed', ({ domains }) => {
    if (domains.includes('customers') && usePalette.getState().open)
      void usePalette.getState().refreshCustomers();
  });
}
