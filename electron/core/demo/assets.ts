/** One asset row, and the runs-on / depends-on links between assets. */
import type { AssetKind } from '../../../shared/catalog/schemas';
import type { HardwareModel } from './catalog-data';
import type { DemoContext } from './context';
import {
  type AssetRef,
  type Criticality,
  type CustomerState,
  DAY,
  type EnvRef,
  MINUTE,
  type SiteRef,
} from './model';
import { syncColumns } from './rows';

/** What a part of the generator says about an asset; the rest is filled in. */
export interface AssetDraft {
  readonly kind: AssetKind;
  readonly name: string;
  readonly hostname?: string | null;
  readonly ips?: string[];
  readonly env?: EnvRef | null;
  readonly site?: SiteRef | null;
  readonly platform?: string | null;
  readonly vendor?: string | null;
  readonly model?: string | null;
  readonly serial?: string | null;
  readonly criticality: Criticality;
  readonly managementUrl?: string | null;
  readonly accessNotes?: string | null;
  readonly attributes?: Record<string, unknown>;
  readonly tags?: string[];
}

export function writeAsset(ctx: DemoContext, state: CustomerState, a: AssetDraft): AssetRef {
  const plan = state.plan;
  const created = ctx.between(plan.createdMs, ctx.nowMs - DAY);
  const updated = ctx.rng.chance(0.35) ? ctx.between(created, ctx.nowMs - MINUTE) : created;
  const id = ctx.id(created);
  const hostname = a.hostname ?? null;
  const ips = a.ips ?? [];
  const site = a.site ?? a.env?.site ?? null;
  ctx.w.insert('assets', {
    id,
    customer_id: plan.id,
    environment_id: a.env?.id ?? null,
    site_id: site?.id ?? null,
    kind: a.kind,
    name: a.name,
    hostname,
    ip_addresses: JSON.stringify(ips),
    platform: a.platform ?? null,
    vendor_id: ctx.noteVendor(plan.id, a.vendor ?? null),
    model: a.model ?? null,
    serial: a.serial ?? null,
    criticality: a.criticality,
    management_url: a.managementUrl ?? null,
    access_notes: a.accessNotes ?? null,
    attributes: JSON.stringify(a.attributes ?? {}),
    tags: JSON.stringify(a.tags ?? []),
    source: 'demo',
    source_id: `${plan.code}/${a.kind}/${a.name}`,
    ...syncColumns(created, updated),
  });
  const ref: AssetRef = {
    id,
    kind: a.kind,
    name: a.name,
    hostname,
    ip: ips[0] ?? null,
    createdMs: created,
    environmentId: a.env?.id ?? null,
    platform: a.platform ?? null,
    tags: a.tags ?? [],
  };
  state.assets.push(ref);
  return ref;
}

/** `from` needs `to`: from runs on / depends on to. */
export function link(ctx: DemoContext, from: AssetRef, to: AssetRef, kind: 'runs_on' | 'depends_on'): void {
  const created = Math.max(from.createdMs, to.createdMs);
  ctx.w.insert('asset_links', {
    id: ctx.id(created),
    from_asset_id: from.id,
    to_asset_id: to.id,
    kind,
    ...syncColumns(created),
  });
}

/**
 * What every managed device shares: its DNS name in the customer's domain, one address,
 * the vendor, model and a serial of its hardware model, and a web console at its name.
 */
export function managedDevice(
  ctx: DemoContext,
  name: string,
  domain: string,
  ip: string,
  model: HardwareModel,
): Pick<AssetDraft, 'name' | 'hostname' | 'ips' | 'vendor' | 'model' | 'serial' | 'managementUrl'> {
  return {
    name,
    hostname: `${name}.${domain}`,
    ips: [ip],
    vendor: model.vendor,
    model: model.model,
    serial: model.serial(ctx.rng),
    managementUrl: `https://${name}.${domain}`,
  };
}

/** "Lumen 10 Gbps DIA (London)". */
export function circuitName(carrier: string, mbps: number, type: string, city: string): string {
  return `${carrier} ${mbps >= 1000 ? `${mbps / 1000} Gbps` : `${mbps} Mbps`} ${type} (${city})`;
}
