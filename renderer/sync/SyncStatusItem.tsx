/**
 * The live sync indicator in the status bar (container): a dot and one line ("Synced 2 min
 * ago", "Offline · retrying 12:04", "Syncing 45%", "Local only"), the unresolved conflicts
 * in red and the outbox ("↑12") when there is something to push. Opens the Sync screen.
 */
import { useEffect } from 'react';
import './sync.css';
import { routeHref } from '../app/router';
import { useNow } from '../ui/hooks';
import {
  currentProgress,
  STATUS_REFRESH_MS,
  shownState,
  startSyncStore,
  syncUnsupported,
  useSync,
} from './store';
import { absolute, ago } from './time';
import { centralAddress, plural, stateInWords, statusLine, toneOf } from './words';

/** Starts the shared sync status (once) and keeps relative times fresh. */
export function useSyncStatus() {
  useEffect(() => startSyncStore(), []);
  useNow(STATUS_REFRESH_MS);
  return useSync();
}

export function SyncStatusItem() {
  const s = useSyncStatus();
  const now = Date.now();
  const href = routeHref({ screen: 'sync' });
  const { status } = s;

  if (!status) {
    const loading = s.statusLoad === 'idle' || s.statusLoad === 'loading';
    // A back end without sync (an older build) is simply local only.
    const localOnly = syncUnsupported(s.statusError);
    return (
      <a
        className="statusbar__item sync-item"
        href={href}
        data-testid="sync-indicator"
        title={
          localOnly
            ? "Not connected to a central store: everything shown is this console's local copy."
            : loading
              ? 'Asking the back end for the sync status…'
              : `Sync status unavailable: ${s.statusError?.message ?? ''}`
        }
      >
        <span className="dot dot--local" />
        <strong className="statusbar__key">
          {localOnly ? 'Local only' : loading ? 'Sync…' : 'Sync status unknown'}
        </strong>
      </a>
    );
  }

  const progress = currentProgress(s);
  const state = shownState(s, progress);
  const tone = toneOf(state);
  // A round is running (or asked for): the dot pulses, whatever the words say.
  const active = status.state === 'syncing' || (s.busy === 'now' && state !== 'not-configured');
  const line = statusLine({ ...status, state }, progress, now);
  const address = centralAddress(status);
  const title = [
    stateInWords(status.state),
    address ? `Central: ${address}` : "Everything shown is this console's local copy.",
    status.lastSuccessAt
      ? `Last successful sync ${ago(status.lastSuccessAt, now)} (${absolute(status.lastSuccessAt)})`
      : null,
    status.outbox > 0 && address ? `${plural(status.outbox, 'record')} waiting to be pushed` : null,
    status.conflicts > 0 ? `${plural(status.conflicts, 'conflict')} to resolve` : null,
    status.lastError,
    'Open the Sync screen',
  ]
    .filter(Boolean)
    .join('\n');

  return (
    <a
      className={`statusbar__item sync-item sync-item--${tone}${active ? ' sync-item--active' : ''}`}
      href={href}
      data-testid="sync-indicator"
      data-state={status.state}
      title={title}
    >
      <span className={`sync-dot sync-dot--${tone}${active ? ' sync-dot--pulse' : ''}`} />
      <strong className="statusbar__key sync-item__line">{line}</strong>
      {status.conflicts > 0 && (
        <span className="sync-item__conflicts" data-testid="sync-indicator-conflicts">
          {plural(status.conflicts, 'conflict')}
        </span>
      )}
      {status.outbox > 0 && status.state !== 'not-configured' && (
        <span className="sync-item__outbox" data-testid="sync-indicator-outbox">
          ↑{status.outbox.toLocaleString('en-US')}
        </span>
      )}
    </a>
  );
}
