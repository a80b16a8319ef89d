/** Small presentational pieces of the incident screens: severity, status, the restore clock. */
import type { ReactNode } from 'react';
import { assertNever } from '../../shared/util/assertNever';
import { adviseOn } from '../app/errors';
import { Icon } from '../ui/icons';
import { clockDigits, durationWords, localTime, type RestoreClock, targetWords } from './clock';
import type { ActionStatus } from './store';

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  open: 'Open',
  restoring: 'Restoring',
  restored: 'Restored',
  closed: 'Closed',
};

export function SevBadge({ severity }: { readonly severity: string }) {
  return <span className={`sev sev--${severity}`}>{severity.toUpperCase()}</span>;
}

export function StatusPill({ status }: { readonly status: string }) {
  return <span className={`inc-status inc-status--${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}

/** The board's compact clock: time left, or how long breached, coloured by urgency. */
export function ClockCell({ clock }: { readonly clock: RestoreClock }) {
  if (clock.state === 'restored')
    return (
      <span className="inc-clock inc-clock--restored">
        <span className="inc-clock__digits">{clockDigits(clock.elapsedMs)}</span>
        <span className="inc-clock__note">{clock.metTarget ? 'within target' : 'over target'}</span>
      </span>
    );
  const breached = clock.state === 'breached';
  return (
    <span className={`inc-clock inc-clock--${clock.state}`} data-clock-state={clock.state}>
      <span className="inc-clock__digits" role="timer">
        {breached ? '+' : ''}
        {clockDigits(clock.leftMs)}
      </span>
      <span className="inc-clock__note">
        {breached ? 'BREACHED' : 'left'} · target {targetWords(Math.round(clock.targetMs / 60_000))}
      </span>
    </span>
  );
}

/** A thin bar: elapsed share of the restore target, with the 75 % mark where amber begins. */
export function ClockBar({ clock }: { readonly clock: RestoreClock }) {
  const width = Math.min(100, Math.max(1.5, clock.share * 100));
  return (
    <span className={`inc-bar inc-bar--${clock.state}`} aria-hidden="true">
      <span className="inc-bar__fill" style={{ width: `${width}%` }} />
      <span className="inc-bar__mark" />
    </span>
  );
}

/** The runner's big clock: always visible, loud once breached. */
export function BigClock({
  clock,
  clockStartAt,
}: {
  readonly clock: RestoreClock;
  readonly clockStartAt: string;
}) {
  const target = targetWords(Math.round(clock.targetMs / 60_000));
  let headline: ReactNode;
  let sub: string;
  switch (clock.state) {
    case 'restored':
      headline = <>Restored in {durationWords(clock.elapsedMs)}</>;
      sub = clock.metTarget
        ? `within the ${target} target (${durationWords(clock.leftMs)} to spare)`
        : `${durationWords(-clock.leftMs)} over the ${target} target`;
      break;
    case 'breached':
      headline = (
        <>
          <span className="inc-big__label">BREACHED</span> +{clockDigits(clock.leftMs)}
        </>
      );
      sub = `${durationWords(clock.elapsedMs)} since ${localTime(clockStartAt)} · target ${target}`;
      break;
    case 'ok':
    case 'approaching':
      headline = (
        <>
          {clockDigits(clock.leftMs)} <span className="inc-big__label">left</span>
        </>
      );
      sub = `${durationWords(clock.elapsedMs)} of ${target} since ${localTime(clockStartAt)}`;
      break;
    default:
      return assertNever(clock.state, 'clock state');
  }
  return (
    <div
      className={`inc-big inc-big--${clock.state}`}
      role="timer"
      aria-label="Restore target clock"
      data-testid="restore-clock"
      data-clock-state={clock.state}
    >
      <span className="inc-big__head">
        <Icon name="clock" size={13} /> Restore target
      </span>
      <span className="inc-big__digits">{headline}</span>
      <span className="inc-big__sub">{sub}</span>
      <ClockBar clock={clock} />
    </div>
  );
}

/** What a recorded action is doing: saving…, ✓ recorded at, or what went wrong. */
export function ActionNote({
  status,
  what = 'Recorded',
}: {
  readonly status: ActionStatus | undefined;
  readonly what?: string;
}) {
  if (!status) return null;
  switch (status.state) {
    case 'saving':
      return (
        <span className="inc-saving" role="status">
          saving…
        </span>
      );
    case 'recorded':
      return (
        <span className="inc-recorded" role="status">
          <Icon name="check" size={12} /> {what} {localTime(status.at)}
        </span>
      );
    case 'failed': {
      const advice = adviseOn(status.error, 'record this');
      return (
        <span className="inc-failed" role="alert">
          <Icon name="warning" size={12} /> {advice.title}. {advice.detail}
        </span>
      );
    }
    default:
      return assertNever(status, 'action status');
  }
}
