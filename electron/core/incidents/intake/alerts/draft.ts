/**
 * The shape every format parser returns (a Draft: the fields its format names) and the one
 * function that turns it into a ParsedAlert, so host, address, identifier and symptom
 * extraction and the time-zone note are the same for every format.
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { AlertFormat, AlertLabel, AlertState, ParsedAlert } from '../../../../../shared/incidents/alert';
import {
  addHostValue,
  cleanTitle,
  clip,
  fieldLabels,
  firstLine,
  HOST_KEYS,
  hostSink,
  numericTokens,
  scanHosts,
  symptomWords,
} from './text';
import type { FoundTime, TimeOptions } from './time';

export interface Draft {
  readonly format: AlertFormat;
  readonly title: string;
  readonly state: AlertState;
  readonly time: FoundTime | null;
  readonly timeSource: string | null;
  readonly severity: Severity | null;
  readonly nativeSeverity: string | null;
  readonly severityDefaulted?: boolean;
  /** The format's host field, as written. */
  readonly host: string | null;
  /** More values that name the machine (an address field, a dimension). */
  readonly hostValues?: readonly (string | null | undefined)[];
  readonly labels?: readonly AlertLabel[];
  /** The text to look for hosts, identifiers and customer names in. */
  readonly scan: string;
  readonly symptomSources: readonly string[];
  readonly fingerprint: string | null;
  readonly notes?: readonly string[];
}

/** An e-mail's envelope, when the alert came inside one (its Date: is the fallback time). */
export interface Message {
  readonly subject: string;
  readonly body: string;
  readonly date: FoundTime | null;
  readonly dateSource: string | null;
  readonly wrapped: 'mime' | 'outlook' | 'subject' | 'none';
  readonly notes: readonly string[];
}

export interface ParseContext {
  readonly time: TimeOptions;
}

export function finish(d: Draft, ctx: ParseContext): ParsedAlert {
  const sink = hostSink();
  if (d.host) addHostValue(d.host, sink);
  for (const v of d.hostValues ?? []) if (v) addHostValue(v, sink);
  const labels = [...(d.labels ?? []), ...fieldLabels(d.scan)];
  const seen = new Set<string>();
  const unique = labels.filter((l) => {
    const id = `${l.key}=${l.value}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  for (const l of unique) if (HOST_KEYS.has(l.key)) addHostValue(l.value, sink);
  scanHosts(d.scan, sink);
  const hosts = sink.hosts.values();
  const notes = [...(d.notes ?? [])];
  if (d.time && !d.time.zoned)
    notes.push(
      `The alert's time "${clip(d.time.raw, 60)}" has no time zone; it was read as ${ctx.time.assumedZone} time. Check the restore clock's start.`,
    );
  if (d.severityDefaulted && d.severity)
    notes.push(`${d.format} gives no severity: ${d.severity.toUpperCase()} is the default for this format.`);
  const title = cleanTitle(d.title) || cleanTitle(firstLine(d.scan)) || 'Pasted alert';
  const host = d.host
    ? d.host
        .trim()
        .toLowerCase()
        .replace(/:\d{1,5}$/, '')
    : null;
  return {
    format: d.format,
    title,
    state: d.state,
    alertAt: d.time?.iso ?? null,
    timeZoneAssumed: d.time !== null && !d.time.zoned,
    timeSource: d.time ? d.timeSource : null,
    severity: d.severity,
    nativeSeverity: d.nativeSeverity ? clip(d.nativeSeverity, 60) : null,
    severityDefaulted: d.severityDefaulted === true && d.severity !== null,
    host: host || null,
    hosts,
    addresses: sink.addresses.values(),
    labels: unique,
    identifiers: numericTokens(d.scan),
    symptoms: symptomWords([...d.symptomSources, title], hosts),
    fingerprint: d.fingerprint ? clip(d.fingerprint, 200) : null,
    text: d.scan,
    notes,
  };
}
