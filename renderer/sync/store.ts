/**
 * Team sync as the UI holds it: the status (one `sync:status` call, shared by the status
 * bar, the recovery card and the Sync screen), the live progress of a running round, the
 * conflicts kept for a person, and the actions (configure, sync now, disconnect, resolve).
 * `data:changed` with 'sync' reloads the status (and the conflicts once the screen has
 * asked for them); `progress` events for 'sync' move the progress bar between reloads.
 */
import { create } from 'zustand';
import type { CallInput } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/result';
import type {
  ConflictResolution,
  RoundSummary,
  SyncConflict,
  SyncProgress,
  SyncState,
  SyncStatus,
} from '../../shared/sync/model';
import { api } from '../api/client';
import { useApp } from '../app/store';

/** Also a timer for the relative times ("2 min ago") and for a back end that went quiet. */
export const STATUS_REFRESH_MS = 15_000;

type Load = 'idle' | 'loading' | 'ready' | 'failed';

export type SyncBusy = 'now' | 'configure' | 'disconnect' | null;

/** What the last "Sync now" from this window came to, shown next to the button. */
export type NowOutcome =
  | { readonly ok: true; readonly summary: RoundSummary; readonly at: number }
  | { readonly ok: false; readonly error: ApiError; readonly at: number };

interface SyncStoreState {
  readonly status: SyncStatus | null;
  /**
   * The state before the round now running: most rounds take milliseconds, and words that
   * flip to "Syncing" and back on each would be noise (the dot pulses instead).
   */
  readonly settledState: Exclude<SyncState, 'syncing'> | null;
  readonly statusLoad: Load;
  readonly statusError: ApiError | null;
  /** From `progress` events: fresher than the status between two reloads. */
  readonly liveProgress: SyncProgress | null;
  readonly conflicts: readonly SyncConflict[];
  readonly conflictsLoad: Load;
  readonly conflictsError: ApiError | null;
  readonly busy: SyncBusy;
  /** Conflict ids with a resolve call in flight. */
  readonly resolving: ReadonlySet<string>;
  readonly resolveErrors: Readonly<Record<string, ApiError>>;
  readonly nowOutcome: NowOutcome | null;
  loadStatus(): Promise<void>;
  loadConflicts(): Promise<void>;
  syncNow(): Promise<NowOutcome>;
  /** Field-level VALIDATION issues come back in the error for the form to show. */
  configure(input: CallInput<'sync:configure'>): Promise<{ ok: true } | { ok: false; error: ApiError }>;
  disconnect(): Promise<boolean>;
  resolve(id: string, keep: ConflictResolution): Promise<boolean>;
}

function settledAfter(
  status: SyncStatus,
  before: Exclude<SyncState, 'syncing'> | null,
): Exclude<SyncState, 'syncing'> | null {
  return status.state === 'syncing' ? before : status.state;
}

/** The store after the connection itself changed (configured or disconnected). */
function reconnected(status: SyncStatus) {
  return {
    status,
    settledState: settledAfter(status, null),
    statusLoad: 'ready' as const,
    statusError: null,
    nowOutcome: null,
    liveProgress: null,
  };
}

let statusSeq = 0;
let conflictsSeq = 0;

