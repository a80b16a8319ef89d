/**
 * What a pasted alert says, once read: the model every alert parser fills in (the parsers
 * themselves live in the back end, electron/core/incidents/intake/alerts/, where they may use
 * a MIME parser and an address library). Resolving it against the catalog happens there too.
 */
import type { Severity } from '../catalog/labels';

/** Every format the intake recognises; 'json' and 'text' are the generic fallbacks. */
export const ALERT_FORMATS = [
  'alertmanager',
  'grafana',
  'zabbix',
  'nagios',
  'icinga',
  'prtg',
  'datadog',
  'uptime-kuma',
  'azure-monitor',
  'cloudwatch',
  'pagerduty',
  'librenms',
  'checkmk',
  'email',
  'json',
  'text',
] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

/** How the UI names each format ("Zabbix alert", "from Azure Monitor"). */
export const ALERT_FORMAT_LABELS: Readonly<Record<AlertFormat, string>> = {
  alertmanager: 'Prometheus Alertmanager',
  grafana: 'Grafana alerting',
  zabbix: 'Zabbix',
  nagios: 'Nagios',
  icinga: 'Icinga 2',
  prtg: 'PRTG',
  datadog: 'Datadog',
  'uptime-kuma': 'Uptime Kuma',
  'azure-monitor': 'Azure Monitor',
  cloudwatch: 'AWS CloudWatch (SNS)',
  pagerduty: 'PagerDuty',
  librenms: 'LibreNMS',
  checkmk: 'Checkmk',
  email: 'e-mail',
  json: 'JSON',
  text: 'text',
};

/** A recovery ("Resolved", "RECOVERY", "DOWN -> UP", OK…) is 'resolved'; everything else is 'firing'. */
export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface AlertLabel {
  readonly key: string;
  readonly value: string;
}

export interface ParsedAlert {
  readonly format: AlertFormat;
  /** Never empty, at most TITLE_MAX characters, cleaned of "** PROBLEM … **", "[FIRING:1]", "Fwd:" noise. */
  readonly title: string;
  readonly state: AlertState;
  /** ISO-8601 UTC: the format's own event time (a recovery's is when it recovered), or null. */
  readonly alertAt: string | null;
  /** True when the alert's time carried no zone and one was assumed (see notes for which). */
  readonly timeZoneAssumed: boolean;
  /** Where the time came from ("startsAt", "Date/Time:", "Date: header"), for the engineer to check. */
  readonly timeSource: string | null;
  readonly severity: Severity | null;
  /** The format's own severity value as written ("High", "Sev2", "P2", "CRITICAL"), if any. */
  readonly nativeSeverity: string | null;
  /** True when the format has no severity of its own and `severity` is the format's default. */
  readonly severityDefaulted: boolean;
  /** The host the format names in its host field (as written, lower case), if it has one. */
  readonly host: string | null;
  /** Lower-case host names: FQDNs as written and short names (an FQDN's first label too). */
  readonly hosts: readonly string[];
  /** IPv4 (dotted decimal, IPv4-mapped IPv6 unwrapped) and IPv6 (RFC 5952) addresses. */
  readonly addresses: readonly string[];
  /** Values of the labels that name a host or a customer (instance, node, customer, tenant…). */
  readonly labels: readonly AlertLabel[];
  /** Numbers written as whole tokens (circuit IDs, serials, asset tags), at least 5 digits. */
  readonly identifiers: readonly string[];
  readonly symptoms: readonly string[];
  /** A stable key of this alert in its source (Alertmanager fingerprint, Zabbix event id…), for dedup. */
  readonly fingerprint: string | null;
  /** The human-written part of the alert, where customer codes and names are looked for. */
  readonly text: string;
  /** What could not be read or should be checked ("no time zone: read as Europe/Berlin"). */
  readonly notes: readonly string[];
}

export const TITLE_MAX = 300;
/** Bounds on what one alert can ask the catalog about: a pasted log must not become 10,000 lookups. */
export const MAX_HOSTS = 100;
export const MAX_ADDRESSES = 100;
export const MAX_IDENTIFIERS = 20;

/** Labels whose value names the customer (MSP alert rules often add one). */
export const CUSTOMER_LABEL_KEYS = [
  'customer',
  'tenant',
  'client',
  'company',
  'org',
  'organization',
] as const;
