/** The catalog slice of the API contract: customers, assets, vendors, topology, search, edits and imports (spread into `calls` in shared/api/contract.ts). */
import { z } from 'zod';
import { define } from '../api/define';
import { MAPPING_TARGETS } from './csvMapping';
import { CsvMappingSchema } from './csvMappingSchema';
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
  SEARCH_QUERY_MAX,
  SEARCH_QUERY_TOO_LONG,
  SearchHit,
  SearchKind,
  SupportContract,
  Topology,
  VendorInput,
  VendorSummary,
} from './schemas';

const ImportFiles = z
  .array(z.object({ name: z.string().min(1).max(300), content: z.string().max(64 * 1024 * 1024) }).strict())
  .min(1)
  .max(50);

export const catalogCalls = {
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
    reads: true,
  }),

  'customer:get': define({
    summary: "One customer's recovery card: targets, contacts, contracts, windows, environments.",
    input: z.object({ id: Id }).strict(),
    output: CustomerDetail,
    reads: true,
  }),

  'customer:topology': define({
    summary:
      "A customer's assets and links (runs-on layers, depends-on), with the shared platform they need.",
    input: z.object({ id: Id }).strict(),
    output: Topology,
    reads: true,
  }),

  'asset:get': define({
    summary: 'One asset: its facts, the layer chain up and down, what it depends on and what depends on it.',
    input: z.object({ id: Id }).strict(),
    output: AssetDetail,
    reads: true,
  }),

  'vendor:list': define({
    summary: 'Vendors, optionally narrowed by name, with how many customers and assets rely on each.',
    input: z.object({ query: z.string().max(200).optional() }).strict(),
    output: z.object({ items: z.array(VendorSummary) }),
    reads: true,
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
    reads: true,
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
    reads: true,
  }),

  'search:query': define({
    summary:
      'Search customers, assets (names, host names, IPs, serials, tags), contacts and vendors. Exact hits on a name, host name or IP come first; the last word matches as a prefix. With no hit, suggestion is a near spelling that names something ("Portway" for "Portwya").',
    input: z
      .object({
        query: z.string().max(SEARCH_QUERY_MAX, SEARCH_QUERY_TOO_LONG),
        limit: z.number().int().min(1).max(200).optional(),
        kinds: z.array(SearchKind).min(1).optional(),
      })
      .strict(),
    output: z.object({ hits: z.array(SearchHit), suggestion: z.string().nullable() }),
    reads: true,
  }),

  'customer:save': define({
    summary: 'Create (id null) or update a customer. baseVersion must be the version the edit started from.',
    input: CustomerInput,
    output: CustomerDetail,
    changes: ['customers', 'catalog'],
  }),
  'asset:save': define({
    summary: 'Create or update an asset, with its runs-on and depends-on links.',
    input: AssetInput,
    output: AssetDetail,
    changes: ['customers', 'catalog'],
  }),
  'contact:save': define({
    summary: 'Create or update a contact of a customer.',
    input: ContactInput,
    output: Contact,
    changes: ['customers', 'catalog'],
  }),
  'vendor:save': define({
    summary: 'Create or update a vendor.',
    input: VendorInput,
    output: VendorSummary,
    changes: ['customers', 'catalog'],
  }),
  'contract:save': define({
    summary: "Create or update a customer's support contract with a vendor.",
    input: ContractInput,
    output: SupportContract,
    changes: ['customers', 'catalog'],
  }),
  'window:save': define({
    summary: "Create or update a customer's recurring maintenance window (in the customer's time zone).",
    input: MaintenanceWindowInput,
    output: MaintenanceWindow,
    changes: ['customers', 'catalog'],
  }),
  'catalog:delete': define({
    summary:
      'Delete a catalog record (kept as a tombstone for sync). baseVersion guards against stale copies.',
    input: z.object({ entity: EditableEntity, id: Id, baseVersion: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.literal(true) }),
    changes: ['customers', 'catalog'],
  }),
  'catalog:history': define({
    summary: 'Who changed what and when, newest first, optionally for one record.',
    input: z
      .object({ entityId: Id.optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
    output: z.object({ entries: z.array(ChangeEntry) }),
    reads: true,
  }),

  'import:inspect': define({
    summary:
      "For CSV files not in Lifeline's own layout (an IT Glue or Hudu export, a spreadsheet): each file's header, first rows, and the column mapping to offer (the one saved for this header set, else a detected preset, else a guess). Reads the files only.",
    input: z.object({ files: ImportFiles }).strict(),
    output: z.object({
      files: z.array(
        z.object({
          file: z.string(),
          header: z.array(z.string()),
          sample: z.array(z.array(z.string())),
          rows: z.number().int(),
          distinct: z.record(z.string(), z.array(z.string())),
          mapping: CsvMappingSchema,
          offered: z.enum(['saved', 'preset', 'guess']),
        }),
      ),
      targets: z.array(z.enum(MAPPING_TARGETS)),
    }),
    reads: true,
  }),
  'import:run': define({
    summary:
      'Import a NetBox dump (one JSON file) or a folder of CSV files, where `mappings` maps the columns of files in another layout (IT Glue, Hudu). dryRun previews the changes; a real run is one transaction: any error writes nothing. A real run remembers each mapping for its header set.',
    input: z
      .object({
        source: z.enum(IMPORT_KINDS),
        files: ImportFiles,
        dryRun: z.boolean(),
        mappings: z
          .array(z.object({ file: z.string().min(1).max(300), mapping: CsvMappingSchema }).strict())
          .max(50)
          .optional(),
      })
      .strict(),
    output: ImportSummary,
    changes: ['customers', 'catalog'],
  }),
} as const;
