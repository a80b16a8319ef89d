/** The environment catalog as the UI sees it: customers, their sites, assets, contacts, vendors. */
import { z } from 'zod';
import { ASSET_KINDS, CRITICALITIES, SEVERITIES, TIERS } from './labels';

export { ASSET_KIND_LABELS, ASSET_KINDS, CRITICALITIES, SEVERITIES, TIERS } from './labels';

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

/** 'internal' is the MSP's own shared platform: in the catalog and blast radius, not a customer. */
import { CUSTOMER_KINDS } from './customerKinds';

export { COUNTED_CUSTOMER_KIND, CUSTOMER_KINDS } from './customerKinds';
export const CustomerKind = z.enum(CUSTOMER_KINDS);

export const CustomerSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: CustomerKind,
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
  notes: z.string().nullable(),
  version: z.number().int(),
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
  version: z.number().int(),
});
export type SupportContract = z.infer<typeof SupportContract>;

export const MaintenanceWindow = z.object({
  id: Id,
  name: z.string(),
  /** ISO weekday, 1 = Monday … 7 = Sunday, in the customer's time zone. */
  weekday: z.number().int().min(1).max(7),
  startTime: z.string().regex(/^\d{2}:\d{2}$/),
  durationMinutes: z.number().int().positive(),
  version: z.number().int(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const Site = z.object({ id: Id, name: z.string(), city: z.string().nullable() });
export const Environment = z.object({
  id: Id,
  siteId: Id.nullable(),
  name: z.string(),
  kind: z.string(),
  assetCount: z.number().int(),
});

export const OpenIncident = z.object({
  id: Id,
  title: z.string(),
  severity: Severity,
  status: z.enum(['open', 'restoring', 'restored', 'closed']),
  openedAt: z.string(),
});

const UpdateMinutes = z
  .number()
  .int()
  .min(5)
  .max(7 * 24 * 60);

export const TemplateTextSchema = z
  .object({
    subject: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1).max(10_000),
  })
  .strict();

/**
 * A customer's communication terms as stored with its record (the `communication_terms`
 * column, so they sync with the customer under central's rules): only what the customer
 * sets over the core terms (shared/incidents/templates.ts). Placeholders are checked at
 * save (termsTemplateIssue), so the refusal names the template and the line and column.
 */
export const CustomerTermsSchema = z
  .object({
    /** Contact ids of the customer, in the order they are addressed. */
    recipients: z.array(Id).max(30),
    /** Minutes between updates per severity; null: no regular updates; absent: the core cadence. */
    cadenceMinutes: z
      .object({
        sev1: UpdateMinutes.nullable().optional(),
        sev2: UpdateMinutes.nullable().optional(),
        sev3: UpdateMinutes.nullable().optional(),
        sev4: UpdateMinutes.nullable().optional(),
      })
      .strict(),
    templates: z
      .object({
        working: TemplateTextSchema.optional(),
        update: TemplateTextSchema.optional(),
        restored: TemplateTextSchema.optional(),
      })
      .strict(),
  })
  .strict();
export type CustomerTermsSchema = z.infer<typeof CustomerTermsSchema>;

/** The stored JSON read back; damaged or foreign content reads as "no terms" (core applies). */
export function parseStoredTerms(text: string | null | undefined): CustomerTermsSchema | null {
  if (!text) return null;
  try {
    const parsed = CustomerTermsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

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
  kind: CustomerKind,
  openIncidents: z.array(OpenIncident),
  /** What the customer sets over the core communication terms; null: core applies. */
  communicationTerms: CustomerTermsSchema.nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  /** When central last confirmed this local copy current; null if this console never synced it. */
  syncedAt: z.string().nullable(),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const Criticality = z.enum(CRITICALITIES);
export type Criticality = z.infer<typeof Criticality>;

export const LINK_KINDS = ['runs_on', 'depends_on'] as const;
export const LinkKind = z.enum(LINK_KINDS);
export type LinkKind = z.infer<typeof LinkKind>;

/** The customer an asset, contact or hit belongs to, as shown next to it. */
export const CustomerRef = z.object({ id: Id, code: z.string(), name: z.string(), tier: Tier });
export type CustomerRef = z.infer<typeof CustomerRef>;

export const AssetSummary = z.object({
  id: Id,
  customerId: Id,
  environmentId: Id.nullable(),
  kind: AssetKind,
  name: z.string(),
  hostname: z.string().nullable(),
  ipAddresses: z.array(z.string()),
  criticality: Criticality,
});
export type AssetSummary = z.infer<typeof AssetSummary>;

/** A directed link: `from` runs on / depends on `to` (the thing it needs). */
export const AssetLink = z.object({ id: Id, fromId: Id, toId: Id, kind: LinkKind });
export type AssetLink = z.infer<typeof AssetLink>;

/** Everything about one customer's environment needed to draw its tree and graph. */
export const Topology = z.object({
  customer: CustomerRef,
  assets: z.array(AssetSummary),
  /** Links among these assets, plus links to assets of other accounts (shared platform). */
  links: z.array(AssetLink),
  /** Assets of other accounts (shared clusters, carriers) that this customer's assets need. */
  external: z.array(AssetSummary.extend({ customer: CustomerRef })),
});
export type Topology = z.infer<typeof Topology>;

export const AssetDetail = AssetSummary.extend({
  customer: CustomerRef,
  environment: z.object({ id: Id, name: z.string(), kind: z.string() }).nullable(),
  site: z.object({ id: Id, name: z.string() }).nullable(),
  platform: z.string().nullable(),
  vendor: z.object({ id: Id, name: z.string(), supportPhone: z.string().nullable() }).nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  managementUrl: z.string().nullable(),
  /** Where the credentials live (a vault path), never the secret itself. */
  accessNotes: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  /** The layers below: what this runs on, transitively (VM → cluster → host), nearest first. */
  runsOnChain: z.array(AssetSummary.extend({ depth: z.number().int(), customer: CustomerRef })),
  /** The layers above: what runs on this, transitively, nearest first. */
  hosts: z.array(AssetSummary.extend({ depth: z.number().int(), customer: CustomerRef })),
  dependsOn: z.array(AssetSummary.extend({ customer: CustomerRef })),
  dependents: z.array(AssetSummary.extend({ customer: CustomerRef })),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AssetDetail = z.infer<typeof AssetDetail>;

export const RestoreOrderStep = z.object({
  /** Wave number: everything in wave 1 can be restored in parallel, then wave 2, … */
  wave: z.number().int().min(1),
  asset: AssetSummary.extend({ customer: CustomerRef }),
  /** Ids of the assets in this set that must be back before this one. */
  after: z.array(Id),
});
export const RestoreOrder = z.object({
  steps: z.array(RestoreOrderStep),
  /** Each cycle as the ids along it; its assets are left out of the waves and shown here. */
  cycles: z.array(z.array(Id)),
});
export type RestoreOrder = z.infer<typeof RestoreOrder>;

export const BlastRadius = z.object({
  source: z.object({ kind: z.enum(['asset', 'vendor']), id: Id, name: z.string() }),
  /** Affected assets, most urgent first (customer tier, restore target, criticality). */
  assets: z.array(
    AssetSummary.extend({
      customer: CustomerRef,
      depth: z.number().int(),
      /** How the failure reaches it: ids from the source to this asset. */
      path: z.array(Id),
    }),
  ),
  customers: z.array(
    CustomerRef.extend({
      sev1TargetMinutes: z.number().int(),
      affectedAssets: z.number().int(),
      criticalAssets: z.number().int(),
    }),
  ),
});
export type BlastRadius = z.infer<typeof BlastRadius>;

export const SEARCH_KINDS = ['customer', 'asset', 'contact', 'vendor', 'playbook'] as const;

/** The longest search the back end takes; the palette checks it before asking. */
export { SEARCH_QUERY_MAX, SEARCH_QUERY_TOO_LONG } from './searchLimits';
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;

export const SearchHit = z.object({
  kind: SearchKind,
  id: Id,
  title: z.string(),
  /** A second line: host name and address for an asset, role for a contact, … */
  subtitle: z.string().nullable(),
  customer: CustomerRef.nullable(),
  /** exact: the name, code, host name or address is what was typed; prefix/text: FTS. */
  match: z.enum(['exact', 'prefix', 'text']),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const VendorSummary = z.object({
  id: Id,
  name: z.string(),
  supportPhone: z.string().nullable(),
  supportEmail: z.string().nullable(),
  website: z.string().nullable(),
  customers: z.number().int(),
  assets: z.number().int(),
  version: z.number().int(),
});
export type VendorSummary = z.infer<typeof VendorSummary>;

// ---- Editing: each input carries the version it was based on (null when creating), so
// an edit made on a stale copy is refused as a conflict instead of overwriting silently.

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable();
const TimeZoneName = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');
const Email = z.string().trim().email().max(200).nullable();
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number: digits, spaces and + ( ) - . /')
  .nullable();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** Access notes point at where a secret lives; anything that looks like a secret is refused. */
export const AccessNotes = z
  .string()
  .trim()
  .max(1000)
  .refine((s) => !/(password|passwd|pwd|secret|token|api[_-]?key)\s*[:=]\s*\S/i.test(s), {
    message: 'must say where the secret lives (e.g. vault://team/host), never the secret itself',
  })
  .nullable();

export const CustomerInput = z
  .object({
    id: Id.nullable(),
    baseVersion: z.number().int().positive().nullable(),
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9][A-Z0-9_-]{1,11}$/, 'must be 2–12 capitals, digits, - or _'),
    name: text(200),
    tier: Tier,
    timeZone: TimeZoneName,
    restoreTargets: RestoreTargets,
    supportHours: optionalText(200),
    notes: optionalText(5000),
    tags: z.array(z.string().trim().min(1).max(40)).max(30),
    reviewedAt: IsoDate.nullable(),
    reviewIntervalDays: z.number().int().min(1).max(3650),
    /** Communication terms over the core set; null clears them; absent leaves them as they are. */
    communicationTerms: CustomerTermsSchema.nullable().optional(),
  })
  .strict();
export type CustomerInput = z.infer<typeof CustomerInput>;

export const AssetInput = z
  .object({
    id: Id.nullable(),
    baseVersion: z.number().int().positive().nullable(),
    customerId: Id,
    environmentId: Id.nullable(),
    siteId: Id.nullable(),
    kind: AssetKind,
    name: text(200),
    hostname: optionalText(253),
    ipAddresses: z.array(z.union([z.ipv4(), z.ipv6()])).max(64),
    platform: optionalText(200),
    vendorId: Id.nullable(),
    model: optionalText(200),
    serial: optionalText(100),
    criticality: Criticality,
    managementUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable(),
    accessNotes: AccessNotes,
    attributes: z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean()])),
    tags: z.array(z.string().trim().min(1).max(40)).max(30),
    runsOn: z.array(Id).max(50),
    dependsOn: z.array(Id).max(200),
  })
  .strict();
export type AssetInput = z.infer<typeof AssetInput>;

export const ContactInput = z
  .object({
    id: Id.nullable(),
    baseVersion: z.number().int().positive().nullable(),
    customerId: Id,
    name: text(200),
    role: text(100),
    phone: Phone,
    email: Email,
    escalationOrder: z.number().int().min(1).max(99),
    notes: optionalText(2000),
  })
  .strict();
export type ContactInput = z.infer<typeof ContactInput>;

export const VendorInput = z
  .object({
    id: Id.nullable(),
    baseVersion: z.number().int().positive().nullable(),
    name: text(200),
    supportPhone: Phone,
    supportEmail: Email,
    website: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable(),
  })
  .strict();
export type VendorInput = z.infer<typeof VendorInput>;

export const ContractInput = z
  .object({
    id: Id.nullable(),
    baseVersion: z.number().int().positive().nullable(),
    customerId: Id,
    vendorId: Id,
    contractNumber: optionalText(100),
    supportPhone: Phone,
    hours: optionalText(100),
    expiresOn: IsoDate.nullable(),
  })
  .strict();
export type ContractInput = z.infer<typeof ContractInput>;

export const MaintenanceWindowInput = z
  .object({
    id: Id.nullable(),
    baseVersion: z.number().int().positive().nullable(),
    customerId: Id,
    name: text(200),
    weekday: z.number().int().min(1).max(7),
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'),
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60 * 3),
  })
  .strict();
export type MaintenanceWindowInput = z.infer<typeof MaintenanceWindowInput>;

export const EDITABLE_ENTITIES = [
  'customer',
  'asset',
  'contact',
  'vendor',
  'contract',
  'maintenance_window',
] as const;
export const EditableEntity = z.enum(EDITABLE_ENTITIES);
export type EditableEntity = z.infer<typeof EditableEntity>;

/** One entry of the edit history: who changed what, when. */
export const ChangeEntry = z.object({
  id: Id,
  at: z.string(),
  author: z.string(),
  entity: z.string(),
  entityId: Id,
  action: z.enum(['create', 'update', 'delete']),
  summary: z.string(),
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;

// ---- Imports

export const IMPORT_KINDS = ['netbox', 'csv'] as const;
export const ImportSummary = z.object({
  source: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  /**
   * Per entity kind (customers, sites, assets, …): rows created, updated, and `skipped`
   * (found in the database with nothing to change: "unchanged"); `leftOut` counts records of
   * the source that were not imported on purpose (a contact assigned to nothing), shown
   * only when there are some. An empty database never has unchanged rows.
   */
  counts: z.array(
    z.object({
      entity: z.string(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      leftOut: z.number().int().optional(),
    }),
  ),
  warnings: z.array(z.string()),
  durationMs: z.number(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;
