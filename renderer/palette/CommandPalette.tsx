/**
 * Ctrl/Cmd+K command palette (container): any customer, asset, contact or vendor as you
 * type, plus screens and actions. Keyboard first: ↑↓ move, Enter opens, Esc closes.
 */
import { type KeyboardEvent, memo, useEffect, useMemo, useRef, useState } from 'react';
import type { SearchHit, SearchKind } from '../../shared/catalog/schemas';
import { assertNever } from '../../shared/util/assertNever';
import { useGlobalEditors } from '../app/globalEditors';
import { navigate, type Route, SCREEN_LABELS, SCREENS, screenRoute, useRouter } from '../app/router';
import { useApp } from '../app/store';
import { TierBadge } from '../customers/badges';
import { looksLikeAlert } from '../incidents/alertText';
import { incidentCommands } from '../incidents/commsCommands';
import { openIntake } from '../incidents/intake';
import { syncNowFromAnywhere } from '../sync/actions';
import { Icon, type IconName } from '../ui/icons';
import { useListboxKeys } from '../ui/listbox';
import { matchScore } from './match';
import { usePalette } from './store';
import './palette.css';

type Group = 'Commands' | 'Customers' | 'Assets' | 'Contacts' | 'Vendors' | 'Playbooks' | 'More';

interface PaletteItem {
  readonly id: string;
  readonly group: Group;
  readonly icon: IconName;
  readonly label: string;
  readonly detail?: string | null;
  readonly code?: string;
  readonly tier?: 'platinum' | 'gold' | 'silver' | 'bronze';
  readonly exact?: boolean;
  /** False for rows that change the list instead of leaving the palette. */
  readonly closes?: boolean;
  run(): void;
  /** Shift+Enter (or Alt+Enter): start an incident on this customer or asset. */
  readonly secondary?: { readonly label: string; run(): void };
}

const GROUP_OF: Readonly<Record<SearchKind, Group>> = {
  customer: 'Customers',
  asset: 'Assets',
  contact: 'Contacts',
  vendor: 'Vendors',
  playbook: 'Playbooks',
};

const ICON_OF: Readonly<Record<SearchKind, IconName>> = {
  customer: 'customers',
  asset: 'server',
  contact: 'phone',
  vendor: 'building',
  playbook: 'playbooks',
};

/** A callback whose identity never changes (memoized rows keep it) but that runs the latest body. */
function useStableRun<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  const latest = useRef(fn);
  latest.current = fn;
  return useRef((...args: A) => latest.current(...args)).current;
}

function routeForHit(hit: SearchHit): Route {
  switch (hit.kind) {
    case 'customer':
      return { screen: 'customers', customerId: hit.id };
    case 'asset':
      return { screen: 'asset', assetId: hit.id };
    case 'contact':
      return hit.customer ? { screen: 'customers', customerId: hit.customer.id } : screenRoute('customers');
    case 'vendor':
      return { screen: 'blast', target: { kind: 'vendor', id: hit.id } };
    case 'playbook':
      return { screen: 'playbooks', path: [hit.id], params: {} };
    default:
      return assertNever(hit.kind, 'search hit kind');
  }
}

/** Where an incident starts from a hit: its customer, and the asset when it is one. */
function incidentRouteForHit(hit: SearchHit): Route | null {
  if (hit.kind === 'customer') return { screen: 'incidents', path: ['new'], params: { customer: hit.id } };
  if (hit.kind === 'asset')
    return {
      screen: 'incidents',
      path: ['new'],
      params: hit.customer ? { customer: hit.customer.id, asset: hit.id } : { asset: hit.id },
    };
  return null;
}

function hitItem(hit: SearchHit): PaletteItem {
  const ownCustomer = hit.kind === 'customer';
  const incident = incidentRouteForHit(hit);
  return {
    id: `${hit.kind}:${hit.id}`,
    group: GROUP_OF[hit.kind],
    icon: ICON_OF[hit.kind],
    label: hit.title,
    detail: ownCustomer ? null : hit.subtitle,
    code: ownCustomer ? (hit.customer?.code ?? hit.subtitle ?? undefined) : hit.customer?.code,
    tier: ownCustomer ? hit.customer?.tier : undefined,
    exact: hit.match === 'exact',
    run: () => navigate(routeForHit(hit)),
    ...(incident ? { secondary: { label: 'start incident', run: () => navigate(incident) } } : {}),
  };
}

