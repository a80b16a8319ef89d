/** The recovery card (presentational): everything an engineer needs about one customer at 3 a.m. */

import type { ReactNode } from 'react';
import { ASSET_KIND_LABELS, SEVERITIES } from '../../shared/catalog/labels';
import type { CustomerDetail, SupportContract } from '../../shared/catalog/schemas';
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
  safeTimeZone,
  utcOffsetLabel,
  weekdayName,
  windowLabel,
} from './cardFacts';

export function RecoveryCard({ customer, now }: { readonly customer: CustomerDetail; readonly now: Date }) {
  const local = formatLocalTime(now, customer.timeZone);
  const zone = safeTimeZone(customer.timeZone);
  const review = reviewState(customer.reviewedAt, customer.reviewIntervalDays, now);
  const window = maintenanceStatus(customer.maintenanceWindows, now, customer.timeZone);
  const contacts = [...customer.contacts].sort((a, b) => a.escalationOrder - b.escalationOrder);
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
        </div>
      </header>

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
        <Panel title="Contacts" icon="phone" note="in escalation order" wide>
          {contacts.length === 0 ? (
            <p className="muted">No contacts on record. Check the customer's contract documents.</p>
          ) : (
            <ol className="contacts">
              {contacts.map((c) => (
                <li key={c.id} className="contact">
                  <span className="contact__order">{c.escalationOrder}</span>
                  <div className="contact__who">
                    <span className="contact__name">{c.name}</span>
                    <span className="contact__role">{c.role}</span>
                  </div>
                  <div className="contact__reach">
                    {c.phone ? (
                      <a className="reach" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>
                        <Icon name="phone" size={13} /> {c.phone}
                      </a>
                    ) : (
                      <span className="muted">no phone</span>
                    )}
                    {c.email && (
                      <a className="reach" href={`mailto:${c.email}`}>
                        <Icon name="mail" size={13} /> {c.email}
                      </a>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Panel>

        <Panel title="Vendors and support contracts" icon="building" wide>
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
                </tr>
              </thead>
              <tbody>
                {customer.contracts.map((c) => (
                  <ContractRow key={c.id} contract={c} now={now} />
                ))}
              </tbody>
            </table>
          )}
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

        <Panel title="Maintenance windows" icon="clock" note="customer time">
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
                    </span>
                  </li>
                ))}
            </ul>
          )}
        </Panel>

        {customer.notes && (
          <Panel title="Notes" icon="playbooks" wide>
            <p className="notes">{customer.notes}</p>
          </Panel>
        )}
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
  children,
}: {
  readonly title: string;
  readonly icon: IconName;
  readonly note?: string;
  readonly wide?: boolean;
  readonly children: ReactNode;
}) {
  return (
    <section className={`panel${wide ? ' panel--wide' : ''}`}>
      <h2 className="panel__title">
        <Icon name={icon} size={14} />
        {title}
        {note && <span className="panel__note">{note}</span>}
      </h2>
      {children}
    </section>
  );
}

function ContractRow({ contract, now }: { readonly contract: SupportContract; readonly now: Date }) {
  const state = contractState(contract.expiresOn, now);
  const expiry = contract.expiresOn ? formatDate(contract.expiresOn) : 'not recorded';
  return (
    <tr className={`contract contract--${state.kind}`}>
      <td className="contract__vendor">{contract.vendorName}</td>
      <td>
        {contract.supportPhone ? (
          <a className="reach" href={`tel:${contract.supportPhone.replace(/[^\d+]/g, '')}`}>
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
    </tr>
  );
}
