/**
 * Grafana alerting's webhook: the Alertmanager shape plus orgId, per-alert silenceURL,
 * dashboardURL and values, version "1". Recognised by those before Alertmanager is tried.
 * Fields as for Alertmanager (alertmanager.ts); the top-level title ("[FIRING:1] …") is
 * deprecated and not used; host comes from the rule's labels (host, instance).
 */
import { readAlertGroup } from './alertmanager';
import type { Draft, ParseContext } from './draft';
import { isRecord } from './json';

export function parseGrafana(json: unknown, ctx: ParseContext): Draft | null {
  if (!isRecord(json) || !Array.isArray(json.alerts)) return null;
  const perAlert = json.alerts.some(
    (a) =>
      isRecord(a) && (a.silenceURL !== undefined || a.dashboardURL !== undefined || a.values !== undefined),
  );
  if (json.orgId === undefined && !perAlert) return null;
  return readAlertGroup('grafana', json, ctx);
}
