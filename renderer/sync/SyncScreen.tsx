/**
 * The Sync screen (container): where central is and whether it answers, what waits to be
 * pushed, the last round, "Sync now", the connection form, and the conflicts kept for a
 * person. This console always works from its local copy; this screen says how current it is.
 */
import { type ReactNode, useEffect, useState } from 'react';
import type { RoundSummary, SyncProgress, SyncState, SyncStatus } from '../../shared/sync/model';
import { markReady } from '../app/store';
import { ConfirmDialog } from '../editing/Dialog';
import { EmptyState, ErrorPanel, SkeletonLines } from '../ui/feedback';
import { useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { ConfigureForm } from './ConfigureForm';
import { ConflictList } from './Conflicts';
import { ParkedList, RefusalList } from './Held';
import { useSyncStatus } from './SyncStatusItem';
import { currentProgress, type NowOutcome, shownState, syncUnsupported, useSync } from './store';
import { absolute, ago, clockTime, durationMs, fromNow } from './time';
import { centralAddress, passwordStoreInWords, percent, plural, stateInWords, toneOf } from './words';

function ProgressBar({ progress }: { readonly progress: SyncProgress | null }) {
  const p = progress ? percent(progress) : null;
  const what = progress
    ? progress.phase === 'push'
      ? `Pushing ${progress.done.toLocaleString('en-US')} of ${plural(progress.total, 'record')}`
      : `Pulling ${progress.done.toLocaleString('en-US')} of about ${plural(progress.total, 'change')}`
    : 'Starting the round…';
  return (
    <div className="progress" data-testid="sync-progress">
      <div className="progress__text">
        <span>{what}</span>
        {p !== null && <span className="num">{p}%</span>}
      </div>
      <div
        className={`progress__track${p === null ? ' progress__track--busy' : ''}`}
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={p ?? undefined}
      >
        <span className="progress__fill" style={p === null ? undefined : { width: `${p}%` }} />
      </div>
    </div>
  );
}

/** What went wrong, in the back end's words, with what happens next. */
function ProblemBanner({
  status,
  state,
  now,
}: {
  readonly status: SyncStatus;
  readonly state: SyncState;
  readonly now: number;
}) {
  if (!status.lastError || state === 'idle' || state === 'syncing' || state === 'not-configured') return null;
  const title =
    state === 'offline'
      ? 'Central is not reachable: this console keeps working from its local copy'
      : state === 'denied'
        ? 'Central refused this console'
        : 'The last sync failed';
  return (
    <div
      className={`form-banner ${state === 'offline' ? 'form-banner--warn' : 'form-banner--error'} sync-problem`}
      role="alert"
      data-testid="sync-error"
    >
      <Icon name="warning" size={18} />
      <div>
        <span className="form-banner__title">{title}</span>
        <span className="sync-problem__message">{status.lastError}</span>
        <span className="sync-problem__next">
          {status.outbox > 0
            ? `Nothing is lost: ${plural(status.outbox, 'record')} wait in the outbox and go up with the next successful round.`
            : 'Nothing is waiting to be pushed.'}
          {status.nextRetryAt
            ? ` Next try ${fromNow(status.nextRetryAt, now)} (${clockTime(status.nextRetryAt)}), or press Sync now.`
            : ''}
        </span>
      </div>
    </div>
  );
}

function Fact({
  label,
  children,
  testId,
}: {
  readonly label: string;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  return (
    <div className="sync-fact" data-testid={testId}>
      <dt className="label">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({
  iso,
  now,
  empty,
}: {
  readonly iso: string | null;
  readonly now: number;
  readonly empty: string;
}) {
  if (!iso) return <span className="muted">{empty}</span>;
  return (
    <>
      <span>{ago(iso, now)}</span>
      <span className="sync-fact__sub">{absolute(iso)}</span>
    </>
  );
}

function StatusPanel({
  status,
  state,
  active,
  now,
}: {
  readonly status: SyncStatus;
  /** The state in words (the one a quick round started from). */
  readonly state: SyncState;
  readonly active: boolean;
  readonly now: number;
}) {
  const tone = toneOf(state);
  const c = status.central;
  return (
    <section className="sync-card" aria-label="Sync status">
      <div className="sync-card__head">
        <span
          className={`sync-dot sync-dot--large sync-dot--${tone}${active ? ' sync-dot--pulse' : ''}`}
          aria-hidden="true"
        />
        <div>
          {/* The one live region for the sync state: the words the screen shows, nothing else. */}
          <p className="sync-card__state" role="status">
            <span data-testid="sync-state">{stateInWords(state)}</span>
            {active && state !== 'syncing' && (
              <span className="sync-card__active"> · a round is running</span>
            )}
          </p>
          <p className="sync-card__address mono">{centralAddress(status)}</p>
        </div>
      </div>
      <dl className="sync-facts">
        <Fact label="Last successful sync" testId="sync-last-success">
          <When iso={status.lastSuccessAt} now={now} empty="Never" />
        </Fact>
        <Fact label="Last attempt">
          <When iso={status.lastAttemptAt} now={now} empty="None yet" />
        </Fact>
        <Fact label="Next retry">
          {status.nextRetryAt ? (
            <>
              <span>{fromNow(status.nextRetryAt, now)}</span>
              <span className="sync-fact__sub">at {clockTime(status.nextRetryAt)}</span>
            </>
          ) : (
            <span className="muted">None scheduled</span>
          )}
        </Fact>
        <Fact label="Outbox" testId="sync-outbox">
          {status.outbox > 0 ? (
            <span className="sync-fact__strong">{plural(status.outbox, 'record')} waiting to be pushed</span>
          ) : (
            <span>Nothing waiting to be pushed</span>
          )}
        </Fact>
        <Fact label="Central">
          {c ? (
            <>
              <span className="mono">
                {c.host}:{c.port}
              </span>
              <span className="sync-fact__sub">
                database <span className="mono">{c.database}</span> · role{' '}
                <span className="mono">{c.user}</span>
              </span>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </Fact>
        <Fact label="TLS">
          <span className="mono">{c?.sslmode ?? '—'}</span>
          {c?.caFile && <span className="sync-fact__sub mono">CA {c.caFile}</span>}
        </Fact>
        <Fact label="Password">
          <span>{passwordStoreInWords(status.passwordStore)}</span>
          <span className="sync-fact__sub">never in a file</span>
        </Fact>
        <Fact label="Conflicts">
          {status.conflicts > 0 ? (
            <a className="sync-fact__bad danger" href="#sync-conflicts-title">
              {plural(status.conflicts, 'conflict')} to resolve
            </a>
          ) : (
            <span>None</span>
          )}
        </Fact>
      </dl>
    </section>
  );
}

function RoundFigures({
  round,
  heading,
  now,
}: {
  readonly round: RoundSummary;
  readonly heading: string;
  readonly now: number;
}) {
  const figures: ReadonlyArray<readonly [string, number, boolean]> = [
    ['Pushed', round.pushed, false],
    ['Pulled', round.pulled, false],
    ['Conflicts', round.conflicts, round.conflicts > 0],
    ['Customers purged', round.purgedCustomers, round.purgedCustomers > 0],
    ['Denied', round.denied, round.denied > 0],
    ['Kept aside', round.parked, round.parked > 0],
  ];
  return (
    <section className="sync-card" aria-label="Last round" data-testid="sync-round">
      <header className="sync-card__title-row">
        <h2 className="sync-section__title">{heading}</h2>
        <span className="muted">
          finished {ago(round.finishedAt, now)} · {absolute(round.finishedAt)} · took {durationMs(round.ms)}
        </span>
      </header>
      <div className="sync-figures">
        {figures.map(([label, value, bad]) => (
          <div key={label} className={`sync-figure${bad ? ' sync-figure--bad' : ''}`}>
            <span className="sync-figure__value">{value.toLocaleString('en-US')}</span>
            <span className="label">{label}</span>
          </div>
        ))}
      </div>
      {round.purgedCustomers > 0 && (
        <p className="sync-card__note">
          {plural(round.purgedCustomers, 'customer')} removed from this console: central no longer lets you
          see {round.purgedCustomers === 1 ? 'it' : 'them'}.
        </p>
      )}
      {round.denied > 0 && (
        <p className="sync-card__note">
          {plural(round.denied, 'record')} refused by central for lack of rights: kept here, and pushed again
          once your rights change.
        </p>
      )}
    </section>
  );
}

function NowFailure({ outcome, status }: { readonly outcome: NowOutcome; readonly status: SyncStatus }) {
  // The status banner already says what went wrong in the round; one banner is enough.
  if (outcome.ok || status.lastError !== null) return null;
  return (
    <div className="form-banner form-banner--error" role="alert" data-testid="sync-now-error">
      <Icon name="warning" size={16} />
      <div>
        <span className="form-banner__title">Sync now did not finish</span>
        <span>{outcome.error.message}</span>
        <span>Local data is unchanged and nothing waiting was lost. Try again, or check the connection.</span>
      </div>
    </div>
  );
}

function NotConfigured({ outbox, children }: { readonly outbox: number; readonly children: ReactNode }) {
  return (
    <div className="sync-setup">
      <div className="sync-setup__intro">
        <EmptyState icon="sync" title="This console is not connected to a central store">
          <p>
            Sync shares the team's records through a central PostgreSQL: it pulls what colleagues changed and
            pushes what you recorded here. This console keeps working from its local copy when central is out
            of reach, and catches up later.
          </p>
          <ol className="sync-steps">
            <li>Ask your team lead for the central URL and your own database role.</li>
            <li>Fill in the form and press Connect, then Sync now.</li>
            <li>
              No central yet? <code>lifeline central init --url URL</code> creates one on a PostgreSQL 14 or
              newer.
            </li>
          </ol>
          {outbox > 0 && (
            <p className="empty-state__now" data-testid="sync-first-push">
              {plural(outbox, 'local record')} will go up to central with the first sync.
            </p>
          )}
        </EmptyState>
      </div>
      <section className="sync-card sync-setup__form" aria-label="Connect to central">
        <h2 className="sync-section__title">Connect to central</h2>
        {children}
      </section>
    </div>
  );
}

export function SyncScreen() {
  const s = useSyncStatus();
  const { status, statusLoad, statusError, busy, nowOutcome } = s;
  const [editing, setEditing] = useState(false);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const slow = useDelayedFlag(statusLoad === 'loading' || statusLoad === 'idle');
  const now = Date.now();

  useEffect(() => {
    if (statusLoad === 'ready' || statusLoad === 'failed') markReady();
  }, [statusLoad]);

  const configured = status !== null && status.state !== 'not-configured';
  const progress = currentProgress(s);
  // Only this window's own "Sync now" holds the button: the back end joins a running round.
  const running = busy === 'now';
  // The summary "Sync now" returned, until the status knows a newer round.
  const round =
    nowOutcome?.ok && (!status?.lastRound || status.lastRound.finishedAt <= nowOutcome.summary.finishedAt)
      ? nowOutcome.summary
      : (status?.lastRound ?? null);

  let body: ReactNode;
  if (!status) {
    if (statusLoad === 'failed' && statusError) {
      body = syncUnsupported(statusError) ? (
        <EmptyState icon="sync" title="This back end does not sync">
          <p>
            It answers from its local copy only: the console and back end come from different builds. Restart
            Lifeline so both come from the same build.
          </p>
        </EmptyState>
      ) : (
        <ErrorPanel
          error={statusError}
          doing="load the sync status"
          onRetry={() => void useSync.getState().loadStatus()}
        />
      );
    } else body = slow ? <SkeletonLines rows={6} label="Loading sync status" /> : null;
  } else if (!configured) {
    body = (
      <NotConfigured outbox={status.outbox}>
        <ConfigureForm status={status} editing={false} onDone={() => setEditing(false)} />
      </NotConfigured>
    );
  } else {
    body = (
      <div className="sync-body">
        <ProblemBanner status={status} state={shownState(s, progress)} now={now} />
        {nowOutcome && <NowFailure outcome={nowOutcome} status={status} />}
        {/* Quick background rounds carry no progress: no bar flashing for them. */}
        {(running || progress) && <ProgressBar progress={progress} />}
        {editing && (
          <section className="sync-card" aria-label="Edit connection">
            <h2 className="sync-section__title">Edit connection</h2>
            <ConfigureForm status={status} editing onDone={() => setEditing(false)} />
          </section>
        )}
        <StatusPanel
          status={status}
          state={shownState(s, progress)}
          active={running || status.state === 'syncing'}
          now={now}
        />
        {round ? (
          <RoundFigures
            round={round}
            heading={nowOutcome?.ok && round === nowOutcome.summary ? 'Sync now: done' : 'Last round'}
            now={now}
          />
        ) : (
          <p className="sync-empty">
            <Icon name="sync" size={15} /> No round has finished yet. Sync now runs the first one.
          </p>
        )}
        <ConflictList />
        <RefusalList />
        <ParkedList />
      </div>
    );
  }

  return (
    <section className="screen" aria-labelledby="sync-title">
      <header className="screen__header">
        <div>
          <h1 id="sync-title" className="screen__title">
            Sync
          </h1>
          <p className="screen__subtitle">
            Team sync through a central PostgreSQL · this console works from its local copy either way
          </p>
        </div>
        {configured && (
          <div className="sync-head-actions" role="toolbar" aria-label="Sync actions">
            <button
              type="button"
              className="button button--primary"
              disabled={running}
              onClick={() => void useSync.getState().syncNow()}
            >
              <Icon name="sync" size={14} /> {running ? 'Syncing…' : 'Sync now'}
            </button>
            <button type="button" className="button" onClick={() => setEditing(true)} disabled={editing}>
              <Icon name="edit" size={14} /> Edit connection
            </button>
            <button
              type="button"
              className="button button--ghost-danger"
              onClick={() => setConfirmDisconnect(true)}
              disabled={busy === 'disconnect'}
            >
              Disconnect
            </button>
          </div>
        )}
      </header>
      <div className="screen__body" data-testid="screen-body">
        {body}
      </div>
      {confirmDisconnect && status && (
        <ConfirmDialog
          title="Disconnect from central?"
          confirmLabel="Disconnect"
          tone="danger"
          busy={busy === 'disconnect'}
          onCancel={() => setConfirmDisconnect(false)}
          onConfirm={() => {
            void useSync
              .getState()
              .disconnect()
              .then((done) => {
                if (done) {
                  setConfirmDisconnect(false);
                  setEditing(false);
                }
              });
          }}
        >
          <p>
            This console stops syncing and forgets the central address and password. Local data stays, and
            everything keeps working from it.
          </p>
          {status.outbox > 0 && (
            <p>
              <strong>{plural(status.outbox, 'record')}</strong> waiting in the outbox stay here and are
              pushed once you connect again.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
