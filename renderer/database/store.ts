/**
 * The local database as the UI holds it: its health (quick_check at open, the full check
 * after start) and its backups, from `database:status`, reloaded on `data:changed` with
 * 'database'; and the actions (back up now, restore).
 */
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/result';
import type { DatabaseStatus } from '../../shared/database/model';
import { api } from '../api/client';
import { useApp } from '../app/store';

type Load = 'idle' | 'loading' | 'ready' | 'failed';

interface DatabaseStoreState {
  readonly status: DatabaseStatus | null;
  readonly load: Load;
  readonly error: ApiError | null;
  readonly busy: 'backup' | 'restore' | null;
  loadStatus(): Promise<void>;
  backupNow(): Promise<void>;
  /** The newest good backup when `name` is not given. */
  restore(name?: string): Promise<boolean>;
}

export const useDatabase = create<DatabaseStoreState>()((set, get) => ({
  status: null,
  load: 'idle',
  error: null,
  busy: null,

  async loadStatus() {
    if (get().load === 'idle') set({ load: 'loading' });
    const result = await api.call('database:status', {});
    if (result.ok) set({ status: result.value, load: 'ready', error: null });
    else set({ load: 'failed', error: result.error });
  },

  async backupNow() {
    set({ busy: 'backup' });
    const result = await api.call('database:backup', {});
    set({ busy: null });
    if (result.ok) useApp.getState().notify('Backup taken and verified', result.value.name);
    else useApp.getState().reportError(result.error, 'take a backup');
  },

  async restore(name) {
    set({ busy: 'restore' });
    const result = await api.call('database:restore', name === undefined ? {} : { name });
    set({ busy: null });
    if (result.ok) {
      set({ status: result.value, load: 'ready' });
      useApp.getState().notify('Database restored from backup', 'The replaced file is kept beside it.');
      return true;
    }
    useApp.getState().reportError(result.error, 'restore the backup');
    return false;
  },
}));

let watching = false;

/** Loads the status once and keeps it current; the damage notice needs it on every screen. */
export function watchDatabase(): void {
  if (watching) return;
  watching = true;
  api.on('data:changed', ({ domains }) => {
    if (domains.includes('database')) void useDatabase.getState().loadStatus();
  });
  void useDatabase.getState().loadStatus();
}
