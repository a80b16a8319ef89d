/** A customer's recovery card (container): loads by id, keyboard back, live refresh. */
import { useEffect, useMemo, useState } from 'react';
import type { CustomerDetail } from '../../shared/catalog/schemas';
import { assertNever } from '../../shared/util/assertNever';
import { navigate } from '../app/router';
import { markReady } from '../app/store';
import { AssetEditor, ContactEditor, ContractEditor, CustomerEditor, WindowEditor } from '../editing';
import { RefusalNotice } from '../sync/Held';
import { CardSkeleton, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag, useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { RestoreWaves } from '../ui/RestoreWaves';
import { EnvironmentTree } from './EnvironmentTree';
import { buildLayerTree } from './layerTree';
import { type CardEdit, RecoveryCard } from './RecoveryCard';
import { useCustomerCard } from './store';
import { useCustomerRestore, useTopology } from './topologyStores';

const backToList = () => navigate({ screen: 'customers', customerId: null });

export function CustomerPage({ customerId }: { readonly customerId: string }) {
  const { detail, status, error } = useCustomerCard();
  const shown = detail?.id === customerId ? detail : null;
  const slow = useDelayedFlag(status === 'loading');
  const now = useNow(30_000);
  const [editing, setEditing] = useState<CardEdit | null>(null);

  useEffect(() => {
    void useCustomerCard.getState().open(customerId);
    void useTopology.getState().open(customerId);
    void useCustomerRestore.getState().open(customerId);
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
      // An open editor owns the keyboard (its own Esc closes it).
      if (event.defaultPrevented || editing) return;
      const back = (event.key === 'Escape' && !event.altKey) || (event.key === 'ArrowLeft' && event.altKey);
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
      // '/' means "search", which lives on the list: go there (its search box takes focus).
      const search = event.key === '/' && plain;
      if (back || search) {
        event.preventDefault();
        backToList();
      } else if (plain && event.key.toLowerCase() === 'g') {
        event.preventDefault();
        navigate({ screen: 'customers', customerId, view: 'graph' });
      } else if (plain && event.key.toLowerCase() === 'e') {
        event.preventDefault();
        setEditing({ kind: 'customer' });
      } else if (plain && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        navigate({ screen: 'incidents', path: ['new'], params: { customer: customerId } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [customerId, editing]);

  const closeEditor = () => {
    setEditing(null);
    void useCustomerCard.getState().refresh();
    void useTopology.getState().refresh();
    void useCustomerRestore.getState().refresh();
  };

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
      <div className="screen__body" data-testid="screen-body">
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
          <RecoveryCard
            customer={shown}
            now={now}
            layers={<LayersPanel customer={shown} />}
            restore={<RestorePanel customerId={shown.id} />}
            refusals={<RefusalNotice filter={{ customerId: shown.id }} named />}
            onEdit={setEditing}
          />
        ) : (
          status === 'loading' && slow && <CardSkeleton />
        )}
      </div>
      <footer className="screen__hint">
        <Kbd>N</Kbd> start incident · <Kbd>G</Kbd> dependency graph · <Kbd>E</Kbd> edit customer ·{' '}
        <Kbd>Esc</Kbd> back to the list · <Kbd>Tab</Kbd> to the tree, then <Kbd>↑</Kbd>
        <Kbd>↓</Kbd>
        <Kbd>→</Kbd> and <Kbd>Enter</Kbd>
      </footer>
      {editing && shown && <CardEditor edit={editing} customer={shown} onClose={closeEditor} />}
    </section>
  );
}

function CardEditor({
  edit,
  customer,
  onClose,
}: {
  readonly edit: CardEdit;
  readonly customer: CustomerDetail;
  readonly onClose: () => void;
}) {
  switch (edit.kind) {
    case 'customer':
      return <CustomerEditor customerId={customer.id} onClose={onClose} />;
    case 'asset':
      return <AssetEditor assetId={null} customerId={customer.id} onClose={onClose} />;
    case 'contact':
      return <ContactEditor customerId={customer.id} contact={edit.contact} onClose={onClose} />;
    case 'contract':
      return <ContractEditor customerId={customer.id} contract={edit.contract} onClose={onClose} />;
    case 'window':
      return <WindowEditor customerId={customer.id} window={edit.window} onClose={onClose} />;
    default:
      return assertNever(edit, 'card edit');
  }
}

function LayersPanel({ customer }: { readonly customer: CustomerDetail }) {
  const { value, status, error, key } = useTopology();
  const topology = key === customer.id ? value : null;
  const branches = useMemo(
    () => (topology ? buildLayerTree(topology, customer.environments) : null),
    [topology, customer.environments],
  );
  if (status === 'failed' && error)
    return (
      <ErrorPanel
        error={error}
        doing="load this customer's environment"
        onRetry={() => void useTopology.getState().refresh()}
      />
    );
  if (!branches) return <SkeletonLines rows={6} label="Loading the environment" />;
  return <EnvironmentTree key={customer.id} branches={branches} />;
}

function RestorePanel({ customerId }: { readonly customerId: string }) {
  const { value, status, error, key } = useCustomerRestore();
  const topology = useTopology((s) => (s.key === customerId ? s.value : null));
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const a of topology?.assets ?? []) map.set(a.id, a.name);
    for (const a of topology?.external ?? []) map.set(a.id, a.name);
    return map;
  }, [topology]);
  if (status === 'failed' && error)
    return (
      <ErrorPanel
        error={error}
        doing="work out the restore order"
        onRetry={() => void useCustomerRestore.getState().refresh()}
      />
    );
  if (key !== customerId || !value) return <SkeletonLines rows={5} label="Working out the restore order" />;
  return (
    <RestoreWaves
      order={value}
      ownerId={customerId}
      nameOf={(id) => names.get(id) ?? id.slice(0, 8)}
      emptyText="No assets recorded, so nothing to order."
    />
  );
}
