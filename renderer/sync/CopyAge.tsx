/**
 * How old this customer's local copy is, for the recovery card (containers over the shared
 * sync status): a muted line while fresh, amber past an hour or when never synced, and a
 * loud banner past a day — at 3 a.m. an engineer must know before trusting a phone number.
 * With sync not configured there is nothing to be late for: a muted "Local copy only".
 */
import { useEffect, useRef } from 'react';
import { assertNever } from '../../shared/util/assertNever';
import { useCustomerCard } from '../customers/store';
import { Icon } from '../ui/icons';
import { useSyncStatus } from './SyncStatusItem';
import { syncUnsupported } from './store';
import { absolute, ageMs, ago, DAY, HOUR, spanInWords } from './time';

export type CopyAge =
  | { readonly level: 'unknown' }
  | { readonly level: 'local-only'; readonly syncedAt: string | null }
  | { readonly level: 'never' }
  | { readonly level: 'fresh' | 'aging' | 'old'; readonly syncedAt: string; readonly ageMs: number };

export function copyAge(syncedAt: string | null, configured: boolean | null, now: number): CopyAge {
  if (configured === false) return { level: 'local-only', syncedAt };
  if (syncedAt === null) return configured === null ? { level: 'unknown' } : { level: 'never' };
  const age = ageMs(syncedAt, now) ?? 0;
  const level = age > DAY ? 'old' : age > HOUR ? 'aging' : 'fresh';
  return { level, syncedAt, ageMs: age };
}

function useCopyAge(syncedAt: string | null, now: Date): { age: CopyAge; lastSuccessAt: string | null } {
  const s = useSyncStatus();
  const configured =
    s.status !== null ? s.status.state !== 'not-configured' : syncUnsupported(s.statusError) ? false : null;
  return {
    age: copyAge(syncedAt, configured, now.getTime()),
    lastSuccessAt: s.status?.lastSuccessAt ?? null,
  };
}

/** The line under the customer's name. Also reloads the card after each successful sync, so its age is current. */
export function CopyAgeLine({ syncedAt, now }: { readonly syncedAt: string | null; readonly now: Date }) {
  const { age, lastSuccessAt } = useCopyAge(syncedAt, now);
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    // syncedAt moves with every round even when nothing was pulled, and such a round only announces 'sync'.
    if (seen.current !== undefined && seen.current !== lastSuccessAt)
      void useCustomerCard.getState().refresh();
    seen.current = lastSuccessAt;
  }, [lastSuccessAt]);

  switch (age.level) {
    case 'unknown':
    case 'old':
      return null;
    case 'local-only':
      return (
        <p
          className="copy-age muted"
          data-testid="copy-age"
          title="This console is not connected to a central store: the card shows its local copy."
        >
          <Icon name="sync" size={12} />
          {age.syncedAt
            ? `Local copy only · last synced ${ago(age.syncedAt, now.getTime())}`
            : 'Local copy only'}
        </p>
      );
    case 'never':
      return (
        <p
          className="copy-age copy-age--warn warn"
          data-testid="copy-age"
          title="Central has not confirmed this customer yet: it may still be on its way, or this console may not see it there."
        >
          <Icon name="sync" size={12} />
          Never synced with central
        </p>
      );
    case 'fresh':
    case 'aging':
      return (
        <p
          className={`copy-age ${age.level === 'fresh' ? 'muted' : 'copy-age--warn warn'}`}
          data-testid="copy-age"
          title={`Central last confirmed this local copy current on ${absolute(age.syncedAt)}.`}
        >
          <Icon name="sync" size={12} />
          Local copy synced {ago(age.syncedAt, now.getTime())}
        </p>
      );
    default:
      return assertNever(age, 'copy age');
  }
}

/** Past a day, a banner under the header: loud, with what to do about it. */
export function CopyAgeBanner({ syncedAt, now }: { readonly syncedAt: string | null; readonly now: Date }) {
  const { age, lastSuccessAt } = useCopyAge(syncedAt, now);
  if (age.level !== 'old') return null;
  // Central reached since, but not for this customer: say so rather than blame the network.
  const reachedSince = lastSuccessAt !== null && Date.parse(lastSuccessAt) - Date.parse(age.syncedAt) > HOUR;
  return (
    <div className="banner copy-age-banner" role="status" data-testid="copy-age">
      <Icon name="warning" size={18} />
      <div>
        <strong>Local copy is {spanInWords(age.ageMs)} old</strong> —{' '}
        {reachedSince
          ? `central has not confirmed this customer since ${absolute(age.syncedAt)}`
          : `central not reached since ${absolute(age.syncedAt)}`}
        ; details may be out of date. Confirm phone numbers and contracts before relying on them.{' '}
        <a href="#/sync">Open Sync</a>
      </div>
    </div>
  );
}
