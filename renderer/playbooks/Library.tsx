/** The playbook library (container): search, filters, the list, keyboard paths. */
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef } from 'react';
import { ASSET_KIND_LABELS, ASSET_KINDS, type AssetKind } from '../../shared/catalog/labels';
import type { ReviewState } from '../../shared/playbooks/model';
import { useListScreen } from '../app/listScreen';
import { navigate, routeHref } from '../app/router';
import { SuggestionCount } from '../reviews/Suggestions';
import { EmptyState, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { optionPicks, useSelectionKeys } from '../ui/listbox';
import { KindList, ReviewBadge } from './bits';
import { playbooksRoute } from './frame';
import { REVIEW_STATE_LIST, reviewsDue, useLibrary } from './store';
import './library.css';

const REVIEW_FILTER_LABEL: Readonly<Record<ReviewState, string>> = {
  ok: 'Reviewed',
  due: 'Due',
  overdue: 'Overdue',
  never: 'Never',
};

export function Library() {
  const { filters, shown, items, all, status, error, selectedId } = useLibrary();
  const { setFilters, clearFilters, refresh, select } = useLibrary.getState();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const slow = useDelayedFlag(status === 'loading');

  useListScreen({ refresh, status, searchRef, keys: { n: () => navigate(playbooksRoute(['new'])) } });

  useEffect(() => {
    if (selectedId) document.getElementById(`playbook-${selectedId}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const owners = useMemo(
    () => [...new Set(all.map((p) => p.owner).filter((o): o is string => !!o))].sort(),
    [all],
  );
  const due = reviewsDue(all).length;
  const open = (id: string) => navigate(playbooksRoute([id]));

  const listKeys = useSelectionKeys(items, selectedId, select, open);

  const onListKeys = (event: KeyboardEvent<HTMLElement>) => {
    if (listKeys(event)) return;
    switch (event.key) {
      case 'Escape':
        if (event.currentTarget !== searchRef.current) break;
        event.preventDefault();
        // First Esc clears the search; on an empty one it leaves the box for the list, where
        // the single keys (N new playbook) work: the box opens focused and takes letters.
        if (filters.query) setFilters({ query: '' });
        else event.currentTarget.closest('.screen')?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
        break;
      default:
        break;
    }
  };

  const filtered =
    shown.query.trim() !== '' || shown.assetKind !== '' || shown.owner !== '' || shown.reviewState !== '';
  let body: ReactNode;
  if (status === 'failed' && error) {
    body = <ErrorPanel error={error} doing="load the playbooks" onRetry={() => void refresh()} />;
  } else if (status === 'loading') {
    body = slow ? <SkeletonLines rows={12} label="Loading playbooks" /> : null;
  } else if (items.length === 0 && filtered) {
    body = (
      <EmptyState icon="search" title="No playbook matches">
        <p>Nothing matches these filters. Try fewer words, or another asset kind or review state.</p>
        <button type="button" className="button" onClick={clearFilters}>
          Clear filters
        </button>
      </EmptyState>
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState icon="playbooks" title="No playbooks yet">
        <p>
          Write the first core playbook, or import a folder of runbooks with <code>lifeline import</code>.
        </p>
        <a className="button button--primary" href={routeHref(playbooksRoute(['new']))}>
          New playbook
        </a>
      </EmptyState>
    );
  } else {
    body = (
      <div className="pb-list">
        <div className="pb-list__head pb-row" aria-hidden="true">
          <span>Playbook</span>
          <span>Applies to</span>
          <span className="num">Steps</span>
          <span className="num">Overlays</span>
          <span className="num">Version</span>
          <span>Owner</span>
          <span>Review</span>
        </div>
        <div
          ref={listRef}
          className="pb-list__scroll"
          role="listbox"
          aria-label="Playbooks"
          tabIndex={0}
          aria-activedescendant={selectedId ? `playbook-${selectedId}` : undefined}
          onKeyDown={onListKeys}
        >
          {items.map((p) => {
            const selected = p.id === selectedId;
            return (
              <div
                key={p.id}
                id={`playbook-${p.id}`}
                role="option"
                aria-selected={selected}
                tabIndex={-1}
                data-testid="playbook-row"
                data-review={p.reviewState}
                className={`pb-row${selected ? ' pb-row--selected' : ''}`}
                {...optionPicks(p.id, select, open)}
              >
                <span className="pb-row__title">
                  <span className="pb-row__name">
                    {p.title}
                    <SuggestionCount playbookId={p.id} />
                  </span>
                  {p.appliesTo.symptoms.length > 0 && (
                    <span className="pb-row__symptoms">{p.appliesTo.symptoms.slice(0, 5).join(' · ')}</span>
                  )}
                </span>
                <KindList kinds={p.appliesTo.assetKinds} />
                <span className="num">{p.stepCount}</span>
                <span className={`num${p.overlayCount === 0 ? ' muted' : ''}`}>{p.overlayCount}</span>
                <span className="num mono">v{p.currentVersion}</span>
                <span className="pb-row__owner">{p.owner ?? <span className="muted">no owner</span>}</span>
                <span>
                  <ReviewBadge reviewState={p.reviewState} reviewedAt={p.reviewedAt} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    );
  }

  const stale = filters.query !== shown.query;
  return (
    <section className="screen" aria-labelledby="playbooks-title">
      <header className="screen__header">
        <div>
          <h1 id="playbooks-title" className="screen__title">
            Playbooks
          </h1>
          <p className="screen__subtitle" aria-live="polite">
            {status === 'ready'
              ? filtered
                ? `${items.length} of ${all.length} playbooks match`
                : `${items.length} core playbooks`
              : status === 'failed'
                ? 'Playbooks unavailable'
                : 'Loading…'}
          </p>
        </div>
        <div className="pb-header-actions">
          <a
            className={`button${due > 0 ? ' pb-due-link' : ''}`}
            href={routeHref(playbooksRoute(['reviews']))}
            data-testid="reviews-link"
          >
            <Icon name="clock" size={14} /> Reviews due ({due})
          </a>
          <a
            className="button"
            href={routeHref(playbooksRoute(['suggestions']))}
            data-testid="suggestions-link"
          >
            <Icon name="check" size={14} /> Suggestions from reviews
          </a>
          <a className="button" href={routeHref(playbooksRoute(['report']))}>
            <Icon name="insights" size={14} /> Customization report
          </a>
          <a className="button button--primary" href={routeHref(playbooksRoute(['new']))}>
            <Icon name="plus" size={14} /> New playbook
          </a>
        </div>
      </header>
      <div className="pb-filters">
        <div className={`search pb-filters__search${stale ? ' search--busy' : ''}`}>
          <Icon name="search" />
          <input
            ref={searchRef}
            type="search"
            className="search__input"
            aria-label="Search playbooks"
            placeholder="Title, summary or symptom…"
            value={filters.query}
            autoFocus
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setFilters({ query: e.target.value })}
            onKeyDown={onListKeys}
          />
          <Kbd>/</Kbd>
        </div>
        <label className="pb-filter">
          <span className="pb-filter__label">Applies to</span>
          <select
            className="input select"
            aria-label="Applies to asset kind"
            value={filters.assetKind}
            onChange={(e) => setFilters({ assetKind: e.target.value as AssetKind | '' })}
          >
            <option value="">Any asset kind</option>
            {ASSET_KINDS.map((k) => (
              <option key={k} value={k}>
                {ASSET_KIND_LABELS[k].many}
              </option>
            ))}
          </select>
        </label>
        <label className="pb-filter">
          <span className="pb-filter__label">Owner</span>
          <select
            className="input select"
            aria-label="Owner"
            value={filters.owner}
            onChange={(e) => setFilters({ owner: e.target.value })}
          >
            <option value="">Anyone</option>
            {owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="pb-filter pb-filter--review">
          <legend className="pb-filter__label">Review</legend>
          <div className="segmented" role="radiogroup" aria-label="Review state">
            {(['', ...REVIEW_STATE_LIST] as const).map((state) => (
              // biome-ignore lint/a11y/useSemanticElements: a segmented control of buttons reads better than radio inputs here
              <button
                key={state || 'all'}
                type="button"
                role="radio"
                aria-checked={filters.reviewState === state}
                className={`segmented__item${filters.reviewState === state ? ' segmented__item--on' : ''}`}
                onClick={() => setFilters({ reviewState: state })}
              >
                {state === '' ? 'All' : REVIEW_FILTER_LABEL[state]}
              </button>
            ))}
          </div>
        </fieldset>
        {filtered && (
          <button type="button" className="link-button pb-filters__clear" onClick={clearFilters}>
            <Icon name="close" size={12} /> Clear
          </button>
        )}
      </div>
      <div className="screen__body screen__body--flush">{body}</div>
      <footer className="screen__hint">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> select · <Kbd>Enter</Kbd> open · <Kbd>/</Kbd> search · <Kbd>Esc</Kbd> leave the search ·{' '}
        <Kbd>N</Kbd> new playbook (outside the search)
      </footer>
    </section>
  );
}
