/**
 * Customer updates on the runner (containers): the next-update clock (amber in the last
 * quarter of the interval, red once overdue, like the restore clock), the updates sent so
 * far, and "Tell the customer" (T, a playbook's communicate step, or the palette): the right
 * template filled in, edited, then copied, e-mailed (mailto:) or told by phone. It says
 * "sent" only once the update is committed to the incident's log.
 */
import { useEffect, useState } from 'react';
import type { UpdateDraft } from '../../shared/incidents/commsCalls';
import type { IncidentDetail } from '../../shared/incidents/model';
import {
  UPDATE_KIND_LABELS,
  UPDATE_KINDS,
  type UpdateChannel,
  type UpdateKind,
  updateClockState,
  validateTemplate,
} from '../../shared/incidents/templates';
import { api } from '../api/client';
import { Modal } from '../editing/Dialog';
import { Kbd } from '../ui/feedback';
import { isTypingTarget } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { ActionNote } from './bits';
import { clockDigits, localTime, relativeWords, targetWords } from './clock';
import { copyText } from './RunPanel';
import { actionKey, isOpenStep, stepKey, useRunnerUi } from './runnerState';
import { useActionStatus, useActions } from './store';
import { type FromStep, useTellCustomer } from './tellStore';
import './comms.css';

const CHANNEL_WORDS: Readonly<Record<UpdateChannel, string>> = {
  email: 'by e-mail',
  phone: 'by phone',
  copied: 'copied',
};

/** The next-update clock as the runner shows it. */
export function UpdateClock({ detail, now }: { readonly detail: IncidentDetail; readonly now: number }) {
  const due = detail.communication.nextUpdate;
  const cadence = detail.communication.cadenceMinutes;
  if (!due) {
    const why =
      detail.state.status === 'closed'
        ? 'Closed: no more updates due.'
        : detail.state.restoredAt !== null
          ? 'Restored and told: no more updates due.'
          : `No regular updates for ${detail.state.severity.toUpperCase()}.`;
    return (
      <p className="comms-clock comms-clock--none" data-testid="update-clock" data-update-state="none">
        {why}
      </p>
    );
  }
  const state = updateClockState(due, now);
  const left = Date.parse(due.dueAt) - now;
  const what =
    due.kind === 'working' ? 'First update' : due.kind === 'restored' ? '"Restored" notice' : 'Next update';
  return (
    <div
      className={`comms-clock comms-clock--${state}`}
      role="timer"
      aria-label="Next customer update"
      data-testid="update-clock"
      data-update-state={state}
    >
      <span className="comms-clock__head">
        {what} {state === 'overdue' ? 'overdue' : 'due'}
      </span>
      <span className="comms-clock__digits">
        {state === 'overdue' ? `+${clockDigits(-left)}` : clockDigits(left)}
      </span>
      <span className="comms-clock__sub">
        at {localTime(due.dueAt)}
        {cadence !== null && ` · every ${targetWords(cadence)}`}
        {due.lastAt ? ` · last sent ${relativeWords(due.lastAt, now)}` : ' · none sent yet'}
      </span>
    </div>
  );
}

/** The selected step, when it is a communicate step still to do: sending the update settles it. */
function communicateStep(detail: IncidentDetail, selected: string | null): FromStep | null {
  for (const run of detail.state.runs)
    for (const step of run.steps)
      if (stepKey(run.runId, step.stepId) === selected && step.kind === 'communicate' && isOpenStep(step))
        return { runId: run.runId, stepId: step.stepId, title: step.title };
  return null;
}