/**
 * Rows rendered at first: more than the 70vh list shows (about 17), fewer than an answer
 * holds (up to 40 hits and the commands). The rest render as the list is scrolled or the
 * highlight moves down, so a keystroke's answer paints only what is on screen.
 */
const FIRST_ROWS = 24;
const MORE_ROWS = 24;

interface RowProps {
  readonly item: PaletteItem;
  readonly index: number;
  readonly count: number;
  readonly active: boolean;
  /** The group heading shown above the row, when it starts a group. */
  readonly heading: Group | null;
  readonly onActive: (index: number) => void;
  readonly onRun: (item: PaletteItem) => void;
}

/** One result row; memoized, so moving the highlight re-renders two rows, not the list. */
const PaletteRow = memo(function PaletteRow({
  item,
  index,
  count,
  active,
  heading,
  onActive,
  onRun,
}: RowProps) {
  return (
    <div role="presentation">
      {heading && (
        <div className="palette__group" role="presentation">
          {heading}
        </div>
      )}
      <div
        id={`palette-${item.id}`}
        role="option"
        aria-selected={active}
        aria-posinset={index + 1}
        aria-setsize={count}
        tabIndex={-1}
        className={`palette__item${active ? ' palette__item--active' : ''}`}
        onMouseMove={() => !active && onActive(index)}
        onClick={() => onRun(item)}
        onKeyDown={(event) => event.key === 'Enter' && onRun(item)}
      >
        <Icon name={item.icon} size={15} />
        {item.group === 'Customers' && item.code && <span className="palette__code">{item.code}</span>}
        <span className="palette__label">
          {item.label}
          {item.group !== 'Commands' &&
            item.group !== 'Customers' &&
            item.group !== 'More' &&
            item.detail && <span className="palette__sub">{item.detail}</span>}
        </span>
        {(item.group === 'Commands' || item.group === 'More') && item.detail && (
          <span className="palette__detail">{item.detail}</span>
        )}
        {item.group !== 'Customers' && item.code && (
          <span className="code-chip" title="Customer">
            {item.code}
          </span>
        )}
        {item.tier && <TierBadge tier={item.tier} />}
        {active && item.secondary && (
          <span className="palette__secondary">
            <kbd className="kbd">⇧ Enter</kbd> {item.secondary.label}
          </span>
        )}
        {active && <Icon name="arrow" size={14} />}
      </div>
    </div>
  );
});

