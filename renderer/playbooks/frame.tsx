/** Frame pieces for the playbook pages: breadcrumbs, Escape-to-go-back, a customer picker. */
import { type ReactNode, useEffect, useId, useState } from 'react';
import type { CustomerSummary } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { type Route, routeHref } from '../app/router';
import { TierBadge } from '../customers/badges';
import { Kbd } from '../ui/feedback';
import { isTypingTarget } from '../ui/hooks';
import { Icon } from '../ui/icons';

export const playbooksRoute = (path: readonly string[] = [], params: Record<string, string> = {}): Route => ({
  screen: 'playbooks',
  path,
  params,
});

export interface Crumb {
  readonly label: string;
  readonly path?: readonly string[];
}

export function Crumbs({ trail, hint }: { readonly trail: readonly Crumb[]; readonly hint?: ReactNode }) {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <div className="crumbs__path">
        <a className="link-button" href={routeHref(playbooksRoute())}>
          <Icon name="back" size={14} /> Playbooks
        </a>
        {trail.map((c) => (
          <span key={c.label} className="crumbs__path">
            <span className="crumbs__sep">/</span>
            {c.path ? (
              <a className="link-button" href={routeHref(playbooksRoute(c.path))}>
                {c.label}
              </a>
            ) : (
              <span>{c.label}</span>
            )}
          </span>
        ))}
      </div>
      {hint && <span className="crumbs__hint">{hint}</span>}
    </nav>
  );
}

/**
 * Escape (or Alt+←) goes back a level when nothing else wants it: an open dialog stops the
 * key at the dialog, and typing in a field only blurs it first.
 */
export function useBackKey(back: (() => void) | null): void {
  useEffect(() => {
    if (!back) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
      const esc = event.key === 'Escape' && !event.altKey;
      const altLeft = event.key === 'ArrowLeft' && event.altKey;
      if (!esc && !altLeft) return;
      if (esc && isTypingTarget(event.target) && event.target instanceof HTMLElement) {
        event.target.blur();
        return;
      }
      event.preventDefault();
      back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [back]);
}

/** Search customers by name or code, pick one with ↑↓ Enter or a click. */
export function CustomerPicker({
  onPick,
  label = 'Customer',
  autoFocus,
  exclude,
}: {
  readonly onPick: (customer: CustomerSummary) => void;
  readonly label?: string;
  readonly autoFocus?: boolean;
  readonly exclude?: ReadonlySet<string>;
}) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<readonly CustomerSummary[]>([]);
  const [active, setActive] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const listId = useId();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const q = query.trim();
      void api.call('customer:list', q ? { query: q, limit: 40 } : { limit: 40 }).then((r) => {
        if (!live) return;
        if (r.ok) {
          setItems(r.value.items.filter((c) => !exclude?.has(c.id)).slice(0, 12));
          setFailed(null);
          setActive(0);
        } else setFailed(r.error.message);
      });
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, exclude]);

  const pick = (c: CustomerSummary | undefined) => {
    if (c) onPick(c);
  };

  return (
    <div className="pb-picker">
      <div className="search pb-picker__search">
        <Icon name="search" />
        <input
          className="search__input"
          type="search"
          role="combobox"
          aria-label={label}
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-activedescendant={items[active] ? `${listId}-${items[active].id}` : undefined}
          placeholder="Customer name or code…"
          value={query}
          autoFocus={autoFocus}
          data-autofocus={autoFocus || undefined}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(items.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              pick(items[active]);
            }
          }}
        />
        <Kbd>↵</Kbd>
      </div>
      {failed && <p className="field__error">Customers could not be listed: {failed}</p>}
      <div id={listId} role="listbox" aria-label="Customers" className="pb-picker__list">
        {items.map((c, i) => (
          <div
            key={c.id}
            id={`${listId}-${c.id}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            className={`pb-picker__item${i === active ? ' pb-picker__item--active' : ''}`}
            data-testid="customer-option"
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(c)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') pick(c);
            }}
          >
            <span className="code-chip">{c.code}</span>
            <span className="pb-picker__name">{c.name}</span>
            <TierBadge tier={c.tier} />
          </div>
        ))}
        {items.length === 0 && !failed && <p className="muted pb-picker__none">No customer matches.</p>}
      </div>
    </div>
  );
}
