/**
 * The CSV files a catalog import understands and their columns (required first), in the
 * order they are read. The importer (electron/core/imports/csv.ts) and the import screen
 * both use this list; docs/csv-import.md is the full reference with types and examples.
 */
const SOURCE_COLUMNS = ['source', 'source_id'];

/** Every file the reader knows, with its columns (required ones first); the order files are read in. */
export const CSV_FILES = {
  'customers.csv': {
    what: 'one row per customer, matched by code on re-import',
    required: ['code', 'name'],
    optional: [
      'kind',
      'tier',
      'time_zone',
      'sev1_minutes',
      'sev2_minutes',
      'sev3_minutes',
      'sev4_minutes',
      'support_hours',
      'notes',
      'tags',
      'reviewed_on',
      'review_interval_days',
      ...SOURCE_COLUMNS,
    ],
  },
  'vendors.csv': {
    what: 'vendors shared by all customers, matched by name',
    required: ['name'],
    optional: ['support_phone', 'support_email', 'website', ...SOURCE_COLUMNS],
  },
  'sites.csv': {
    what: "a customer's sites",
    required: ['customer_code', 'name'],
    optional: ['city', 'address', ...SOURCE_COLUMNS],
  },
  'environments.csv': {
    what: 'production, DR, test… per customer',
    required: ['customer_code', 'name'],
    optional: ['kind', 'site'],
  },
  'assets.csv': {
    what: 'configuration items, matched by customer and name; attr_<name> columns become attributes',
    required: ['customer_code', 'name', 'kind'],
    optional: [
      'environment',
      'site',
      'hostname',
      'ip_addresses',
      'platform',
      'vendor',
      'model',
      'serial',
      'criticality',
      'management_url',
      'access_notes',
      'tags',
      ...SOURCE_COLUMNS,
    ],
    /** attr_<name> columns become free attributes. */
    prefixed: 'attr_',
  },
  'links.csv': {
    what: 'runs_on and depends_on between assets (also asset_links.csv)',
    required: ['from_customer_code', 'from_asset', 'kind', 'to_asset'],
    optional: ['to_customer_code'],
  },
  'contacts.csv': {
    what: 'who to call, in escalation order',
    required: ['customer_code', 'name', 'role'],
    optional: ['phone', 'email', 'escalation_order', 'notes', ...SOURCE_COLUMNS],
  },
  'contracts.csv': {
    what: 'support contracts between a customer and a vendor (also support_contracts.csv)',
    required: ['customer_code', 'vendor'],
    optional: ['contract_number', 'support_phone', 'hours', 'expires_on'],
  },
  'windows.csv': {
    what: "recurring maintenance windows in the customer's time zone (also maintenance_windows.csv)",
    required: ['customer_code', 'name', 'weekday', 'start_time', 'duration_minutes'],
    optional: [],
  },
} as const satisfies Record<
  string,
  { what: string; required: readonly string[]; optional: readonly string[]; prefixed?: string }
>;
