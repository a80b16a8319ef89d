/** One core playbook (container): what it is for, its steps, history with diffs, overlays. */
import { useEffect, useState } from 'react';
import type { PlaybookStep } from '../../shared/playbooks/model';
import { api } from '../api/client';
import { navigate, routeHref } from '../app/router';
import { markReady, useApp } from '../app/store';
import { Modal } from '../editing/Dialog';
import { RefusalNotice } from '../sync/Held';
import { CardSkeleton, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { ChangeList, CommandBlock, formatDate, KindList, minutes, ReviewBadge, StepKindBadge } from './bits';
import { Crumbs, CustomerPicker, playbooksRoute, useBackKey } from './frame';
import { Markdown } from './Markdown';
import { type Detail, RISK_LABELS, useDiff, usePlaybook } from './store';
import './detail.css';

export function PlaybookDetailPage({
  playbookId,
  from,
  to,
}: {
  readonly playbookId: string;
  readonly from: string | undefined;
  readonly to: string | undefined;
}) {
  const { value, status, error } = usePlaybook();
  const playbook = value?.id === playbookId ? value : null;
  const slow = useDelayedFlag(status === 'loading');
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    void usePlaybook.getState().open({ id: playbookId });
  }, [playbookId]);

  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);

  useBackKey(picking ? null : () => navigate(playbooksRoute()));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (picking || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'e') {
        event.preventDefault();
        navigate(playbooksRoute([playbookId, 'edit']));
      } else if (key === 'p') {
        event.preventDefault();
        navigate(playbooksRoute([playbookId, 'preview']));
      } else if (key === 'o') {
        event.preventDefault();
        setPicking(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [playbookId, picking]);

  return (
    <section className="screen" aria-label={playbook ? `${playbook.title} playbook` : 'Playbook'}>
      <Crumbs
        trail={playbook ? [{ label: playbook.title }] : []}
        hint={
          <>
            <Kbd>Esc</Kbd> library
          </>
        }
      />
      <div className="screen__body" data-testid="screen-body">
        {status === 'failed' && error && (
          <ErrorPanel
            error={error}
            doing="load this playbook"
            onRetry={() => void usePlaybook.getState().refresh()}
          >
            <a className="button" href={routeHref(playbooksRoute())}>
              Back to the library
            </a>
          </ErrorPanel>
        )}
        {playbook ? (
          <DetailView
            playbook={playbook}
            initialFrom={from}
            initialTo={to}
            onAddOverlay={() => setPicking(true)}
          />
        ) : (
          status === 'loading' && slow && <CardSkeleton />
        )}
      </div>
      <footer className="screen__hint">
        <Kbd>E</Kbd> edit · <Kbd>P</Kbd> preview as engineer · <Kbd>O</Kbd> add overlay · <Kbd>Esc</Kbd> back
        to the library
      </footer>
      {picking && playbook && (
        <Modal
          title="Add an overlay for a customer"
          subtitle={`Customize “${playbook.title}” for one customer: parameter values and the customizable steps only.`}
          onRequestClose={() => setPicking(false)}
          testId="overlay-customer-picker"
        >
          <CustomerPicker
            autoFocus
            label="Customer for the overlay"
            exclude={new Set(playbook.overlays.map((o) => o.customer.id))}
            onPick={(c) => navigate(playbooksRoute([playbook.id, 'overlays', c.id]))}
          />
          {playbook.overlays.length > 0 && (
            <p className="field__hint pb-picker__note">
              Customers that already have an overlay are not listed: open theirs from the overlays list.
            </p>
          )}
        </Modal>
      )}
    </section>
  );
}

