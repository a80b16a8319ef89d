/**
 * PagerDuty webhook v3: {event: {event_type "incident.triggered" | "incident.resolved" | …,
 * occurred_at, data: incident}}. Time: event.occurred_at. Title: data.title (often carrying
 * the upstream tool's "[FIRING:1]" noise, cleaned). Host: none in the format; read from the
 * title. State: incident.resolved or status resolved. Severity: priority P1 → SEV1, P2 → SEV2,
 * P3 → SEV3, P4/P5 → SEV4; with priorities off, urgency high → SEV2, low → SEV3.
 */
import type { Draft, ParseContext } from './draft';
import { get, getStr, isRecord, str } from './json';
import { priorityToSeverity } from './states';
import { splitIdentifier } from './text';
import { parseTimestamp } from './time';

export function parsePagerDuty(json: unknown, ctx: ParseContext): Draft | null {
  const event = get(json, 'event');
  if (!isRecord(event)) return null;
  const type = str(event.event_type) ?? '';
  const data = event.data;
  if (!type.startsWith('incident.') || !isRecord(data)) return null;
  const resolved = type === 'incident.resolved' || str(data.status) === 'resolved';
  const raw = str(event.occurred_at) ?? str(data.created_at);
  const time = raw ? parseTimestamp(raw, ctx.time) : null;
  const priority = getStr(data, 'priority', 'summary');
  const urgency = str(data.urgency);
  const fromPriority = priorityToSeverity(priority);
  const severity = fromPriority ?? (urgency === 'high' ? 'sev2' : urgency === 'low' ? 'sev3' : null);
  const title = str(data.title) ?? 'PagerDuty incident';
  const service = getStr(data, 'service', 'summary') ?? '';
  const notes =
    type === 'incident.acknowledged' ? ['PagerDuty says the incident was acknowledged, not resolved.'] : [];
  return {
    format: 'pagerduty',
    title,
    state: resolved ? 'resolved' : 'firing',
    time,
    timeSource: time ? (str(event.occurred_at) ? 'occurred_at' : 'created_at') : null,
    severity: resolved ? null : severity,
    nativeSeverity: fromPriority ? priority : urgency,
    host: null,
    scan: [title, service].join('\n'),
    // Titles are often an upstream alert name: "InstanceDown" says down only once split.
    symptomSources: [splitIdentifier(title.replace(/\([^)]*\)/g, ' '))],
    fingerprint: str(data.incident_key) ?? str(data.id),
    notes,
  };
}
