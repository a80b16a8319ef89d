/**
 * The runner's side and after-restore panels (containers for their own small forms): notes,
 * the customer's contacts with call logging, escalation, the timeline, and follow-ups.
 * Each form keeps what was typed until the back end confirms the event is committed.
 */
import { type ReactNode, useState } from 'react';
import type { Contact, CustomerDetail } from '../../shared/catalog/schemas';
import type { IncidentDetail } from '../../shared/incidents/model';
import { EscalationContacts } from '../customers/EscalationContacts';
import { Kbd } from '../ui/feedback';
import { Icon, type IconName } from '../ui/icons';
import { ActionNote } from './bits';
import { localStamp, localTime, relativeWords } from './clock';
import { type IncidentAction, useActionStatus, useActions } from './store';
import './side.css';

function Section({
  title,
  icon,
  note,
  children,
  testId,
}: {
  readonly title: string;
  readonly icon: IconName;
  readonly note?: ReactNode;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  return (
    <section className="panel inc-side__panel" aria-label={title} data-testid={testId}>
      <h2 className="panel__title">
        <Icon name={icon} size={14} /> {title}
        {note && <span className="panel__note">{note}</span>}
      </h2>
      {children}
    </section>
  );
}

/** Records an action and reports whether it was committed. */
const record = (incidentId: string, key: string, action: IncidentAction) =>
  useActions.getState().record(incidentId, key, action);

export function NotesPanel({ detail, now }: { readonly detail: IncidentDetail; readonly now: number }) {
  const [text, setText] = useState('');
  const status = useActionStatus('note');
  const id = detail.state.id;
  const submit = async () => {
    if (!text.trim()) return;
    if (await record(id, 'note', { type: 'note', text: text.trim() })) setText('');
  };
  const notes = [...detail.state.notes].reverse();
  return (
    <Section title="Notes" icon="edit" note={notes.length ? `${notes.length}` : undefined}>
      <div className="inc-note-form">
        <textarea
          id="inc-note"
          className="input textarea"
          rows={2}
          value={text}
          placeholder="What you tried, saw or were told… (Enter adds, Shift+Enter new line)"
          aria-label="Add a note"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            } else if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
          }}
        />
        <div className="inc-row-actions">
          <button
            type="button"
            className="button"
            disabled={!text.trim() || status?.state === 'saving'}
            onClick={() => void submit()}
          >
            Add note
          </button>
          <ActionNote status={status} what="Note recorded" />
        </div>
      </div>
      {notes.length > 0 && (
        <ul className="inc-notes">
          {notes.map((n) => (
            <li key={n.eventId} className={n.correctedBy ? 'inc-notes__corrected' : undefined}>
              <span className="inc-notes__meta">
                {localTime(n.at)} · {n.by} · {relativeWords(n.at, now)}
              </span>
              <span className="inc-notes__text">{n.text}</span>
              {n.correctedBy && <span className="muted">corrected later</span>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function ContactsPanel({
  detail,
  customer,
}: {
  readonly detail: IncidentDetail;
  readonly customer: CustomerDetail | null;
}) {
  const contacts = customer?.contacts ?? [];
  const [logging, setLogging] = useState<string | null>(null);
  return (
    <Section title="Contacts" icon="phone" note="in escalation order">
      {!customer && <p className="muted">Loading contacts…</p>}
      {customer && contacts.length === 0 && (
        <p className="muted">No contacts on record. Check the customer's contract documents.</p>
      )}
      <EscalationContacts
        contacts={contacts}
        place="incident"
        reachExtra={(c) => (
          <button
            type="button"
            className="link-button"
            onClick={() => setLogging(logging === c.id ? null : c.id)}
            aria-expanded={logging === c.id}
          >
            log call
          </button>
        )}
        trailing={(c) =>
          logging === c.id && (
            <CallForm incidentId={detail.state.id} contact={c} onDone={() => setLogging(null)} />
          )
        }
      />
    </Section>
  );
}

function CallForm({
  incidentId,
  contact,
  onDone,
}: {
  readonly incidentId: string;
  readonly contact: Contact;
  readonly onDone: () => void;
}) {
  const [outcome, setOutcome] = useState('');
  const key = `call:${contact.id}`;
  const status = useActionStatus(key);
  const submit = async () => {
    if (!outcome.trim()) return;
    const ok = await record(incidentId, key, {
      type: 'contact_called',
      name: contact.name,
      ...(contact.phone ? { phone: contact.phone } : {}),
      outcome: outcome.trim(),
    });
    if (ok) {
      setOutcome('');
      onDone();
    }
  };
  return (
    <div className="inc-inline-form">
      <input
        className="input"
        autoFocus
        value={outcome}
        maxLength={2000}
        placeholder={`How did the call to ${contact.name} go? (no answer, voicemail, agreed to…)`}
        aria-label={`Outcome of the call to ${contact.name}`}
        onChange={(e) => setOutcome(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
      />
      <div className="inc-row-actions">
        <button
          type="button"
          className="button"
          disabled={!outcome.trim() || status?.state === 'saving'}
          onClick={() => void submit()}
        >
          Log call
        </button>
        <ActionNote status={status} what="Call logged" />
      </div>
    </div>
  );
}

export function EscalatePanel({
  detail,
  customer,
}: {
  readonly detail: IncidentDetail;
  readonly customer: CustomerDetail | null;
}) {
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const status = useActionStatus('escalated');
  const submit = async () => {
    if (!to.trim() || !reason.trim()) return;
    const ok = await record(detail.state.id, 'escalated', {
      type: 'escalated',
      to: to.trim(),
      reason: reason.trim(),
    });
    if (ok) {
      setTo('');
      setReason('');
      setOpen(false);
    }
  };
  const suggestions = [
    ...(customer?.contacts.map((c) => `${c.name} (${c.role})`) ?? []),
    ...(customer?.contracts.map((c) => `${c.vendorName} support`) ?? []),
  ];
  return (
    <Section title="Escalate" icon="warning">
      {!open ? (
        <div className="inc-row-actions">
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Escalate…
          </button>
          <ActionNote status={status} what="Escalation recorded" />
        </div>
      ) : (
        <div className="inc-inline-form">
          <input
            className="input"
            autoFocus
            list="inc-escalate-to"
            value={to}
            maxLength={200}
            placeholder="To whom: a person, team or vendor"
            aria-label="Escalate to"
            onChange={(e) => setTo(e.target.value)}
          />
          <datalist id="inc-escalate-to">
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <input
            className="input"
            value={reason}
            maxLength={2000}
            placeholder="Why: what you need from them"
            aria-label="Reason for escalating"
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void submit();
              }
            }}
          />
          <div className="inc-row-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={!to.trim() || !reason.trim() || status?.state === 'saving'}
              onClick={() => void submit()}
            >
              Record escalation
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <ActionNote status={status} what="Escalation recorded" />
          </div>
        </div>
      )}
    </Section>
  );
}

const TIMELINE_TONE: Readonly<Record<string, string>> = {
  opened: 'open',
  restored: 'ok',
  closed: 'ok',
  step_done: 'ok',
  step_failed: 'bad',
  step_skipped: 'skip',
  escalated: 'warn',
  severity_changed: 'warn',
  reopened: 'warn',
};

export function TimelinePanel({ detail, now }: { readonly detail: IncidentDetail; readonly now: number }) {
  const entries = [...detail.timeline].reverse();
  return (
    <Section
      title="Timeline"
      icon="clock"
      note={`${entries.length} events · newest first · your local time`}
      testId="timeline"
    >
      <ol className="inc-timeline">
        {entries.map((e) => (
          <li
            key={e.id}
            className={`inc-tl inc-tl--${TIMELINE_TONE[e.type] ?? 'plain'}`}
            data-testid="timeline-entry"
            data-type={e.type}
          >
            <span className="inc-tl__dot" aria-hidden="true" />
            <span className="inc-tl__time" title={new Date(e.at).toString()}>
              <time dateTime={e.at}>
                {localStamp(e.at, now).length > 5 ? localStamp(e.at, now) : localTime(e.at)}
              </time>
              <span className="inc-tl__rel">{relativeWords(e.at, now)}</span>
            </span>
            <span className="inc-tl__body">
              <span className="inc-tl__summary" data-testid="timeline-summary">
                {e.summary}
              </span>
              <span
                className="inc-tl__who"
                data-testid="timeline-who"
                title={e.device ? `recorded on device ${e.device}` : undefined}
              >
                {e.author}
                {e.verifiedBy && (
                  <span
                    className="inc-tl__central"
                    data-testid="timeline-central"
                    title={`Central's record: written by the login ${e.verifiedBy}${
                      e.receivedAt ? `, received ${new Date(e.receivedAt).toString()}` : ''
                    }. The name before it is what the writing console recorded.`}
                  >
                    {' '}
                    · login {e.verifiedBy}
                    {e.receivedAt ? ` · at central ${localTime(e.receivedAt)}` : ''}
                  </span>
                )}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </Section>
  );
}

const FOLLOW_UP_KINDS = [
  { value: 'hypothesis', label: 'Hypothesis', hint: 'what might have caused it' },
  { value: 'evidence', label: 'Evidence', hint: 'logs, graphs, what was seen' },
  { value: 'problem_ticket', label: 'Problem ticket', hint: 'the ticket that tracks the root cause' },
  { value: 'task', label: 'Task', hint: 'something to do later' },
] as const;
type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number]['value'];

export function FollowUpsPanel({ detail, now }: { readonly detail: IncidentDetail; readonly now: number }) {
  const [kind, setKind] = useState<FollowUpKind>('hypothesis');
  const [text, setText] = useState('');
  const [ticket, setTicket] = useState('');
  const status = useActionStatus('follow-up');
  const closed = detail.state.status === 'closed';
  const submit = async () => {
    if (!text.trim()) return;
    const ok = await record(detail.state.id, 'follow-up', {
      type: 'follow_up_added',
      kind,
      text: text.trim(),
      ...(kind === 'problem_ticket' && ticket.trim() ? { ticketRef: ticket.trim() } : {}),
    });
    if (ok) {
      setText('');
      setTicket('');
    }
  };
  const hint = FOLLOW_UP_KINDS.find((k) => k.value === kind)?.hint ?? '';
  return (
    <section className="panel inc-follow" aria-label="Follow-ups" data-testid="follow-ups">
      <h2 className="panel__title">
        <Icon name="check" size={14} /> Follow-ups
        <span className="panel__note">root cause later: leave what the next person needs</span>
      </h2>
      {detail.state.followUps.length > 0 && (
        <ul className="inc-follow__list">
          {detail.state.followUps.map((f) => (
            <li key={f.id} className="inc-follow__item" data-testid="follow-up">
              <span className={`inc-fu inc-fu--${f.kind}`}>
                {FOLLOW_UP_KINDS.find((k) => k.value === f.kind)?.label ?? f.kind}
              </span>
              <span className="inc-follow__text">
                {f.text}
                {f.ticketRef && <span className="code-chip">{f.ticketRef}</span>}
              </span>
              <span className="muted inc-follow__meta">
                {localTime(f.at)} · {f.by} · {relativeWords(f.at, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!closed && (
        <div className="inc-follow__form">
          <fieldset className="segmented inc-follow__kinds" aria-label="Follow-up kind">
            {FOLLOW_UP_KINDS.map((k) => (
              <button
                key={k.value}
                type="button"
                aria-pressed={kind === k.value}
                className={`segmented__item${kind === k.value ? ' segmented__item--on' : ''}`}
                onClick={() => setKind(k.value)}
              >
                {k.label}
              </button>
            ))}
          </fieldset>
          <div className="inc-follow__inputs">
            <input
              className="input"
              value={text}
              maxLength={10_000}
              placeholder={`${FOLLOW_UP_KINDS.find((k) => k.value === kind)?.label}: ${hint}`}
              aria-label="Follow-up"
              data-testid="follow-up-text"
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void submit();
                }
              }}
            />
            {kind === 'problem_ticket' && (
              <input
                className="input input--mono inc-follow__ticket"
                value={ticket}
                maxLength={200}
                placeholder="PRB-1234"
                aria-label="Ticket reference"
                onChange={(e) => setTicket(e.target.value)}
              />
            )}
            <button
              type="button"
              className="button"
              disabled={!text.trim() || status?.state === 'saving'}
              onClick={() => void submit()}
            >
              Add follow-up
            </button>
          </div>
          <ActionNote status={status} what="Follow-up recorded" />
        </div>
      )}
      {detail.state.followUps.length === 0 && closed && <p className="muted">No follow-ups were left.</p>}
      {!closed && (
        <p className="muted inc-follow__hint">
          <Kbd>Enter</Kbd> adds · follow-ups stay with the incident for the problem review
        </p>
      )}
    </section>
  );
}
