/**
 * AWS CloudWatch alarm via SNS: the HTTP/HTTPS subscription body ({Type: "Notification",
 * Message: "<the alarm as a JSON string>"}), the SNS→Lambda event (Records[].Sns), or the
 * alarm message itself. Time: StateChangeTime ("+0000", no colon), not the envelope's
 * publish Timestamp. Title: AlarmName. Host: Trigger.Dimensions (InstanceId…). State:
 * NewStateValue (OK = resolved). Severity: none in the format; ALARM → SEV2 (defaulted),
 * INSUFFICIENT_DATA → SEV4.
 */
import type { Draft, ParseContext } from './draft';
import { get, getStr, isRecord, type Json, str } from './json';
import { splitIdentifier } from './text';
import { parseTimestamp } from './time';

function alarmOf(json: unknown): { alarm: Json; subject: string | null } | null {
  if (!isRecord(json)) return null;
  const records = json.Records;
  if (Array.isArray(records) && records.length > 0) return alarmOf(get(records[0], 'Sns'));
  if (typeof json.AlarmName === 'string' && typeof json.NewStateValue === 'string')
    return { alarm: json, subject: null };
  if (typeof json.Message !== 'string' || (json.Type !== 'Notification' && json.TopicArn === undefined))
    return null;
  let inner: unknown;
  try {
    inner = JSON.parse(json.Message);
  } catch {
    return null;
  }
  if (!isRecord(inner) || typeof inner.AlarmName !== 'string') return null;
  return { alarm: inner, subject: str(json.Subject) };
}

export function parseCloudWatch(json: unknown, ctx: ParseContext): Draft | null {
  const found = alarmOf(json);
  if (!found) return null;
  const { alarm, subject } = found;
  const value = (str(alarm.NewStateValue) ?? '').toUpperCase();
  const resolved = value === 'OK';
  const raw = str(alarm.StateChangeTime);
  const time = raw ? parseTimestamp(raw, ctx.time) : null;
  const dims = get(alarm, 'Trigger', 'Dimensions');
  const dimValues = Array.isArray(dims) ? dims.map((d) => getStr(d, 'value')) : [];
  const name = str(alarm.AlarmName) ?? subject ?? 'CloudWatch alarm';
  const description = str(alarm.AlarmDescription) ?? '';
  const notes =
    value === 'INSUFFICIENT_DATA'
      ? ['The alarm has insufficient data: it is neither firing nor resolved.']
      : [];
  return {
    format: 'cloudwatch',
    title: name,
    state: resolved ? 'resolved' : 'firing',
    time,
    timeSource: time ? 'StateChangeTime' : null,
    severity: resolved ? null : value === 'INSUFFICIENT_DATA' ? 'sev4' : 'sev2',
    nativeSeverity: value || null,
    severityDefaulted: value === 'ALARM',
    host: dimValues[0] ?? null,
    hostValues: dimValues,
    scan: [name, description, str(alarm.NewStateReason) ?? '', subject ?? '', ...dimValues].join('\n'),
    symptomSources: [
      name.replace(/[-_]+/g, ' '),
      description,
      splitIdentifier(getStr(alarm, 'Trigger', 'MetricName') ?? ''),
    ],
    fingerprint: str(alarm.AlarmArn) ?? name,
    notes,
  };
}
