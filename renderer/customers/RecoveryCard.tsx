/** The recovery card (presentational): everything an engineer needs about one customer at 3 a.m. */

import type { ReactNode } from 'react';
import { ASSET_KIND_LABELS, SEVERITIES } from '../../shared/catalog/labels';
import { safeTimeZone, weekdayName } from '../../shared/catalog/maintenance';
import type {
  Contact,
  CustomerDetail,
  MaintenanceWindow,
  SupportContract,
} from '../../shared/catalog/schemas';
import { routeHref } from '../app/router';
// Not the playbooks index: its review badge brings the Markdown renderer into the first screen.
import { GobagButton } from '../playbooks/GobagButton';
import { RecentReviews } from '../reviews/RecentReviews';
import { CopyAgeBanner, CopyAgeLine } from '../sync/CopyAge';
import { telHref } from '../ui/assetBits';
import { Icon, type IconName } from '../ui/icons';
import { TierBadge } from './badges';
import {
  ageInWords,
  contractState,
  countdownInWords,
  formatDate,
  formatLocalTime,
  maintenanceStatus,
  minutesInWords,
  reviewState,
  utcOffsetLabel,
  windowLabel,
} from './cardFacts';
import { EscalationContacts } from './EscalationContacts';
import './card.css';

/** What the engineer asked to edit; the page opens the matching editor. */
export type CardEdit =
  | { readonly kind: 'customer' }
  | { readonly kind: 'asset' }
  | { readonly kind: 'contact'; readonly contact: Contact | null }
  | { readonly kind: 'contract'; readonly contract: SupportContract | null }
  | { readonly kind: 'window'; readonly window: MaintenanceWindow | null };

