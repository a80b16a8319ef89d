/** Playbook feedback from published reviews: the library's count per playbook and the page that lists them. */
import { useEffect } from 'react';
import { navigate, routeHref } from '../app/router';
import { markReady } from '../app/store';
import { EmptyState, ErrorPanel, SkeletonLines } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { reviewHref, when } from './bits';
import { useSuggestions } from './store';
import './reviews.css';

function useLoaded() {
  const s = useSuggestions();
  useEffect(() => {
    void useSuggestions.getState().open('all');
  }, []);
  return s;
}

/** "3 suggestions" beside a playbook in the library; nothing when there are none. */
export function SuggestionCount({ playbookId }: { readonly playbookId: string }) {
  const { value } = useLoaded();
  const n = value?.playbooks.find((p) => p.playbookId === playbookId)?.count ?? 0;
  if (n === 0) return null;
  return (
    <a
      className="pill warn rv-suggest-chip"
      href={`${routeHref({ screen: 'playbooks', path: ['suggestions'], params: {} })}#pb-${playbookId}`}
      onClick={(e) => {
        e.stopPropagation();
      }}
      data-testid="suggestion-count"
    >
      {n} suggestion{n === 1 ? '' : 's'}
    </a>
  );
}

export function SuggestionsPage() {
  const { value, status, error } = useLoaded();
  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);
  const playbooks = value?.playbooks ?? [];
  return (
    <section className="screen" aria-labelledby="sg-title">
      <header className="screen__header">
        <div>
          <a className="link-button" href={routeHref({ screen: 'playbooks', path: [], params: {} })}>
            <Icon name="back" size={14} /> Library
          </a>
          <h1 id="sg-title" className="screen__title">
            Suggestions from reviews
          </h1>
          <p className="screen__subtitle">
            Steps marked wrong or missing in published post-incident reviews, for each playbook's owner.
          </p>
        </div>
      </header>
      <div className="screen__body">
        {status === 'failed' && error && (
          <ErrorPanel
            error={error}
            doing="load the suggestions"
            onRetry={() => void useSuggestions.getState().refresh()}
          />
        )}
        {status === 'loading' && <SkeletonLines rows={4} label="Loading suggestions" />}
        {status === 'ready' && playbooks.length === 0 && (
          <EmptyState icon="playbooks" title="No suggestions">
            Feedback marked in a published review shows here.
          </EmptyState>
        )}
        {playbooks.map((p) => (
          <section
            key={p.playbookId}
            id={`pb-${p.playbookId}`}
            className="panel rv-suggest"
            data-testid="suggestion-group"
          >
            <h2 className="panel__title">
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ screen: 'playbooks', path: [p.playbookId], params: {} })}
              >
                {p.title}
              </button>
              <span className="pill">{p.count}</span>
              <span className="panel__note">for {p.owner ?? 'no owner'}</span>
            </h2>
            <ul className="rv-lines">
              {p.items.map((s) => (
                <li key={`${s.reviewId}-${s.note}`}>
                  <span className={`pill${s.verdict === 'wrong' ? ' pill--danger' : ''}`}>{s.verdict}</span>
                  <span className="rv-lines__text">
                    v{s.playbookVersion}
                    {s.stepTitle ? ` · ${s.verdict === 'missing' ? 'after ' : ''}'${s.stepTitle}'` : ''}:{' '}
                    {s.note}
                  </span>
                  <a className="rv-src" href={reviewHref(s.incidentId)}>
                    review of {s.incidentTitle}, {when(s.publishedAt)} by {s.publishedBy}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
