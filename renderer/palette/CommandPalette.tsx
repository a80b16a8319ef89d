/** Ctrl/Cmd+K command palette (container): screens, theme, and customers, keyboard first. */
import { type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import { navigate, type Route, SCREEN_LABELS, SCREENS } from '../app/router';
import { useApp } from '../app/store';
import { TierBadge } from '../customers/badges';
import { Icon, type IconName } from '../ui/icons';
import { matchScore } from './match';
import { usePalette } from './store';

interface PaletteItem {
  readonly id: string;
  readonly icon: IconName;
  readonly label: string;
  readonly detail?: string;
  readonly kind: 'command' | 'customer';
  readonly tier?: 'platinum' | 'gold' | 'silver' | 'bronze';
  run(): void;
}

export function CommandPalette() {
  const { open, query, customers, customersFailed, activeIndex } = usePalette();
  const theme = useApp((s) => s.theme);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    if (open) {
      returnFocus.current = document.activeElement;
      inputRef.current?.focus();
    } else if (returnFocus.current instanceof HTMLElement) {
      returnFocus.current.focus();
      returnFocus.current = null;
    }
  }, [open]);

  const items = useMemo<readonly PaletteItem[]>(() => {
    const go = (route: Route) => () => navigate(route);
    const commands: PaletteItem[] = [
      ...SCREENS.map(
        (screen): PaletteItem => ({
          id: `go:${screen}`,
          icon: screen,
          label: `Go to ${SCREEN_LABELS[screen]}`,
          kind: 'command',
          run: go(screen === 'customers' ? { screen, customerId: null } : { screen }),
        }),
      ),
      {
        id: 'theme',
        icon: 'theme',
        label: 'Toggle theme',
        detail: theme === 'dark' ? 'switch to light' : 'switch to dark',
        kind: 'command',
        run: () => void useApp.getState().toggleTheme(),
      },
    ];
    const matched = commands
      .map((c) => ({ c, score: matchScore(query, c.label) }))
      .filter((m): m is { c: PaletteItem; score: number } => m.score !== null)
      .sort((a, b) => b.score - a.score)
      .map((m) => m.c);
    const people = customers.map(
      (c): PaletteItem => ({
        id: `customer:${c.id}`,
        icon: 'customers',
        label: c.name,
        detail: c.code,
        tier: c.tier,
        kind: 'customer',
        run: go({ screen: 'customers', customerId: c.id }),
      }),
    );
    return [...matched, ...people];
  }, [query, customers, theme]);

  const active = Math.min(activeIndex, Math.max(0, items.length - 1));

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the active row changes
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (event.target instanceof Node && !dialogRef.current?.contains(event.target))
        usePalette.getState().hide();
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  if (!open) return null;
  const { hide, setQuery, setActive } = usePalette.getState();

  const runItem = (item: PaletteItem | undefined) => {
    if (!item) return;
    hide();
    item.run();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive(items.length ? (active + 1) % items.length : 0);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive(items.length ? (active - 1 + items.length) % items.length : 0);
        break;
      case 'Enter':
        event.preventDefault();
        runItem(items[active]);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        hide();
        break;
      case 'Tab':
        // Focus stays in the palette while it is open.
        event.preventDefault();
        break;
      default:
        break;
    }
  };

  const firstCustomer = items.findIndex((i) => i.kind === 'customer');

  return (
    <div className="palette-backdrop">
      <div
        ref={dialogRef}
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onKeyDown={onKeyDown}
      >
        <div className="palette__search">
          <Icon name="search" />
          <input
            ref={inputRef}
            className="palette__input"
            aria-label="Command palette"
            placeholder="Go to a screen, or find a customer by name or code…"
            value={query}
            spellCheck={false}
            autoComplete="off"
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-results"
            aria-activedescendant={items[active] ? `palette-${items[active].id}` : undefined}
            onChange={(e) => setQuery(e.target.value)}
          />
          <kbd className="kbd">Esc</kbd>
        </div>
        <div
          id="palette-results"
          ref={listRef}
          className="palette__results"
          role="listbox"
          aria-label="Results"
        >
          {items.length === 0 && (
            <p className="palette__empty">
              {customersFailed
                ? 'Customers could not be searched right now (the back end did not answer). Screens are still listed when they match.'
                : `Nothing matches “${query.trim()}”. Try a customer code like ACME, or a screen name.`}
            </p>
          )}
          {items.map((item, index) => (
            <div key={item.id} role="presentation">
              {index === 0 && item.kind === 'command' && (
                <div className="palette__group" role="presentation">
                  Commands
                </div>
              )}
              {index === firstCustomer && (
                <div className="palette__group" role="presentation">
                  Customers
                </div>
              )}
              <div
                id={`palette-${item.id}`}
                role="option"
                aria-selected={index === active}
                tabIndex={-1}
                className={`palette__item${index === active ? ' palette__item--active' : ''}`}
                onMouseMove={() => index !== active && setActive(index)}
                onClick={() => runItem(item)}
                onKeyDown={(event) => event.key === 'Enter' && runItem(item)}
              >
                <Icon name={item.icon} size={15} />
                {item.kind === 'customer' && item.detail && (
                  <span className="palette__code">{item.detail}</span>
                )}
                <span className="palette__label">{item.label}</span>
                {item.kind === 'command' && item.detail && (
                  <span className="palette__detail">{item.detail}</span>
                )}
                {item.tier && <TierBadge tier={item.tier} />}
                {index === active && <Icon name="arrow" size={14} />}
              </div>
            </div>
          ))}
          {customersFailed && items.length > 0 && (
            <p className="palette__empty">
              Customers could not be searched right now; the back end did not answer.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
