/** doctor's lines about the incident logs' hash chains (docs/log-integrity.md). */
import { type LogIntegrityReport, REASON_WORDS } from '../incidents/chain';

export function logIntegrityLines(r: LogIntegrityReport | null): string[] {
  if (r === null)
    return ['Incident logs: not checked (schema older than version 8: they are sealed when it is opened)'];
  const counted = `${r.incidents} incidents, ${r.events} events`;
  const lines =
    r.broken.length === 0
      ? [`Incident logs: ${counted}, all chains intact (${r.milliseconds} ms)`]
      : [
          `Incident logs: ${counted}, ${r.broken.length} broken chain${r.broken.length === 1 ? '' : 's'}:`,
          ...r.broken.map(
            (b) =>
              `  Incident "${b.title}" (${b.incidentId}): first bad event ${b.eventId} at ${b.at} (${b.type}, written on ${b.device}): ${REASON_WORDS[b.reason]}; ${b.detail}.`,
          ),
        ];
  if (r.parkedFromCentral.length > 0)
    lines.push(
      `Incident events from central not merged (their chain did not hold): ${r.parkedFromCentral.length}`,
      ...r.parkedFromCentral.map((p) => `  ${p.detail}`),
    );
  return lines;
}
