/**
 * What every parser needs from free text: host names and addresses (ipaddr.js decides what
 * an address is), labelled fields ("customer: ACME"), numeric identifiers, severity words,
 * symptom words, and title clean-up.
 */
import ipaddr from 'ipaddr.js';
import type { Severity } from '../../../../../shared/catalog/labels';
import {
  type AlertLabel,
  CUSTOMER_LABEL_KEYS,
  MAX_ADDRESSES,
  MAX_HOSTS,
  MAX_IDENTIFIERS,
  TITLE_MAX,
} from '../../../../../shared/incidents/alert';
import { AVAILABILITY_TERMS, isStopWord } from '../../../../../shared/playbooks/applicability';

const MAX_SYMPTOMS = 20;
const MAX_LABELS = 50;

/** Labels whose value names the failing machine. */
export const HOST_LABEL_KEYS = [
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
const INTEREST_KEYS = new Set<string>([...HOST_LABEL_KEYS, ...CUSTOMER_LABEL_KEYS]);
export const HOST_KEYS = new Set<string>(HOST_LABEL_KEYS);

/** Keeps the first `max` distinct values, in order. */
export class Collector<T> {
  private readonly set = new Set<T>();
  constructor(private readonly max: number) {}
  add(v: T): void {
    if (this.set.size < this.max) this.set.add(v);
  }
  values(): T[] {
    return [...this.set];
  }
}

export interface HostSink {
  readonly hosts: Collector<string>;
  readonly addresses: Collector<string>;
}

export function hostSink(): HostSink {
  return { hosts: new Collector<string>(MAX_HOSTS), addresses: new Collector<string>(MAX_ADDRESSES) };
}

// ---------------------------------------------------------------------------------------
// Addresses

/**
 * One address as the catalog stores it: IPv4 in dotted decimal (zero padding read as
 * decimal, not octal; IPv4-mapped IPv6 unwrapped), IPv6 in RFC 5952 form; null if it is not one.
 */
export function normalizeAddress(raw: string): string | null {
  const s = raw.trim().replace(/^\[|\]$/g, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    return octets.every((o) => o <= 255) ? octets.join('.') : null;
  }
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+(?:%[\w.-]+)?$/.test(s)) return null;
  const bare = s.replace(/%[\w.-]+$/, '');
  if (!ipaddr.IPv6.isValid(bare)) return null;
  const v6 = ipaddr.IPv6.parse(bare);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  if (v6.range() === 'unspecified') return null;
  return v6.toRFC5952String();
}

