/**
 * Reading the times monitoring systems write: RFC 3339 (any fraction, "+0000" without a
 * colon), RFC 2822, ctime with a zone abbreviation (Nagios), "03:12:45 on 2026.12.14"
 * (Zabbix), day-first dotted dates (PRTG), Outlook's "Monday, December 14, 2026 3:22 AM",
 * and epochs. A time with no zone is read in an assumed zone and says so (`zoned: false`).
 */

export interface FoundTime {
  readonly iso: string;
  /** False when the text gave no zone and `assumedZone` was used. */
  readonly zoned: boolean;
  readonly raw: string;
}

export interface TimeOptions {
  /** IANA zone a time without a zone is read in; the console's own zone by default. */
  readonly assumedZone: string;
}

export function defaultZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
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
/** Only ever after a required separator: two optional runs of white space side by side would
 * make the patterns quadratic on a long run of spaces. */
const ZONE_REQ = '(z|[+-]\\d{2}(?::?\\d{2})?|utc|gmt|ut|[ecmp][sd]t|bst|cest|cet|eest|eet)';
const ZONE = `${ZONE_REQ}?`;
const AMPM_ZONE = `(?:\\s*(am|pm))?(?:\\s*${ZONE_REQ})?`;

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
interface TimePattern {
  readonly re: RegExp;
  readonly read: (m: RegExpExecArray) => Parts | null;
}

const num = (s: string | undefined) => (s === undefined ? 0 : Number(s));
const month = (s: string | undefined) => MONTHS[(s ?? '').slice(0, 3).toLowerCase()] ?? 0;

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
    // Day first with dots (PRTG, German and Swiss locales): "14.12.2026 03:12:45".
    re: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\w:])/i,
    read: (m) => ({
      y: num(m[3]),
      mo: num(m[2]),
      d: num(m[1]),
      h: num(m[4]),
      mi: num(m[5]),
      s: num(m[6]),
      ms: 0,
      zone: undefined,
    }),
  },
  {
    // RFC 2822 and friends: "Tue, 3 Jun 2025 02:14:07 +0000", "14 December 2026 03:12".
    re: new RegExp(
      `${WEEKDAY}(?<!\\d)(\\d{1,2})\\s+${MONTH}\\.?,?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?${AMPM_ZONE}(?![\\w])`,
      'i',
    ),
    read: (m) => ({
      y: num(m[3]),
      mo: month(m[2]),
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
    // Month first: "December 14, 2026 3:22 AM" (Outlook's Sent:), "Jun 3 2025 02:14:07".
    re: new RegExp(
      `${WEEKDAY}${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4}),?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?${AMPM_ZONE}(?![\\w])`,
      'i',
    ),
    read: (m) => ({
      y: num(m[3]),
      mo: month(m[1]),
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
    // ctime, as Nagios and Checkmk write it: "Mon Dec 14 03:12:45 CET 2026".
    re: new RegExp(
      `${WEEKDAY}${MONTH}\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s+(?:${ZONE_REQ}\\s+)?(\\d{4})(?!\\d)`,
      'i',
    ),
    read: (m) => ({
      y: num(m[7]),
      mo: month(m[1]),
      d: num(m[2]),
      h: num(m[3]),
      mi: num(m[4]),
      s: num(m[5]),
      ms: 0,
      zone: m[6],
    }),
  },
  {
    // Zabbix: "Problem started at 03:12:45 on 2026.12.14".
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

/** The offset of an IANA zone at a UTC instant, in minutes; 0 for an unknown zone. */
function zoneOffsetAt(utcMs: number, zone: string): number {
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
    const local = Date.UTC(
      num(p.year),
      num(p.month) - 1,
      num(p.day),
      num(p.hour),
      num(p.minute),
      num(p.second),
    );
    return Math.round((local - Math.floor(utcMs / 1000) * 1000) / 60_000);
  } catch {
    return 0;
  }
}

/** A wall-clock time in an IANA zone as a UTC instant (the usual two-pass fix-up around DST). */
export function wallClockToUtc(wallMs: number, zone: string): number {
  const first = wallMs - zoneOffsetAt(wallMs, zone) * 60_000;
  return wallMs - zoneOffsetAt(first, zone) * 60_000;
}

function toIso(p: Parts, options: TimeOptions): { iso: string; zoned: boolean } | null {
  let h = p.h;
  if (p.ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (p.ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  // Years outside this range are version numbers or zero values (Alertmanager's 0001-01-01).
  if (p.y < 1990 || p.y > 2200 || p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31) return null;
  if (h > 23 || p.mi > 59 || p.s > 60) return null;
  const check = new Date(Date.UTC(p.y, p.mo - 1, p.d));
  if (check.getUTCDate() !== p.d) return null; // 31 June
  const wall = Date.UTC(p.y, p.mo - 1, p.d, h, p.mi, Math.min(p.s, 59), p.ms);
  const offset = zoneOffsetMinutes(p.zone);
  const utc = offset === null ? wallClockToUtc(wall, options.assumedZone) : wall - offset * 60_000;
  if (!Number.isFinite(utc)) return null;
  return { iso: new Date(utc).toISOString(), zoned: offset !== null };
}

/** One timestamp field's value, in any of the forms above, or an epoch; null if it is not one. */
export function parseTimestamp(value: string, options: TimeOptions): FoundTime | null {
  const v = value.trim();
  if (/^\d{9,16}$/.test(v)) return fromEpoch(v);
  return findTimestamp(v.slice(0, 200), options);
}

/** Epoch seconds, milliseconds or microseconds (Checkmk's MICROTIME), told apart by length. */
export function fromEpoch(value: string | number): FoundTime | null {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) return null;
  const digits = String(Math.trunc(n)).length;
  const ms = digits >= 15 ? n / 1000 : digits >= 12 ? n : n * 1000;
  const d = new Date(Math.trunc(ms));
  const y = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || y < 1990 || y > 2200) return null;
  return { iso: d.toISOString(), zoned: true, raw: String(value) };
}

/** The first readable timestamp in free text: only for formats with no structured time. */
export function findTimestamp(text: string, options: TimeOptions): FoundTime | null {
  let best: { index: number; found: FoundTime } | null = null;
  for (const p of TIME_PATTERNS) {
    const re = new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : `${p.re.flags}g`);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (best !== null && m.index >= best.index) break;
      const parts = p.read(m);
      const t = parts ? toIso(parts, options) : null;
      if (t) {
        best = { index: m.index, found: { ...t, raw: m[0].trim() } };
        break;
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return best?.found ?? null;
}
