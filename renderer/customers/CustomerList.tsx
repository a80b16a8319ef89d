/** The virtualized customer list (presentational): rows in, selection and open requests out. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { CustomerSummary } from '../../shared/catalog/schemas';
import { optionPicks } from '../ui/listbox';
import { ReviewBadge, TierBadge } from './badges';
import { formatLocalTime, LIST_REVIEW_INTERVAL_DAYS, reviewState } from './cardFacts';

const ROW_HEIGHT = 40;

export function CustomerList({
  items,
  selectedId,
  now,
  onSelect,
  onOpen,
  onKeyDown,
}: {
  readonly items: readonly CustomerSummary[];
  readonly selectedId: string | null;
  readonly now: Date;
  readonly onSelect: (id: string) => void;
  readonly onOpen: (id: string) => void;
  readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const selectedIndex = items.findIndex((c) => c.id === selectedId);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div className="customer-list">
      <div className="customer-list__head" aria-hidden="true">
        <span>Code</span>
        <span>Customer</span>
        <span>Tier</span>
        <span>Time zone</span>
        <span className="num">Assets</span>
        <span>Review</span>
      </div>
      <div
        ref={scrollRef}
        className="customer-list__scroll"
        role="listbox"
        aria-label="Customers"
        tabIndex={0}
        aria-activedescendant={selectedId ? `customer-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="customer-list__inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const customer = items[row.index];
            if (!customer) return null;
            const selected = customer.id === selectedId;
            const local = formatLocalTime(now, customer.timeZone);
            return (
              <div
                key={customer.id}
                id={`customer-${customer.id}`}
                role="option"
                aria-selected={selected}
                data-testid="customer-row"
                className={`customer-row${selected ? ' customer-row--selected' : ''}`}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                tabIndex={-1}
                {...optionPicks(customer.id, onSelect, onOpen)}
              >
                <span className="customer-row__code">{customer.code}</span>
                <span className="customer-row__name">{customer.name}</span>
                <span>
                  <TierBadge tier={customer.tier} />
                </span>
                <span className="customer-row__tz" title={customer.timeZone}>
                  <span className="customer-row__clock">{local.time}</span> {customer.timeZone}
                </span>
                <span className="num">{customer.assetCount.toLocaleString('en-US')}</span>
                <span>
                  <ReviewBadge state={reviewState(customer.reviewedAt, LIST_REVIEW_INTERVAL_DAYS, now)} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
