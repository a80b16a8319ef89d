/**
 * The effective playbook: core + the customer's overlay + customer and asset facts → the
 * steps an engineer sees, placeholders filled. Pure and deterministic. Core steps are never
 * dropped or reordered: an overlay can only replace a customizable step's text, add steps
 * after it, or mark it skipped (shown with the reason).
 */
import type {
  EffectivePlaybook,
  EffectiveStep,
  FilledText,
  OverlayBody,
  ParameterValue,
  PlaybookBody,
  PlaybookFacts,
  PlaybookParameter,
  TextSegment,
} from './model';

export interface OverlayIssue {
  readonly path: string;
  readonly message: string;
}

function valueFits(p: PlaybookParameter, v: ParameterValue): boolean {
  switch (p.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
    case 'contact':
      return typeof v === 'string';
  }
}

/**
 * What an overlay may not do: set an undeclared parameter (or one of the wrong type), or
 * touch a step that does not exist or that the core does not mark customizable.
 */
export function validateOverlay(core: PlaybookBody, overlay: OverlayBody): OverlayIssue[] {
  const issues: OverlayIssue[] = [];
  const params = new Map(core.parameters.map((p) => [p.name, p]));
  const declared = core.parameters.map((p) => p.name).join(', ') || 'none';
  for (const [name, value] of Object.entries(overlay.parameters)) {
    const p = params.get(name);
    if (!p) {
      issues.push({
        path: `parameters.${name}`,
        message: `"${name}" is not a customization point of this playbook (it declares: ${declared}).`,
      });
    } else if (!valueFits(p, value)) {
      issues.push({
        path: `parameters.${name}`,
        message: `"${name}" must be a ${p.type}, got ${JSON.stringify(value)}.`,
      });
    }
  }
  const steps = new Map(core.steps.map((s) => [s.id, s]));
  const usedIds = new Set(core.steps.map((s) => s.id));
  for (const [stepId, change] of Object.entries(overlay.steps)) {
    const step = steps.get(stepId);
    if (!step) {
      issues.push({
        path: `steps.${stepId}`,
        message: `Step "${stepId}" does not exist in this core version.`,
      });
      continue;
    }
    if (!step.customizable) {
      issues.push({
        path: `steps.${stepId}`,
        message: `Step "${step.title}" is not customizable: the core process fixes it for every customer.`,
      });
      continue;
    }
    if ('addAfter' in change) {
      for (const added of change.addAfter) {
        if (usedIds.has(added.id)) {
          issues.push({
            path: `steps.${stepId}.addAfter.${added.id}`,
            message: `Added step id "${added.id}" is already used; give it a unique id.`,
          });
        }
        usedIds.add(added.id);
      }
    }
  }
  return issues;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

function contactText(facts: PlaybookFacts, value: string): string {
  const wanted = value.trim().toLowerCase();
  const c = facts.contacts?.find((x) => x.role.toLowerCase() === wanted || x.name.toLowerCase() === wanted);
  if (!c) return value;
  return `${c.name} (${c.role}${c.phone ? `, ${c.phone}` : ''})`;
}

function lookupFact(facts: PlaybookFacts, name: string): string | null {
  const [scope, ...rest] = name.split('.');
  const field = rest.join('.');
  const source = scope === 'asset' ? facts.asset : scope === 'customer' ? facts.customer : undefined;
  if (!source || !field) return null;
  const v = source[field];
  return v === null || v === undefined || v === '' ? null : String(v);
}

export function fillText(
  template: string,
  params: ReadonlyMap<string, { value: ParameterValue | null; type: PlaybookParameter['type'] }>,
  facts: PlaybookFacts,
): FilledText {
  const segments: TextSegment[] = [];
  const missing: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (m.index > last) segments.push({ kind: 'text', text: template.slice(last, m.index) });
    last = m.index + m[0].length;
    let value: string | null;
    const p = params.get(name);
    if (p) {
      value =
        p.value === null
          ? null
          : p.type === 'contact'
            ? contactText(facts, String(p.value))
            : String(p.value);
    } else {
      value = lookupFact(facts, name);
    }
    if (value === null) {
      segments.push({ kind: 'missing', placeholder: name });
      if (!missing.includes(name)) missing.push(name);
    } else {
      segments.push({ kind: 'value', placeholder: name, text: value });
    }
  }
  if (last < template.length) segments.push({ kind: 'text', text: template.slice(last) });
  const text = segments.map((s) => (s.kind === 'missing' ? missingMark(s.placeholder) : s.text)).join('');
  return { segments, text, missing };
}

