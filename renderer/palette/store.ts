/**
 * Command palette: open state, the query, and what matches it across the catalog
 * (customers, assets, contacts, vendors, playbooks) from `search:query`, as you type.
 * Every keystroke asks at once (a local search answers in a few milliseconds; a debounce
 * would only add latency); answers to older queries are dropped.
 */
import { create } from 'zustand';
import type { SearchHit } from '../../shared/catalog/schemas';
import { PALETTE_HIT_LIMIT, SEARCH_QUERY_MAX } from '../../shared/catalog/searchLimits';
import { api } from '../api/client';

const EMPTY_QUERY_CUSTOMERS = 8;

interface PaletteState {
  readonly open: boolean;
  readonly query: string;
  readonly hits: readonly SearchHit[];
  /** The query the shown hits answer; differs from `query` while an answer is on its way. */
  readonly hitsFor: string;
  /**
   * Counts the answers applied, changed or not: the result list carries it (with hitsFor)
   * as data attributes, so the benchmark sees the moment an answer is on screen.
   */
  readonly answers: number;
  /** Set when the full search is unavailable and only customers could be looked up. */
  readonly searchNote: string | null;
  readonly searchFailed: boolean;
  /** With no hit, a near spelling that finds something ("Portway" for "Portwya"). */
  readonly suggestion: string | null;
  readonly activeIndex: number;
  /** With exact matches, the looser ones wait behind a "more" row until asked for. */
  readonly showAll: boolean;
  /** A pasted alert (whole, with its line breaks): the palette offers to start an incident from it. */
  readonly alert: string | null;
  show(): void;
  hide(): void;
  toggle(): void;
  setQuery(query: string): void;
  /** A paste that reads like an alert: kept whole, shown as one line, not searched. */
  pasteAlert(text: string): void;
  setActive(index: number): void;
  expand(): void;
  refresh(): Promise<void>;
}

let seq = 0;

interface LookedUp {
  readonly hits: SearchHit[];
  readonly note: string | null;
  readonly failed: boolean;
  readonly suggestion: string | null;
}

async function lookUp(query: string): Promise<LookedUp> {
  const length = [...query].length;
  if (length > SEARCH_QUERY_MAX)
    return {
      hits: [],
      note: `A search takes at most ${SEARCH_QUERY_MAX} characters and this one has ${length.toLocaleString('en-GB')}: search for a name, host name, IP address or code.`,
      failed: false,
      suggestion: null,
    };
  if (query) {
    const result = await api.call('search:query', { query, limit: PALETTE_HIT_LIMIT });
    if (result.ok)
      return { hits: result.value.hits, note: null, failed: false, suggestion: result.value.suggestion };
  }
  // With no query (or no full search) the palette still reaches customers by name or code.
  const listed = await api.call(
    'customer:list',
    query ? { query, limit: EMPTY_QUERY_CUSTOMERS } : { limit: EMPTY_QUERY_CUSTOMERS },
  );
  if (!listed.ok) return { hits: [], note: null, failed: true, suggestion: null };
  const hits = listed.value.items.map(
    (c): SearchHit => ({
      kind: 'customer',
      id: c.id,
      title: c.name,
      subtitle: c.code,
      customer: { id: c.id, code: c.code, name: c.name, tier: c.tier },
      match: 'text',
    }),
  );
  return {
    hits,
    note: query ? 'Asset, contact and vendor search is unavailable right now: showing customers only.' : null,
    failed: false,
    suggestion: null,
  };
}

/** No search answered yet, nothing highlighted beyond the first row. */
const NO_RESULTS = {
  hits: [],
  hitsFor: '',
  searchNote: null,
  searchFailed: false,
  suggestion: null,
  activeIndex: 0,
  showAll: false,
} as const;

export const usePalette = create<PaletteState>()((set, get) => ({
  open: false,
  query: '',
  ...NO_RESULTS,
  answers: 0,
  alert: null,

  show() {
    set({ open: true, query: '', activeIndex: 0, showAll: false, alert: null });
    void get().refresh();
  },
  hide() {
    seq++;
    set({ open: false });
  },
  toggle() {
    if (get().open) get().hide();
    else get().show();
  },
  setQuery(query) {
    set({ query, activeIndex: 0, showAll: false, alert: null });
    void get().refresh();
  },
  pasteAlert(text) {
    seq++;
    const line = text.replace(/\s+/g, ' ').trim();
    set({
      alert: text,
      query: line.length > 120 ? `${line.slice(0, 119)}…` : line,
      ...NO_RESULTS,
    });
  },
  setActive(activeIndex) {
    set({ activeIndex });
  },
  expand() {
    set({ showAll: true });
  },
  async refresh() {
    const mine = ++seq;
    const query = get().query.trim();
    const { hits, note, failed, suggestion } = await lookUp(query);
    // An answer to an older query must not replace the one for what is typed now.
    if (mine !== seq) return;
    set({
      hits,
      hitsFor: query,
      searchNote: note,
      searchFailed: failed,
      suggestion,
      activeIndex: 0,
      answers: get().answers + 1,
    });
  },
}));

export function startPaletteStore(): void {
  api.on('data:changed', ({ domains }) => {
    if ((domains.includes('customers') || domains.includes('catalog')) && usePalette.getState().open)
      void usePalette.getState().refresh();
  });
}
