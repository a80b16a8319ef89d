/**
 * Placeholders that can never be filled are refused when a playbook or overlay is saved:
 * a typo found at the desk is cheaper than a ⟨missing⟩ found at 3 a.m.
 */

import type { OverlayBody, PlaybookBody } from '../../../shared/playbooks/model';
import { fillText, type OverlayIssue } from '../../../shared/playbooks/resolve';

/** The facts `playbook:effective` supplies; placeholders may name only these. */
export const CUSTOMER_FACTS = ['name', 'code', 'tier', 'timeZone'] as const;
export const ASSET_FACTS = [
  'name',
  'hostname',
  'ip',
  'kind',
  'platform',
  'model',
  'serial',
  'managementUrl',
] as const;

const FACTS: Readonly<Record<string, readonly string[]>> = { customer: CUSTOMER_FACTS, asset: ASSET_FACTS };

/** Every placeholder name in a text, using the resolver's own parsing so both agree on what one is. */
export function placeholders(text: string): readonly string[] {
  return fillText(text, new Map(), {}).missing;
}

function problem(name: string, declared: readonly string[]): string | null {
  const dot = name.indexOf('.');
  if (dot < 0) {
    if (declared.includes(name)) return null;
    return `{{${name}}} is not a declared parameter (this playbook declares: ${declared.join(', ') || 'none'}). Declare it under parameters or correct the name.`;
  }
  const scope = name.slice(0, dot);
  const field = name.slice(dot + 1);
  const known = FACTS[scope];
  if (!known) {
    return `{{${name}}} names neither a parameter nor a fact: facts are asset.* or customer.*.`;
  }
  if (known.includes(field)) return null;
  return `{{${name}}} is not a ${scope} fact; use one of ${known.map((f) => `${scope}.${f}`).join(', ')}.`;
}

interface Text {
  readonly path: string;
  readonly where: string;
  readonly text: string | null | undefined;
}

function check(texts: readonly Text[], declared: readonly string[]): OverlayIssue[] {
  const issues: OverlayIssue[] = [];
  for (const t of texts) {
    if (!t.text) continue;
    for (const name of placeholders(t.text)) {
      const p = problem(name, declared);
      if (p) issues.push({ path: t.path, message: `${t.where}: ${p}` });
    }
  }
  return issues;
}

/** Placeholders in a core body's steps that no parameter or fact can fill. */
export function corePlaceholderIssues(body: PlaybookBody): OverlayIssue[] {
  const declared = body.parameters.map((p) => p.name);
  return check(
    body.steps.flatMap((s, i) => {
      const where = (field: string) => `Step ${i + 1} "${s.title}" ${field}`;
      return [
        { path: `steps.${i}.instruction`, where: where('instruction'), text: s.instruction },
        { path: `steps.${i}.command`, where: where('command'), text: s.command },
      ];
    }),
    declared,
  );
}

/** The same for the text an overlay writes, against the core's parameters. */
export function overlayPlaceholderIssues(core: PlaybookBody, overlay: OverlayBody): OverlayIssue[] {
  const declared = core.parameters.map((p) => p.name);
  const titles = new Map(core.steps.map((s) => [s.id, s.title]));
  const texts: Text[] = [];
  for (const [stepId, change] of Object.entries(overlay.steps)) {
    const title = titles.get(stepId) ?? stepId;
    if ('replace' in change) {
      texts.push(
        {
          path: `steps.${stepId}.replace.instruction`,
          where: `Replaced instruction of step "${title}"`,
          text: change.replace.instruction,
        },
        {
          path: `steps.${stepId}.replace.command`,
          where: `Replaced command of step "${title}"`,
          text: change.replace.command,
        },
      );
    } else if ('addAfter' in change) {
      for (const added of change.addAfter) {
        const where = `Step "${added.title}" added after "${title}"`;
        texts.push(
          {
            path: `steps.${stepId}.addAfter.${added.id}.instruction`,
            where: `${where}, instruction`,
            text: added.instruction,
          },
          {
            path: `steps.${stepId}.addAfter.${added.id}.command`,
            where: `${where}, command`,
            text: added.command,
          },
        );
      }
    }
  }
  return check(texts, declared);
}
