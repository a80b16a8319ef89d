/**
 * The notice on every screen while the database is damaged: what happened, that nothing
 * will be written, and the way back (restore the newest good backup, one click).
 */
import { useState } from 'react';
import { ConfirmDialog } from '../editing/Dialog';
import { absolute, ago } from '../sync/time';
import { Icon } from '../ui/icons';
import { useDatabase } from './store';
import './database.css';

export function DamageNotice() {
  const status = useDatabase((s) => s.status);
  const busy = useDatabase((s) => s.busy);
  const [confirming, setConfirming] = useState(false);
  if (!status?.damaged) return null;
  const good = status.newestGoodBackup;
  const now = Date.now();
  return (
    <div className="form-banner form-banner--error db-damage" role="alert" data-testid="db-damage">
      <Icon name="warning" size={18} />
      <div>
        <span className="form-banner__title">
          This database is damaged: Lifeline opened it read-only, and nothing will be written to it
        </span>
        <span>
          SQLite's check found inconsistent pages, as a failing disk or a crash mid-write leaves them. What is
          still readable shows as usual; recording, editing and sync are off until it is restored.
        </span>
        <span className="form-banner__detail">{status.problem}</span>
        <div className="form-banner__actions">
          {good ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy !== null}
              onClick={() => setConfirming(true)}
            >
              <Icon name="restore" size={15} />
              {busy === 'restore' ? 'Restoring…' : `Restore from backup (taken ${ago(good.takenAt, now)})`}
            </button>
          ) : (
            <span>
              No good backup was found next to it. Re-sync from central, or run{' '}
              <code>lifeline restore --db PATH --from FILE</code> with a copy.
            </span>
          )}
          <a className="button" href="#/database">
            Database and backups
          </a>
        </div>
      </div>
      {confirming && good && (
        <ConfirmDialog
          title="Restore from backup?"
          confirmLabel="Restore"
          busy={busy === 'restore'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            void useDatabase
              .getState()
              .restore(good.name)
              .then(() => setConfirming(false));
          }}
        >
          <p>
            The database goes back to the backup taken {ago(good.takenAt, now)} ({absolute(good.takenAt)}).
            Anything recorded after that is not in it; central has what was synced.
          </p>
          <p>The damaged file is kept beside it, renamed, for a specialist to look at.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
