/**
 * Records that did not reach their place (containers over `sync:refusals` and
 * `sync:parked`): changes made here that central refused, shown beside the record and on
 * the Sync screen, and rows central sent that wait outside their table here. Both reload
 * when sync announces a change.
 */
import { useEffect, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/result';
import type { ParkedRecord, RecordPlace, SyncRefusal } from '../../shared/sync/model';
import { api } from '../api/client';
import { type Route, routeHref } from '../app/router';
import { Icon } from '../ui/icons';
import { absolute, ago } from './time';
import { plural } from './words';
import './held.css';

type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly error: ApiError };

/** One reading call, reloaded on every 'sync' change; `key` names the input. */
function useSyncRead<N extends 'sync:refusals' | 'sync:parked'>(
  name: N & CallName,
  input: CallInput<N>,
): Loaded<CallOutput<N>> {
  const key = JSON.stringify(input);
  const [state, setState] = useState<Loaded<CallOutput<N>>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const load = () => {
      void api.call(name, JSON.parse(key) as CallInput<N>).then((r) => {
        if (!live) return;
        setState(
          r.ok ? { status: 'ready', value: r.value as CallOutput<N> } : { status: 'failed', error: r.error },
        );
      });
    };
    load();
    const off = api.on('data:changed', ({ domains }) => {
      if (domains.includes('sync')) load();
    });
    return () => {
      live = false;
      off();
    };
  }, [name, key]);
  return state;
}

const UNDO = 'It stays on this console; ask for the role or undo it.';

function refusedSentence(r: SyncRefusal): string {
  return r.reason
    ? `Central refused this change: ${r.reason.replace(/\.\s*$/, '')}.`
    : 'Central refused this change.';
}

/**
 * Beside a record: "Central refused this change: <reason>. It stays on this console; ask
 * for the role or undo it." Nothing when central accepted everything.
 */
export function RefusalNotice({
  filter,
  named = false,
}: {
  readonly filter: CallInput<'sync:refusals'>;
  /** Say which record each refusal is about (a customer card holds many). */
  readonly named?: boolean;
}) {
  const loaded = useSyncRead('sync:refusals', filter);
  if (loaded.status !== 'ready' || loaded.value.refusals.length === 0) return null;
  const list = loaded.value.refusals;
  const one = list.length === 1 ? list[0] : undefined;
  return (
    <div className="form-banner form-banner--warn refusal-notice" role="status" data-testid="refusal-notice">
      <Icon name="warning" size={16} />
      <div>
        {one ? (
          <span>
            <span className="form-banner__title">
              {named ? `${one.label}: ` : ''}
              {refusedSentence(one)}
            </span>{' '}
            {UNDO}
          </span>
        ) : (
          <>
            <span className="form-banner__title">
              Central refused {plural(list.length, 'change')} made here. {UNDO}
            </span>
            <ul className="refusal-notice__list">
              {list.map((r) => (
                <li key={`${r.entity}:${r.rowId}`}>
                  <strong>{r.label}</strong>: {refusedSentence(r)}
                </li>
              ))}
            </ul>
          </>
        )}
        <a className="refusal-notice__more" href={routeHref({ screen: 'sync' })}>
          All refused changes on the Sync screen
        </a>
      </div>
    </div>
  );
}

function routeOf(at: RecordPlace): Route {
  switch (at.kind) {
    case 'customer':
      return { screen: 'customers', customerId: at.id, view: 'card' };
    case 'asset':
      return { screen: 'asset', assetId: at.id };
    case 'vendor':
      return { screen: 'blast', target: { kind: 'vendor', id: at.id } };
    case 'playbook':
      return { screen: 'playbooks', path: [at.id], params: {} };
    case 'incident':
      return { screen: 'incidents', path: [at.id], params: {} };
    case 'handover':
      return { screen: 'handover', path: [at.id], params: {} };
  }
}

/** The Sync screen's list of refused changes, each with central's reason and a link to the record. */
export function RefusalList() {
  const loaded = useSyncRead('sync:refusals', {});
  const now = Date.now();
  if (loaded.status !== 'ready' || loaded.value.refusals.length === 0) {
    return loaded.status === 'failed' ? (
      <p className="muted">Refused changes unavailable: {loaded.error.message}</p>
    ) : null;
  }
  const list = loaded.value.refusals;
  return (
    <section className="sync-section" aria-labelledby="sync-refused-title" data-testid="sync-refusals">
      <header className="sync-section__head">
        <h2 id="sync-refused-title" className="sync-section__title">
          Refused by central <span className="sync-count sync-count--warn">{list.length}</span>
        </h2>
        <p className="sync-section__caption">
          These changes stay on this console and are offered to central again each round. Ask for the role
          central names, or undo the change.
        </p>
      </header>
      <ul className="held-list">
        {list.map((r) => (
          <li key={`${r.entity}:${r.rowId}`} className="held-item" data-testid="sync-refusal">
            <div className="held-item__what">
              {r.at ? <a href={routeHref(routeOf(r.at))}>{r.label}</a> : <strong>{r.label}</strong>}
              <span className="held-item__when" title={absolute(r.since)}>
                changed {ago(r.since, now)}
              </span>
            </div>
            <p className="held-item__why">{r.reason ?? 'Central gave no reason.'}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ParkedItem({ p }: { readonly p: ParkedRecord }) {
  return (
    <li className="held-item" data-testid="sync-parked-row">
      <div className="held-item__what">
        <strong>{p.label}</strong>
        {p.reason === 'chain' && <span className="sync-count sync-count--bad">broken chain</span>}
        {p.writtenBy && (
          <span className="held-item__when" title="The login central says wrote it">
            login {p.writtenBy}
          </span>
        )}
      </div>
      <p className="held-item__why">{p.detail}</p>
    </li>
  );
}

/** "N records wait for a parent this console does not hold", with each row's detail. */
export function ParkedList() {
  const loaded = useSyncRead('sync:parked', {});
  if (loaded.status === 'failed')
    return <p className="muted">Parked records unavailable: {loaded.error.message}</p>;
  if (loaded.status !== 'ready' || loaded.value.total === 0) return null;
  const { parked, total } = loaded.value;
  const orphans = parked.filter((p) => p.reason === 'orphan');
  const chains = parked.filter((p) => p.reason === 'chain');
  return (
    <section className="sync-section" aria-labelledby="sync-parked-title" data-testid="sync-parked">
      <header className="sync-section__head">
        <h2 id="sync-parked-title" className="sync-section__title">
          Kept aside <span className="sync-count sync-count--warn">{total}</span>
        </h2>
        {orphans.length > 0 && (
          <p className="sync-section__caption" data-testid="sync-parked-summary">
            {orphans.length === 1
              ? '1 record waits for a parent this console does not hold'
              : `${orphans.length} records wait for a parent this console does not hold`}
            : it goes in when the parent arrives, and is never shown under a customer you cannot see.
          </p>
        )}
        {chains.length > 0 && (
          <p className="sync-section__caption">
            {plural(chains.length, 'incident event')} kept out of the log: its hash chain does not match.
          </p>
        )}
      </header>
      <ul className="held-list">
        {parked.map((p) => (
          <ParkedItem key={`${p.entity}:${p.rowId}`} p={p} />
        ))}
      </ul>
      {total > parked.length && <p className="muted">…and {total - parked.length} more.</p>}
    </section>
  );
}
