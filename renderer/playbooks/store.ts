/**
 * Playbooks: the library list (filters live here so they survive opening a playbook and
 * coming back) and one resource per page kind, each refetched on `data:changed` for
 * playbooks. Types only from shared/playbooks/model: its zod schemas stay out of the bundle.
 */
import { create } from 'zustand';
import type { CallOutput } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/result';
import type { AssetKind } from '../../shared/catalog/labels';
import type {
  PlaybookRisk,
  PlaybookStep,
  PlaybookSummary,
  ReviewState,
  StepKind,
} from '../../shared/playbooks/model';
import { api } from '../api/client';
import { createResource } from '../app/resource';

export const STEP_KIND_LIST = [
  'action',
  'check',
  'decision',
  'escalate',
  'communicate',
] as const satisfies readonly StepKind[];
export const PARAMETER_TYPE_LIST = ['string', 'number', 'boolean', 'contact'] as const;
export const RISK_LIST = ['destructive', 'security-response'] as const satisfies readonly PlaybookRisk[];
/** What a risk mark means, in the words the editor and the detail page show. */
export const RISK_LABELS: Readonly<Record<PlaybookRisk, string>> = {
  destructive: 'Destructive: fails over, wipes or rebuilds',
  'security-response': 'Security response: isolates machines or accounts',
};
export const REVIEW_STATE_LIST = ['ok', 'due', 'overdue', 'never'] as const satisfies readonly ReviewState[];

export type Effective = CallOutput<'playbook:effective'>;
export type EffectiveStepView = Effective['steps'][number];
export type Detail = CallOutput<'playbook:get'>;
export type Change = CallOutput<'playbook:diff'>['changes'][number];
export type { PlaybookStep };

export interface LibraryFilters {
  readonly query: string;
  readonly assetKind: AssetKind | '';
  readonly owner: string;
  readonly reviewState: ReviewState | '';
}

const EMPTY_FILTERS: LibraryFilters = { query: '', assetKind: '', owner: '', reviewState: '' };
const SEARCH_DEBOUNCE_MS = 80;

interface LibraryState {
  readonly filters: LibraryFilters;
  /** The filters the shown items answer; differs from `filters` while typing. */
  readonly shown: LibraryFilters;
  readonly items: readonly PlaybookSummary[];
  /** Every playbook, unfiltered: owners for the filter and the "reviews due" count. */
  readonly all: readonly PlaybookSummary[];
  readonly status: 'loading' | 'ready' | 'failed';
  readonly error: ApiError | null;
  readonly selectedId: string | null;
  setFilters(patch: Partial<LibraryFilters>): void;
  clearFilters(): void;
  refresh(): Promise<void>;
  select(id: string | null): void;
}

let listSeq = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

export const useLibrary = create<LibraryState>()((set, get) => ({
  filters: EMPTY_FILTERS,
  shown: EMPTY_FILTERS,
  items: [],
  all: [],
  status: 'loading',
  error: null,
  selectedId: null,

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    clearTimeout(debounce);
    // Typing waits a moment; a picked filter applies at once.
    debounce = setTimeout(() => void get().refresh(), 'query' in patch ? SEARCH_DEBOUNCE_MS : 0);
  },

  clearFilters() {
    get().setFilters(EMPTY_FILTERS);
  },

  async refresh() {
    clearTimeout(debounce);
    const seq = ++listSeq;
    const filters = get().filters;
    const input = {
      ...(filters.query.trim() ? { query: filters.query.trim() } : {}),
      ...(filters.assetKind ? { assetKind: filters.assetKind } : {}),
      ...(filters.owner ? { owner: filters.owner } : {}),
      ...(filters.reviewState ? { reviewState: filters.reviewState } : {}),
    };
    const filtered = Object.keys(input).length > 0;
    const [result, everything] = await Promise.all([
      api.call('playbook:list', input),
      filtered ? api.call('playbook:list', {}) : null,
    ]);
    // A slower answer to older filters must not overwrite newer ones.
    if (seq !== listSeq) return;
    if (!result.ok) {
      set({ status: 'failed', error: result.error });
      return;
    }
    const items = result.value.items;
    const all = everything?.ok ? everything.value.items : filtered ? get().all : items;
    const { selectedId } = get();
    set({
      items,
      all,
      shown: filters,
      status: 'ready',
      error: null,
      selectedId: items.some((p) => p.id === selectedId) ? selectedId : (items[0]?.id ?? null),
    });
  },

  select(id) {
    set({ selectedId: id });
  },
}));

/** Playbooks whose review is due, overdue or never happened: oldest (and never) first. */
export function reviewsDue(all: readonly PlaybookSummary[]): PlaybookSummary[] {
  return all
    .filter((p) => p.reviewState !== 'ok')
    .sort((a, b) => (a.reviewedAt ?? '').localeCompare(b.reviewedAt ?? '') || a.title.localeCompare(b.title));
}

export const usePlaybook = createResource(
  (input: { id: string }) => api.call('playbook:get', input),
  (input) => input.id,
  ['playbooks'],
);

export const useDiff = createResource(
  (input: { id: string; from: number; to: number }) => api.call('playbook:diff', input),
  (input) => `${input.id}:${input.from}:${input.to}`,
  ['playbooks'],
);

export const useEffective = createResource(
  (input: { playbookId: string; customerId: string; assetId?: string }) =>
    api.call('playbook:effective', input),
  (input) => `${input.playbookId}:${input.customerId}:${input.assetId ?? ''}`,
  ['playbooks', 'customers', 'catalog'],
);

export const useReport = createResource(
  (input: { bound: number }) => api.call('playbook:customizationReport', input),
  (input) => String(input.bound),
  ['playbooks', 'customers'],
);

export const useTopology = createResource(
  (input: { id: string }) => api.call('customer:topology', input),
  (input) => input.id,
  ['customers', 'catalog'],
);

// The library follows edits made anywhere (another window, an import) once it has loaded.
api.on('data:changed', ({ domains }) => {
  if (domains.includes('playbooks') && useLibrary.getState().status !== 'loading')
    void useLibrary.getState().refresh();
});
