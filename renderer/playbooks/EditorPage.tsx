/**
 * The core playbook editor (container), a page of its own: saving makes a new immutable
 * version built on the version the edit started from. Errors come back as VALIDATION issues
 * with paths (`body.steps.2.command`) and are shown at the field; a concurrent save is a
 * CONFLICT, shown with the edits kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../shared/api/result';
import { ASSET_KIND_LABELS, ASSET_KINDS, type AssetKind } from '../../shared/catalog/labels';
import type {
  ParameterType,
  ParameterValue,
  PlaybookBody,
  PlaybookParameter,
  PlaybookRisk,
  PlaybookStep,
  StepKind,
} from '../../shared/playbooks/model';
import { parseParameterValue } from '../../shared/playbooks/params';
import { api } from '../api/client';
import { navigate } from '../app/router';
import { markReady } from '../app/store';
import { DiscardDialog, useEditor } from '../editing/EditorShell';
import {
  ChipListField,
  type Issue,
  type Issues,
  issuesAt,
  SelectField,
  TextAreaField,
  TextField,
  wholeNumber,
} from '../editing/form';
import { Kbd } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { EditorForm, EditorLoadState, SaveBar, useFocusFirstInvalid, useSaveKey } from './editorBits';
import { Crumbs, playbooksRoute, useBackKey } from './frame';
import { PARAMETER_TYPE_LIST, RISK_LABELS, RISK_LIST, STEP_KIND_LIST } from './store';
import './editor.css';

interface ParamDraft {
  readonly key: string;
  readonly name: string;
  readonly type: ParameterType;
  /** As typed; '' is "no default". */
  readonly value: string;
  readonly description: string;
}

export interface StepDraft {
  readonly key: string;
  readonly id: string;
  readonly title: string;
  readonly instruction: string;
  readonly command: string;
  readonly expected: string;
  readonly timebox: string;
  readonly kind: StepKind;
  readonly customizable: boolean;
}

interface PlaybookDraft {
  readonly title: string;
  readonly owner: string;
  readonly reviewInterval: string;
  readonly summary: string;
  readonly assetKinds: readonly AssetKind[];
  readonly tags: readonly string[];
  readonly symptoms: readonly string[];
  /** Kept through the edit: dropping it would silently let a risky playbook be suggested first. */
  readonly risk: PlaybookRisk | null;
  readonly restoreTarget: string;
  readonly parameters: readonly ParamDraft[];
  readonly steps: readonly StepDraft[];
}

let keySeq = 0;
const newKey = () => `k${++keySeq}`;

function paramDraft(p: PlaybookParameter): ParamDraft {
  return {
    key: newKey(),
    name: p.name,
    type: p.type,
    value: p.default === null ? '' : String(p.default),
    description: p.description,
  };
}

export function stepDraft(s: PlaybookStep): StepDraft {
  return {
    key: newKey(),
    id: s.id,
    title: s.title,
    instruction: s.instruction,
    command: s.command ?? '',
    expected: s.expected ?? '',
    timebox: String(s.timeboxMinutes),
    kind: s.kind,
    customizable: s.customizable,
  };
}

