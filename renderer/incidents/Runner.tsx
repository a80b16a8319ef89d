/**
 * The incident runner (container): the restore clock always in view, "Service restored" one
 * key away from any step, the playbook runs step by step, and notes, contacts, escalation
 * and the timeline beside them. Keyboard first: J/K move, D/S/F record, R restored.
 */
import { useEffect, useState } from 'react';
import { SEVERITIES } from '../../shared/catalog/labels';
import { customerRemarks } from '../../shared/incidents/customerNotes';
import type { IncidentDetail } from '../../shared/incidents/model';
import { navigate, routeHref } from '../app/router';
import { markReady } from '../app/store';
import { TierBadge } from '../customers/badges';
import { Modal } from '../editing/Dialog';
import { WriteReviewButton } from '../reviews/WriteReviewButton';
import { CardSkeleton, ErrorPanel, Kbd } from '../ui/feedback';
import { isTypingTarget, useDelayedFlag, useNow } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { ActionNote, BigClock, SevBadge, StatusPill } from './bits';
import { CustomerUpdatesPanel } from './CustomerUpdates';
import { durationWords, localStamp, localTime, restoreClock } from './clock';
import { copyText, RunPanel } from './RunPanel';
import { allStepKeys, currentStep, isOpenStep, useRunnerUi } from './runnerState';
import { SeenBeforePanel } from './SeenBefore';
import { ContactsPanel, EscalatePanel, FollowUpsPanel, NotesPanel, TimelinePanel } from './SidePanels';
import { Suggestions } from './Suggestions';
import { useActionStatus, useActions, useIncident, useIncidentCustomer } from './store';
import './runner.css';

const backToBoard = () => navigate({ screen: 'incidents', path: [], params: {} });

type Dialog = 'restored' | 'close' | 'reopen' | null;

