/**
 * Markdown from playbooks, rendered and sanitized: no scripts, no frames, no remote images
 * (a 3 a.m. console must not load anything from outside, and the CSP would refuse it anyway).
 * Links open outside the console: a new tab on the web host; the desktop shell vets
 * window.open and hands http/https/mailto/tel to the system browser.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { TextSegment } from '../../shared/playbooks/model';
import './bits.css';

const markdown = new Marked({ gfm: true, breaks: true, async: false });

// An instance of our own, so these hooks never change how other slices sanitize.
const purify = DOMPurify(window);
purify.addHook('uponSanitizeAttribute', (node, data) => {
  if (node.nodeName === 'IMG' && data.attrName === 'src' && !/^data:image\//i.test(data.attrValue)) {
    data.keepAttr = false;
  }
});
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A' && node.getAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const SANITIZE = {
  FORBID_TAGS: ['style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'video', 'audio'],
  FORBID_ATTR: ['style', 'srcset'],
};

export function renderMarkdown(source: string): string {
  return purify.sanitize(markdown.parse(source, { async: false }), SANITIZE);
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Markdown whose placeholders were filled: values are marked, missing ones shout. The
 * values go in after the Markdown is rendered (through private-use sentinels), so a value
 * is shown as written and never read as Markdown or HTML.
 */
export function renderFilledMarkdown(segments: readonly TextSegment[]): string {
  const source = segments
    .map((s, i) => (s.kind === 'text' ? s.text : `${s.kind === 'value' ? '\uE000' : '\uE002'}${i}\uE001`))
    .join('');
  const html = markdown
    .parse(source, { async: false })
    .replace(/([\uE000\uE002])(\d+)\uE001/g, (_, kind, n) => {
      const s = segments[Number(n)];
      if (!s || s.kind === 'text') return '';
      const ph = escapeHtml(`{{${s.placeholder}}}`);
      return kind === '\uE000' && s.kind === 'value'
        ? `<mark class="pb-value" title="${ph}">${escapeHtml(s.text)}</mark>`
        : `<span class="pb-missing" title="${ph} has no value">⟨missing: ${escapeHtml(s.placeholder)}⟩</span>`;
    });
  return purify.sanitize(html, SANITIZE);
}

/** Core text as written: Markdown with its {{placeholders}} picked out, not filled. */
export function renderTemplateMarkdown(source: string): string {
  const names: string[] = [];
  const marked = source.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g, (_, name: string) => {
    names.push(name);
    return `\uE003${names.length - 1}\uE001`;
  });
  const html = markdown
    .parse(marked, { async: false })
    .replace(
      /\uE003(\d+)\uE001/g,
      (_, n) => `<span class="pb-placeholder">{{${escapeHtml(names[Number(n)] ?? '')}}}</span>`,
    );
  return purify.sanitize(html, SANITIZE);
}

export function Markdown({
  source,
  segments,
  className,
  template,
}: {
  readonly source?: string;
  readonly segments?: readonly TextSegment[];
  readonly className?: string;
  /** Pick out {{placeholders}} in `source` (core text, not filled). */
  readonly template?: boolean;
}) {
  const html = segments
    ? renderFilledMarkdown(segments)
    : template
      ? renderTemplateMarkdown(source ?? '')
      : renderMarkdown(source ?? '');
  return (
    <div
      className={`pb-md${className ? ` ${className}` : ''}`}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized above with DOMPurify (no scripts, frames or remote loads)
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
