/**
 * The playbook as the engineer will see it (container): pick a customer and, optionally,
 * one of its assets; the effective playbook comes from the back end exactly as an incident
 * will show it.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AssetSummary } from '../../shared/catalog/schemas';
import { navigate, routeHref } from '../app/router';
import { markReady } from '../app/store';
import { TierBadge } from '../customers/badges';
import { KindTag } from '../ui/assetBits';
import { ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { EffectiveView, KindList, minutes } from './bits';
import { Crumbs, CustomerPicker, playbooksRoute, useBackKey } from './frame';
import { useEffective, usePlaybook, useTopology } from './store';
import './detail.css';

export function PreviewPage({
  playbookId,
  customerId,
  assetId,
}: {
  readonly playbookId: string;
  readonly customerId: string | null;
  readonly assetId: string | null;
}) {
  const playbook = usePlaybook();
  const pb = playbook.value?.id === playbookId ? playbook.value : null;
  const effective = useEffective();
  const topology = useTopology();
  const slow = useDelayedFlag(effective.status === 'loading');
  const [changingCustomer, setChangingCustomer] = useState(false);

  useEffect(() => {
    void usePlaybook.getState().open({ id: playbookId });
  }, [playbookId]);

  useEffect(() => {
    if (customerId) void useTopology.getState().open({ id: customerId });
  }, [customerId]);

  useEffect(() => {
    if (customerId)
      void useEffective
        .getState()
        .open(assetId ? { playbookId, customerId, assetId } : { playbookId, customerId });
  }, [playbookId, customerId, assetId]);

  const settled = customerId
    ? effective.status === 'ready' || effective.status === 'failed'
    : playbook.status === 'ready' || playbook.status === 'failed';
  useEffect(() => {
    if (settled) markReady();
  }, [settled]);

  useBackKey(() => navigate(playbooksRoute([playbookId])));

  const go = (params: Record<string, string>) => navigate(playbooksRoute([playbookId, 'preview'], params));
  const customer = customerId && topology.value?.customer.id === customerId ? topology.value.customer : null;
  const key = customerId ? `${playbookId}:${customerId}:${assetId ?? ''}` : null;
  const shown = effective.key === key ? effective.value : null;
  const asset =
    topology.value?.assets.find((a) => a.id === assetId) ??
    topology.value?.external.find((a) => a.id === assetId) ??
    null;

  return (
    <section className="screen" aria-label="Preview as engineer">
      <Crumbs
        trail={[{ label: pb?.title ?? 'Playbook', path: [playbookId] }, { label: 'Preview as engineer' }]}
        hint={
          <>
            <Kbd>Esc</Kbd> back to the playbook
          </>
        }
      />
      <div className="screen__body pb-split">
        <aside className="pb-split__pick" aria-label="Who and what">
          <h1 className="screen__title">Preview as engineer</h1>
          <section className="pb-pick-block">
            <h2 className="label">Customer</h2>
            {customerId && !changingCustomer ? (
              <div className="pb-chosen" data-testid="preview-customer">
                {customer ? (
                  <>
                    <span className="code-chip">{customer.code}</span>
                    <span className="pb-chosen__name">{customer.name}</span>
                    <TierBadge tier={customer.tier} />
                  </>
                ) : (
                  <span className="muted">Loading…</span>
                )}
                <button type="button" className="link-button" onClick={() => setChangingCustomer(true)}>
                  Change
                </button>
              </div>
            ) : (
              <CustomerPicker
                autoFocus
                label="Preview for customer"
                onPick={(c) => {
                  setChangingCustomer(false);
                  go({ customer: c.id });
                }}
              />
            )}
          </section>
          {customerId && !changingCustomer && (
            <section className="pb-pick-block">
              <h2 className="label">Asset (optional)</h2>
              <p className="field__hint">Fills {'{{asset.*}}'} placeholders such as the address to ping.</p>
              {topology.status === 'failed' && topology.error && (
                <ErrorPanel error={topology.error} doing="list the customer's assets" />
              )}
              {topology.value && topology.value.customer.id === customerId && (
                <AssetPicker
                  assets={[...topology.value.assets, ...topology.value.external]}
                  preferKinds={pb?.body.appliesTo.assetKinds ?? []}
                  selectedId={assetId}
                  onPick={(a) => go(a ? { customer: customerId, asset: a.id } : { customer: customerId })}
                />
              )}
            </section>
          )}
          {pb && (
            <dl className="facts pb-pick-facts">
              <div className="facts__row">
                <dt>Applies to</dt>
                <dd>
                  <KindList kinds={pb.body.appliesTo.assetKinds} />
                </dd>
              </div>
              <div className="facts__row">
                <dt>Restore target</dt>
                <dd>{minutes(pb.body.restoreTargetMinutes)}</dd>
              </div>
              <div className="facts__row">
                <dt>Core version</dt>
                <dd>v{pb.currentVersion}</dd>
              </div>
            </dl>
          )}
        </aside>
        <div className="pb-split__main pb-preview" data-testid="preview">
          {!customerId && (
            <div className="pb-preview__empty">
              <Icon name="customers" size={28} />
              <p>Pick a customer to see this playbook with their overlay and values filled in.</p>
            </div>
          )}
          {customerId && effective.status === 'failed' && effective.error && effective.key === key && (
            <ErrorPanel
              error={effective.error}
              doing="build the effective playbook"
              onRetry={() => void effective.refresh()}
            />
          )}
          {customerId && !shown && effective.status === 'loading' && slow && (
            <SkeletonLines rows={10} label="Building the effective playbook" />
          )}
          {shown && (
            <>
              <header className="pb-preview__head">
                <div>
                  <p className="label">As the engineer will see it</p>
                  <h2 className="pb-preview__title">
                    {pb?.title} {customer && <span className="muted">· {customer.name}</span>}
                  </h2>
                  <p className="muted">
                    Core v{shown.coreVersion}
                    {shown.overlayCoreVersion === null
                      ? ' · no overlay: the core playbook as is'
                      : ` · overlay written against v${shown.overlayCoreVersion}`}
                    {asset && (
                      <>
                        {' '}
                        · asset <strong>{asset.name}</strong>
                      </>
                    )}
                  </p>
                </div>
                <div className="pb-preview__actions">
                  {shown.drifted && <span className="pb-drift">overlay drifted</span>}
                  <a
                    className="button"
                    href={routeHref(playbooksRoute([playbookId, 'overlays', customerId ?? '']))}
                  >
                    <Icon name="edit" size={14} />{' '}
                    {shown.overlayCoreVersion === null ? 'Add overlay' : 'Edit overlay'}
                  </a>
                </div>
              </header>
              <EffectiveView effective={shown} assetChosen={assetId !== null} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function AssetPicker({
  assets,
  preferKinds,
  selectedId,
  onPick,
}: {
  readonly assets: readonly AssetSummary[];
  readonly preferKinds: readonly string[];
  readonly selectedId: string | null;
  readonly onPick: (asset: AssetSummary | null) => void;
}) {
  const [query, setQuery] = useState('');
  const [allKinds, setAllKinds] = useState(preferKinds.length === 0);
  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    return assets
      .filter((a) => allKinds || preferKinds.includes(a.kind))
      .filter(
        (a) =>
          !q ||
          a.name.toLowerCase().includes(q) ||
          (a.hostname ?? '').toLowerCase().includes(q) ||
          a.ipAddresses.some((ip) => ip.includes(q)),
      )
      .slice(0, 60);
  }, [assets, allKinds, preferKinds, query]);
  const matching = assets.filter((a) => preferKinds.includes(a.kind)).length;
  return (
    <div className="pb-asset-picker">
      <input
        className="input"
        type="search"
        aria-label="Filter assets"
        placeholder="Name, host name or IP…"
        value={query}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
      />
      {preferKinds.length > 0 && (
        <label className="pb-check">
          <input type="checkbox" checked={allKinds} onChange={(e) => setAllKinds(e.target.checked)} />
          Show all kinds ({matching} of {assets.length} match what the playbook applies to)
        </label>
      )}
      <div className="pb-asset-list" role="listbox" aria-label="Assets">
        <button
          type="button"
          role="option"
          aria-selected={selectedId === null}
          className={`pb-asset${selectedId === null ? ' pb-asset--on' : ''}`}
          onClick={() => onPick(null)}
        >
          <span className="muted">No asset</span>
        </button>
        {list.map((a) => (
          <button
            key={a.id}
            type="button"
            role="option"
            aria-selected={a.id === selectedId}
            className={`pb-asset${a.id === selectedId ? ' pb-asset--on' : ''}`}
            data-testid="asset-option"
            onClick={() => onPick(a)}
          >
            <KindTag kind={a.kind} />
            <span className="pb-asset__name">{a.name}</span>
            <span className="pb-asset__ip mono">{a.ipAddresses[0] ?? ''}</span>
          </button>
        ))}
        {list.length === 0 && <p className="muted pb-picker__none">No asset matches.</p>}
      </div>
    </div>
  );
}
