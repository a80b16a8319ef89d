/**
 * Icinga 2 e-mail (mail-host-notification.sh / mail-service-notification.sh): subject
 * "[PROBLEM] Host <name> is DOWN!" or "[RECOVERY] <service> on <host> is OK!", body
 * "***** Host Monitoring on … *****". Time: When: ($icinga.long_date_time$). Title: the subject
 * without "[TYPE]" and the "!". Host: Host: ($host.name$) and IPv4:/IPv6:. State: the [TYPE]
 * (RECOVERY is resolved). Severity: the state word, as for Nagios.
 */
import type { Draft, Message, ParseContext } from './draft';
import { isRecoveryType, monitoringStateSeverity } from './states';
import { lineField, stripReplyPrefix } from './text';
import { parseTimestamp } from './time';

export function parseIcinga(msg: Message, ctx: ParseContext): Draft | null {
  const body = msg.body;
  const banner = /\*{3,}\s*(?:Host|Service) Monitoring on\b/i.test(body);
  const subject = /^\[([A-Z]+)\]\s+(.*)$/.exec(stripReplyPrefix(msg.subject));
  if (!banner && !(subject && lineField(body, ['When']) !== null)) return null;
  const type = subject?.[1] ?? '';
  const headline = subject?.[2] ?? /^(.+ is [A-Z]+)!\s*$/m.exec(body)?.[1] ?? '';
  const state = / is ([A-Z]+)!?\s*$/.exec(headline.trim())?.[1] ?? '';
  const rawTime = lineField(body, ['When']);
  const time = rawTime ? parseTimestamp(rawTime, ctx.time) : null;
  const host = lineField(body, ['Host']);
  const service = lineField(body, ['Service']);
  const resolved = isRecoveryType(type) || (type === '' && /^(?:UP|OK)$/.test(state));
  // A comment is what a colleague wrote, not what the check saw: no symptoms from it.
  const info = lineField(body, ['Info']) ?? '';
  return {
    format: 'icinga',
    title: headline.replace(/^Host\s+/, '').replace(/!\s*$/, ''),
    state: resolved ? 'resolved' : 'firing',
    time: time ?? msg.date,
    timeSource: time ? 'When:' : msg.dateSource,
    severity: resolved ? null : monitoringStateSeverity(state),
    nativeSeverity: state || null,
    host,
    hostValues: [lineField(body, ['IPv4']), lineField(body, ['IPv6'])],
    // The banner names the monitoring server, not the failed host.
    scan: `${msg.subject}\n${body.replace(/^\*{3,}.*\*{3,}[ \t]*$/m, '')}`,
    symptomSources: [info],
    fingerprint: host ? `${host}|${service ?? ''}` : null,
    notes: msg.notes,
  };
}
