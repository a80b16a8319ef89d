/**
 * The state words Nagios, Icinga 2 and Checkmk share (UP/DOWN/UNREACHABLE for hosts,
 * OK/WARNING/CRITICAL/UNKNOWN for services, and Checkmk's 4-letter short forms) and what
 * they mean: a 2–3-level scale, so its worst value is SEV2 (docs/alert-formats.md).
 */
import type { Severity } from '../../../../../shared/catalog/labels';

export function monitoringStateSeverity(state: string): Severity | null {
  const s = state.trim().toUpperCase();
  if (/^(?:DOWN|UNREACHABLE|UNRE(?:ACH)?|CRITICAL|CRIT)$/.test(s)) return 'sev2';
  if (/^(?:WARNING|WARN|UNKNOWN|UNKN)$/.test(s)) return 'sev3';
  return null;
}

export function isRecoveredState(state: string): boolean {
  return /^(?:UP|OK)$/i.test(state.trim());
}

/** Nagios-style notification types that mean the problem is over. */
export function isRecoveryType(type: string): boolean {
  return /^RECOVERY$/i.test(type.trim());
}

/** P1…P5 (Datadog, PagerDuty): P1 → SEV1, P2 → SEV2, P3 → SEV3, P4 and P5 → SEV4. */
export function priorityToSeverity(priority: string | null): Severity | null {
  const m = /^p([1-5])$/i.exec((priority ?? '').trim());
  if (!m) return null;
  return m[1] === '1' ? 'sev1' : m[1] === '2' ? 'sev2' : m[1] === '3' ? 'sev3' : 'sev4';
}
