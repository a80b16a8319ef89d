/** Customers: the searchable list and the open recovery card. Both refetch on `data:changed`. */
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/result';
import type { CustomerDetail, CustomerSummary } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { opensOnCustomerList } from '../app/firstScreen';

export const LIST_LIMIT = 5000;
const SEARCH_DEBOUNCE_MS = 80;

type LoadStatus = 'loading' | 'ready' | 'failed';

interface CustomerListState {
  readonly query: string;
  /** The query the shown items answer; differs from `query` while typing. */
  readonly shownQuery: string;
  readonly items: readonly CustomerSummary[];
  readonly total: number;
  readonly status: LoadStatus;
  readonly error: ApiError | null;
  readonly selectedId: string | null;
  setQuery(query: string): void;
  refresh(): Promise<void>;
  /** What a screen opening the list calls: joins a refresh of the same query in flight. */
  load(): Promise<void>;
  select(id: string | null): void;
}

let listSeq = 0;
/** The refresh on its way, and the query it asked for. */
let inFlight: { readonly query: string; readonly done: Promise<void> } | null = null;
let debounce: ReturnType<typeof setTimeout> | undefined;

export const useCustomerList = create<CustomerListState>()((set, get) => ({
  query: '',
  shownQuery: '',
  items: [],
  total: 0,
  status: 'loading',
  error: null,
  selectedId: null,

  setQuery(query) {
    set({ query });
    clearTimeout(debounce);
    debounce = setTimeout(() => void get().refresh(), SEARCH_DEBOUNCE_MS);
  },

  refresh() {
    const query = get().query;
    const done = fetchList(query);
    inFlight = { query, done };
    void done.finally(() => {
      if (inFlight?.done === done) inFlight = null;
    });
    return done;
  },

  load() {
    const pending = inFlight;
    return pending && pending.query === get().query ? pending.done : get().refresh();
  },

  select(id) {
    set({ selectedId: id });
  },
}));

/** Asks for the list matching `query`; only the answer to the latest ask is kept. */
async function fetchList(query: string): Promise<void> {
  const { getState: get, setState: set } = useCustomerList;
  clearTimeout(debounce);
  const seq = ++listSeq;
  set({ status: get().status === 'ready' ? 'ready' : 'loading' });
  const trimmed = query.trim();
  const result = await api.call(
    'customer:list',
    trimmed ? { query: trimmed, limit: LIST_LIMIT } : { limit: LIST_LIMIT },
  );
  // A slower answer to an older query must not overwrite a newer one.
  if (seq !== listSeq) return;
  if (!result.ok) {
    set({ status: 'failed', error: result.error });
    return;
  }
  const { items, total } = result.value;
  const { selectedId, shownQuery } = get();
  const keep = selectedId !== null && shownQuery === query && items.some((c) => c.id === selectedId);
  set({
    items,
    total,
    shownQuery: query,
    status: 'ready',
    error: null,
    selectedId: keep ? selectedId : (items[0]?.id ?? null),
  });
}

interface CustomerCardState {
  readonly customerId: string | null;
  readonly detail: CustomerDetail | null;
  readonly status: LoadStatus;
  readonly error: ApiError | null;
  open(id: string): Promise<void>;
  refresh(): Promise<void>;
}

let cardSeq = 0;

export const useCustomerCard = create<CustomerCardState>()((set, get) => ({
  customerId: null,
  detail: null,
  status: 'loading',
  error: null,

  async open(id) {
    if (get().customerId === id && get().status !== 'failed') return;
    set({ customerId: id, detail: null, status: 'loading', error: null });
    await get().refresh();
  },

  async refresh() {
    const id = get().customerId;
    if (!id) return;
    const seq = ++cardSeq;
    if (get().status === 'failed') set({ status: 'loading', error: null });
    const result = await api.call('customer:get', { id });
    if (seq !== cardSeq || get().customerId !== id) return;
    if (result.ok) set({ detail: result.value, status: 'ready', error: null });
    else set({ status: 'failed', error: result.error });
  },
}));

export function startCustomerStores(): void {
  // The first screen is the customer list: ask for it now, while React is still starting,
  // not after the first render (the screen's load() joins this request).
  if (opensOnCustomerList()) void useCustomerList.getState().refresh();
  api.on('data:changed', ({ domains }) => {
    if (!domains.includes('customers')) return;
    void useCustomerList.getState().refresh();
    void useCustomerCard.getState().refresh();
  });
}
