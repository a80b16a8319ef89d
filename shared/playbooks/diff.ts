/** What changed between two versions of a core playbook, for history and drift review. */
import type { PlaybookBody, PlaybookParameter, PlaybookStep } from './model';

export type PlaybookChange =
  | { readonly kind: 'field'; readonly field: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'step-added';
      readonly stepId: string;
      readonly title: string;
      readonly position: number;
    }
  | { readonly kind: 'step-removed'; readonly stepId: string; readonly title: string }
  | {
      readonly kind: 'step-moved';
      readonly stepId: string;
      readonly title: string;
      readonly from: number;
      readonly to: number;
    }
  | {
      readonly kind: 'step-changed';
      readonly stepId: string;
      readonly title: string;
      readonly fields: ReadonlyArray<{ readonly field: string; readonly from: string; readonly to: string }>;
    }
  | { readonly kind: 'parameter-added'; readonly name: string }
  | { readonly kind: 'parameter-removed'; readonly name: string }
  | {
      readonly kind: 'parameter-changed';
      readonly name: string;
      readonly fields: ReadonlyArray<{ readonly field: string; readonly from: string; readonly to: string }>;
    };

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

function fieldChanges<T extends object>(a: T, b: T, keys: ReadonlyArray<keyof T & string>) {
  return keys.flatMap((k) =>
    show(a[k]) === show(b[k]) ? [] : [{ field: k, from: show(a[k]), to: show(b[k]) }],
  );
}

const STEP_FIELDS: ReadonlyArray<keyof PlaybookStep & string> = [
  'title',
  'instruction',
  'command',
  'expected',
  'timeboxMinutes',
  'kind',
  'customizable',
];
const PARAM_FIELDS: ReadonlyArray<keyof PlaybookParameter & string> = ['type', 'default', 'description'];

export function diffPlaybooks(a: PlaybookBody, b: PlaybookBody): PlaybookChange[] {
  const changes: PlaybookChange[] = [];
  for (const f of ['summary', 'restoreTargetMinutes'] as const) {
    if (show(a[f]) !== show(b[f]))
      changes.push({ kind: 'field', field: f, from: show(a[f]), to: show(b[f]) });
  }
  if (show(a.appliesTo) !== show(b.appliesTo)) {
    changes.push({ kind: 'field', field: 'appliesTo', from: show(a.appliesTo), to: show(b.appliesTo) });
  }
  const aParams = new Map(a.parameters.map((p) => [p.name, p]));
  const bParams = new Map(b.parameters.map((p) => [p.name, p]));
  for (const p of a.parameters)
    if (!bParams.has(p.name)) changes.push({ kind: 'parameter-removed', name: p.name });
  for (const p of b.parameters) {
    const old = aParams.get(p.name);
    if (!old) changes.push({ kind: 'parameter-added', name: p.name });
    else {
      const fields = fieldChanges(old, p, PARAM_FIELDS);
      if (fields.length > 0) changes.push({ kind: 'parameter-changed', name: p.name, fields });
    }
  }
  const aIndex = new Map(a.steps.map((s, i) => [s.id, i]));
  const bIds = new Set(b.steps.map((s) => s.id));
  for (const s of a.steps)
    if (!bIds.has(s.id)) changes.push({ kind: 'step-removed', stepId: s.id, title: s.title });
  // Positions among the steps both versions share, so one insertion does not "move" every later step.
  const kept = (steps: readonly PlaybookStep[], other: ReadonlySet<string>) =>
    steps.filter((s) => other.has(s.id)).map((s) => s.id);
  const aKept = kept(a.steps, bIds);
  const bKept = kept(b.steps, new Set(aIndex.keys()));
  b.steps.forEach((s, i) => {
    const oldIndex = aIndex.get(s.id);
    if (oldIndex === undefined) {
      changes.push({ kind: 'step-added', stepId: s.id, title: s.title, position: i + 1 });
      return;
    }
    const from = aKept.indexOf(s.id);
    const to = bKept.indexOf(s.id);
    if (from !== to)
      changes.push({ kind: 'step-moved', stepId: s.id, title: s.title, from: from + 1, to: to + 1 });
    const old = a.steps[oldIndex];
    if (old) {
      const fields = fieldChanges(old, s, STEP_FIELDS);
      if (fields.length > 0) changes.push({ kind: 'step-changed', stepId: s.id, title: s.title, fields });
    }
  });
  return changes;
}