export function Runner({ incidentId }: { readonly incidentId: string }) {
  const { value, status, error } = useIncident();
  const detail = value?.state.id === incidentId ? value : null;
  const slow = useDelayedFlag(status === 'loading');
  const now = useNow(1000).getTime();
  const [dialog, setDialog] = useState<Dialog>(null);
  const customerId = detail?.state.customerId ?? null;
  const customer = useIncidentCustomer((s) => (s.key === customerId ? s.value : null));

  useEffect(() => {
    useRunnerUi.getState().reset();
    void useIncident.getState().open(incidentId);
    void useIncident.getState().refresh();
  }, [incidentId]);

  useEffect(() => {
    if (customerId) void useIncidentCustomer.getState().open(customerId);
  }, [customerId]);

  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);

  // Land on the step to work on once the runs are known (and after a playbook starts).
  const runCount = detail?.state.runs.length ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when runs appear
  useEffect(() => {
    if (!detail) return;
    const next = currentStep(detail.state.runs);
    if (next) useRunnerUi.getState().select(next);
  }, [runCount, detail?.state.id]);

  useEffect(() => {
    if (!detail) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || dialog) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      const ui = useRunnerUi.getState();
      const state = detail.state;
      const keys = allStepKeys(state.runs);
      const at = ui.selected ? keys.indexOf(ui.selected) : -1;
      const step = findStep(detail, ui.selected);
      const live = state.status !== 'closed';
      const key = event.key;
      const lower = key.toLowerCase();
      const act = (fn: () => void) => {
        event.preventDefault();
        fn();
      };
      if (key === 'Escape') return act(backToBoard);
      if ((lower === 'j' || key === 'ArrowDown') && keys.length)
        return act(() => ui.select(keys[Math.min(keys.length - 1, at + 1)] ?? null));
      if ((lower === 'k' || key === 'ArrowUp') && keys.length)
        return act(() => ui.select(keys[Math.max(0, at - 1)] ?? null));
      if (lower === 'r' && !event.shiftKey && (state.status === 'open' || state.status === 'restoring'))
        return act(() => setDialog('restored'));
      if (lower === 'a' && !state.acknowledgedAt && live)
        return act(() => void useActions.getState().record(state.id, 'ack', { type: 'acknowledged' }));
      if (lower === 'n') return act(() => document.getElementById('inc-note')?.focus());
      if (lower === 'c' && step?.step.command)
        return act(() => {
          const node = document.querySelector<HTMLElement>('[data-step-command="selected"] code');
          void copyText(step.step.command ?? '', node);
          document.querySelector<HTMLButtonElement>('[data-copy-command="selected"]')?.click();
        });
      if (!step || !isOpenStep(step.step) || !live) return;
      if (lower === 'd')
        return act(() => document.querySelector<HTMLButtonElement>('[data-testid="step-done"]')?.click());
      if (lower === 's') return act(() => ui.setMode('skip'));
      if (lower === 'f') return act(() => ui.setMode('fail'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [detail, dialog]);

  if (!detail) {
    return (
      <section className="screen" aria-label="Incident">
        <nav className="crumbs" aria-label="Breadcrumb">
          <button type="button" className="link-button" onClick={backToBoard}>
            <Icon name="back" size={14} /> Incidents
          </button>
        </nav>
        <div className="screen__body">
          {status === 'failed' && error && (
            <ErrorPanel
              error={error}
              doing="load this incident"
              onRetry={() => void useIncident.getState().refresh()}
            >
              <button type="button" className="button" onClick={backToBoard}>
                Back to the board
              </button>
            </ErrorPanel>
          )}
          {status === 'loading' && slow && <CardSkeleton />}
        </div>
      </section>
    );
  }

  const state = detail.state;
  const clock = restoreClock(
    {
      clockStartAt: state.clockStartAt,
      deadlineAt: detail.deadlineAt,
      targetMinutes: detail.targetMinutes,
      restoredAt: state.restoredAt,
    },
    now,
  );
  const active = state.status === 'open' || state.status === 'restoring';
  const assetName = (id: string | null) => detail.assets.find((a) => a.id === id)?.name ?? null;
  const remarks = customerRemarks(customer?.notes);

  return (
    <section
      className={`screen inc-runner inc-runner--${clock.state}`}
      aria-label={`Incident ${state.title}`}
    >
      <header className="inc-head" data-testid="runner-head">
        <div className="inc-head__crumbs">
          <button type="button" className="link-button" onClick={backToBoard}>
            <Icon name="back" size={14} /> Incidents
          </button>
          <span className="crumbs__hint">
            <Kbd>Esc</Kbd> board
          </span>
        </div>
        <div className="inc-head__main">
          <div className="inc-head__id">
            <div className="inc-head__meta">
              <SevBadge severity={state.severity} />
              <StatusPill status={state.status} />
              <a
                className="inc-head__customer"
                href={routeHref({ screen: 'customers', customerId: detail.customer.id })}
              >
                <span className="customer-head__code">{detail.customer.code}</span> {detail.customer.name}
              </a>
              <TierBadge tier={detail.customer.tier} />
              <SeverityMenu detail={detail} disabled={!active} />
            </div>
            <h1 className="inc-head__title" data-testid="incident-title">
              {state.title}
            </h1>
            <p className="inc-head__sub">
              opened {localStamp(state.openedAt, now)} by {state.openedBy}
              {state.symptom && <> · {state.symptom}</>}
              {detail.assets.length > 0 && (
                <>
                  {' · '}
                  {detail.assets.slice(0, 4).map((a, i) => (
                    <span key={a.id}>
                      {i > 0 && ', '}
                      <a href={routeHref({ screen: 'asset', assetId: a.id })}>{a.name}</a>
                    </span>
                  ))}
                  {detail.assets.length > 4 && ` +${detail.assets.length - 4}`}
                </>
              )}
            </p>
          </div>
          <BigClock clock={clock} clockStartAt={state.clockStartAt} />
          <div className="inc-head__act">
            {active && (
              <button
                type="button"
                className="button inc-restore"
                onClick={() => setDialog('restored')}
                data-testid="restored-button"
              >
                <Icon name="check" size={16} /> Service restored <Kbd>R</Kbd>
              </button>
            )}
            {!active && <WriteReviewButton incidentId={state.id} />}
            {state.status === 'restored' && (
              <>
                <span className="inc-head__done">
                  <Icon name="check" size={14} /> Restored {localTime(state.restoredAt ?? '')}
                </span>
                <button
                  type="button"
                  className="button"
                  onClick={() => setDialog('close')}
                  data-testid="close-button"
                >
                  Close incident
                </button>
              </>
            )}
            {state.status === 'closed' && (
              <>
                <span className="inc-head__done">Closed {localStamp(state.closedAt ?? '', now)}</span>
                <button type="button" className="button" onClick={() => setDialog('reopen')}>
                  Reopen…
                </button>
              </>
            )}
          </div>
        </div>
        {!state.acknowledgedAt && active && (
          <AckBanner incidentId={state.id} now={now} openedAt={state.openedAt} />
        )}
      </header>

      <div className="screen__body inc-runner__body">
        <div className="inc-runner__grid">
          <div className="inc-runner__main">
            {remarks.length > 0 && (
              <section
                className="inc-notes-banner"
                aria-label="The customer's notes"
                data-testid="customer-notes"
              >
                <Icon name="warning" size={15} />
                <div>
                  <span className="inc-notes-banner__title">{detail.customer.name}'s notes</span>
                  <ul>
                    {remarks.map((r) => (
                      <li key={r.text}>{r.text}</li>
                    ))}
                  </ul>
                </div>
              </section>
            )}
            {(state.status === 'restored' || state.status === 'closed') && (
              <FollowUpsPanel detail={detail} now={now} />
            )}
            {state.runs.length === 0 && active && (
              <Suggestions
                incidentId={state.id}
                assets={detail.assets}
                hasRuns={false}
                eventCount={state.eventCount}
                disabled={!active}
              />
            )}
            {state.runs.length === 0 && !active && (
              <p className="muted">No playbook was run for this incident.</p>
            )}
            {state.runs.map((run) => (
              <RunPanel
                key={run.runId}
                incidentId={state.id}
                run={run}
                assetName={assetName(run.assetId)}
                now={now}
                locked={state.status === 'closed'}
                running={active}
                remarks={remarks}
              />
            ))}
            {state.runs.length > 0 && active && (
              <Suggestions
                incidentId={state.id}
                assets={detail.assets}
                hasRuns
                eventCount={state.eventCount}
                disabled={!active}
              />
            )}
            <SeenBeforePanel incidentId={state.id} eventCount={state.eventCount} now={now} />
          </div>
          <aside className="inc-runner__side" aria-label="Notes, contacts and timeline">
            <CustomerUpdatesPanel detail={detail} now={now} />
            <NotesPanel detail={detail} now={now} />
            <ContactsPanel detail={detail} customer={customer} />
            {active && <EscalatePanel detail={detail} customer={customer} />}
            <TimelinePanel detail={detail} now={now} />
          </aside>
        </div>
      </div>
      <footer className="screen__hint">
        <Kbd>J</Kbd>
        <Kbd>K</Kbd> step · <Kbd>D</Kbd> done · <Kbd>S</Kbd> skip · <Kbd>F</Kbd> failed · <Kbd>C</Kbd> copy
        command · <Kbd>N</Kbd> note · <Kbd>T</Kbd> tell the customer · <Kbd>B</Kbd> seen before · <Kbd>R</Kbd>{' '}
        service restored · <Kbd>Esc</Kbd> board
      </footer>
      {dialog === 'restored' && <RestoredDialog detail={detail} onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseDialog detail={detail} onClose={() => setDialog(null)} />}
      {dialog === 'reopen' && <ReopenDialog detail={detail} onClose={() => setDialog(null)} />}
    </section>
  );
}

function findStep(detail: IncidentDetail, key: string | null) {
  if (!key) return null;
  for (const run of detail.state.runs)
    for (const step of run.steps) if (`${run.runId}:${step.stepId}` === key) return { run, step };
  return null;
}

function AckBanner({
  incidentId,
  openedAt,
  now,
}: {
  readonly incidentId: string;
  readonly openedAt: string;
  readonly now: number;
}) {
  const status = useActionStatus('ack');
  return (
    <div className="inc-ack" role="status">
      <Icon name="warning" size={15} />
      <span>
        Not acknowledged yet · opened {durationWords(now - Date.parse(openedAt))} ago. Acknowledge so the team
        knows someone has it.
      </span>
      <button
        type="button"
        className="button"
        disabled={status?.state === 'saving'}
        onClick={() => void useActions.getState().record(incidentId, 'ack', { type: 'acknowledged' })}
        data-testid="ack-button"
      >
        Acknowledge <Kbd>A</Kbd>
      </button>
      <ActionNote status={status} what="Acknowledged" />
    </div>
  );
}

function SeverityMenu({ detail, disabled }: { readonly detail: IncidentDetail; readonly disabled: boolean }) {
  const status = useActionStatus('severity');
  return (
    <span className="inc-sevmenu">
      <select
        className="inc-sevmenu__select"
        aria-label="Change severity"
        value={detail.state.severity}
        disabled={disabled || status?.state === 'saving'}
        onChange={(e) => {
          const severity = SEVERITIES.find((s) => s === e.target.value);
          if (severity)
            void useActions
              .getState()
              .record(detail.state.id, 'severity', { type: 'severity_changed', severity });
        }}
      >
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {s === detail.state.severity ? `Severity: ${s.toUpperCase()}` : `Change to ${s.toUpperCase()}`}
          </option>
        ))}
      </select>
      <ActionNote status={status} what="Severity changed" />
    </span>
  );
}

