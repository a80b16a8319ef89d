/**
 * One playbook run (container for its steps): the frozen steps in order, the selected one
 * opened up with its filled command, expected result, timer against its time box and the
 * Done / Skip / Failed actions. A step shows as recorded only from the committed log.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { type CustomerRemark, remarksForStep } from '../../shared/incidents/customerNotes';
import type { PlaybookRun, RunStep } from '../../shared/incidents/model';
import { Kbd } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { ActionNote, StepRemarks, StepText } from './bits';
import { clockDigits, durationWords, localTime, stepOverBox } from './clock';
import { actionKey, currentStep, isOpenStep, stepKey, stepTimes, useRunnerUi } from './runnerState';
import { useActionStatus, useActions, useIncident } from './store';
import { useTellCustomer } from './tellStore';
import './runner.css';

const KIND_LABELS: Readonly<Record<string, string>> = {
  action: 'Action',
  check: 'Check',
  decision: 'Decision',
  escalate: 'Escalate',
  communicate: 'Tell',
};

export function RunPanel({
  incidentId,
  run,
  assetName,
  now,
  locked,
  running,
  remarks = [],
  renderText,
}: {
  readonly incidentId: string;
  readonly run: PlaybookRun;
  readonly assetName: string | null;
  /** The customer's notes and warnings: each shows beside the steps it concerns. */
  readonly remarks?: readonly CustomerRemark[];
  readonly now: number;
  /** Closed incidents take no more step outcomes. */
  readonly locked: boolean;
  /** Step clocks run only until service is restored. */
  readonly running: boolean;
  readonly renderText?: (text: string) => ReactNode;
}) {
  const selected = useRunnerUi((s) => s.selected);
  const times = stepTimes(run);
  const counted = run.steps.filter((s) => s.skipReason === null);
  const done = counted.filter((s) => s.state !== 'pending').length;
  const firstOpen = run.steps.find(isOpenStep)?.stepId ?? null;
  return (
    <section className="panel inc-run" aria-label={`Playbook ${run.title}`} data-testid="run">
      <header className="inc-run__head">
        <div className="inc-run__id">
          <h2 className="inc-run__title">
            <Icon name="playbooks" size={15} /> {run.title}
            <span className="inc-run__ver">v{run.version}</span>
          </h2>
          <span className="inc-run__meta">
            started {localTime(run.startedAt)} by {run.startedBy}
            {assetName && <> · on {assetName}</>}
          </span>
        </div>
        <span className="inc-run__count">
          <span className="inc-progress" aria-hidden="true">
            <span
              className="inc-progress__fill"
              style={{ width: `${counted.length ? (done / counted.length) * 100 : 0}%` }}
            />
          </span>
          <span className="num">
            {done}/{counted.length} steps
          </span>
        </span>
      </header>
      <ol className="inc-steps">
        {run.steps.map((step, index) => {
          const key = stepKey(run.runId, step.stepId);
          return (
            <StepItem
              key={key}
              incidentId={incidentId}
              run={run}
              step={step}
              index={index}
              selected={selected === key}
              isNext={firstOpen === step.stepId}
              took={times.took.get(step.stepId) ?? null}
              runningMs={now - times.since}
              locked={locked}
              running={running}
              remarks={remarksForStep(remarks, step)}
              renderText={renderText}
            />
          );
        })}
      </ol>
    </section>
  );
}

