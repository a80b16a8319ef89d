/**
 * Blast radius (container): pick a failed asset or vendor, see every customer and asset it
 * takes down, most urgent first. Keyboard: / picks, ↑↓ move, Enter opens, Tab between lists.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { BlastRadius } from '../../shared/catalog/schemas';
import { type BlastTarget, navigate, openAsset, openCustomer, routeHref } from '../app/router';
import { markReady } from '../app/store';
import { TierBadge } from '../customers/badges';
import { minutesInWords } from '../customers/cardFacts';
import { RefusalNotice } from '../sync/Held';
import { CriticalityTag, KindTag } from '../ui/assetBits';
import { CRITICALITY_RANK } from '../ui/assetKinds';
import { EmptyState, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { PAGE_ROWS, useActiveRow, useListboxKeys } from '../ui/listbox';
import { useAssetPicker, useBlast, useVendors } from './store';
import './blast.css';

type Mode = 'asset' | 'vendor';

export function BlastScreen({ target }: { readonly target: BlastTarget | null }) {
  const blast = useBlast();
  const [mode, setMode] = useState<Mode>(target?.kind ?? 'asset');
  const pickerRef = useRef<HTMLInputElement>(null);
  const slow = useDelayedFlag(blast.status === 'loading');

  useEffect(() => {
    if (target) void useBlast.getState().open(target);
    else useBlast.getState().clear();
  }, [target]);

  useEffect(() => {
    if (!target || blast.status === 'ready' || blast.status === 'failed') markReady();
  }, [target, blast.status]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target)) {
        event.preventDefault();
        pickerRef.current?.focus();
        pickerRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const shown = target && blast.key === `${target.kind}:${target.id}` ? blast.value : null;

  return (
    <section className="screen" aria-labelledby="blast-title">
      <header className="screen__header blast-head">
        <div>
          <h1 id="blast-title" className="screen__title">
            Blast radius
          </h1>
          <p className="screen__subtitle">
            Everything that goes down with a failed asset or vendor, across customers
          </p>
        </div>
        <div className="blast-controls">
          <div className="segmented" role="tablist" aria-label="Failure of">
            {(['asset', 'vendor'] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={mode === m}
                className={`segmented__item${mode === m ? ' segmented__item--on' : ''}`}
                onClick={() => {
                  setMode(m);
                  setTimeout(() => pickerRef.current?.focus(), 0);
                }}
              >
                {m === 'asset' ? 'An asset' : 'A vendor'}
              </button>
            ))}
          </div>
          <div className={`blast-pick${target ? '' : ' blast-pick--open'}`}>
            {mode === 'asset' ? (
              <AssetPicker inputRef={pickerRef} current={target} />
            ) : (
              <VendorPicker inputRef={pickerRef} current={target} />
            )}
          </div>
        </div>
      </header>
      <div className="blast-body">
        <div className="blast-result">
          {!target && (
            <EmptyState icon="blast" title="Pick what failed">
              <p>
                Search for an asset by name, host name or address, or choose a vendor: every customer and
                asset that goes down with it is listed here, most urgent first.
              </p>
              <p className="empty-state__now">
                <Kbd>/</Kbd> jumps to the search.
              </p>
            </EmptyState>
          )}
          {target && blast.status === 'failed' && blast.error && (
            <ErrorPanel
              error={blast.error}
              doing="work out the blast radius"
              onRetry={() => void useBlast.getState().refresh()}
            />
          )}
          {target && !shown && blast.status === 'loading' && slow && (
            <SkeletonLines rows={10} label="Working out the blast radius" />
          )}
          {target?.kind === 'vendor' && (
            <RefusalNotice filter={{ record: { entity: 'vendor', id: target.id } }} />
          )}
          {shown && <BlastResult radius={shown} />}
        </div>
      </div>
      <footer className="screen__hint">
        <Kbd>/</Kbd> pick · <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> move · <Kbd>Tab</Kbd> next list · <Kbd>Enter</Kbd> on a customer filters the assets, on
        an asset opens it · <Kbd>O</Kbd> opens the customer's card
      </footer>
    </section>
  );
}

function useListKeys(count: number, onEnter: (index: number) => void) {
  const [clamped, setActive] = useActiveRow(count);
  const listKeys = useListboxKeys({
    count,
    active: clamped,
    page: PAGE_ROWS,
    ends: true,
    onActive: setActive,
    onEnter: (index) => {
      if (count === 0) return false;
      onEnter(index);
      return true;
    },
  });
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      event.target.blur();
      return;
    }
    listKeys(event);
  };
  return { active: clamped, setActive, onKeyDown };
}

/** One option of a pick list: hover or arrows make it active, click or Enter picks it. */
function PickItem({
  id,
  index,
  keys,
  current,
  pick,
  children,
}: {
  readonly id: string;
  readonly index: number;
  readonly keys: ReturnType<typeof useListKeys>;
  readonly current: boolean;
  readonly pick: (index: number) => void;
  readonly children: ReactNode;
}) {
  const active = index === keys.active;
  return (
    <div
      id={id}
      role="option"
      tabIndex={-1}
      aria-selected={active}
      className={`pick-item${active ? ' pick-item--active' : ''}${current ? ' pick-item--current' : ''}`}
      onMouseMove={() => !active && keys.setActive(index)}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => pick(index)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.stopPropagation();
          pick(index);
        }
      }}
    >
      {children}
    </div>
  );
}

