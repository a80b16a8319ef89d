/** Customers screen (container): search box, count, the list, keyboard paths. */
import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { COUNTED_CUSTOMER_KIND } from '../../shared/catalog/customerKinds';
import { useListScreen } from '../app/listScreen';
import { navigate } from '../app/router';
import { EmptyState, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { MOD_KEY, useDelayedFlag, useFocusAfterPaint, useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { useSelectionKeys } from '../ui/listbox';
import { CustomerList } from './CustomerList';
import { LIST_LIMIT, useCustomerList } from './store';
import './customers.css';

export function CustomersScreen() {
  const { query, shownQuery, items, total, status, error, selectedId } = useCustomerList();
  const { setQuery, refresh, load, select } = useCustomerList.getState();
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow(30_000);
  const slow = useDelayedFlag(status === 'loading');

  // The list asked for at start-up (startCustomerStores) is not asked for twice.
  useListScreen({ refresh: load, status, searchRef });
  useFocusAfterPaint(searchRef);

  const open = (id: string) => navigate({ screen: 'customers', customerId: id });

  const listKeys = useSelectionKeys(items, selectedId, select, open);

  const onListKeys = (event: KeyboardEvent<HTMLElement>) => {
    if (listKeys(event)) return;
    switch (event.key) {
      case '/':
        // The search is already focused: a leading '/' is the shortcut, not a search term.
        if (event.currentTarget === searchRef.current && !query) event.preventDefault();
        break;
      case 'Escape':
        if (event.currentTarget === searchRef.current && query) {
          event.preventDefault();
          setQuery('');
        }
        break;
      default:
        break;
    }
  };

  const stale = query !== shownQuery;
  let body: ReactNode;
  if (status === 'failed' && error) {
    body = <ErrorPanel error={error} doing="load the customer list" onRetry={() => void refresh()} />;
  } else if (status === 'loading') {
    body = slow ? <SkeletonLines rows={14} label="Loading customers" /> : null;
  } else if (items.length === 0 && shownQuery.trim()) {
    body = (
      <EmptyState icon="search" title="No match">
        <p>No customer matches “{shownQuery.trim()}”. Try a code like ACME or part of the name.</p>
      </EmptyState>
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState icon="customers" title="No customers in this database yet">
        <p>
          Import an environment with <code>lifeline import</code>, or start with demo data:{' '}
          <code>lifeline demo</code>.
        </p>
      </EmptyState>
    );
  } else {
    body = (
      <CustomerList
        items={items}
        selectedId={selectedId}
        now={now}
        onSelect={select}
        onOpen={open}
        onKeyDown={onListKeys}
      />
    );
  }

  return (
    <section className="screen" aria-labelledby="customers-title">
      <header className="screen__header">
        <div>
          <h1 id="customers-title" className="screen__title">
            Customers
          </h1>
          <p className="screen__subtitle" aria-live="polite">
            {status === 'ready'
              ? countLine(
                  items.length,
                  total,
                  items.filter((c) => c.kind !== COUNTED_CUSTOMER_KIND).length,
                  shownQuery.trim(),
                )
              : status === 'failed'
                ? 'Customer list unavailable'
                : 'Loading…'}
          </p>
        </div>
        <div className={`search${stale ? ' search--busy' : ''}`}>
          <Icon name="search" />
          <input
            ref={searchRef}
            type="search"
            className="search__input"
            aria-label="Search customers"
            placeholder="Name or code…"
            value={query}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onListKeys}
          />
          <Kbd>/</Kbd>
        </div>
      </header>
      <div className="screen__body screen__body--flush">{body}</div>
      <footer className="screen__hint">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> select · <Kbd>Enter</Kbd> open recovery card · <Kbd>/</Kbd> search ·{' '}
        <Kbd>{MOD_KEY} K</Kbd> command palette
      </footer>
    </section>
  );
}

/**
 * "60 customers · and the internal platform": the number counts what the status bar counts
 * (COUNTED_CUSTOMER_KIND), the platform record the list also shows is named, not counted.
 */
function countLine(shown: number, total: number, others: number, query: string): string {
  const customers = total - others;
  const noun = customers === 1 ? 'customer' : 'customers';
  const counted = query
    ? `${customers.toLocaleString('en-US')} ${noun} match “${query}”`
    : `${customers.toLocaleString('en-US')} ${noun}`;
  const base = others > 0 ? `${counted} · and the internal platform` : counted;
  return shown < total
    ? `${base} · showing the first ${Math.min(shown, LIST_LIMIT).toLocaleString('en-US')}`
    : base;
}
