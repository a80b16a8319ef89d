/** "Sync now" from outside the Sync screen (the command palette): the outcome comes back as a notice. */
import { navigate } from '../app/router';
import { useApp } from '../app/store';
import { startSyncStore, useSync } from './store';
import { durationMs } from './time';
import { plural } from './words';

export async function syncNowFromAnywhere(): Promise<void> {
  startSyncStore();
  if (useSync.getState().status === null) await useSync.getState().loadStatus();
  const { status, busy } = useSync.getState();
  if (!status || status.state === 'not-configured') {
    navigate({ screen: 'sync' });
    useApp
      .getState()
      .notify('Not connected to central yet', 'Fill in the central URL and your password, then Connect.');
    return;
  }
  if (busy === 'now') {
    useApp.getState().notify('A sync round is already running', 'Its progress shows in the status bar.');
    return;
  }
  const outcome = await useSync.getState().syncNow();
  if (!outcome.ok) {
    useApp.getState().reportError(outcome.error, 'sync with central');
    return;
  }
  const r = outcome.summary;
  useApp
    .getState()
    .notify(
      r.conflicts > 0 ? `Synced with ${plural(r.conflicts, 'conflict')} to resolve` : 'Synced with central',
      `Pushed ${r.pushed.toLocaleString('en-US')}, pulled ${r.pulled.toLocaleString('en-US')} in ${durationMs(r.ms)}.${r.conflicts > 0 ? ' Open Sync to choose which versions to keep.' : ''}`,
    );
}
