/**
 * Lifeline's own playbook files, for keeping playbooks in git: Markdown with YAML front
 * matter (`lifeline: playbook/1`), one `## Step N: title` section per step with its fields
 * as a list and its command in a fenced block last; overlays as YAML beside it. Writing
 * and reading are exact inverses: export → import → export gives the same bytes.
 */
import YAML from 'yaml';
import { z } from 'zod';
import { Id } from '../../../../shared/catalog/schemas';
import {
  OverlayBody,
  PlaybookBody,
  PlaybookParameter,
  type PlaybookStep,
  StepKind,
} from '../../../../shared/playbooks/model';
import { SourceError, splitFrontMatter } from './parse';

export const PLAYBOOK_FORMAT = 'playbook/1';
export const OVERLAY_FORMAT = 'overlay/1';

/** A playbook as written to and read from a file. */
export interface PlaybookDoc {
  readonly id: string | null;
  readonly title: string;
  readonly owner: string | null;
  readonly reviewIntervalDays: number;
  readonly reviewedAt: string | null;
  readonly version: number;
  readonly body: PlaybookBody;
}

export interface OverlayDoc {
  readonly id: string | null;
  readonly customerCode: string;
  readonly coreVersion: number;
  readonly body: OverlayBody;
}

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2 } as const;

const STEP_HEADING = /^## Step (\d+): (.*)$/;
const ESCAPABLE = /^(\\*)## Step \d+:/;

/** A text line that would read as a step heading gets one more backslash; reading removes it. */
function escapeLines(text: string): string {
  return text
    .split('\n')
    .map((l) => (ESCAPABLE.test(l) ? `\\${l}` : l))
    .join('\n');
}