function DetailView({
  playbook,
  initialFrom,
  initialTo,
  onAddOverlay,
}: {
  readonly playbook: Detail;
  readonly initialFrom: string | undefined;
  readonly initialTo: string | undefined;
  readonly onAddOverlay: () => void;
}) {
  const [marking, setMarking] = useState(false);
  const body = playbook.body;

  const markReviewed = async () => {
    setMarking(true);
    const result = await api.call('playbook:markReviewed', { id: playbook.id });
    setMarking(false);
    if (result.ok) useApp.getState().notify('Marked reviewed', `${playbook.title} · today`);
    else useApp.getState().reportError(result.error, 'mark the playbook reviewed');
  };

  return (
    <article className="card-page pb-detail">
      <header className="customer-head">
        <div className="customer-head__id">
          <div className="customer-head__meta">
            <span className="code-chip">v{playbook.currentVersion}</span>
            <ReviewBadge reviewState={playbook.reviewState} reviewedAt={playbook.reviewedAt} />
            <span className="muted">
              Reviewed {formatDate(playbook.reviewedAt)} · every {playbook.reviewIntervalDays} days
            </span>
          </div>
          <h1 className="customer-head__name" data-testid="playbook-title" tabIndex={-1}>
            {playbook.title}
          </h1>
          <p className="customer-head__sub">
            Owner <strong>{playbook.owner ?? 'nobody'}</strong> · restore within{' '}
            <strong>{minutes(body.restoreTargetMinutes)}</strong> · {body.steps.length} steps · updated{' '}
            {formatDate(playbook.updatedAt)}
          </p>
        </div>
        <div className="customer-head__actions">
          <button
            type="button"
            className="button"
            onClick={() => void markReviewed()}
            disabled={marking}
            data-testid="mark-reviewed"
          >
            <Icon name="check" size={14} /> {marking ? 'Marking…' : 'Mark reviewed'}
          </button>
          <a className="button" href={routeHref(playbooksRoute([playbook.id, 'preview']))}>
            <Icon name="search" size={14} /> Preview as engineer
          </a>
          <a className="button button--primary" href={routeHref(playbooksRoute([playbook.id, 'edit']))}>
            <Icon name="edit" size={14} /> Edit
          </a>
        </div>
      </header>
      <RefusalNotice filter={{ record: { entity: 'playbook', id: playbook.id } }} />

      <div className="pb-detail__grid">
        <div className="pb-detail__main">
          <section className="panel" aria-labelledby="pb-summary">
            <h2 className="panel__title" id="pb-summary">
              Summary
            </h2>
            {body.summary.trim() ? (
              <Markdown source={body.summary} />
            ) : (
              <p className="muted">No summary written.</p>
            )}
          </section>

          <section className="panel" aria-labelledby="pb-params">
            <h2 className="panel__title" id="pb-params">
              Parameters <span className="panel__note">customization points an overlay may set</span>
            </h2>
            {body.parameters.length === 0 ? (
              <p className="muted">No parameters: every customer runs the same text.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Type</th>
                    <th>Default</th>
                    <th>Description</th>
                  </tr>
                </thead>
                <tbody>
                  {body.parameters.map((p) => (
                    <tr key={p.name}>
                      <td className="mono">{p.name}</td>
                      <td>
                        <span className="tag">{p.type}</span>
                      </td>
                      <td className="mono">
                        {p.default === null ? <span className="muted">none</span> : String(p.default)}
                      </td>
                      <td className="pb-muted-text">{p.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="panel" aria-labelledby="pb-steps">
            <h2 className="panel__title" id="pb-steps">
              Steps{' '}
              <span className="panel__note">
                {body.steps.filter((s) => s.customizable).length} customizable
              </span>
            </h2>
            <ol className="pb-steps">
              {body.steps.map((s, i) => (
                <CoreStep key={s.id} step={s} n={i + 1} />
              ))}
            </ol>
          </section>

          <History playbook={playbook} initialFrom={initialFrom} initialTo={initialTo} />
        </div>

        <aside className="pb-detail__side">
          <section className="panel" aria-labelledby="pb-applies">
            <h2 className="panel__title" id="pb-applies">
              Applies to
            </h2>
            <dl className="facts">
              <div className="facts__row">
                <dt>Asset kinds</dt>
                <dd>
                  <KindList kinds={body.appliesTo.assetKinds} />
                </dd>
              </div>
              <div className="facts__row">
                <dt>Tags</dt>
                <dd>
                  <Words words={body.appliesTo.tags} none="any" />
                </dd>
              </div>
              <div className="facts__row">
                <dt>Symptoms</dt>
                <dd>
                  <Words words={body.appliesTo.symptoms} none="none listed" />
                </dd>
              </div>
              {body.appliesTo.risk && (
                <div className="facts__row" data-testid="risk-mark">
                  <dt>Risk</dt>
                  <dd>
                    <span className="warn">{RISK_LABELS[body.appliesTo.risk]}</span>
                    <p className="pb-muted-text">
                      Held back from best fit unless the alert names its symptoms.
                    </p>
                  </dd>
                </div>
              )}
              <div className="facts__row">
                <dt>Restore target</dt>
                <dd>{minutes(body.restoreTargetMinutes)}</dd>
              </div>
            </dl>
          </section>

          <section className="panel" aria-labelledby="pb-overlays" data-testid="overlays">
            <h2 className="panel__title" id="pb-overlays">
              Overlays{' '}
              <span className="panel__note">
                {playbook.overlays.length === 1 ? '1 customer' : `${playbook.overlays.length} customers`}
              </span>
            </h2>
            {playbook.overlays.length === 0 ? (
              <p className="muted">Every customer runs this playbook as is.</p>
            ) : (
              <ul className="pb-overlays">
                {playbook.overlays.map((o) => (
                  <li key={o.id}>
                    <a
                      className="pb-overlay"
                      href={routeHref(playbooksRoute([playbook.id, 'overlays', o.customer.id]))}
                      data-testid="overlay-row"
                    >
                      <span className="code-chip">{o.customer.code}</span>
                      <span className="pb-overlay__name">{o.customer.name}</span>
                      {o.drifted && (
                        <span
                          className="pb-drift"
                          title={`Written against v${o.coreVersion}; core is v${playbook.currentVersion}`}
                        >
                          drifted · v{o.coreVersion}
                        </span>
                      )}
                      <span className="pb-overlay__count" title="Parameter values and step changes">
                        {o.overrides} {o.overrides === 1 ? 'override' : 'overrides'}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="button pb-add-overlay" onClick={onAddOverlay}>
              <Icon name="plus" size={13} /> Add overlay for customer…
              <kbd className="kbd">O</kbd>
            </button>
          </section>
        </aside>
      </div>
    </article>
  );
}

function Words({ words, none }: { readonly words: readonly string[]; readonly none: string }) {
  if (words.length === 0) return <span className="muted">{none}</span>;
  return (
    <span className="pb-words">
      {words.map((w) => (
        <span key={w} className="tag">
          {w}
        </span>
      ))}
    </span>
  );
}

function CoreStep({ step, n }: { readonly step: PlaybookStep; readonly n: number }) {
  return (
    <li className="pb-step" data-testid="core-step">
      <div className="pb-step__n" aria-hidden="true">
        {n}
      </div>
      <div className="pb-step__body">
        <div className="pb-step__head">
          <h3 className="pb-step__title">{step.title}</h3>
          <StepKindBadge kind={step.kind} />
          {step.customizable ? (
            <span
              className="pb-custom pb-custom--customizable"
              title="A customer overlay may change this step"
            >
              customizable
            </span>
          ) : (
            <span className="pb-custom pb-custom--fixed" title="Fixed by core for every customer">
              <Icon name="key" size={11} /> fixed
            </span>
          )}
          <span className="pb-step__time" title="Time box">
            <Icon name="clock" size={12} /> {minutes(step.timeboxMinutes)}
          </span>
        </div>
        {step.instruction.trim() && <Markdown source={step.instruction} template />}
        {step.command && <CommandBlock command={step.command} />}
        {step.expected && (
          <p className="pb-step__expected">
            <span className="pb-step__label">Expected</span> {step.expected}
          </p>
        )}
      </div>
    </li>
  );
}

function History({
  playbook,
  initialFrom,
  initialTo,
}: {
  readonly playbook: Detail;
  readonly initialFrom: string | undefined;
  readonly initialTo: string | undefined;
}) {
  const numbers = playbook.versions.map((v) => v.number);
  const latest = playbook.currentVersion;
  const pick = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return numbers.includes(n) ? n : fallback;
  };
  const [from, setFrom] = useState(() => pick(initialFrom, Math.max(1, latest - 1)));
  const [to, setTo] = useState(() => pick(initialTo, latest));
  const diff = useDiff();
  const comparable = numbers.length > 1 && from !== to;

  useEffect(() => {
    if (comparable) void useDiff.getState().open({ id: playbook.id, from, to });
  }, [comparable, playbook.id, from, to]);

  const versions = [...playbook.versions].sort((a, b) => b.number - a.number);
  const showDiff = comparable && diff.key === `${playbook.id}:${from}:${to}`;
  return (
    <section className="panel" aria-labelledby="pb-history">
      <h2 className="panel__title" id="pb-history">
        Versions <span className="panel__note">each save makes a new, immutable version</span>
      </h2>
      <ul className="pb-versions">
        {versions.map((v) => (
          <li key={v.number} className={v.number === latest ? 'pb-versions__current' : undefined}>
            <span className="code-chip">v{v.number}</span>
            <span>{v.author}</span>
            <span className="muted">{formatDate(v.createdAt)}</span>
            {v.number === latest && <span className="pill pill--ok">current</span>}
          </li>
        ))}
      </ul>
      {numbers.length > 1 ? (
        <div className="pb-compare">
          <div className="pb-compare__pick">
            <label>
              Compare{' '}
              <select
                className="input select"
                aria-label="Compare from version"
                value={from}
                onChange={(e) => setFrom(Number(e.target.value))}
              >
                {versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    v{v.number}
                  </option>
                ))}
              </select>
            </label>
            <label>
              with{' '}
              <select
                className="input select"
                aria-label="Compare to version"
                value={to}
                onChange={(e) => setTo(Number(e.target.value))}
              >
                {versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    v{v.number}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {!comparable && <p className="muted">Pick two different versions to see what changed.</p>}
          {comparable && diff.status === 'failed' && diff.error && (
            <ErrorPanel error={diff.error} doing="compare the versions" onRetry={() => void diff.refresh()} />
          )}
          {showDiff && diff.status === 'loading' && <SkeletonLines rows={3} label="Comparing versions" />}
          {showDiff && diff.value && <ChangeList changes={diff.value.changes} />}
        </div>
      ) : (
        <p className="muted">Only one version so far: nothing to compare.</p>
      )}
    </section>
  );
}
