/**
 * The incident board (container): every active incident, the one closest to breaching its
 * restore target first (the back end's order), with live clocks; recently restored below.
 */
import { useEffect, useRef } from 'react';
import type { IncidentSummary } from '../../shared/incidents/model';
import { navigate } from '../app/router';
import { markReady } from '../app/store';
import { TierBadge } from '../customers/badges';
import { EmptyState, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag, useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { type ListKeyEvent, useActiveRow, useListboxKeys } from '../ui/listbox';
import { ClockBar, ClockCell, SevBadge, StatusPill } from './bits';
import { durationWords, localStamp, restoreClock, targetWords } from './clock';
import { useBoard, useEnded } from './store';

const openIncident = (id: string) => navigate({ screen: 'incidents', path: [id], params: {} });
const startNew = () => navigate({ screen: 'incidents', path: ['new'], params: {} });
const pasteAlert = () => navigate({ screen: 'incidents', path: ['new'], params: { paste: '1' } });

export function Board() {
  const board = useBoard();
  const now = useNow(1000).getTime();
  const slow = useDelayedFlag(board.status === 'loading');
  const listRef = useRef<HTMLDivElement>(null);
  const items = board.value?.items ?? [];

  useEffect(() => {
    void useBoard.getState().open('board');
    void useBoard.getState().refresh();
    void useEnded.getState().open('ended');
    void useEnded.getState().refresh();
    // Clocks tick locally; the order and next steps come back from the log now and then.
    const timer = setInterval(() => void useBoard.getState().refresh(), 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (board.status === 'ready' || board.status === 'failed') markReady();
  }, [board.status]);

  const count = items.length;
  const [shown, setActive] = useActiveRow(count);

  /** Enter opens the active incident, unless a focused link or button outside the rows takes it. */
  const openActive = (index: number, event: ListKeyEvent): boolean => {
    const target = event.target;
    if (target instanceof HTMLElement && target.closest('a, button') && !target.closest('.inc-row'))
      return false;
    const item = items[index];
    if (!item) return false;
    openIncident(item.id);
    return true;
  };
  const listKeys = useListboxKeys({
    count,
    active: shown,
    vimKeys: true,
    onActive: setActive,
    onEnter: openActive,
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      const key = event.key;
      // P (paste an alert) is the app's own key, on every screen.
      if (key === 'n' || key === 'N') {
        event.preventDefault();
        startNew();
      } else if (count > 0) {
        listKeys(event);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, listKeys]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the active row changes
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [shown]);

  const breached = items.filter((i) => restoreClock(i, now).state === 'breached').length;

  return (
    <section className="screen" aria-label="Incidents">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Incidents</h1>
          <p className="screen__subtitle">
            {board.value
              ? count === 0
                ? 'Nothing active'
                : `${count} active · closest to breaching its restore target first${breached ? ` · ${breached} breached` : ''}`
              : 'Loading the board…'}
          </p>
        </div>
        <div className="inc-actions" role="toolbar" aria-label="Incident actions">
          <button type="button" className="button" onClick={pasteAlert}>
            <Icon name="import" size={14} /> Paste alert <Kbd>P</Kbd>
          </button>
          <button type="button" className="button button--primary" onClick={startNew}>
            <Icon name="plus" size={14} /> Start incident <kbd className="kbd kbd--on-primary">N</kbd>
          </button>
        </div>
      </header>
      <div className="screen__body">
        {board.status === 'failed' && board.error && (
          <ErrorPanel
            error={board.error}
            doing="load the incident board"
            onRetry={() => void useBoard.getState().refresh()}
          />
        )}
        {!board.value && board.status === 'loading' && slow && (
          <SkeletonLines rows={5} label="Loading the incident board" />
        )}
        {board.value && count === 0 && (
          <EmptyState icon="check" title="No active incidents.">
            <p>
              Paste an alert (<Kbd>P</Kbd>) or start one from a customer (<Kbd>N</Kbd>).
            </p>
          </EmptyState>
        )}
        {count > 0 && (
          <div
            ref={listRef}
            className="inc-board"
            role="listbox"
            aria-label="Active incidents"
            tabIndex={0}
            aria-activedescendant={items[shown] ? `inc-row-${items[shown]?.id}` : undefined}
            data-testid="incident-board"
          >
            <div className="inc-board__head" aria-hidden="true">
              <span>Sev</span>
              <span>Customer</span>
              <span>Incident · next step</span>
              <span>Restore clock</span>
              <span>Status</span>
              <span>Progress</span>
            </div>
            {items.map((item, index) => (
              <BoardRow
                key={item.id}
                item={item}
                now={now}
                selected={index === shown}
                onHover={() => setActive(index)}
              />
            ))}
          </div>
        )}
        <RecentlyEnded now={now} />
      </div>
      <footer className="screen__hint">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> move · <Kbd>Enter</Kbd> open · <Kbd>N</Kbd> start incident · <Kbd>P</Kbd> paste alert
      </footer>
    </section>
  );
}

function BoardRow({
  item,
  now,
  selected,
  onHover,
}: {
  readonly item: IncidentSummary;
  readonly now: number;
  readonly selected: boolean;
  readonly onHover: () => void;
}) {
  const clock = restoreClock(item, now);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the board's own ↑↓ Enter keys drive the rows
    <div
      id={`inc-row-${item.id}`}
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      className={`inc-row inc-row--${clock.state}${selected ? ' inc-row--active' : ''}`}
      data-testid="incident-row"
      data-incident-id={item.id}
      onMouseMove={() => !selected && onHover()}
      onClick={() => openIncident(item.id)}
    >
      <span className="inc-row__sev">
        <SevBadge severity={item.severity} />
      </span>
      <span className="inc-row__cust">
        <span className="customer-head__code">{item.customer.code}</span>
        <span className="inc-row__cname">{item.customer.name}</span>
        <TierBadge tier={item.customer.tier} />
      </span>
      <span className="inc-row__title">
        {/* Text, not a link: an option holds no control of its own (axe nested-interactive);
            the row opens the incident on click and Enter. */}
        <span className="inc-row__link">{item.title}</span>
        <span className="inc-row__next">
          {item.nextStep ? (
            <>
              <Icon name="arrow" size={12} /> {item.nextStep}
            </>
          ) : item.progress.total === 0 ? (
            <span className="inc-row__none">No playbook started</span>
          ) : (
            <span className="inc-row__none">All steps recorded</span>
          )}
        </span>
      </span>
      <span className="inc-row__clock">
        <ClockCell clock={clock} />
        <ClockBar clock={clock} />
      </span>
      <span className="inc-row__status">
        <StatusPill status={item.status} />
        <span className="muted">opened {localStamp(item.openedAt, now)}</span>
      </span>
      <span className="inc-row__progress">
        <span className="inc-progress" aria-hidden="true">
          <span
            className="inc-progress__fill"
            style={{
              width: `${item.progress.total ? (item.progress.done / item.progress.total) * 100 : 0}%`,
            }}
          />
        </span>
        <span className="num">
          {item.progress.done}/{item.progress.total}
        </span>
      </span>
    </div>
  );
}

function RecentlyEnded({ now }: { readonly now: number }) {
  const { value, status, error } = useEnded();
  return (
    <section className="inc-ended" aria-label="Recently restored">
      <h2 className="label">Recently restored</h2>
      {status === 'failed' && error && (
        <ErrorPanel
          error={error}
          doing="load recently restored incidents"
          onRetry={() => void useEnded.getState().refresh()}
        />
      )}
      {value && value.items.length === 0 && <p className="muted">Nothing restored recently.</p>}
      {value && value.items.length > 0 && (
        <ul className="inc-ended__list">
          {value.items.map((item) => {
            const clock = restoreClock(item, now);
            return (
              <li key={item.id}>
                <a className="inc-ended__row" href={`#/incidents/${encodeURIComponent(item.id)}`}>
                  <SevBadge severity={item.severity} />
                  <span className="customer-head__code">{item.customer.code}</span>
                  <span className="inc-ended__title">{item.title}</span>
                  <StatusPill status={item.status} />
                  <span className={`inc-ended__ttr ${clock.metTarget === false ? 'warn' : 'ok'}`}>
                    {!item.restoredAt
                      ? 'closed without restore'
                      : clock.metTarget
                        ? `restored in ${durationWords(clock.elapsedMs)} · target ${targetWords(item.targetMinutes)}`
                        : `restored in ${durationWords(clock.elapsedMs)} · ${durationWords(-clock.leftMs)} over ${targetWords(item.targetMinutes)}`}
                  </span>
                  <span className="muted num">{item.restoredAt ? localStamp(item.restoredAt, now) : ''}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
