/** The customization report and the reviews list (containers). */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { navigate, routeHref } from '../app/router';
import { markReady, useApp } from '../app/store';
import { EmptyState, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { formatDate, KindList, ReviewBadge } from './bits';
import { Crumbs, playbooksRoute, useBackKey } from './frame';
import { reviewsDue, useLibrary, useReport } from './store';
import './report.css';

const DEFAULT_BOUND = 3;

export function ReportPage({ bound: raw }: { readonly bound: string | undefined }) {
  const initial = Number(raw);
  const [boundText, setBoundText] = useState(
    Number.isInteger(initial) && initial >= 0 && initial <= 100 ? String(initial) : String(DEFAULT_BOUND),
  );
  const parsed = Number(boundText);
  const valid = /^\d+$/.test(boundText.trim()) && parsed <= 100;
  const report = useReport();
  const slow = useDelayedFlag(report.status === 'loading');

  useEffect(() => {
    if (valid) void useReport.getState().open({ bound: parsed });
  }, [valid, parsed]);

  useEffect(() => {
    if (report.status === 'ready' || report.status === 'failed') markReady();
  }, [report.status]);

  useBackKey(() => navigate(playbooksRoute()));

  const value = report.value;
  const rows = value
    ? [...value.playbooks].sort(
        (a, b) => b.customersWithOverlay - a.customersWithOverlay || a.title.localeCompare(b.title),
      )
    : [];
  const beyond = value ? value.playbooks.flatMap((p) => p.customers.filter((c) => c.beyondBound)).length : 0;
  const drifted = value ? value.playbooks.flatMap((p) => p.customers.filter((c) => c.drifted)).length : 0;
  const overlays = value ? value.playbooks.reduce((n, p) => n + p.customersWithOverlay, 0) : 0;

  return (
    <section className="screen" aria-labelledby="report-title">
      <Crumbs
        trail={[{ label: 'Customization report' }]}
        hint={
          <>
            <Kbd>Esc</Kbd> library
          </>
        }
      />
      <header className="screen__header">
        <div>
          <h1 id="report-title" className="screen__title">
            Customization report
          </h1>
          <p className="screen__subtitle">
            How far each customer deviates from core: one lean process, bounded customization.
          </p>
        </div>
        <label className="pb-bound">
          <span>Bound: flag customers with more than</span>
          <input
            className={`input input--mono pb-bound__input${valid ? '' : ' input--bad'}`}
            inputMode="numeric"
            aria-label="Override bound"
            aria-invalid={!valid || undefined}
            value={boundText}
            onChange={(e) => setBoundText(e.target.value)}
          />
          <span>overrides</span>
        </label>
      </header>
      <div className="screen__body">
        {!valid && <p className="field__error">The bound must be a whole number from 0 to 100.</p>}
        {report.status === 'failed' && report.error && (
          <ErrorPanel error={report.error} doing="build the report" onRetry={() => void report.refresh()} />
        )}
        {!value && report.status === 'loading' && slow && (
          <SkeletonLines rows={10} label="Building the report" />
        )}
        {value && (
          <>
            <div className="pb-report-summary">
              <div className="pb-stat">
                <span className="pb-stat__n">{value.playbooks.length}</span>
                <span className="pb-stat__l">core playbooks</span>
              </div>
              <div className="pb-stat">
                <span className="pb-stat__n">{overlays}</span>
                <span className="pb-stat__l">overlays</span>
              </div>
              <div className={`pb-stat${beyond > 0 ? ' pb-stat--bad' : ''}`}>
                <span className="pb-stat__n">{beyond}</span>
                <span className="pb-stat__l">beyond the bound of {value.bound}</span>
              </div>
              <div className={`pb-stat${drifted > 0 ? ' pb-stat--warn' : ''}`}>
                <span className="pb-stat__n">{drifted}</span>
                <span className="pb-stat__l">drifted from core</span>
              </div>
            </div>
            <table className="table pb-report" data-testid="customization-report">
              <thead>
                <tr>
                  <th>Playbook</th>
                  <th className="pb-report__bar-col">As is · overlaid</th>
                  <th>Customers with an overlay (overrides)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => {
                  const total = p.customersAsIs + p.customersWithOverlay;
                  const share = total === 0 ? 0 : (p.customersWithOverlay / total) * 100;
                  return (
                    <tr key={p.id} data-testid="report-row">
                      <td>
                        <a className="pb-report__title" href={routeHref(playbooksRoute([p.id]))}>
                          {p.title}
                        </a>
                      </td>
                      <td>
                        <div
                          className="pb-bar"
                          title={`${p.customersAsIs} as is, ${p.customersWithOverlay} overlaid`}
                        >
                          <span className="pb-bar__track">
                            <span
                              className="pb-bar__fill"
                              style={{ width: `${Math.max(share, share > 0 ? 2 : 0)}%` }}
                            />
                          </span>
                          <span className="pb-bar__text">
                            {p.customersAsIs} · <strong>{p.customersWithOverlay}</strong>
                          </span>
                        </div>
                      </td>
                      <td>
                        {p.customers.length === 0 ? (
                          <span className="muted">everyone runs core as is</span>
                        ) : (
                          <span className="pb-cust-chips">
                            {[...p.customers]
                              .sort((a, b) => b.overrides - a.overrides || a.code.localeCompare(b.code))
                              .map((c) => (
                                <a
                                  key={c.id}
                                  href={routeHref(playbooksRoute([p.id, 'overlays', c.id]))}
                                  className={`pb-cust-chip${c.beyondBound ? ' pb-cust-chip--beyond' : ''}${c.drifted ? ' pb-cust-chip--drifted' : ''}`}
                                  title={`${c.name}: ${c.overrides} overrides${c.beyondBound ? ' — beyond the bound' : ''}${c.drifted ? ' — drifted from core' : ''}`}
                                  data-beyond={c.beyondBound || undefined}
                                >
                                  <span className="pb-cust-chip__code">{c.code}</span>
                                  <span className="pb-cust-chip__n">{c.overrides}</span>
                                  {c.drifted && <span className="pb-cust-chip__drift">drifted</span>}
                                </a>
                              ))}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </div>
      <footer className="screen__hint">
        Red: more overrides than the bound · amber: written against an older core version · <Kbd>Esc</Kbd>{' '}
        back
      </footer>
    </section>
  );
}

export function ReviewsPage() {
  const { all, status, error } = useLibrary();
  const [busy, setBusy] = useState<string | null>(null);
  const due = reviewsDue(all);

  useEffect(() => {
    void useLibrary.getState().refresh();
  }, []);

  useEffect(() => {
    if (status !== 'loading') markReady();
  }, [status]);

  useBackKey(() => navigate(playbooksRoute()));

  const mark = async (id: string, title: string) => {
    setBusy(id);
    const result = await api.call('playbook:markReviewed', { id });
    setBusy(null);
    if (result.ok) useApp.getState().notify('Marked reviewed', title);
    else useApp.getState().reportError(result.error, 'mark the playbook reviewed');
  };

  return (
    <section className="screen" aria-labelledby="reviews-title">
      <Crumbs
        trail={[{ label: 'Reviews due' }]}
        hint={
          <>
            <Kbd>Esc</Kbd> library
          </>
        }
      />
      <header className="screen__header">
        <div>
          <h1 id="reviews-title" className="screen__title">
            Reviews due
          </h1>
          <p className="screen__subtitle">
            {status === 'ready'
              ? `${due.length} of ${all.length} playbooks need a review · oldest first`
              : 'Loading…'}
          </p>
        </div>
      </header>
      <div className="screen__body">
        {status === 'failed' && error && (
          <ErrorPanel
            error={error}
            doing="load the playbooks"
            onRetry={() => void useLibrary.getState().refresh()}
          />
        )}
        {status === 'ready' && due.length === 0 && (
          <EmptyState icon="check" title="Every playbook is reviewed">
            <p>Nothing is due. Reviews come due 14 days before each playbook's interval runs out.</p>
          </EmptyState>
        )}
        {due.length > 0 && (
          <table className="table pb-reviews" data-testid="reviews">
            <thead>
              <tr>
                <th>Playbook</th>
                <th>State</th>
                <th>Last reviewed</th>
                <th>Interval</th>
                <th>Owner</th>
                <th>Applies to</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {due.map((p) => (
                <tr key={p.id} data-testid="review-row">
                  <td>
                    <a className="pb-report__title" href={routeHref(playbooksRoute([p.id]))}>
                      {p.title}
                    </a>
                  </td>
                  <td>
                    <ReviewBadge reviewState={p.reviewState} reviewedAt={p.reviewedAt} />
                  </td>
                  <td className="num-left">{formatDate(p.reviewedAt)}</td>
                  <td>{p.reviewIntervalDays} days</td>
                  <td>{p.owner ?? <span className="muted">no owner</span>}</td>
                  <td>
                    <KindList kinds={p.appliesTo.assetKinds} />
                  </td>
                  <td className="pb-reviews__action">
                    <button
                      type="button"
                      className="button"
                      disabled={busy === p.id}
                      onClick={() => void mark(p.id, p.title)}
                    >
                      <Icon name="check" size={13} /> {busy === p.id ? 'Marking…' : 'Mark reviewed'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
