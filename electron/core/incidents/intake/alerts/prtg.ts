/**
 * PRTG: the notification e-mail (subject "[%sitename] %device %name %status %down (%message)",
 * plain or HTML) and an "Execute HTTP Action" payload of placeholders (device, sensor, status,
 * datetime…). Time: %datetime ("14.12.2026 03:12:45": the user's zone, not written: flagged).
 * Title: device, sensor and status (and the message). Host: %device, %host. State: Up is
 * resolved. Severity: Down → SEV2 (SEV1 with five-star priority), Warning → SEV3, Unusual,
 * Unknown → SEV4.
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { Draft, Message, ParseContext } from './draft';
import { getCi, isRecord, jsonText } from './json';
import { lineField } from './text';
import { parseTimestamp } from './time';

function severityOf(status: string, priority: string | null): Severity | null {
  const s = status.toLowerCase();
  const stars = (priority ?? '').replace(/[^*★]/g, '').length;
  if (s.startsWith('down')) return stars >= 5 ? 'sev1' : 'sev2';
  if (s.startsWith('warning')) return 'sev3';
  if (s.startsWith('unusual') || s.startsWith('unknown')) return 'sev4';
  return null;
}

interface PrtgFields {
  readonly device: string | null;
  readonly host: string | null;
  readonly sensor: string | null;
  readonly status: string;
  readonly message: string | null;
  readonly datetime: string | null;
  readonly priority: string | null;
  readonly id: string | null;
}

function draft(f: PrtgFields, title: string, scan: string, msg: Message | null, ctx: ParseContext): Draft {
  const time = f.datetime ? parseTimestamp(f.datetime, ctx.time) : null;
  const resolved = /^up\b/i.test(f.status);
  // "acme-sql01 (10.20.30.41)": the device name, then its address.
  const device = f.device?.replace(/\s*\(([^)]*)\)\s*$/, '') ?? null;
  const inParens = /\(([^)]*)\)\s*$/.exec(f.device ?? '')?.[1] ?? null;
  return {
    format: 'prtg',
    title,
    state: resolved ? 'resolved' : 'firing',
    time: time ?? msg?.date ?? null,
    timeSource: time ? '%datetime' : (msg?.dateSource ?? null),
    severity: resolved ? null : severityOf(f.status, f.priority),
    nativeSeverity: f.status || null,
    host: device,
    hostValues: [f.host, inParens],
    scan,
    symptomSources: [f.sensor ?? '', f.message ?? ''],
    fingerprint: f.id ?? (device && f.sensor ? `${device}|${f.sensor}` : null),
    notes: msg?.notes ?? [],
  };
}

export function parsePrtgText(msg: Message, ctx: ParseContext): Draft | null {
  const body = msg.body;
  const status = lineField(body, ['Status']);
  const sensor = lineField(body, ['Sensor']);
  const device = lineField(body, ['Device']);
  if (status === null || sensor === null || device === null) return null;
  const link = lineField(body, ['Link']) ?? '';
  const f: PrtgFields = {
    device,
    host: null,
    sensor,
    status,
    message: lineField(body, ['Message']),
    datetime: lineField(body, ['Date/Time', 'Datetime']),
    priority: lineField(body, ['Priority']),
    id: /[?&]id=(\d+)/.exec(link)?.[1] ?? null,
  };
  const subject = msg.subject.replace(/^\[[^\]]*\]\s*/, '');
  const title = subject || `${device} ${sensor} ${status}`;
  // "[MSP-PRTG01]" is the PRTG server's name, not the device's.
  return draft(f, title, `${subject}\n${body}`, msg, ctx);
}

export function parsePrtgJson(json: unknown, ctx: ParseContext): Draft | null {
  if (!isRecord(json)) return null;
  const sensor = getCi(json, 'sensor', 'name');
  const status = getCi(json, 'status', 'state');
  const device = getCi(json, 'device');
  if (sensor === null || status === null || device === null) return null;
  if (getCi(json, 'datetime', 'sitename', 'probe', 'sensorid', 'linksensor') === null) return null;
  const message = getCi(json, 'message', 'lastmessage');
  const f: PrtgFields = {
    device,
    host: getCi(json, 'host'),
    sensor,
    status,
    message,
    datetime: getCi(json, 'datetime', 'date'),
    priority: getCi(json, 'priority'),
    id: getCi(json, 'sensorid', 'objid'),
  };
  const title = `${device} ${sensor} ${status}${message ? ` (${message})` : ''}`;
  return draft(f, title, jsonText(json, new Set(['sitename', 'probe'])), null, ctx);
}