const IPV4_RE = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)/g;
const IPV6_RE =
  /(?<![\w:.])\[?((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?)\]?(?![\w:]|\.\d)/g;
const FQDN_RE =
  /(?<![\w@.-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?![\w@-]|\.[\w-])/g;
export const EMAIL_RE = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** A scheme starts a word and is short: otherwise a long run of letters makes this quadratic. */
const URL_RE = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,30}:\/\/\S+/gi;
/** A label at the start of a line: words without digits (or IPv4/IPv6), a colon, then white space. */
const FIELD_LABEL_RE = /^[ \t]*(?:[A-Za-z][A-Za-z /-]{0,30}|IPv[46]):(?=[ \t])/gim;
/** Short host names: a word with a digit or a hyphen (web01, core-sw01, SH-DR-CL01). */
const SHORT_RE = /(?<![\w.@:/-])([A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*)(?![\w@-]|\.[\w-]|:\/)/g;
/** Dotted words that are files, units or code, not hosts. */
const NOT_A_TLD = new Set(
  'txt log logs html htm php json yaml yml xml csv conf cfg ini sh ps1 exe dll js ts py md pdf png jpg gif zip gz tar tgz vmdk vmx vhdx sql bak mdf ldf service timer socket mount target pem crt key go rs java rb jar war so msi iso img'.split(
    ' ',
  ),
);
const SEVERITY_TOKEN = /^(?:sev-?[0-5]|p[1-5])$/i;

/** A field value naming a machine: "10.4.1.12:9100", "web01.acme.local", "http://[::1]:80/x". */
export function addHostValue(raw: string, sink: HostSink): void {
  let v = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  v = v.replace(/[/?#].*$/, '').replace(/^[^@]*@/, '');
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracket) v = bracket[1] ?? '';
  const whole = normalizeAddress(v);
  if (whole !== null) {
    sink.addresses.add(whole);
    return;
  }
  v = v.replace(/:\d{1,5}$/, '');
  const noPort = normalizeAddress(v);
  if (noPort !== null) {
    sink.addresses.add(noPort);
    return;
  }
  if (/^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*\.?$/.test(v)) {
    const host = v.toLowerCase().replace(/\.$/, '');
    if (/^\d+$/.test(host)) return;
    sink.hosts.add(host);
    const short = host.split('.')[0];
    if (short && short !== host) sink.hosts.add(short);
  }
}

/** Host names and addresses mentioned anywhere in free text (URLs and mail addresses left out). */
export function scanHosts(text: string, sink: HostSink): void {
  const clean = text
    .slice(0, 200_000)
    .replace(EMAIL_RE, ' ')
    .replace(URL_RE, ' ')
    // Field labels ("Unique-ID:", "IPv4:") and unexpanded macros ("{EVENT.RECOVERY.DATE}") name no host.
    .replace(FIELD_LABEL_RE, ' ')
    .replace(/\{[A-Z][A-Z0-9._]{1,60}\}/g, ' ');
  for (const m of clean.matchAll(IPV4_RE)) {
    const a = normalizeAddress(m[0]);
    if (a !== null) sink.addresses.add(a);
  }
  for (const m of clean.matchAll(IPV6_RE)) {
    const a = normalizeAddress(m[1] ?? '');
    if (a !== null) sink.addresses.add(a);
  }
  for (const m of clean.matchAll(FQDN_RE)) {
    const host = (m[1] ?? '').toLowerCase();
    const labels = host.split('.');
    const tld = labels[labels.length - 1] ?? '';
    if (NOT_A_TLD.has(tld) || /^\d+$/.test(tld)) continue;
    sink.hosts.add(host);
    const short = labels[0];
    if (short) sink.hosts.add(short);
  }
  for (const m of clean.matchAll(SHORT_RE)) {
    const word = m[1] ?? '';
    if (word.length < 3 || word.length > 63 || !/[0-9-]/.test(word) || /^\d/.test(word)) continue;
    if (SEVERITY_TOKEN.test(word)) continue;
    sink.hosts.add(word.toLowerCase());
  }
}

/**
 * A number a carrier's ticket labels as a circuit or service id, written after the label
 * with or without a separator ("Circuit ID:1234567", "CID#7654321", "Ckt 4471"): kept even
 * when short or written against a colon or #, since the label says what it is.
 */
const LABELLED_CIRCUIT_RE =
  /\b(?:circuit(?:[ _-]?(?:id|no|number|ref))?|cid|ckt(?:[ _-]?id)?|service[ _-]?(?:id|no|number)|svc[ _-]?id)[ \t]*[:#=]?[ \t]*#?[ \t]*(\d{3,20})(?![\w]|[.,:-]\d)/gi;

/**
 * Numbers written as whole tokens, at least 5 digits (circuit IDs, serials, asset tags):
 * not inside a word, an address, a time, a URL or a decimal; and numbers labelled as a
 * circuit id, whatever their length (NetBox circuits are often named by the carrier's
 * numeric id).
 */
export function numericTokens(text: string): string[] {
  const out = new Collector<string>(MAX_IDENTIFIERS);
  const clean = text.slice(0, 200_000).replace(EMAIL_RE, ' ').replace(URL_RE, ' ');
  for (const m of clean.matchAll(LABELLED_CIRCUIT_RE)) out.add(m[1] ?? '');
  for (const m of clean.matchAll(/(?<![\w.:#-])(\d{5,20})(?![\w]|[.,:-]\d)/g)) out.add(m[1] ?? '');
  return out.values();
}

// ---------------------------------------------------------------------------------------
// Labelled fields

/** "customer: ACME", "host=web01", "Tenant = Northwind" anywhere in the text. */
export function fieldLabels(text: string): AlertLabel[] {
  const out: AlertLabel[] = [];
  const seen = new Set<string>();
  const keys = [...INTEREST_KEYS].join('|');
  const head = text.slice(0, 200_000);
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
  for (const m of head.matchAll(line)) add(m[1] ?? '', m[2] ?? '');
  const inline = new RegExp(
    `(?<![\\w.-])(${keys})[ \\t]*[=:][ \\t]*("[^"\\r\\n]{1,200}"|'[^'\\r\\n]{1,200}'|[^\\s,;)}\\]]{1,200})`,
    'gi',
  );
  for (const m of head.matchAll(inline)) add(m[1] ?? '', m[2] ?? '');
  return out;
}

/** Labels from a key/value map (Alertmanager labels, Azure customProperties…), interesting keys only. */
export function recordLabels(records: ReadonlyArray<Readonly<Record<string, string>>>): AlertLabel[] {
  const out: AlertLabel[] = [];
  const seen = new Set<string>();
  for (const r of records)
    for (const [key, value] of Object.entries(r)) {
      const k = key.toLowerCase();
      const v = value.trim();
      if (!INTEREST_KEYS.has(k) || v === '' || v.length > 200 || out.length >= MAX_LABELS) continue;
      if (seen.has(`${k}=${v}`)) continue;
      seen.add(`${k}=${v}`);
      out.push({ key: k, value: v });
    }
  return out;
}

/** The value of the first "Name: value" line for any of the names (case-insensitive), trimmed. */
export function lineField(text: string, names: readonly string[]): string | null {
  const re = new RegExp(`^[ \\t]*(?:${names.map(escapeRe).join('|')})[ \\t]*:[ \\t]*([^\\r\\n]*)$`, 'im');
  const m = re.exec(text.slice(0, 100_000));
  const v = m?.[1]?.trim() ?? '';
  return v === '' ? null : v;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------
// Severity in free text (the generic fallback only: each format maps its own field)

/** A severity word or token as written by people and generic tools; null if it is none. */
export function severityFromWord(value: string): Severity | null {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  const n = /^(?:sev(?:erity)?[\s-]?|p)([0-5])$/.exec(v);
  if (n)
    return n[1] === '0' || n[1] === '1' ? 'sev1' : n[1] === '2' ? 'sev2' : n[1] === '3' ? 'sev3' : 'sev4';
  if (/^(?:disaster|emergency|emerg|fatal)$/.test(v)) return 'sev1';
  // A 2–3-level scale has no word above "critical": its worst value is SEV2 (docs/alert-formats.md).
  if (/^(?:critical|crit|page|pager|high|major|error|err|alert|urgent|down)$/.test(v)) return 'sev2';
  if (/^(?:warning|warn|minor|average|medium|moderate|degraded)$/.test(v)) return 'sev3';
  if (/^(?:info|informational|information|low|notice|none|not classified|debug|verbose)$/.test(v))
    return 'sev4';
  return null;
}

/** Severity in free text: a labelled value first, then sevN/PN, then the strongest alarm word. */
export function findSeverity(text: string): { severity: Severity; native: string } | null {
  const head = text.slice(0, 20_000);
  for (const m of head.matchAll(
    /(?<![\w-])(?:severity|priority|sev|urgency|level)[ \t]*[:=][ \t]*["']?([\w-]{1,20})/gi,
  )) {
    const s = severityFromWord(m[1] ?? '');
    if (s) return { severity: s, native: m[1] ?? '' };
  }
  const token = /(?<![\w-])(sev[\s-]?[0-4]|p[1-4])(?![\w-])/i.exec(head);
  const fromToken = token ? severityFromWord(token[1] ?? '') : null;
  if (token && fromToken) return { severity: fromToken, native: token[1] ?? '' };
  const words: Array<[RegExp, Severity]> = [
    [/(?<![\w-])(?:emergency|disaster)(?![\w-])/i, 'sev1'],
    [/(?<![\w-])(?:critical|major)(?![\w-])/i, 'sev2'],
    [/(?<![\w-])(?:warning|WARN)(?![\w-])/i, 'sev3'],
    // Lower-case "info" is ordinary prose ("more info"); monitoring writes it in capitals.
    [/(?<![\w-])INFO(?![\w-])/, 'sev4'],
  ];
  for (const [re, s] of words) {
    const m = re.exec(head);
    if (m) return { severity: s, native: m[0] };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Symptom words and titles

/** "KubePodCrashLooping" → "Kube Pod Crash Looping"; "node_filesystem-full" → "node filesystem full". */
export function splitIdentifier(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.:/]+/g, ' ');
}

/**
 * The words an alert says about what broke, for the incident's symptom. Stop words are the
 * ranker's own (shared/playbooks/applicability.ts): one list, so a word the parser offers
 * is never one the ranker then ignores, and the reverse. A negation or an availability phrase
 * stays one symptom ("not responding", "packet loss").
 */
export function symptomWords(sources: readonly string[], hosts: readonly string[]): string[] {
  const hostSet = new Set(hosts);
  const out = new Set<string>();
  const content = (w: string | null): w is string => w !== null && !isStopWord(w) && !hostSet.has(w);
  for (const source of sources) {
    const cleaned = source
      .slice(0, 2000)
      .replace(EMAIL_RE, ' ')
      .replace(URL_RE, ' ')
      .replace(/\[[A-Z]+:\d+\]/g, ' ');
    // null where a token is no word (a number, an address): a phrase never spans one.
    const words = cleaned.split(/[^\p{L}\p{N}.'-]+/u).map((raw) => {
      const w = raw
        .toLowerCase()
        .replace(/^['.-]+|['.-]+$/g, '')
        .replace(/'s$/, '');
      return w.length < 2 || w.length > 40 || /\d/.test(w) || w.includes('.') ? null : w;
    });
    for (let i = 0; i < words.length; i++) {
      const w = words[i] ?? null;
      const next = words[i + 1] ?? null;
      // "not responding", "no route", "timed out" keep their stop word: without it the ranker
      // sees "responding", "route", "timed", and neither the phrase nor the availability idea.
      const pair = w !== null && next !== null ? `${w} ${next}` : null;
      if (pair !== null && (AVAILABILITY_PHRASES.has(pair) || (NEGATIONS.has(w ?? '') && content(next)))) {
        out.add(pair);
        i++;
      } else if (content(w)) out.add(w);
      if (out.size >= MAX_SYMPTOMS) return [...out];
    }
  }
  return [...out];
}

const NEGATIONS = new Set(['no', 'not']);
const AVAILABILITY_PHRASES = new Set(AVAILABILITY_TERMS.filter((t) => t.includes(' ')));

/** "RE:", "Fwd:", "FW:", "AW:", "WG:" (German), "TR:" (French), "SV:"/"VS:" (Nordic), repeated. */
const REPLY_PREFIX = /^(?:(?:re|fwd?|aw|wg|tr|sv|vs)\s*(?:\[\d+\])?\s*:\s*)+/i;

export function stripReplyPrefix(subject: string): string {
  return subject.trim().replace(REPLY_PREFIX, '');
}

/**
 * A title as the engineer should see it: reply and forward prefixes, "Subject:", Nagios'
 * "** PROBLEM … **", "[FIRING:1]", "[PROBLEM]", "[Triggered on {…}]" taken off, spaces folded.
 */
export function cleanTitle(raw: string): string {
  let t = raw.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 5; i++) {
    const before = t;
    t = t
      .replace(/^subject\s*:\s*/i, '')
      .replace(REPLY_PREFIX, '')
      .replace(
        /^\*+\s*(?:(?:PROBLEM|RECOVERY|ACKNOWLEDGEMENT|CUSTOM|FLAPPING\w*|DOWNTIME\w*)\s+)?(.*?)\s*\*+$/i,
        '$1',
      )
      .replace(/^\[(?:FIRING|RESOLVED)(?::\d+)?\]\s*/i, '')
      .replace(
        /^\[(?:PROBLEM|RECOVERY|ACKNOWLEDGEMENT|CUSTOM|FLAPPINGSTART|FLAPPINGEND|FLAPPINGSTOP|DOWNTIMESTART|DOWNTIMEEND|DOWNTIMEREMOVED)\]\s*/i,
        '',
      )
      .replace(/^\[(?:Triggered|Recovered|Warn|Re-Triggered|No Data|Renotify)[^\]]*\]\s*/i, '')
      .trim();
    if (t === before) break;
  }
  return clip(t, TITLE_MAX);
}

export function firstLine(text: string): string {
  for (const line of text.split(/\r?\n/, 50)) if (line.trim() !== '') return line.trim();
  return '';
}

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}
