/**
 * Pure reading of pasted alert text in the console: whether a paste is an alert rather
 * than a search, and which of the intake's matched assets is the host the alert names.
 */
import { ALERT_FORMAT_LABELS, type AlertFormat } from '../../shared/incidents/alert';
import type { AlertMatch } from '../../shared/incidents/model';

const MAIL_HEADER = /^(?:from|to|subject|date|received|message-id|content-type):/im;

/**
 * Whether pasted text reads like an alert rather than a search: several lines, a JSON
 * payload, e-mail headers, or simply long. A customer code, host name or IP stays a search.
 */
export function looksLikeAlert(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (/^[{[]/.test(t)) return true;
  if (MAIL_HEADER.test(t)) return true;
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length >= 2) return true;
  return t.length > 120;
}

/**
 * The alert's assets with the host it names first. The intake also matches what merely
 * shares the host's address (an application on the VM, a monitoring server in the mail
 * headers); the host is the matched asset whose host name or name the alert itself
 * spells out, the earliest in the text first, and the matched customer's own machines go
 * before shared platform ones. Otherwise the intake's order (strongest evidence first) stands.
 */
export function hostFirst<A extends AlertMatch['assets'][number]>(
  text: string,
  match: Pick<AlertMatch, 'customer'> & { readonly assets: readonly A[] },
): A[] {
  const flat = ` ${words(text)} `;
  const position = (a: A): number => {
    const names = [a.hostname ?? '', a.name, (a.hostname ?? '').split('.')[0] ?? ''];
    const found = names
      .map((n) => words(n))
      .filter((n) => n !== '')
      .map((n) => flat.indexOf(` ${n} `))
      .filter((i) => i >= 0);
    return found.length > 0 ? Math.min(...found) : Number.POSITIVE_INFINITY;
  };
  const own = (a: A) => (match.customer !== null && a.customerId === match.customer.id ? 0 : 1);
  return match.assets
    .map((a, i) => ({ a, i, own: own(a), at: position(a) }))
    .sort((x, y) => x.own - y.own || x.at - y.at || x.i - y.i)
    .map((x) => x.a);
}

function words(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Read as Nagios e-mail": the parser that read the alert, as the engineer knows it. */
export function formatWords(format: AlertFormat): string {
  switch (format) {
    case 'email':
      return 'an e-mail';
    case 'json':
      return 'JSON (no known monitoring format)';
    case 'text':
      return 'plain text';
    default:
      return ALERT_FORMAT_LABELS[format];
  }
}

/**
 * The severity the alert maps to and what it said: "SEV2 from Zabbix High"; a format with
 * no severity of its own says the default was used.
 */
export function severityWords(
  match: Pick<AlertMatch, 'format' | 'severity' | 'nativeSeverity' | 'severityDefaulted'>,
): string | null {
  if (!match.severity) return null;
  const sev = match.severity.toUpperCase();
  if (match.severityDefaulted)
    return `${sev} by default: ${formatWords(match.format)} alerts carry no severity`;
  if (match.nativeSeverity) return `${sev} from ${ALERT_FORMAT_LABELS[match.format]} ${match.nativeSeverity}`;
  return sev;
}
