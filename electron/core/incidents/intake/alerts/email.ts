/**
 * Taking the alert out of its e-mail, as engineers paste it: a raw message (headers, RFC 2047
 * words, quoted-printable, base64, multipart, HTML-only bodies) read by postal-mime; an
 * Outlook copy or forward ("From: / Sent: / To: / Subject:" lines, maybe under a "____"
 * rule); or a text that starts with a "Subject:" line. The Date: header (or Outlook's Sent:,
 * which has no zone) is the time of last resort: each format's own time field comes first.
 */
import PostalMime, { decodeWords } from 'postal-mime';
import type { Message, ParseContext } from './draft';
import { type FoundTime, parseTimestamp } from './time';

const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]*(.*)$/;
const MIME_HEADERS = ['received', 'message-id', 'mime-version', 'content-type', 'return-path', 'date'];

function headerBlock(lines: readonly string[], start: number): { headers: Map<string, string>; end: number } {
  const headers = new Map<string, string>();
  let last: string | null = null;
  let i = start;
  for (; i < lines.length && i < start + 200; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && last !== null) {
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (!m) break;
    last = (m[1] ?? '').toLowerCase();
    if (!headers.has(last)) headers.set(last, (m[2] ?? '').trim());
  }
  return { headers, end: i };
}

function when(
  raw: string | undefined,
  source: string,
  ctx: ParseContext,
): { date: FoundTime | null; dateSource: string | null } {
  const date = raw ? parseTimestamp(raw, ctx.time) : null;
  return { date, dateSource: date ? source : null };
}

/** The message an alert text is, or arrived in. Never throws: a text with no headers is its own body. */
export async function readMessage(text: string, ctx: ParseContext): Promise<Message> {
  const lines = text.replace(/^\s+/, '').split(/\r?\n/);
  // An Outlook forward puts a rule of underscores above its header lines.
  const start = /^_{5,}\s*$/.test(lines[0] ?? '') ? 1 : 0;
  const { headers, end } = headerBlock(lines, start);
  const subject = headers.get('subject');
  const mime = MIME_HEADERS.filter((h) => headers.has(h)).length;
  if (subject !== undefined && headers.has('from') && mime >= 1 && start === 0 && !headers.has('sent')) {
    try {
      const mail = await PostalMime.parse(text.replace(/^\s+/, ''));
      const body = mail.text?.trim() ? mail.text : htmlText(mail.html ?? '');
      return {
        subject: (mail.subject ?? '').trim(),
        body,
        ...when(mail.date ?? headers.get('date'), 'Date: header', ctx),
        wrapped: 'mime',
        notes: [],
      };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        subject: subject.trim(),
        body: lines.slice(end).join('\n'),
        ...when(headers.get('date'), 'Date: header', ctx),
        wrapped: 'mime',
        notes: [`The e-mail could not be decoded (${why.slice(0, 120)}); read as it is.`],
      };
    }
  }
  const body = lines.slice(end).join('\n').replace(/^\s+/, '');
  if (subject !== undefined && (headers.has('sent') || headers.has('from') || headers.has('to')))
    return {
      subject: decodeWords(subject).trim(),
      body,
      ...when(
        headers.get('sent') ?? headers.get('date'),
        headers.has('sent') ? 'Sent: line' : 'Date: line',
        ctx,
      ),
      wrapped: 'outlook',
      notes: [],
    };
  if (subject !== undefined && headers.size <= 3)
    return {
      subject: decodeWords(subject).trim(),
      body,
      date: null,
      dateSource: null,
      wrapped: 'subject',
      notes: [],
    };
  return { subject: '', body: text, date: null, dateSource: null, wrapped: 'none', notes: [] };
}

/**
 * An HTML-only body as text: table cells side by side, rows and blocks on their own lines.
 * postal-mime decodes the part but keeps its HTML-to-text helper private, hence this one.
 */
export function htmlText(html: string): string {
  return decodeEntities(
    html
      .slice(0, 500_000)
      .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<\/t[dh]>\s*<t[dh]\b[^>]*>/gi, ': ')
      .replace(/<(?:br|\/p|\/div|\/tr|\/h\d|\/li|\/table)\b[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ' '),
  )
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return named[code.toLowerCase()] ?? whole;
  });
}