/** The one text field of a confirm dialog: focused on open, Enter confirms. */
function EnterField({
  label,
  value,
  maxLength,
  placeholder,
  onChange,
  onEnter,
}: {
  readonly label: string;
  readonly value: string;
  readonly maxLength: number;
  readonly placeholder?: string;
  readonly onChange: (value: string) => void;
  readonly onEnter: () => void;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="input"
        data-autofocus
        value={value}
        maxLength={maxLength}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onEnter();
          }
        }}
      />
    </label>
  );
}

/** A local wall-clock value for <input type="datetime-local" step="1">: "2026-12-02T19:14:18". */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * When service came back, as entered: null when it cannot be read, else the instant. Not
 * before the restore clock started, not in the future (the back end checks the same).
 */
export function restoreTimeProblem(value: string, clockStartAt: string, now: number): string | null {
  const at = Date.parse(value);
  if (!value || Number.isNaN(at)) return 'Enter when service came back (date and time).';
  if (at > now + 1000) return 'That is in the future: enter when service came back, or leave it at now.';
  // The field holds whole seconds: the second the clock started in is not before it.
  if (at < Math.floor(Date.parse(clockStartAt) / 1000) * 1000)
    return `That is before the restore clock started (${localTime(clockStartAt)}).`;
  return null;
}

