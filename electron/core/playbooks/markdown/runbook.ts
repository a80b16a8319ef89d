/**
 * A Markdown alert runbook (the common Meaning / Impact / Diagnosis / Mitigation shape,
 * with or without front matter) → a core playbook body. Restore comes first: Mitigation
 * becomes the first steps, Diagnosis the check steps after them, Meaning and Impact the
 * summary. Code fences become step commands.
 */
import path from 'node:path';
import { AssetKind } from '../../../../shared/catalog/schemas';
import { alertNameSymptoms } from '../../../../shared/playbooks/applicability';
import {
  PARAMETER_TYPES,
  PlaybookBody,
  type PlaybookParameter,
  type PlaybookStep,
  type StepKind,
} from '../../../../shared/playbooks/model';
import { fillText } from '../../../../shared/playbooks/resolve';
import {
  type Block,
  type FrontMatterSplit,
  parseBlocks,
  plainText,
  SourceError,
  type SourceProblem,
  trimBlankEdges,
} from './parse';

export const DEFAULT_TIMEBOX_MINUTES = 5;
export const DEFAULT_RESTORE_TARGET_MINUTES = 60;
export const DEFAULT_REVIEW_INTERVAL_DAYS = 90;

export interface ImportedRunbook {
  readonly title: string;
  /** From front matter; null when not given (an update then leaves the stored value). */
  readonly owner: string | null;
  readonly reviewIntervalDays: number | null;
  readonly body: PlaybookBody;
  readonly warnings: SourceProblem[];
}

type SectionRole = 'summary' | 'restore' | 'diagnosis' | 'other';

function roleOf(name: string): SectionRole {
  const n = plainText(name)
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim();
  if (/^(meaning|impact|summary|description|overview|context|background|symptoms?|about)$/.test(n))
    return 'summary';
  if (
    /^(mitigation|mitigations|remediation|resolution|resolve|fix|fixes|recovery|restore|restoration|solution|workaround|actions?|how to fix)$/.test(
      n,
    )
  )
    return 'restore';
  if (
    /^(diagnosis|diagnose|diagnostics?|investigation|investigate|troubleshooting|troubleshoot|triage|debugging|runbook|procedure|steps|checks?)$/.test(
      n,
    )
  )
    return 'diagnosis';
  return 'other';
}

const CHECK_WORDS =
  /^(check|verify|validate|confirm|ensure|make sure|look (at|for|into)|inspect|investigate|review|examine|monitor|watch|study|find|identify|determine|see if|as validation|test)\b/i;
const COMMUNICATE_WORDS = /^(talk|contact|call|notify|inform|tell|ask|reach out|page|open a ticket)\b/i;

function kindOf(plain: string, fallback: StepKind): StepKind {
  if (fallback === 'check') return 'check';
  if (/^escalate\b/i.test(plain)) return 'escalate';
  if (COMMUNICATE_WORDS.test(plain)) return 'communicate';
  if (CHECK_WORDS.test(plain)) return 'check';
  return fallback;
}

function isTodo(plain: string): boolean {
  return /^(todo|tbd|tba|n\/a|none|nothing yet)[.!:]?$/i.test(plain.trim());
}

