/** Sync status in the engineer's words: one short line for the status bar, longer ones for the screen. */

import type { PasswordStore, SyncProgress, SyncState, SyncStatus } from '../../shared/sync/model';
import { assertNever } from '../../shared/util/assertNever';
import { ago, clockTime } from './time';

/** The colour of the dot: calm when synced, amber when behind, red when a person must act. */
export type SyncTone = 'ok' | 'busy' | 'warn' | 'bad' | 'local';

export function toneOf(state: SyncState): SyncTone {
  switch (state) {
    case 'idle':
      return 'ok';
    case 'syncing':
      return 'busy';
    case 'offline':
      return 'warn';
    case 'denied':
    case 'error':
      return 'bad';
    case 'not-configured':
      return 'local';
    default:
      return assertNever(state, 'sync state');
  }
}

export function stateInWords(state: SyncState): string {
  switch (state) {
    case 'idle':
      return 'Connected, up to date';
    case 'syncing':
      return 'Syncing';
    case 'offline':
      return 'Offline: central not reachable';
    case 'denied':
      return 'Refused by central';
    case 'error':
      return 'Last sync failed';
    case 'not-configured':
      return 'Not connected (local only)';
    default:
      return assertNever(state, 'sync state');
  }
}

export function passwordStoreInWords(store: PasswordStore): string {
  switch (store) {
    case 'os-keychain':
      return 'OS keychain';
    case 'session':
      return 'this session only';
    case 'environment':
      return 'environment';
    case 'none':
      return 'none stored';
    default:
      return assertNever(store, 'password store');
  }
}

export function percent(progress: SyncProgress): number | null {
  if (progress.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((progress.done / progress.total) * 100)));
}

/** The status bar line: "Synced 2 min ago", "Offline · retrying 12:04", "Syncing 45%", "Local only". */
export function statusLine(status: SyncStatus, progress: SyncProgress | null, now: number): string {
  switch (status.state) {
    case 'not-configured':
      return 'Local only';
    case 'syncing': {
      const p = progress ? percent(progress) : null;
      return p === null ? 'Syncing…' : `Syncing ${p}%`;
    }
    case 'idle':
      return status.lastSuccessAt ? `Synced ${ago(status.lastSuccessAt, now)}` : 'Connected, not synced yet';
    case 'offline':
      return status.nextRetryAt ? `Offline · retrying ${clockTime(status.nextRetryAt)}` : 'Offline';
    case 'denied':
      return 'Sync refused';
    case 'error':
      return status.nextRetryAt ? `Sync failed · retrying ${clockTime(status.nextRetryAt)}` : 'Sync failed';
    default:
      return assertNever(status.state, 'sync state');
  }
}

export function centralAddress(status: SyncStatus): string | null {
  const c = status.central;
  if (!c) return null;
  return `${c.user}@${c.host}:${c.port}/${c.database}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