/** A step id not yet used: s1, s2, … (ids are what overlays point at, so they never change). */
export function freshStepId(used: Iterable<string>, prefix = 's'): string {
  const taken = new Set(used);
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export function emptyStep(id: string): StepDraft {
  return {
    key: newKey(),
    id,
    title: '',
    instruction: '',
    command: '',
    expected: '',
    timebox: '5',
    kind: 'action',
    customizable: false,
  };
}

const NEW_DRAFT: PlaybookDraft = {
  title: '',
  owner: '',
  reviewInterval: '180',
  summary: '',
  assetKinds: [],
  tags: [],
  symptoms: [],
  risk: null,
  restoreTarget: '60',
  parameters: [],
  steps: [emptyStep('s1')],
};

function paramValue(p: ParamDraft, path: string, issues: Issue[]): ParameterValue | null {
  const { value, problem } = parseParameterValue(p.type, p.value);
  if (problem) issues.push({ path, message: problem });
  return value;
}

export function buildStep(s: StepDraft, path: string, issues: Issue[]): PlaybookStep {
  if (s.title.trim() === '') issues.push({ path: `${path}.title`, message: 'is required' });
  return {
    id: s.id,
    title: s.title.trim(),
    instruction: s.instruction,
    command: s.command.trim() === '' ? null : s.command,
    expected: s.expected.trim() === '' ? null : s.expected.trim(),
    timeboxMinutes: wholeNumber(s.timebox, `${path}.timeboxMinutes`, issues, 'must be whole minutes'),
    kind: s.kind,
    customizable: s.customizable,
  };
}

/**
 * The back end refuses placeholders it can never fill with a message naming the step
 * ("Step 3 "Bounce" command: …"); put it next to that field instead of only in a banner.
 */
function placeIssue<T>(result: Result<T>): Result<T> {
  if (result.ok || result.error.code !== 'VALIDATION' || result.error.issues?.length) return result;
  const m = /^Step (\d+) ".*?" (instruction|command): /.exec(result.error.message);
  if (!m) return result;
  const path = `body.steps.${Number(m[1]) - 1}.${m[2]}`;
  return {
    ok: false,
    error: { ...result.error, issues: [{ path, message: result.error.message.slice(m[0].length) }] },
  };
}

/** "body.steps.2.command" → "Step 3 · command", for the issue summary. */
function where(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'body') parts.shift();
  const [a, b, c, ...rest] = parts;
  if (a === 'steps' && b !== undefined && /^\d+$/.test(b))
    return `Step ${Number(b) + 1}${c ? ` · ${[c, ...rest].join('.')}` : ''}:`;
  if (a === 'parameters' && b !== undefined && /^\d+$/.test(b))
    return `Parameter ${Number(b) + 1}${c ? ` · ${c}` : ''}:`;
  return `${parts.join(' · ') || 'Playbook'}:`;
}