/** Only links (with "see", "further reading" and the like): a reference, not a step. */
function isReference(markdown: string): boolean {
  if (!/\]\(|https?:\/\//.test(markdown)) return false;
  const rest = markdown
    .replace(/\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/<https?:[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .toLowerCase()
    .replace(
      /\b(see|also|further|reading|more|info|information|details|docs?|documentation|for|in|the|at|references?|and|or|here|link|links|additional|mitigation|steps?|upstream|blog|official)\b/g,
      ' ',
    )
    .replace(/[^a-z0-9]+/g, '');
  return rest === '';
}

/** The first sentence of a step's text, short enough for a step title. */
function titleFrom(markdown: string): string {
  const lines: string[] = [];
  for (const l of (markdown.split('\n\n')[0] ?? markdown).split('\n')) {
    if (lines.length > 0 && /^\s*([-*+]|\d+[.)])\s|^\s*(`{3,}|~{3,})/.test(l)) break;
    lines.push(l);
  }
  const plain = plainText(lines.join('\n'));
  const sentence = /^(.+?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  let title = sentence.replace(/[\s:.;,]+$/, '').trim();
  if (title.length > 80) {
    const cut = title.slice(0, 80);
    const space = cut.lastIndexOf(' ');
    title = `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
  }
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : 'Step';
}

/**
 * An inline `code` span that carries the step: one span, command-like (words or long),
 * with little prose around it ("Check template via `kubectl get pod $POD`").
 */
function inlineCommand(markdown: string): string | null {
  const spans = [...markdown.matchAll(/(`+)([^`]+?)\1/g)];
  if (spans.length !== 1) return null;
  const code = (spans[0]?.[2] ?? '').trim();
  if (!(/\s/.test(code) || code.length >= 15)) return null;
  const prose = plainText(markdown.replace(/(`+)[^`]+?\1/, ' '))
    .split(' ')
    .filter(Boolean);
  return prose.length <= 12 ? code : null;
}

interface DraftStep {
  title: string;
  instruction: string;
  command: string | null;
  kind: StepKind;
  line: number;
}

const MAX_COMMAND = 5000;
const MAX_INSTRUCTION = 20_000;

class StepBuilder {
  readonly steps: DraftStep[] = [];
  constructor(
    private readonly file: string,
    private readonly warnings: SourceProblem[],
  ) {}

  private appendText(step: DraftStep, text: string): void {
    // Consecutive reference links stay one list.
    const sep = text.startsWith('- ') && /(^|\n)- [^\n]*$/.test(step.instruction) ? '\n' : '\n\n';
    step.instruction = step.instruction ? `${step.instruction}${sep}${text}` : text;
  }

  private attachCommand(step: DraftStep, code: string, line: number, info: string): void {
    const meaningful = code.split('\n').filter((l) => l.trim() !== '');
    if (meaningful.length > 0 && meaningful.every((l) => /^\s*(#|\/\/)\s*(todo|tbd)\b/i.test(l))) {
      this.appendText(step, '_The runbook has no command for this yet (TODO)._');
      return;
    }
    const joined = step.command === null ? code : `${step.command}\n\n${code}`;
    if (joined.length > MAX_COMMAND) {
      this.warnings.push({
        file: this.file,
        line,
        message: `a code block is longer than ${MAX_COMMAND} characters; it stays in the step's text instead of becoming its command.`,
      });
      this.appendText(step, `\`\`\`\`${info}\n${code}\n\`\`\`\``);
      return;
    }
    step.command = joined;
  }

  /** Steps from one section's blocks; `level` is the section heading level. */
  add(blocks: readonly Block[], fallback: StepKind): number {
    const before = this.steps.length;
    let subheading: string | null = null;
    // The step a following code fence belongs to ("Remove unused images:" + ```…```).
    let fenceOwner: DraftStep | null = null;
    let intro: { text: string; line: number } | null = null;
    const push = (markdown: string, line: number): DraftStep => {
      const plain = plainText(markdown);
      const step: DraftStep = {
        title: subheading ?? titleFrom(markdown),
        instruction: markdown,
        command: inlineCommand(markdown),
        kind: kindOf(plain, fallback),
        line,
      };
      subheading = null;
      this.steps.push(step);
      return step;
    };
    const last = (): DraftStep | undefined =>
      this.steps.length > before ? this.steps[this.steps.length - 1] : undefined;

    blocks.forEach((block, index) => {
      const next = blocks[index + 1];
      switch (block.kind) {
        case 'heading':
          subheading = plainText(block.text) || null;
          fenceOwner = null;
          return;
        case 'fence': {
          if (fenceOwner) {
            this.attachCommand(fenceOwner, block.code, block.line, block.info);
            return;
          }
          const firstLine = block.code.split('\n').find((l) => l.trim() !== '') ?? '';
          const step = push('', block.line);
          if (step.title === 'Step') step.title = `Run ${titleFrom(firstLine.replace(/^\$\s*/, ''))}`;
          step.instruction = '';
          step.command = null;
          this.attachCommand(step, block.code, block.line, block.info);
          fenceOwner = step;
          return;
        }
        case 'paragraph':
        case 'html': {
          const plain = plainText(block.text);
          const prev = last();
          if (isTodo(plain)) {
            fenceOwner = null;
            return;
          }
          if (block.kind === 'html' || isReference(block.text)) {
            if (prev) {
              this.appendText(prev, block.text);
              return;
            }
          }
          if (
            block.kind === 'paragraph' &&
            /:\s*$/.test(block.text) &&
            (next?.kind === 'list' || next?.kind === 'paragraph')
          ) {
            intro = { text: block.text, line: block.line };
            fenceOwner = null;
            return;
          }
          if (intro && block.kind === 'paragraph') {
            const heading = subheading;
            const step = push(`${intro.text}\n\n${block.text}`, intro.line);
            step.title = heading ?? titleFrom(block.text);
            intro = null;
            fenceOwner = step;
            return;
          }
          fenceOwner = push(block.text, block.line);
          return;
        }
        case 'list': {
          fenceOwner = null;
          block.items.forEach((item, itemIndex) => {
            const { text, commands } = splitItem(item.lines);
            const plain = plainText(text);
            const prev = last();
            if (isTodo(plain) && commands.length === 0) return;
            if (commands.length === 0 && isReference(text) && prev) {
              this.appendText(prev, `- ${text}`);
              return;
            }
            const withIntro = intro && itemIndex === 0 ? `${intro.text}\n\n${text}` : text;
            const heading = subheading;
            const step = push(withIntro, item.line);
            if (intro && itemIndex === 0) step.title = heading ?? titleFrom(text);
            for (const c of commands) this.attachCommand(step, c.code, item.line, c.info);
            if (itemIndex === block.items.length - 1 && /:\s*$/.test(text) && commands.length === 0)
              fenceOwner = step;
          });
          intro = null;
          return;
        }
      }
    });
    const pending = intro as { text: string; line: number } | null;
    if (pending) push(pending.text, pending.line);
    return this.steps.length - before;
  }
}

/** A list item's text without its code fences, and the fences (which become its command). */
function splitItem(lines: readonly string[]): {
  text: string;
  commands: Array<{ code: string; info: string }>;
} {
  const blocks = parseBlocks(lines, 1);
  const commands: Array<{ code: string; info: string }> = [];
  const drop = new Set<number>();
  for (const b of blocks) {
    if (b.kind !== 'fence') continue;
    commands.push({ code: b.code, info: b.info });
    for (let i = b.span[0]; i < b.span[1]; i++) drop.add(i);
  }
  const kept = lines.filter((_l, i) => !drop.has(i));
  const text = trimBlankEdges(kept)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return { text, commands };
}

interface Section {
  readonly name: string;
  readonly role: SectionRole;
  readonly line: number;
  readonly blocks: Block[];
  /** The section's Markdown as written, for the summary. */
  readonly markdown: string;
}

function stringField(fm: FrontMatterSplit, file: string, key: string): string | null {
  const v = fm.data?.[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || null;
  throw new SourceError(file, fm.keyLines.get(key) ?? 1, `front matter "${key}" must be text.`);
}

function intField(fm: FrontMatterSplit, file: string, key: string, fallback: number, max: number): number {
  const v = fm.data?.[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
    throw new SourceError(
      file,
      fm.keyLines.get(key) ?? 1,
      `front matter "${key}" must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}.`,
    );
  return v;
}

function stringList(fm: FrontMatterSplit, file: string, key: string): string[] {
  const v = fm.data?.[key];
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' && typeof x !== 'number'))
    throw new SourceError(file, fm.keyLines.get(key) ?? 1, `front matter "${key}" must be a list of words.`);
  return list.map((x) => String(x).trim()).filter((x) => x !== '');
}

/**
 * `{{word}}` in a runbook (Go templates in kubectl commands) would read as a Lifeline
 * placeholder and show as missing. Each becomes a string parameter whose default is the
 * literal text, so the effective command shows exactly what the runbook says.
 */
function literalPlaceholders(
  file: string,
  steps: readonly DraftStep[],
  warnings: SourceProblem[],
): PlaybookParameter[] {
  const params = new Map<string, PlaybookParameter>();
  for (const s of steps) {
    for (const text of [s.instruction, s.command ?? '']) {
      for (const name of fillText(text, new Map(), {}).missing) {
        if (params.has(name)) continue;
        if (/^[a-z][a-z0-9_]{0,59}$/.test(name)) {
          params.set(name, {
            name,
            type: PARAMETER_TYPES[0],
            default: `{{${name}}}`,
            description: `Literal "{{${name}}}" in the runbook's text (a template, not a Lifeline placeholder); kept as written.`,
          });
        } else {
          warnings.push({
            file,
            line: s.line,
            message: `"{{${name}}}" reads as a Lifeline placeholder that nothing fills; it will show as missing.`,
          });
        }
      }
    }
  }
  return [...params.values()];
}

export function runbookToPlaybook(file: string, fm: FrontMatterSplit): ImportedRunbook {
  const warnings: SourceProblem[] = [];
  const blocks = parseBlocks(fm.lines, fm.firstLine);
  const baseName = path.basename(file).replace(/\.(md|markdown)$/i, '');

  // The title heading is the first level-1 heading when nothing but text comes before it.
  const firstHeading = blocks.findIndex((b) => b.kind === 'heading');
  const titleBlock = blocks[firstHeading];
  const hasTitleHeading = titleBlock?.kind === 'heading' && titleBlock.level === 1;
  const rest = hasTitleHeading ? blocks.filter((_b, i) => i !== firstHeading) : blocks;
  const headingText = hasTitleHeading ? plainText(titleBlock.text) : null;

  const title = (stringField(fm, file, 'title') ?? headingText ?? baseName).slice(0, 200).trim() || baseName;
  const alertName = headingText && /^[A-Za-z][A-Za-z0-9_]*$/.test(headingText) ? headingText : baseName;

  // Sections start at the shallowest heading level used below the title.
  const levels = rest.flatMap((b) => (b.kind === 'heading' ? [b.level] : []));
  const sectionLevel = levels.length > 0 ? Math.min(...levels) : 0;
  const preamble: Block[] = [];
  const sections: Section[] = [];
  const lineIndex = (line: number) => line - fm.firstLine;
  for (const b of rest) {
    if (b.kind === 'heading' && b.level === sectionLevel) {
      sections.push({ name: b.text, role: roleOf(b.text), line: b.line, blocks: [], markdown: '' });
    } else if (sections.length === 0) {
      preamble.push(b);
    } else {
      sections[sections.length - 1]?.blocks.push(b);
    }
  }
  const withText = sections.map((s, i) => {
    const from = lineIndex(s.line) + 1;
    const to = i + 1 < sections.length ? lineIndex(sections[i + 1]?.line ?? 0) : fm.lines.length;
    return { ...s, markdown: trimBlankEdges(fm.lines.slice(from, to)).join('\n') };
  });

  const builder = new StepBuilder(file, warnings);
  const restore = withText.filter((s) => s.role === 'restore');
  const diagnosis = withText.filter((s) => s.role === 'diagnosis');
  let restoreSteps = 0;
  for (const s of restore) restoreSteps += builder.add(s.blocks, 'action');
  for (const s of diagnosis) builder.add(s.blocks, 'check');
  const summaryParts: string[] = [];
  const usedForSteps = new Set<Section>([...restore, ...diagnosis]);
  let preambleUsed = false;

  if (builder.steps.length === 0) {
    // No Mitigation or Diagnosis to go by: take steps from whatever else the runbook says.
    const others = withText.filter((s) => s.role === 'other');
    for (const s of others) {
      if (builder.add(s.blocks, 'action') > 0) usedForSteps.add(s);
    }
    if (builder.steps.length === 0 && preamble.length > 0) {
      builder.add(preamble, 'action');
      preambleUsed = true;
    }
    if (builder.steps.length === 0) {
      if (rest.length === 0 && !hasTitleHeading)
        throw new SourceError(file, fm.firstLine, 'the file is empty: there is no runbook text to import.');
      // Still worth having: the title and summary find it, and the step says what is missing.
      builder.steps.push({
        title: 'Diagnose and restore (the runbook has no steps yet)',
        instruction:
          'The source runbook has no diagnosis or mitigation steps yet (TODO). Work from the summary, note what you did in the incident log, and add the steps to the runbook afterwards.',
        command: null,
        kind: 'action',
        line: fm.firstLine,
      });
      warnings.push({
        file,
        line: (diagnosis[0] ?? restore[0])?.line ?? fm.firstLine,
        message: 'no steps: Diagnosis and Mitigation are empty or TODO; imported with one step that says so.',
      });
    } else {
      warnings.push({
        file,
        line: fm.firstLine,
        message:
          'no Mitigation or Diagnosis section: the steps were taken from the rest of the text; review them.',
      });
    }
  } else if (restoreSteps === 0) {
    const at = restore[0]?.line ?? diagnosis[0]?.line ?? fm.firstLine;
    warnings.push({
      file,
      line: at,
      message:
        restore.length === 0
          ? 'no Mitigation section: only the diagnosis steps were imported; add the restore steps.'
          : 'the Mitigation section has no steps (TODO or links only): only the diagnosis steps were imported.',
    });
  }

  const firstPre = preamble[0];
  if (!preambleUsed && firstPre) {
    const to = sections[0] ? lineIndex(sections[0].line) : fm.lines.length;
    const text = trimBlankEdges(fm.lines.slice(lineIndex(firstPre.line), to)).join('\n');
    if (text) summaryParts.push(text);
  }
  for (const s of withText) {
    if (usedForSteps.has(s) || !s.markdown) continue;
    summaryParts.push(`### ${plainText(s.name)}\n\n${s.markdown}`);
  }
  let summary = summaryParts.join('\n\n');
  if (summary.length > 20_000) {
    summary = `${summary.slice(0, 19_990)}…`;
    warnings.push({
      file,
      line: fm.firstLine,
      message: 'the summary is longer than 20,000 characters and was cut.',
    });
  }

  const customizable = fm.data?.customizable === true;
  const steps: PlaybookStep[] = builder.steps.map((d, i) => {
    let instruction = d.instruction;
    if (instruction.length > MAX_INSTRUCTION) {
      instruction = `${instruction.slice(0, MAX_INSTRUCTION - 10)}…`;
      warnings.push({ file, line: d.line, message: 'a step is longer than 20,000 characters and was cut.' });
    }
    return {
      id: `s${i + 1}`,
      title: d.title.slice(0, 200),
      instruction,
      command: d.command,
      expected: null,
      timeboxMinutes: DEFAULT_TIMEBOX_MINUTES,
      kind: d.kind,
      customizable,
    };
  });

  const assetKinds = stringList(fm, file, 'assetKinds');
  for (const k of assetKinds) {
    if (!AssetKind.safeParse(k).success)
      throw new SourceError(
        file,
        fm.keyLines.get('assetKinds') ?? 1,
        `front matter assetKinds: "${k}" is not an asset kind (use ${AssetKind.options.join(', ')}).`,
      );
  }
  const tags = stringList(fm, file, 'tags').map((t) => t.toLowerCase().slice(0, 60));
  const body = {
    summary,
    appliesTo: {
      assetKinds: [...new Set(assetKinds)] as AssetKind[],
      tags: [],
      // The alert name's words without the glue ("To", "Not"): "AlertmanagerFailedToSendAlerts"
      // must not match every alert that says "to".
      symptoms: [...new Set([...alertNameSymptoms(alertName), ...tags])],
    },
    restoreTargetMinutes: intField(fm, file, 'restoreTargetMinutes', DEFAULT_RESTORE_TARGET_MINUTES, 100_000),
    parameters: literalPlaceholders(file, builder.steps, warnings),
    steps,
  };
  const parsed = PlaybookBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const stepIndex = issue?.path[0] === 'steps' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const line = stepIndex === null ? fm.firstLine : (builder.steps[stepIndex]?.line ?? fm.firstLine);
    throw new SourceError(file, line, `cannot make a playbook: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return {
    title,
    owner: stringField(fm, file, 'owner'),
    reviewIntervalDays:
      fm.data?.reviewIntervalDays === undefined
        ? null
        : intField(fm, file, 'reviewIntervalDays', DEFAULT_REVIEW_INTERVAL_DAYS, 3650),
    body: parsed.data,
    warnings,
  };
}
