/**
 * The fallbacks when no format recognised the alert. JSON: title, host, severity, time and
 * state looked up by known key names at any depth (the shallowest wins; never "the first
 * key: value"). Text (a pager message, a chat line, an e-mail from an unknown tool): the
 * subject or first line as title, the Date: header or else the first time in the text, a
 * labelled severity or alarm word, and recovery words for the state.
 */
import type { AlertState } from '../../../../../shared/incidents/alert';
import type { Draft, Message, ParseContext } from './draft';
import { isRecord, jsonText, str } from './json';
import { findSeverity, firstLine, HOST_LABEL_KEYS, lineField, severityFromWord } from './text';
import { type FoundTime, findTimestamp, parseTimestamp } from './time';

const TITLE_KEYS = [
  'summary',
  'title',
  'alertname',
  'alert_name',
  'subject',
  'name',
  'message',
  'description',
  'msg',
];
const HOST_KEYS = [
  ...HOST_LABEL_KEYS,
  'host_name',
  'computer',
  'machine',
  'resource',
  'ci',
  'configuration_item',
];
const SEVERITY_KEYS = ['severity', 'priority', 'level', 'urgency', 'sev'];
const TIME_KEYS = [
  'startsat',
  'occurred_at',
  'occurredat',
  'event_time',
  'eventtime',
  'fired_at',
  'firedat',
  'triggered_at',
  'timestamp',
  'time',
  'datetime',
  'date',
  'created_at',
  'createdat',
];
const STATE_KEYS = ['status', 'state', 'monitorcondition', 'event_type', 'alert_transition', 'newstatevalue'];
const RESOLVED_VALUE =
  /^(?:resolved|recovered|recovery|ok|up|closed|cleared|normal|inactive|incident\.resolved|0)$/i;

/** Every key: value pair, breadth first (shallow first), bounded. */
function pairs(json: unknown): Array<{ key: string; value: unknown }> {
  const out: Array<{ key: string; value: unknown }> = [];
  const queue: unknown[] = [json];
  for (let i = 0; i < queue.length && out.length < 20_000; i++) {
    const v = queue[i];
    if (Array.isArray(v)) queue.push(...v.slice(0, 200));
    else if (isRecord(v))
      for (const [key, value] of Object.entries(v).slice(0, 500)) {
        out.push({ key: key.toLowerCase(), value });
        if (typeof value === 'object' && value !== null) queue.push(value);
      }
  }
  return out;
}

function byKeys(
  all: ReadonlyArray<{ key: string; value: unknown }>,
  keys: readonly string[],
): { key: string; value: string } | null {
  for (const k of keys) {
    const hit = all.find((p) => p.key === k && str(p.value) !== null);
    if (hit) return { key: hit.key, value: str(hit.value) ?? '' };
  }
  return null;
}

export function parseGenericJson(json: unknown, ctx: ParseContext): Draft {
  const all = pairs(json);
  const title = byKeys(all, TITLE_KEYS);
  const host = byKeys(all, HOST_KEYS);
  const sev = byKeys(all, SEVERITY_KEYS);
  const stateValue = byKeys(all, STATE_KEYS);
  let time: FoundTime | null = null;
  let timeSource: string | null = null;
  for (const k of TIME_KEYS) {
    for (const p of all) {
      if (p.key !== k) continue;
      const v = str(p.value);
      const t = v ? parseTimestamp(v, ctx.time) : null;
      if (t) {
        time = t;
        timeSource = p.key;
        break;
      }
    }
    if (time) break;
  }
  const state: AlertState = stateValue && RESOLVED_VALUE.test(stateValue.value) ? 'resolved' : 'firing';
  const text = jsonText(json);
  const hostValues = all.filter((p) => HOST_KEYS.includes(p.key)).map((p) => str(p.value));
  return {
    format: 'json',
    title: title?.value ?? 'Pasted alert',
    state,
    time,
    timeSource,
    severity: sev ? severityFromWord(sev.value) : null,
    nativeSeverity: sev?.value ?? null,
    host: host?.value ?? null,
    hostValues,
    scan: text,
    symptomSources: [byKeys(all, ['description', 'message', 'summary'])?.value ?? ''],
    fingerprint: byKeys(all, ['fingerprint', 'incident_key', 'dedup_key', 'alert_id', 'id'])?.value ?? null,
    notes: ['No known alert format: title, host, severity, time and state were read by their key names.'],
  };
}

const RESOLVED_TEXT =
  /^(?:\[?(?:resolved|recovery|recovered|cleared|ok)\b)|\b(?:resolved|recovered|recovery|cleared|is (?:back )?up|back online|(?:DOWN|CRIT(?:ICAL)?|WARN(?:ING)?)\s*->\s*(?:UP|OK))\b/i;

export function parseGenericText(msg: Message, ctx: ParseContext): Draft {
  const head = msg.subject || firstLine(msg.body);
  const fromText = msg.date ? null : findTimestamp(msg.body.slice(0, 100_000), ctx.time);
  const sev = findSeverity(`${msg.subject}\n${msg.body}`);
  const lines = msg.body
    .split(/\r?\n/, 50)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return {
    format: msg.wrapped === 'none' ? 'text' : 'email',
    title: head,
    state: RESOLVED_TEXT.test(head) ? 'resolved' : 'firing',
    time: msg.date ?? fromText,
    timeSource: msg.date ? msg.dateSource : fromText ? 'text' : null,
    severity: sev?.severity ?? null,
    nativeSeverity: sev?.native ?? null,
    host: lineField(msg.body, ['Host', 'Hostname', 'Server', 'Device']),
    scan: `${msg.subject}\n${msg.body}`,
    symptomSources: [
      ...lines.slice(0, 3),
      ...['Problem name', 'Problem', 'Trigger', 'Summary', 'Service'].map(
        (n) => lineField(msg.body, [n]) ?? '',
      ),
    ],
    fingerprint: null,
    notes: msg.notes,
  };
}
