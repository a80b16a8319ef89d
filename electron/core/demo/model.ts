/**
 * What the demo generator's parts share: its options and defaults, the tables it fills,
 * the tier tables, and the in-memory references (customers, sites, environments, assets,
 * playbooks) one part leaves for the next while the rows are written.
 */
import type { AssetKind, RestoreTargets, Tier } from '../../../shared/catalog/schemas';
import { INDUSTRIES, type Industry, type Region } from './catalog-data';
import type { CorePlaybookSeed, PlaybookBody, PlaybookStep } from './playbook-data';

export const DEMO_DEFAULTS = {
  customers: 60,
  seed: 1,
  /**
   * Enough for the benchmark's size axis (2,000 customers). The private address plan has
   * 1,000 /18 blocks in 10.0.0.0/8; customers past the 1,000th reuse them (addresses.ts),
   * as the private networks of an MSP's customers overlap in life.
   */
  maxCustomers: 4000,
  /** Code and name of the MSP's own shared platform, added on top of the customers. */
  sharedCustomerCode: 'MSPI',
  sharedCustomerName: 'MSP Shared Infrastructure',
} as const;

export interface DemoOptions {
  readonly customers?: number;
  readonly seed?: number;
  /**
   * The moment the data is generated "at": review dates, contract expiries and incident
   * times are relative to it. Pass it for reproducible output; defaults to the current time.
   */
  readonly now?: Date;
  readonly onProgress?: (done: number, total: number) => void;
}

export const DEMO_TABLES = [
  'settings',
  'customers',
  'sites',
  'environments',
  'vendors',
  'assets',
  'asset_links',
  'contacts',
  'support_contracts',
  'maintenance_windows',
  'playbooks',
  'playbook_versions',
  'overlays',
  'incidents',
  'incident_events',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

/** Rows written, per table. */
export type DemoSummary = Readonly<Record<DemoTable, number>>;

/**
 * Average assets per customer: about 50 for a small book, growing to about 100 at 500
 * customers, so the default demo has ~3,000 assets and `customers: 500` ~50,000.
 */
export function assetsPerCustomer(customers: number): number {
  const growth = Math.min(1, Math.max(0, (customers - 60) / 440));
  return 50 + 50 * growth;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const RESTORE_TARGETS: Readonly<Record<Tier, RestoreTargets>> = {
  platinum: { sev1: 30, sev2: 60, sev3: 240, sev4: 1440 },
  gold: { sev1: 60, sev2: 120, sev3: 480, sev4: 2880 },
  silver: { sev1: 120, sev2: 240, sev3: 1440, sev4: 4320 },
  bronze: { sev1: 240, sev2: 480, sev3: 2880, sev4: 7200 },
};

/** How big a customer is relative to the average, by tier. */
export const TIER_SIZE: Readonly<Record<Tier, number>> = {
  platinum: 2.2,
  gold: 1.4,
  silver: 0.9,
  bronze: 0.6,
};

/** Share of customers hosted on the MSP's shared clusters instead of their own hosts. */
export const HOSTED_CHANCE: Readonly<Record<Tier, number>> = {
  platinum: 0,
  gold: 0.05,
  silver: 0.3,
  bronze: 0.65,
};

export const SUPPORT_HOURS: Readonly<Record<Tier, readonly string[]>> = {
  platinum: ['24x7'],
  gold: ['24x7', 'Mon–Fri 07:00–22:00, Sat 08:00–14:00'],
  silver: ['Mon–Fri 08:00–18:00', 'Mon–Sat 08:00–20:00'],
  bronze: ['Mon–Fri 09:00–17:30', 'Mon–Fri 08:00–18:00'],
};

export type Criticality = 'critical' | 'high' | 'medium' | 'low';
export type EnvKind = 'production' | 'dr' | 'test';

export interface AssetRef {
  readonly id: string;
  readonly kind: AssetKind;
  readonly name: string;
  readonly hostname: string | null;
  readonly ip: string | null;
  readonly createdMs: number;
  readonly environmentId: string | null;
  readonly platform: string | null;
  readonly tags: readonly string[];
}

export interface ContactRef {
  readonly name: string;
  readonly role: string;
  readonly phone: string;
}

export interface SiteRef {
  readonly id: string;
  readonly name: string;
  readonly city: string;
}

export interface EnvRef {
  readonly id: string;
  readonly kind: EnvKind;
  readonly site: SiteRef | null;
  readonly name: string;
}

export interface CustomerPlan {
  readonly index: number; // address block: 0 = MSP shared, 1.. = customers
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly domain: string; // e-mail domain, .example
  readonly localDomain: string; // internal DNS suffix, .local
  readonly tier: Tier;
  readonly region: Region;
  readonly industry: Industry | null;
  readonly createdMs: number;
  readonly targetAssets: number;
}

export interface CustomerState {
  readonly plan: CustomerPlan;
  readonly contacts: ContactRef[];
  readonly sites: SiteRef[];
  readonly envs: EnvRef[];
  readonly assets: AssetRef[];
  readonly apps: string[];
  /** Overlay per playbook key, for incidents run against that customer. */
  readonly overlays: Map<string, { id: string; coreVersion: number; createdMs: number; body: OverlayBody }>;
}

export interface SharedInfra {
  readonly customer: CustomerState;
  readonly prodClusters: AssetRef[];
  readonly drClusters: AssetRef[];
  readonly hubCircuits: AssetRef[];
  readonly edgeFirewall: AssetRef;
  readonly backupService: AssetRef;
}

export interface PlaybookVersionRef {
  readonly number: number;
  readonly createdMs: number;
  readonly body: PlaybookBody;
}

export interface PlaybookRef {
  readonly id: string;
  readonly seed: CorePlaybookSeed;
  readonly versions: PlaybookVersionRef[];
}

export type OverlayStepChange =
  | { replace: { instruction?: string; command?: string } }
  | { addAfter: PlaybookStep[] }
  | { skip: { reason: string } };

export interface OverlayBody {
  parameters: Record<string, string | number | boolean>;
  steps: Record<string, OverlayStepChange>;
}

export function industryOf(plan: CustomerPlan): Industry {
  return plan.industry ?? INDUSTRIES[0]!;
}

export function mainSite(state: CustomerState): SiteRef {
  return state.sites[0]!;
}
