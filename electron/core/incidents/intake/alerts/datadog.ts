/**
 * Datadog webhook: the default payload {body, last_updated, event_type, title, date, org, id}
 * and the variables admins add (alert_transition, alert_priority, alert_type, hostname…).
 * Time: date ($DATE, epoch milliseconds as a string), else last_updated, date_posix. Title:
 * alert_title, else title without "[Triggered on {…}]". Host: hostname, else {host:…} in the
 * title or alert_scope. State: alert_transition Recovered, alert_type success, or a
 * "[Recovered" title. Severity: alert_priority P1 → SEV1 … P4/P5 → SEV4, else alert_type
 * error → SEV2, warning → SEV3, info → SEV4; none → SEV3 (defaulted).
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { Draft, ParseContext } from './draft';
import { isRecord, str } from './json';
import { priorityToSeverity } from './states';
import { type FoundTime, parseTimestamp } from './time';

const TYPE: Readonly<Record<string, Severity>> = { error: 'sev2', warning: 'sev3', info: 'sev4' };

export function parseDatadog(json: unknown, ctx: ParseContext): Draft | null {
  if (!isRecord(json)) return null;
  const title = str(json.title);
  const isDatadog =
    (isRecord(json.org) &&
      title !== null &&
      (json.event_type !== undefined || json.last_updated !== undefined)) ||
    (json.alert_transition !== undefined && title !== null);
  if (!isDatadog || title === null) return null;
  const transition = (str(json.alert_transition) ?? '').toLowerCase();
  const type = (str(json.alert_type) ?? '').toLowerCase();
  const prefix = /^\[([^\]]*)\]/.exec(title)?.[1]?.toLowerCase() ?? '';
  const resolved = transition.startsWith('recovered') || type === 'success' || prefix.startsWith('recovered');
  let time: FoundTime | null = null;
  let timeSource: string | null = null;
  for (const key of ['date', 'last_updated', 'date_posix'] as const) {
    const v = str(json[key]);
    time = v ? parseTimestamp(v, ctx.time) : null;
    if (time) {
      timeSource = key;
      break;
    }
  }
  const priority = str(json.alert_priority);
  let severity: Severity | null = priorityToSeverity(priority);
  let native = severity ? priority : null;
  if (severity === null && TYPE[type]) {
    severity = TYPE[type] ?? null;
    native = type;
  }
  if (severity === null && prefix.startsWith('warn')) {
    severity = 'sev3';
    native = 'Warn';
  }
  const defaulted = severity === null && !resolved;
  const scopeHost =
    /\{host:([^},\s]+)/.exec(title)?.[1] ?? /(?:^|,)host:([^,\s]+)/.exec(str(json.alert_scope) ?? '')?.[1];
  const body = (str(json.body) ?? '').replace(/%%%/g, '').replace(/\[\[[^\]]*\]\([^)]*\)\]/g, ' ');
  const clean = str(json.alert_title) ?? title;
  return {
    format: 'datadog',
    title: clean,
    state: resolved ? 'resolved' : 'firing',
    time,
    timeSource,
    severity: resolved ? null : (severity ?? (defaulted ? 'sev3' : null)),
    nativeSeverity: native,
    severityDefaulted: defaulted,
    host: str(json.hostname) ?? scopeHost ?? null,
    scan: [clean, body, str(json.tags) ?? ''].join('\n'),
    // The monitor's message, without its notification handles ("@webhook-lifeline", "@slack-noc").
    symptomSources: [(body.split('\n').find((l) => l.trim() !== '') ?? '').replace(/(?<!\S)@[\w.-]+/g, ' ')],
    fingerprint:
      str(json.alert_id) ?? (clean ? `${scopeHost ?? ''}|${clean.replace(/^\[[^\]]*\]\s*/, '')}` : null),
  };
}
