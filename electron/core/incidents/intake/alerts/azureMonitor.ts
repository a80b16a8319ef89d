/**
 * Azure Monitor common alert schema (schemaId azureMonitorCommonAlertSchema, data.essentials).
 * Time: firedDateTime, resolvedDateTime when Resolved (7 fractional digits). Title: alertRule.
 * Host: configurationItems[0], else the last segment of alertTargetIDs[0]. State:
 * monitorCondition Fired / Resolved. Severity: Sev0 → SEV1, Sev1 → SEV2, Sev2 → SEV3,
 * Sev3 and Sev4 → SEV4. customProperties become labels (customer, tenant…).
 */
import type { Severity } from '../../../../../shared/catalog/labels';
import type { Draft, ParseContext } from './draft';
import { get, getStr, isRecord, str, stringRecord } from './json';
import { recordLabels } from './text';
import { parseTimestamp } from './time';

const SEVERITY: Readonly<Record<string, Severity>> = {
  sev0: 'sev1',
  sev1: 'sev2',
  sev2: 'sev3',
  sev3: 'sev4',
  sev4: 'sev4',
};

export function parseAzureMonitor(json: unknown, ctx: ParseContext): Draft | null {
  const essentials = get(json, 'data', 'essentials');
  if (!isRecord(essentials)) return null;
  if (getStr(json, 'schemaId') !== 'azureMonitorCommonAlertSchema' && str(essentials.alertRule) === null)
    return null;
  const resolved = (str(essentials.monitorCondition) ?? '').toLowerCase() === 'resolved';
  const rawTime = resolved ? str(essentials.resolvedDateTime) : str(essentials.firedDateTime);
  const time = rawTime ? parseTimestamp(rawTime, ctx.time) : null;
  const native = str(essentials.severity);
  const items = Array.isArray(essentials.configurationItems) ? essentials.configurationItems.map(str) : [];
  const targets = Array.isArray(essentials.alertTargetIDs) ? essentials.alertTargetIDs.map(str) : [];
  const fromTarget = targets.map((t) => (t ? (t.split('/').pop() ?? null) : null));
  const rule = str(essentials.alertRule) ?? str(essentials.description) ?? 'Azure Monitor alert';
  const description = str(essentials.description) ?? '';
  const custom = stringRecord(get(json, 'data', 'customProperties'));
  // A metric alert's conditions name what was measured ("Percentage CPU", "Available Memory Bytes").
  const criteria = get(json, 'data', 'alertContext', 'condition', 'allOf');
  const metrics = Array.isArray(criteria)
    ? criteria.map((c) => (isRecord(c) ? (str(c.metricName) ?? '') : ''))
    : [];
  return {
    format: 'azure-monitor',
    title: rule,
    state: resolved ? 'resolved' : 'firing',
    time,
    timeSource: time ? (resolved ? 'resolvedDateTime' : 'firedDateTime') : null,
    severity: native ? (SEVERITY[native.toLowerCase()] ?? null) : null,
    nativeSeverity: native,
    host: items[0] ?? fromTarget[0] ?? null,
    hostValues: [...items, ...fromTarget],
    labels: recordLabels([custom]),
    scan: [rule, description, ...items.map((i) => i ?? ''), ...Object.values(custom)].join('\n'),
    symptomSources: [description, ...metrics, str(essentials.signalType) ?? ''],
    fingerprint: str(essentials.alertId),
  };
}
