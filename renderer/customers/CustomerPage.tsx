/** A customer's recovery card (container): loads by id, keyboard back, live refresh. */
import { useEffect } from 'react';
import { navigate } from '../app/router';
import { markReady } from '../app/store';
import { CardSkeleton, ErrorPanel } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag, useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { RecoveryCard } from './RecoveryCard';
import { useCustomerCard } from './store';

const backToList = () => navigate({ screen: 'customers', customerId: null });

export function CustomerPage({ customerId }: { readonly customerId: string }) {
  const { detail, status, error } = useCustomerCard();
  const shown = detail?.id === customerId ? detail : null;
  const slow = useDelayedFlag(status === 'loading');
  const now = useNow(30_000);

  useEffect(() => {
    void useCustomerCard.getState().open(customerId);
  }, [customerId]);

  useEffect(() => {
    if (status !== 'loading') markReady();
  }, [status]);

  // Keyboard and screen-reader users land on the customer's name, not on <body>.
  const hasCard = shown !== null;
  useEffect(() => {
    if (hasCard && (document.activeElement === document.body || document.activeElement === null)) {
      document.querySelector<HTMLElement>('[data-testid="customer-name"]')?.focus({ preventScroll: true });
    }
  }, [hasCard]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const back = (event.key === 'Escape' && !event.altKey) || (event.key === 'ArrowLeft' && event.altKey);
      // '/' means "search", which lives on the list: go there (its search box takes focus).
      const search = event.key === '/' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
      if (back || search) {
        event.preventDefault();
        backToList();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="screen" aria-label={shown ? `${shown.name} recovery card` : 'Customer'}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <button type="button" className="link-button" onClick={backToList}>
          <Icon name="back" size={14} /> Customers
        </button>
        <span className="crumbs__hint">
          <kbd className="kbd">Esc</kbd> back
        </span>
      </nav>
      <div className="screen__body">
        {status === 'failed' && error && (
          <ErrorPanel
            error={error}
            doing="load this customer"
            onRetry={() => void useCustomerCard.getState().refresh()}
          >
            <button type="button" className="button" onClick={backToList}>
              Back to customers
            </button>
          </ErrorPanel>
        )}
        {shown ? (
          <RecoveryCard customer={shown} now={now} />
        ) : (
          status === 'loading' && slow && <CardSkeleton />
        )}
      </div>
    </section>
  );
}
