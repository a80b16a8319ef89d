/**
 * A customer's contacts in escalation order, with their phone (and e-mail) one click away:
 * the recovery card's contacts panel and the incident runner's contacts panel. Each place
 * adds its own control to a contact (edit, log a call).
 */
import type { ReactNode } from 'react';
import type { Contact } from '../../shared/catalog/schemas';
import { telHref } from '../ui/assetBits';
import { Icon } from '../ui/icons';

/** Each place lays the list out in its own style. */
const CLASS_NAMES = {
  card: { list: 'contacts', item: 'contact', who: 'contact__who', reach: 'contact__reach' },
  incident: {
    list: 'inc-contacts',
    item: 'inc-contact',
    who: 'inc-contact__who',
    reach: 'inc-contact__reach',
  },
} as const;

export function byEscalationOrder(contacts: readonly Contact[]): Contact[] {
  return [...contacts].sort((a, b) => a.escalationOrder - b.escalationOrder);
}

export function EscalationContacts({
  contacts,
  place,
  withEmail = false,
  reachExtra,
  trailing,
}: {
  /** Sorted by escalation order here. */
  readonly contacts: readonly Contact[];
  readonly place: keyof typeof CLASS_NAMES;
  readonly withEmail?: boolean;
  /** A control after the contact's phone (and e-mail) links. */
  readonly reachExtra?: (contact: Contact) => ReactNode;
  /** What ends the contact's row: an edit button, a form opened from it. */
  readonly trailing?: (contact: Contact) => ReactNode;
}) {
  const names = CLASS_NAMES[place];
  return (
    <ol className={names.list}>
      {byEscalationOrder(contacts).map((c) => (
        <li key={c.id} className={names.item}>
          <span className="contact__order">{c.escalationOrder}</span>
          <div className={names.who}>
            <span className="contact__name">{c.name}</span>
            <span className="contact__role">{c.role}</span>
          </div>
          <div className={names.reach}>
            {c.phone ? (
              <a className="reach" href={telHref(c.phone)}>
                <Icon name="phone" size={13} /> {c.phone}
              </a>
            ) : (
              <span className="muted">no phone</span>
            )}
            {withEmail && c.email && (
              <a className="reach" href={`mailto:${c.email}`}>
                <Icon name="mail" size={13} /> {c.email}
              </a>
            )}
            {reachExtra?.(c)}
          </div>
          {trailing?.(c)}
        </li>
      ))}
    </ol>
  );
}