export function PlaybookEditor({ playbookId }: { readonly playbookId: string | null }) {
  const [title, setTitle] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const load = useCallback(async () => {
    if (playbookId === null) return { ok: true as const, value: { draft: NEW_DRAFT, version: null } };
    const result = await api.call('playbook:get', { id: playbookId });
    if (!result.ok) return result;
    const p = result.value;
    setTitle(p.title);
    const draft: PlaybookDraft = {
      title: p.title,
      owner: p.owner ?? '',
      reviewInterval: String(p.reviewIntervalDays),
      summary: p.body.summary,
      assetKinds: p.body.appliesTo.assetKinds,
      tags: p.body.appliesTo.tags,
      symptoms: p.body.appliesTo.symptoms,
      risk: p.body.appliesTo.risk ?? null,
      restoreTarget: String(p.body.restoreTargetMinutes),
      parameters: p.body.parameters.map(paramDraft),
      steps: p.body.steps.map(stepDraft),
    };
    return { ok: true as const, value: { draft, version: p.currentVersion } };
  }, [playbookId]);
  const editor = useEditor<PlaybookDraft>(load, playbookId ? 'the playbook' : 'the new playbook');
  useFocusFirstInvalid(editor.issues, '.pb-editor');

  useEffect(() => {
    if (editor.status !== 'loading') markReady();
  }, [editor.status]);

  const leave = () => navigate(playbookId ? playbooksRoute([playbookId]) : playbooksRoute());
  const requestLeave = () => (editor.dirty && !editor.saving ? setAsking(true) : leave());
  useBackKey(asking ? null : requestLeave);

  const save = () =>
    void editor.save(
      (d, issues) => {
        if (d.title.trim() === '') issues.push({ path: 'title', message: 'is required' });
        const reviewIntervalDays = wholeNumber(d.reviewInterval, 'reviewIntervalDays', issues);
        const restoreTargetMinutes = wholeNumber(d.restoreTarget, 'body.restoreTargetMinutes', issues);
        const parameters = d.parameters.map(
          (p, i): PlaybookParameter => ({
            name: p.name.trim(),
            type: p.type,
            default: paramValue(p, `body.parameters.${i}.default`, issues),
            description: p.description.trim(),
          }),
        );
        const steps = d.steps.map((s, i) => buildStep(s, `body.steps.${i}`, issues));
        const body: PlaybookBody = {
          summary: d.summary,
          appliesTo: {
            assetKinds: [...d.assetKinds],
            tags: [...d.tags],
            symptoms: [...d.symptoms],
            ...(d.risk ? { risk: d.risk } : {}),
          },
          restoreTargetMinutes,
          parameters,
          steps,
        };
        return async () => {
          const result = placeIssue(
            await api.call('playbook:save', {
              id: playbookId,
              baseVersion: editor.version,
              title: d.title,
              owner: d.owner.trim() === '' ? null : d.owner.trim(),
              reviewIntervalDays,
              body,
            }),
          );
          return result.ok ? { ok: true as const, value: { id: result.value.id } } : result;
        };
      },
      (id) => navigate(playbooksRoute([id])),
    );

  useSaveKey(save);

  const heading = playbookId ? `Edit: ${title ?? 'playbook'}` : 'New playbook';
  return (
    <section className="screen pb-editor" aria-label={heading}>
      <Crumbs
        trail={
          playbookId
            ? [{ label: title ?? 'Playbook', path: [playbookId] }, { label: 'Edit' }]
            : [{ label: 'New playbook' }]
        }
        hint={
          <>
            <Kbd>Alt ↑</Kbd>
            <Kbd>Alt ↓</Kbd> move a step · <Kbd>Esc</Kbd> cancel
          </>
        }
      />
      <div className="screen__body">
        <EditorLoadState editor={editor} what="the playbook" />
        {editor.status === 'ready' && editor.draft && (
          <div className="pb-form">
            <header className="pb-form__head">
              <h1 className="screen__title">{heading}</h1>
              <p className="screen__subtitle">
                {editor.version === null
                  ? 'Saving creates version 1.'
                  : `Editing version ${editor.version}. Saving creates version ${editor.version + 1}; overlays written against older versions show as drifted.`}
              </p>
            </header>
            <EditorForm editor={editor} what="this playbook" where={where} testId="playbook-form">
              <PlaybookFields draft={editor.draft} issues={editor.issues} set={editor.set} />
            </EditorForm>
          </div>
        )}
      </div>
      {editor.status === 'ready' && (
        <SaveBar
          editor={editor}
          label={editor.version === null ? 'Create playbook' : `Save as v${editor.version + 1}`}
          onSave={save}
          onCancel={requestLeave}
        />
      )}
      {asking && (
        <DiscardDialog onKeep={() => setAsking(false)} onDiscard={leave}>
          <p>What you changed in this playbook has not been saved.</p>
        </DiscardDialog>
      )}
    </section>
  );
}