export function CommandPalette() {
  const {
    open,
    query,
    hits,
    hitsFor,
    answers,
    searchNote,
    searchFailed,
    suggestion,
    activeIndex,
    showAll,
    alert,
  } = usePalette();
  const theme = useApp((s) => s.theme);
  const route = useRouter((s) => s.route);
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

  // The hits' rows change only with an answer, not with each keystroke: memoized rows of an
  // answer still shown are not rendered again while the next one is on its way.
  const found = useMemo<readonly PaletteItem[]>(() => {
    // Typing an exact code, host name or address means "that one": looser matches wait
    // behind a "more" row so the answer is not buried.
    const exact = hits.filter((h) => h.match === 'exact');
    const hidden =
      !showAll && exact.length > 0 && exact.length < hits.length ? hits.length - exact.length : 0;
    const visible = hidden > 0 ? exact : hits;
    // Groups keep the back end's ranking: the group of the best hit comes first.
    const groups = new Map<Group, PaletteItem[]>();
    for (const hit of visible) {
      const item = hitItem(hit);
      const list = groups.get(item.group) ?? [];
      list.push(item);
      groups.set(item.group, list);
    }
    const list = [...groups.values()].flat();
    if (hidden > 0)
      list.push({
        id: 'more',
        group: 'More',
        icon: 'search',
        label: `Show ${hidden} more ${hidden === 1 ? 'match' : 'matches'}`,
        detail: 'names, tags and notes containing it',
        closes: false,
        run: () => usePalette.getState().expand(),
      });
    return list;
  }, [hits, showAll]);

  const items = useMemo<readonly PaletteItem[]>(() => {
    const go = (route: Route) => () => navigate(route);
    const commands: PaletteItem[] = [
      ...SCREENS.map(
        (screen): PaletteItem => ({
          id: `go:${screen}`,
          group: 'Commands',
          icon: screen,
          label: `Go to ${SCREEN_LABELS[screen]}`,
          run: go(screenRoute(screen)),
        }),
      ),
      {
        id: 'start-incident',
        group: 'Commands',
        icon: 'incidents',
        label: 'Start incident…',
        detail: 'pick the customer, assets and severity',
        run: go({ screen: 'incidents', path: ['new'], params: {} }),
      },
      {
        id: 'paste-alert',
        group: 'Commands',
        icon: 'import',
        label: 'Paste alert…',
        detail: 'match a pager alert to a customer and assets',
        run: go({ screen: 'incidents', path: ['new'], params: { paste: '1' } }),
      },
      {
        id: 'blast',
        group: 'Commands',
        icon: 'blast',
        label: 'Blast radius…',
        detail: 'what fails with an asset or vendor',
        run: go({ screen: 'blast', target: null }),
      },
      {
        id: 'import',
        group: 'Commands',
        icon: 'import',
        label: 'Import data…',
        detail: 'NetBox dump or CSV files',
        run: go({ screen: 'import' }),
      },
      {
        id: 'sync-now',
        group: 'Commands',
        icon: 'sync',
        label: 'Sync now',
        detail: 'push the outbox and pull from central',
        run: () => void syncNowFromAnywhere(),
      },
      {
        id: 'new-customer',
        group: 'Commands',
        icon: 'plus',
        label: 'New customer…',
        run: () => useGlobalEditors.getState().openNewCustomer(),
      },
      {
        id: 'theme',
        group: 'Commands',
        icon: 'theme',
        label: 'Toggle theme',
        detail: theme === 'dark' ? 'switch to light' : 'switch to dark',
        run: () => void useApp.getState().toggleTheme(),
      },
      ...incidentCommands(route).map((c): PaletteItem => ({ ...c, group: 'Commands' })),
    ];
    const matched = commands
      .map((c) => ({ c, score: matchScore(query, c.label) }))
      .filter((m): m is { c: PaletteItem; score: number } => m.score !== null)
      .sort((a, b) => b.score - a.score)
      .map((m) => m.c);
    if (alert !== null)
      return [
        {
          id: 'alert-intake',
          group: 'Commands',
          icon: 'incidents',
          label: 'Start incident from this alert',
          detail: 'match it to a customer, assets and playbooks',
          run: () => openIntake(alert),
        } satisfies PaletteItem,
        ...commands.filter((c) => c.id === 'paste-alert' || c.id === 'start-incident'),
      ];
    if (!query.trim()) return [...matched, ...found];
    // Nothing found and a near spelling would find something: offer it first.
    const hitsOrSuggestion: readonly PaletteItem[] =
      suggestion !== null && found.length === 0
        ? [
            {
              id: 'did-you-mean',
              group: 'More',
              icon: 'search',
              label: `Did you mean ${suggestion}?`,
              detail: 'search for that instead',
              closes: false,
              run: () => usePalette.getState().setQuery(suggestion),
            },
          ]
        : found;
    // A command named exactly by the query (e.g. "import") beats catalog hits.
    const strong = matched.filter((c) => (matchScore(query, c.label) ?? 0) >= 800);
    const weak = matched.filter((c) => !strong.includes(c));
    return [...strong, ...hitsOrSuggestion, ...weak];
  }, [query, found, theme, alert, suggestion, route]);

  const active = Math.min(activeIndex, Math.max(0, items.length - 1));
  // How many rows are rendered: the first screenful, more on scroll, always the highlight.
  const [rendered, setRendered] = useState(FIRST_ROWS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer starts at the top again
  useEffect(() => setRendered(FIRST_ROWS), [items]);
  const shown = Math.min(items.length, Math.max(rendered, active + 5));
  const onScroll = () => {
    const list = listRef.current;
    if (list && shown < items.length && list.scrollTop + list.clientHeight > list.scrollHeight - 120)
      setRendered(shown + MORE_ROWS);
  };

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

  const { hide, setQuery, setActive } = usePalette.getState();

  const runItem = useStableRun((item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.closes !== false) hide();
    item.run();
  });

  const runSecondary = (item: PaletteItem | undefined) => {
    if (!item?.secondary) return;
    hide();
    item.secondary.run();
  };

  /** Page Down goes to the first item of the next group, Page Up to the start of the previous one. */
  const groupJump = (from: number, direction: 1 | -1): number => {
    const current = items[from]?.group;
    if (direction === 1) {
      const next = items.findIndex((it, i) => i > from && it.group !== current);
      return next === -1 ? from : next;
    }
    const start = items.findIndex((it) => it.group === current);
    const prevGroup = items[start - 1]?.group;
    const prev = items.findIndex((it) => it.group === prevGroup);
    return prev === -1 ? 0 : prev;
  };

  const listKeys = useListboxKeys({
    count: items.length,
    active,
    wrap: true,
    page: groupJump,
    onActive: setActive,
    onEnter: (index, event) => {
      const item = items[index];
      if ((event.shiftKey || event.altKey) && item?.secondary) runSecondary(item);
      else runItem(item);
      return true;
    },
  });

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (listKeys(event)) return;
    switch (event.key) {
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

  const trimmed = query.trim();

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
            placeholder="Customer, host name, IP, contact, vendor, or a command…"
            value={query}
            spellCheck={false}
            autoComplete="off"
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-results"
            aria-activedescendant={items[active] ? `palette-${items[active].id}` : undefined}
            onChange={(e) => setQuery(e.target.value)}
            onPaste={(e) => {
              // A one-line field would drop an alert's line breaks: keep it whole instead.
              const text = e.clipboardData.getData('text');
              if (!looksLikeAlert(text)) return;
              e.preventDefault();
              usePalette.getState().pasteAlert(text);
            }}
          />
          <kbd className="kbd">Esc</kbd>
        </div>
        <div
          id="palette-results"
          ref={listRef}
          className="palette__results"
          role="listbox"
          aria-label="Results"
          onScroll={onScroll}
          data-answer-for={hitsFor}
          data-answer-seq={answers}
        >
          {items.length === 0 && !searchNote && (
            <p className="palette__empty">
              {searchFailed
                ? 'The catalog could not be searched right now (the back end did not answer). Screens are still listed when they match.'
                : `Nothing matches “${trimmed}”. Try a customer code, a host name such as esx-sh03, or an IP address.`}
            </p>
          )}
          {items.slice(0, shown).map((item, index) => (
            <PaletteRow
              key={item.id}
              item={item}
              index={index}
              count={items.length}
              active={index === active}
              heading={item.group !== items[index - 1]?.group && item.group !== 'More' ? item.group : null}
              onActive={setActive}
              onRun={runItem}
            />
          ))}
          {searchNote && <p className="palette__empty">{searchNote}</p>}
          {searchFailed && items.length > 0 && (
            <p className="palette__empty">
              The catalog could not be searched right now; the back end did not answer.
            </p>
          )}
        </div>
        <div className="palette__foot">
          <span>
            <kbd className="kbd">↑</kbd>
            <kbd className="kbd">↓</kbd> move
          </span>
          <span>
            <kbd className="kbd">PgDn</kbd> next group
          </span>
          <span>
            <kbd className="kbd">Enter</kbd> open
          </span>
          <span>
            <kbd className="kbd">Shift</kbd>
            <kbd className="kbd">Enter</kbd> start incident on a customer or asset
          </span>
        </div>
      </div>
    </div>
  );
}
