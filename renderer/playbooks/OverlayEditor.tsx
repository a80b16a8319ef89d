/**
 * One customer's overlay of a core playbook (container): values for the declared parameters
 * and, for customizable steps only, a replacement, steps added after, or a skip with a
 * reason. Fixed steps are shown locked. Beside the form, the effective playbook as it will
 * read with these values, computed with the same resolver the back end uses.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Result } from '../../shared/api/result';
import type { CustomerDetail } from '../../shared/catalog/schemas';
import type {
  OverlayBody,
  OverlayDetail,
  OverlayStepChange,
  ParameterValue,
  PlaybookBody,
  PlaybookFacts,
  PlaybookParameter,
  PlaybookStep,
} from '../../shared/playbooks/model';
import { parseParameterValue } from '../../shared/playbooks/params';
import { resolvePlaybook, validateOverlay } from '../../shared/playbooks/resolve';
import { assertNever } from '../../shared/util/assertNever';
import { api } from '../api/client';
import { navigate, routeHref } from '../app/router';
import { markReady, useApp } from '../app/store';
import { TierBadge } from '../customers/badges';
import { ConfirmDialog } from '../editing/Dialog';
import { DiscardDialog, useEditor } from '../editing/EditorShell';
import { type Issue, type Issues, issuesAt, TextAreaField } from '../editing/form';
import { Kbd } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { ChangeList, EffectiveView, minutes, StepKindBadge, Template } from './bits';
import { buildStep, emptyStep, freshStepId, type StepDraft, StepList, stepDraft } from './EditorPage';
import { EditorForm, EditorLoadState, SaveBar, useFocusFirstInvalid, useSaveKey } from './editorBits';
import { Crumbs, playbooksRoute, useBackKey } from './frame';
import { Markdown } from './Markdown';
import type { Effective } from './store';
import './editor.css';

type Mode = 'none' | 'replace' | 'add' | 'skip';

interface StepChangeDraft {
  readonly mode: Mode;
  readonly instruction: string;
  readonly command: string;
  readonly added: readonly StepDraft[];
  readonly reason: string;
}

interface OverlayDraft {
  /** As typed; '' means "use the core default". */
  readonly params: Readonly<Record<string, string>>;
  readonly steps: Readonly<Record<string, StepChangeDraft>>;
}

interface Context {
  readonly title: string;
  readonly core: PlaybookBody;
  readonly coreVersion: number;
  readonly customer: CustomerDetail;
  readonly detail: OverlayDetail;
}

function changeDraft(step: PlaybookStep, change: OverlayStepChange | undefined): StepChangeDraft {
  const base: StepChangeDraft = {
    mode: 'none',
    instruction: step.instruction,
    command: step.command ?? '',
    added: [],
    reason: '',
  };
  if (!change) return base;
  if ('replace' in change)
    return {
      ...base,
      mode: 'replace',
      instruction: change.replace.instruction ?? step.instruction,
      command: change.replace.command ?? step.command ?? '',
    };
  if ('addAfter' in change) return { ...base, mode: 'add', added: change.addAfter.map(stepDraft) };
  return { ...base, mode: 'skip', reason: change.skip.reason };
}

function toDraft(core: PlaybookBody, body: OverlayBody | null): OverlayDraft {
  const params: Record<string, string> = {};
  for (const p of core.parameters) {
    const v = body?.parameters[p.name];
    params[p.name] = v === undefined ? '' : String(v);
  }
  const steps: Record<string, StepChangeDraft> = {};
  for (const s of core.steps) if (s.customizable) steps[s.id] = changeDraft(s, body?.steps[s.id]);
  return { params, steps };
}

function paramValue(p: PlaybookParameter, text: string, issues: Issue[]): ParameterValue | undefined {
  const { value, problem } = parseParameterValue(p.type, text);
  if (problem) issues.push({ path: `body.parameters.${p.name}`, message: problem });
  return value ?? undefined;
}

