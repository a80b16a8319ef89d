/**
 * A small line-based Markdown reader for runbooks: YAML front matter, then blocks
 * (headings, fenced code, lists with their items, paragraphs, HTML blocks), each with the
 * file line it starts on so problems can name it. It does not aim at full CommonMark: it
 * knows what alert runbooks use, and above all never splits or misreads a code fence.
 */
import YAML from 'yaml';

/** A problem in one input file; `line` is 1-based when known. */
export interface SourceProblem {
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
}

export class SourceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    message: string,
  ) {
    super(message);
  }
  toProblem(): SourceProblem {
    return { file: this.file, line: this.line, message: this.message };
  }
}

/** Line endings made \n and a byte-order mark dropped, so every later step sees one form. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export interface FrontMatterSplit {
  /** The parsed mapping, or null when the file has no front matter. */
  readonly data: Record<string, unknown> | null;
  /** Lines after the front matter. */
  readonly lines: readonly string[];
  /** File line number (1-based) of lines[0]. */
  readonly firstLine: number;
  /** File line of each top-level front-matter key, for messages about its value. */
  readonly keyLines: ReadonlyMap<string, number>;
}

export function splitFrontMatter(file: string, text: string): FrontMatterSplit {
  const lines = normalizeText(text).split('\n');
  if (lines[0]?.trimEnd() !== '---') return { data: null, lines, firstLine: 1, keyLines: new Map() };
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]?.trimEnd();
    if (l === '---' || l === '...') {
      end = i;
      break;
    }
  }
  if (end < 0)
    throw new SourceError(
      file,
      1,
      'front matter opens with --- on line 1 but is never closed by a --- line.',
    );
  const yamlText = lines.slice(1, end).join('\n');
  const doc = YAML.parseDocument(yamlText, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0]?.line;
    const reason = (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new SourceError(file, at === undefined ? 1 : at + 1, `front matter is not valid YAML: ${reason}`);
  }
  const data: unknown = doc.toJS();
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data)))
    throw new SourceError(file, 2, 'front matter must be a YAML mapping of key: value lines.');
  const keyLines = new Map<string, number>();
  for (let i = 1; i < end; i++) {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[i] ?? '');
    if (m?.[1] && !keyLines.has(m[1])) keyLines.set(m[1], i + 1);
  }
  return {
    data: (data ?? {}) as Record<string, unknown>,
    lines: lines.slice(end + 1),
    firstLine: end + 2,
    keyLines,
  };
}

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string; readonly line: number }
  | {
      readonly kind: 'fence';
      readonly info: string;
      readonly code: string;
      readonly line: number;
      /** Index range [start, end) in the lines the block was read from. */
      readonly span: readonly [number, number];
    }
  | { readonly kind: 'list'; readonly items: readonly ListItem[]; readonly line: number }
  | { readonly kind: 'paragraph'; readonly text: string; readonly line: number }
  | { readonly kind: 'html'; readonly text: string; readonly line: number };

export interface ListItem {
  /** The item's Markdown, marker removed and continuation lines dedented. */
  readonly lines: readonly string[];
  readonly line: number;
}

interface FenceOpen {
  readonly indent: number;
  readonly char: '`' | '~';
  readonly length: number;
  readonly info: string;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

export function fenceOpen(line: string): FenceOpen | null {
  const m = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m) return null;
  const marker = m[2] ?? '';
  const info = (m[3] ?? '').trim();
  // A backtick fence's info string may not contain backticks (that is inline code).
  if (marker[0] === '`' && info.includes('`')) return null;
  return { indent: (m[1] ?? '').length, char: marker[0] === '~' ? '~' : '`', length: marker.length, info };
}

function closesFence(line: string, open: FenceOpen): boolean {
  const t = line.trim();
  if (t.length < open.length) return false;
  for (const ch of t) if (ch !== open.char) return false;
  return true;
}