function unescapeLines(lines: readonly string[]): string[] {
  return lines.map((l) => (/^\\+## Step \d+:/.test(l) ? l.slice(1) : l));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A field value: bare when it reads back as the same text, JSON-quoted otherwise. */
function fieldValue(text: string): string {
  const bare = text !== '' && text === text.trim() && !text.includes('\n') && !text.startsWith('"');
  return bare ? text : JSON.stringify(text);
}

function fence(code: string, info: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${code}\n${ticks}`;
}

const normalize = (t: string) => t.replace(/\r\n?/g, '\n').trim();

export function renderPlaybook(doc: PlaybookDoc): string {
  const meta = {
    lifeline: PLAYBOOK_FORMAT,
    id: doc.id,
    title: doc.title,
    owner: doc.owner,
    reviewIntervalDays: doc.reviewIntervalDays,
    reviewedAt: doc.reviewedAt,
    version: doc.version,
    restoreTargetMinutes: doc.body.restoreTargetMinutes,
    appliesTo: doc.body.appliesTo,
    parameters: doc.body.parameters,
  };
  const out: string[] = [
    '---',
    YAML.stringify(meta, YAML_OPTIONS).trimEnd(),
    '---',
    '',
    `# ${oneLine(doc.title)}`,
  ];
  const summary = escapeLines(normalize(doc.body.summary));
  if (summary) out.push('', summary);
  doc.body.steps.forEach((s, i) => {
    out.push('', `## Step ${i + 1}: ${oneLine(s.title)}`, '');
    out.push(`- id: ${s.id}`, `- kind: ${s.kind}`, `- timebox: ${s.timeboxMinutes}`);
    out.push(`- customizable: ${s.customizable ? 'yes' : 'no'}`);
    if (s.expected !== null) out.push(`- expected: ${fieldValue(s.expected)}`);
    const instruction = escapeLines(normalize(s.instruction));
    // Without it, an instruction that itself ends in a ```command block would read back as the command.
    if (s.command === null && /(^|\n)(`{3,}|~{3,})\s*$/.test(instruction)) out.push('- command: none');
    if (instruction) out.push('', instruction);
    if (s.command !== null) out.push('', fence(escapeLines(s.command.replace(/\r\n?/g, '\n')), 'command'));
  });
  return `${out.join('\n')}\n`;
}

export function overlayFileName(customerCode: string): string {
  return `${customerCode.replace(/[^A-Za-z0-9._-]/g, '_')}.yaml`;
}

export function renderOverlay(doc: OverlayDoc, core: PlaybookBody): string {
  // Parameters and step changes in the core's order, then any the core no longer has.
  const order = (keys: string[], known: readonly string[]) =>
    [...keys].sort((a, b) => {
      const ia = known.indexOf(a);
      const ib = known.indexOf(b);
      if (ia !== ib) return (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
  const paramNames = core.parameters.map((p) => p.name);
  const stepIds = core.steps.map((s) => s.id);
  const parameters = Object.fromEntries(
    order(Object.keys(doc.body.parameters), paramNames).map((k) => [k, doc.body.parameters[k]]),
  );
  const steps = Object.fromEntries(
    order(Object.keys(doc.body.steps), stepIds).map((k) => [k, doc.body.steps[k]]),
  );
  const meta = {
    lifeline: OVERLAY_FORMAT,
    id: doc.id,
    customer: doc.customerCode,
    coreVersion: doc.coreVersion,
    parameters,
    steps,
  };
  return YAML.stringify(meta, YAML_OPTIONS);
}

// ---- reading

const Meta = z
  .object({
    lifeline: z.literal(PLAYBOOK_FORMAT),
    id: Id.nullable().optional(),
    title: z.string().trim().min(1).max(200),
    owner: z.string().max(200).nullable().optional(),
    reviewIntervalDays: z.number().int().min(1).max(3650).optional(),
    reviewedAt: z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date and time')
      .nullable()
      .optional(),
    version: z.number().int().min(1).optional(),
    restoreTargetMinutes: PlaybookBody.shape.restoreTargetMinutes,
    appliesTo: PlaybookBody.shape.appliesTo,
    parameters: z.array(PlaybookParameter).optional(),
  })
  .strict();

const OverlayMeta = z
  .object({
    lifeline: z.literal(OVERLAY_FORMAT),
    id: Id.nullable().optional(),
    customer: z.string().trim().min(1).max(60),
    coreVersion: z.number().int().min(1),
    parameters: OverlayBody.shape.parameters.optional(),
    steps: OverlayBody.shape.steps.optional(),
  })
  .strict();

function issueText(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'does not match the format';
  const where = issue.path.join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Whether a file's front matter says it is one of ours. */
export function isLifelineFormat(data: Record<string, unknown> | null): boolean {
  return typeof data?.lifeline === 'string' && data.lifeline.startsWith('playbook/');
}

export function parsePlaybook(file: string, text: string): PlaybookDoc {
  const fm = splitFrontMatter(file, text);
  if (fm.data?.lifeline !== PLAYBOOK_FORMAT)
    throw new SourceError(
      file,
      fm.keyLines.get('lifeline') ?? 1,
      `front matter "lifeline: ${String(fm.data?.lifeline)}" is not a format this Lifeline reads (it reads ${PLAYBOOK_FORMAT}).`,
    );
  const meta = Meta.safeParse(fm.data);
  if (!meta.success) {
    const issue = meta.error.issues[0];
    const key = issue?.path[0];
    const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const line = fm.keyLines.get(String(unknownKey ?? key ?? '')) ?? 2;
    throw new SourceError(file, line, `front matter ${issueText(issue)}`);
  }
  const lines = fm.lines;
  const at = (i: number) => fm.firstLine + i;
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  if (!/^# /.test(lines[i] ?? ''))
    throw new SourceError(file, at(i), 'expected the title heading ("# Title") after the front matter.');
  i++;
  const stepStarts: number[] = [];
  for (let j = i; j < lines.length; j++) if (STEP_HEADING.test(lines[j] ?? '')) stepStarts.push(j);
  const summary = unescapeLines(lines.slice(i, stepStarts[0] ?? lines.length))
    .join('\n')
    .trim();

  const steps: PlaybookStep[] = [];
  stepStarts.forEach((start, n) => {
    const end = stepStarts[n + 1] ?? lines.length;
    steps.push(parseStep(file, lines, start, end, at));
  });
  if (steps.length === 0)
    throw new SourceError(
      file,
      at(lines.length - 1),
      'no steps: a playbook needs at least one "## Step 1: title" section.',
    );

  const body = {
    summary,
    appliesTo: meta.data.appliesTo,
    restoreTargetMinutes: meta.data.restoreTargetMinutes,
    parameters: meta.data.parameters ?? [],
    steps,
  };
  const parsed = PlaybookBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const stepIndex = issue?.path[0] === 'steps' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const line =
      stepIndex !== null
        ? at(stepStarts[stepIndex] ?? 0)
        : (fm.keyLines.get(String(issue?.path[0] ?? '')) ?? 2);
    throw new SourceError(file, line, issueText(issue));
  }
  return {
    id: meta.data.id ?? null,
    title: meta.data.title,
    owner: meta.data.owner ?? null,
    reviewIntervalDays: meta.data.reviewIntervalDays ?? 90,
    reviewedAt: meta.data.reviewedAt ?? null,
    version: meta.data.version ?? 1,
    body: parsed.data,
  };
}

const FIELD = /^- (id|kind|timebox|customizable|expected|command): ?(.*)$/;

function parseStep(
  file: string,
  lines: readonly string[],
  start: number,
  end: number,
  at: (i: number) => number,
): PlaybookStep {
  const title = (STEP_HEADING.exec(lines[start] ?? '')?.[2] ?? '').trim();
  let i = start + 1;
  while (i < end && (lines[i] ?? '').trim() === '') i++;
  const fields = new Map<string, { value: string; line: number }>();
  while (i < end && (lines[i] ?? '').trim() !== '') {
    const line = lines[i] ?? '';
    const m = FIELD.exec(line);
    if (!m?.[1]) {
      if (fields.size === 0) break;
      throw new SourceError(
        file,
        at(i),
        `"${line.slice(0, 60)}" is not a step field (fields are - id, kind, timebox, customizable, expected), and the instruction must follow a blank line.`,
      );
    }
    if (fields.has(m[1])) throw new SourceError(file, at(i), `step field "${m[1]}" is given twice.`);
    fields.set(m[1], { value: m[2] ?? '', line: at(i) });
    i++;
  }
  const field = (name: string) => fields.get(name);
  const text = (name: string): string | null => {
    const f = field(name);
    if (!f) return null;
    if (!f.value.startsWith('"')) return f.value;
    try {
      const v: unknown = JSON.parse(f.value);
      if (typeof v === 'string') return v;
    } catch {
      // reported below
    }
    throw new SourceError(
      file,
      f.line,
      `step field "${name}" starts with a quote but is not a valid quoted text.`,
    );
  };

  const id = field('id');
  if (!id) throw new SourceError(file, at(start), `step "${title}" has no "- id:" field.`);
  const kindField = field('kind');
  const kind = StepKind.safeParse(kindField?.value ?? 'action');
  if (!kind.success)
    throw new SourceError(
      file,
      kindField?.line ?? at(start),
      `step kind "${kindField?.value}" is not one of ${StepKind.options.join(', ')}.`,
    );
  const timeboxField = field('timebox');
  const timebox = timeboxField ? Number(timeboxField.value.replace(/\s*min(utes)?$/, '')) : 5;
  if (!Number.isInteger(timebox) || timebox < 1 || timebox > 1440)
    throw new SourceError(
      file,
      timeboxField?.line ?? at(start),
      `step timebox "${timeboxField?.value}" must be whole minutes from 1 to 1440.`,
    );
  const customField = field('customizable');
  const customText = (customField?.value ?? 'no').trim().toLowerCase();
  if (!['yes', 'no', 'true', 'false'].includes(customText))
    throw new SourceError(
      file,
      customField?.line ?? at(start),
      `step field customizable must be yes or no, got "${customField?.value}".`,
    );
  const commandField = field('command');
  if (commandField && commandField.value.trim() !== 'none')
    throw new SourceError(
      file,
      commandField.line,
      'the only value of the "- command:" field is none; put a command in a ```command block at the end of the step.',
    );

  // The command is the ```command block that ends the section, if there is one.
  let bodyEnd = end;
  while (bodyEnd > i && (lines[bodyEnd - 1] ?? '').trim() === '') bodyEnd--;
  let command: string | null = null;
  const closer = /^(`{3,})$/.exec(lines[bodyEnd - 1] ?? '')?.[1];
  if (closer && !commandField) {
    const opener = `${closer}command`;
    for (let j = bodyEnd - 2; j >= i; j--) {
      if (lines[j] === opener) {
        command = unescapeLines(lines.slice(j + 1, bodyEnd - 1)).join('\n');
        bodyEnd = j;
        break;
      }
    }
  }
  const instruction = unescapeLines(lines.slice(i, bodyEnd)).join('\n').trim();
  return {
    id: id.value.trim(),
    title,
    instruction,
    command,
    expected: text('expected'),
    timeboxMinutes: timebox,
    kind: kind.data,
    customizable: customText === 'yes' || customText === 'true',
  };
}

export function parseOverlay(file: string, text: string): OverlayDoc {
  const doc = YAML.parseDocument(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? 1;
    throw new SourceError(
      file,
      line,
      `not valid YAML: ${(first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const data: unknown = doc.toJS();
  const parsed = OverlayMeta.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(
      (issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined) ?? issue?.path[0] ?? '',
    );
    const lineIdx = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
    throw new SourceError(file, lineIdx >= 0 ? lineIdx + 1 : 1, `overlay ${issueText(issue)}`);
  }
  return {
    id: parsed.data.id ?? null,
    customerCode: parsed.data.customer,
    coreVersion: parsed.data.coreVersion,
    body: { parameters: parsed.data.parameters ?? {}, steps: parsed.data.steps ?? {} },
  };
}
