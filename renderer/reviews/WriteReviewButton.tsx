/** "Write review" (or "Review" once one is published) on a restored or closed incident. */
import { useEffect } from 'react';
import { Icon } from '../ui/icons';
import { reviewHref } from './bits';
import { useIncidentReviews } from './store';

export function WriteReviewButton({ incidentId }: { readonly incidentId: string }) {
  const value = useIncidentReviews((s) => (s.key === incidentId ? s.value : null));
  useEffect(() => {
    void useIncidentReviews.getState().open(incidentId);
  }, [incidentId]);
  const published = value?.items.some((i) => i.status === 'published') ?? false;
  const draft = value?.items.some((i) => i.status === 'draft') ?? false;
  return (
    <a
      className={`button${published ? '' : ' button--primary'}`}
      href={reviewHref(incidentId)}
      data-testid="write-review"
    >
      <Icon name="check" size={14} /> {published ? 'Review' : draft ? 'Continue review' : 'Write review'}
    </a>
  );
}