/** How an unfilled placeholder is written in the filled text a run freezes. */
function missingMark(name: string): string {
  return `⟨missing: ${name}⟩`;
}

const MISSING_OR_RAW = /⟨missing: ([A-Za-z_][A-Za-z0-9_.]*)⟩|\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/**
 * A frozen step's text split into what to show as text and what is missing: the marks
 * fillText leaves, and any raw `{{placeholder}}` (a title, an expected result, an older
 * log), so no raw braces reach the engineer.
 */
export function missingSegments(
  text: string,
): Array<
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing'; readonly placeholder: string }
> {
  const out: Array<{ kind: 'text'; text: string } | { kind: 'missing'; placeholder: string }> = [];
  let last = 0;
  for (const m of text.matchAll(MISSING_OR_RAW)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push({ kind: 'missing', placeholder: m[1] ?? m[2] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Where to fill a missing value, in the engineer's words. */
export function whereToFill(placeholder: string): string {
  const [scope, ...rest] = placeholder.split('.');
  const field = rest.join('.') || placeholder;
  if (scope === 'asset') return `the asset's ${field} is not recorded: fill it on the asset's page`;
  if (scope === 'customer') return `the customer's ${field} is not recorded: fill it on the customer's page`;
  return `the playbook parameter ${placeholder} has no value for this customer: set it in the customer's overlay`;
}

export interface CoreVersion {
  readonly version: number;
  readonly body: PlaybookBody;
}

export interface CustomerOverlay {
  readonly coreVersion: number;
  readonly body: OverlayBody;
}

export function resolvePlaybook(
  core: CoreVersion,
  overlay: CustomerOverlay | null,
  facts: PlaybookFacts,
): EffectivePlaybook {
  const body = core.body;
  const overlayParams = overlay?.body.parameters ?? {};
  const params = new Map<string, { value: ParameterValue | null; type: PlaybookParameter['type'] }>();
  const parameters: Array<EffectivePlaybook['parameters'][number]> = [];
  for (const p of body.parameters) {
    const chosen = Object.hasOwn(overlayParams, p.name) ? overlayParams[p.name] : undefined;
    // A value of the wrong type (e.g. after core changed a parameter's type) falls back to the default.
    const fromOverlay = chosen !== undefined && valueFits(p, chosen) ? chosen : undefined;
    const value = fromOverlay ?? p.default;
    params.set(p.name, { value, type: p.type });
    parameters.push({
      name: p.name,
      value,
      source: fromOverlay !== undefined ? 'overlay' : value !== null ? 'default' : 'missing',
    });
  }

  const fill = (t: string) => fillText(t, params, facts);
  const steps: EffectiveStep[] = [];
  for (const s of body.steps) {
    // Only customizable steps can be changed; anything else in a (drifted) overlay is ignored.
    const change = s.customizable && overlay ? overlay.body.steps[s.id] : undefined;
    const replace = change && 'replace' in change ? change.replace : undefined;
    const skip = change && 'skip' in change ? change.skip : undefined;
    const command = replace?.command ?? s.command;
    steps.push({
      id: s.id,
      origin: 'core',
      coreStepId: s.id,
      title: s.title,
      instruction: fill(replace?.instruction ?? s.instruction),
      command: command === null ? null : fill(command),
      expected: s.expected,
      timeboxMinutes: s.timeboxMinutes,
      kind: s.kind,
      customizable: s.customizable,
      customization: skip ? 'skipped' : replace ? 'replaced' : null,
      skipReason: skip?.reason ?? null,
    });
    if (change && 'addAfter' in change) {
      for (const added of change.addAfter) {
        steps.push({
          id: `${s.id}+${added.id}`,
          origin: 'overlay',
          coreStepId: s.id,
          title: added.title,
          instruction: fill(added.instruction),
          command: added.command === null ? null : fill(added.command),
          expected: added.expected,
          timeboxMinutes: added.timeboxMinutes,
          kind: added.kind,
          customizable: false,
          customization: 'added',
          skipReason: null,
        });
      }
    }
  }
  const missing = [
    ...new Set(
      steps.flatMap((s) => (s.skipReason ? [] : [...s.instruction.missing, ...(s.command?.missing ?? [])])),
    ),
  ];
  return {
    coreVersion: core.version,
    overlayCoreVersion: overlay?.coreVersion ?? null,
    drifted: overlay !== null && overlay.coreVersion < core.version,
    parameters,
    steps,
    missing,
  };
}