function RestoredDialog({
  detail,
  onClose,
}: {
  readonly detail: IncidentDetail;
  readonly onClose: () => void;
}) {
  const [summary, setSummary] = useState('');
  // The time shown is the time recorded: taken when the dialog opened, editable to an earlier
  // real restore time (users confirmed at 19:02, recorded at 19:14).
  const [openedAt] = useState(() => Date.now());
  const [when, setWhen] = useState(() => localInputValue(openedAt));
  const [tried, setTried] = useState(false);
  const status = useActionStatus('restored');
  const open = detail.state.runs.flatMap((r) => r.steps.filter(isOpenStep)).length;
  const problem = restoreTimeProblem(when, detail.state.clockStartAt, Date.now());
  // Restored in the second the clock started: recorded at the clock's start, not just before it.
  const at = problem ? null : Math.max(Date.parse(when), Date.parse(detail.state.clockStartAt));
  const submit = async () => {
    setTried(true);
    if (at === null) return;
    const ok = await useActions.getState().record(detail.state.id, 'restored', {
      type: 'restored',
      at: new Date(at).toISOString(),
      ...(summary.trim() ? { summary: summary.trim() } : {}),
    });
    if (ok) onClose();
  };
  const shownAt = at ?? openedAt;
  return (
    <Modal
      title="Service restored?"
      subtitle={`The restore clock stops at ${localTime(new Date(shownAt).toISOString())}, ${durationWords(shownAt - Date.parse(detail.state.clockStartAt))} after it started.`}
      size="small"
      onRequestClose={onClose}
      testId="restored-dialog"
      footer={
        <>
          <ActionNote status={status} what="Restored" />
          <span className="modal__foot-spacer" />
          <button type="button" className="button" onClick={onClose}>
            Not yet
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={status?.state === 'saving'}
            onClick={() => void submit()}
            data-testid="restored-confirm"
          >
            {status?.state === 'saving' ? 'Saving…' : 'Record service restored'}{' '}
            <kbd className="kbd kbd--on-primary">Enter</kbd>
          </button>
        </>
      }
    >
      <div className="inc-dialog">
        {open > 0 && (
          <p className="muted">
            {open} playbook {open === 1 ? 'step is' : 'steps are'} still open: that is fine, restoring comes
            first.
          </p>
        )}
        <EnterField
          label="How was it restored? (optional)"
          value={summary}
          maxLength={5000}
          placeholder="e.g. VM restarted on another host; users confirmed"
          onChange={setSummary}
          onEnter={() => void submit()}
        />
        <label className="field">
          <span className="field__label">Service came back at (your time)</span>
          <input
            className="input"
            type="datetime-local"
            step={1}
            value={when}
            aria-invalid={(tried || when !== localInputValue(openedAt)) && problem ? true : undefined}
            aria-describedby="restored-at-hint"
            data-testid="restored-at"
            onChange={(e) => setWhen(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void submit();
              }
            }}
          />
          <span
            id="restored-at-hint"
            className={problem ? 'field__error' : 'field__hint'}
            role={problem ? 'alert' : undefined}
          >
            {problem ?? 'When you opened this; set an earlier time if service came back before.'}
          </span>
        </label>
      </div>
    </Modal>
  );
}

