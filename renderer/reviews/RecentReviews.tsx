/** The customer card's recent post-incident reviews (published), newest first. */
import { useEffect } from 'react';
import { minutesWords } from '../../shared/reviews/time';
import { Icon } from '../ui/icons';
import { reviewHref, when } from './bits';
import { useCustomerReviews } from './store';
import './reviews.css';

export function RecentReviews({ customerId }: { readonly customerId: string }) {
  const value = useCustomerReviews((s) => (s.key === customerId ? s.value : null));
  useEffect(() => {
    void useCustomerReviews.getState().open(customerId);
  }, [customerId]);
  const items = value?.items ?? [];
  return (
    <section className="panel panel--wide" aria-label="Recent reviews" data-testid="recent-reviews">
      <h2 className="panel__title">
        <Icon name="check" size={14} />
        Recent reviews
        <span className="panel__note">published after restore</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">No published post-incident review yet.</p>
      ) : (
        <ul className="rv-recent">
          {items.map((r) => (
            <li key={r.id}>
              <span className={`sev sev--${r.severity}`}>{r.severity.toUpperCase()}</span>
              <a href={reviewHref(r.incidentId)}>{r.incidentTitle}</a>
              <span className="muted">
                {r.durationMinutes === null ? '' : `${minutesWords(r.durationMinutes)} · `}
                {r.breached ? 'target breached' : 'target met'} · {r.actions} action
                {r.actions === 1 ? '' : 's'} · published {when(r.publishedAt)} by {r.publishedBy}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