/** Index of the line closing the fence opened at `start`, or lines.length when it runs to the end. */
function fenceEnd(lines: readonly string[], start: number, open: FenceOpen): number {
  for (let j = start + 1; j < lines.length; j++) if (closesFence(lines[j] ?? '', open)) return j;
  return lines.length;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;

function heading(line: string): { level: number; text: string } | null {
  const m = HEADING.exec(line);
  if (!m) return null;
  const text = (m[2] ?? '').replace(/[ \t]+#+$/, '').replace(/^#+$/, '');
  return { level: (m[1] ?? '#').length, text: text.trim() };
}

interface Marker {
  readonly indent: number;
  /** Column where the item's text starts. */
  readonly contentOffset: number;
  readonly text: string;
}

function listMarker(line: string): Marker | null {
  const m = /^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/.exec(line);
  if (!m) return null;
  const indent = (m[1] ?? '').length;
  // "---" or "***" is a thematic break, not a list.
  if (/^\s*([-*_])\s*(\1\s*){2,}$/.test(line)) return null;
  const marker = m[2] ?? '';
  const gap = Math.min((m[3] ?? ' ').length, 4) || 1;
  return { indent, contentOffset: indent + marker.length + gap, text: m[4] ?? '' };
}

function dedent(line: string, n: number): string {
  let i = 0;
  while (i < n && i < line.length && line[i] === ' ') i++;
  return line.slice(i);
}

/** Leading tabs as four spaces, so indentation compares the same way everywhere. */
function expandTabs(line: string): string {
  const lead = /^[ \t]+/.exec(line)?.[0];
  if (!lead?.includes('\t')) return line;
  let col = 0;
  for (const ch of lead) col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  return ' '.repeat(col) + line.slice(lead.length);
}

/**
 * The blocks of `lines`; `firstLine` is the file line number of lines[0]. Lines inside
 * code fences are never read as headings, list markers or block ends.
 */
export function parseBlocks(rawLines: readonly string[], firstLine: number): Block[] {
  const lines = rawLines.map(expandTabs);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = fenceOpen(line);
    if (fence) {
      const end = fenceEnd(lines, i, fence);
      const code = lines
        .slice(i + 1, end)
        .map((l) => dedent(l, fence.indent))
        .join('\n');
      blocks.push({
        kind: 'fence',
        info: fence.info,
        code,
        line: firstLine + i,
        span: [i, Math.min(end + 1, lines.length)],
      });
      i = end + 1;
      continue;
    }
    const h = heading(line);
    if (h) {
      blocks.push({ kind: 'heading', level: h.level, text: h.text, line: firstLine + i });
      i++;
      continue;
    }
    if (/^ {0,3}<details\b/i.test(line) || /^ {0,3}<!--/.test(line)) {
      const comment = /^ {0,3}<!--/.test(line);
      const closer = comment ? '-->' : '</details>';
      let j = i;
      while (j < lines.length && !(lines[j] ?? '').includes(closer)) j++;
      const end = Math.min(j, lines.length - 1);
      if (!comment)
        blocks.push({ kind: 'html', text: lines.slice(i, end + 1).join('\n'), line: firstLine + i });
      i = end + 1;
      continue;
    }
    const marker = listMarker(line);
    if (marker) {
      const { items, next } = readList(lines, i, firstLine);
      blocks.push({ kind: 'list', items, line: firstLine + i });
      i = next;
      continue;
    }
    const start = i;
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (isBlank(l) || (i > start && (fenceOpen(l) || heading(l) || startsList(l)))) break;
      para.push(l.trim());
      i++;
    }
    blocks.push({ kind: 'paragraph', text: para.join('\n'), line: firstLine + start });
  }
  return blocks;
}

/** A list may interrupt a paragraph only with a bullet or "1.", as in CommonMark. */
function startsList(line: string): boolean {
  const m = listMarker(line);
  if (!m || m.text.trim() === '') return false;
  return !/^\s*\d/.test(line) || /^\s*1[.)]/.test(line);
}

function readList(
  lines: readonly string[],
  start: number,
  firstLine: number,
): { items: ListItem[]; next: number } {
  const items: Array<{ lines: string[]; line: number; offset: number }> = [];
  const base = listMarker(lines[start] ?? '')?.indent ?? 0;
  let j = start;
  while (j < lines.length) {
    const l = lines[j] ?? '';
    const current = items[items.length - 1];
    if (isBlank(l)) {
      let k = j + 1;
      while (k < lines.length && isBlank(lines[k])) k++;
      if (k >= lines.length || !current) break;
      const nl = lines[k] ?? '';
      const m = listMarker(nl);
      const continues =
        indentOf(nl) >= current.offset || (m !== null && m.indent >= base && m.indent < current.offset);
      if (!continues) break;
      for (let b = j; b < k; b++) current.lines.push('');
      j = k;
      continue;
    }
    const m = listMarker(l);
    if (m && m.indent >= base && (!current || m.indent < current.offset)) {
      items.push({ lines: [m.text], line: firstLine + j, offset: m.contentOffset });
      j++;
      continue;
    }
    if (!current) break;
    const fence = fenceOpen(l);
    if (fence) {
      if (fence.indent < current.offset && fence.indent <= base) break;
      const end = fenceEnd(lines, j, fence);
      for (let b = j; b <= Math.min(end, lines.length - 1); b++)
        current.lines.push(dedent(lines[b] ?? '', current.offset));
      j = end + 1;
      continue;
    }
    if (indentOf(l) <= base && heading(l)) break;
    current.lines.push(dedent(l, current.offset));
    j++;
  }
  return { items: items.map((it) => ({ lines: trimBlankEdges(it.lines), line: it.line })), next: j };
}

export function trimBlankEdges(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && isBlank(lines[a])) a++;
  while (b > a && isBlank(lines[b - 1])) b--;
  return lines.slice(a, b);
}

/** Markdown reduced to its words: links to their text, code and emphasis marks dropped. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,:;!?]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}
