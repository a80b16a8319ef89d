/**
 * Nagios Core e-mail (notify-host-by-email / notify-service-by-email, "***** Nagios *****").
 * Time: Date/Time: ($LONGDATETIME$, a zone abbreviation such as CET). Title: the subject
 * without "** PROBLEM … **" and "Host Alert:", else "<host> is <state>". Host: Host: (the
 * alias in service mails) and Address:. State: Notification Type: RECOVERY is resolved.
 * Severity: State: DOWN, UNREACHABLE, CRITICAL → SEV2; WARNING, UNKNOWN → SEV3.
 */
import type { Draft, Message, ParseContext } from './draft';
import { isRecoveryType, monitoringStateSeverity } from './states';
import { lineField, stripReplyPrefix } from './text';
import { parseTimestamp } from './time';

export function parseNagios(msg: Message, ctx: ParseContext): Draft | null {
  const body = msg.body;
  const type = lineField(body, ['Notification Type']);
  const subject = stripReplyPrefix(msg.subject);
  const subjectShape = /^\*\*\s*[A-Z]+\s+(?:Host|Service) Alert:/.test(subject);
  if (!(/\*{3,}\s*Nagios\s*\*{3,}/i.test(body) || (type !== null && subjectShape))) return null;
  const host = lineField(body, ['Host']);
  const state = lineField(body, ['State']) ?? '';
  const service = lineField(body, ['Service']);
  const rawTime = lineField(body, ['Date/Time']);
  const time = rawTime ? parseTimestamp(rawTime, ctx.time) : null;
  const info = lineField(body, ['Info']) ?? body.split(/Additional Info:\s*/i)[1]?.trim() ?? '';
  const resolved = type !== null && isRecoveryType(type);
  const built = service ? `${host ?? ''}/${service} is ${state}` : `${host ?? ''} is ${state}`;
  const title = subject
    ? subject.replace(/^\*\*\s*[A-Z]+\s+(?:Host|Service) Alert:\s*/, '').replace(/\s*\*\*\s*$/, '')
    : built;
  return {
    format: 'nagios',
    title,
    state: resolved ? 'resolved' : 'firing',
    time: time ?? msg.date,
    timeSource: time ? 'Date/Time:' : msg.dateSource,
    severity: resolved ? null : monitoringStateSeverity(state),
    nativeSeverity: state || null,
    host,
    hostValues: [lineField(body, ['Address'])],
    scan: `${msg.subject}\n${body}`,
    symptomSources: [service ?? '', info.split('\n')[0] ?? ''],
    fingerprint: host ? `${host}|${service ?? ''}` : null,
    notes: msg.notes,
  };
}
