/** One asset (container): what it is, where it sits in the layers, what fails with it. */
import { type ReactNode, useEffect, useState } from 'react';
import type { AssetDetail } from '../../shared/catalog/schemas';
import { navigate, openCustomer, routeHref } from '../app/router';
import { markReady } from '../app/store';
import { TierBadge } from '../customers/badges';
import { AssetEditor, ChangeHistory } from '../editing';
import { AssetLink, CopyButton, CriticalityTag, KindTag, SharedMark, telHref } from '../ui/assetBits';
import { CardSkeleton, ErrorPanel, Kbd } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { RestoreWaves } from '../ui/RestoreWaves';
import { LayerStack } from './LayerStack';
import { failureSet, useAsset, useAssetRestore } from './store';
import './assets.css';

export function AssetPage({ assetId }: { readonly assetId: string }) {
  const { value, status, error } = useAsset();
  const asset = value?.id === assetId ? value : null;
  const slow = useDelayedFlag(status === 'loading');
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    void useAsset.getState().open(assetId);
  }, [assetId]);

  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);

  const restoreIds = asset ? failureSet(asset).join(',') : '';
  useEffect(() => {
    if (restoreIds) void useAssetRestore.getState().open(restoreIds.split(','));
  }, [restoreIds]);

  const hasAsset = asset !== null;
  useEffect(() => {
    if (hasAsset && (document.activeElement === document.body || document.activeElement === null)) {
      document.querySelector<HTMLElement>('[data-testid="asset-name"]')?.focus({ preventScroll: true });
    }
  }, [hasAsset]);

  const customerId = asset?.customer.id ?? null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || editing || event.ctrlKey || event.metaKey) return;
      if (event.key === 'Escape' || (event.key === 'ArrowLeft' && event.altKey)) {
        event.preventDefault();
        if (customerId) openCustomer(customerId);
        else navigate({ screen: 'customers', customerId: null });
        return;
      }
      if (isTypingTarget(event.target) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'b') {
        event.preventDefault();
        navigate({ screen: 'blast', target: { kind: 'asset', id: assetId } });
      } else if (key === 'e' && customerId) {
        event.preventDefault();
        setEditing(true);
      } else if (key === 'r') {
        event.preventDefault();
        document.getElementById('asset-restore')?.scrollIntoView({ block: 'start' });
      } else if (key === 'n' && customerId) {
        event.preventDefault();
        navigate({ screen: 'incidents', path: ['new'], params: { customer: customerId, asset: assetId } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [assetId, customerId, editing]);

  return (
    <section className="screen" aria-label={asset ? `${asset.name} asset` : 'Asset'}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <div className="crumbs__path">
          <a className="link-button" href={routeHref({ screen: 'customers', customerId: null })}>
            <Icon name="back" size={14} /> Customers
          </a>
          {asset && (
            <>
              <span className="crumbs__sep">/</span>
              <a
                className="link-button"
                href={routeHref({ screen: 'customers', customerId: asset.customer.id })}
              >
                {asset.customer.name}
              </a>
              {asset.environment && (
                <>
                  <span className="crumbs__sep">/</span>
                  <span>{asset.environment.name}</span>
                </>
              )}
            </>
          )}
        </div>
        <span className="crumbs__hint">
          <Kbd>Esc</Kbd> customer card
        </span>
      </nav>
      <div className="screen__body">
        {status === 'failed' && error && (
          <ErrorPanel
            error={error}
            doing="load this asset"
            onRetry={() => void useAsset.getState().refresh()}
          >
            <button
              type="button"
              className="button"
              onClick={() => navigate({ screen: 'customers', customerId: null })}
            >
              Back to customers
            </button>
          </ErrorPanel>
        )}
        {asset ? (
          <AssetView asset={asset} onEdit={() => setEditing(true)} />
        ) : (
          status === 'loading' && slow && <CardSkeleton />
        )}
      </div>
      <footer className="screen__hint">
        <Kbd>N</Kbd> start incident · <Kbd>B</Kbd> blast radius · <Kbd>R</Kbd> restore order · <Kbd>E</Kbd>{' '}
        edit · <Kbd>Esc</Kbd> back to the customer
      </footer>
      {editing && asset && (
        <AssetEditor
          assetId={asset.id}
          customerId={asset.customer.id}
          onClose={() => {
            setEditing(false);
            void useAsset.getState().refresh();
          }}
        />
      )}
    </section>
  );
}

function AssetView({ asset, onEdit }: { readonly asset: AssetDetail; readonly onEdit: () => void }) {
  const restore = useAssetRestore();
  const attributes = Object.entries(asset.attributes);
  const names = new Map(
    [...asset.runsOnChain, ...asset.hosts, ...asset.dependsOn, ...asset.dependents, asset].map((a) => [
      a.id,
      a.name,
    ]),
  );
  return (
    <article className="card-page asset-page">
      <header className="asset-head">
        <div className="asset-head__id">
          <div className="customer-head__meta">
            <KindTag kind={asset.kind} />
            <CriticalityTag criticality={asset.criticality} />
            {asset.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </div>
          <h1 className="customer-head__name" data-testid="asset-name" tabIndex={-1}>
            {asset.name}
          </h1>
          <div className="asset-head__addr">
            {asset.hostname && (
              <span className="addr">
                <span className="addr__key">Host</span>
                <span className="mono" data-testid="asset-hostname">
                  {asset.hostname}
                </span>
                <CopyButton text={asset.hostname} label="host name" />
              </span>
            )}
            {asset.ipAddresses.map((ip) => (
              <span key={ip} className="addr">
                <span className="addr__key">IP</span>
                <span className="mono">{ip}</span>
                <CopyButton text={ip} label={`address ${ip}`} />
              </span>
            ))}
            {!asset.hostname && asset.ipAddresses.length === 0 && (
              <span className="muted">No host name or address recorded</span>
            )}
          </div>
        </div>
        <div className="asset-head__side">
          <a
            className="owner"
            href={routeHref({ screen: 'customers', customerId: asset.customer.id })}
            data-testid="asset-customer"
          >
            <span className="owner__label">Customer</span>
            <span className="owner__name">
              <span className="customer-head__code">{asset.customer.code}</span> {asset.customer.name}
            </span>
            <TierBadge tier={asset.customer.tier} />
          </a>
          <div className="actions">
            <a
              className="button button--danger"
              href={routeHref({
                screen: 'incidents',
                path: ['new'],
                params: { customer: asset.customer.id, asset: asset.id },
              })}
              title="Start an incident on this asset (N)"
              data-testid="start-incident"
            >
              <Icon name="incidents" size={14} /> Start incident on this asset
            </a>
            <a
              className="button"
              href={routeHref({ screen: 'blast', target: { kind: 'asset', id: asset.id } })}
            >
              <Icon name="blast" size={14} /> Blast radius
            </a>
            <a className="button" href="#asset-restore">
              <Icon name="restore" size={14} /> Restore order
            </a>
            <button type="button" className="button" onClick={onEdit}>
              <Icon name="edit" size={14} /> Edit
            </button>
          </div>
        </div>
      </header>

      <div className="asset-grid">
        <section className="panel asset-grid__stack" aria-labelledby="layers-title">
          <h2 className="panel__title" id="layers-title">
            <Icon name="layers" size={14} /> Layers
            <span className="panel__note">what runs on it above, what it runs on below</span>
          </h2>
          <LayerStack asset={asset} />
        </section>

        <section className="panel" aria-labelledby="facts-title">
          <h2 className="panel__title" id="facts-title">
            <Icon name="server" size={14} /> Access and support
          </h2>
          <dl className="facts">
            <Fact label="Management">
              {asset.managementUrl ? (
                <a className="reach" href={asset.managementUrl} target="_blank" rel="noreferrer noopener">
                  <Icon name="external" size={13} /> {asset.managementUrl}
                </a>
              ) : (
                <span className="muted">No management URL</span>
              )}
            </Fact>
            <Fact label="Credentials">
              {asset.accessNotes ? (
                <span className="access-ref">
                  <Icon name="key" size={13} />
                  <span>
                    <span className="access-ref__text">{asset.accessNotes}</span>
                    <span className="access-ref__note">where the credential lives · never the secret</span>
                  </span>
                </span>
              ) : (
                <span className="muted">No access notes: ask the customer's primary contact</span>
              )}
            </Fact>
            <Fact label="Vendor">
              {asset.vendor ? (
                <span className="vendor-line">
                  <a href={routeHref({ screen: 'blast', target: { kind: 'vendor', id: asset.vendor.id } })}>
                    {asset.vendor.name}
                  </a>
                  {asset.vendor.supportPhone ? (
                    <a className="reach" href={telHref(asset.vendor.supportPhone)}>
                      <Icon name="phone" size={13} /> {asset.vendor.supportPhone}
                    </a>
                  ) : (
                    <span className="muted">no support line</span>
                  )}
                </span>
              ) : (
                <span className="muted">No vendor recorded</span>
              )}
            </Fact>
            {(asset.platform || asset.model || asset.serial) && (
              <Fact label="Hardware">
                <span>
                  {[asset.platform, asset.model].filter(Boolean).join(' · ')}
                  {asset.serial && <span className="mono muted"> · S/N {asset.serial}</span>}
                </span>
              </Fact>
            )}
            <Fact label="Where">
              <span>
                {asset.environment ? asset.environment.name : 'No environment'}
                {asset.site && <span className="muted"> · {asset.site.name}</span>}
              </span>
            </Fact>
          </dl>
          {attributes.length > 0 && (
            <>
              <h3 className="label facts__sub">Attributes</h3>
              <dl className="attrs">
                {attributes.map(([key, val]) => (
                  <div key={key} className="attrs__row">
                    <dt>{key}</dt>
                    <dd className="mono">{formatAttribute(val)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </section>

        <DependencyPanel
          title="Depends on"
          note="must be up for this to work"
          items={asset.dependsOn}
          ownerId={asset.customer.id}
          empty="Depends on nothing recorded."
        />
        <DependencyPanel
          title="Depended on by"
          note="breaks when this breaks"
          items={asset.dependents}
          ownerId={asset.customer.id}
          empty="Nothing recorded depends on this."
        />

        <section className="panel panel--wide" id="asset-restore" aria-labelledby="asset-restore-title">
          <h2 className="panel__title" id="asset-restore-title">
            <Icon name="restore" size={14} /> Restore order if this fails
            <span className="panel__note">this asset, what runs on it and what depends on it</span>
          </h2>
          {restore.status === 'failed' && restore.error && (
            <ErrorPanel
              error={restore.error}
              doing="work out the restore order"
              onRetry={() => void useAssetRestore.getState().refresh()}
            />
          )}
          {restore.status === 'loading' && <p className="muted">Working out the order…</p>}
          {restore.status === 'ready' && restore.value && (
            <RestoreWaves
              order={restore.value}
              ownerId={asset.customer.id}
              nameOf={(id) => names.get(id) ?? id.slice(0, 8)}
              emptyText="Nothing to restore."
            />
          )}
        </section>

        <section className="panel panel--wide" aria-label="Change history">
          <ChangeHistory entityId={asset.id} />
        </section>
      </div>
    </article>
  );
}

function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function formatAttribute(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function DependencyPanel({
  title,
  note,
  items,
  ownerId,
  empty,
}: {
  readonly title: string;
  readonly note: string;
  readonly items: AssetDetail['dependsOn'];
  readonly ownerId: string;
  readonly empty: string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, 14);
  return (
    <section className="panel" aria-label={title}>
      <h2 className="panel__title">
        <Icon name="arrow" size={14} /> {title}
        <span className="panel__note">
          {items.length > 0 ? `${items.length} · ` : ''}
          {note}
        </span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="dep-list">
          {shown.map((d) => (
            <li key={d.id}>
              <AssetLink id={d.id} name={d.name} kind={d.kind} />
              {d.customer.id !== ownerId && <SharedMark code={d.customer.code} />}
              <span className="dep-list__host mono muted">{d.hostname ?? d.ipAddresses[0] ?? ''}</span>
            </li>
          ))}
          {items.length > shown.length && (
            <li>
              <button type="button" className="link-button more-button" onClick={() => setAll(true)}>
                +{items.length - shown.length} more
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