function CloseDialog({ detail, onClose }: { readonly detail: IncidentDetail; readonly onClose: () => void }) {
  const [resolution, setResolution] = useState('');
  const status = useActionStatus('closed');
  const submit = async () => {
    const ok = await useActions
      .getState()
      .record(
        detail.state.id,
        'closed',
        resolution.trim() ? { type: 'closed', resolution: resolution.trim() } : { type: 'closed' },
      );
    if (ok) onClose();
  };
  return (
    <Modal
      title="Close this incident?"
      subtitle={`${detail.state.followUps.length} follow-up${detail.state.followUps.length === 1 ? '' : 's'} recorded. A closed incident can be reopened.`}
      size="small"
      onRequestClose={onClose}
      footer={
        <>
          <ActionNote status={status} what="Closed" />
          <span className="modal__foot-spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={status?.state === 'saving'}
            onClick={() => void submit()}
          >
            Close incident
          </button>
        </>
      }
    >
      <EnterField
        label="Resolution (optional)"
        value={resolution}
        maxLength={5000}
        onChange={setResolution}
        onEnter={() => void submit()}
      />
    </Modal>
  );
}

function ReopenDialog({
  detail,
  onClose,
}: {
  readonly detail: IncidentDetail;
  readonly onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const status = useActionStatus('reopened');
  const submit = async () => {
    if (!reason.trim()) return;
    const ok = await useActions
      .getState()
      .record(detail.state.id, 'reopened', { type: 'reopened', reason: reason.trim() });
    if (ok) onClose();
  };
  return (
    <Modal
      title="Reopen this incident?"
      size="small"
      onRequestClose={onClose}
      footer={
        <>
          <ActionNote status={status} what="Reopened" />
          <span className="modal__foot-spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!reason.trim() || status?.state === 'saving'}
            onClick={() => void submit()}
          >
            Reopen
          </button>
        </>
      }
    >
      <EnterField
        label="Why reopen? (required)"
        value={reason}
        maxLength={2000}
        onChange={setReason}
        onEnter={() => void submit()}
      />
    </Modal>
  );
}
