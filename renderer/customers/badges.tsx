/** Tier and review badges, shared by the list and the recovery card. */
import type { Tier } from '../../shared/catalog/schemas';
import { assertNever } from '../../shared/util/assertNever';
import { ageInWords, type ReviewState } from './cardFacts';

export function TierBadge({ tier }: { readonly tier: Tier }) {
  return <span className={`tier tier--${tier}`}>{tier}</span>;
}

export function ReviewBadge({ state }: { readonly state: ReviewState }) {
  switch (state.kind) {
    case 'never':
      return <span className="review review--stale warn">Never reviewed</span>;
    case 'overdue':
      return (
        <span className="review review--stale warn" title={`Last reviewed ${ageInWords(state.days)}`}>
          Overdue · {ageInWords(state.days)}
        </span>
      );
    case 'fresh':
      return <span className="review muted">Reviewed {ageInWords(state.days)}</span>;
    default:
      return assertNever(state, 'review state');
  }
}