export function CustomerUpdatesPanel({
  detail,
  now,
}: {
  readonly detail: IncidentDetail;
  readonly now: number;
}) {
  const open = useTellCustomer((s) => s.open);
  const live = detail.state.status !== 'closed';
  const updates = [...detail.state.customerUpdates].reverse();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || event.key.toLowerCase() !== 't' || !live) return;
      if (useTellCustomer.getState().open) return;
      event.preventDefault();
      useTellCustomer.getState().show(communicateStep(detail, useRunnerUi.getState().selected));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [live, detail]);

  useEffect(() => () => useTellCustomer.getState().close(), []);

  return (
    <section
      className="panel inc-side__panel comms-panel"
      aria-label="Customer updates"
      data-testid="customer-updates"
    >
      <h2 className="panel__title">
        <Icon name="mail" size={14} /> Customer updates
        {updates.length > 0 && <span className="panel__note">{updates.length} sent</span>}
      </h2>
      <UpdateClock detail={detail} now={now} />
      {live && (
        <button
          type="button"
          className="button comms-panel__tell"
          onClick={() => useTellCustomer.getState().show()}
          data-testid="tell-customer"
        >
          <Icon name="mail" size={14} /> Tell the customer <Kbd>T</Kbd>
        </button>
      )}
      {updates.length > 0 && (
        <ul className="inc-notes comms-sent">
          {updates.slice(0, 5).map((u) => (
            <li key={u.eventId}>
              <span className="inc-notes__meta">
                {localTime(u.at)} · {UPDATE_KIND_LABELS[u.kind]} · {CHANNEL_WORDS[u.channel]} · {u.by}
              </span>
              <span className="inc-notes__text">to {u.to.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
      {open && <TellCustomerDialog detail={detail} fromStep={open.fromStep} />}
    </section>
  );
}

function mailtoHref(to: readonly string[], subject: string, body: string): string {
  return `mailto:${to.map(encodeURIComponent).join(',')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

function TellCustomerDialog({
  detail,
  fromStep,
}: {
  readonly detail: IncidentDetail;
  readonly fromStep: FromStep | null;
}) {
  const incidentId = detail.state.id;
  const [kind, setKind] = useState<UpdateKind | null>(null);
  const [draft, setDraft] = useState<UpdateDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [to, setTo] = useState<readonly string[]>([]);
  const [copyFailed, setCopyFailed] = useState(false);
  const status = useActionStatus('customer-update');
  const close = () => useTellCustomer.getState().close();

  useEffect(() => {
    let stale = false;
    void api.call('incident:draftUpdate', kind ? { incidentId, kind } : { incidentId }).then((r) => {
      if (stale) return;
      if (!r.ok) {
        setLoadError(r.error.message);
        return;
      }
      setDraft(r.value);
      setSubject(r.value.subject);
      setBody(r.value.body);
      setTo((prev) => (prev.length > 0 ? prev : r.value.recipients.map((c) => c.contactId)));
    });
    return () => {
      stale = true;
    };
  }, [incidentId, kind]);

  const chosen = draft?.contacts.filter((c) => to.includes(c.contactId)) ?? [];
  const emails = chosen.flatMap((c) => (c.email ? [c.email] : []));
  const saving = status?.state === 'saving';
  const ready = draft !== null && chosen.length > 0 && body.trim() !== '' && !saving;
  // The text goes out as typed; a stray brace is the sign of a placeholder left unfilled.
  const leftover = validateTemplate(body).length > 0 || /\{[a-z_]+\}/.test(body);

  const send = async (channel: UpdateChannel) => {
    if (!draft || !ready) return;
    if (channel === 'copied' && !(await copyText(`${subject}\n\n${body}`, null))) {
      setCopyFailed(true);
      return;
    }
    const ok = await useActions.getState().record(incidentId, 'customer-update', {
      type: 'customer_update',
      kind: draft.kind,
      channel,
      contactIds: chosen.map((c) => c.contactId),
      subject: subject.trim(),
      text: body.trim(),
    });
    if (!ok) return;
    if (channel === 'email') {
      const link = document.createElement('a');
      link.href = mailtoHref(emails, subject, body);
      link.click();
    }
    if (fromStep)
      await useActions.getState().record(incidentId, actionKey(fromStep.runId, fromStep.stepId), {
        type: 'step',
        runId: fromStep.runId,
        stepId: fromStep.stepId,
        outcome: 'done',
        note: `Customer update sent ${CHANNEL_WORDS[channel]} to ${chosen.map((c) => c.name).join(', ')}`,
      });
    close();
  };

  return (
    <Modal
      title="Tell the customer"
      subtitle={
        draft
          ? `${UPDATE_KIND_LABELS[draft.kind]} · ${draft.templateFrom === 'customer' ? `${detail.customer.name}'s template` : 'core template'}${fromStep ? ` · for step "${fromStep.title}"` : ''}`
          : 'Filling in the template…'
      }
      size="large"
      onRequestClose={close}
      testId="tell-dialog"
      footer={
        <>
          <ActionNote status={status} what="Update recorded" />
          <span className="modal__foot-spacer" />
          <button type="button" className="button" onClick={close}>
            Cancel <Kbd>Esc</Kbd>
          </button>
          <button
            type="button"
            className="button"
            disabled={!ready}
            onClick={() => void send('copied')}
            data-testid="tell-copy"
          >
            <Icon name="copy" size={14} /> Copy, mark sent
          </button>
          <button
            type="button"
            className="button"
            disabled={!ready}
            onClick={() => void send('phone')}
            data-testid="tell-phone"
          >
            <Icon name="phone" size={14} /> Told by phone
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!ready || emails.length === 0}
            title={emails.length === 0 ? 'None of the recipients has an e-mail address' : undefined}
            onClick={() => void send('email')}
            data-testid="tell-email"
          >
            <Icon name="mail" size={14} /> Open e-mail
          </button>
        </>
      }
    >
      {loadError && (
        <p className="inc-failed" role="alert">
          <Icon name="warning" size={12} /> The update could not be drafted: {loadError}
        </p>
      )}
      {draft && (
        <div className="comms-form">
          <fieldset className="comms-form__kinds">
            <legend className="field__label">Template</legend>
            {UPDATE_KINDS.map((k) => (
              <label key={k} className="comms-form__kind">
                <input
                  type="radio"
                  name="update-kind"
                  checked={draft.kind === k}
                  disabled={k === 'restored' && detail.state.restoredAt === null}
                  onChange={() => setKind(k)}
                />
                {UPDATE_KIND_LABELS[k]}
              </label>
            ))}
          </fieldset>
          <fieldset className="comms-form__to">
            <legend className="field__label">To</legend>
            {draft.contacts.length === 0 && (
              <p className="muted">
                This customer has no contacts on record: add one on the customer's card.
              </p>
            )}
            {draft.contacts.map((c) => (
              <label key={c.contactId} className="comms-form__contact">
                <input
                  type="checkbox"
                  checked={to.includes(c.contactId)}
                  onChange={(e) =>
                    setTo(e.target.checked ? [...to, c.contactId] : to.filter((id) => id !== c.contactId))
                  }
                />
                <span>
                  {c.name} <span className="muted">· {c.role}</span>
                </span>
                <span className="muted comms-form__addr">{c.email ?? c.phone ?? 'no e-mail or phone'}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span className="field__label">Subject</span>
            <input
              className="input"
              value={subject}
              maxLength={300}
              onChange={(e) => setSubject(e.target.value)}
              data-testid="tell-subject"
            />
          </label>
          <label className="field">
            <span className="field__label">Message</span>
            <textarea
              className="input textarea comms-form__body"
              rows={11}
              value={body}
              maxLength={20_000}
              data-autofocus
              onChange={(e) => setBody(e.target.value)}
              data-testid="tell-body"
            />
          </label>
          {copyFailed && (
            <p className="inc-failed" role="alert">
              <Icon name="warning" size={12} /> The console may not use the clipboard here: select the
              message, copy it with Ctrl+C, then use "Told by phone" or "Open e-mail". Nothing was recorded.
            </p>
          )}
          {leftover && (
            <p className="inc-failed" role="alert">
              <Icon name="warning" size={12} /> The message still has a brace or a placeholder: check it
              before sending.
            </p>
          )}
          <p className="muted comms-form__hint">
            {draft.cadenceMinutes === null
              ? 'No regular updates agreed for this severity.'
              : `Agreed: an update every ${targetWords(draft.cadenceMinutes)} for ${detail.state.severity.toUpperCase()}.`}{' '}
            Recorded in the incident's log (who, when, to whom, how, the text) once you send it.
          </p>
        </div>
      )}
    </Modal>
  );
}
