/**
 * Active incidents at a glance (container) for the navigation and the status bar: how many,
 * and the nearest restore deadline, red once one is breached. Clicking opens the board.
 */
import { useEffect } from 'react';
import { useNow } from '../ui/hooks';
import { clockDigits, compactDigits, restoreClock } from './clock';
import { useBoard } from './store';
import './badge.css';

export function useActiveIncidents() {
  const items = useBoard((s) => s.value?.items ?? null);
  useEffect(() => {
    void useBoard.getState().open('board');
    const timer = setInterval(() => void useBoard.getState().refresh(), 60_000);
    return () => clearInterval(timer);
  }, []);
  return items;
}

export function IncidentNavBadge() {
  const items = useActiveIncidents();
  const now = useNow(1000).getTime();
  if (!items || items.length === 0) return null;
  const first = items[0];
  const clock = first ? restoreClock(first, now) : null;
  const state = items.some((i) => restoreClock(i, now).state === 'breached')
    ? 'breached'
    : (clock?.state ?? 'ok');
  const count = `${items.length} active incident${items.length === 1 ? '' : 's'}`;
  const title = clock
    ? `${count}; nearest deadline ${clock.state === 'breached' ? 'breached by' : 'in'} ${compactDigits(clock.leftMs)}`
    : count;
  return (
    // Count and nearest deadline are two visibly separate parts ("2 · 1 d 21 h"), or the count
    // ran into the clock's digits ("2 1 d 21 h" read as 21 days).
    <span className={`inc-navbadge inc-navbadge--${state}`} title={title} data-testid="nav-incidents">
      <span className="inc-navbadge__count">{items.length}</span>
      <span className="visually-hidden"> active</span>
      {clock && (
        <>
          <span className="inc-navbadge__sep" aria-hidden="true">
            ·
          </span>
          <span className="visually-hidden">
            , nearest deadline {clock.state === 'breached' ? 'breached by' : 'in'}{' '}
          </span>
          <span className="inc-navbadge__clock">
            {clock.state === 'breached' ? '+' : ''}
            {compactDigits(clock.leftMs)}
          </span>
        </>
      )}
    </span>
  );
}

export function IncidentStatusItem() {
  const items = useActiveIncidents();
  const now = useNow(1000).getTime();
  if (!items || items.length === 0) return null;
  const first = items[0];
  if (!first) return null;
  const clock = restoreClock(first, now);
  return (
    <a
      className={`statusbar__item inc-statusitem inc-statusitem--${clock.state}`}
      href="#/incidents"
      title={`Nearest deadline: ${first.customer.code} · ${first.title}`}
    >
      <strong>
        {items.length} active incident{items.length === 1 ? '' : 's'}
      </strong>
      <span>
        {clock.state === 'breached'
          ? `${first.customer.code} breached +${clockDigits(clock.leftMs)}`
          : `next deadline ${first.customer.code} in ${clockDigits(clock.leftMs)}`}
      </span>
    </a>
  );
}