function StepItem({
  incidentId,
  run,
  step,
  index,
  selected,
  isNext,
  took,
  runningMs,
  locked,
  running,
  remarks,
  renderText,
}: {
  readonly incidentId: string;
  readonly run: PlaybookRun;
  readonly step: RunStep;
  readonly index: number;
  readonly remarks: readonly CustomerRemark[];
  readonly selected: boolean;
  readonly isNext: boolean;
  readonly took: number | null;
  readonly runningMs: number;
  readonly locked: boolean;
  readonly running: boolean;
  readonly renderText?: (text: string) => ReactNode;
}) {
  const key = stepKey(run.runId, step.stepId);
  const ref = useRef<HTMLLIElement>(null);
  const overlaySkipped = step.skipReason !== null;
  const open = isOpenStep(step);
  const stateClass = overlaySkipped ? 'overlay' : step.state;
  // The step clock only runs while the incident does; once restored it would just grow.
  const timing = open && isNext && running;
  const over = timing && stepOverBox(runningMs, step.timeboxMinutes);

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: J/K and ↑↓ select steps; a click is the pointer's way
    <li
      ref={ref}
      className={`inc-step inc-step--${stateClass}${selected ? ' inc-step--selected' : ''}`}
      data-testid="step"
      data-step-state={overlaySkipped ? 'overlay-skipped' : step.state}
      aria-current={selected ? 'step' : undefined}
      onClick={() => useRunnerUi.getState().select(key)}
    >
      <span className="inc-step__mark" aria-hidden="true">
        {step.state === 'done' ? (
          <Icon name="check" size={13} />
        ) : step.state === 'failed' ? (
          <Icon name="close" size={13} />
        ) : step.state === 'skipped' || overlaySkipped ? (
          <Icon name="chevron" size={13} />
        ) : (
          index + 1
        )}
      </span>
      <div className="inc-step__body">
        <div className="inc-step__line">
          <span className={`inc-kind inc-kind--${step.kind}`}>{KIND_LABELS[step.kind] ?? step.kind}</span>
          <span className="inc-step__title">
            <StepText text={step.title} />
          </span>
          <span className="inc-step__right">
            {timing && (
              <span
                className={`inc-timer${over ? ' inc-timer--over' : ''}`}
                title={
                  step.timeboxMinutes
                    ? `Time on this step, against its ${step.timeboxMinutes} min time box`
                    : 'Time on this step'
                }
              >
                <Icon name="clock" size={12} /> {clockDigits(runningMs)}
                {step.timeboxMinutes ? (
                  <span className="inc-timer__box"> / {step.timeboxMinutes} min</span>
                ) : null}
              </span>
            )}
            {open && !timing && step.timeboxMinutes ? (
              <span className="inc-timer inc-timer--idle">{step.timeboxMinutes} min</span>
            ) : null}
            {!open && !overlaySkipped && step.at && (
              <span className="inc-step__when">
                {step.state} {localTime(step.at)} · {step.by}
                {took !== null && (
                  <span className={stepOverBox(took, step.timeboxMinutes) ? 'warn' : undefined}>
                    {' '}
                    · took {durationWords(took)}
                  </span>
                )}
              </span>
            )}
          </span>
        </div>
        {!overlaySkipped && <StepRemarks remarks={remarks} />}
        {overlaySkipped && (
          <p className="inc-step__why">Skipped for this customer before the run: {step.skipReason}</p>
        )}
        {!open && !overlaySkipped && step.note && (
          <p className={`inc-step__why inc-step__why--${step.state}`}>
            {step.state === 'skipped' ? 'Reason: ' : step.state === 'failed' ? 'What happened: ' : 'Note: '}
            {step.note}
          </p>
        )}
        {(selected || (isNext && open)) && !overlaySkipped && (
          <StepDetail
            incidentId={incidentId}
            run={run}
            step={step}
            selected={selected}
            actionable={open && !locked}
            renderText={renderText}
          />
        )}
      </div>
    </li>
  );
}

function StepDetail({
  incidentId,
  run,
  step,
  selected,
  actionable,
  renderText,
}: {
  readonly incidentId: string;
  readonly run: PlaybookRun;
  readonly step: RunStep;
  readonly selected: boolean;
  readonly actionable: boolean;
  readonly renderText?: (text: string) => ReactNode;
}) {
  return (
    <div className="inc-step__detail">
      {step.instruction && (
        <div className="inc-step__instruction">
          {renderText ? renderText(step.instruction) : <StepText text={step.instruction} />}
        </div>
      )}
      {step.command && <CommandBox command={step.command} selected={selected} />}
      {step.expected && (
        <p className="inc-step__expected">
          <span className="inc-step__label">Expected</span> <StepText text={step.expected} />
        </p>
      )}
      {actionable && selected && <StepActions incidentId={incidentId} run={run} step={step} />}
      {actionable && !selected && (
        <p className="muted inc-step__pick">Select this step (click, or J/K) to record it.</p>
      )}
    </div>
  );
}

export function copyText(text: string, fallbackNode: HTMLElement | null): Promise<boolean> {
  const selectIt = () => {
    // Without clipboard access, select the text so Ctrl+C finishes the job.
    if (!fallbackNode) return false;
    const range = document.createRange();
    range.selectNodeContents(fallbackNode);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    return false;
  };
  if (!navigator.clipboard?.writeText) return Promise.resolve(selectIt());
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => selectIt(),
  );
}

function CommandBox({ command, selected }: { readonly command: string; readonly selected: boolean }) {
  const codeRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'yes' | 'selected' | null>(null);
  const copy = async () => {
    const ok = await copyText(command, codeRef.current);
    setCopied(ok ? 'yes' : 'selected');
    setTimeout(() => setCopied(null), 1600);
  };
  return (
    <div className="inc-cmd" data-step-command={selected ? 'selected' : undefined}>
      <code ref={codeRef} className="inc-cmd__text">
        <StepText text={command} />
      </code>
      <button
        type="button"
        className={`button inc-cmd__copy${copied === 'yes' ? ' inc-cmd__copy--done' : ''}`}
        onClick={(e) => {
          e.stopPropagation();
          void copy();
        }}
        data-copy-command={selected ? 'selected' : undefined}
      >
        <Icon name={copied === 'yes' ? 'check' : 'copy'} size={13} />
        {copied === 'yes' ? 'Copied' : copied === 'selected' ? 'Selected: press Ctrl+C' : 'Copy'}
        {selected && !copied && <Kbd>C</Kbd>}
      </button>
    </div>
  );
}