export function RecoveryCard({
  customer,
  now,
  layers,
  restore,
  refusals,
  onEdit,
}: {
  readonly customer: CustomerDetail;
  readonly now: Date;
  /** The environment tree by layer. */
  readonly layers: ReactNode;
  /** The restore order in waves. */
  readonly restore: ReactNode;
  /** Changes to this customer's records that central refused, shown under the header. */
  readonly refusals?: ReactNode;
  readonly onEdit: (edit: CardEdit) => void;
}) {
  const local = formatLocalTime(now, customer.timeZone);
  const zone = safeTimeZone(customer.timeZone);
  const review = reviewState(customer.reviewedAt, customer.reviewIntervalDays, now);
  const window = maintenanceStatus(customer.maintenanceWindows, now, customer.timeZone);
  const kinds = [...customer.assetCountsByKind].filter((k) => k.count > 0).sort((a, b) => b.count - a.count);
  const totalAssets = kinds.reduce((sum, k) => sum + k.count, 0);

  return (
    <article className="card-page">
      <header className="customer-head">
        <div className="customer-head__id">
          <div className="customer-head__meta">
            <span className="customer-head__code">{customer.code}</span>
            <TierBadge tier={customer.tier} />
            {customer.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </div>
          <h1 className="customer-head__name" data-testid="customer-name" tabIndex={-1}>
            {customer.name}
          </h1>
          {customer.supportHours && (
            <p className="customer-head__sub">Support hours: {customer.supportHours}</p>
          )}
        </div>
        <div className="customer-head__actions" role="toolbar" aria-label="Customer actions">
          <a
            className="button button--danger"
            href={routeHref({ screen: 'incidents', path: ['new'], params: { customer: customer.id } })}
            title="Start an incident for this customer (N)"
            data-testid="start-incident"
          >
            <Icon name="incidents" size={14} /> Start incident
          </a>
          <GobagButton customerId={customer.id} />
          <a
            className="button"
            href={routeHref({ screen: 'customers', customerId: customer.id, view: 'graph' })}
            title="Dependency graph (G)"
          >
            <Icon name="graph" size={14} /> Dependency graph
          </a>
          <button type="button" className="button" onClick={() => onEdit({ kind: 'asset' })}>
            <Icon name="plus" size={14} /> Add asset
          </button>
          <button
            type="button"
            className="button"
            onClick={() => onEdit({ kind: 'customer' })}
            title="Edit customer (E)"
          >
            <Icon name="edit" size={14} /> Edit
          </button>
        </div>
        <div className="clock">
          <span className="clock__label">
            <Icon name="clock" size={13} /> Local time
          </span>
          <span className="clock__time">{local.time}</span>
          <span className="clock__zone">
            {local.day} ·{' '}
            {zone.valid ? customer.timeZone : `${customer.timeZone} (unknown zone, showing UTC)`} ·{' '}
            {utcOffsetLabel(now, customer.timeZone)}
          </span>
          <CopyAgeLine syncedAt={customer.syncedAt} now={now} />
        </div>
      </header>

      <CopyAgeBanner syncedAt={customer.syncedAt} now={now} />
      {refusals}

      {review.kind !== 'fresh' && (
        <div className="banner banner--warn" role="status">
          <Icon name="warning" size={18} />
          <div>
            <strong>
              {review.kind === 'never'
                ? 'This record has never been reviewed.'
                : `This record is overdue for review (last reviewed ${ageInWords(review.days)}, due every ${customer.reviewIntervalDays} days).`}
            </strong>{' '}
            Contacts, contracts and topology may be out of date: confirm phone numbers before relying on them.
          </div>
        </div>
      )}

      <OpenIncidents incidents={customer.openIncidents} now={now} />
      <RecentReviews customerId={customer.id} />

      <div className="strip">
        <div className="strip__block">
          <h2 className="label">Restore targets</h2>
          <div className="targets">
            {SEVERITIES.map((sev) => (
              <div key={sev} className={`target target--${sev}`}>
                <span className="target__sev">{sev.toUpperCase()}</span>
                <span className="target__value">{minutesInWords(customer.restoreTargets[sev])}</span>
              </div>
            ))}
          </div>
        </div>
        <div className="strip__block">
          <h2 className="label">Maintenance</h2>
          {window.kind === 'none' && <p className="muted">No maintenance windows agreed.</p>}
          {window.kind === 'now' && (
            <div className="window window--now">
              <span className="pill pill--ok">In maintenance window now</span>
              <span>
                {window.window.name} · ends in {countdownInWords(window.endsInMinutes)}
              </span>
            </div>
          )}
          {window.kind === 'next' && (
            <div className="window">
              <span className="pill">Not in a window</span>
              <span>
                Next: {window.window.name}, {windowLabel(window.window)} (customer time) · in{' '}
                {countdownInWords(window.startsInMinutes)}
              </span>
            </div>
          )}
        </div>
      </div>

      <div className="grid">
        {/* The customer's own notes first ("never reboot the ERP host before 18:00"): read before acting. */}
        {customer.notes && (
          <Panel title="Notes" icon="playbooks" wide>
            <p className="notes" data-testid="card-notes">
              {customer.notes}
            </p>
          </Panel>
        )}
        <Panel
          title="Contacts"
          icon="phone"
          note="in escalation order"
          wide
          action={
            <AddButton label="Add contact" onClick={() => onEdit({ kind: 'contact', contact: null })} />
          }
        >
          {customer.contacts.length === 0 ? (
            <p className="muted">No contacts on record. Check the customer's contract documents.</p>
          ) : (
            <EscalationContacts
              contacts={customer.contacts}
              place="card"
              withEmail
              trailing={(c) => (
                <EditButton
                  label={`Edit ${c.name}`}
                  onClick={() => onEdit({ kind: 'contact', contact: c })}
                />
              )}
            />
          )}
        </Panel>

        <Panel
          title="Vendors and support contracts"
          icon="building"
          wide
          action={
            <AddButton label="Add contract" onClick={() => onEdit({ kind: 'contract', contract: null })} />
          }
        >
          {customer.contracts.length === 0 ? (
            <p className="muted">No support contracts on record.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Vendor</th>
                  <th>Support line</th>
                  <th>Contract</th>
                  <th>Hours</th>
                  <th>Expiry</th>
                  <th>
                    <span className="visually-hidden">Edit</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {customer.contracts.map((c) => (
                  <ContractRow
                    key={c.id}
                    contract={c}
                    now={now}
                    onEdit={() => onEdit({ kind: 'contract', contract: c })}
                  />
                ))}
              </tbody>
            </table>
          )}
        </Panel>

        <Panel
          title="Environment by layer"
          icon="layers"
          note="services → VMs → clusters → hosts"
          action={
            <a
              className="link-button panel__action"
              href={routeHref({ screen: 'customers', customerId: customer.id, view: 'graph' })}
            >
              <Icon name="graph" size={13} /> Graph
            </a>
          }
        >
          {layers}
        </Panel>

        <Panel title="Restore order" icon="restore" note="whole customer, wave by wave">
          {restore}
        </Panel>

        <Panel title="Sites" icon="building">
          {customer.sites.length === 0 ? (
            <p className="muted">No sites recorded.</p>
          ) : (
            <ul className="plain-list">
              {customer.sites.map((s) => (
                <li key={s.id}>
                  <span>{s.name}</span>
                  <span className="muted">{s.city ?? '—'}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>

        <Panel title="Environments" icon="server">
          {customer.environments.length === 0 ? (
            <p className="muted">No environments recorded.</p>
          ) : (
            <ul className="plain-list">
              {customer.environments.map((e) => (
                <li key={e.id}>
                  <span>
                    {e.name}{' '}
                    {e.kind.toLowerCase() !== e.name.toLowerCase() && (
                      <span className="env-kind">{e.kind}</span>
                    )}
                  </span>
                  <span className="num">{e.assetCount.toLocaleString('en-US')} assets</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>

        <Panel title="Assets by kind" icon="server" note={`${totalAssets.toLocaleString('en-US')} in total`}>
          {kinds.length === 0 ? (
            <p className="muted">No assets recorded.</p>
          ) : (
            <ul className="bars">
              {kinds.map((k) => (
                <li key={k.kind}>
                  <span className="bars__label">{ASSET_KIND_LABELS[k.kind].many}</span>
                  <span className="bars__track">
                    <span
                      className="bars__fill"
                      style={{ width: `${Math.max(3, (k.count / (kinds[0]?.count ?? 1)) * 100)}%` }}
                    />
                  </span>
                  <span className="num">{k.count.toLocaleString('en-US')}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>

        <Panel
          title="Maintenance windows"
          icon="clock"
          note="customer time"
          action={<AddButton label="Add window" onClick={() => onEdit({ kind: 'window', window: null })} />}
        >
          {customer.maintenanceWindows.length === 0 ? (
            <p className="muted">None agreed.</p>
          ) : (
            <ul className="plain-list">
              {[...customer.maintenanceWindows]
                .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime))
                .map((w) => (
                  <li
                    key={w.id}
                    className={window.kind === 'now' && window.window.id === w.id ? 'is-now' : undefined}
                  >
                    <span>{w.name}</span>
                    <span
                      className="muted"
                      title={`Every ${weekdayName(w.weekday)}, ${minutesInWords(w.durationMinutes)}`}
                    >
                      {windowLabel(w)}
                      <EditButton
                        label={`Edit window ${w.name}`}
                        onClick={() => onEdit({ kind: 'window', window: w })}
                      />
                    </span>
                  </li>
                ))}
            </ul>
          )}
        </Panel>
      </div>
      <p className="card-foot muted">
        {customer.reviewedAt
          ? `Last reviewed ${formatDate(customer.reviewedAt)} · review every ${customer.reviewIntervalDays} days`
          : 'Never reviewed'}
      </p>
    </article>
  );
}

function Panel({
  title,
  icon,
  note,
  wide,
  action,
  children,
}: {
  readonly title: string;
  readonly icon: IconName;
  readonly note?: string;
  readonly wide?: boolean;
  readonly action?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <section className={`panel${wide ? ' panel--wide' : ''}`} aria-label={title}>
      <h2 className="panel__title">
        <Icon name={icon} size={14} />
        {title}
        {note && <span className="panel__note">{note}</span>}
        {action && <span className="panel__actions">{action}</span>}
      </h2>
      {children}
    </section>
  );
}

function AddButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }) {
  return (
    <button type="button" className="link-button panel__action" onClick={onClick}>
      <Icon name="plus" size={13} /> {label}
    </button>
  );
}

function EditButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }) {
  return (
    <button
      type="button"
      className="icon-button edit-button"
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      <Icon name="edit" size={13} />
    </button>
  );
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { sev1: 0, sev2: 1, sev3: 2, sev4: 3 };

function OpenIncidents({
  incidents,
  now,
}: {
  readonly incidents: CustomerDetail['openIncidents'];
  readonly now: Date;
}) {
  const sorted = [...incidents].sort(
    (a, b) =>
      (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
      a.openedAt.localeCompare(b.openedAt),
  );
  return (
    <section
      className={`incidents-strip${sorted.length ? ' incidents-strip--active' : ''}`}
      aria-label="Open incidents"
      data-testid="open-incidents"
    >
      <h2 className="label">
        Open incidents{sorted.length > 0 && <span className="incidents-strip__count">{sorted.length}</span>}
      </h2>
      {sorted.length === 0 ? (
        <p className="incidents-strip__none">
          <Icon name="check" size={14} /> No open incidents
        </p>
      ) : (
        <ul className="incidents-strip__list">
          {sorted.map((incident) => (
            <li key={incident.id} className="incident-line">
              <span className={`sev sev--${incident.severity}`}>{incident.severity.toUpperCase()}</span>
              <a
                className="incident-line__title"
                href={routeHref({ screen: 'incidents', path: [incident.id], params: {} })}
              >
                {incident.title}
              </a>
              <span className={`status status--${incident.status}`}>{incident.status}</span>
              <span className="incident-line__age">
                opened {sinceInWords(now.getTime() - Date.parse(incident.openedAt))} ago
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function sinceInWords(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 min';
  return countdownInWords(Math.floor(ms / 60_000));
}

function ContractRow({
  contract,
  now,
  onEdit,
}: {
  readonly contract: SupportContract;
  readonly now: Date;
  readonly onEdit: () => void;
}) {
  const state = contractState(contract.expiresOn, now);
  const expiry = contract.expiresOn ? formatDate(contract.expiresOn) : 'not recorded';
  return (
    <tr className={`contract contract--${state.kind}`}>
      <td className="contract__vendor">{contract.vendorName}</td>
      <td>
        {contract.supportPhone ? (
          <a className="reach" href={telHref(contract.supportPhone)}>
            <Icon name="phone" size={13} /> {contract.supportPhone}
          </a>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="mono">{contract.contractNumber ?? '—'}</td>
      <td>{contract.hours ?? '—'}</td>
      <td>
        {state.kind === 'expired' && (
          <span className="expiry expiry--expired">
            Expired {expiry} ({state.days === 1 ? '1 day' : `${state.days} days`} ago)
          </span>
        )}
        {state.kind === 'expiring' && (
          <span className="expiry expiry--expiring">
            {expiry} ·{' '}
            {state.days === 0 ? 'expires today' : `in ${state.days} ${state.days === 1 ? 'day' : 'days'}`}
          </span>
        )}
        {state.kind === 'valid' && <span className="expiry">{expiry}</span>}
        {state.kind === 'unknown' && <span className="muted">{expiry}</span>}
      </td>
      <td className="table__edit">
        <EditButton label={`Edit contract with ${contract.vendorName}`} onClick={onEdit} />
      </td>
    </tr>
  );
}