function AssetPicker({
  inputRef,
  current,
}: {
  readonly inputRef: RefObject<HTMLInputElement | null>;
  readonly current: BlastTarget | null;
}) {
  const { query, hits, status, message, setQuery } = useAssetPicker();
  const pick = (i: number) => {
    const hit = hits[i];
    if (hit) navigate({ screen: 'blast', target: { kind: 'asset', id: hit.id } });
  };
  const keys = useListKeys(hits.length, pick);
  return (
    <>
      <div className="search blast-pick__search">
        <Icon name="search" />
        <input
          ref={inputRef}
          className="search__input"
          aria-label="Find the failed asset"
          placeholder="Host, cluster, circuit, IP…"
          value={query}
          autoFocus={!current}
          spellCheck={false}
          autoComplete="off"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="blast-asset-hits"
          aria-activedescendant={hits[keys.active] ? `blast-hit-${hits[keys.active]?.id}` : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            keys.setActive(0);
          }}
          onKeyDown={keys.onKeyDown}
        />
        <Kbd>/</Kbd>
      </div>
      <div id="blast-asset-hits" className="pick-list" role="listbox" aria-label="Matching assets">
        {status === 'failed' && <p className="muted pick-list__note">Search unavailable: {message}</p>}
        {status === 'ready' && hits.length === 0 && (
          <p className="muted pick-list__note">No asset matches “{query.trim()}”.</p>
        )}
        {status === 'idle' && (
          <p className="muted pick-list__note">
            Type a name: <span className="mono">esx-sh03</span>, <span className="mono">SH-CL01</span>,{' '}
            <span className="mono">fw-edge01</span>, an IP…
          </p>
        )}
        {hits.map((hit, i) => (
          <PickItem
            key={hit.id}
            id={`blast-hit-${hit.id}`}
            index={i}
            keys={keys}
            current={current?.id === hit.id}
            pick={pick}
          >
            <span className="pick-item__main">
              <span className="pick-item__name">{hit.title}</span>
              {hit.subtitle && <span className="pick-item__sub mono">{hit.subtitle}</span>}
            </span>
            {hit.customer && <span className="code-chip">{hit.customer.code}</span>}
          </PickItem>
        ))}
      </div>
    </>
  );
}

function VendorPicker({
  inputRef,
  current,
}: {
  readonly inputRef: RefObject<HTMLInputElement | null>;
  readonly current: BlastTarget | null;
}) {
  const vendors = useVendors();
  const [filter, setFilter] = useState('');
  useEffect(() => {
    void useVendors.getState().open('all');
  }, []);
  const items = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return [...(vendors.value?.items ?? [])]
      .filter((v) => !f || v.name.toLowerCase().includes(f))
      .sort((a, b) => b.customers - a.customers || b.assets - a.assets || a.name.localeCompare(b.name));
  }, [vendors.value, filter]);
  const pick = (i: number) => {
    const v = items[i];
    if (v) navigate({ screen: 'blast', target: { kind: 'vendor', id: v.id } });
  };
  const keys = useListKeys(items.length, pick);
  return (
    <>
      <div className="search blast-pick__search">
        <Icon name="search" />
        <input
          ref={inputRef}
          className="search__input"
          aria-label="Filter vendors"
          placeholder="Vendor name…"
          value={filter}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          role="combobox"
          aria-expanded="true"
          aria-controls="blast-vendors"
          aria-activedescendant={items[keys.active] ? `blast-vendor-${items[keys.active]?.id}` : undefined}
          onChange={(e) => {
            setFilter(e.target.value);
            keys.setActive(0);
          }}
          onKeyDown={keys.onKeyDown}
        />
        <Kbd>/</Kbd>
      </div>
      <div id="blast-vendors" className="pick-list" role="listbox" aria-label="Vendors">
        {vendors.status === 'failed' && vendors.error && (
          <p className="muted pick-list__note">Vendors unavailable: {vendors.error.message}</p>
        )}
        {items.map((v, i) => (
          <PickItem
            key={v.id}
            id={`blast-vendor-${v.id}`}
            index={i}
            keys={keys}
            current={current?.id === v.id}
            pick={pick}
          >
            <span className="pick-item__main">
              <span className="pick-item__name">{v.name}</span>
              <span className="pick-item__sub">
                {v.customers} customers · {v.assets} assets
              </span>
            </span>
          </PickItem>
        ))}
      </div>
    </>
  );
}