function StepActions({
  incidentId,
  run,
  step,
}: {
  readonly incidentId: string;
  readonly run: PlaybookRun;
  readonly step: RunStep;
}) {
  const key = stepKey(run.runId, step.stepId);
  const aKey = actionKey(run.runId, step.stepId);
  const mode = useRunnerUi((s) => s.mode);
  const draft = useRunnerUi((s) => s.drafts[key] ?? '');
  const status = useActionStatus(aKey);
  const saving = status?.state === 'saving';
  const [missing, setMissing] = useState(false);
  const noteRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (mode) noteRef.current?.focus();
  }, [mode]);

  const submit = async (outcome: 'done' | 'skipped' | 'failed') => {
    const note = draft.trim();
    if (outcome !== 'done' && !note) {
      setMissing(true);
      useRunnerUi.getState().setMode(outcome === 'skipped' ? 'skip' : 'fail');
      noteRef.current?.focus();
      return;
    }
    setMissing(false);
    const ok = await useActions.getState().record(incidentId, aKey, {
      type: 'step',
      runId: run.runId,
      stepId: step.stepId,
      outcome,
      ...(note ? { note } : {}),
    });
    if (ok) {
      useRunnerUi.getState().setDraft(key, '');
      useRunnerUi.getState().setMode(null);
      const runs = useIncident.getState().value?.state.runs;
      const next = runs ? currentStep(runs) : null;
      if (next) useRunnerUi.getState().select(next);
    }
  };

  const label =
    mode === 'skip'
      ? 'Why skip this step? (required)'
      : mode === 'fail'
        ? 'What happened? (required)'
        : 'Note (optional): what you saw, what you changed';

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: stops a click inside from re-selecting the step
    <div className="inc-acts" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <label className={`inc-acts__note${mode ? ` inc-acts__note--${mode}` : ''}`}>
        <span className="inc-acts__label">{label}</span>
        <input
          ref={noteRef}
          className={`input${missing && !draft.trim() ? ' input--bad' : ''}`}
          value={draft}
          maxLength={2000}
          data-testid="step-note"
          placeholder={
            mode === 'skip'
              ? 'e.g. the customer restarted it already'
              : mode === 'fail'
                ? 'e.g. command timed out after 5 min'
                : ''
          }
          onChange={(e) => useRunnerUi.getState().setDraft(key, e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void submit(mode === 'skip' ? 'skipped' : mode === 'fail' ? 'failed' : 'done');
            } else if (e.key === 'Escape') {
              e.preventDefault();
              useRunnerUi.getState().setMode(null);
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
      </label>
      <div className="inc-acts__buttons">
        {mode === null ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={saving}
              onClick={() => void submit('done')}
              data-testid="step-done"
            >
              <Icon name="check" size={14} /> Done <kbd className="kbd kbd--on-primary">D</kbd>
            </button>
            <button
              type="button"
              className="button"
              disabled={saving}
              onClick={() => useRunnerUi.getState().setMode('skip')}
              data-testid="step-skip"
            >
              Skip <Kbd>S</Kbd>
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={saving}
              onClick={() => useRunnerUi.getState().setMode('fail')}
              data-testid="step-fail"
            >
              Failed <Kbd>F</Kbd>
            </button>
            {step.kind === 'communicate' && (
              <button
                type="button"
                className="button"
                disabled={saving}
                onClick={() =>
                  useTellCustomer
                    .getState()
                    .show({ runId: run.runId, stepId: step.stepId, title: step.title })
                }
                data-testid="step-tell"
              >
                <Icon name="mail" size={14} /> Tell the customer <Kbd>T</Kbd>
              </button>
            )}
          </>
        ) : (
          <>
            <button
              type="button"
              className={`button ${mode === 'fail' ? 'button--destructive' : 'button--primary'}`}
              disabled={saving}
              onClick={() => void submit(mode === 'skip' ? 'skipped' : 'failed')}
              data-testid="step-confirm"
            >
              {mode === 'skip' ? 'Record skipped' : 'Record failed'}{' '}
              <kbd className="kbd kbd--on-primary">Enter</kbd>
            </button>
            <button type="button" className="button" onClick={() => useRunnerUi.getState().setMode(null)}>
              Cancel <Kbd>Esc</Kbd>
            </button>
          </>
        )}
        <ActionNote status={status} />
        {missing && !draft.trim() && (
          <span className="inc-failed" role="alert">
            <Icon name="warning" size={12} />{' '}
            {mode === 'skip' ? 'A skipped step needs a reason.' : 'Say what happened.'}
          </span>
        )}
      </div>
    </div>
  );
}
