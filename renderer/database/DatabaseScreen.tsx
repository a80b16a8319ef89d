/**
 * The Database page (#/database, from the status bar's DB item): where the local store is,
 * what the checks found, and its backups with their age, size and verification, with
 * "Back up now" and a restore per backup.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { type BackupSummary, type DatabaseStatus, sizeInWords } from '../../shared/database/model';
import { markReady } from '../app/store';
import { ConfirmDialog } from '../editing/Dialog';
import { absolute, ago } from '../sync/time';
import { ErrorPanel, SkeletonLines } from '../ui/feedback';
import { useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { useDatabase } from './store';
import { reasonInWords } from './words';
import './database.css';

function Health({ status }: { readonly status: DatabaseStatus }) {
  const i = status.integrity;
  return (
    <section className="db-card" aria-label="Health">
      <h2 className="db-card__title">Health</h2>
      <dl className="db-facts">
        <div>
          <dt className="label">File</dt>
          <dd className="mono">{status.path}</dd>
        </div>
        <div>
          <dt className="label">Quick check at open</dt>
          <dd data-testid="db-quick-check">
            {status.quickCheck.result === 'skipped' ? (
              <span className="muted">
                Skipped: the file is unchanged since this console closed it after a passing full check
              </span>
            ) : (
              <>
                <span className={status.quickCheck.result === 'ok' ? 'ok' : 'danger'}>
                  {status.quickCheck.result === 'ok' ? 'Passed' : 'Failed'}
                </span>
                <span className="muted"> · {status.quickCheck.ms} ms</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt className="label">Full integrity check</dt>
          <dd data-testid="db-integrity">
            {i.state === 'pending' ? (
              <span className="muted">Runs shortly after start</span>
            ) : (
              <>
                <span className={i.state === 'ok' ? 'ok' : 'danger'}>
                  {i.state === 'ok' ? 'Passed' : 'Failed'}
                </span>
                <span className="muted">
                  {' '}
                  · {i.checkedAt ? ago(i.checkedAt, Date.now()) : ''}
                  {i.ms !== null ? ` · ${i.ms} ms` : ''}
                </span>
              </>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function BackupRow({
  backup,
  now,
  newestGood,
  onRestore,
}: {
  readonly backup: BackupSummary;
  readonly now: number;
  readonly newestGood: boolean;
  readonly onRestore: (b: BackupSummary) => void;
}) {
  return (
    <tr>
      <td>
        <span>{ago(backup.takenAt, now)}</span>
        <span className="db-sub">{absolute(backup.takenAt)}</span>
      </td>
      <td>{reasonInWords(backup.reason)}</td>
      <td className="num">{sizeInWords(backup.sizeBytes)}</td>
      <td>
        {backup.verified ? (
          <span className="ok db-verified">
            <Icon name="check" size={13} /> Verified
          </span>
        ) : (
          <span className="danger">Not verified</span>
        )}
        {newestGood && <span className="db-sub">newest good</span>}
      </td>
      <td className="db-backups__name mono" title={backup.name}>
        {backup.name}
      </td>
      <td className="db-backups__action">
        <button type="button" className="button" onClick={() => onRestore(backup)}>
          Restore…
        </button>
      </td>
    </tr>
  );
}

function Backups({ status }: { readonly status: DatabaseStatus }) {
  const busy = useDatabase((s) => s.busy);
  const [restoring, setRestoring] = useState<BackupSummary | null>(null);
  const now = Date.now();
  return (
    <section className="db-card" aria-labelledby="db-backups-title">
      <header className="db-card__head">
        <div>
          <h2 id="db-backups-title" className="db-card__title">
            Backups
          </h2>
          <p className="muted">
            Taken before every upgrade, at start when the newest is over a day old, and on demand; each is
            verified after writing. The 7 newest are kept, plus one per week for the 4 weeks before.
          </p>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={busy !== null || status.damaged}
          onClick={() => void useDatabase.getState().backupNow()}
        >
          <Icon name="plus" size={15} />
          {busy === 'backup' ? 'Backing up…' : 'Back up now'}
        </button>
      </header>
      {status.backups.length === 0 ? (
        <p className="db-empty">
          No backups yet. The first is taken shortly after start, or press Back up now.
        </p>
      ) : (
        <table className="table db-backups" data-testid="db-backups">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Verified</th>
              <th scope="col">File</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.backups.map((b) => (
              <BackupRow
                key={b.name}
                backup={b}
                now={now}
                newestGood={status.newestGoodBackup?.name === b.name}
                onRestore={setRestoring}
              />
            ))}
          </tbody>
        </table>
      )}
      {restoring && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore"
          tone="danger"
          busy={busy === 'restore'}
          onCancel={() => setRestoring(null)}
          onConfirm={() => {
            void useDatabase
              .getState()
              .restore(restoring.name)
              .then(() => setRestoring(null));
          }}
        >
          <p>
            The database goes back to {ago(restoring.takenAt, now)} ({absolute(restoring.takenAt)}). Anything
            recorded here since then and not yet synced is not in it.
          </p>
          <p>The current file is kept beside it, renamed, so nothing is thrown away.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function DatabaseScreen() {
  const { status, load, error } = useDatabase();
  const slow = useDelayedFlag(load === 'loading' || load === 'idle');

  useEffect(() => {
    void useDatabase.getState().loadStatus();
  }, []);
  useEffect(() => {
    if (load === 'ready' || load === 'failed') markReady();
  }, [load]);

  let body: ReactNode = null;
  if (status) {
    body = (
      <div className="db-body">
        <Health status={status} />
        <Backups status={status} />
      </div>
    );
  } else if (load === 'failed' && error) {
    body = (
      <ErrorPanel
        error={error}
        doing="load the database status"
        onRetry={() => void useDatabase.getState().loadStatus()}
      />
    );
  } else {
    body = slow ? <SkeletonLines rows={5} label="Loading database status" /> : null;
  }

  return (
    <section className="screen" aria-labelledby="db-title">
      <header className="screen__header">
        <div>
          <h1 id="db-title" className="screen__title">
            Database
          </h1>
          <p className="screen__subtitle">The local copy this console works from · its health and backups</p>
        </div>
      </header>
      <div className="screen__body">{body}</div>
    </section>
  );
}