type AffectedCustomer = BlastRadius['customers'][number];

function BlastResult({ radius }: { readonly radius: BlastRadius }) {
  const [customerFilter, setCustomerFilter] = useState<string | null>(null);
  const names = useMemo(() => {
    const map = new Map<string, string>([[radius.source.id, radius.source.name]]);
    for (const a of radius.assets) map.set(a.id, a.name);
    return map;
  }, [radius]);
  const tiers = new Map<string, number>();
  for (const c of radius.customers) tiers.set(c.tier, (tiers.get(c.tier) ?? 0) + 1);
  const platinum = tiers.get('platinum') ?? 0;
  const tightest = [...radius.customers].sort((a, b) => a.sev1TargetMinutes - b.sev1TargetMinutes)[0];
  const critical = radius.assets.filter((a) => a.criticality === 'critical').length;
  const assets = customerFilter
    ? radius.assets.filter((a) => a.customer.id === customerFilter)
    : radius.assets;
  const filterName = radius.customers.find((c) => c.id === customerFilter)?.name;

  const customerKeys = useListKeys(radius.customers.length, (i) => {
    const c = radius.customers[i];
    if (c) setCustomerFilter(customerFilter === c.id ? null : c.id);
  });

  return (
    <div className="blast-result__inner">
      <div
        className={`blast-summary${radius.customers.length === 0 ? ' blast-summary--calm' : ''}`}
        role="status"
        data-testid="blast-summary"
      >
        <div className="blast-summary__source">
          <span className="label">If this fails</span>
          <span className="blast-summary__name">
            {radius.source.kind === 'asset' ? (
              <a href={routeHref({ screen: 'asset', assetId: radius.source.id })}>{radius.source.name}</a>
            ) : (
              <>Vendor {radius.source.name}</>
            )}
          </span>
        </div>
        <p className="blast-summary__headline" data-testid="blast-headline">
          {radius.customers.length === 0 ? (
            'Nothing else goes down with it'
          ) : (
            <>
              {plural(radius.customers.length, 'customer')}, {plural(radius.assets.length, 'asset')} affected
              {platinum > 0 && <span className="blast-summary__platinum"> — {platinum} platinum</span>}
            </>
          )}
        </p>
        {radius.customers.length > 0 && (
          <p className="blast-summary__detail">
            {critical > 0 && <>{plural(critical, 'critical asset')} · </>}
            {tightest && (
              <>
                tightest SEV1 target {minutesInWords(tightest.sev1TargetMinutes)} ({tightest.code})
              </>
            )}
            {['gold', 'silver', 'bronze']
              .filter((t) => tiers.get(t))
              .map((t) => ` · ${tiers.get(t)} ${t}`)
              .join('')}
          </p>
        )}
      </div>

      {radius.customers.length > 0 && (
        <div className="blast-lists">
          <section className="panel blast-customers" aria-labelledby="blast-customers-title">
            <h2 className="panel__title" id="blast-customers-title">
              <Icon name="customers" size={14} /> Customers{' '}
              <span className="panel__note">most urgent first</span>
            </h2>
            <div className="btable btable--customers btable__head" aria-hidden="true">
              <span>Customer</span>
              <span>Tier</span>
              <span className="num">SEV1</span>
              <span className="num">Assets</span>
              <span className="num">Critical</span>
            </div>
            <div
              className="btable__body"
              role="listbox"
              aria-label="Affected customers"
              tabIndex={0}
              data-testid="blast-customers"
              aria-activedescendant={
                radius.customers[customerKeys.active]
                  ? `blast-c-${radius.customers[customerKeys.active]?.id}`
                  : undefined
              }
              onKeyDown={(event) => {
                if (event.key === 'o' || (event.key === 'Enter' && event.altKey)) {
                  const c = radius.customers[customerKeys.active];
                  if (c) openCustomer(c.id);
                  return;
                }
                customerKeys.onKeyDown(event);
              }}
            >
              {radius.customers.map((c, i) => (
                <CustomerRow
                  key={c.id}
                  customer={c}
                  active={i === customerKeys.active}
                  filtered={customerFilter === c.id}
                  onPick={() => {
                    customerKeys.setActive(i);
                    setCustomerFilter(customerFilter === c.id ? null : c.id);
                  }}
                />
              ))}
            </div>
          </section>
          <section className="panel blast-assets" aria-labelledby="blast-assets-title">
            <h2 className="panel__title" id="blast-assets-title">
              <Icon name="server" size={14} /> Assets
              <span className="panel__note">
                {filterName
                  ? `${plural(assets.length, 'asset')} of ${filterName}`
                  : 'depth = layers from the failure'}
              </span>
              {customerFilter && (
                <span className="panel__actions">
                  <button type="button" className="link-button" onClick={() => setCustomerFilter(null)}>
                    <Icon name="close" size={12} /> show all
                  </button>
                </span>
              )}
            </h2>
            <AssetTable assets={assets} names={names} />
          </section>
        </div>
      )}
    </div>
  );
}

