/**
 * Handover state for the screen: who is at the keyboard (profiles), the running shift,
 * the history list with its filters, and the handover open on screen. Every change made
 * here reloads what it touched; `data:changed` (settings, incidents) reloads the rest.
 */
import { create } from 'zustand';
import type { CallInput } from '../../shared/api/contract';
import type { ApiError, Result } from '../../shared/api/result';
import type { Engineer, Handover, HandoverSummary, Shift } from '../../shared/handover/model';
import { api } from '../api/client';
import { useApp } from '../app/store';

export interface HistoryFilters {
  readonly engineer: string;
  readonly customer: string;
  readonly from: string;
  readonly to: string;
  readonly acknowledged: 'all' | 'yes' | 'no';
}

export const NO_FILTERS: HistoryFilters = {
  engineer: '',
  customer: '',
  from: '',
  to: '',
  acknowledged: 'all',
};

interface HandoverState {
  readonly engineers: readonly Engineer[];
  readonly activeId: string | null;
  /** The name acts are signed with now: with no profile chosen, the console's or computer's user. */
  readonly signedAs: string;
  readonly shift: Shift | null;
  readonly shiftLoaded: boolean;
  readonly history: readonly HandoverSummary[];
  readonly historyStatus: 'idle' | 'loading' | 'ready' | 'failed';
  readonly historyError: ApiError | null;
  readonly overdueMinutes: number;
  readonly filters: HistoryFilters;
  readonly open: Handover | null;
  readonly openStatus: 'idle' | 'loading' | 'ready' | 'failed';
  readonly openError: ApiError | null;
  /** A call in flight (submit, review…): buttons wait for it. */
  readonly busy: boolean;
  loadPeople(): Promise<void>;
  loadHistory(): Promise<void>;
  setFilters(filters: Partial<HistoryFilters>): void;
  openHandover(id: string): Promise<void>;
  switchTo(id: string): Promise<boolean>;
  addEngineer(name: string, initials: string): Promise<boolean>;
  startShift(): Promise<boolean>;
  endShift(): Promise<Handover | null>;
  /** Runs a call that returns the handover on screen, and shows its answer. */
  act<N extends 'handover:update' | 'handover:submit' | 'handover:review' | 'handover:answer'>(
    name: N,
    input: CallInput<N>,
    doing: string,
  ): Promise<Handover | null>;
}

function report(error: ApiError, doing: string): void {
  useApp.getState().reportError(error, doing);
}

function dayStart(date: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00`).toISOString() : undefined;
}

function dayEnd(date: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T23:59:59.999`).toISOString() : undefined;
}

let historySeq = 0;
let openSeq = 0;

