/**
 * "Seen before" on the runner (container): past incidents like this one (same asset; same
 * customer and a similar symptom; same playbook), best first, each with how long it took
 * and what restored it. Keyboard: B focuses the list, ↑ ↓ move, Enter opens the incident.
 */
import { useEffect, useRef, useState } from 'react';
import type { SeenBeforeItem } from '../../shared/incidents/commsCalls';
import { api } from '../api/client';
import { navigate } from '../app/router';
import { Kbd } from '../ui/feedback';
import { isTypingTarget } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { useListboxKeys } from '../ui/listbox';
import { SevBadge } from './bits';
import { durationWords, localStamp } from './clock';
import './comms.css';

const FOLLOW_UP_WORDS = {
  hypothesis: 'Hypothesis',
  evidence: 'Evidence',
  problem_ticket: 'Ticket',
  task: 'Task',
};

/** Focuses the "seen before" list (the B key, the palette). */
export function focusSeenBefore(): void {
  const list = document.getElementById('seen-before-list');
  if (list) {
    list.scrollIntoView({ block: 'nearest' });
    list.focus();
  }
}

export function SeenBeforePanel({
  incidentId,
  eventCount,
  now,
}: {
  readonly incidentId: string;
  readonly eventCount: number;
  readonly now: number;
}) {
  const [items, setItems] = useState<readonly SeenBeforeItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  // Reloaded when this incident's log changes (a playbook started adds "same playbook" matches).
  // biome-ignore lint/correctness/useExhaustiveDependencies: eventCount is the reload signal
  useEffect(() => {
    let stale = false;
    void api.call('incident:seenBefore', { incidentId, limit: 8 }).then((r) => {
      if (stale) return;
      if (r.ok) {
        setItems(r.value.items);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      stale = true;
    };
  }, [incidentId, eventCount]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || event.key.toLowerCase() !== 'b') return;
      event.preventDefault();
      focusSeenBefore();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const count = items?.length ?? 0;
  const open = (index: number) => {
    const item = items?.[index];
    if (!item) return false;
    navigate({ screen: 'incidents', path: [item.incidentId], params: {} });
    return true;
  };
  const onKeys = useListboxKeys({
    count,
    active,
    ends: true,
    onActive: setActive,
    onEnter: (index) => open(index),
  });

  return (
    <section className="panel comms-seen" aria-label="Seen before" data-testid="seen-before">
      <h2 className="panel__title">
        <Icon name="restore" size={14} /> Seen before
        <span className="panel__note">
          {items === null ? 'looking…' : `${count} like this`} · <Kbd>B</Kbd>
        </span>
      </h2>
      {error && (
        <p className="inc-failed" role="alert">
          <Icon name="warning" size={12} /> Past incidents could not be read: {error}
        </p>
      )}
      {items !== null && count === 0 && (
        <p className="muted">
          Nothing like this before: no past incident on these assets, with this symptom or playbook.
        </p>
      )}
      {count > 0 && (
        <div
          ref={listRef}
          id="seen-before-list"
          className="comms-seen__list"
          role="listbox"
          tabIndex={0}
          aria-label="Past incidents like this one"
          aria-activedescendant={`seen-${active}`}
          onKeyDown={(e) => {
            if (onKeys(e)) e.stopPropagation();
          }}
        >
          {items?.map((item, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the list's keys (↑ ↓ Enter) are on the listbox
            <div
              key={item.incidentId}
              id={`seen-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={`comms-seen__item${i === active ? ' comms-seen__item--active' : ''}`}
              onClick={() => {
                setActive(i);
                open(i);
              }}
              data-testid="seen-before-item"
              data-incident-id={item.incidentId}
            >
              <div className="comms-seen__top">
                <SevBadge severity={item.severity} />
                <span className="comms-seen__title">{item.title}</span>
                <span className="muted comms-seen__when">{localStamp(item.openedAt, now)}</span>
              </div>
              <div className="comms-seen__facts">
                <span>
                  {item.minutesToRestore === null
                    ? 'never restored'
                    : `restored in ${durationWords(item.minutesToRestore * 60_000)}`}
                </span>
                <span className="muted">
                  {item.customer.code} · {item.reasons.join(' · ')}
                </span>
              </div>
              {(item.restoredBy.step || item.restoredBy.note) && (
                <div className="comms-seen__fix">
                  <Icon name="check" size={12} />
                  <span>
                    What restored it: {item.restoredBy.step && <strong>{item.restoredBy.step}</strong>}
                    {item.restoredBy.step && item.restoredBy.note && ' — '}
                    {item.restoredBy.note}
                  </span>
                </div>
              )}
              {item.followUps.length > 0 && (
                <ul className="comms-seen__fu">
                  {item.followUps.slice(0, 3).map((f) => (
                    <li key={`${f.kind}:${f.text}`}>
                      {FOLLOW_UP_WORDS[f.kind]}: {f.text}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
