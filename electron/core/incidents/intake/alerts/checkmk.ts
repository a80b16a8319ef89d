/**
 * Checkmk: the ASCII notification e-mail (subject "Checkmk: <host> - UP -> DOWN" or
 * "Checkmk: <host>/<service> OK -> CRIT", body Host:/Alias:/Address:/Event:/Output:) and a
 * notification context dumped as JSON by a forwarding script (NOTIFY_* keys). Time:
 * NOTIFY_MICROTIME (epoch microseconds), else LONGDATETIME, SHORTDATETIME (no zone: flagged);
 * the e-mail has none, so its Date: header. Title: "<service> on <host> is <state>" or the
 * subject without "Checkmk: ". State: NOTIFICATIONTYPE RECOVERY, or "X -> UP/OK". Severity:
 * DOWN, UNREACHABLE (UNRE), CRITICAL (CRIT) → SEV2; WARNING, UNKNOWN → SEV3.
 */
import type { Draft, Message, ParseContext } from './draft';
import { isRecord, type Json, str } from './json';
import { isRecoveredState, isRecoveryType, monitoringStateSeverity } from './states';
import { lineField } from './text';
import { type FoundTime, fromEpoch, parseTimestamp } from './time';

export function parseCheckmkText(msg: Message, _ctx: ParseContext): Draft | null {
  const subject = /^Checkmk:\s*(.+)$/i.exec(msg.subject.trim());
  const event = lineField(msg.body, ['Event']);
  if (!subject && !(event && /->/.test(event) && lineField(msg.body, ['Output']) !== null)) return null;
  const transition = /(\S+)\s*->\s*(\S+)/.exec(event ?? subject?.[1] ?? '');
  const to = transition?.[2] ?? '';
  const host = lineField(msg.body, ['Host']);
  const service = lineField(msg.body, ['Service']);
  const output = lineField(msg.body, ['Output']) ?? '';
  return {
    format: 'checkmk',
    title: subject?.[1] ?? `${service ? `${service} on ` : ''}${host ?? ''} ${event ?? ''}`,
    state: isRecoveredState(to) ? 'resolved' : 'firing',
    time: msg.date,
    timeSource: msg.dateSource,
    severity: monitoringStateSeverity(to),
    nativeSeverity: to || null,
    host,
    hostValues: [lineField(msg.body, ['Alias']), lineField(msg.body, ['Address'])],
    scan: `${msg.subject}\n${msg.body.split(/^Perfdata:/m)[0] ?? ''}`,
    symptomSources: [service ?? '', output.replace(/\(!+\)/g, ' ')],
    fingerprint: host ? `${host}|${service ?? ''}` : null,
    notes: msg.notes,
  };
}

function ctxValue(json: Json, key: string): string | null {
  return str(json[`NOTIFY_${key}`]) ?? str(json[key]);
}

export function parseCheckmkContext(json: unknown, ctx: ParseContext): Draft | null {
  if (!isRecord(json)) return null;
  const host = ctxValue(json, 'HOSTNAME');
  const type = ctxValue(json, 'NOTIFICATIONTYPE');
  if (
    host === null ||
    type === null ||
    (ctxValue(json, 'WHAT') === null && ctxValue(json, 'HOSTSTATE') === null)
  )
    return null;
  const isService = (ctxValue(json, 'WHAT') ?? '').toUpperCase() === 'SERVICE';
  const service = isService ? ctxValue(json, 'SERVICEDESC') : null;
  const state = (isService ? ctxValue(json, 'SERVICESTATE') : ctxValue(json, 'HOSTSTATE')) ?? '';
  const resolved = isRecoveryType(type) || (type.toUpperCase() !== 'PROBLEM' && isRecoveredState(state));
  let time: FoundTime | null = null;
  let timeSource: string | null = null;
  const micro = ctxValue(json, 'MICROTIME');
  if (micro && /^\d{15,17}$/.test(micro)) {
    time = fromEpoch(micro);
    timeSource = 'NOTIFY_MICROTIME';
  }
  for (const key of ['LONGDATETIME', 'SHORTDATETIME'] as const) {
    if (time) break;
    const v = ctxValue(json, key);
    time = v ? parseTimestamp(v, ctx.time) : null;
    if (time) timeSource = `NOTIFY_${key}`;
  }
  const output = (isService ? ctxValue(json, 'SERVICEOUTPUT') : ctxValue(json, 'HOSTOUTPUT')) ?? '';
  const title = `${service ? `${service} on ` : ''}${host} is ${state}`;
  return {
    format: 'checkmk',
    title,
    state: resolved ? 'resolved' : 'firing',
    time,
    timeSource,
    severity: resolved ? null : monitoringStateSeverity(state),
    nativeSeverity: state || null,
    host,
    hostValues: [
      ctxValue(json, 'HOSTALIAS'),
      ctxValue(json, 'HOSTADDRESS'),
      ctxValue(json, 'HOST_ADDRESS_6'),
    ],
    scan: [
      title,
      output,
      ctxValue(json, 'HOSTALIAS') ?? '',
      ctxValue(json, 'NOTIFICATIONCOMMENT') ?? '',
    ].join('\n'),
    symptomSources: [service ?? '', output.replace(/\(!+\)/g, ' ')],
    fingerprint: `${host}|${service ?? ''}`,
  };
}
