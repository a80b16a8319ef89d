/**
 * Customers: the plan of the whole book (names, codes, tiers, regions, sizes), then each
 * customer's row, sites, environments, contacts in escalation order, estate, maintenance
 * windows and contracts.
 */
import type { Tier } from '../../../shared/catalog/schemas';
import {
  CONTACT_NOTES,
  CONTACT_ROLES_FIRST,
  CONTACT_ROLES_LAST,
  CONTACT_ROLES_MIDDLE,
  CUSTOMER_NOTES,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  NAME_STEMS,
  REGIONS,
  STREETS,
} from './catalog-data';
import type { DemoContext } from './context';
import { writeContracts } from './contracts';
import { buildEstate } from './estate';
import {
  assetsPerCustomer,
  type CustomerPlan,
  type CustomerState,
  DAY,
  DEMO_DEFAULTS,
  type EnvKind,
  type EnvRef,
  HOSTED_CHANCE,
  RESTORE_TARGETS,
  type SharedInfra,
  type SiteRef,
  SUPPORT_HOURS,
  TIER_SIZE,
} from './model';
import { emailLocal, makeCode, slug } from './names';
import { iso, syncColumns } from './rows';

export function planCustomers(ctx: DemoContext): CustomerPlan[] {
  const rng = ctx.rng;
  const names = new Set<string>();
  const codes = new Set<string>([DEMO_DEFAULTS.sharedCustomerCode]);
  const drafts: Array<Omit<CustomerPlan, 'targetAssets'> & { weight: number }> = [];
  const regionWeights = REGIONS.map((r) => [r, r.weight] as const);
  for (let i = 0; i < ctx.customerCount; i++) {
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
    const createdMs = ctx.between(ctx.nowMs - 2000 * DAY, ctx.nowMs - 400 * DAY);
    drafts.push({
      index: i + 1,
      id: ctx.id(createdMs),
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
  const budget = ctx.customerCount * assetsPerCustomer(ctx.customerCount);
  return drafts.map(({ weight, ...d }) => ({
    ...d,
    targetAssets: Math.max(15, Math.round((budget * weight) / totalWeight)),
  }));
}

export function writeCustomerRow(
  ctx: DemoContext,
  plan: CustomerPlan,
  extra: { tags: string[]; notes: string | null; supportHours: string },
): void {
  const rng = ctx.rng;
  const ageDays = Math.floor((ctx.nowMs - plan.createdMs) / DAY);
  const roll = rng.next();
  let reviewedAt: string | null;
  if (roll < 0.1)
    reviewedAt = null; // never reviewed
  else if (roll < 0.38)
    reviewedAt = iso(ctx.between(ctx.nowMs - Math.min(ageDays, 700) * DAY, ctx.nowMs - 181 * DAY));
  else reviewedAt = iso(ctx.between(ctx.nowMs - 170 * DAY, ctx.nowMs - DAY));
  const updatedMs = reviewedAt ? Date.parse(reviewedAt) : ctx.between(plan.createdMs, ctx.nowMs - DAY);
  ctx.w.insert('customers', {
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

export function newState(plan: CustomerPlan): CustomerState {
  return { plan, contacts: [], sites: [], envs: [], assets: [], apps: [], overlays: new Map() };
}

export function writeSite(ctx: DemoContext, state: CustomerState, name: string, city: string): SiteRef {
  const { created, updated } = ctx.stamps(state.plan.createdMs, 20);
  const id = ctx.id(created);
  ctx.w.insert('sites', {
    id,
    customer_id: state.plan.id,
    name,
    city,
    address: `${ctx.rng.int(1, 240)} ${ctx.rng.pick(STREETS)}, ${city}`,
    source: 'demo',
    source_id: `${state.plan.code}/${slug(name)}`,
    ...syncColumns(created, updated),
  });
  const site = { id, name, city };
  state.sites.push(site);
  return site;
}

export function writeEnv(
  ctx: DemoContext,
  state: CustomerState,
  name: string,
  kind: EnvKind,
  site: SiteRef | null,
): EnvRef {
  const { created, updated } = ctx.stamps(state.plan.createdMs, 20, 0.1);
  const id = ctx.id(created);
  ctx.w.insert('environments', {
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

export function writeContact(
  ctx: DemoContext,
  state: CustomerState,
  c: { name: string; role: string; phone: string; email: string; notes: string | null },
): void {
  const { created, updated } = ctx.stamps(state.plan.createdMs, 300, 0.4);
  const order = state.contacts.length + 1;
  ctx.w.insert('contacts', {
    id: ctx.id(created),
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

export function buildCustomer(ctx: DemoContext, plan: CustomerPlan, shared: SharedInfra): CustomerState {
  const rng = ctx.rng;
  const state = newState(plan);
  const industry = plan.industry!;
  const tier = plan.tier;
  const big = tier === 'platinum' || tier === 'gold';
  const tags = [industry.tag];
  for (const t of industry.complianceTags) if (rng.chance(0.4)) tags.push(t);
  if (rng.chance(0.25))
    tags.push(rng.pick(['cyber-essentials', 'iso27001', 'multi-site', 'key-account', 'onboarding']));
  writeCustomerRow(ctx, plan, {
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
    writeSite(ctx, state, name, city);
  }
  const main = state.sites[0]!;
  const hosted = rng.chance(HOSTED_CHANCE[tier]);

  // Environments.
  const prod = writeEnv(
    ctx,
    state,
    hosted ? 'Production (hosted at MSP DC1)' : 'Production',
    'production',
    main,
  );
  const wantsDr = big || (tier === 'silver' && rng.chance(0.3));
  const ownDrSite = wantsDr && !hosted && state.sites.length >= 2 ? state.sites[1]! : null;
  const dr = wantsDr ? writeEnv(ctx, state, ownDrSite ? 'DR' : 'DR (MSP DC2)', 'dr', ownDrSite) : null;
  const testChance = { platinum: 0.8, gold: 0.6, silver: 0.35, bronze: 0.1 }[tier];
  const test = rng.chance(testChance) ? writeEnv(ctx, state, 'Test', 'test', main) : null;

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
    writeContact(ctx, state, {
      name,
      role,
      phone: plan.region.phone(ctx.rng, main.city),
      email: role === 'Service Desk' ? `servicedesk@${plan.domain}` : `${emailLocal(name)}@${plan.domain}`,
      notes: rng.pick(CONTACT_NOTES),
    });
  }

  buildEstate(ctx, state, { prod, dr, test, hosted }, shared);

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
  writeMaintenance(ctx, state, windows);
  writeContracts(ctx, state);
  return state;
}

export interface MaintenanceDraft {
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

export function writeMaintenance(ctx: DemoContext, state: CustomerState, windows: MaintenanceDraft[]): void {
  for (const m of windows) {
    const { created, updated } = ctx.stamps(state.plan.createdMs, 60, 0.3);
    ctx.w.insert('maintenance_windows', {
      id: ctx.id(created),
      customer_id: state.plan.id,
      name: m.name,
      weekday: m.weekday,
      start_time: m.start,
      duration_minutes: m.duration,
      ...syncColumns(created, updated),
    });
  }
}
