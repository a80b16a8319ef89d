/** The environment catalog as the UI sees it: customers, their sites, assets, contacts, vendors. */
import { z } from 'zod';
import { ASSET_KINDS, SEVERITIES, TIERS } from './labels';

export { ASSET_KIND_LABELS, ASSET_KINDS, SEVERITIES, TIERS } from './labels';

export const Id = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a UUID');

export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Minutes until service must be back, per severity, as agreed with the customer. */
export const RestoreTargets = z.object({
  sev1: z.number().int().positive(),
  sev2: z.number().int().positive(),
  sev3: z.number().int().positive(),
  sev4: z.number().int().positive(),
});
export type RestoreTargets = z.infer<typeof RestoreTargets>;

export const AssetKind = z.enum(ASSET_KINDS);
export type AssetKind = z.infer<typeof AssetKind>;

export const CustomerSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  tier: Tier,
  timeZone: z.string(),
  assetCount: z.number().int(),
  reviewedAt: z.string().nullable(),
  reviewIntervalDays: z.number().int(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const Contact = z.object({
  id: Id,
  name: z.string(),
  role: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  escalationOrder: z.number().int(),
});
export type Contact = z.infer<typeof Contact>;

export const SupportContract = z.object({
  id: Id,
  vendorId: Id,
  vendorName: z.string(),
  supportPhone: z.string().nullable(),
  contractNumber: z.string().nullable(),
  hours: z.string().nullable(),
  expiresOn: z.string().nullable(),
});
export type SupportContract = z.infer<typeof SupportContract>;

export const MaintenanceWindow = z.object({
  id: Id,
  name: z.string(),
  /** ISO weekday, 1 = Monday … 7 = Sunday, in the customer's time zone. */
  weekday: z.number().int().min(1).max(7),
  startTime: z.string().regex(/^\d{2}:\d{2}$/),
  durationMinutes: z.number().int().positive(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const Site = z.object({ id: Id, name: z.string(), city: z.string().nullable() });
export const Environment = z.object({
  id: Id,
  name: z.string(),
  kind: z.string(),
  assetCount: z.number().int(),
});

export const CustomerDetail = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  tier: Tier,
  timeZone: z.string(),
  restoreTargets: RestoreTargets,
  supportHours: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  reviewedAt: z.string().nullable(),
  reviewIntervalDays: z.number().int(),
  sites: z.array(Site),
  environments: z.array(Environment),
  contacts: z.array(Contact),
  contracts: z.array(SupportContract),
  maintenanceWindows: z.array(MaintenanceWindow),
  assetCountsByKind: z.array(z.object({ kind: AssetKind, count: z.number().int() })),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;