function CustomerRow({
  customer,
  active,
  filtered,
  onPick,
}: {
  readonly customer: AffectedCustomer;
  readonly active: boolean;
  readonly filtered: boolean;
  readonly onPick: () => void;
}) {
  return (
    <div
      id={`blast-c-${customer.id}`}
      role="option"
      tabIndex={-1}
      aria-selected={active}
      className={`btable btable--customers btable__row${active ? ' btable__row--active' : ''}${
        filtered ? ' btable__row--filtered' : ''
      }`}
      onClick={onPick}
      onDoubleClick={() => openCustomer(customer.id)}
      title="Click to show its assets · double-click or O to open the customer"
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.stopPropagation();
          onPick();
        }
      }}
      data-testid="blast-customer-row"
    >
      <span className="btable__cust">
        <span className="code-chip" data-testid="customer-code">
          {customer.code}
        </span>
        {/* Text, not a link: an option holds no control of its own (axe nested-interactive); O
            or a double click opens the customer. */}
        <span className="btable__name">{customer.name}</span>
      </span>
      <span>
        <TierBadge tier={customer.tier} />
      </span>
      <span className="num">{minutesInWords(customer.sev1TargetMinutes)}</span>
      <span className="num">{customer.affectedAssets}</span>
      <span className={`num${customer.criticalAssets > 0 ? ' btable__crit' : ' muted'}`}>
        {customer.criticalAssets}
      </span>
    </div>
  );
}

const ASSET_ROW = 34;

function AssetTable({
  assets,
  names,
}: {
  readonly assets: BlastRadius['assets'];
  readonly names: ReadonlyMap<string, string>;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const sorted = assets;
  const keys = useListKeys(sorted.length, (i) => {
    const a = sorted[i];
    if (a) openAsset(a.id);
  });
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ASSET_ROW,
    overscan: 10,
  });
  useEffect(() => {
    if (sorted.length) virtualizer.scrollToIndex(keys.active, { align: 'auto' });
  }, [keys.active, sorted.length, virtualizer]);
  return (
    <>
      <div className="btable btable--assets btable__head" aria-hidden="true">
        <span>Cust.</span>
        <span>Asset</span>
        <span>Crit.</span>
        <span className="num">Depth</span>
        <span>How the failure reaches it</span>
      </div>
      <div
        ref={scrollRef}
        className="btable__body btable__body--virtual"
        role="listbox"
        aria-label="Affected assets"
        tabIndex={0}
        data-testid="blast-assets"
        aria-activedescendant={sorted[keys.active] ? `blast-a-${sorted[keys.active]?.id}` : undefined}
        onKeyDown={keys.onKeyDown}
      >
        <div className="btable__inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const a = sorted[row.index];
            if (!a) return null;
            const path = a.path.slice(0, -1).map((id) => names.get(id) ?? '…');
            return (
              <div
                key={a.id}
                id={`blast-a-${a.id}`}
                role="option"
                tabIndex={-1}
                aria-selected={row.index === keys.active}
                className={`btable btable--assets btable__row btable__row--abs${
                  row.index === keys.active ? ' btable__row--active' : ''
                }`}
                style={{ transform: `translateY(${row.start}px)`, height: ASSET_ROW }}
                onClick={() => keys.setActive(row.index)}
                onDoubleClick={() => openAsset(a.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.stopPropagation();
                    openAsset(a.id);
                  }
                }}
              >
                <span className="code-chip" title={a.customer.name} data-testid="customer-code">
                  {a.customer.code}
                </span>
                <span className="btable__asset">
                  <KindTag kind={a.kind} />
                  <span className="btable__asset-name">{a.name}</span>
                </span>
                <span>
                  {(CRITICALITY_RANK[a.criticality] ?? 9) <= 1 ? (
                    <CriticalityTag criticality={a.criticality} />
                  ) : (
                    <span className="muted">{a.criticality}</span>
                  )}
                </span>
                <span className="num">{a.depth}</span>
                <span className="btable__path" title={[...path, a.name].join(' → ')}>
                  {path.join(' → ')}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