/** The overlay body from the draft: only declared parameters and customizable steps can be in it. */
function toBody(core: PlaybookBody, draft: OverlayDraft, issues: Issue[]): OverlayBody {
  const parameters: Record<string, ParameterValue> = {};
  for (const p of core.parameters) {
    const v = paramValue(p, draft.params[p.name] ?? '', issues);
    if (v !== undefined) parameters[p.name] = v;
  }
  const steps: Record<string, OverlayStepChange> = {};
  for (const s of core.steps) {
    const d = draft.steps[s.id];
    if (!s.customizable || !d) continue;
    const path = `body.steps.${s.id}`;
    switch (d.mode) {
      case 'none':
        break;
      case 'replace': {
        const replace: { instruction?: string; command?: string } = {};
        if (d.instruction !== s.instruction) replace.instruction = d.instruction;
        if (d.command !== (s.command ?? '')) replace.command = d.command;
        if (Object.keys(replace).length > 0) steps[s.id] = { replace };
        break;
      }
      case 'add':
        if (d.added.length === 0)
          issues.push({ path, message: 'add at least one step, or choose “As core”' });
        steps[s.id] = { addAfter: d.added.map((a, i) => buildStep(a, `${path}.addAfter.${i}`, issues)) };
        break;
      case 'skip':
        if (d.reason.trim().length < 3)
          issues.push({ path: `${path}.skip.reason`, message: 'say why this customer skips the step' });
        steps[s.id] = { skip: { reason: d.reason.trim() } };
        break;
      default:
        assertNever(d.mode, 'step change mode');
    }
  }
  return { parameters, steps };
}

function factsOf(customer: CustomerDetail): PlaybookFacts {
  return {
    customer: { name: customer.name, code: customer.code, tier: customer.tier, timeZone: customer.timeZone },
    contacts: customer.contacts.map((c) => ({ name: c.name, role: c.role, phone: c.phone })),
  };
}

/**
 * Where an issue is, in the engineer's words: "Step 4 “Rotate the keys” · added step 1 ·
 * title:", never the step's internal id ("s7-keys-1").
 */
export function whereInOverlay(core: PlaybookBody, path: string): string {
  const parts = path.replace(/^body\./, '').split('.');
  if (parts[0] === 'parameters') return `Parameter ${parts[1] ?? ''}:`;
  if (parts[0] === 'steps') {
    const index = core.steps.findIndex((s) => s.id === parts[1]);
    const step = core.steps[index];
    const named = step ? `Step ${index + 1} “${step.title}”` : 'A step';
    const rest = parts.slice(2);
    if (rest[0] === 'addAfter')
      return `${named} · added step ${Number(rest[1]) + 1}${rest[2] ? ` · ${rest[2]}` : ''}:`;
    return `${named}${rest.length ? ` · ${rest.join(' ')}` : ''}:`;
  }
  return `${parts.join(' · ')}:`;
}

