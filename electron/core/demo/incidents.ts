/**
 * Past and running incidents: each on an asset of a customer with a playbook that fits it,
 * its log written by the shared incident-log writer with the playbook run as the service
 * would have frozen it (the version and overlay in force when the incident ran).
 */
import type { Severity } from '../../../shared/catalog/schemas';
import type {
  OverlayBody as CoreOverlayBody,
  PlaybookBody as CorePlaybookBody,
} from '../../../shared/playbooks/model';
import { resolvePlaybook } from '../../../shared/playbooks/resolve';
import { ENGINEERS } from './catalog-data';
import type { DemoContext } from './context';
import { type IncidentLogRun, type IncidentLogStatus, writeIncidentLog } from './incidentLog';
import { type AssetRef, type CustomerState, DAY, MINUTE, type OverlayBody, type PlaybookRef } from './model';
import type { PlaybookBody } from './playbook-data';

export function writeIncidents(ctx: DemoContext, states: CustomerState[], playbooks: PlaybookRef[]): void {
  const rng = ctx.rng;
  const count = Math.max(10, Math.round(states.length / 4));
  const openCount = Math.min(3, 1 + (states.length >= 40 ? 1 : 0) + (states.length >= 200 ? 1 : 0));
  for (let i = 0; i < count; i++) {
    // An asset and a playbook that fits it: right kind, and the playbook's tags if it has any.
    let state = rng.pick(states);
    let asset = rng.pick(state.assets);
    let candidates: PlaybookRef[] = [];
    for (let attempt = 0; candidates.length === 0; attempt++) {
      if (attempt > 0) {
        state = rng.pick(states);
        asset = rng.pick(state.assets);
      }
      const a = asset;
      candidates = playbooks.filter(
        (p) =>
          p.seed.assetKinds.includes(a.kind) &&
          (attempt > 50 || p.seed.tags.length === 0 || p.seed.tags.some((t) => a.tags.includes(t))),
      );
    }
    const pb = rng.pick(candidates);
    const severity = rng.weighted<Severity>(
      asset.kind === 'application_service' || asset.kind === 'circuit' || asset.kind === 'cluster'
        ? [
            ['sev1', 3],
            ['sev2', 4],
            ['sev3', 2],
          ]
        : [
            ['sev1', 1],
            ['sev2', 3],
            ['sev3', 4],
            ['sev4', 2],
          ],
    );
    const status: IncidentLogStatus =
      i < openCount ? (i % 2 === 0 ? 'restoring' : 'open') : rng.chance(0.25) ? 'restored' : 'closed';
    writeIncident(ctx, state, asset, pb, severity, status);
  }
}

function writeIncident(
  ctx: DemoContext,
  state: CustomerState,
  asset: AssetRef,
  pb: PlaybookRef,
  severity: Severity,
  status: IncidentLogStatus,
): void {
  const rng = ctx.rng;
  const live = status === 'open' || status === 'restoring';
  const openedMs = live
    ? ctx.nowMs - rng.int(10, 150) * MINUTE - rng.int(0, 59) * 1000
    : ctx.between(ctx.nowMs - 90 * DAY, ctx.nowMs - DAY);
  const restoreMinutes = rng.int(20, 300);
  const restoredMs = live ? null : openedMs + restoreMinutes * MINUTE + rng.int(0, 59) * 1000;
  const closedMs =
    status === 'closed' && restoredMs !== null
      ? Math.min(ctx.nowMs - MINUTE, restoredMs + rng.int(30, 3 * 24 * 60) * MINUTE)
      : null;
  const opener = rng.pick(ENGINEERS);
  const engineer = rng.chance(0.6) ? opener : rng.pick(ENGINEERS);
  const symptom = rng.pick(pb.seed.symptoms);
  writeIncidentLog(
    {
      id: ctx.id(openedMs),
      customerId: state.plan.id,
      title: `${pb.seed.title}: ${asset.name}`,
      severity,
      status,
      openedMs,
      restoredMs,
      closedMs,
      nowMs: ctx.nowMs,
      opener,
      engineer,
      symptom,
      asset,
      contact: state.contacts[0],
      startRun: (startedAt) => startRun(ctx, state, asset, pb, openedMs, startedAt),
    },
    rng,
    {
      incident: (row) => ctx.w.insert('incidents', row),
      event: (row) => ctx.w.insert('incident_events', row),
    },
  );
}

/** The run carries its effective playbook, frozen as the service freezes it at start. */
function startRun(
  ctx: DemoContext,
  state: CustomerState,
  asset: AssetRef,
  pb: PlaybookRef,
  openedMs: number,
  startedAt: number,
): IncidentLogRun {
  const version = [...pb.versions].reverse().find((v) => v.createdMs <= openedMs) ?? pb.versions[0]!;
  // The overlay in force when the incident ran (one written later did not exist yet).
  const stored = state.overlays.get(pb.seed.key);
  const overlay = stored && stored.createdMs <= openedMs ? stored : undefined;
  const effective = resolvePlaybook(
    { version: version.number, body: coreBody(version.body) },
    overlay ? { coreVersion: overlay.coreVersion, body: overlayBody(overlay.body) } : null,
    {
      customer: {
        name: state.plan.name,
        code: state.plan.code,
        tier: state.plan.tier,
        timeZone: state.plan.region.timeZone,
      },
      contacts: state.contacts,
      asset: {
        name: asset.name,
        hostname: asset.hostname,
        ip: asset.ip,
        kind: asset.kind,
        platform: asset.platform,
        model: null,
        serial: null,
        managementUrl: null,
      },
    },
  );
  const runId = ctx.id(startedAt);
  return {
    runId,
    payload: {
      runId,
      playbookId: pb.id,
      playbookTitle: pb.seed.title,
      playbookVersion: version.number,
      overlayId: overlay?.id ?? null,
      assetId: asset.id,
      effective,
    },
    steps: effective.steps,
  };
}

/** The seed body in the shape the shared resolver takes (mutable copies of its lists). */
function coreBody(body: PlaybookBody): CorePlaybookBody {
  return {
    ...body,
    appliesTo: {
      assetKinds: [...body.appliesTo.assetKinds],
      tags: [...body.appliesTo.tags],
      symptoms: [...body.appliesTo.symptoms],
      ...(body.appliesTo.risk ? { risk: body.appliesTo.risk } : {}),
    },
    parameters: body.parameters.map((p) => ({ ...p })),
    steps: body.steps.map((s) => ({ ...s })),
  };
}

/** A stored overlay in the shape the shared resolver takes. */
function overlayBody(body: OverlayBody): CoreOverlayBody {
  return {
    parameters: { ...body.parameters },
    steps: Object.fromEntries(
      Object.entries(body.steps).map(([id, change]) => [
        id,
        'addAfter' in change ? { addAfter: change.addAfter.map((s) => ({ ...s })) } : change,
      ]),
    ),
  };
}