function PlaybookFields({
  draft,
  issues,
  set,
}: {
  readonly draft: PlaybookDraft;
  readonly issues: Issues;
  readonly set: (patch: Partial<PlaybookDraft>) => void;
}) {
  const at = (path: string) => issuesAt(issues, path);
  const exact = (path: string) => issues.filter((i) => i.path === path);
  const setParam = (index: number, patch: Partial<ParamDraft>) =>
    set({ parameters: draft.parameters.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  const setStep = (index: number, patch: Partial<StepDraft>) =>
    set({ steps: draft.steps.map((s, i) => (i === index ? { ...s, ...patch } : s)) });

  return (
    <>
      <fieldset className="form__section">
        <legend className="form__legend">Playbook</legend>
        <div className="form__grid form__grid--3">
          <TextField
            label="Title"
            required
            className="field--span2"
            value={draft.title}
            onChange={(title) => set({ title })}
            issues={at('title')}
            autoFocus
            placeholder="e.g. Hypervisor host down"
          />
          <TextField
            label="Owner"
            value={draft.owner}
            onChange={(owner) => set({ owner })}
            issues={at('owner')}
            placeholder="Who keeps it right"
          />
          <TextField
            label="Restore target"
            required
            value={draft.restoreTarget}
            onChange={(restoreTarget) => set({ restoreTarget })}
            issues={at('body.restoreTargetMinutes')}
            inputMode="numeric"
            suffix="min"
          />
          <TextField
            label="Review every"
            required
            value={draft.reviewInterval}
            onChange={(reviewInterval) => set({ reviewInterval })}
            issues={at('reviewIntervalDays')}
            inputMode="numeric"
            suffix="days"
          />
        </div>
        <div className="form__grid pb-form__one">
          <TextAreaField
            label="Summary"
            wide
            rows={3}
            value={draft.summary}
            onChange={(summary) => set({ summary })}
            issues={at('body.summary')}
            hint="Markdown. What failed and what restoring it means, in two or three sentences."
          />
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">Applies to</legend>
        <fieldset className="field pb-kind-field">
          <legend className="field__label">Asset kinds</legend>
          <div className="pb-kind-picker">
            {ASSET_KINDS.map((k) => {
              const on = draft.assetKinds.includes(k);
              return (
                <button
                  key={k}
                  type="button"
                  aria-pressed={on}
                  className={`pb-kind-toggle kind--${k}${on ? ' pb-kind-toggle--on' : ''}`}
                  title={ASSET_KIND_LABELS[k].many}
                  onClick={() =>
                    set({
                      assetKinds: on ? draft.assetKinds.filter((x) => x !== k) : [...draft.assetKinds, k],
                    })
                  }
                >
                  {on && <Icon name="check" size={11} />} {ASSET_KIND_LABELS[k].many}
                </button>
              );
            })}
          </div>
          {at('body.appliesTo.assetKinds').map((i) => (
            <p key={i.message} className="field__error">
              <Icon name="warning" size={12} /> {i.message}
            </p>
          ))}
          <p className="field__hint">
            {draft.assetKinds.length === 0
              ? 'None picked: the playbook applies to any asset.'
              : `${draft.assetKinds.length} picked; suggested for incidents on these kinds.`}
          </p>
        </fieldset>
        <div className="form__grid pb-form__one">
          <ChipListField
            label="Tags"
            value={draft.tags}
            onChange={(tags) => set({ tags })}
            issues={at('body.appliesTo.tags')}
            placeholder="e.g. vmware — Enter adds"
            separators={/[,;]+/}
          />
          <ChipListField
            label="Symptom words"
            value={draft.symptoms}
            onChange={(symptoms) => set({ symptoms })}
            issues={at('body.appliesTo.symptoms')}
            placeholder="e.g. host not responding — Enter adds"
            separators={/[,;]+/}
            hint="What the engineer types or the alert says; used to suggest this playbook."
          />
          <SelectField
            label="Risk"
            value={draft.risk ?? ''}
            onChange={(risk) => set({ risk: RISK_LIST.find((r) => r === risk) ?? null })}
            options={[
              { value: '', label: 'None' },
              ...RISK_LIST.map((r) => ({ value: r, label: RISK_LABELS[r] })),
            ]}
            issues={at('body.appliesTo.risk')}
            hint="A marked playbook is held back from best fit unless the alert names its symptoms."
          />
        </div>
      </fieldset>

      <fieldset className="form__section" data-testid="parameters-editor">
        <legend className="form__legend">Parameters</legend>
        <p className="form__section-hint muted">
          Customization points: a customer overlay may set these. Use them in steps as{' '}
          <code>{'{{name}}'}</code>; facts are <code>{'{{asset.ip}}'}</code>,{' '}
          <code>{'{{customer.name}}'}</code> and the like.
        </p>
        {draft.parameters.length > 0 && (
          <div className="pb-param-row pb-param-row--head" aria-hidden="true">
            <span>Name</span>
            <span>Type</span>
            <span>Default</span>
            <span>Description</span>
            <span />
          </div>
        )}
        {draft.parameters.map((p, i) => {
          const base = `body.parameters.${i}`;
          return (
            <div key={p.key} className="pb-param-row">
              <ParamInput
                label={`Parameter ${i + 1} name`}
                mono
                value={p.name}
                placeholder="failover_site"
                onChange={(name) => setParam(i, { name })}
                issues={at(`${base}.name`)}
              />
              <select
                className="input select"
                aria-label={`Parameter ${i + 1} type`}
                value={p.type}
                onChange={(e) => setParam(i, { type: e.target.value as ParameterType, value: '' })}
              >
                {PARAMETER_TYPE_LIST.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              {p.type === 'boolean' ? (
                <select
                  className="input select"
                  aria-label={`Parameter ${i + 1} default`}
                  value={p.value}
                  onChange={(e) => setParam(i, { value: e.target.value })}
                >
                  <option value="">no default</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <ParamInput
                  label={`Parameter ${i + 1} default`}
                  value={p.value}
                  placeholder={p.type === 'contact' ? 'a contact role, e.g. IT Manager' : 'no default'}
                  onChange={(value) => setParam(i, { value })}
                  issues={at(`${base}.default`)}
                />
              )}
              <ParamInput
                label={`Parameter ${i + 1} description`}
                value={p.description}
                placeholder="What the value is for"
                onChange={(description) => setParam(i, { description })}
                issues={at(`${base}.description`)}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove parameter ${p.name || i + 1}`}
                onClick={() => set({ parameters: draft.parameters.filter((_, j) => j !== i) })}
              >
                <Icon name="close" size={13} />
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="link-button kv__add"
          onClick={() =>
            set({
              parameters: [
                ...draft.parameters,
                { key: newKey(), name: '', type: 'string', value: '', description: '' },
              ],
            })
          }
        >
          <Icon name="plus" size={12} /> Add parameter
        </button>
      </fieldset>

      <fieldset className="form__section" data-testid="steps-editor">
        <legend className="form__legend">Steps</legend>
        <p className="form__section-hint muted">
          In order. Mark a step customizable only where customers may really differ; every other step is fixed
          by core for everyone.
        </p>
        {exact('body.steps').map((i) => (
          <p key={i.message} className="field__error">
            <Icon name="warning" size={12} /> {i.message}
          </p>
        ))}
        <StepList
          steps={draft.steps}
          issuesFor={(i) => (f) => at(`body.steps.${i}.${f}`)}
          onChange={(steps) => set({ steps })}
          setStep={setStep}
        />
      </fieldset>
    </>
  );
}

function ParamInput({
  label,
  value,
  onChange,
  issues,
  placeholder,
  mono,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly issues: Issues;
  readonly placeholder?: string;
  readonly mono?: boolean;
}) {
  const invalid = issues.length > 0;
  return (
    <div className="pb-param-cell">
      <input
        className={`input${mono ? ' input--mono' : ''}${invalid ? ' input--bad' : ''}`}
        aria-label={label}
        aria-invalid={invalid || undefined}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
      {issues.map((i) => (
        <p key={i.message} className="field__error">
          {i.message}
        </p>
      ))}
    </div>
  );
}

/** Ordered steps with add, remove and reorder (buttons, or Alt+↑/↓ anywhere in a step). */
export function StepList({
  steps,
  issuesFor,
  onChange,
  setStep,
  idPrefix = 's',
  noun = 'step',
  reservedIds = [],
  showIds = true,
}: {
  readonly steps: readonly StepDraft[];
  readonly issuesFor: (index: number) => (field: string) => Issues;
  readonly onChange: (steps: StepDraft[]) => void;
  readonly setStep: (index: number, patch: Partial<StepDraft>) => void;
  readonly idPrefix?: string;
  readonly noun?: string;
  readonly reservedIds?: readonly string[];
  /** The core editor shows each step's id (overlays refer to it); an overlay's added steps do not need it. */
  readonly showIds?: boolean;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const move = (index: number, delta: number) => {
    const to = index + delta;
    if (to < 0 || to >= steps.length) return;
    const active = document.activeElement;
    const next = [...steps];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(to, 0, moved);
    onChange(next);
    // Moving DOM nodes can drop focus; keep it where the engineer was typing.
    requestAnimationFrame(() => {
      if (active instanceof HTMLElement && document.activeElement !== active) active.focus();
    });
  };
  const add = (at: number) => {
    const id = freshStepId([...steps.map((s) => s.id), ...reservedIds], idPrefix);
    const next = [...steps];
    next.splice(at, 0, emptyStep(id));
    onChange(next);
    requestAnimationFrame(() => {
      listRef.current?.querySelector<HTMLInputElement>(`[data-step-key="${id}"] input`)?.focus();
    });
  };
  return (
    <>
      <ol className="pb-step-editor" ref={listRef}>
        {steps.map((s, i) => {
          const issues = issuesFor(i);
          return (
            <li
              key={s.key}
              className={`pb-step-card${s.customizable ? ' pb-step-card--custom' : ''}`}
              data-step-key={s.id}
              data-testid="step-card"
              onKeyDown={(event) => {
                if (!event.altKey || event.ctrlKey || event.metaKey) return;
                if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
                  event.preventDefault();
                  event.stopPropagation();
                  move(i, event.key === 'ArrowUp' ? -1 : 1);
                }
              }}
            >
              <div className="pb-step-card__bar">
                <span className="pb-step__n">{i + 1}</span>
                {showIds && (
                  <span className="code-chip" title="Step id: overlays refer to it, so it never changes">
                    {s.id}
                  </span>
                )}
                <label className="pb-check">
                  <input
                    type="checkbox"
                    checked={s.customizable}
                    onChange={(e) => setStep(i, { customizable: e.target.checked })}
                  />
                  Customizable
                </label>
                <span className="modal__foot-spacer" />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${noun} ${i + 1} up`}
                  title="Move up (Alt+↑)"
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${noun} ${i + 1} down`}
                  title="Move down (Alt+↓)"
                  disabled={i === steps.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${noun} ${i + 1}`}
                  title="Remove"
                  onClick={() => onChange(steps.filter((_, j) => j !== i))}
                >
                  <Icon name="close" size={13} />
                </button>
              </div>
              <StepFields step={s} index={i} issues={issues} onChange={(patch) => setStep(i, patch)} />
            </li>
          );
        })}
      </ol>
      <button type="button" className="link-button kv__add" onClick={() => add(steps.length)}>
        <Icon name="plus" size={12} /> Add {noun}
      </button>
    </>
  );
}

export function StepFields({
  step,
  index,
  issues,
  onChange,
}: {
  readonly step: StepDraft;
  readonly index: number;
  readonly issues: (field: string) => Issues;
  readonly onChange: (patch: Partial<StepDraft>) => void;
}) {
  return (
    <div className="form__grid form__grid--4 pb-step-card__fields">
      <TextField
        label={`Title`}
        required
        className="field--span2"
        value={step.title}
        onChange={(title) => onChange({ title })}
        issues={issues('title')}
        placeholder={`What step ${index + 1} does`}
      />
      <SelectField
        label="Kind"
        value={step.kind}
        onChange={(kind) => onChange({ kind: kind as StepKind })}
        options={STEP_KIND_LIST.map((k) => ({ value: k, label: k }))}
        issues={issues('kind')}
      />
      <TextField
        label="Time box"
        required
        value={step.timebox}
        onChange={(timebox) => onChange({ timebox })}
        issues={issues('timeboxMinutes')}
        inputMode="numeric"
        suffix="min"
      />
      <TextAreaField
        label="Instruction"
        wide
        rows={3}
        value={step.instruction}
        onChange={(instruction) => onChange({ instruction })}
        issues={issues('instruction')}
        hint="Markdown; may use {{parameter}} and {{asset.ip}}-style placeholders."
      />
      <TextAreaField
        label="Command"
        className="field--span2"
        rows={2}
        mono
        value={step.command}
        onChange={(command) => onChange({ command })}
        issues={issues('command')}
        placeholder="optional, e.g. ping {{asset.ip}}"
      />
      <TextAreaField
        label="Expected result"
        className="field--span2"
        rows={2}
        value={step.expected}
        onChange={(expected) => onChange({ expected })}
        issues={issues('expected')}
        placeholder="optional: what success looks like"
      />
    </div>
  );
}
