/**
 * Zabbix: the default e-mail ("Problem: <name>" / "Resolved in 27m 30s: <name>" / the 4.x
 * "Resolved: <name>", body "Problem started at 03:12:45 on 2026.12.14") and a webhook media
 * type, whose parameter names the admin chooses (read case-insensitively: event_name,
 * event_nseverity, event_value, host_name, host_ip, event_date/event_time, Subject, Message).
 * Time: "Problem started at … on …" or, for a recovery, "Problem has been resolved at … on …"
 * (no zone anywhere: flagged). Title: the event name. Host: Host: ({HOST.NAME}).
 * State: the subject's prefix, or event_value 0. Severity: Disaster → SEV1, High → SEV2,
 * Average and Warning → SEV3, Information and Not classified → SEV4 (a recovery keeps it).
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { Draft, Message, ParseContext } from './draft';
import { getCi, isRecord, jsonText } from './json';
import { lineField, stripReplyPrefix } from './text';
import { type FoundTime, parseTimestamp } from './time';

const BY_NAME: Readonly<Record<string, Severity>> = {
  disaster: 'sev1',
  high: 'sev2',
  average: 'sev3',
  warning: 'sev3',
  information: 'sev4',
  'not classified': 'sev4',
};
const BY_NUMBER: readonly Severity[] = ['sev4', 'sev4', 'sev3', 'sev3', 'sev2', 'sev1'];

const SUBJECT = /^(Problem|Resolved(?: in [^:]{1,40})?|Recovery|OK|Update)\s*:\s*(.+)$/i;

function eventTime(
  body: string,
  resolved: boolean,
  ctx: ParseContext,
): { time: FoundTime | null; source: string | null } {
  const re = resolved
    ? /Problem has been resolved at ([0-9:]+) on ([0-9.\-/]+)/i
    : /Problem started at ([0-9:]+) on ([0-9.\-/]+)/i;
  const m = re.exec(body);
  if (!m) return { time: null, source: null };
  const time = parseTimestamp(`${(m[2] ?? '').replace(/[./]/g, '-')} ${m[1] ?? ''}`, ctx.time);
  return {
    time: time ? { ...time, raw: m[0] } : null,
    source: resolved ? 'Problem has been resolved at' : 'Problem started at',
  };
}

function severityOf(name: string | null, number: string | null): Severity | null {
  if (name && BY_NAME[name.toLowerCase()]) return BY_NAME[name.toLowerCase()] ?? null;
  const n = number !== null && /^[0-5]$/.test(number) ? Number(number) : -1;
  return n >= 0 ? (BY_NUMBER[n] ?? null) : null;
}

export function parseZabbixText(msg: Message, ctx: ParseContext): Draft | null {
  const body = msg.body;
  const subject = SUBJECT.exec(stripReplyPrefix(msg.subject));
  const started = /Problem (?:started|has been resolved) at [0-9:]+ on \d{4}[.\-/]\d{2}[.\-/]\d{2}/i.test(
    body,
  );
  if (!started && !(subject && lineField(body, ['Problem name']) !== null)) return null;
  const resolved =
    /Problem has been resolved at/i.test(body) || /^(?:Resolved|Recovery|OK)/i.test(subject?.[1] ?? '');
  const { time, source } = eventTime(body, resolved, ctx);
  const name = lineField(body, ['Problem name', 'Trigger']) ?? subject?.[2] ?? '';
  const native = lineField(body, ['Severity']);
  return {
    format: 'zabbix',
    title: name || msg.subject,
    state: resolved ? 'resolved' : 'firing',
    time: time ?? msg.date,
    timeSource: time ? source : msg.dateSource,
    severity: severityOf(native, null),
    nativeSeverity: native,
    host: lineField(body, ['Host']),
    scan: `${msg.subject}\n${body}`,
    // {TRIGGER.DESCRIPTION} is not in the default message, but admins add it under these names.
    symptomSources: [
      lineField(body, ['Operational data']) ?? '',
      lineField(body, ['Trigger description', 'Problem description', 'Description']) ?? '',
    ],
    fingerprint: lineField(body, ['Original problem ID', 'Event ID']),
    notes: msg.notes,
  };
}

/** A value that is an unexpanded macro ("{EVENT.RECOVERY.DATE}") says nothing. */
function field(json: Readonly<Record<string, unknown>>, ...names: readonly string[]): string | null {
  const v = getCi(json, ...names);
  return v === null || /^\{[A-Z0-9._]+\}$/.test(v) ? null : v;
}

export function parseZabbixWebhook(json: unknown, ctx: ParseContext): Draft | null {
  if (!isRecord(json)) return null;
  const value = field(json, 'event_value', 'eventvalue');
  const name = field(json, 'event_name', 'eventname', 'trigger_name');
  const nseverity = field(json, 'event_nseverity', 'nseverity');
  const zabbixish = value !== null || nseverity !== null || field(json, 'event_id', 'eventid') !== null;
  if (!zabbixish || (name === null && field(json, 'subject') === null)) return null;
  const subject = field(json, 'subject') ?? '';
  const message = field(json, 'message') ?? '';
  const resolved = value === '0' || /^Resolved/i.test(subject);
  const date = resolved ? field(json, 'event_recovery_date') : field(json, 'event_date');
  const clock = resolved ? field(json, 'event_recovery_time') : field(json, 'event_time');
  let time: FoundTime | null = null;
  let timeSource: string | null = null;
  if (date && clock) {
    time = parseTimestamp(`${date.replace(/[./]/g, '-')} ${clock}`, ctx.time);
    timeSource = resolved ? 'event_recovery_date + event_recovery_time' : 'event_date + event_time';
  }
  if (time === null && message) {
    const fromText = eventTime(message, resolved, ctx);
    time = fromText.time;
    timeSource = fromText.source;
  }
  const native = field(json, 'event_severity', 'severity');
  return {
    format: 'zabbix',
    title: name ?? subject.replace(SUBJECT, '$2'),
    state: resolved ? 'resolved' : 'firing',
    time,
    timeSource,
    severity: severityOf(native, nseverity),
    nativeSeverity: native ?? nseverity,
    host: field(json, 'host_name', 'hostname', 'host'),
    hostValues: [field(json, 'host_ip', 'hostip'), field(json, 'host_dns')],
    scan: `${subject}\n${message}\n${jsonText(json, new Set(['Message', 'message', 'Subject', 'subject']))}`,
    // What the check saw: the message's operational data (or the parameter holding it) and
    // the trigger's description; the tags say where (scope:availability, component:network).
    symptomSources: [
      field(json, 'event_opdata', 'opdata') ?? lineField(message, ['Operational data']) ?? '',
      field(json, 'trigger_description', 'event_description') ??
        lineField(message, ['Trigger description', 'Problem description', 'Description']) ??
        '',
      field(json, 'event_tags') ?? '',
    ],
    fingerprint: field(json, 'event_id', 'eventid'),
  };
}
