/** Honest empty state for a screen that is not built yet: what it will hold, what to do now. */
import { useEffect } from 'react';
import { EmptyState } from '../ui/feedback';
import type { IconName } from '../ui/icons';
import { navigate } from './router';
import { markReady } from './store';

export function Placeholder({
  title,
  headline,
  icon,
  willHold,
  meanwhile,
}: {
  readonly title: string;
  readonly headline: string;
  readonly icon: IconName;
  readonly willHold: string;
  readonly meanwhile: string;
}) {
  useEffect(() => markReady(), []);
  return (
    <section className="screen" aria-labelledby="placeholder-title">
      <header className="screen__header">
        <div>
          <h1 id="placeholder-title" className="screen__title">
            {title}
          </h1>
          <p className="screen__subtitle">Not in this release yet</p>
        </div>
      </header>
      <div className="screen__body">
        <EmptyState icon={icon} title={headline}>
          <p>{willHold}</p>
          <p className="empty-state__now">{meanwhile}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => navigate({ screen: 'customers', customerId: null })}
          >
            Open Customers
          </button>
        </EmptyState>
      </div>
    </section>
  );
}
