/**
 * Reading a pasted alert: an Alertmanager webhook (JSON), an e-mail from a monitoring
 * system, or a pager message. Pure and total: any string gives a result, never a throw,
 * because at 3 a.m. a half-read alert is still better than an error. What could not be
 * read is said in `notes`, which the intake shows next to its match.
 *
 * The result holds only what the text says (title, time, severity, host names, addresses,
 * labels, symptom words); resolving those against the catalog happens in the back end.
 */
import type { Severity } from '../catalog/labels';

export type AlertFormat = 'alertmanager' | 'email' | 'text';

export interface AlertLabel {
  readonly key: string;
  readonly value: string;
}

export interface ParsedAlert {
  readonly format: AlertFormat;
  /** Never empty, at most TITLE_MAX characters: it becomes the incident's title. */
  readonly title: string;
  /** ISO-8601 UTC, or null when the alert carries no readable time. */
  readonly alertAt: string | null;
  readonly severity: Severity | null;
  /** Lower-case host names: FQDNs as written and short names (an FQDN's first label too). */
  readonly hosts: readonly string[];
  /** IPv4 and IPv6 addresses, ports and brackets stripped, IPv6 in its canonical form. */
  readonly addresses: readonly string[];
  /** Values of the labels that name a host or a customer (instance, node, customer, tenant…). */
  readonly labels: readonly AlertLabel[];
  readonly symptoms: readonly string[];
  /** The human-written part of the alert, where customer codes and names are looked for. */
  readonly text: string;
  /** What could not be read or should be checked ("no time zone: read as UTC"). */
  readonly notes: readonly string[];
}

export const TITLE_MAX = 300;
/** Bounds on what one alert can ask the catalog about: a pasted log must not become 10,000 lookups. */
export const MAX_HOSTS = 100;
export const MAX_ADDRESSES = 100;
const MAX_SYMPTOMS = 20;
const MAX_LABELS = 50;

/** Labels whose value names the failing machine. */
const HOST_LABEL_KEYS = [
  'instance',
  'exported_instance',
  'node',
  'nodename',
  'host',
  'hostname',
  'server',
  'target',
  'device',
] as const;
/** Labels whose value names the customer (MSP alert rules often add one). */
export const CUSTOMER_LABEL_KEYS = [
  'customer',
  'tenant',
  'client',
  'company',
  'org',
  'organization',
] as const;
const INTEREST_KEYS = new Set<string>([...HOST_LABEL_KEYS, ...CUSTOMER_LABEL_KEYS]);
const HOST_KEYS = new Set<string>(HOST_LABEL_KEYS);

export function parseAlert(input: string): ParsedAlert {
  try {
    return parseUnchecked(input);
  } catch (err) {
    // A bug in a reader must not cost the engineer the paste: fall back to the bare text.
    const text = typeof input === 'string' ? input : '';
    return {
      ...emptyResult('text', text),
      title: clipTitle(firstLine(text)) || 'Pasted alert',
      notes: [`The alert could not be read fully (${err instanceof Error ? err.message : String(err)}).`],
    };
  }
}

function parseUnchecked(input: string): ParsedAlert {
  // A BOM or a stray NUL from a clipboard is not part of the alert.
  const text = input.replace(/^\uFEFF/, '').replaceAll(String.fromCharCode(0), '');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const result = parseText(text);
      return {
        ...result,
        notes: [
          `The alert looks like JSON but is not valid JSON (${clip(why, 120)}); read it as plain text.`,
        ],
      };
    }
    const alerts = alertmanagerAlerts(json);
    if (alerts) return parseAlertmanager(json, alerts);
    const result = parseText(jsonStrings(json).join('\n'));
    return {
      ...result,
      notes: [
        'The alert is JSON but not an Alertmanager webhook or alert; read the text in its values.',
        ...result.notes,
      ],
    };
  }
  const email = emailParts(text);
  if (email) return parseEmail(email);
  return parseText(text);
}

