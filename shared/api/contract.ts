/**
 * The API contract: every call between the UI and the back end, declared once.
 * The back end parses each input with its schema; both transports (IPC and the local
 * web host) carry exactly these names; the renderer's client is typed from this map.
 */
import { z } from 'zod';
import {
  AssetDetail,
  AssetInput,
  BlastRadius,
  ChangeEntry,
  Contact,
  ContactInput,
  ContractInput,
  CustomerDetail,
  CustomerInput,
  CustomerSummary,
  EditableEntity,
  Id,
  IMPORT_KINDS,
  ImportSummary,
  MaintenanceWindow,
  MaintenanceWindowInput,
  RestoreOrder,
  SearchHit,
  SearchKind,
  SupportContract,
  Topology,
  VendorInput,
  VendorSummary,
} from '../catalog/schemas';
import { handoverCalls } from '../handover/calls';
import { incidentCalls } from '../incidents/calls';
import { insightsCalls } from '../insights/calls';
import { playbookCalls } from '../playbooks/calls';
import { syncCalls } from '../sync/calls';
import { define } from './define';

export const Theme = z.enum(['dark', 'light']);
export type Theme = z.infer<typeof Theme>;

export const Preferences = z.object({ theme: Theme });
export type Preferences = z.infer<typeof Preferences>;

export const AppInfo = z.object({
  version: z.string(),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  demo: z.boolean(),
  deviceId: z.string(),
  transport: z.enum(['ipc', 'web']),
  counts: z.object({ customers: z.number().int(), assets: z.number().int(), playbooks: z.number().int() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const calls = {
  'app:info': define({
    summary: 'What this console runs on: version, database, demo or not, record counts.',
    input: z.object({}).strict(),
    output: AppInfo,
  }),
  'settings:get': define({
    summary: 'The preferences of this console.',
    input: z.object({}).strict(),
    output: Preferences,
  }),
  'settings:update': define({
    summary: 'Change preferences (theme). Returns the preferences now in force.',
    input: Preferences.partial().strict(),
    output: Preferences,
    mutates: true,
  }),
  'customer:list': define({
    summary: 'Customers, most critical tier first, optionally narrowed by name or code.',
    input: z
      .object({
        query: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(CustomerSummary), total: z.number().int() }),
  }),
  'customer:get': define({
    summary: "One customer's recovery card: targets, contacts, contracts, windows, environments.",
    input: z.object({ id: Id }).strict(),
    output: CustomerDetail,
  }),
  'customer:topology': define({
    summary:
      "A customer's assets and links (runs-on layers, depends-on), with the shared platform they need.",
    input: z.object({ id: Id }).strict(),
    output: Topology,
  }),
  'asset:get': define({
    summary: 'One asset: its facts, the layer chain up and down, what it depends on and what depends on it.',
    input: z.object({ id: Id }).strict(),
    output: AssetDetail,
  }),
  'vendor:list': define({
    summary: 'Vendors, optionally narrowed by name, with how many customers and assets rely on each.',
    input: z.object({ query: z.string().max(200).optional() }).strict(),
    output: z.object({ items: z.array(VendorSummary) }),
  }),
  'restore:order': define({
    summary:
      'What must come back first: a topological order in waves over runs-on and depends-on, for a customer, an environment or a set of failed assets. Cycles are reported.',
    input: z
      .object({
        customerId: Id.optional(),
        environmentId: Id.optional(),
        assetIds: z.array(Id).min(1).max(5000).optional(),
      })
      .strict()
      .refine(
        (v) => [v.customerId, v.environmentId, v.assetIds].filter((x) => x !== undefined).length === 1,
        {
          message: 'give exactly one of customerId, environmentId or assetIds',
        },
      ),
    output: RestoreOrder,
  }),
  'blast:radius': define({
    summary:
      'Everything affected when an asset (host, cluster, circuit…) or a vendor fails, across customers, most urgent first.',
    input: z
      .object({ assetId: Id.optional(), vendorId: Id.optional() })
      .strict()
      .refine((v) => (v.assetId === undefined) !== (v.vendorId === undefined), {
        message: 'give exactly one of assetId or vendorId',
      }),
    output: BlastRadius,
  }),
  'search:query': define({
    summary:
      'Search customers, assets (names, host names, IPs, serials, tags), contacts and vendors. Exact hits on a name, host name or IP come first; the last word matches as a prefix.',
    input: z
      .object({
        query: z.string().max(200),
        limit: z.number().int().min(1).max(200).optional(),
        kinds: z.array(SearchKind).min(1).optional(),
      })
      .strict(),
    output: z.object({ hits: z.array(SearchHit) }),
  }),
  'customer:save': define({
    summary: 'Create (id null) or update a customer. baseVersion must be the version the edit started from.',
    input: CustomerInput,
    output: CustomerDetail,
    mutates: true,
  }),
  'asset:save': define({
    summary: 'Create or update an asset, with its runs-on and depends-on links.',
    input: AssetInput,
    output: AssetDetail,
    mutates: true,
  }),
  'contact:save': define({
    summary: 'Create or update a contact of a customer.',
    input: ContactInput,
    output: Contact,
    mutates: true,
  }),
  'vendor:save': define({
    summary: 'Create or update a vendor.',
    input: VendorInput,
    output: VendorSummary,
    mutates: true,
  }),
  'contract:save': define({
    summary: "Create or update a customer's support contract with a vendor.",
    input: ContractInput,
    output: SupportContract,
    mutates: true,
  }),
  'window:save': define({
    summary: "Create or update a customer's recurring maintenance window (in the customer's time zone).",
    input: MaintenanceWindowInput,
    output: MaintenanceWindow,
    mutates: true,
  }),
  'catalog:delete': define({
    summary:
      'Delete a catalog record (kept as a tombstone for sync). baseVersion guards against stale copies.',
    input: z.object({ entity: EditableEntity, id: Id, baseVersion: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.literal(true) }),
    mutates: true,
  }),
  'catalog:history': define({
    summary: 'Who changed what and when, newest first, optionally for one record.',
    input: z
      .object({ entityId: Id.optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
    output: z.object({ entries: z.array(ChangeEntry) }),
  }),
  'import:run': define({
    summary:
      'Import a NetBox dump (one JSON file) or a folder of CSV files. dryRun previews the changes; a real run is one transaction: any error writes nothing.',
    input: z
      .object({
        source: z.enum(IMPORT_KINDS),
        files: z
          .array(
            z
              .object({ name: z.string().min(1).max(300), content: z.string().max(64 * 1024 * 1024) })
              .strict(),
          )
          .min(1)
          .max(50),
        dryRun: z.boolean(),
      })
      .strict(),
    output: ImportSummary,
    mutates: true,
  }),
  ...playbookCalls,
  ...insightsCalls,
  ...incidentCalls,
  ...handoverCalls,
  ...syncCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** Push events from the back end. `data:changed` tells stores which domains to refetch. */
export const DATA_DOMAINS = [
  'customers',
  'catalog',
  'settings',
  'playbooks',
  'incidents',
  'handover',
  'sync',
] as const;

export const events = {
  'data:changed': z.object({ domains: z.array(z.enum(DATA_DOMAINS)) }),
  /** Progress of a long operation (an import), so the UI can show it past half a second. */
  progress: z.object({
    operation: z.string(),
    phase: z.string(),
    done: z.number().int(),
    total: z.number().int(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