export const useHandover = create<HandoverState>()((set, get) => ({
  engineers: [],
  activeId: null,
  signedAs: '',
  shift: null,
  shiftLoaded: false,
  history: [],
  historyStatus: 'idle',
  historyError: null,
  overdueMinutes: 120,
  filters: NO_FILTERS,
  open: null,
  openStatus: 'idle',
  openError: null,
  busy: false,

  async loadPeople() {
    const [people, shift] = await Promise.all([api.call('engineer:list', {}), api.call('shift:current', {})]);
    if (people.ok)
      set({
        engineers: people.value.engineers,
        activeId: people.value.activeId,
        signedAs: people.value.signedAs,
      });
    if (shift.ok) set({ shift: shift.value.shift, shiftLoaded: true });
    else set({ shiftLoaded: true });
  },

  async loadHistory() {
    const seq = ++historySeq;
    const f = get().filters;
    if (get().historyStatus !== 'ready') set({ historyStatus: 'loading' });
    const input: CallInput<'handover:list'> = {
      includeDrafts: true,
      ...(f.engineer.trim() ? { engineer: f.engineer.trim() } : {}),
      ...(f.customer.trim() ? { customer: f.customer.trim() } : {}),
      ...(dayStart(f.from) ? { from: dayStart(f.from) } : {}),
      ...(dayEnd(f.to) ? { to: dayEnd(f.to) } : {}),
      ...(f.acknowledged === 'all' ? {} : { acknowledged: f.acknowledged === 'yes' }),
    };
    const r = await api.call('handover:list', input);
    if (seq !== historySeq) return;
    if (r.ok)
      set({
        history: r.value.items,
        overdueMinutes: r.value.overdueMinutes,
        historyStatus: 'ready',
        historyError: null,
      });
    else set({ historyStatus: 'failed', historyError: r.error });
  },

  setFilters(filters) {
    set({ filters: { ...get().filters, ...filters } });
    void get().loadHistory();
  },

  async openHandover(id) {
    const seq = ++openSeq;
    if (get().open?.id !== id) set({ open: null, openStatus: 'loading', openError: null });
    const r = await api.call('handover:get', { id });
    if (seq !== openSeq) return;
    if (r.ok) set({ open: r.value, openStatus: 'ready', openError: null });
    else set({ openStatus: 'failed', openError: r.error });
  },

  async switchTo(id) {
    const r = await api.call('engineer:switch', { id });
    if (!r.ok) {
      report(r.error, 'switch the active engineer');
      return false;
    }
    set({ engineers: r.value.engineers, activeId: r.value.activeId });
    const who = r.value.engineers.find((e) => e.id === id);
    if (who)
      useApp
        .getState()
        .notify(`${who.name} is at the keyboard`, 'Everything you record now is signed with this name.');
    return true;
  },

  async addEngineer(name, initials) {
    const r = await api.call('engineer:save', {
      id: null,
      name,
      ...(initials.trim() ? { initials: initials.trim() } : {}),
      activate: true,
    });
    if (!r.ok) {
      report(r.error, 'add the engineer');
      return false;
    }
    await get().loadPeople();
    return true;
  },

  async startShift() {
    const r = await api.call('shift:start', {});
    if (!r.ok) {
      report(r.error, 'start the shift');
      return false;
    }
    set({ shift: r.value });
    return true;
  },

  async endShift() {
    set({ busy: true });
    const r: Result<Handover> = await api.call('shift:end', {});
    set({ busy: false });
    if (!r.ok) {
      report(r.error, 'end the shift');
      return null;
    }
    set({ shift: null, open: r.value, openStatus: 'ready' });
    void get().loadHistory();
    return r.value;
  },

  async act(name, input, doing) {
    set({ busy: true });
    const r = (await api.call(name, input)) as Result<Handover>;
    set({ busy: false });
    if (!r.ok) {
      report(r.error, doing);
      // The handover may have moved on (another engineer, another window): show where it stands.
      const id = get().open?.id;
      if (id && r.error.code === 'CONFLICT') void get().openHandover(id);
      return null;
    }
    set({ open: r.value, openStatus: 'ready' });
    void get().loadHistory();
    return r.value;
  },
}));

/** Reloads what another window (or console on this file) may have changed: shift, list, the open handover. */
function reloadHandoverState(): void {
  const state = useHandover.getState();
  void state.loadPeople();
  if (state.historyStatus !== 'idle') void state.loadHistory();
  const open = state.open;
  if (open && state.openStatus === 'ready' && !state.busy) void state.openHandover(open.id);
}

/**
 * Wires the store to push events once: profiles follow settings; the shift, the history and
 * the open handover follow `handover` changes, and are re-read whenever the window comes back
 * into view, so a second window never offers "End shift" for a shift that ended in the first
 * (the events reach every window of one host; the focus check covers the rest).
 */
let wired = false;
export function wireHandoverEvents(): void {
  if (wired) return;
  wired = true;
  api.on('data:changed', ({ domains }) => {
    if (domains.includes('handover')) reloadHandoverState();
    else if (domains.includes('settings')) void useHandover.getState().loadPeople();
  });
  window.addEventListener('focus', reloadHandoverState);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reloadHandoverState();
  });
}
