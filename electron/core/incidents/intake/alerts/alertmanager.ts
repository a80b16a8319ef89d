/**
 * Prometheus Alertmanager: the webhook (version "4": status, commonLabels, alerts[]), one
 * element of alerts[], or an API v2 list of postable alerts. Grafana's webhook has the same
 * shape and is read here too (grafana.ts recognises it first).
 * Time: startsAt (endsAt for a resolved alert; Go's 0001-01-01 is no time). Title:
 * annotations.summary, else labels.alertname. Host: labels.instance (port dropped), host, node.
 * State: the per-alert status (a group is "firing" while any one fires). Severity:
 * labels.severity (a convention: critical → SEV2, warning → SEV3, info → SEV4; none → SEV3).
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { AlertFormat, AlertState } from '../../../../../shared/incidents/alert';
import type { Draft, ParseContext } from './draft';
import { isRecord, type Json, str, stringRecord } from './json';
import { recordLabels, severityFromWord, splitIdentifier } from './text';
import { type FoundTime, parseTimestamp } from './time';

interface AmAlert {
  readonly status: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly fingerprint: string | null;
}

function toAlert(v: unknown): AmAlert | null {
  if (!isRecord(v) || !isRecord(v.labels)) return null;
  return {
    status: str(v.status),
    labels: stringRecord(v.labels),
    annotations: stringRecord(v.annotations),
    startsAt: str(v.startsAt),
    endsAt: str(v.endsAt),
    fingerprint: str(v.fingerprint),
  };
}

/** The alerts of a webhook, a single alert, or an array of alerts; null if it is none of them. */
export function alertList(json: unknown): AmAlert[] | null {
  const list = Array.isArray(json)
    ? json
    : isRecord(json) && Array.isArray(json.alerts)
      ? json.alerts
      : isRecord(json) &&
          isRecord(json.labels) &&
          (json.startsAt !== undefined || json.annotations !== undefined)
        ? [json]
        : null;
  if (list === null) return null;
  const alerts = list.map(toAlert).filter((a): a is AmAlert => a !== null);
  if (alerts.length === 0) {
    // A webhook whose alerts are all unreadable is still a webhook: its common labels may say enough.
    return isRecord(json) && isRecord(json.commonLabels) ? [] : null;
  }
  return alerts;
}

const SEVERITY: Readonly<Record<string, Severity>> = {
  critical: 'sev2',
  page: 'sev2',
  error: 'sev2',
  high: 'sev2',
  warning: 'sev3',
  warn: 'sev3',
  info: 'sev4',
  none: 'sev4',
};

export function readAlertGroup(format: AlertFormat, json: unknown, ctx: ParseContext): Draft | null {
  const alerts = alertList(json);
  if (alerts === null) return null;
  const root: Json = isRecord(json) ? json : {};
  const common = stringRecord(root.commonLabels);
  const commonAnn = stringRecord(root.commonAnnotations);
  const firing = alerts.filter((a) => a.status !== 'resolved');
  const groupResolved = str(root.status) === 'resolved';
  const state: AlertState =
    (alerts.length > 0 && firing.length === 0) || (alerts.length === 0 && groupResolved)
      ? 'resolved'
      : 'firing';
  const used = firing.length > 0 ? firing : alerts;
  const first = used[0];
  const notes: string[] = [];
  if (firing.length > 0 && firing.length < alerts.length)
    notes.push(`${alerts.length - firing.length} of the ${alerts.length} alerts are already resolved.`);

  const alertname = first?.labels.alertname ?? common.alertname ?? '';
  const summary =
    first?.annotations.summary ?? commonAnn.summary ?? first?.annotations.message ?? commonAnn.message ?? '';
  // The description (older kube-prometheus rules: message) says what the summary shortens.
  const details = [
    first?.annotations.description ?? commonAnn.description,
    first?.annotations.message ?? commonAnn.message,
  ].filter((d): d is string => d !== undefined && d !== summary);
  let title = summary || alertname;
  if (used.length > 1) title = `${title || 'Alerts'} (${used.length} alerts)`;

  // Firing: when the first of them started. Resolved: when the last of them ended.
  let time: FoundTime | null = null;
  let timeSource: string | null = null;
  for (const a of used) {
    const raw = state === 'resolved' ? (a.endsAt ?? a.startsAt) : a.startsAt;
    const t = raw ? parseTimestamp(raw, ctx.time) : null;
    if (!t) continue;
    const better = time === null || (state === 'resolved' ? t.iso > time.iso : t.iso < time.iso);
    if (better) {
      time = t;
      timeSource = state === 'resolved' && a.endsAt === raw ? 'endsAt' : 'startsAt';
    }
  }

  let severity: Severity | null = null;
  let nativeSeverity: string | null = null;
  for (const labels of [...used.map((a) => a.labels), common]) {
    const v = labels.severity ?? labels.priority ?? labels.level;
    if (!v) continue;
    const s = SEVERITY[v.trim().toLowerCase()] ?? severityFromWord(v);
    if (s !== null && (severity === null || s < severity)) {
      severity = s;
      nativeSeverity = v;
    }
  }
  const defaulted = severity === null && state === 'firing';

  const labelMaps = [...used.map((a) => a.labels), common];
  const hostOf = (l: Readonly<Record<string, string>>) =>
    l.instance ?? l.host ?? l.hostname ?? l.nodename ?? l.node ?? l.exported_instance ?? null;
  const annotations = [...used.map((a) => a.annotations), commonAnn];
  const annotationText = annotations
    .flatMap((a) => Object.entries(a).filter(([k]) => !/url$/i.test(k)))
    .map(([, v]) => v)
    .join('\n');
  const labelText = labelMaps.flatMap((l) => Object.values(l)).join('\n');
  return {
    format,
    title,
    state,
    time,
    timeSource,
    severity: severity ?? (defaulted ? 'sev3' : null),
    nativeSeverity,
    severityDefaulted: defaulted,
    host: first ? hostOf(first.labels) : hostOf(common),
    hostValues: labelMaps.map(hostOf),
    labels: recordLabels(labelMaps),
    scan: `${title}\n${labelText}\n${annotationText}`,
    symptomSources: [splitIdentifier(alertname), summary, ...details],
    fingerprint: first?.fingerprint ?? str(root.groupKey),
    notes,
  };
}

export function parseAlertmanager(json: unknown, ctx: ParseContext): Draft | null {
  return readAlertGroup('alertmanager', json, ctx);
}
