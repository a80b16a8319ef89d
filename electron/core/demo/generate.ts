/**
 * Deterministic demo data: a plausible MSP book of customers (sites, environments,
 * layered assets with runs-on / depends-on links, contacts, vendors and contracts,
 * maintenance windows), the core playbooks with versions and customer overlays, and a
 * few past incidents with their event logs.
 *
 * Same seed + same `now` → the same rows, ids included: every random choice and every id
 * comes from one seeded generator, never from Math.random or the shared uuidv7().
 * Everything is written in one transaction with prepared statements.
 */
import { LifelineError } from '../../../shared/api/result';
import type { AssetKind, RestoreTargets, Severity, Tier } from '../../../shared/catalog/schemas';
import type {
  OverlayBody as CoreOverlayBody,
  PlaybookBody as CorePlaybookBody,
} from '../../../shared/playbooks/model';
import { resolvePlaybook } from '../../../shared/playbooks/resolve';
import type { Db } from '../db/database';
import { recomputeAllIncidents } from '../incidents/log';
import {
  CLOUD_REGIONS,
  CLOUD_RESOURCES,
  COMMON_APPS,
  CONTACT_NOTES,
  CONTACT_ROLES_FIRST,
  CONTACT_ROLES_LAST,
  CONTACT_ROLES_MIDDLE,
  CUSTOMER_NOTES,
  DB_ENGINES,
  ENGINEERS,
  FIREWALL_MODELS,
  FIRST_NAMES,
  type HardwareModel,
  HOST_MODELS,
  HYPERVISORS,
  type Hypervisor,
  INDUSTRIES,
  type Industry,
  LAST_NAMES,
  NAME_STEMS,
  REGIONS,
  type Region,
  STORAGE_MODELS,
  STREETS,
  SWITCH_MODELS,
  VENDORS,
  VM_ROLES,
  type VmRole,
} from './catalog-data';
import {
  CORE_PLAYBOOKS,
  type CorePlaybookSeed,
  type PlaybookBody,
  type PlaybookParameter,
  type PlaybookStep,
} from './playbook-data';
import { demoUuidV7, Rng } from './random';