export const useSync = create<SyncStoreState>()((set, get) => ({
  status: null,
  settledState: null,
  statusLoad: 'idle',
  statusError: null,
  liveProgress: null,
  conflicts: [],
  conflictsLoad: 'idle',
  conflictsError: null,
  busy: null,
  resolving: new Set(),
  resolveErrors: {},
  nowOutcome: null,

  async loadStatus() {
    const seq = ++statusSeq;
    if (get().statusLoad === 'idle') set({ statusLoad: 'loading' });
    const r = await api.call('sync:status', {});
    if (seq !== statusSeq) return;
    if (r.ok) {
      const running = r.value.state === 'syncing' || get().busy === 'now';
      set({
        status: r.value,
        settledState: settledAfter(r.value, get().settledState),
        statusLoad: 'ready',
        statusError: null,
        liveProgress: running ? (get().liveProgress ?? r.value.progress) : null,
      });
    } else {
      // A status already shown stays (marked stale by the error) rather than vanishing.
      set({ statusLoad: 'failed', statusError: r.error });
    }
  },

  async loadConflicts() {
    const seq = ++conflictsSeq;
    if (get().conflictsLoad !== 'ready') set({ conflictsLoad: 'loading' });
    const r = await api.call('sync:conflicts', { includeResolved: true });
    if (seq !== conflictsSeq) return;
    if (r.ok) set({ conflicts: r.value.conflicts, conflictsLoad: 'ready', conflictsError: null });
    else set({ conflictsLoad: 'failed', conflictsError: r.error });
  },

  async syncNow() {
    set({ busy: 'now', liveProgress: null });
    const r = await api.call('sync:now', {});
    const outcome: NowOutcome = r.ok
      ? { ok: true, summary: r.value, at: Date.now() }
      : { ok: false, error: r.error, at: Date.now() };
    set({ busy: null, nowOutcome: outcome, liveProgress: null });
    void get().loadStatus();
    if (get().conflictsLoad !== 'idle') void get().loadConflicts();
    return outcome;
  },

  async configure(input) {
    set({ busy: 'configure' });
    const r = await api.call('sync:configure', input);
    set({ busy: null });
    if (!r.ok) return { ok: false, error: r.error };
    statusSeq++;
    set(reconnected(r.value));
    return { ok: true };
  },

  async disconnect() {
    set({ busy: 'disconnect' });
    const r = await api.call('sync:disconnect', {});
    set({ busy: null });
    if (!r.ok) {
      useApp.getState().reportError(r.error, 'disconnect from central');
      return false;
    }
    statusSeq++;
    set(reconnected(r.value));
    return true;
  },

  async resolve(id, keep) {
    const { [id]: _dropped, ...otherErrors } = get().resolveErrors;
    set({ resolving: new Set([...get().resolving, id]), resolveErrors: otherErrors });
    const r = await api.call('sync:resolve', { id, keep });
    const resolving = new Set(get().resolving);
    resolving.delete(id);
    if (!r.ok) {
      set({ resolving, resolveErrors: { ...get().resolveErrors, [id]: r.error } });
      return false;
    }
    const resolved = r.value;
    set({ resolving, conflicts: get().conflicts.map((c) => (c.id === id ? resolved : c)) });
    void get().loadStatus();
    return true;
  },
}));

/**
 * At most one reload in flight and one queued: a burst of events during a large round
 * (or a quick run of rounds) costs two calls, not one per event.
 */
function coalesced(load: () => Promise<void>): () => void {
  let running = false;
  let queued = false;
  const run = (): void => {
    if (running) {
      queued = true;
      return;
    }
    running = true;
    void load().finally(() => {
      running = false;
      if (queued) {
        queued = false;
        run();
      }
    });
  };
  return run;
}

let started = false;

/**
 * Subscribes once, from the first component that needs sync status (the status bar is
 * always on screen): events, then a slow timer for relative times and missed events.
 */
export function startSyncStore(): void {
  if (started) return;
  started = true;
  const reloadStatus = coalesced(() => useSync.getState().loadStatus());
  const reloadConflicts = coalesced(() => useSync.getState().loadConflicts());
  api.on('data:changed', ({ domains }) => {
    if (!domains.includes('sync')) return;
    reloadStatus();
    if (useSync.getState().conflictsLoad !== 'idle') reloadConflicts();
  });
  api.on('progress', ({ operation, phase, done, total }) => {
    if (operation !== 'sync' || (phase !== 'push' && phase !== 'pull')) return;
    useSync.setState({ liveProgress: { phase, done, total } });
  });
  reloadStatus();
  setInterval(reloadStatus, STATUS_REFRESH_MS);
}

/** The progress to show: events while a round runs, else what the status says. */
export function currentProgress(
  s: Pick<SyncStoreState, 'status' | 'liveProgress' | 'busy'>,
): SyncProgress | null {
  const running = s.busy === 'now' || s.status?.state === 'syncing';
  if (!running) return null;
  const p = s.liveProgress ?? s.status?.progress ?? null;
  // A round with nothing to move reports 0 of 0: no bar for that.
  return p && p.total > 0 ? p : null;
}

/** True when the back end has no sync at all (an older build): the console is local only. */
export function syncUnsupported(error: ApiError | null): boolean {
  return error?.code === 'UNKNOWN_CALL';
}

/**
 * The state to put in words: while a round runs without progress to show, the state it
 * started from ("Offline · retrying 12:04" stays while it tries again).
 */
export function shownState(
  s: Pick<SyncStoreState, 'status' | 'settledState'>,
  progress: SyncProgress | null,
): SyncState {
  const state = s.status?.state ?? 'not-configured';
  const shown =
    state !== 'syncing' || progress !== null || s.settledState === null
      ? state
      : s.settledState === 'not-configured'
        ? 'syncing'
        : s.settledState;
  // Just connected, first round not through yet: nothing has failed, so not "offline".
  return shown === 'offline' && s.status?.lastError === null ? 'syncing' : shown;
}
