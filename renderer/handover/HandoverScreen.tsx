/**
 * Handover (container): who is on shift and since when, start / end shift (ending proposes
 * the handover), past handovers with filters and the overdue flag, import of a bundle from
 * another console. `#/handover/<id>` opens one handover.
 */
import { type ChangeEvent, useEffect, useRef } from 'react';
import type { HandoverSummary } from '../../shared/handover/model';
import { api } from '../api/client';
import { navigate } from '../app/router';
import { markReady, useApp } from '../app/store';
import { EmptyState, ErrorPanel, SkeletonLines } from '../ui/feedback';
import { useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { minutesWords, sinceWords, when } from './bits';
import { EngineerSwitcher } from './EngineerSwitcher';
import { HandoverPage } from './HandoverPage';
import { useHandover, wireHandoverEvents } from './store';
import './handover.css';

/** Routes inside the screen: path segments after #/handover/ and the query parameters. */
export function HandoverScreen({
  path,
}: {
  readonly path: readonly string[];
  readonly params: Readonly<Record<string, string>>;
}) {
  useEffect(() => wireHandoverEvents(), []);
  const id = path[0];
  return id ? <HandoverPage id={id} /> : <HandoverHome />;
}

function HandoverHome() {
  const historyStatus = useHandover((s) => s.historyStatus);
  const shiftLoaded = useHandover((s) => s.shiftLoaded);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useHandover.getState().loadPeople();
    void useHandover.getState().loadHistory();
  }, []);
  useEffect(() => {
    if (shiftLoaded && (historyStatus === 'ready' || historyStatus === 'failed')) markReady();
  }, [shiftLoaded, historyStatus]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const content = await file.text();
    const r = await api.call('handover:import', { content });
    if (!r.ok) {
      useApp.getState().reportError(r.error, `import ${file.name}`);
      return;
    }
    const v = r.value;
    useApp
      .getState()
      .notify(
        v.created
          ? 'Handover imported'
          : v.eventsAdded > 0
            ? `Handover updated: ${v.eventsAdded} new act${v.eventsAdded === 1 ? '' : 's'}`
            : 'Already here: nothing changed',
        v.missingIncidents > 0
          ? `${v.missingIncidents} incident${v.missingIncidents === 1 ? '' : 's'} it refers to ${v.missingIncidents === 1 ? 'is' : 'are'} not on this console; the handover carries their summaries.`
          : '',
      );
    void useHandover.getState().loadHistory();
    navigate({ screen: 'handover', path: [v.handoverId], params: {} });
  };

  return (
    <section className="screen" aria-labelledby="handover-title">
      <header className="screen__header ho-head">
        <div>
          <h1 id="handover-title" className="screen__title">
            Handover
          </h1>
          <p className="screen__subtitle">
            Hand over at the end of a shift; review and acknowledge at the start of yours
          </p>
        </div>
        <div className="ho-head__side">
          <EngineerSwitcher />
        </div>
      </header>
      <div className="screen__body ho-body">
        <ShiftPanel />
        <div className="ho-history-head">
          <h2 className="ho-section__title">Handovers</h2>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Import a handover bundle"
            // The button beside it is the keyboard path; a hidden 1 px input is no tab stop.
            tabIndex={-1}
            onChange={(e) => void onFile(e)}
          />
          <button type="button" className="button" onClick={() => fileRef.current?.click()}>
            <Icon name="import" size={14} /> Import bundle…
          </button>
        </div>
        <Filters />
        <History />
      </div>
    </section>
  );
}

function ShiftPanel() {
  const shift = useHandover((s) => s.shift);
  const loaded = useHandover((s) => s.shiftLoaded);
  const engineers = useHandover((s) => s.engineers);
  const activeId = useHandover((s) => s.activeId);
  const busy = useHandover((s) => s.busy);
  const now = useNow(30_000);
  const active = engineers.find((e) => e.id === activeId) ?? null;

  if (!loaded) return <SkeletonLines rows={2} label="Loading the shift" />;
  return (
    <section className={`ho-shift${shift ? ' ho-shift--on' : ''}`} aria-label="Current shift">
      <div className="ho-shift__who">
        <span className="ho-shift__avatar" aria-hidden="true">
          {shift?.engineer.initials ?? '—'}
        </span>
        <div>
          <div className="label">Current shift</div>
          {shift ? (
            <p className="ho-shift__line">
              <strong>{shift.engineer.name}</strong> on shift since {when(shift.startedAt)}{' '}
              <span className="muted">({sinceWords(shift.startedAt, now)})</span>
            </p>
          ) : (
            <p className="ho-shift__line">No shift running on this console.</p>
          )}
        </div>
      </div>
      <div className="ho-shift__actions">
        {shift ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() =>
              void useHandover
                .getState()
                .endShift()
                .then((h) => {
                  if (h) navigate({ screen: 'handover', path: [h.id], params: {} });
                })
            }
          >
            End shift and hand over
          </button>
        ) : active ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void useHandover.getState().startShift()}
          >
            Start shift as {active.name}
          </button>
        ) : (
          <span className="muted">Choose who you are (top right) to start a shift.</span>
        )}
      </div>
    </section>
  );
}