export const DEMO_DEFAULTS = {
  customers: 60,
  seed: 1,
  /** The private address plan gives each customer its own /18 in 10.0.0.0/8: 1,000 at most. */
  maxCustomers: 1000,
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const RESTORE_TARGETS: Readonly<Record<Tier, RestoreTargets>> = {
  platinum: { sev1: 30, sev2: 60, sev3: 240, sev4: 1440 },
  gold: { sev1: 60, sev2: 120, sev3: 480, sev4: 2880 },
  silver: { sev1: 120, sev2: 240, sev3: 1440, sev4: 4320 },
  bronze: { sev1: 240, sev2: 480, sev3: 2880, sev4: 7200 },
};

/** How big a customer is relative to the average, by tier. */
const TIER_SIZE: Readonly<Record<Tier, number>> = { platinum: 2.2, gold: 1.4, silver: 0.9, bronze: 0.6 };

/** Share of customers hosted on the MSP's shared clusters instead of their own hosts. */
const HOSTED_CHANCE: Readonly<Record<Tier, number>> = { platinum: 0, gold: 0.05, silver: 0.3, bronze: 0.65 };

const SUPPORT_HOURS: Readonly<Record<Tier, readonly string[]>> = {
  platinum: ['24x7'],
  gold: ['24x7', 'Mon–Fri 07:00–22:00, Sat 08:00–14:00'],
  silver: ['Mon–Fri 08:00–18:00', 'Mon–Sat 08:00–20:00'],
  bronze: ['Mon–Fri 09:00–17:30', 'Mon–Fri 08:00–18:00'],
};

type Criticality = 'critical' | 'high' | 'medium' | 'low';
type EnvKind = 'production' | 'dr' | 'test';

interface AssetRef {
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

interface ContactRef {
  readonly name: string;
  readonly role: string;
  readonly phone: string;
}

interface SiteRef {
  readonly id: string;
  readonly name: string;
  readonly city: string;
}

interface EnvRef {
  readonly id: string;
  readonly kind: EnvKind;
  readonly site: SiteRef | null;
  readonly name: string;
}

interface CustomerPlan {
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

interface CustomerState {
  readonly plan: CustomerPlan;
  readonly contacts: ContactRef[];
  readonly sites: SiteRef[];
  readonly envs: EnvRef[];
  readonly assets: AssetRef[];
  readonly apps: string[];
  /** Overlay per playbook key, for incidents run against that customer. */
  readonly overlays: Map<string, { id: string; coreVersion: number; createdMs: number; body: OverlayBody }>;
}

interface SharedInfra {
  readonly customer: CustomerState;
  readonly prodClusters: AssetRef[];
  readonly drClusters: AssetRef[];
  readonly hubCircuits: AssetRef[];
  readonly edgeFirewall: AssetRef;
  readonly backupService: AssetRef;
}

interface PlaybookVersionRef {
  readonly number: number;
  readonly createdMs: number;
  readonly body: PlaybookBody;
}

interface PlaybookRef {
  readonly id: string;
  readonly seed: CorePlaybookSeed;
  readonly versions: PlaybookVersionRef[];
}

// ---------------------------------------------------------------------------------------
// Writing rows

type Row = Record<string, string | number | null>;

const SYNC_COLUMNS = ['created_at', 'updated_at', 'deleted_at', 'version'] as const;

const COLUMNS: Readonly<Record<DemoTable, readonly string[]>> = {
  settings: ['key', 'value'],
  customers: [
    'id',
    'code',
    'name',
    'tier',
    'time_zone',
    'restore_targets',
    'support_hours',
    'notes',
    'tags',
    'reviewed_at',
    'review_interval_days',
    'kind',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  sites: ['id', 'customer_id', 'name', 'city', 'address', 'source', 'source_id', ...SYNC_COLUMNS],
  environments: ['id', 'customer_id', 'site_id', 'name', 'kind', ...SYNC_COLUMNS],
  vendors: [
    'id',
    'name',
    'support_phone',
    'support_email',
    'website',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  assets: [
    'id',
    'customer_id',
    'environment_id',
    'site_id',
    'kind',
    'name',
    'hostname',
    'ip_addresses',
    'platform',
    'vendor_id',
    'model',
    'serial',
    'criticality',
    'management_url',
    'access_notes',
    'attributes',
    'tags',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  asset_links: ['id', 'from_asset_id', 'to_asset_id', 'kind', ...SYNC_COLUMNS],
  contacts: [
    'id',
    'customer_id',
    'name',
    'role',
    'phone',
    'email',
    'escalation_order',
    'notes',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  support_contracts: [
    'id',
    'customer_id',
    'vendor_id',
    'contract_number',
    'support_phone',
    'hours',
    'expires_on',
    ...SYNC_COLUMNS,
  ],
  maintenance_windows: [
    'id',
    'customer_id',
    'name',
    'weekday',
    'start_time',
    'duration_minutes',
    ...SYNC_COLUMNS,
  ],
  playbooks: [
    'id',
    'title',
    'current_version',
    'owner',
    'review_interval_days',
    'reviewed_at',
    'source',
    'source_id',
    ...SYNC_COLUMNS,
  ],
  playbook_versions: ['id', 'playbook_id', 'number', 'body', 'author', 'created_at'],
  overlays: ['id', 'customer_id', 'playbook_id', 'core_version', 'body', ...SYNC_COLUMNS],
  incidents: [
    'id',
    'customer_id',
    'title',
    'severity',
    'status',
    'opened_at',
    'restored_at',
    'closed_at',
    ...SYNC_COLUMNS,
  ],
  incident_events: ['id', 'incident_id', 'at', 'device', 'author', 'type', 'payload'],
};

class Writer {
  readonly counts: Record<DemoTable, number>;
  private readonly statements: Record<DemoTable, (row: Row) => void>;

  constructor(db: Db) {
    const counts = {} as Record<DemoTable, number>;
    const statements = {} as Record<DemoTable, (row: Row) => void>;
    for (const table of DEMO_TABLES) {
      const cols = COLUMNS[table];
      const stmt = db.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
      );
      counts[table] = 0;
      statements[table] = (row) => {
        stmt.run(row);
        counts[table] += 1;
      };
    }
    this.counts = counts;
    this.statements = statements;
  }

  insert(table: DemoTable, row: Row): void {
    this.statements[table](row);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);

function syncColumns(createdMs: number, updatedMs: number = createdMs): Row {
  return { created_at: iso(createdMs), updated_at: iso(updatedMs), deleted_at: null, version: 1 };
}

// ---------------------------------------------------------------------------------------
// Private address plan

/** Third-octet offsets of each VLAN inside a customer's /18 (0..63). */
const VLANS = {
  mgmt: [10, 10],
  bmc: [11, 11],
  servers: [20, 29],
  dmz: [30, 31],
  storage: [40, 40],
  k8s: [41, 42],
  test: [45, 49],
  cloud: [50, 54],
  dr: [55, 63],
} as const satisfies Record<string, readonly [number, number]>;
type Vlan = keyof typeof VLANS;

/**
 * Block 0 (the MSP's shared platform) is 172.16.0.0/18. Customer k gets 10.a.b.0/18 with
 * a = 1 + (k-1) mod 250 and b = 64 × ⌊(k-1)/250⌋: customers 1–250 get 10.k.x.x exactly.
 */
class AddressPlan {
  private readonly prefix: string;
  private readonly thirdBase: number;
  private readonly next = new Map<Vlan, { third: number; host: number }>();

  constructor(block: number) {
    if (block === 0) {
      this.prefix = '172.16';
      this.thirdBase = 0;
    } else {
      this.prefix = `10.${1 + ((block - 1) % 250)}`;
      this.thirdBase = 64 * Math.floor((block - 1) / 250);
    }
  }

  /** Hosts start at .11: .1 is the gateway, .2–.10 are kept for HA and VIPs. */
  take(vlan: Vlan): string {
    const [first, last] = VLANS[vlan];
    const cur = this.next.get(vlan) ?? { third: first, host: 11 };
    if (cur.host > 254) {
      cur.third += 1;
      cur.host = 11;
    }
    if (cur.third > last) throw new Error(`demo address plan: VLAN ${vlan} of ${this.prefix} is full`);
    const ip = `${this.prefix}.${this.thirdBase + cur.third}.${cur.host}`;
    cur.host += 1;
    this.next.set(vlan, cur);
    return ip;
  }
}

// ---------------------------------------------------------------------------------------
// Names

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function letters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
}

/** 4–6 uppercase letters, unique, derived from the company name (HARB, NWDG...). */
function makeCode(name: string, taken: Set<string>, rng: Rng): string {
  const words = name
    .split(/\s+/)
    .map(letters)
    .filter((w) => w.length > 0);
  const [w1 = 'X', w2 = '', w3 = ''] = words;
  const initials = words.map((w) => w[0]).join('');
  const candidates = [
    w1.slice(0, 4),
    w1.slice(0, 2) + w2.slice(0, 2),
    w1.slice(0, 3) + w2.slice(0, 1),
    (initials + w1.slice(1)).slice(0, 4),
    w1.slice(0, 2) + w2.slice(0, 1) + w3.slice(0, 1),
    w1.slice(0, 3) + w2.slice(0, 2),
    w1.slice(0, 4) + w2.slice(0, 1),
    w1.slice(0, 4) + w2.slice(0, 2),
    w1.slice(0, 3) + w2.slice(0, 3),
  ];
  for (const c of candidates) {
    if (c.length >= 4 && c.length <= 6 && !taken.has(c)) return c;
  }
  for (;;) {
    const c = (w1.slice(0, 3) + rng.alnum(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')).slice(0, 6);
    if (c.length >= 4 && !taken.has(c)) return c;
  }
}

// ---------------------------------------------------------------------------------------
// The generator

export function generateDemo(db: Db, opts: DemoOptions = {}): DemoSummary {
  const customers = opts.customers ?? DEMO_DEFAULTS.customers;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const now = opts.now ?? new Date();
  if (!Number.isInteger(customers) || customers < 1 || customers > DEMO_DEFAULTS.maxCustomers) {
    throw new LifelineError(
      'VALIDATION',
      `customers must be a whole number from 1 to ${DEMO_DEFAULTS.maxCustomers} (got ${customers}).`,
    );
  }
  if (!Number.isInteger(seed))
    throw new LifelineError('VALIDATION', `seed must be a whole number (got ${seed}).`);
  if (Number.isNaN(now.getTime())) throw new LifelineError('VALIDATION', 'now must be a valid date.');

  const existing = db
    .prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM playbooks) AS n')
    .get() as { n: number };
  if (existing.n > 0) {
    throw new LifelineError(
      'CONFLICT',
      'This database already holds customers or playbooks; demo data only goes into an empty database. Pass a new file with --db.',
    );
  }

  const writer = new Writer(db);
  db.transaction(() => {
    new DemoGenerator(writer, new Rng(seed), now.getTime(), customers, seed, opts.onProgress).run();
    // Incident rows, runs and run steps are derived from the logs just written.
    recomputeAllIncidents(db);
  })();
  return { ...writer.counts };
}

class DemoGenerator {
  private readonly vendorIds = new Map<string, string>();
  private readonly usedVendorsByCustomer = new Map<string, Set<string>>();

  constructor(
    private readonly w: Writer,
    private readonly rng: Rng,
    private readonly nowMs: number,
    private readonly customerCount: number,
    private readonly seed: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  run(): void {
    const total = this.customerCount;
    this.onProgress?.(0, total);
    this.w.insert('settings', { key: 'demo', value: 'true' });
    this.w.insert('settings', { key: 'demo_seed', value: String(this.seed) });
    this.writeVendors();
    const playbooks = this.writePlaybooks();
    const plans = this.planCustomers();
    const shared = this.buildShared();
    const states: CustomerState[] = [];
    for (const [i, plan] of plans.entries()) {
      states.push(this.buildCustomer(plan, shared));
      this.onProgress?.(i + 1, total);
    }
    this.writeOverlays(states, playbooks);
    this.writeIncidents(states, playbooks);
  }

  // --- small helpers ---------------------------------------------------------------

  private id(ms: number): string {
    return demoUuidV7(ms, this.rng);
  }

  /** A time between a and b, to the second. */
  private between(a: number, b: number): number {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return Math.floor((lo + this.rng.next() * (hi - lo)) / 1000) * 1000;
  }

  /** Created some time after `from`, maybe edited since. */
  private stamps(from: number, spreadDays: number, editChance = 0.3): { created: number; updated: number } {
    const created = this.between(from, Math.min(this.nowMs - HOUR, from + spreadDays * DAY));
    const updated = this.rng.chance(editChance) ? this.between(created, this.nowMs - MINUTE) : created;
    return { created, updated };
  }

  private vendorId(key: string | null): string | null {
    if (key === null) return null;
    const id = this.vendorIds.get(key);
    if (!id) throw new Error(`demo: unknown vendor ${key}`);
    return id;
  }

  private noteVendor(customerId: string, key: string | null): string | null {
    if (key === null) return null;
    let used = this.usedVendorsByCustomer.get(customerId);
    if (!used) {
      used = new Set();
      this.usedVendorsByCustomer.set(customerId, used);
    }
    used.add(key);
    return this.vendorId(key);
  }

  // --- vendors ---------------------------------------------------------------------

  private writeVendors(): void {
    for (const v of VENDORS) {
      const { created, updated } = this.stamps(this.nowMs - 1500 * DAY, 30, 0.2);
      const id = this.id(created);
      this.vendorIds.set(v.key, id);
      this.w.insert('vendors', {
        id,
        name: v.name,
        support_phone: v.phone,
        support_email: `support@${v.domain}.example`,
        website: `https://support.${v.domain}.example`,
        source: 'demo',
        source_id: v.key,
        ...syncColumns(created, updated),
      });
    }
  }

  // --- playbooks -------------------------------------------------------------------

  private writePlaybooks(): PlaybookRef[] {
    const refs: PlaybookRef[] = [];
    for (const seed of CORE_PLAYBOOKS) {
      const hasV2 = seed.steps.some((s) => s.addedIn === 2);
      const v1Ms = this.between(this.nowMs - 900 * DAY, this.nowMs - 300 * DAY);
      const versions: PlaybookVersionRef[] = [{ number: 1, createdMs: v1Ms, body: bodyFor(seed, 1) }];
      if (hasV2) {
        versions.push({
          number: 2,
          createdMs: this.between(this.nowMs - 250 * DAY, this.nowMs - 20 * DAY),
          body: bodyFor(seed, 2),
        });
      }
      const latest = versions[versions.length - 1]!;
      const owner = this.rng.pick(ENGINEERS);
      // A third of the playbooks are overdue for their 90-day review.
      const reviewedMs = this.rng.chance(0.3)
        ? this.between(Math.max(v1Ms, this.nowMs - 400 * DAY), this.nowMs - 100 * DAY)
        : this.between(Math.max(latest.createdMs, this.nowMs - 80 * DAY), this.nowMs - DAY);
      const id = this.id(v1Ms);
      this.w.insert('playbooks', {
        id,
        title: seed.title,
        current_version: latest.number,
        owner,
        review_interval_days: 90,
        reviewed_at: iso(reviewedMs),
        source: 'demo',
        source_id: seed.key,
        ...syncColumns(v1Ms, Math.max(latest.createdMs, reviewedMs)),
      });
      for (const v of versions) {
        this.w.insert('playbook_versions', {
          id: this.id(v.createdMs),
          playbook_id: id,
          number: v.number,
          body: JSON.stringify(v.body),
          author: v.number === 1 ? owner : this.rng.pick(ENGINEERS),
          created_at: iso(v.createdMs),
        });
      }
      refs.push({ id, seed, versions });
    }
    return refs;
  }

  // --- customers -------------------------------------------------------------------

  private planCustomers(): CustomerPlan[] {
    const rng = this.rng;
    const names = new Set<string>();
    const codes = new Set<string>([DEMO_DEFAULTS.sharedCustomerCode]);
    const drafts: Array<Omit<CustomerPlan, 'targetAssets'> & { weight: number }> = [];
    const regionWeights = REGIONS.map((r) => [r, r.weight] as const);
    for (let i = 0; i < this.customerCount; i++) {
      const industry = rng.pick(INDUSTRIES);
      let name = '';
      for (let attempt = 0; ; attempt++) {
        const stem = rng.pick(NAME_STEMS);
        // When the combinations run thin (big books), borrow a suffix from another industry.
        const suffix = rng.pick(attempt < 20 ? industry.suffixes : rng.pick(INDUSTRIES).suffixes);
        name = attempt < 60 ? `${stem} ${suffix}` : `${stem} ${rng.pick(NAME_STEMS)} ${suffix}`;
        if (!names.has(name)) break;
      }
      names.add(name);
      const code = makeCode(name, codes, rng);
      codes.add(code);
      const tier = rng.weighted<Tier>([
        ['platinum', 8],
        ['gold', 20],
        ['silver', 32],
        ['bronze', 40],
      ]);
      const createdMs = this.between(this.nowMs - 2000 * DAY, this.nowMs - 400 * DAY);
      drafts.push({
        index: i + 1,
        id: this.id(createdMs),
        code,
        name,
        domain: `${slug(name)}.example`,
        localDomain: `${code.toLowerCase()}.local`,
        tier,
        region: rng.weighted(regionWeights),
        industry,
        createdMs,
        weight: TIER_SIZE[tier] * (0.75 + rng.next() * 0.5),
      });
    }
    // Normalize so the whole book lands on customers × assetsPerCustomer.
    const totalWeight = drafts.reduce((s, d) => s + d.weight, 0);
    const budget = this.customerCount * assetsPerCustomer(this.customerCount);
    return drafts.map(({ weight, ...d }) => ({
      ...d,
      targetAssets: Math.max(15, Math.round((budget * weight) / totalWeight)),
    }));
  }

  private writeCustomerRow(
    plan: CustomerPlan,
    extra: { tags: string[]; notes: string | null; supportHours: string },
  ): void {
    const rng = this.rng;
    const ageDays = Math.floor((this.nowMs - plan.createdMs) / DAY);
    const roll = rng.next();
    let reviewedAt: string | null;
    if (roll < 0.1)
      reviewedAt = null; // never reviewed
    else if (roll < 0.38)
      reviewedAt = iso(this.between(this.nowMs - Math.min(ageDays, 700) * DAY, this.nowMs - 181 * DAY));
    else reviewedAt = iso(this.between(this.nowMs - 170 * DAY, this.nowMs - DAY));
    const updatedMs = reviewedAt ? Date.parse(reviewedAt) : this.between(plan.createdMs, this.nowMs - DAY);
    this.w.insert('customers', {
      id: plan.id,
      code: plan.code,
      name: plan.name,
      tier: plan.tier,
      time_zone: plan.region.timeZone,
      restore_targets: JSON.stringify(RESTORE_TARGETS[plan.tier]),
      support_hours: extra.supportHours,
      notes: extra.notes,
      tags: JSON.stringify(extra.tags),
      reviewed_at: reviewedAt,
      review_interval_days: 180,
      kind: plan.code === DEMO_DEFAULTS.sharedCustomerCode ? 'internal' : 'customer',
      source: 'demo',
      source_id: plan.code,
      ...syncColumns(plan.createdMs, updatedMs),
    });
  }

  private newState(plan: CustomerPlan): CustomerState {
    return { plan, contacts: [], sites: [], envs: [], assets: [], apps: [], overlays: new Map() };
  }

  private writeSite(state: CustomerState, name: string, city: string): SiteRef {
    const { created, updated } = this.stamps(state.plan.createdMs, 20);
    const id = this.id(created);
    this.w.insert('sites', {
      id,
      customer_id: state.plan.id,
      name,
      city,
      address: `${this.rng.int(1, 240)} ${this.rng.pick(STREETS)}, ${city}`,
      source: 'demo',
      source_id: `${state.plan.code}/${slug(name)}`,
      ...syncColumns(created, updated),
    });
    const site = { id, name, city };
    state.sites.push(site);
    return site;
  }

  private writeEnv(state: CustomerState, name: string, kind: EnvKind, site: SiteRef | null): EnvRef {
    const { created, updated } = this.stamps(state.plan.createdMs, 20, 0.1);
    const id = this.id(created);
    this.w.insert('environments', {
      id,
      customer_id: state.plan.id,
      site_id: site?.id ?? null,
      name,
      kind,
      ...syncColumns(created, updated),
    });
    const env = { id, kind, site, name };
    state.envs.push(env);
    return env;
  }

  private writeContact(
    state: CustomerState,
    c: { name: string; role: string; phone: string; email: string; notes: string | null },
  ): void {
    const { created, updated } = this.stamps(state.plan.createdMs, 300, 0.4);
    const order = state.contacts.length + 1;
    this.w.insert('contacts', {
      id: this.id(created),
      customer_id: state.plan.id,
      name: c.name,
      role: c.role,
      phone: c.phone,
      email: c.email,
      escalation_order: order,
      notes: c.notes,
      source: 'demo',
      source_id: `${state.plan.code}/${order}`,
      ...syncColumns(created, updated),
    });
    state.contacts.push({ name: c.name, role: c.role, phone: c.phone });
  }

  private writeAsset(
    state: CustomerState,
    a: {
      kind: AssetKind;
      name: string;
      hostname?: string | null;
      ips?: string[];
      env?: EnvRef | null;
      site?: SiteRef | null;
      platform?: string | null;
      vendor?: string | null;
      model?: string | null;
      serial?: string | null;
      criticality: Criticality;
      managementUrl?: string | null;
      accessNotes?: string | null;
      attributes?: Record<string, unknown>;
      tags?: string[];
    },
  ): AssetRef {
    const plan = state.plan;
    const created = this.between(plan.createdMs, this.nowMs - DAY);
    const updated = this.rng.chance(0.35) ? this.between(created, this.nowMs - MINUTE) : created;
    const id = this.id(created);
    const hostname = a.hostname ?? null;
    const ips = a.ips ?? [];
    const site = a.site ?? a.env?.site ?? null;
    this.w.insert('assets', {
      id,
      customer_id: plan.id,
      environment_id: a.env?.id ?? null,
      site_id: site?.id ?? null,
      kind: a.kind,
      name: a.name,
      hostname,
      ip_addresses: JSON.stringify(ips),
      platform: a.platform ?? null,
      vendor_id: this.noteVendor(plan.id, a.vendor ?? null),
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
  private link(from: AssetRef, to: AssetRef, kind: 'runs_on' | 'depends_on'): void {
    const created = Math.max(from.createdMs, to.createdMs);
    this.w.insert('asset_links', {
      id: this.id(created),
      from_asset_id: from.id,
      to_asset_id: to.id,
      kind,
      ...syncColumns(created),
    });
  }

  private contactPhone(plan: CustomerPlan, city: string): string {
    return plan.region.phone(this.rng, city);
  }

  // --- the MSP's shared platform ----------------------------------------------------

  private buildShared(): SharedInfra {
    const rng = this.rng;
    const london = REGIONS.find((r) => r.timeZone === 'Europe/London')!;
    const createdMs = this.between(this.nowMs - 2400 * DAY, this.nowMs - 2100 * DAY);
    const plan: CustomerPlan = {
      index: 0,
      id: this.id(createdMs),
      code: DEMO_DEFAULTS.sharedCustomerCode,
      name: DEMO_DEFAULTS.sharedCustomerName,
      domain: 'msp-ops.example',
      localDomain: 'msp.local',
      tier: 'platinum',
      region: london,
      industry: null,
      createdMs,
      targetAssets: 0,
    };
    const state = this.newState(plan);
    this.writeCustomerRow(plan, {
      tags: ['internal', 'shared-platform'],
      notes:
        'MSP-owned shared platform. An outage here hits every hosted customer: check the blast radius before acting and open one incident per affected customer.',
      supportHours: '24x7',
    });
    const dc1 = this.writeSite(state, 'DC1 London (Telehouse North)', 'London');
    const dc2 = this.writeSite(state, 'DC2 Slough', 'Slough');
    const prod = this.writeEnv(state, 'Shared hosting', 'production', dc1);
    const dr = this.writeEnv(state, 'Shared DR', 'dr', dc2);
    const ops: Array<[string, string, string]> = [
      ['MSP NOC', 'Service Desk', 'noc'],
      [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'Platform Lead', ''],
      [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'Duty Manager', ''],
      [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'CTO', ''],
    ];
    for (const [name, role, mailbox] of ops) {
      this.writeContact(state, {
        name,
        role,
        phone: this.contactPhone(plan, 'London'),
        email: `${mailbox || emailLocal(name)}@${plan.domain}`,
        notes:
          role === 'Duty Manager' ? 'Rota in the NOC; call for any incident on the shared platform.' : null,
      });
    }
    const ip = new AddressPlan(0);
    const domain = plan.localDomain;
    const code = plan.code.toLowerCase();

    const circuit = (
      site: SiteRef,
      env: EnvRef,
      carrier: string,
      mbps: number,
      type: string,
      crit: Criticality,
    ) => {
      const vendor = VENDORS.find((v) => v.key === carrier)!;
      return this.writeAsset(state, {
        kind: 'circuit',
        name: `${vendor.name} ${mbps >= 1000 ? `${mbps / 1000} Gbps` : `${mbps} Mbps`} ${type} (${site.city})`,
        env,
        platform: type,
        vendor: carrier,
        criticality: crit,
        accessNotes: `Carrier portal: 1Password: MSP Ops / ${vendor.name} portal. Fault line and circuit ID on the recovery card.`,
        attributes: {
          circuitId: `${vendor.contractPrefix}/${type.replace(/[^A-Z]/g, '')}/${rng.digits(8)}`,
          carrier: vendor.name,
          bandwidthMbps: mbps,
          serviceType: type,
          handoff: mbps >= 10000 ? '10GBASE-LR' : '1000BASE-LX',
        },
        tags: ['shared', 'wan'],
      });
    };
    const hubCircuits = [
      circuit(dc1, prod, 'lumen', 10000, 'DIA', 'critical'),
      circuit(dc1, prod, 'colt', 10000, 'DIA', 'critical'),
      circuit(dc1, prod, 'bt', 10000, 'MPLS hub', 'critical'),
      circuit(dc2, dr, 'zayo', 10000, 'DIA', 'high'),
      circuit(dc2, dr, 'bt', 1000, 'MPLS hub', 'high'),
    ];
    const fwModel = FIREWALL_MODELS.find((m) => m.model === 'PA-3220')!;
    const firewalls: AssetRef[] = [];
    for (const [n, env, role] of [
      [1, prod, 'active'],
      [2, prod, 'passive'],
      [3, dr, 'active'],
    ] as const) {
      const name = `fw-edge0${n}`;
      const fw = this.writeAsset(state, {
        kind: 'firewall',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take('mgmt')],
        env,
        platform: 'PAN-OS 11.1.2',
        vendor: fwModel.vendor,
        model: fwModel.model,
        serial: fwModel.serial(rng),
        criticality: 'critical',
        managementUrl: `https://${name}.${domain}`,
        accessNotes: '1Password: MSP Ops / MSPI edge firewall admin; break-glass in vault://msp/mspi/fw-edge',
        attributes: {
          haRole: role,
          firmware: 'PAN-OS 11.1.2',
          zones: ['untrust', 'trust', 'customer-transit'],
        },
        tags: ['shared', 'edge'],
      });
      for (const c of hubCircuits.filter((h) =>
        env === prod ? h.environmentId === prod.id : h.environmentId === dr.id,
      )) {
        this.link(fw, c, 'depends_on');
      }
      firewalls.push(fw);
    }
    const switches = new Map<string, AssetRef>();
    for (const [site, env] of [
      [dc1, prod],
      [dc2, dr],
    ] as const) {
      const model = SWITCH_MODELS.find((m) => m.model === 'Catalyst 9500-24Y4C')!;
      for (let n = 1; n <= 2; n++) {
        const name = `core-sw-${site === dc1 ? 'dc1' : 'dc2'}-0${n}`;
        const sw = this.writeAsset(state, {
          kind: 'network_device',
          name,
          hostname: `${name}.${domain}`,
          ips: [ip.take('mgmt')],
          env,
          platform: 'Cisco IOS XE 17.9',
          vendor: model.vendor,
          model: model.model,
          serial: model.serial(rng),
          criticality: 'critical',
          managementUrl: `https://${name}.${domain}`,
          accessNotes: 'TACACS+ via PAM (CyberArk safe MSP-MSPI-NET)',
          attributes: { role: 'core', stack: false, firmware: '17.9.4a' },
          tags: ['shared', 'core'],
        });
        if (n === 1) switches.set(site.id, sw);
      }
    }
    const storage = (name: string, env: EnvRef, model: HardwareModel) =>
      this.writeAsset(state, {
        kind: 'storage',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take('storage')],
        env,
        platform: model.vendor === 'pure' ? 'Purity//FA 6.5' : 'ONTAP 9.14.1',
        vendor: model.vendor,
        model: model.model,
        serial: model.serial(rng),
        criticality: 'critical',
        managementUrl: `https://${name}.${domain}`,
        accessNotes: `Credentials: vault://msp/${code}/storage/${name}`,
        attributes: {
          usableTb: rng.pick([120, 180, 250]),
          protocol: model.vendor === 'pure' ? 'iSCSI' : 'NFS',
        },
        tags: ['shared'],
      });
    const pure = STORAGE_MODELS.find((m) => m.vendor === 'pure')!;
    const netapp = STORAGE_MODELS.find((m) => m.vendor === 'netapp')!;
    const dc1Storage = [storage('sh-pure01', prod, pure), storage('sh-pure02', prod, pure)];
    const dc2Storage = [storage('sh-ntap01', dr, netapp)];
    for (const s of dc1Storage) this.link(s, switches.get(dc1.id)!, 'depends_on');
    for (const s of dc2Storage) this.link(s, switches.get(dc2.id)!, 'depends_on');

    const vmware = HYPERVISORS[0];
    const hostModel = HOST_MODELS.find((m) => m.model === 'PowerEdge R760')!;
    let hostNo = 0;
    const makeCluster = (name: string, env: EnvRef, hosts: number, arrays: AssetRef[]) => {
      const site = env.site!;
      const members: AssetRef[] = [];
      for (let h = 0; h < hosts; h++) {
        hostNo += 1;
        const hn = `esx-sh${String(hostNo).padStart(2, '0')}`;
        const host = this.writeAsset(state, {
          kind: 'hypervisor_host',
          name: hn,
          hostname: `${hn}.${domain}`,
          ips: [ip.take('mgmt')],
          env,
          platform: 'VMware ESXi 8.0 U3',
          vendor: hostModel.vendor,
          model: hostModel.model,
          serial: hostModel.serial(rng),
          criticality: 'critical',
          managementUrl: `https://${hn}.${domain}/ui`,
          accessNotes: `Credentials: vault://msp/${code}/esx-root; iDRAC: vault://msp/${code}/bmc/${hn}`,
          attributes: {
            cpu: 'Intel Xeon Gold 6430 (2×32 cores)',
            memoryGb: 1024,
            bmc: 'iDRAC9',
            bmcIp: ip.take('bmc'),
          },
          tags: ['shared'],
        });
        for (const a of arrays) this.link(host, a, 'depends_on');
        this.link(host, switches.get(site.id)!, 'depends_on');
        members.push(host);
      }
      const cluster = this.writeAsset(state, {
        kind: 'cluster',
        name,
        hostname: `vcenter-${site === dc1 ? 'dc1' : 'dc2'}.${domain}`,
        env,
        platform: vmware.clusterPlatform,
        vendor: vmware.vendor,
        criticality: 'critical',
        managementUrl: `https://vcenter-${site === dc1 ? 'dc1' : 'dc2'}.${domain}/ui`,
        accessNotes: `SSO admin: vault://msp/${code}/vcenter-sso`,
        attributes: { haEnabled: true, drsEnabled: true, hosts: hosts, multiTenant: true },
        tags: ['shared', 'multi-tenant'],
      });
      for (const m of members) this.link(cluster, m, 'runs_on');
      for (const a of arrays) this.link(cluster, a, 'depends_on');
      return cluster;
    };
    const prodClusterCount = Math.min(8, 2 + Math.floor(this.customerCount / 100));
    const drClusterCount = 1 + Math.floor(this.customerCount / 250);
    const prodClusters: AssetRef[] = [];
    for (let c = 1; c <= prodClusterCount; c++) {
      prodClusters.push(
        makeCluster(`SH-CL0${c}`, prod, rng.int(6, 8), [dc1Storage[(c - 1) % dc1Storage.length]!]),
      );
    }
    const drClusters: AssetRef[] = [];
    for (let c = 1; c <= drClusterCount; c++)
      drClusters.push(makeCluster(`SH-DR-CL0${c}`, dr, 4, dc2Storage));

    const vm = (
      name: string,
      env: EnvRef,
      cluster: AssetRef,
      os: string,
      purpose: string,
      tags: string[],
    ) => {
      const v = this.writeAsset(state, {
        kind: 'vm',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take('servers')],
        env,
        platform: os,
        vendor: os.startsWith('Windows') ? 'microsoft' : null,
        criticality: 'critical',
        accessNotes: os.startsWith('Windows')
          ? 'Domain admin via PAM (CyberArk safe MSP-MSPI-WIN)'
          : `SSH key in vault://msp/${code}/ssh/platform-admin`,
        attributes: { purpose, vcpu: 4, memoryGb: 16, diskGb: 200, os },
        tags: ['shared', ...tags],
      });
      this.link(v, cluster, 'runs_on');
      return v;
    };
    const c1 = prodClusters[0]!;
    vm('vcenter-dc1', prod, c1, 'VMware Photon OS 4', 'vCenter Server', ['management']);
    vm('vcenter-dc2', dr, drClusters[0]!, 'VMware Photon OS 4', 'vCenter Server', ['management']);
    const veeam = vm(
      'veeam-sh01',
      prod,
      prodClusters[1 % prodClusters.length]!,
      'Windows Server 2022',
      'Veeam Cloud Connect',
      ['backup'],
    );
    vm('ns01', prod, c1, 'Debian 12', 'DNS resolver', ['dns']);
    vm('ns02', dr, drClusters[0]!, 'Debian 12', 'DNS resolver', ['dns']);
    vm('mon-sh01', prod, c1, 'Ubuntu 22.04 LTS', 'Monitoring (Zabbix)', ['monitoring']);
    vm('jump-sh01', prod, c1, 'Windows Server 2022', 'Engineer jump host', ['admin']);
    const backupService = this.writeAsset(state, {
      kind: 'application_service',
      name: 'Hosted backup (Veeam Cloud Connect)',
      hostname: `backup.${domain}`,
      ips: [veeam.ip!],
      env: prod,
      platform: 'Veeam Cloud Connect 12',
      vendor: 'veeam',
      criticality: 'critical',
      managementUrl: `https://backup.${domain}`,
      accessNotes: `Service provider console: vault://msp/${code}/veeam-spc`,
      attributes: { tenants: this.customerCount, repositoryTb: 400 },
      tags: ['shared', 'backup'],
    });
    this.link(backupService, veeam, 'runs_on');
    for (const s of dc2Storage) this.link(backupService, s, 'depends_on');

    this.writeMaintenance(state, [
      { name: 'Shared platform patching', weekday: 7, start: '02:00', duration: 240 },
    ]);
    this.writeContracts(state);
    return {
      customer: state,
      prodClusters,
      drClusters,
      hubCircuits,
      edgeFirewall: firewalls[0]!,
      backupService,
    };
  }

  // --- one customer ----------------------------------------------------------------

  private buildCustomer(plan: CustomerPlan, shared: SharedInfra): CustomerState {
    const rng = this.rng;
    const state = this.newState(plan);
    const industry = plan.industry!;
    const tier = plan.tier;
    const big = tier === 'platinum' || tier === 'gold';
    const tags = [industry.tag];
    for (const t of industry.complianceTags) if (rng.chance(0.4)) tags.push(t);
    if (rng.chance(0.25))
      tags.push(rng.pick(['cyber-essentials', 'iso27001', 'multi-site', 'key-account', 'onboarding']));
    this.writeCustomerRow(plan, {
      tags: [...new Set(tags)],
      notes: rng.pick(CUSTOMER_NOTES),
      supportHours: rng.pick(SUPPORT_HOURS[tier]),
    });

    // Sites, in cities of the customer's region.
    const siteCount =
      tier === 'platinum'
        ? rng.int(2, 3)
        : tier === 'gold'
          ? rng.int(1, 3)
          : tier === 'silver'
            ? rng.int(1, 2)
            : rng.chance(0.2)
              ? 2
              : 1;
    const cities = rng.sample(plan.region.cities, siteCount);
    while (cities.length < siteCount) cities.push(cities[0]!);
    const siteKinds = ['Office', 'Branch', 'Warehouse', 'Data room', 'Plant', 'Clinic', 'Store'];
    for (const [i, city] of cities.entries()) {
      const kind = i === 0 ? rng.pick(['HQ', 'Head Office']) : rng.pick(siteKinds);
      const name = state.sites.some((s) => s.name === `${city} ${kind}`)
        ? `${city} ${kind} ${i + 1}`
        : `${city} ${kind}`;
      this.writeSite(state, name, city);
    }
    const main = state.sites[0]!;
    const hosted = rng.chance(HOSTED_CHANCE[tier]);

    // Environments.
    const prod = this.writeEnv(
      state,
      hosted ? 'Production (hosted at MSP DC1)' : 'Production',
      'production',
      main,
    );
    const wantsDr = big || (tier === 'silver' && rng.chance(0.3));
    const ownDrSite = wantsDr && !hosted && state.sites.length >= 2 ? state.sites[1]! : null;
    const dr = wantsDr ? this.writeEnv(state, ownDrSite ? 'DR' : 'DR (MSP DC2)', 'dr', ownDrSite) : null;
    const testChance = { platinum: 0.8, gold: 0.6, silver: 0.35, bronze: 0.1 }[tier];
    const test = rng.chance(testChance) ? this.writeEnv(state, 'Test', 'test', main) : null;

    // Contacts in escalation order: first line, then the people who decide.
    const contactCount = {
      platinum: rng.int(4, 5),
      gold: rng.int(3, 5),
      silver: rng.int(2, 4),
      bronze: rng.int(2, 3),
    }[tier];
    const roles = [
      rng.pick(CONTACT_ROLES_FIRST),
      ...rng.sample(CONTACT_ROLES_MIDDLE, contactCount - 2),
      rng.pick(CONTACT_ROLES_LAST),
    ];
    const usedNames = new Set<string>();
    for (const role of roles) {
      let name: string;
      do name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      while (usedNames.has(name));
      usedNames.add(name);
      this.writeContact(state, {
        name,
        role,
        phone: this.contactPhone(plan, main.city),
        email: role === 'Service Desk' ? `servicedesk@${plan.domain}` : `${emailLocal(name)}@${plan.domain}`,
        notes: rng.pick(CONTACT_NOTES),
      });
    }

    this.buildAssets(state, { prod, dr, test, hosted }, shared);

    const windows: MaintenanceDraft[] = [];
    const options = rng.sample(MAINTENANCE_TEMPLATES, big ? rng.int(1, 2) : rng.chance(0.25) ? 2 : 1);
    for (const t of options) {
      windows.push({
        name: t.name,
        weekday: rng.pick(t.weekdays),
        start: rng.pick(t.starts),
        duration: 30 * rng.int(t.duration[0] / 30, t.duration[1] / 30),
      });
    }
    this.writeMaintenance(state, windows);
    this.writeContracts(state);
    return state;
  }

  private buildAssets(
    state: CustomerState,
    envs: { prod: EnvRef; dr: EnvRef | null; test: EnvRef | null; hosted: boolean },
    shared: SharedInfra,
  ): void {
    const rng = this.rng;
    const plan = state.plan;
    const { prod, dr, test, hosted } = envs;
    const tier = plan.tier;
    const big = tier === 'platinum' || tier === 'gold';
    const T = plan.targetAssets;
    const ip = new AddressPlan(plan.index);
    const domain = plan.localDomain;
    const code = plan.code.toLowerCase();
    const CODE = plan.code;
    const counters = new Map<string, number>();
    const nextName = (prefix: string) => {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}${String(n).padStart(2, '0')}`;
    };
    const envForSite = (site: SiteRef) =>
      state.envs.find((e) => e.site?.id === site.id && e.kind !== 'test') ?? prod;

    // One hardware family per customer, as in real estates.
    const fwModel = rng.pick(
      big ? FIREWALL_MODELS : FIREWALL_MODELS.filter((m) => m.model !== 'FortiGate 600E'),
    );
    const swModel = rng.pick(SWITCH_MODELS);
    const hv: Hypervisor = rng.weighted(HYPERVISORS.map((h) => [h, h.weight] as const));
    const hostModel = rng.pick(HOST_MODELS);
    const storageModel = rng.pick(STORAGE_MODELS);
    const firmware = firmwareFor(fwModel.vendor, rng);

    // Network edge per site: circuits, firewalls, core switches.
    const coreBySite = new Map<string, AssetRef>();
    const firewalls: AssetRef[] = [];
    const circuits: AssetRef[] = [];
    for (const [i, site] of state.sites.entries()) {
      const env = envForSite(site);
      const siteCircuits: AssetRef[] = [];
      const carriers = rng.sample(plan.region.carriers, i === 0 && big ? 2 : 1);
      for (const [ci, carrierKey] of carriers.entries()) {
        const vendor = VENDORS.find((v) => v.key === carrierKey)!;
        const mbps = rng.pick(i === 0 ? [500, 1000, 1000, 2000, 10000] : [100, 200, 500, 1000]);
        const type =
          ci === 0
            ? rng.pick(['DIA', 'DIA', 'Ethernet leased line', 'MPLS'])
            : rng.pick(['SD-WAN broadband', 'DIA', '5G backup']);
        const c = this.writeAsset(state, {
          kind: 'circuit',
          name: `${vendor.name} ${mbps >= 1000 ? `${mbps / 1000} Gbps` : `${mbps} Mbps`} ${type} (${site.city})`,
          env,
          site,
          platform: type,
          vendor: carrierKey,
          criticality: ci === 0 ? (i === 0 ? 'critical' : 'high') : 'medium',
          accessNotes: `Carrier portal: 1Password: MSP Ops / ${vendor.name} portal. Circuit ID and fault line on the recovery card.`,
          attributes: {
            circuitId: `${vendor.contractPrefix}/${type.replace(/[^A-Z0-9]/g, '') || 'CCT'}/${rng.digits(8)}`,
            carrier: vendor.name,
            bandwidthMbps: mbps,
            serviceType: type,
            role: ci === 0 ? 'primary' : 'backup',
            handoff: mbps >= 10000 ? '10GBASE-LR' : '1000BASE-T',
          },
          tags: ['wan', ci === 0 ? 'primary' : 'backup'],
        });
        siteCircuits.push(c);
        circuits.push(c);
      }
      const fwCount = i === 0 && big ? 2 : 1;
      for (let f = 0; f < fwCount; f++) {
        const name = nextName('fw');
        const fw = this.writeAsset(state, {
          kind: 'firewall',
          name,
          hostname: `${name}.${domain}`,
          ips: [ip.take('mgmt')],
          env,
          site,
          platform: firmware,
          vendor: fwModel.vendor,
          model: fwModel.model,
          serial: fwModel.serial(rng),
          criticality: i === 0 ? 'critical' : 'high',
          managementUrl: `https://${name}.${domain}`,
          accessNotes: rng.chance(0.5)
            ? `1Password: MSP Ops / ${CODE} firewall admin`
            : `Credentials: vault://msp/${code}/firewall/${name}`,
          attributes: {
            firmware,
            haRole: fwCount === 1 ? 'standalone' : f === 0 ? 'primary' : 'secondary',
            site: site.name,
          },
          tags: ['edge'],
        });
        for (const c of siteCircuits) this.link(fw, c, 'depends_on');
        // Managed SD-WAN / MPLS back to the MSP's data centre.
        if (i === 0 && f === 0 && (hosted || rng.chance(0.4))) {
          this.link(fw, shared.hubCircuits[plan.index % 2 === 0 ? 2 : 4]!, 'depends_on');
        }
        firewalls.push(fw);
      }
      const coreCount = i === 0 && tier !== 'bronze' ? 2 : 1;
      for (let s = 0; s < coreCount; s++) {
        const name = nextName('core-sw');
        const sw = this.writeAsset(state, {
          kind: 'network_device',
          name,
          hostname: `${name}.${domain}`,
          ips: [ip.take('mgmt')],
          env,
          site,
          platform: switchOs(swModel.vendor),
          vendor: swModel.vendor,
          model: swModel.model,
          serial: swModel.serial(rng),
          criticality: i === 0 ? 'critical' : 'high',
          managementUrl: `https://${name}.${domain}`,
          accessNotes: `TACACS+ via PAM (CyberArk safe MSP-${CODE}-NET)`,
          attributes: {
            role: 'core',
            stackMember: coreCount > 1 ? s + 1 : null,
            vlans: [10, 11, 20, 30, 40],
          },
          tags: ['core'],
        });
        if (s === 0) coreBySite.set(site.id, sw);
      }
    }
    const mainFirewall = firewalls[0]!;

    // Compute layer: own hosts and clusters, or the MSP's shared clusters.
    const storageFor = new Map<string, AssetRef>(); // site id → array
    const prodClusters: AssetRef[] = [];
    let drCluster: AssetRef | null = null;
    let testCluster: AssetRef | null = null;
    const makeStorage = (env: EnvRef, site: SiteRef) => {
      const name = nextName(
        storageModel.vendor === 'netapp' ? 'ntap' : storageModel.vendor === 'pure' ? 'pure' : 'san',
      );
      const s = this.writeAsset(state, {
        kind: 'storage',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take('storage')],
        env,
        site,
        platform: storagePlatform(storageModel.vendor),
        vendor: storageModel.vendor,
        model: storageModel.model,
        serial: storageModel.serial(rng),
        criticality: env.kind === 'production' ? 'critical' : 'high',
        managementUrl: `https://${name}.${domain}`,
        accessNotes: `Credentials: vault://msp/${code}/storage/${name}`,
        attributes: {
          usableTb: rng.pick([20, 40, 60, 100]),
          protocol: rng.pick(['iSCSI', 'NFS', 'FC']),
          firmware: storagePlatform(storageModel.vendor),
        },
        tags: [],
      });
      const core = coreBySite.get(site.id);
      if (core) this.link(s, core, 'depends_on');
      storageFor.set(site.id, s);
      return s;
    };
    const makeCluster = (env: EnvRef, site: SiteRef, hostCount: number, label: string): AssetRef => {
      const array = storageFor.get(site.id) ?? makeStorage(env, site);
      const prefix = env.kind === 'production' ? hv.hostPrefix : `${hv.hostPrefix}-${env.kind}`;
      const platform = rng.pick(hv.hostPlatform);
      const members: AssetRef[] = [];
      for (let h = 0; h < hostCount; h++) {
        const name = nextName(prefix);
        const bmc =
          hostModel.vendor === 'dell' ? 'iDRAC9' : hostModel.vendor === 'hpe' ? 'iLO 5' : 'XClarity';
        const host = this.writeAsset(state, {
          kind: 'hypervisor_host',
          name,
          hostname: `${name}.${domain}`,
          ips: [ip.take(env.kind === 'dr' ? 'dr' : 'mgmt')],
          env,
          site,
          platform,
          vendor: hostModel.vendor,
          model: hostModel.model,
          serial: hostModel.serial(rng),
          criticality: env.kind === 'production' ? 'high' : env.kind === 'dr' ? 'medium' : 'low',
          managementUrl: hv.key === 'vmware' ? `https://${name}.${domain}/ui` : `https://${name}.${domain}`,
          accessNotes: `Credentials: vault://msp/${code}/${hv.hostPrefix}-root; ${bmc}: vault://msp/${code}/bmc/${name}`,
          attributes: {
            cpu: rng.pick([
              'Intel Xeon Gold 6338 (2×32 cores)',
              'Intel Xeon Silver 4314 (2×16 cores)',
              'AMD EPYC 7443 (2×24 cores)',
            ]),
            memoryGb: rng.pick([256, 384, 512, 768]),
            bmc,
            bmcIp: ip.take('bmc'),
            bios: `${rng.int(1, 2)}.${rng.int(4, 19)}.${rng.int(0, 9)}`,
          },
          tags: env.kind === 'production' ? [] : [env.kind],
        });
        this.link(host, array, 'depends_on');
        const core = coreBySite.get(site.id);
        if (core) this.link(host, core, 'depends_on');
        members.push(host);
      }
      const manager = `${hv.manager}.${domain}`;
      const cluster = this.writeAsset(state, {
        kind: 'cluster',
        name: label,
        hostname: manager,
        env,
        site,
        platform: hv.clusterPlatform,
        vendor: hv.vendor,
        criticality: env.kind === 'production' ? 'critical' : env.kind === 'dr' ? 'high' : 'low',
        managementUrl: `https://${manager}/ui`,
        accessNotes: `Admin: vault://msp/${code}/${hv.manager}-admin`,
        attributes: { hosts: hostCount, haEnabled: true, drsEnabled: hv.key === 'vmware', manager },
        tags: env.kind === 'production' ? [] : [env.kind],
      });
      for (const m of members) this.link(cluster, m, 'runs_on');
      this.link(cluster, array, 'depends_on');
      return cluster;
    };
    if (!hosted) {
      const prodHosts = Math.min(16, Math.max(2, Math.round(T * 0.06)));
      const clusterCount = Math.ceil(prodHosts / 8);
      for (let c = 0; c < clusterCount; c++) {
        const hosts = Math.round(prodHosts / clusterCount);
        prodClusters.push(makeCluster(prod, prod.site!, hosts, `PROD-CL0${c + 1}`));
      }
      if (dr?.site) drCluster = makeCluster(dr, dr.site, Math.max(2, Math.round(prodHosts / 2)), 'DR-CL01');
      if (test && tier === 'platinum') testCluster = makeCluster(test, test.site!, 2, 'TEST-CL01');
    }
    const sharedProd = shared.prodClusters[plan.index % shared.prodClusters.length]!;
    const sharedDr = shared.drClusters[plan.index % shared.drClusters.length]!;
    let rr = 0;
    const clusterFor = (kind: EnvKind): AssetRef => {
      if (kind === 'dr') return drCluster ?? sharedDr;
      if (kind === 'test') return testCluster ?? prodClusters[0] ?? sharedProd;
      if (prodClusters.length === 0) return sharedProd;
      rr += 1;
      return prodClusters[rr % prodClusters.length]!;
    };

    // Split what is left of the budget between the upper layers.
    const R = Math.max(12, T - state.assets.length);
    const hasK8s = tier !== 'bronze' && rng.chance(0.35);
    const appCount = Math.max(3, Math.round(R * 0.15));
    const dbCount = Math.max(1, Math.round(R * 0.09));
    const k8sCount = hasK8s ? Math.max(3, Math.round(R * 0.05)) : 0;
    const cloudCount = Math.max(1, Math.round(R * 0.05));
    const accessCount = Math.round(R * 0.04);
    const vmBudget = R - appCount - dbCount - k8sCount - cloudCount - accessCount;

    // Access switches spread over the sites.
    for (let a = 0; a < accessCount; a++) {
      const site = state.sites[a % state.sites.length]!;
      const name = nextName('acc-sw');
      const sw = this.writeAsset(state, {
        kind: 'network_device',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take('mgmt')],
        env: envForSite(site),
        site,
        platform: switchOs(swModel.vendor),
        vendor: swModel.vendor,
        model: swModel.model.replace('9500-24Y4C', '9300-48P'),
        serial: swModel.serial(rng),
        criticality: rng.pick(['medium', 'low'] as const),
        managementUrl: `https://${name}.${domain}`,
        accessNotes: `TACACS+ via PAM (CyberArk safe MSP-${CODE}-NET)`,
        attributes: { role: 'access', ports: 48, poe: true },
        tags: ['access'],
      });
      this.link(sw, coreBySite.get(site.id)!, 'depends_on');
    }

    const addVm = (
      env: EnvRef,
      name: string,
      os: string,
      purpose: string,
      crit: Criticality,
      tags: string[],
      size: { vcpu: number; memoryGb: number },
      vlan: Vlan,
      extra: Record<string, unknown> = {},
    ): AssetRef => {
      const windows = os.startsWith('Windows');
      const v = this.writeAsset(state, {
        kind: 'vm',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take(vlan)],
        env,
        platform: os,
        vendor: windows
          ? 'microsoft'
          : os.startsWith('Red Hat')
            ? 'redhat'
            : os.startsWith('Oracle')
              ? 'oracle'
              : null,
        criticality: crit,
        accessNotes: windows
          ? `Domain admin via PAM (CyberArk safe MSP-${CODE}-WIN)`
          : `SSH key in vault://msp/${code}/ssh/linux-admin`,
        attributes: {
          purpose,
          vcpu: size.vcpu,
          memoryGb: size.memoryGb,
          diskGb: rng.pick([80, 120, 200, 500]),
          os,
          ...extra,
        },
        tags: env.kind === 'production' ? tags : [...tags, env.kind],
      });
      this.link(v, clusterFor(env.kind), 'runs_on');
      return v;
    };

    // Domain controllers first: everything authenticates against them.
    const dcOs = rng.pick(['Windows Server 2022', 'Windows Server 2019']);
    const dcs = [
      addVm(
        prod,
        nextName('dc'),
        dcOs,
        'Domain controller, DNS',
        'critical',
        ['ad', 'dns', 'dhcp', 'tier0'],
        { vcpu: 2, memoryGb: 8 },
        'servers',
      ),
      addVm(
        prod,
        nextName('dc'),
        dcOs,
        'Domain controller, DNS',
        'critical',
        ['ad', 'dns', 'dhcp', 'tier0'],
        { vcpu: 2, memoryGb: 8 },
        'servers',
      ),
    ];

    // Applications this customer runs: its industry's first, then the common ones.
    const appNames = [...rng.sample(industryOf(plan).apps, Math.min(appCount, industryOf(plan).apps.length))];
    for (const a of rng.sample(COMMON_APPS, COMMON_APPS.length))
      if (appNames.length < appCount) appNames.push(a);
    for (let n = 2; appNames.length < appCount; n++) appNames.push(`${rng.pick(industryOf(plan).apps)} ${n}`);
    state.apps.push(...appNames);

    // Database servers and databases.
    const dbVmCount = Math.max(1, Math.ceil(dbCount / 2));
    const dbVms: Array<{ vm: AssetRef; engine: (typeof DB_ENGINES)[number] }> = [];
    for (let i = 0; i < dbVmCount; i++) {
      const engine = rng.weighted(DB_ENGINES.map((e) => [e, e.weight] as const));
      const prefix = engine.platform.includes('SQL Server')
        ? 'sql'
        : engine.platform.startsWith('PostgreSQL')
          ? 'pg'
          : engine.platform.startsWith('MySQL')
            ? 'mysql'
            : 'ora';
      const vm = addVm(
        prod,
        nextName(prefix),
        engine.os,
        `${engine.platform} server`,
        'critical',
        ['database', 'sql'],
        { vcpu: rng.pick([4, 8, 16]), memoryGb: rng.pick([32, 64, 128]) },
        'servers',
      );
      dbVms.push({ vm, engine });
    }
    // Applications that keep data in a database get one, in order; the rest of the budget
    // goes to reporting and archive databases.
    const dbByApp = new Map<string, AssetRef>();
    const appsWithDb = appNames.filter((a) => !NO_DATABASE_APP.test(a));
    const extraDbNames = ['Reporting', 'Data warehouse', 'Archive', 'Integration staging', 'Audit log'];
    for (let i = 0; i < dbCount; i++) {
      const host = dbVms[i % dbVms.length]!;
      const forApp = appsWithDb[i];
      const extra = i - appsWithDb.length;
      const label =
        forApp ??
        `${extraDbNames[extra % extraDbNames.length]}${extra >= extraDbNames.length ? ` ${Math.floor(extra / extraDbNames.length) + 1}` : ''}`;
      const dbName = `${slug(label).replace(/-/g, '_').toUpperCase().slice(0, 20)}_PROD`;
      const db = this.writeAsset(state, {
        kind: 'database',
        name: `${label} database`,
        hostname: host.vm.hostname,
        ips: host.vm.ip ? [host.vm.ip] : [],
        env: prod,
        platform: host.engine.platform,
        vendor: host.engine.vendor,
        criticality: i < 2 ? 'critical' : rng.pick(['high', 'high', 'medium'] as const),
        accessNotes: host.engine.platform.includes('SQL Server')
          ? `sysadmin via AD group ${CODE}-SQL-Admins (PAM); sa login sealed in vault://msp/${code}/sql/${host.vm.name}`
          : `DBA role: vault://msp/${code}/db/${host.vm.name}`,
        attributes: {
          instance: host.engine.platform.includes('SQL Server')
            ? `${host.vm.name.toUpperCase()}\\PROD`
            : host.vm.name,
          port: host.engine.port,
          database: dbName,
          sizeGb: rng.pick([5, 20, 80, 250, 600]),
          ha:
            tier === 'platinum' ? 'Always On availability group' : rng.pick(['none', 'log shipping', 'none']),
          backup: rng.pick(['Veeam application-aware', 'Native full nightly + log every 15 min']),
        },
        tags: forApp ? ['database', 'sql'] : ['database', 'sql', 'reporting'],
      });
      this.link(db, host.vm, 'runs_on');
      if (forApp) dbByApp.set(forApp, db);
    }

    // Kubernetes nodes.
    const k8sNodes: AssetRef[] = [];
    const k8sPlatform = rng.pick(['Kubernetes 1.29 (RKE2)', 'Kubernetes 1.30 (kubeadm)', 'OpenShift 4.15']);
    for (let k = 0; k < k8sCount; k++) {
      const name = nextName('k8s-node');
      const node = this.writeAsset(state, {
        kind: 'container_host',
        name,
        hostname: `${name}.${domain}`,
        ips: [ip.take('k8s')],
        env: prod,
        platform: k8sPlatform,
        vendor: k8sPlatform.startsWith('OpenShift') ? 'redhat' : null,
        criticality: 'high',
        accessNotes: `kubeconfig: vault://msp/${code}/k8s/prod-admin; node SSH key in vault://msp/${code}/ssh/k8s`,
        attributes: {
          role: k < 3 ? 'control-plane' : 'worker',
          vcpu: 8,
          memoryGb: 32,
          os: k8sPlatform.startsWith('OpenShift') ? 'RHCOS 4.15' : 'Ubuntu 22.04 LTS',
        },
        tags: ['kubernetes'],
      });
      this.link(node, clusterFor('production'), 'runs_on');
      k8sNodes.push(node);
    }

    // Cloud resources.
    const clouds = tier === 'platinum' ? ['azure', 'aws'] : [rng.chance(0.7) ? 'azure' : 'aws'];
    const cloudRefs: AssetRef[] = [];
    let tenant: AssetRef | null = null;
    const subscription = `${rng.alnum(8, '0123456789abcdef')}-${rng.alnum(4, '0123456789abcdef')}-4${rng.alnum(3, '0123456789abcdef')}-a${rng.alnum(3, '0123456789abcdef')}-${rng.alnum(12, '0123456789abcdef')}`;
    const account = rng.digits(12);
    const seenCloud = new Map<string, number>();
    const regions = new Map<string, string>();
    for (let c = 0; c < cloudCount; c++) {
      const provider = clouds[c % clouds.length]!;
      const options = CLOUD_RESOURCES.filter((r) => r.vendor === provider);
      const res =
        c === 0 && provider === 'azure'
          ? options.find((r) => r.name === 'Microsoft 365 tenant')!
          : rng.pick(options);
      const n = (seenCloud.get(res.name) ?? 0) + 1;
      seenCloud.set(res.name, n);
      const region = regions.get(provider) ?? rng.pick(CLOUD_REGIONS[provider]!);
      regions.set(provider, region);
      const isTenant = res.name === 'Microsoft 365 tenant';
      const ref = this.writeAsset(state, {
        kind: 'cloud_resource',
        name: n === 1 ? res.name : `${res.name} ${n}`,
        hostname: isTenant ? `${code}.onmicrosoft.example` : null,
        ips: res.ip ? [ip.take('cloud')] : [],
        env: prod,
        platform: res.type,
        vendor: provider,
        criticality: isTenant ? 'critical' : rng.pick(['high', 'medium'] as const),
        managementUrl:
          provider === 'azure'
            ? `https://portal.azure.com/#@${code}.onmicrosoft.example/resource/subscriptions/${subscription}/resourceGroups/rg-${code}-prod`
            : `https://${region}.console.aws.amazon.com/console/home?region=${region}`,
        accessNotes:
          provider === 'azure'
            ? `Break-glass global admin: 1Password: MSP Ops / ${CODE} Azure break-glass`
            : `AWS SSO role MSP-Operator (no static keys); root account in vault://msp/${code}/aws-root`,
        attributes:
          provider === 'azure'
            ? { subscriptionId: subscription, region, resourceGroup: `rg-${code}-prod` }
            : { accountId: account, region },
        tags: isTenant ? ['cloud', provider, 'm365'] : ['cloud', provider],
      });
      if (isTenant) tenant = ref;
      else if (res.ip) this.link(ref, circuits[0]!, 'depends_on');
      if (res.name.includes('VPN')) this.link(ref, mainFirewall, 'depends_on');
      cloudRefs.push(ref);
    }

    // General-purpose VMs, DR replicas and test copies fill the rest of the VM budget.
    const appVmsNeeded = appNames.length - (k8sNodes.length > 0 ? Math.min(3, appNames.length) : 0);
    const generalBudget = Math.max(0, vmBudget - dcs.length - dbVms.length - appVmsNeeded);
    const drShare = dr ? Math.round(generalBudget * 0.2) : 0;
    const testShare = test ? Math.round(generalBudget * 0.12) : 0;
    const prodGeneral: AssetRef[] = [];
    for (let g = 0; g < generalBudget - drShare - testShare; g++) {
      const role: VmRole = rng.weighted(VM_ROLES.map((r) => [r, r.weight] as const));
      const os = rng.pick(role.os);
      prodGeneral.push(
        addVm(
          prod,
          nextName(role.prefix),
          os,
          role.purpose,
          rng.weighted<Criticality>([
            ['critical', 1],
            ['high', 3],
            ['medium', 5],
            ['low', 2],
          ]),
          [...role.tags],
          { vcpu: rng.pick(role.vcpu), memoryGb: rng.pick(role.memoryGb) },
          role.prefix === 'web' || role.prefix === 'ftp' ? 'dmz' : 'servers',
        ),
      );
    }

    // Application services on their own servers (or on Kubernetes).
    const bkpVm = prodGeneral.find((v) => v.name.startsWith('bkp'));
    for (const [i, appName] of appNames.entries()) {
      const onK8s = k8sNodes.length > 0 && i < 3 && !COMMON_APPS.includes(appName);
      const customerFacing = CUSTOMER_FACING_APP.test(appName);
      const appTags = appTagsFor(appName, customerFacing);
      let runsOn: AssetRef[];
      if (onK8s) runsOn = rng.sample(k8sNodes, Math.min(3, k8sNodes.length));
      else if (appName.startsWith('VPN')) runsOn = [mainFirewall];
      else if (appName.startsWith('Backup') && bkpVm) runsOn = [bkpVm];
      else {
        const linux = /web shop|portal|moodle|vle|click|booking|cms/i.test(appName);
        runsOn = [
          addVm(
            prod,
            nextName(appVmPrefix(appName)),
            linux
              ? rng.pick(['Ubuntu 22.04 LTS', 'Red Hat Enterprise Linux 9'])
              : rng.pick(['Windows Server 2022', 'Windows Server 2019']),
            `${appName} server`,
            i < 2 ? 'critical' : 'high',
            appTags.filter((t) => t !== 'customer-facing'),
            { vcpu: rng.pick([4, 8]), memoryGb: rng.pick([8, 16, 32]) },
            customerFacing ? 'dmz' : 'servers',
          ),
        ];
      }
      const host = runsOn[0]!;
      const appSlug = slug(appName.replace(/\(.*\)/, '')).slice(0, 24);
      const app = this.writeAsset(state, {
        kind: 'application_service',
        name: appName,
        hostname: `${appSlug}.${domain}`,
        ips: host.ip ? [host.ip] : [],
        env: prod,
        platform: onK8s ? `${k8sPlatform} deployment` : appPlatform(appName, host.platform ?? '', rng),
        vendor: appVendor(appName),
        criticality:
          i === 0 ? 'critical' : i < 3 ? 'high' : rng.pick(['high', 'medium', 'medium', 'low'] as const),
        managementUrl: customerFacing || onK8s ? `https://${appSlug}.${domain}/` : null,
        accessNotes: rng.chance(0.5)
          ? `App admin: 1Password: MSP Ops / ${CODE} ${appName.replace(/\s*\(.*\)/, '')}`
          : `Service account in vault://msp/${code}/apps/${appSlug}`,
        attributes: {
          users: rng.pick([15, 40, 120, 400, 1500]),
          businessOwner: state.contacts[0]?.role ?? 'IT Manager',
          customerFacing,
          rtoMinutes: RESTORE_TARGETS[tier].sev1,
        },
        tags: appTags,
      });
      for (const r of runsOn) this.link(app, r, 'runs_on');
      const db = dbByApp.get(appName);
      if (db) this.link(app, db, 'depends_on');
      if (!appName.startsWith('VPN')) this.link(app, dcs[0]!, 'depends_on');
      if (customerFacing) {
        this.link(app, mainFirewall, 'depends_on');
        if (hosted) this.link(app, shared.edgeFirewall, 'depends_on');
      }
      if (tenant && /Entra|Exchange|Intranet/.test(appName)) this.link(app, tenant, 'depends_on');
      if (appName.startsWith('Backup')) {
        this.link(app, shared.backupService, 'depends_on');
        const array = storageFor.get(mainSite(state).id);
        if (array) this.link(app, array, 'depends_on');
      }
    }

    // DR replicas of the most important production servers, and test copies.
    const replicable = state.assets.filter((a) => a.kind === 'vm' && a.environmentId === prod.id);
    if (dr) {
      for (let d = 0; d < drShare; d++) {
        const source = replicable[d % replicable.length]!;
        addVm(
          dr,
          d < replicable.length ? `${source.name}-dr` : nextName('dr-util'),
          d < replicable.length ? (source.platform ?? 'Windows Server 2022') : 'Windows Server 2022',
          d < replicable.length ? `Replica of ${source.name}` : 'DR utility server',
          'medium',
          d < replicable.length ? [...source.tags.filter((t) => t !== 'tier0'), 'replica'] : ['replica'],
          { vcpu: 4, memoryGb: 16 },
          'dr',
          d < replicable.length ? { replicaOf: source.hostname } : {},
        );
      }
    }
    if (test) {
      for (let t = 0; t < testShare; t++) {
        const role: VmRole = rng.weighted(VM_ROLES.map((r) => [r, r.weight] as const));
        addVm(
          test,
          nextName(`tst-${role.prefix}`),
          rng.pick(role.os),
          `${role.purpose} (test)`,
          'low',
          [...role.tags],
          { vcpu: 2, memoryGb: 8 },
          'test',
        );
      }
    }
  }

  private writeMaintenance(state: CustomerState, windows: MaintenanceDraft[]): void {
    for (const m of windows) {
      const { created, updated } = this.stamps(state.plan.createdMs, 60, 0.3);
      this.w.insert('maintenance_windows', {
        id: this.id(created),
        customer_id: state.plan.id,
        name: m.name,
        weekday: m.weekday,
        start_time: m.start,
        duration_minutes: m.duration,
        ...syncColumns(created, updated),
      });
    }
  }

  /** Support contracts with the vendors whose kit and services the customer actually uses. */
  private writeContracts(state: CustomerState): void {
    const rng = this.rng;
    const plan = state.plan;
    const used = [...(this.usedVendorsByCustomer.get(plan.id) ?? [])];
    for (const fallback of ['microsoft', 'veeam'])
      if (used.length < 2 && !used.includes(fallback)) used.push(fallback);
    const count = Math.min(used.length, plan.index === 0 ? 5 : rng.int(2, 5));
    const carriers = new Set(['lumen', 'att', 'zayo', 'bt', 'colt', 'vodafone', 'telekom', 'telstra', 'ntt']);
    for (const key of rng.sample(used, count)) {
      const vendor = VENDORS.find((v) => v.key === key)!;
      const { created, updated } = this.stamps(plan.createdMs, 200, 0.3);
      const roll = rng.next();
      let expiresMs: number;
      if (roll < 0.1)
        expiresMs = this.nowMs - rng.int(1, 240) * DAY; // lapsed
      else if (roll < 0.22)
        expiresMs = this.nowMs + rng.int(1, 30) * DAY; // renew now
      else expiresMs = this.nowMs + rng.int(31, 1000) * DAY;
      const critical = plan.tier === 'platinum' || plan.tier === 'gold';
      const hours = carriers.has(key)
        ? '24x7'
        : critical
          ? rng.pick(['24x7 4h', '24x7 4h', '24x7 2h'])
          : rng.pick(['8x5 NBD', '9x5 NBD', '24x7 4h']);
      const number =
        key === 'dell'
          ? `${vendor.contractPrefix}-${rng.alnum(7)}`
          : `${vendor.contractPrefix}-${rng.digits(rng.pick([7, 8, 10]))}`;
      this.w.insert('support_contracts', {
        id: this.id(created),
        customer_id: plan.id,
        vendor_id: this.vendorId(key),
        contract_number: number,
        support_phone: rng.chance(0.35) ? plan.region.phone(rng, state.sites[0]?.city ?? '') : null,
        hours,
        expires_on: isoDate(expiresMs),
        ...syncColumns(created, updated),
      });
    }
  }

  // --- overlays --------------------------------------------------------------------

  private writeOverlays(states: CustomerState[], playbooks: PlaybookRef[]): void {
    const rng = this.rng;
    const customizable = playbooks.filter(
      (p) => p.seed.steps.some((s) => s.customizable) || p.seed.parameters.length > 0,
    );
    const chosen = rng.sample(states, Math.round(states.length * 0.2));
    for (const state of chosen) {
      const plan = state.plan;
      for (const pb of rng.sample(customizable, rng.int(1, 4))) {
        const v1 = pb.versions[0]!;
        const created = this.between(Math.max(plan.createdMs, v1.createdMs), this.nowMs - DAY);
        const version = [...pb.versions].reverse().find((v) => v.createdMs <= created) ?? v1;
        const body = this.overlayBody(state, version.body);
        const updated = rng.chance(0.3) ? this.between(created, this.nowMs - MINUTE) : created;
        const id = this.id(created);
        this.w.insert('overlays', {
          id,
          customer_id: plan.id,
          playbook_id: pb.id,
          core_version: version.number,
          body: JSON.stringify(body),
          ...syncColumns(created, updated),
        });
        state.overlays.set(pb.seed.key, { id, coreVersion: version.number, createdMs: created, body });
      }
    }
  }

  private overlayBody(state: CustomerState, core: PlaybookBody): OverlayBody {
    const rng = this.rng;
    const plan = state.plan;
    const parameters: Record<string, string | number | boolean> = {};
    for (const p of rng.sample(core.parameters, rng.int(1, Math.min(2, core.parameters.length)))) {
      const value = this.overlayValue(state, p);
      if (value !== null) parameters[p.name] = value;
    }
    const steps: Record<string, OverlayStepChange> = {};
    const candidates = core.steps.filter((s) => s.customizable);
    for (const s of rng.sample(
      candidates,
      rng.int(candidates.length > 0 ? 1 : 0, Math.min(2, candidates.length)),
    )) {
      const op = rng.weighted<'replace' | 'addAfter' | 'skip'>([
        ['replace', 5],
        ['addAfter', 3],
        ['skip', 2],
      ]);
      if (op === 'replace') {
        const note = rng.pick([
          `Run this from the customer's jump host jump01.${plan.localDomain}; direct access from the MSP network is blocked by their policy.`,
          "The customer's own IT team does this step: call the first contact and stay on the line while they do it.",
          'Production changes need a verbal OK from the customer first; log who approved it.',
          `Use the change reference prefix ${plan.code}-CHG in every note for this step.`,
          `After this step wait 10 minutes: ${state.apps[0] ?? 'the main application'} takes a while to reconnect.`,
        ]);
        steps[s.id] = { replace: { instruction: `${s.instruction}\n\n**${plan.code}:** ${note}` } };
      } else if (op === 'addAfter') {
        const contact = rng.pick(state.contacts);
        const add: PlaybookStep = rng.chance(0.6)
          ? {
              id: `${s.id}-${plan.code.toLowerCase()}-1`,
              title: `Call ${contact.role}`,
              instruction: `Call ${contact.name} (${contact.role}) on ${contact.phone} and tell them what was just done.`,
              command: null,
              expected: null,
              timeboxMinutes: 5,
              kind: 'communicate',
              customizable: false,
            }
          : {
              id: `${s.id}-${plan.code.toLowerCase()}-1`,
              title: `Check ${state.apps[0] ?? 'the main application'}`,
              instruction: `Open ${state.apps[0] ?? 'the main application'} as the test user before going on; the customer checks this first.`,
              command: null,
              expected: 'Login page loads and a record opens.',
              timeboxMinutes: 5,
              kind: 'check',
              customizable: false,
            };
        steps[s.id] = { addAfter: [add] };
      } else {
        steps[s.id] = {
          skip: {
            reason: rng.pick([
              "The customer's own IT performs this under their change process.",
              'Not applicable: this customer has no DR site of its own; restore from backup instead.',
              'Contract excludes on-site work out of hours.',
              'Done automatically by the customer’s monitoring runbook.',
            ]),
          },
        };
      }
    }
    return { parameters, steps };
  }

  private overlayValue(state: CustomerState, p: PlaybookParameter): string | number | boolean | null {
    const rng = this.rng;
    const examples = CORE_PLAYBOOKS.flatMap((s) => s.parameters).find(
      (x) => x.name === p.name && x.examples,
    )?.examples;
    switch (p.type) {
      case 'contact': {
        // Contact parameters name a role; it resolves to the customer's contact with that role.
        const other = state.contacts.filter((c) => c.role !== p.default);
        return other.length > 0 ? rng.pick(other).role : null;
      }
      case 'boolean':
        return !p.default;
      case 'number': {
        const nums = (examples ?? []).filter((e): e is number => typeof e === 'number' && e !== p.default);
        return nums.length > 0 ? rng.pick(nums) : null;
      }
      case 'string': {
        if (p.name === 'failover_site') {
          const drEnv = state.envs.find((e) => e.kind === 'dr');
          if (drEnv) return drEnv.site ? drEnv.site.name : 'MSP DC2 (Slough)';
        }
        const strs = (examples ?? []).filter((e): e is string => typeof e === 'string' && e !== p.default);
        return strs.length > 0 ? rng.pick(strs) : null;
      }
    }
  }

  // --- incidents -------------------------------------------------------------------

  private writeIncidents(states: CustomerState[], playbooks: PlaybookRef[]): void {
    const rng = this.rng;
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
      const status: 'open' | 'restoring' | 'restored' | 'closed' =
        i < openCount ? (i % 2 === 0 ? 'restoring' : 'open') : rng.chance(0.25) ? 'restored' : 'closed';
      this.writeIncident(state, asset, pb, severity, status);
    }
  }

  private writeIncident(
    state: CustomerState,
    asset: AssetRef,
    pb: PlaybookRef,
    severity: Severity,
    status: 'open' | 'restoring' | 'restored' | 'closed',
  ): void {
    const rng = this.rng;
    const live = status === 'open' || status === 'restoring';
    const openedMs = live
      ? this.nowMs - rng.int(10, 150) * MINUTE - rng.int(0, 59) * 1000
      : this.between(this.nowMs - 90 * DAY, this.nowMs - DAY);
    const restoreMinutes = rng.int(20, 300);
    const restoredMs = live ? null : openedMs + restoreMinutes * MINUTE + rng.int(0, 59) * 1000;
    const closedMs =
      status === 'closed' && restoredMs !== null
        ? Math.min(this.nowMs - MINUTE, restoredMs + rng.int(30, 3 * 24 * 60) * MINUTE)
        : null;
    const version = [...pb.versions].reverse().find((v) => v.createdMs <= openedMs) ?? pb.versions[0]!;
    // The overlay in force when the incident ran (one written later did not exist yet).
    const stored = state.overlays.get(pb.seed.key);
    const overlay = stored && stored.createdMs <= openedMs ? stored : undefined;
    const opener = rng.pick(ENGINEERS);
    const engineer = rng.chance(0.6) ? opener : rng.pick(ENGINEERS);
    const symptom = rng.pick(pb.seed.symptoms);
    const title = `${pb.seed.title}: ${asset.name}`;
    const id = this.id(openedMs);

    const events: Array<{ at: number; author: string; type: string; payload: Record<string, unknown> }> = [];
    let t = openedMs;
    const push = (type: string, author: string, payload: Record<string, unknown>, at: number) => {
      t = Math.max(at, t + 1000);
      events.push({ at: t, author, type, payload });
    };
    push(
      'opened',
      opener,
      {
        customerId: state.plan.id,
        title,
        severity,
        symptom,
        assetIds: [asset.id],
        environmentId: asset.environmentId,
        source: rng.pick(['monitoring', 'customer call', 'service desk ticket']),
      },
      openedMs,
    );
    const horizon = restoredMs ?? this.nowMs - MINUTE;
    const ackAt = openedMs + rng.int(2, 12) * MINUTE;
    if (status !== 'open' || ackAt < horizon)
      push('acknowledged', engineer, {}, Math.min(ackAt, horizon - 4 * MINUTE));
    const contact = state.contacts[0];
    if (status !== 'open' && contact) {
      push(
        'note',
        engineer,
        { text: `Called ${contact.name} (${contact.role}): informed, next update in 30 minutes.` },
        t + rng.int(1, 4) * MINUTE,
      );
    }
    if (status !== 'open') {
      // The run carries its effective playbook, frozen as the service freezes it at start.
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
      const startedAt = t + rng.int(1, 3) * MINUTE;
      const runId = this.id(startedAt);
      push(
        'playbook_started',
        engineer,
        {
          runId,
          playbookId: pb.id,
          playbookTitle: pb.seed.title,
          playbookVersion: version.number,
          overlayId: overlay?.id ?? null,
          assetId: asset.id,
          effective,
        },
        startedAt,
      );
      const steps = effective.steps;
      const doneSteps = live ? rng.int(1, Math.max(1, steps.length - 2)) : steps.length;
      const span = Math.max(steps.length * MINUTE, horizon - t - 2 * MINUTE);
      const totalBox = steps.reduce((s, x) => s + x.timeboxMinutes, 0);
      let cursor = t;
      for (const s of steps.slice(0, doneSteps)) {
        cursor += Math.max(MINUTE, Math.floor((span * s.timeboxMinutes) / totalBox / 1000) * 1000);
        const at = Math.min(cursor, horizon - MINUTE);
        if (s.skipReason) push('step_skipped', engineer, { runId, stepId: s.id, reason: s.skipReason }, at);
        else if (!live && s.kind === 'decision' && rng.chance(0.5)) {
          push(
            'step_skipped',
            engineer,
            { runId, stepId: s.id, reason: 'Not needed: service came back after the previous step.' },
            at,
          );
        } else push('step_done', engineer, { runId, stepId: s.id, note: stepNote(s, rng) }, at);
      }
    }
    if (restoredMs !== null) {
      push(
        'restored',
        engineer,
        {
          summary: `Service restored for ${asset.name}; users confirmed.`,
          minutesToRestore: Math.round((restoredMs - openedMs) / MINUTE),
        },
        restoredMs,
      );
    }
    if (closedMs !== null) {
      push('closed', rng.pick(ENGINEERS), { resolution: rng.pick(CLOSE_NOTES) }, closedMs);
    }

    const last = events[events.length - 1]!;
    const restoredAt = events.find((e) => e.type === 'restored')?.at ?? null;
    const closedAt = events.find((e) => e.type === 'closed')?.at ?? null;
    this.w.insert('incidents', {
      id,
      customer_id: state.plan.id,
      title,
      severity,
      status,
      opened_at: iso(openedMs),
      restored_at: restoredAt === null ? null : iso(restoredAt),
      closed_at: closedAt === null ? null : iso(closedAt),
      ...syncColumns(openedMs, last.at),
    });
    for (const e of events) {
      this.w.insert('incident_events', {
        id: this.id(e.at),
        incident_id: id,
        at: iso(e.at),
        device: 'demo',
        author: e.author,
        type: e.type,
        payload: JSON.stringify(e.payload),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Pure helpers

interface MaintenanceDraft {
  readonly name: string;
  readonly weekday: number;
  readonly start: string;
  readonly duration: number;
}

const MAINTENANCE_TEMPLATES = [
  { name: 'Monthly patching', weekdays: [6, 7], starts: ['22:00', '02:00', '06:00'], duration: [120, 240] },
  {
    name: 'Weekly maintenance',
    weekdays: [2, 3, 4],
    starts: ['20:00', '21:00', '22:00'],
    duration: [60, 180],
  },
  { name: 'Firmware and hardware', weekdays: [7], starts: ['04:00', '05:00'], duration: [180, 240] },
  { name: 'Network changes', weekdays: [3, 5], starts: ['19:00', '23:00'], duration: [60, 120] },
] as const;

type OverlayStepChange =
  | { replace: { instruction?: string; command?: string } }
  | { addAfter: PlaybookStep[] }
  | { skip: { reason: string } };

interface OverlayBody {
  parameters: Record<string, string | number | boolean>;
  steps: Record<string, OverlayStepChange>;
}

const CLOSE_NOTES = [
  'Root cause handed to problem management; follow-up ticket raised.',
  'Vendor replaced the failed part; monitoring clean for 24 h.',
  'Customer confirmed normal operation; no further action.',
  'Config change reverted; change process reminder sent to the team.',
  'Capacity increased; review scheduled with the customer.',
];

/** The core body as of a version: steps added later are left out. */
function bodyFor(seed: CorePlaybookSeed, version: 1 | 2): PlaybookBody {
  let n = 0;
  const ids = new Map<number, string>();
  // Steps of v1 keep s1..sN; later additions get the next numbers, wherever they sit.
  seed.steps.forEach((s, i) => {
    if (s.addedIn === 1) ids.set(i, `s${++n}`);
  });
  seed.steps.forEach((s, i) => {
    if (s.addedIn === 2) ids.set(i, `s${++n}`);
  });
  const steps: PlaybookStep[] = [];
  seed.steps.forEach((s, i) => {
    if (s.addedIn > version) return;
    steps.push({
      id: ids.get(i)!,
      title: s.title,
      instruction: s.instruction,
      command: s.command,
      expected: s.expected,
      timeboxMinutes: s.timeboxMinutes,
      kind: s.kind,
      customizable: s.customizable,
    });
  });
  return {
    summary: seed.summary,
    appliesTo: { assetKinds: [...seed.assetKinds], tags: [...seed.tags], symptoms: [...seed.symptoms] },
    restoreTargetMinutes: seed.restoreTargetMinutes,
    parameters: seed.parameters.map(({ name, type, default: def, description }) => ({
      name,
      type,
      default: def,
      description,
    })),
    steps,
  };
}

function emailLocal(name: string): string {
  return slug(name).replace(/-/g, '.');
}

function industryOf(plan: CustomerPlan): Industry {
  return plan.industry ?? INDUSTRIES[0]!;
}

function mainSite(state: CustomerState): SiteRef {
  return state.sites[0]!;
}

function firmwareFor(vendor: string, rng: Rng): string {
  switch (vendor) {
    case 'fortinet':
      return rng.pick(['FortiOS 7.2.8', 'FortiOS 7.4.4', 'FortiOS 7.0.15']);
    case 'paloalto':
      return rng.pick(['PAN-OS 10.2.9', 'PAN-OS 11.1.2']);
    case 'sophos':
      return 'SFOS 20.0 MR2';
    default:
      return 'FTD 7.2.5';
  }
}

function switchOs(vendor: string): string {
  return vendor === 'cisco' ? 'Cisco IOS XE 17.9' : vendor === 'aruba' ? 'AOS-CX 10.13' : 'Junos OS 23.2';
}

function storagePlatform(vendor: string): string {
  return vendor === 'netapp'
    ? 'ONTAP 9.14.1'
    : vendor === 'pure'
      ? 'Purity//FA 6.5.4'
      : vendor === 'dell'
        ? 'PowerStoreOS 3.6'
        : 'Alletra OS 6.1';
}

function appVmPrefix(appName: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^ERP/, 'erp'],
    [/^EMR/, 'emr'],
    [/^CRM/, 'crm'],
    [/^WMS/, 'wms'],
    [/^TMS/, 'tms'],
    [/^MIS/, 'mis'],
    [/^PACS/, 'pacs'],
    [/^File/, 'fs'],
    [/^Print/, 'print'],
    [/^Remote Desktop/, 'rdgw'],
    [/^Exchange/, 'exch'],
    [/^Entra/, 'aadc'],
    [/^Monitoring/, 'mon'],
    [/^Backup/, 'bkp'],
    [/web shop|portal|booking|click|intranet|cms/i, 'web'],
  ];
  for (const [re, prefix] of rules) if (re.test(appName)) return prefix;
  return 'app';
}

function appPlatform(appName: string, os: string, rng: Rng): string {
  if (/^Exchange/.test(appName)) return 'Exchange Server 2019 CU14';
  if (/^Entra/.test(appName)) return 'Microsoft Entra Connect Sync 2.3';
  if (/^Backup/.test(appName)) return 'Veeam Backup & Replication 12';
  if (/^File/.test(appName)) return 'Windows File Server (DFS-N)';
  if (/^Remote Desktop/.test(appName)) return 'RD Gateway (Windows Server 2022)';
  if (/^Print/.test(appName)) return 'Windows Print Server';
  if (/^VPN/.test(appName)) return 'IPsec / SSL VPN';
  return os.startsWith('Windows')
    ? rng.pick(['IIS 10 / .NET 8', 'IIS 10 / ASP.NET 4.8', 'Windows service'])
    : rng.pick(['Tomcat 9 / Java 17', 'nginx + Node.js 20', 'Apache 2.4 / PHP 8.2']);
}

/** Applications that keep no database of their own in the demo. */
const NO_DATABASE_APP =
  /^(File shares|VPN|Print services|Remote Desktop gateway|Exchange hybrid|Entra ID Connect|Guest Wi-Fi)/;

const CUSTOMER_FACING_APP = /web shop|portal|booking|click|guest|client|citizen|planning|table/i;

/** Tags that tell which playbooks fit an application (rds, exchange, m365, backup, web...). */
function appTagsFor(appName: string, customerFacing: boolean): string[] {
  const tags = ['app'];
  if (customerFacing) tags.push('web', 'customer-facing');
  if (/^Exchange/.test(appName)) tags.push('exchange', 'm365');
  if (/^Entra/.test(appName)) tags.push('m365', 'ad');
  if (/^Remote Desktop/.test(appName)) tags.push('rds');
  if (/^Backup/.test(appName)) tags.push('backup');
  if (/^File shares/.test(appName)) tags.push('files');
  if (/^VPN/.test(appName)) tags.push('vpn');
  if (/^Intranet/.test(appName)) tags.push('web');
  return tags;
}

function appVendor(appName: string): string | null {
  if (/^Exchange|^Entra|Dynamics/.test(appName)) return 'microsoft';
  if (/^Backup/.test(appName)) return 'veeam';
  return null;
}

function stepNote(step: { readonly kind: PlaybookStep['kind'] }, rng: Rng): string {
  switch (step.kind) {
    case 'check':
      return rng.pick([
        'As expected.',
        'Confirmed; see output in ticket.',
        'Not as expected — continued with next step.',
      ]);
    case 'action':
      return rng.pick(['Done.', 'Done; took longer than the time box.', 'Done, service responding.']);
    case 'decision':
      return rng.pick(['Decided not to fail over: service recovering.', 'Approved by customer; proceeding.']);
    case 'escalate':
      return rng.pick(['Vendor case opened.', 'Vendor case opened; engineer dispatched.']);
    case 'communicate':
      return rng.pick(['Customer updated by phone.', 'Update sent by e-mail and Teams.']);
  }
}

/** The seed body in the shape the shared resolver takes (mutable copies of its lists). */
function coreBody(body: PlaybookBody): CorePlaybookBody {
  return {
    ...body,
    appliesTo: {
      assetKinds: [...body.appliesTo.assetKinds],
      tags: [...body.appliesTo.tags],
      symptoms: [...body.appliesTo.symptoms],
    },
    parameters: body.parameters.map((p) => ({ ...p })),
    steps: body.steps.map((s) => ({ ...s })),
  };
}

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