export function OverlayEditor({
  playbookId,
  customerId,
}: {
  readonly playbookId: string;
  readonly customerId: string;
}) {
  const [ctx, setCtx] = useState<Context | null>(null);
  const [asking, setAsking] = useState<'discard' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<Result<{ draft: OverlayDraft; version: number | null }>> => {
    const [detail, playbook, customer] = await Promise.all([
      api.call('overlay:get', { playbookId, customerId }),
      api.call('playbook:get', { id: playbookId }),
      api.call('customer:get', { id: customerId }),
    ]);
    if (!detail.ok) return detail;
    if (!playbook.ok) return playbook;
    if (!customer.ok) return customer;
    setCtx({
      title: playbook.value.title,
      core: playbook.value.body,
      coreVersion: playbook.value.currentVersion,
      customer: customer.value,
      detail: detail.value,
    });
    return {
      ok: true,
      value: {
        draft: toDraft(playbook.value.body, detail.value.overlay?.body ?? null),
        version: detail.value.overlay?.version ?? null,
      },
    };
  }, [playbookId, customerId]);
  const editor = useEditor<OverlayDraft>(load, 'the overlay');
  useFocusFirstInvalid(editor.issues, '.pb-overlay-editor');

  useEffect(() => {
    if (editor.status !== 'loading') markReady();
  }, [editor.status]);

  const leave = () => navigate(playbooksRoute([playbookId]));
  const requestLeave = () => (editor.dirty && !editor.saving ? setAsking('discard') : leave());
  useBackKey(asking ? null : requestLeave);

  const save = () => {
    if (!ctx) return;
    void editor.save(
      (d, issues) => {
        const body = toBody(ctx.core, d, issues);
        for (const i of validateOverlay(ctx.core, body)) issues.push({ ...i, path: `body.${i.path}` });
        return async () => {
          const result = await api.call('overlay:save', {
            playbookId,
            customerId,
            baseVersion: editor.version,
            body,
          });
          return result.ok ? { ok: true as const, value: { id: playbookId } } : result;
        };
      },
      () => editor.reload(),
    );
  };

  useSaveKey(save);

  const rebase = async () => {
    const overlay = ctx?.detail.overlay;
    if (!ctx || !overlay) return;
    setBusy(true);
    setActionError(null);
    const result = await api.call('overlay:save', {
      playbookId,
      customerId,
      baseVersion: overlay.version,
      body: overlay.body,
    });
    setBusy(false);
    if (result.ok) {
      useApp.getState().notify('Overlay re-based', `Now written against core v${ctx.coreVersion}`);
      editor.reload();
    } else setActionError(result.error.message);
  };

  const remove = async () => {
    const overlay = ctx?.detail.overlay;
    if (!overlay) return;
    setBusy(true);
    const result = await api.call('overlay:delete', { playbookId, customerId, baseVersion: overlay.version });
    setBusy(false);
    setAsking(null);
    if (result.ok) {
      useApp.getState().notify('Overlay removed', 'The customer now runs the core playbook as is.');
      leave();
    } else setActionError(result.error.message);
  };

  const preview = useMemo((): Effective | null => {
    if (!ctx || !editor.draft) return null;
    const body = toBody(ctx.core, editor.draft, []);
    return resolvePlaybook(
      { version: ctx.coreVersion, body: ctx.core },
      { coreVersion: ctx.coreVersion, body },
      factsOf(ctx.customer),
    ) as Effective;
  }, [ctx, editor.draft]);

  const customer = ctx?.customer;
  return (
    <section className="screen pb-overlay-editor" aria-label="Overlay editor">
      <Crumbs
        trail={[
          { label: ctx?.title ?? 'Playbook', path: [playbookId] },
          { label: customer ? `Overlay · ${customer.code}` : 'Overlay' },
        ]}
        hint={
          <>
            <Kbd>Esc</Kbd> back to the playbook
          </>
        }
      />
      <div className="screen__body pb-split">
        <EditorLoadState editor={editor} what="the overlay" />
        {editor.status === 'ready' && editor.draft && ctx && customer && (
          <>
            <div className="pb-split__main">
              <header className="pb-form__head">
                <div className="customer-head__meta">
                  <span className="code-chip">{customer.code}</span>
                  <TierBadge tier={customer.tier} />
                  {ctx.detail.overlay ? (
                    <span className="muted">
                      overlay v{ctx.detail.overlay.version} · written against core v
                      {ctx.detail.overlay.coreVersion}
                    </span>
                  ) : (
                    <span className="pill">new overlay</span>
                  )}
                </div>
                <h1 className="screen__title" data-testid="overlay-title">
                  {customer.name}: {ctx.title}
                </h1>
                <p className="screen__subtitle">
                  Only the customization points core allows: parameter values, and the customizable steps.
                </p>
              </header>
              {ctx.detail.drifted && ctx.detail.overlay && (
                <div
                  className="form-banner form-banner--warn pb-drift-banner"
                  role="status"
                  data-testid="drift"
                >
                  <Icon name="warning" size={18} />
                  <div>
                    <p className="form-banner__title">
                      Core moved on: this overlay was written against v{ctx.detail.overlay.coreVersion}, core
                      is now v{ctx.detail.currentCoreVersion}.
                    </p>
                    <p className="pb-banner-text">What changed in core since then:</p>
                    <ChangeList changes={ctx.detail.coreChanges} />
                    {ctx.detail.issues.length > 0 && (
                      <ul className="pb-drift-banner__issues">
                        {ctx.detail.issues.map((i) => (
                          <li key={i.path}>{i.message}</li>
                        ))}
                      </ul>
                    )}
                    <div className="form-banner__actions">
                      <button
                        type="button"
                        className="button"
                        disabled={busy || editor.dirty}
                        title={
                          editor.dirty ? 'Save or discard your edits first; saving also re-bases.' : undefined
                        }
                        onClick={() => void rebase()}
                      >
                        Re-base on version {ctx.detail.currentCoreVersion}
                      </button>
                      <span className="muted">
                        {editor.dirty
                          ? 'Saving your edits re-bases too.'
                          : 'Keeps the overlay as it is and records that it was checked against the new core.'}
                      </span>
                    </div>
                  </div>
                </div>
              )}
              {actionError && (
                <div className="form-banner form-banner--error" role="alert">
                  <Icon name="warning" size={18} />
                  <div>
                    <p className="form-banner__title">Not done</p>
                    <p className="form-banner__detail">{actionError}</p>
                  </div>
                </div>
              )}
              <EditorForm
                editor={editor}
                what="this overlay"
                where={(path) => whereInOverlay(ctx.core, path)}
                testId="overlay-form"
              >
                <OverlayFields
                  core={ctx.core}
                  customer={customer}
                  draft={editor.draft}
                  issues={editor.issues}
                  set={editor.set}
                />
              </EditorForm>
            </div>
            <aside className="pb-split__side" aria-label="Live preview" data-testid="live-preview">
              <div className="pb-split__side-head">
                <h2 className="panel__title">
                  Live preview{' '}
                  <span className="panel__note">as the engineer will read it (no asset picked)</span>
                </h2>
                <a
                  className="link-button panel__action"
                  href={routeHref(playbooksRoute([playbookId, 'preview'], { customer: customerId }))}
                >
                  Full preview <Icon name="arrow" size={12} />
                </a>
              </div>
              {preview && <EffectiveView effective={preview} compact />}
            </aside>
          </>
        )}
      </div>
      {editor.status === 'ready' && (
        <SaveBar
          editor={editor}
          label={ctx?.detail.overlay ? 'Save overlay' : 'Create overlay'}
          onSave={save}
          onCancel={requestLeave}
          extra={
            ctx?.detail.overlay && (
              <button
                type="button"
                className="button button--ghost-danger"
                onClick={() => setAsking('delete')}
                disabled={busy}
              >
                Remove overlay…
              </button>
            )
          }
        />
      )}
      {asking === 'discard' && (
        <DiscardDialog onKeep={() => setAsking(null)} onDiscard={leave}>
          <p>What you changed in this overlay has not been saved.</p>
        </DiscardDialog>
      )}
      {asking === 'delete' && customer && (
        <ConfirmDialog
          title={`Remove ${customer.code}'s overlay?`}
          confirmLabel="Remove overlay"
          tone="danger"
          busy={busy}
          onCancel={() => setAsking(null)}
          onConfirm={() => void remove()}
        >
          <p>
            {customer.name} will run “{ctx?.title}” exactly as core: its parameter values and step changes are
            dropped.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function OverlayFields({
  core,
  customer,
  draft,
  issues,
  set,
}: {
  readonly core: PlaybookBody;
  readonly customer: CustomerDetail;
  readonly draft: OverlayDraft;
  readonly issues: Issues;
  readonly set: (patch: Partial<OverlayDraft>) => void;
}) {
  const setParam = (name: string, value: string) => set({ params: { ...draft.params, [name]: value } });
  const setStep = (id: string, patch: Partial<StepChangeDraft>) => {
    const current = draft.steps[id];
    if (current) set({ steps: { ...draft.steps, [id]: { ...current, ...patch } } });
  };
  const reserved = [
    ...core.steps.map((s) => s.id),
    ...Object.values(draft.steps).flatMap((d) => (d.mode === 'add' ? d.added.map((a) => a.id) : [])),
  ];
  let n = 0;
  return (
    <>
      <fieldset className="form__section" data-testid="overlay-parameters">
        <legend className="form__legend">Parameter values</legend>
        {core.parameters.length === 0 ? (
          <p className="form__section-hint muted">This playbook declares no parameters.</p>
        ) : (
          <p className="form__section-hint muted">Leave a value empty to use the core default.</p>
        )}
        <div className="pb-param-values">
          {core.parameters.map((p) => (
            <ParamValueField
              key={p.name}
              param={p}
              customer={customer}
              value={draft.params[p.name] ?? ''}
              onChange={(v) => setParam(p.name, v)}
              issues={issuesAt(issues, `body.parameters.${p.name}`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="form__section" data-testid="overlay-steps">
        <legend className="form__legend">Steps</legend>
        <p className="form__section-hint muted">
          Customizable steps can be replaced, followed by steps of the customer's own, or skipped with a
          reason. The others are fixed by core for every customer.
        </p>
        <ol className="pb-overlay-steps">
          {core.steps.map((s) => {
            n++;
            const d = draft.steps[s.id];
            if (!s.customizable || !d) return <LockedStep key={s.id} step={s} n={n} />;
            return (
              <CustomStep
                key={s.id}
                step={s}
                n={n}
                draft={d}
                issues={issues}
                reserved={reserved}
                onChange={(patch) => setStep(s.id, patch)}
              />
            );
          })}
        </ol>
      </fieldset>
    </>
  );
}

function ParamValueField({
  param,
  customer,
  value,
  onChange,
  issues,
}: {
  readonly param: PlaybookParameter;
  readonly customer: CustomerDetail;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly issues: Issues;
}) {
  const id = `param-${param.name}`;
  const invalid = issues.length > 0;
  const fallback =
    param.default === null ? 'no default: shows as missing' : `default: ${String(param.default)}`;
  let control: React.ReactNode;
  switch (param.type) {
    case 'boolean':
      control = (
        <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Core default ({param.default === null ? 'none' : String(param.default)})</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
      break;
    case 'contact': {
      const roles = [...new Set(customer.contacts.map((c) => c.role))];
      control = (
        <select
          id={id}
          className="input select"
          value={value}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">Core default ({param.default === null ? 'none' : String(param.default)})</option>
          {roles.map((r) => {
            const who = customer.contacts.filter((c) => c.role === r).map((c) => c.name);
            return (
              <option key={r} value={r}>
                {r} — {who.join(', ')}
              </option>
            );
          })}
          {value !== '' && !roles.includes(value) && <option value={value}>{value} (no such contact)</option>}
        </select>
      );
      break;
    }
    case 'number':
    case 'string':
      control = (
        <input
          id={id}
          className={`input${param.type === 'number' ? ' input--mono' : ''}`}
          inputMode={param.type === 'number' ? 'decimal' : undefined}
          value={value}
          placeholder={fallback}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    default:
      return assertNever(param.type, 'parameter type');
  }
  return (
    <div className={`field pb-param-value${invalid ? ' field--invalid' : ''}`} data-param={param.name}>
      <label className="field__label" htmlFor={id}>
        <span className="mono">{param.name}</span> <span className="tag">{param.type}</span>
        {value !== '' && <span className="pb-source pb-source--overlay">set</span>}
      </label>
      {control}
      {issues.map((i) => (
        <p key={i.message} className="field__error" role="alert">
          <Icon name="warning" size={12} /> {i.message}
        </p>
      ))}
      <p className="field__hint">
        {param.description} {value === '' ? <em>({fallback})</em> : null}
      </p>
    </div>
  );
}

function LockedStep({ step, n }: { readonly step: PlaybookStep; readonly n: number }) {
  return (
    <li className="pb-ostep pb-ostep--locked" data-testid="locked-step" data-step-id={step.id}>
      <span className="pb-step__n">{n}</span>
      <span className="pb-ostep__title">{step.title}</span>
      <StepKindBadge kind={step.kind} />
      <span className="pb-ostep__lock" title="The core process fixes this step for every customer">
        <Icon name="key" size={12} /> fixed by core
      </span>
    </li>
  );
}

const MODES: ReadonlyArray<{ readonly mode: Mode; readonly label: string }> = [
  { mode: 'none', label: 'As core' },
  { mode: 'replace', label: 'Replace text' },
  { mode: 'add', label: 'Add steps after' },
  { mode: 'skip', label: 'Skip' },
];

function CustomStep({
  step,
  n,
  draft,
  issues,
  reserved,
  onChange,
}: {
  readonly step: PlaybookStep;
  readonly n: number;
  readonly draft: StepChangeDraft;
  readonly issues: Issues;
  readonly reserved: readonly string[];
  readonly onChange: (patch: Partial<StepChangeDraft>) => void;
}) {
  const base = `body.steps.${step.id}`;
  const own = issues.filter((i) => i.path === base);
  return (
    <li
      className={`pb-ostep pb-ostep--custom pb-ostep--${draft.mode}`}
      data-testid="custom-step"
      data-step-id={step.id}
    >
      <div className="pb-ostep__head">
        <span className="pb-step__n">{n}</span>
        <span className="pb-ostep__title">{step.title}</span>
        <StepKindBadge kind={step.kind} />
        <span className="pb-step__time">
          <Icon name="clock" size={12} /> {minutes(step.timeboxMinutes)}
        </span>
        <span className="modal__foot-spacer" />
        <div className="segmented" role="radiogroup" aria-label={`Change to step ${n}`}>
          {MODES.map((m) => (
            // biome-ignore lint/a11y/useSemanticElements: a segmented control of buttons reads better than radio inputs here
            <button
              key={m.mode}
              type="button"
              role="radio"
              aria-checked={draft.mode === m.mode}
              className={`segmented__item${draft.mode === m.mode ? ' segmented__item--on' : ''}`}
              onClick={() =>
                onChange({
                  mode: m.mode,
                  // Adding starts with one empty step to fill in.
                  ...(m.mode === 'add' && draft.added.length === 0
                    ? { added: [emptyStep(freshStepId(reserved, `${step.id}-c`))] }
                    : {}),
                })
              }
            >
              {m.label}
            </button>
          ))}
        </div>
      </div>
      {own.map((i) => (
        <p key={i.message} className="field__error" role="alert">
          <Icon name="warning" size={12} /> {i.message}
        </p>
      ))}
      {draft.mode === 'none' && (
        <div className="pb-ostep__core">
          <Markdown source={step.instruction} template className="pb-muted-text" />
          {step.command && (
            <pre className="pb-ostep__cmd">
              <code>
                <Template text={step.command} />
              </code>
            </pre>
          )}
        </div>
      )}
      {draft.mode === 'replace' && (
        <div className="form__grid pb-ostep__fields">
          <TextAreaField
            label="Instruction for this customer"
            wide
            rows={3}
            value={draft.instruction}
            onChange={(instruction) => onChange({ instruction })}
            issues={issuesAt(issues, `${base}.replace.instruction`)}
            hint="Markdown. Placeholders work as in core."
          />
          {(step.command !== null || draft.command !== '') && (
            <TextAreaField
              label="Command for this customer"
              wide
              mono
              rows={2}
              value={draft.command}
              onChange={(command) => onChange({ command })}
              issues={issuesAt(issues, `${base}.replace.command`)}
            />
          )}
        </div>
      )}
      {draft.mode === 'add' && (
        <div className="pb-ostep__added">
          <StepList
            steps={draft.added}
            // "Add step", not "Add added step"; the list sits under "Add steps after".
            noun="step"
            showIds={false}
            idPrefix={`${step.id}-c`}
            reservedIds={reserved}
            issuesFor={(i) => (f) => issuesAt(issues, `${base}.addAfter.${i}.${f}`)}
            onChange={(added) => onChange({ added })}
            setStep={(i, patch) =>
              onChange({ added: draft.added.map((a, j) => (j === i ? { ...a, ...patch } : a)) })
            }
          />
        </div>
      )}
      {draft.mode === 'skip' && (
        <div className="form__grid pb-ostep__fields">
          <TextAreaField
            label="Why this customer skips it"
            wide
            rows={2}
            value={draft.reason}
            onChange={(reason) => onChange({ reason })}
            issues={issuesAt(issues, `${base}.skip.reason`)}
            placeholder="e.g. No VPN at this customer: the firewall is managed by their ISP."
            hint="The engineer sees the step greyed out with this reason, never silently gone."
          />
        </div>
      )}
    </li>
  );
}