function emptyResult(format: AlertFormat, text: string): ParsedAlert {
  return {
    format,
    title: 'Pasted alert',
    alertAt: null,
    severity: null,
    hosts: [],
    addresses: [],
    labels: [],
    symptoms: [],
    text,
    notes: [],
  };
}

// ---------------------------------------------------------------------------------------
// Alertmanager

interface AmAlert {
  readonly status: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}

function toAmAlert(v: unknown): AmAlert | null {
  if (!isRecord(v) || !isRecord(v.labels)) return null;
  return {
    status: typeof v.status === 'string' ? v.status : null,
    labels: stringRecord(v.labels),
    annotations: stringRecord(v.annotations),
    startsAt: typeof v.startsAt === 'string' ? v.startsAt : null,
  };
}

/** The alerts of a webhook, of a single alert object, or of an array of alerts; null if it is none of them. */
function alertmanagerAlerts(json: unknown): AmAlert[] | null {
  const list = Array.isArray(json)
    ? json
    : isRecord(json) && Array.isArray(json.alerts)
      ? json.alerts
      : isRecord(json) && isRecord(json.labels)
        ? [json]
        : null;
  if (list === null) return null;
  const alerts = list.map(toAmAlert).filter((a): a is AmAlert => a !== null);
  if (alerts.length === 0) {
    // A webhook whose alerts are all unreadable is still a webhook: its common labels may say enough.
    return isRecord(json) && (isRecord(json.commonLabels) || json.version !== undefined) ? [] : null;
  }
  return alerts;
}

function parseAlertmanager(json: unknown, alerts: AmAlert[]): ParsedAlert {
  const root = isRecord(json) ? json : {};
  const common = stringRecord(root.commonLabels);
  const commonAnn = stringRecord(root.commonAnnotations);
  const notes: string[] = [];
  const firing = alerts.filter((a) => a.status !== 'resolved');
  const status = typeof root.status === 'string' ? root.status : null;
  if (status === 'resolved' || (alerts.length > 0 && firing.length === 0))
    notes.push('The alert is already resolved (status: resolved).');
  const used = firing.length > 0 ? firing : alerts;
  const first = used[0];

  const alertname = common.alertname ?? first?.labels.alertname ?? '';
  const summary =
    commonAnn.summary ??
    first?.annotations.summary ??
    commonAnn.message ??
    first?.annotations.message ??
    firstLine(commonAnn.description ?? first?.annotations.description ?? '');
  let title =
    alertname && summary
      ? summary.toLowerCase().includes(alertname.toLowerCase())
        ? summary
        : `${alertname}: ${summary}`
      : alertname || summary;
  if (used.length > 1) title = `${title || 'Alerts'} (${used.length} alerts)`;

  let alertAt: string | null = null;
  for (const a of used) {
    const t = a.startsAt ? parseTimestamp(a.startsAt) : null;
    if (t?.zoned && (alertAt === null || t.iso < alertAt)) alertAt = t.iso;
  }

  let severity: Severity | null = null;
  for (const labels of [common, ...used.map((a) => a.labels)]) {
    const s = severityFromValue(labels.severity ?? labels.priority ?? labels.level ?? '');
    if (s !== null && (severity === null || s < severity)) severity = s;
  }

  const labels: AlertLabel[] = [];
  const hosts = new Collector<string>(MAX_HOSTS);
  const addresses = new Collector<string>(MAX_ADDRESSES);
  const seenLabel = new Set<string>();
  for (const l of [common, ...used.map((a) => a.labels)]) {
    for (const [key, value] of Object.entries(l)) {
      const k = key.toLowerCase();
      if (!INTEREST_KEYS.has(k) || value.trim() === '') continue;
      const id = `${k}=${value}`;
      if (!seenLabel.has(id) && labels.length < MAX_LABELS) {
        seenLabel.add(id);
        labels.push({ key: k, value: value.trim() });
      }
      if (HOST_KEYS.has(k)) addHostValue(value, hosts, addresses);
    }
  }
  // Annotations are written by people: they name hosts and addresses too.
  const annotationText = [commonAnn, ...used.map((a) => a.annotations)]
    .flatMap((a) => Object.entries(a).filter(([k]) => !/url$/i.test(k)))
    .map(([, v]) => v)
    .join('\n');
  scanHosts(annotationText, hosts, addresses);

  const labelText = [common, ...used.map((a) => a.labels)].flatMap((l) => Object.values(l)).join('\n');
  const symptoms = symptomWords([splitIdentifier(alertname), summary], hosts.values());
  return {
    format: 'alertmanager',
    title: clipTitle(title) || 'Alert from Alertmanager',
    alertAt,
    severity,
    hosts: hosts.values(),
    addresses: addresses.values(),
    labels,
    symptoms,
    text: `${title}\n${labelText}\n${annotationText}`,
    notes,
  };
}