function Filters() {
  const f = useHandover((s) => s.filters);
  const set = useHandover((s) => s.setFilters);
  return (
    <form className="ho-filters" aria-label="Filter handovers" onSubmit={(e) => e.preventDefault()}>
      <input
        className="input ho-filters__input"
        aria-label="Engineer"
        placeholder="Engineer"
        value={f.engineer}
        onChange={(e) => set({ engineer: e.target.value })}
      />
      <input
        className="input ho-filters__input"
        aria-label="Customer"
        placeholder="Customer (code or name)"
        value={f.customer}
        onChange={(e) => set({ customer: e.target.value })}
      />
      <label className="ho-filters__date">
        <span>From</span>
        <input
          className="input ho-filters__date-input"
          type="date"
          value={f.from}
          onChange={(e) => set({ from: e.target.value })}
        />
      </label>
      <label className="ho-filters__date">
        <span>To</span>
        <input
          className="input ho-filters__date-input"
          type="date"
          value={f.to}
          onChange={(e) => set({ to: e.target.value })}
        />
      </label>
      <select
        className="input ho-filters__select"
        aria-label="Acknowledged"
        value={f.acknowledged}
        onChange={(e) =>
          set({ acknowledged: e.target.value === 'yes' ? 'yes' : e.target.value === 'no' ? 'no' : 'all' })
        }
      >
        <option value="all">Acknowledged or not</option>
        <option value="no">Not acknowledged</option>
        <option value="yes">Acknowledged</option>
      </select>
    </form>
  );
}

function StatusCell({ h, threshold }: { readonly h: HandoverSummary; readonly threshold: number }) {
  if (h.status === 'draft') return <span className="ho-chip ho-chip--draft">Draft</span>;
  if (h.status === 'acknowledged')
    return (
      <span className="ho-chip ho-chip--accepted" title={`at ${when(h.acknowledgedAt)}`}>
        Acknowledged · {h.acknowledgedBy}
      </span>
    );
  return (
    <span className="ho-status-cell">
      <span className={`ho-chip ${h.openQuestions > 0 ? 'ho-chip--questioned' : 'ho-chip--pending'}`}>
        {h.openQuestions > 0
          ? `${h.openQuestions} question${h.openQuestions === 1 ? '' : 's'}`
          : 'Waiting for review'}
      </span>
      {h.overdue && (
        <span className="ho-overdue" title={`Not acknowledged within ${minutesWords(threshold)}`}>
          <Icon name="warning" size={12} /> Overdue
        </span>
      )}
    </span>
  );
}

function History() {
  const items = useHandover((s) => s.history);
  const status = useHandover((s) => s.historyStatus);
  const error = useHandover((s) => s.historyError);
  const threshold = useHandover((s) => s.overdueMinutes);
  const filters = useHandover((s) => s.filters);

  if (status === 'failed' && error)
    return (
      <ErrorPanel
        error={error}
        doing="list the handovers"
        onRetry={() => void useHandover.getState().loadHistory()}
      />
    );
  if (status !== 'ready') return <SkeletonLines rows={5} label="Loading handovers" />;
  if (items.length === 0) {
    const filtered = Object.values(filters).some((v) => v !== '' && v !== 'all');
    return (
      <EmptyState icon="handover" title={filtered ? 'No handover matches these filters' : 'No handovers yet'}>
        <p>
          {filtered
            ? 'Clear a filter to see more.'
            : 'Start a shift above; ending it proposes a handover from what you recorded.'}
        </p>
      </EmptyState>
    );
  }
  return (
    <table className="ho-table">
      <thead>
        <tr>
          <th>Shift</th>
          <th>Handed over by</th>
          <th>Items</th>
          <th>Customers</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((h) => (
          <tr
            key={h.id}
            className={h.overdue ? 'ho-table__row ho-table__row--overdue' : 'ho-table__row'}
            data-testid="handover-row"
            onClick={() => navigate({ screen: 'handover', path: [h.id], params: {} })}
          >
            <td>
              <a href={`#/handover/${h.id}`} onClick={(e) => e.stopPropagation()}>
                {when(h.shiftStartedAt)} → {when(h.shiftEndedAt)}
              </a>
              {h.importedAt && <span className="ho-tag">imported</span>}
            </td>
            <td>{h.from.name}</td>
            <td className="num">
              {h.status === 'draft' ? h.itemCount : `${h.acceptedCount}/${h.itemCount}`}
            </td>
            <td className="ho-table__customers">
              {h.customers.slice(0, 4).map((c) => (
                <span key={c.id} className="mono" title={c.name}>
                  {c.code}
                </span>
              ))}
              {h.customers.length > 4 && <span className="muted">+{h.customers.length - 4}</span>}
            </td>
            <td>
              <StatusCell h={h} threshold={threshold} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
