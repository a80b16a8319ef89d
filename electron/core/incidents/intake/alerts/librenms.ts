/**
 * LibreNMS: the default alert template ("Alert for device <host> - <rule>" / "Device <host>
 * recovered from <rule>", Severity:, Timestamp:, Rule:, Faults:) and the API transport, a
 * JSON of template variables (hostname, sysName, ip, severity, rule, state, timestamp…).
 * Time: timestamp / Timestamp: (server local, no zone: flagged) — never a date inside
 * sysDescr or the faults, such as a kernel build date. Title: "<host>: <rule>". Host:
 * hostname, sysName, ip. State: state 0 is recovered (1 alert, 2 acknowledged, 3 worse,
 * 4 better). Severity: critical → SEV2, warning → SEV3, ok → SEV4.
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { Draft, Message, ParseContext } from './draft';
import { isRecord, str } from './json';
import { lineField } from './text';
import { parseTimestamp } from './time';

const SEVERITY: Readonly<Record<string, Severity>> = { critical: 'sev2', warning: 'sev3', ok: 'sev4' };
const ALERT_TITLE = /^Alert for device (\S+) - (.+)$/;
const RECOVERED_TITLE = /^Device (\S+) recovered from (.+)$/;

interface Fields {
  readonly host: string | null;
  readonly rule: string | null;
  readonly severity: string | null;
  readonly timestamp: string | null;
  readonly resolved: boolean;
}

function draft(
  f: Fields,
  more: readonly (string | null)[],
  scan: string,
  msg: Message | null,
  ctx: ParseContext,
): Draft {
  const time = f.timestamp ? parseTimestamp(f.timestamp, ctx.time) : null;
  const native = f.severity;
  return {
    format: 'librenms',
    title: f.host && f.rule ? `${f.host}: ${f.rule}` : (f.rule ?? f.host ?? 'LibreNMS alert'),
    state: f.resolved ? 'resolved' : 'firing',
    time: time ?? msg?.date ?? null,
    timeSource: time ? 'timestamp' : (msg?.dateSource ?? null),
    severity: f.resolved ? null : native ? (SEVERITY[native.toLowerCase()] ?? null) : null,
    nativeSeverity: native,
    host: f.host,
    hostValues: more,
    scan,
    symptomSources: [f.rule ?? ''],
    fingerprint: f.host && f.rule ? `${f.host}|${f.rule}` : null,
    notes: msg?.notes ?? [],
  };
}

export function parseLibreNmsText(msg: Message, ctx: ParseContext): Draft | null {
  const head = msg.subject || msg.body.trim().split(/\r?\n/, 1)[0] || '';
  const alert = ALERT_TITLE.exec(head.trim());
  const recovered = RECOVERED_TITLE.exec(head.trim());
  const m = alert ?? recovered;
  if (!m || lineField(msg.body, ['Timestamp', 'Rule', 'Unique-ID']) === null) return null;
  // The faults quote device columns (sysDescr and its kernel date): hosts yes, times no.
  return draft(
    {
      host: m[1] ?? null,
      rule: lineField(msg.body, ['Rule']) ?? m[2] ?? null,
      severity: lineField(msg.body, ['Severity']),
      timestamp: lineField(msg.body, ['Timestamp']),
      resolved: recovered !== null,
    },
    [],
    `${msg.subject}\n${msg.body.split(/^Faults:/m)[0] ?? ''}`,
    msg,
    ctx,
  );
}

export function parseLibreNmsJson(json: unknown, ctx: ParseContext): Draft | null {
  if (!isRecord(json)) return null;
  const title = str(json.title) ?? '';
  const host = str(json.hostname) ?? str(json.sysName);
  const byTitle = ALERT_TITLE.test(title) || RECOVERED_TITLE.test(title);
  const byKeys =
    host !== null && str(json.rule) !== null && (json.sysDescr !== undefined || json.device_id !== undefined);
  if (!byTitle && !byKeys) return null;
  const state = str(json.state);
  const rule =
    str(json.rule) ??
    str(json.name) ??
    ALERT_TITLE.exec(title)?.[2] ??
    RECOVERED_TITLE.exec(title)?.[2] ??
    null;
  const scan = [
    title,
    host ?? '',
    str(json.sysName) ?? '',
    str(json.ip) ?? '',
    str(json.location) ?? '',
    rule ?? '',
    str(json.msg) ?? '',
  ].join('\n');
  return draft(
    {
      host,
      rule,
      severity: str(json.severity),
      timestamp: str(json.timestamp),
      resolved: state === '0' || (state === null && RECOVERED_TITLE.test(title)),
    },
    [str(json.sysName), str(json.ip)],
    scan,
    null,
    ctx,
  );
}