/** Every string in a JSON value, breadth first, bounded: the text a non-webhook JSON carries. */
function jsonStrings(json: unknown): string[] {
  const out: string[] = [];
  const queue: unknown[] = [json];
  for (let i = 0; i < queue.length && i < 20_000; i++) {
    const v = queue[i];
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else if (Array.isArray(v)) queue.push(...v.slice(0, 1000));
    else if (isRecord(v))
      for (const [k, val] of Object.entries(v).slice(0, 1000)) {
        if (typeof val === 'string') out.push(`${k}: ${val}`);
        else queue.push(val);
      }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// E-mail

interface EmailParts {
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]*(.*)$/;

/** Headers at the top (Subject plus From, Date or Sent), then a blank line or the body. */
function emailParts(text: string): EmailParts | null {
  const lines = text.replace(/^\s+/, '').split(/\r?\n/);
  const headers = new Map<string, string>();
  let last: string | null = null;
  let i = 0;
  for (; i < lines.length && i < 200; i++) {
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
  const known = ['from', 'date', 'sent', 'to'].filter((h) => headers.has(h)).length;
  if (!headers.has('subject') || known === 0) return null;
  let body = lines.slice(i).join('\n').replace(/^\s+/, '');
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) body = decodeQuoted(body);
  return { headers, body };
}

function parseEmail(email: EmailParts): ParsedAlert {
  const subject = decodeEncodedWords(email.headers.get('subject') ?? '').trim();
  const notes: string[] = [];
  const dateHeader = email.headers.get('date') ?? email.headers.get('sent') ?? '';
  let time = dateHeader ? parseTimestamp(dateHeader) : null;
  if (time === null) time = findTimestamp(email.body);
  if (time && !time.zoned) notes.push(noZoneNote(time.raw));
  const title = subject.replace(/^(?:(?:re|fwd?|aw|wg|tr)\s*:\s*)+/i, '');

  const hosts = new Collector<string>(MAX_HOSTS);
  const addresses = new Collector<string>(MAX_ADDRESSES);
  const labels = fieldLabels(`${subject}\n${email.body}`);
  for (const l of labels) if (HOST_KEYS.has(l.key)) addHostValue(l.value, hosts, addresses);
  scanHosts(`${subject}\n${email.body}`, hosts, addresses);

  const problem = fieldValues(email.body, ['problem name', 'problem', 'trigger', 'summary', 'service']);
  return {
    format: 'email',
    title: clipTitle(title) || clipTitle(firstLine(email.body)) || 'Alert e-mail',
    alertAt: time?.iso ?? null,
    severity: findSeverity(`${subject}\n${email.body}`),
    hosts: hosts.values(),
    addresses: addresses.values(),
    labels,
    symptoms: symptomWords([title, ...problem], hosts.values()),
    text: `${subject}\n${email.body}`,
    notes,
  };
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header. */
function decodeEncodedWords(value: string): string {
  return value.replace(
    /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g,
    (whole, charset: string, enc: string, data: string) => {
      try {
        const bytes =
          enc.toUpperCase() === 'B'
            ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
            : qBytes(data.replace(/_/g, ' '));
        return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(bytes);
      } catch {
        return whole;
      }
    },
  );
}

function qBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    const hex = s.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

function decodeQuoted(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  try {
    return new TextDecoder('utf-8', { fatal: false }).decode(qBytes(joined));
  } catch {
    return joined;
  }
}

// ---------------------------------------------------------------------------------------
// Plain text (a pager message, a chat line, a ticket)

function parseText(text: string): ParsedAlert {
  const notes: string[] = [];
  const time = findTimestamp(text);
  if (time && !time.zoned) notes.push(noZoneNote(time.raw));
  const hosts = new Collector<string>(MAX_HOSTS);
  const addresses = new Collector<string>(MAX_ADDRESSES);
  const labels = fieldLabels(text);
  for (const l of labels) if (HOST_KEYS.has(l.key)) addHostValue(l.value, hosts, addresses);
  scanHosts(text, hosts, addresses);
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const title = clipTitle(lines[0] ?? '');
  return {
    format: 'text',
    title: title || 'Pasted alert',
    alertAt: time?.iso ?? null,
    severity: findSeverity(text),
    hosts: hosts.values(),
    addresses: addresses.values(),
    labels,
    symptoms: symptomWords(lines.slice(0, 3), hosts.values()),
    text,
    notes,
  };
}

/** "customer: ACME", "host=web01", "Tenant = Northwind" anywhere in the text. */
function fieldLabels(text: string): AlertLabel[] {
  const out: AlertLabel[] = [];
  const seen = new Set<string>();
  const keys = [...INTEREST_KEYS].join('|');
  const add = (key: string, raw: string) => {
    const value = raw.trim().replace(/^["']|["']$/g, '');
    const k = key.toLowerCase();
    const id = `${k}=${value}`;
    if (value === '' || value.length > 200 || seen.has(id) || out.length >= MAX_LABELS) return;
    seen.add(id);
    out.push({ key: k, value });
  };
  // A field on its own line keeps its whole value: customer names have spaces.
  const line = new RegExp(`^[ \\t]*(${keys})[ \\t]*:[ \\t]*(\\S[^\\r\\n]{0,199})$`, 'gim');
  for (const m of text.matchAll(line)) add(m[1] ?? '', m[2] ?? '');
  const inline = new RegExp(
    `(?<![\\w.-])(${keys})[ \\t]*[=:][ \\t]*("[^"\\r\\n]{1,200}"|'[^'\\r\\n]{1,200}'|[^\\s,;)}\\]]{1,200})`,
    'gi',
  );
  for (const m of text.matchAll(inline)) add(m[1] ?? '', m[2] ?? '');
  return out;
}

/** Values of "Problem name: …" style lines, for symptom words. */
function fieldValues(text: string, names: readonly string[]): string[] {
  const re = new RegExp(`^[ \\t]*(?:${names.join('|')})[ \\t]*:[ \\t]*([^\\r\\n]{1,300})$`, 'gim');
  return [...text.matchAll(re)].slice(0, 5).map((m) => m[1] ?? '');
}

// ---------------------------------------------------------------------------------------
// Hosts and addresses

/** Keeps the first `max` distinct values, in order. */
class Collector<T> {
  private readonly set = new Set<T>();
  constructor(private readonly max: number) {}
  add(v: T): void {
    if (this.set.size < this.max) this.set.add(v);
  }
  values(): T[] {
    return [...this.set];
  }
}

/** A label value naming a machine: "10.4.1.12:9100", "web01.acme.local", "http://[::1]:80/x". */
function addHostValue(raw: string, hosts: Collector<string>, addresses: Collector<string>): void {
  let v = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  v = v.replace(/[/?#].*$/, '');
  v = v.replace(/^[^@]*@/, '');
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracket) v = bracket[1] ?? '';
  const v6 = canonicalIpv6(v);
  if (v6 !== null) {
    addresses.add(v6);
    return;
  }
  v = v.replace(/:\d{1,5}$/, '');
  if (isIpv4(v)) {
    addresses.add(v);
    return;
  }
  if (/^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*\.?$/.test(v)) {
    const host = v.toLowerCase().replace(/\.$/, '');
    hosts.add(host);
    const short = host.split('.')[0];
    if (short && short !== host) hosts.add(short);
  }
}

const IPV4_RE =
  /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d]|\.\d)/g;
const IPV6_RE =
  /(?<![\w:.])\[?((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?)\]?(?![\w:])/g;
const FQDN_RE =
  /(?<![\w@.-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?![\w@-]|\.[\w-])/g;
const EMAIL_RE = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Short host names: a word with a digit or a hyphen (web01, core-sw01, SH-DR-CL01). */
const SHORT_RE = /(?<![\w.@:/-])([A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*)(?![\w@-]|\.[\w-]|:\/)/g;
/** Dotted words that are files, units or code, not hosts. */
const NOT_A_TLD = new Set(
  'txt log logs html htm php json yaml yml xml csv conf cfg ini sh ps1 exe dll js ts py md pdf png jpg gif zip gz tar tgz vmdk vmx vhdx sql bak mdf ldf service timer socket mount target pem crt key go rs java rb jar war so msi iso img'.split(
    ' ',
  ),
);

function isIpv4(s: string): boolean {
  return /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);
}

/** RFC 5952 form of an IPv6 address (lower case, longest zero run as ::), or null if it is not one. */
export function canonicalIpv6(raw: string): string | null {
  const s = raw.replace(/%[\w.-]+$/, '');
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return null;
  let tail: number[] = [];
  let head = s;
  const v4 = /(?:^|:)((?:\d{1,3}\.){3}\d{1,3})$/.exec(s);
  if (v4) {
    const quad = v4[1] ?? '';
    if (!isIpv4(quad)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = quad.split('.').map(Number);
    tail = [(a << 8) | b, (c << 8) | d];
    head = s.slice(0, s.length - quad.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const parts = head.split('::');
  if (parts.length > 2) return null;
  const groups = (p: string) => (p === '' ? [] : p.split(':'));
  const left = groups(parts[0] ?? '');
  const right = parts.length === 2 ? groups(parts[1] ?? '') : [];
  if ([...left, ...right].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return null;
  const known = left.length + right.length + tail.length;
  let words: number[];
  if (parts.length === 2) {
    if (known > 7) return null;
    words = [
      ...left.map((g) => Number.parseInt(g, 16)),
      ...new Array<number>(8 - known).fill(0),
      ...right.map((g) => Number.parseInt(g, 16)),
      ...tail,
    ];
  } else {
    if (known !== 8) return null;
    words = [...left.map((g) => Number.parseInt(g, 16)), ...tail];
  }
  if (words.every((w) => w === 0)) return null;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Host names and addresses mentioned anywhere in free text. */
function scanHosts(text: string, hosts: Collector<string>, addresses: Collector<string>): void {
  const noMail = text.replace(EMAIL_RE, ' ');
  for (const m of noMail.matchAll(IPV4_RE)) addresses.add(m[0]);
  for (const m of noMail.matchAll(IPV6_RE)) {
    const v6 = canonicalIpv6(m[1] ?? '');
    if (v6 !== null) addresses.add(v6);
  }
  for (const m of noMail.matchAll(FQDN_RE)) {
    const host = (m[1] ?? '').toLowerCase();
    const labels = host.split('.');
    const tld = labels[labels.length - 1] ?? '';
    if (NOT_A_TLD.has(tld) || /^\d+$/.test(tld)) continue;
    hosts.add(host);
    const short = labels[0];
    if (short) hosts.add(short);
  }
  for (const m of noMail.matchAll(SHORT_RE)) {
    const word = m[1] ?? '';
    if (word.length < 3 || word.length > 63 || !/[0-9-]/.test(word) || /^\d/.test(word)) continue;
    if (SEVERITY_TOKEN.test(word)) continue;
    hosts.add(word.toLowerCase());
  }
}

// ---------------------------------------------------------------------------------------
// Time

export interface FoundTime {
  readonly iso: string;
  /** False when the text gave no zone and the time was read as UTC. */
  readonly zoned: boolean;
  readonly raw: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';
/** Zones the obsolete RFC 822 syntax names, plus the European ones NOC mail uses. */
const ZONE_HOURS: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -5,
  edt: -4,
  cst: -6,
  cdt: -5,
  mst: -7,
  mdt: -6,
  pst: -8,
  pdt: -7,
  bst: 1,
  cet: 1,
  cest: 2,
  eet: 2,
  eest: 3,
};
/** Only ever after a required separator or inside a non-optional spot: two optional runs of
 * white space side by side would make the patterns quadratic on a long run of spaces. */
const ZONE_REQ = '(z|[+-]\\d{2}(?::?\\d{2})?|utc|gmt|ut|[ecmp][sd]t|bst|cest|cet|eest|eet)';
const ZONE = `${ZONE_REQ}?`;
const AMPM_ZONE = `(?:\\s*(am|pm))?(?:\\s*${ZONE_REQ})?`;

interface TimePattern {
  readonly re: RegExp;
  readonly read: (m: RegExpExecArray) => Parts | null;
}
interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  zone: string | undefined;
  ampm?: string | undefined;
}

const num = (s: string | undefined) => (s === undefined ? 0 : Number(s));

const TIME_PATTERNS: readonly TimePattern[] = [
  {
    // ISO 8601 / RFC 3339 and the dotted or slashed year-first forms (2025.06.03 02:14:07).
    re: new RegExp(
      `(?<!\\d)(\\d{4})([-./])(\\d{2})\\2(\\d{2})(?:T|\\s+|,\\s*)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s?${ZONE}(?![\\w])`,
      'i',
    ),
    read: (m) => ({
      y: num(m[1]),
      mo: num(m[3]),
      d: num(m[4]),
      h: num(m[5]),
      mi: num(m[6]),
      s: num(m[7]),
      ms: num((m[8] ?? '').slice(0, 3).padEnd(3, '0')),
      zone: m[9],
    }),
  },
  {
    // RFC 2822 and friends: "Tue, 3 Jun 2025 02:14:07 +0000", "3 June 2025 02:14 UTC".
    re: new RegExp(
      `${WEEKDAY}(?<!\\d)(\\d{1,2})\\s+${MONTH}\\.?,?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?${AMPM_ZONE}(?![\\w])`,
      'i',
    ),
    read: (m) => ({
      y: num(m[3]),
      mo: MONTHS[(m[2] ?? '').slice(0, 3).toLowerCase()] ?? 0,
      d: num(m[1]),
      h: num(m[4]),
      mi: num(m[5]),
      s: num(m[6]),
      ms: 0,
      ampm: m[7],
      zone: m[8],
    }),
  },
  {
    // Month first: "June 3, 2025 2:14 AM" (Outlook's Sent:), "Jun 3 2025 02:14:07".
    re: new RegExp(
      `${WEEKDAY}${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?${AMPM_ZONE}(?![\\w])`,
      'i',
    ),
    read: (m) => ({
      y: num(m[3]),
      mo: MONTHS[(m[1] ?? '').slice(0, 3).toLowerCase()] ?? 0,
      d: num(m[2]),
      h: num(m[4]),
      mi: num(m[5]),
      s: num(m[6]),
      ms: 0,
      ampm: m[7],
      zone: m[8],
    }),
  },
  {
    // ctime, as Nagios writes it: "Tue Jun  3 02:14:07 UTC 2025".
    re: new RegExp(
      `${WEEKDAY}${MONTH}\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s+(?:${ZONE_REQ}\\s+)?(\\d{4})(?!\\d)`,
      'i',
    ),
    read: (m) => ({
      y: num(m[7]),
      mo: MONTHS[(m[1] ?? '').slice(0, 3).toLowerCase()] ?? 0,
      d: num(m[2]),
      h: num(m[3]),
      mi: num(m[4]),
      s: num(m[5]),
      ms: 0,
      zone: m[6],
    }),
  },
  {
    // Zabbix: "Problem started at 02:14:07 on 2025.06.03".
    re: new RegExp(
      `(?<!\\d)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s*${ZONE_REQ})?\\s+on\\s+(\\d{4})[-./](\\d{2})[-./](\\d{2})(?!\\d)`,
      'i',
    ),
    read: (m) => ({
      y: num(m[5]),
      mo: num(m[6]),
      d: num(m[7]),
      h: num(m[1]),
      mi: num(m[2]),
      s: num(m[3]),
      ms: 0,
      zone: m[4],
    }),
  },
];

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === '') return null;
  const z = zone.toLowerCase();
  const named = ZONE_HOURS[z];
  if (named !== undefined) return named * 60;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const h = num(m[2]);
  const mi = num(m[3]);
  if (h > 14 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

function toIso(p: Parts): { iso: string; zoned: boolean } | null {
  let h = p.h;
  if (p.ampm) {
    if (h < 1 || h > 12) return null;
    const pm = p.ampm.toLowerCase() === 'pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  // Years outside this range are version numbers or zero values (Alertmanager's 0001-01-01).
  if (p.y < 1990 || p.y > 2200 || p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31) return null;
  if (h > 23 || p.mi > 59 || p.s > 60) return null;
  const offset = zoneOffsetMinutes(p.zone);
  const ms = Date.UTC(p.y, p.mo - 1, p.d, h, p.mi, Math.min(p.s, 59), p.ms);
  const check = new Date(Date.UTC(p.y, p.mo - 1, p.d));
  if (check.getUTCDate() !== p.d) return null; // 31 June
  const utc = ms - (offset ?? 0) * 60_000;
  if (!Number.isFinite(utc)) return null;
  return { iso: new Date(utc).toISOString(), zoned: offset !== null };
}

/** One timestamp in any of the forms monitoring systems write; null if it is not one. */
export function parseTimestamp(value: string): FoundTime | null {
  return findTimestamp(value.slice(0, 200));
}

/** The first readable timestamp in a text. */
export function findTimestamp(text: string): FoundTime | null {
  let best: { index: number; found: FoundTime } | null = null;
  for (const p of TIME_PATTERNS) {
    const re = new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : `${p.re.flags}g`);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (best !== null && m.index >= best.index) break;
      const parts = p.read(m);
      const t = parts ? toIso(parts) : null;
      if (t) {
        best = { index: m.index, found: { ...t, raw: m[0].trim() } };
        break;
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return best?.found ?? null;
}

function noZoneNote(raw: string): string {
  return `The alert's time "${clip(raw, 60)}" has no time zone; it was read as UTC. Check the restore clock's start.`;
}

// ---------------------------------------------------------------------------------------
// Severity

const SEVERITY_TOKEN = /^(?:sev-?[1-5]|p[1-5])$/i;

/** A severity label's value ("critical", "P2", "warning", "sev3") as a Lifeline severity. */
export function severityFromValue(value: string): Severity | null {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  const n = /^(?:sev(?:erity)?[\s-]?|p)([1-5])$/.exec(v);
  if (n) return n[1] === '1' ? 'sev1' : n[1] === '2' ? 'sev2' : n[1] === '3' ? 'sev3' : 'sev4';
  if (/^(?:critical|crit|page|pager|emergency|emerg|disaster|fatal|urgent)$/.test(v)) return 'sev1';
  if (/^(?:high|major|error|err|alert)$/.test(v)) return 'sev2';
  if (/^(?:warning|warn|minor|average|medium|moderate)$/.test(v)) return 'sev3';
  if (/^(?:info|informational|information|low|notice|none|not classified|debug)$/.test(v)) return 'sev4';
  return null;
}

/** Severity in free text: a labelled value first, then sevN/PN, then the strongest alarm word. */
function findSeverity(text: string): Severity | null {
  const head = text.slice(0, 20_000);
  for (const m of head.matchAll(
    /(?<![\w-])(?:severity|priority|sev|urgency|level)[ \t]*[:=][ \t]*["']?([\w-]{1,20})/gi,
  )) {
    const s = severityFromValue(m[1] ?? '');
    if (s) return s;
  }
  const token = /(?<![\w-])(sev[\s-]?[1-4]|p[1-4])(?![\w-])/i.exec(head);
  if (token) return severityFromValue(token[1] ?? '');
  const words: Array<[RegExp, Severity]> = [
    [/(?<![\w-])(?:critical|emergency|disaster)(?![\w-])/i, 'sev1'],
    [/(?<![\w-])major(?![\w-])/i, 'sev2'],
    [/(?<![\w-])(?:warning|WARN)(?![\w-])/i, 'sev3'],
    // Lower-case "info" is ordinary prose ("more info"); monitoring writes it in capitals.
    [/(?<![\w-])INFO(?![\w-])/, 'sev4'],
  ];
  for (const [re, s] of words) if (re.test(head)) return s;
  return null;
}

// ---------------------------------------------------------------------------------------
// Symptom words

const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no nor not of on or our out over she so some such than that the their them then there these they this those to too ' +
    'under up us was we were what when where which while who why will with would you your yours per via than also just only ' +
    'again any all more most other same own very s t now please check see below above here since after before ' +
    'ago last min mins minute minutes second seconds hour hours times' +
    // Monitoring boilerplate: it says nothing about what broke.
    ' alert alerts alerting firing fired resolved resolve problem problems notification trigger triggered status ' +
    'critical warning info severity value current original event events started start ok recovery fyi ' +
    'page paged pager ack acknowledge reply noc'
  ).split(/\s+/),
);

/** "KubePodCrashLooping" → "Kube Pod Crash Looping"; "node_filesystem-full" → "node filesystem full". */
export function splitIdentifier(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.:/]+/g, ' ');
}

function symptomWords(sources: readonly string[], hosts: readonly string[]): string[] {
  const hostSet = new Set(hosts);
  const out = new Set<string>();
  for (const source of sources) {
    const cleaned = source
      .slice(0, 2000)
      .replace(EMAIL_RE, ' ')
      .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
      .replace(/\[[A-Z]+:\d+\]/g, ' ');
    for (const raw of cleaned.split(/[^\p{L}\p{N}.'-]+/u)) {
      const w = raw
        .toLowerCase()
        .replace(/^['.-]+|['.-]+$/g, '')
        .replace(/'s$/, '');
      if (w.length < 2 || w.length > 40 || /\d/.test(w) || w.includes('.')) continue;
      if (STOP_WORDS.has(w) || hostSet.has(w)) continue;
      out.add(w);
      if (out.size >= MAX_SYMPTOMS) return [...out];
    }
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------
// Small helpers

function firstLine(text: string): string {
  for (const line of text.split(/\r?\n/, 50)) if (line.trim() !== '') return line.trim();
  return '';
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

function clipTitle(s: string): string {
  return clip(s.replace(/\s+/g, ' ').trim(), TITLE_MAX);
}
