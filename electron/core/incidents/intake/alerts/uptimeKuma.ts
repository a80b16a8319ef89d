/**
 * Uptime Kuma webhook: {heartbeat, monitor, msg}. Time: heartbeat.time, which is UTC written
 * without a zone (not local: the one zone-less time that is not assumed). Title: monitor name
 * and the heartbeat message. Host: monitor.hostname (ping, port) or the host of monitor.url
 * (http). State: heartbeat.status 0 DOWN, 1 UP (resolved), 2 PENDING, 3 MAINTENANCE.
 * Severity: none in the format; DOWN → SEV2 (defaulted), PENDING → SEV4.
 */
import type { Draft, ParseContext } from './draft';
import { get, getStr, isRecord, str } from './json';
import { firstLine } from './text';
import { parseTimestamp } from './time';

export function parseUptimeKuma(json: unknown, _ctx: ParseContext): Draft | null {
  const heartbeat = get(json, 'heartbeat');
  const monitor = get(json, 'monitor');
  if (!isRecord(heartbeat) || !isRecord(monitor) || typeof heartbeat.status !== 'number') return null;
  const status = heartbeat.status;
  const raw = str(heartbeat.time);
  const time = raw ? parseTimestamp(raw, { assumedZone: 'UTC' }) : null;
  const zoned = time ? { ...time, zoned: true } : null;
  const name = str(monitor.name) ?? 'Uptime Kuma monitor';
  const message = firstLine(str(heartbeat.msg) ?? '');
  const url = str(monitor.url);
  const urlHost = url ? hostOfUrl(url) : null;
  const notes =
    status === 3
      ? ['The monitor is in maintenance: this is not a recovery.']
      : status === 2
        ? ['The monitor is pending (retrying).']
        : [];
  return {
    format: 'uptime-kuma',
    title: message ? `${name}: ${message}` : name,
    state: status === 1 ? 'resolved' : 'firing',
    time: zoned,
    timeSource: zoned ? 'heartbeat.time (UTC)' : null,
    severity: status === 0 ? 'sev2' : status === 2 ? 'sev4' : null,
    nativeSeverity: status === 0 ? 'DOWN' : status === 1 ? 'UP' : status === 2 ? 'PENDING' : 'MAINTENANCE',
    severityDefaulted: status === 0,
    host: str(monitor.hostname) ?? urlHost,
    hostValues: [urlHost],
    scan: [name, str(heartbeat.msg) ?? '', getStr(monitor, 'pathName') ?? ''].join('\n'),
    symptomSources: [message, str(monitor.type) ?? ''],
    fingerprint: str(monitor.id) ? `uptime-kuma:${str(monitor.id)}` : null,
    notes,
  };
}

/** "https://portal.acme.example/x" → "portal.acme.example"; the placeholder "https://" → null. */
function hostOfUrl(url: string): string | null {
  try {
    const h = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return h === '' ? null : h;
  } catch {
    return null;
  }
}
