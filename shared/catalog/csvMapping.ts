/**
 * Column mappings for CSV exports that are not in Lifeline's own layout (IT Glue, Hudu, a
 * spreadsheet): each source column goes to a Lifeline field, to a named attribute, or is
 * ignored, and a field's values can be translated ("Managed Server" → vm). Pure and free of
 * zod, so the import screen previews a mapping as the engineer edits it, and the back end
 * applies the very same function before it checks and writes anything. The file format is
 * validated by shared/catalog/csvMappingSchema.ts; docs/csv-import.md ("Mapped CSV") is the
 * reference, with the sources of the presets' column layouts.
 */

/** What a mapped file becomes: one of Lifeline's CSV files. */
export const MAPPING_TARGETS = ['assets', 'contacts', 'sites', 'customers'] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

export interface TargetField {
  readonly field: string;
  readonly label: string;
  readonly required?: boolean;
  /** Several source columns mapped here are joined with this (default a space). */
  readonly joinWith?: string;
}

/**
 * `customer` is a customer by name: it matches an existing customer by name (or code) and
 * otherwise creates one with a generated code. `customer_code` is Lifeline's own code.
 */
const CUSTOMER: TargetField = { field: 'customer', label: 'Customer (by name)' };
const CUSTOMER_CODE: TargetField = { field: 'customer_code', label: 'Customer code' };
const SOURCE_ID: TargetField = { field: 'source_id', label: 'Source id (matches re-imports)' };

export const TARGET_FIELDS: Readonly<Record<MappingTarget, readonly TargetField[]>> = {
  assets: [
    CUSTOMER,
    CUSTOMER_CODE,
    { field: 'name', label: 'Name', required: true },
    { field: 'kind', label: 'Kind', required: true },
    { field: 'hostname', label: 'Host name' },
    { field: 'ip_addresses', label: 'IP addresses', joinWith: ';' },
    { field: 'platform', label: 'Platform / OS' },
    { field: 'vendor', label: 'Vendor' },
    { field: 'model', label: 'Model' },
    { field: 'serial', label: 'Serial' },
    { field: 'criticality', label: 'Criticality' },
    { field: 'management_url', label: 'Management URL' },
    { field: 'access_notes', label: 'Access notes' },
    { field: 'tags', label: 'Tags', joinWith: ';' },
    { field: 'site', label: 'Site' },
    { field: 'environment', label: 'Environment' },
    SOURCE_ID,
  ],
  contacts: [
    CUSTOMER,
    CUSTOMER_CODE,
    { field: 'name', label: 'Name', required: true },
    { field: 'role', label: 'Role', required: true },
    { field: 'phone', label: 'Phone' },
    { field: 'email', label: 'E-mail' },
    { field: 'escalation_order', label: 'Escalation order' },
    { field: 'notes', label: 'Notes', joinWith: '\n' },
    SOURCE_ID,
  ],
  sites: [
    CUSTOMER,
    CUSTOMER_CODE,
    { field: 'name', label: 'Name', required: true },
    { field: 'city', label: 'City' },
    { field: 'address', label: 'Address', joinWith: ', ' },
    SOURCE_ID,
  ],
  customers: [
    { field: 'name', label: 'Name', required: true },
    { field: 'code', label: 'Code (generated when not mapped)' },
    { field: 'tier', label: 'Tier' },
    { field: 'time_zone', label: 'Time zone' },
    { field: 'support_hours', label: 'Support hours' },
    { field: 'notes', label: 'Notes', joinWith: '\n' },
    { field: 'tags', label: 'Tags', joinWith: ';' },
    SOURCE_ID,
  ],
};

export const TARGET_LABELS: Readonly<Record<MappingTarget, string>> = {
  assets: 'Assets',
  contacts: 'Contacts',
  sites: 'Sites',
  customers: 'Customers',
};

/** Where one source column goes. */
export type ColumnRule =
  | {
      readonly to: 'field';
      readonly field: string;
      /**
       * Source value (compared case-insensitively, trimmed) → the value to import, or null
       * to leave the row out (IT Glue workstations in a recovery catalog).
       */
      readonly values?: Readonly<Record<string, string | null>>;
      /** For a non-empty value not in `values`: what to import instead (null: leave the row out). */
      readonly otherwise?: string | null;
      /** For an empty cell. */
      readonly empty?: string;
    }
  | { readonly to: 'attribute'; readonly name: string }
  | { readonly to: 'ignore' };

export interface CsvMapping {
  readonly version: 1;
  readonly target: MappingTarget;
  /** The preset it started from, for the screen and the saved copy. */
  readonly preset: string | null;
  /** Source column (as in the file's header) → rule. Columns not named here are an error. */
  readonly columns: Readonly<Record<string, ColumnRule>>;
}

export interface MappingPreset {
  readonly id: string;
  readonly label: string;
  readonly target: MappingTarget;
  /** Columns that say "this is that export"; detection needs most of them. */
  readonly signature: readonly string[];
  /** Normalised source column → rule. */
  readonly columns: Readonly<Record<string, ColumnRule>>;
  /** What a column the preset does not know becomes (layout fields of a Hudu asset). */
  readonly others: 'attribute' | 'ignore';
}

/** Header cells as Lifeline compares them: trimmed, lower case, spaces and - as _. */
export function normaliseColumn(column: string): string {
  return column
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** An attribute name from a column: `Operating System` → `operating_system`. */
export function attributeName(column: string): string {
  return normaliseColumn(column)
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 60);
}

const field = (
  f: string,
  extra: Omit<Extract<ColumnRule, { to: 'field' }>, 'to' | 'field'> = {},
): ColumnRule => ({ to: 'field', field: f, ...extra });
const attribute = (name: string): ColumnRule => ({ to: 'attribute', name });
const IGNORE: ColumnRule = { to: 'ignore' };

/**
 * IT Glue configuration types (its defaults and the ones MSPs commonly add) → asset kind.
 * End-user devices are left out: a recovery catalog lists what the on-call team restores.
 * Map a type to a kind in the mapping step to keep it.
 */
const ITGLUE_KINDS: Readonly<Record<string, string | null>> = {
  server: 'vm',
  'managed server': 'vm',
  'virtual server': 'vm',
  'virtual machine': 'vm',
  vm: 'vm',
  hypervisor: 'hypervisor_host',
  'hypervisor host': 'hypervisor_host',
  'host server': 'hypervisor_host',
  'physical server': 'hypervisor_host',
  cluster: 'cluster',
  firewall: 'firewall',
  switch: 'network_device',
  'managed switch': 'network_device',
  router: 'network_device',
  'network device': 'network_device',
  'wireless access point': 'network_device',
  'access point': 'network_device',
  'load balancer': 'network_device',
  nas: 'storage',
  san: 'storage',
  storage: 'storage',
  'backup appliance': 'storage',
  database: 'database',
  'cloud service': 'cloud_resource',
  'internet connection': 'circuit',
  circuit: 'circuit',
  workstation: null,
  laptop: null,
  desktop: null,
  printer: null,
  'mobile device': null,
  phone: null,
  ups: null,
};

/** Hudu's asset layouts: the stock ones and common names → asset kind. */
const HUDU_KINDS: Readonly<Record<string, string | null>> = {
  ...ITGLUE_KINDS,
  servers: 'vm',
  'virtual machines': 'vm',
  hypervisors: 'hypervisor_host',
  firewalls: 'firewall',
  switches: 'network_device',
  routers: 'network_device',
  'network devices': 'network_device',
  wireless: 'network_device',
  'storage devices': 'storage',
  databases: 'database',
  applications: 'application_service',
  application: 'application_service',
  'line of business application': 'application_service',
  'internet / wan': 'circuit',
  'internet/wan': 'circuit',
  workstations: null,
  computers: null,
  printers: null,
  'mobile devices': null,
  email: null,
  'office 365': null,
  'active directory': null,
  'file sharing': null,
  vpn: null,
  'voice / pbx': null,
};

const ITGLUE_STATUS = attribute('status');

export const PRESETS: readonly MappingPreset[] = [
  {
    id: 'itglue-configurations',
    label: 'IT Glue configurations',
    target: 'assets',
    signature: [
      'organization',
      'name',
      'configuration_type',
      'configuration_status',
      'hostname',
      'primary_ip',
    ],
    columns: {
      id: field('source_id'),
      organization: field('customer'),
      organization_name: field('customer'),
      name: field('name'),
      configuration_type: field('kind', { values: ITGLUE_KINDS }),
      configuration_status: ITGLUE_STATUS,
      hostname: field('hostname'),
      primary_ip: field('ip_addresses'),
      default_gateway: attribute('default_gateway'),
      mac_address: attribute('mac_address'),
      serial_number: field('serial'),
      asset_tag: attribute('asset_tag'),
      manufacturer: field('vendor'),
      model: field('model'),
      operating_system: field('platform'),
      operating_system_notes: attribute('operating_system_notes'),
      position: attribute('position'),
      notes: field('access_notes'),
      installed_by: attribute('installed_by'),
      installed_at: attribute('installed_at'),
      purchased_by: attribute('purchased_by'),
      purchased_at: attribute('purchased_at'),
      warranty_expires_at: attribute('warranty_expires_at'),
      location: attribute('location'),
      contact: attribute('contact'),
      archived: IGNORE,
      created_at: IGNORE,
      updated_at: IGNORE,
    },
    others: 'ignore',
  },
  {
    id: 'itglue-contacts',
    label: 'IT Glue contacts',
    target: 'contacts',
    signature: ['organization', 'first_name', 'last_name', 'title', 'contact_type'],
    columns: {
      id: field('source_id'),
      organization: field('customer'),
      organization_name: field('customer'),
      first_name: field('name'),
      last_name: field('name'),
      contact_type: field('role', { empty: 'Contact' }),
      title: attribute('title'),
      location: attribute('location'),
      important: attribute('important'),
      primary_email: field('email'),
      email: field('email'),
      primary_phone: field('phone'),
      phone: field('phone'),
      mobile_phone: attribute('mobile_phone'),
      notes: field('notes'),
      created_at: IGNORE,
      updated_at: IGNORE,
    },
    others: 'ignore',
  },
  {
    id: 'itglue-locations',
    label: 'IT Glue locations',
    target: 'sites',
    signature: ['organization', 'name', 'address_1', 'city', 'region', 'country'],
    columns: {
      id: field('source_id'),
      organization: field('customer'),
      organization_name: field('customer'),
      name: field('name'),
      primary: IGNORE,
      address_1: field('address'),
      address_2: field('address'),
      city: field('city'),
      region: field('address'),
      postal_code: field('address'),
      country: field('address'),
      phone: IGNORE,
      fax: IGNORE,
      notes: IGNORE,
      created_at: IGNORE,
      updated_at: IGNORE,
    },
    others: 'ignore',
  },
  {
    id: 'hudu-assets',
    label: 'Hudu assets',
    target: 'assets',
    signature: [
      'company_name',
      'name',
      'asset_layout',
      'primary_serial',
      'primary_model',
      'primary_manufacturer',
    ],
    columns: {
      id: field('source_id'),
      company_name: field('customer'),
      company: field('customer'),
      name: field('name'),
      asset_layout: field('kind', { values: HUDU_KINDS }),
      asset_type: field('kind', { values: HUDU_KINDS }),
      primary_serial: field('serial'),
      primary_model: field('model'),
      primary_manufacturer: field('vendor'),
      primary_mail: attribute('primary_mail'),
      hostname: field('hostname'),
      ip_address: field('ip_addresses'),
      ip_addresses: field('ip_addresses'),
      operating_system: field('platform'),
      url: attribute('hudu_url'),
      slug: IGNORE,
      company_id: IGNORE,
      asset_layout_id: IGNORE,
      archived: IGNORE,
      created_at: IGNORE,
      updated_at: IGNORE,
    },
    // A Hudu layout's own fields (Location, RAM, …) come as extra columns: keep them.
    others: 'attribute',
  },
  {
    id: 'hudu-companies',
    label: 'Hudu companies',
    target: 'customers',
    signature: ['name', 'nickname', 'company_type', 'address_line_1', 'city', 'state', 'zip', 'country_name'],
    columns: {
      id: field('source_id'),
      name: field('name'),
      nickname: IGNORE,
      company_type: IGNORE,
      id_number: IGNORE,
      address_line_1: IGNORE,
      address_line_2: IGNORE,
      city: IGNORE,
      state: IGNORE,
      zip: IGNORE,
      country_name: IGNORE,
      phone_number: IGNORE,
      fax_number: IGNORE,
      website: IGNORE,
      notes: field('notes'),
      archived: IGNORE,
      slug: IGNORE,
      parent_company_id: IGNORE,
      parent_company_name: IGNORE,
      created_at: IGNORE,
      updated_at: IGNORE,
    },
    others: 'ignore',
  },
];

export function presetById(id: string): MappingPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * The preset whose signature columns the header has most of (at least 4, or all when the
 * signature is shorter); null when none fits.
 */
export function detectPreset(header: readonly string[]): MappingPreset | null {
  const have = new Set(header.map(normaliseColumn));
  let best: { preset: MappingPreset; score: number } | null = null;
  for (const preset of PRESETS) {
    const hits = preset.signature.filter((c) => have.has(c)).length;
    const score = hits / preset.signature.length;
    if (hits >= Math.min(4, preset.signature.length) && score >= 0.6 && (!best || score > best.score))
      best = { preset, score };
  }
  return best?.preset ?? null;
}

/** A preset applied to one file's header: every column of the file gets a rule. */
export function mappingFromPreset(preset: MappingPreset, header: readonly string[]): CsvMapping {
  const columns: Record<string, ColumnRule> = {};
  for (const column of header) {
    const known = preset.columns[normaliseColumn(column)];
    columns[column] =
      known ??
      (preset.others === 'attribute' && attributeName(column) ? attribute(attributeName(column)) : IGNORE);
  }
  return { version: 1, target: preset.target, preset: preset.id, columns };
}

/** A first guess with no preset: columns named like a field go there, the rest are ignored. */
export function guessMapping(target: MappingTarget, header: readonly string[]): CsvMapping {
  const fields = new Set(TARGET_FIELDS[target].map((f) => f.field));
  const columns: Record<string, ColumnRule> = {};
  for (const column of header) {
    const n = normaliseColumn(column);
    columns[column] = fields.has(n) ? field(n) : IGNORE;
  }
  return { version: 1, target, preset: null, columns };
}

/** The same header set (in any order, any case) gives the same key: how a saved mapping is found again. */
export function headerKey(header: readonly string[]): string {
  return [...new Set(header.map(normaliseColumn))].sort().join(',');
}

/** One source row as it will be imported. */
export interface MappedRow {
  /** Lifeline field → value (several columns joined); absent when no column maps to it. */
  readonly fields: Readonly<Record<string, string>>;
  readonly attributes: Readonly<Record<string, string>>;
  /** Set when a value map leaves the row out: which column and value said so. */
  readonly leftOutBy: { readonly column: string; readonly value: string } | null;
  /** Lifeline field → the source column(s) it came from, for messages. */
  readonly from: Readonly<Record<string, string>>;
}

/** The value a rule gives a cell: a string, or null to leave the row out. */
export function mapValue(rule: Extract<ColumnRule, { to: 'field' }>, raw: string): string | null {
  const v = raw.trim();
  if (v === '') return rule.empty ?? '';
  if (rule.values) {
    const wanted = v.toLowerCase();
    for (const [from, to] of Object.entries(rule.values)) if (from.trim().toLowerCase() === wanted) return to;
    if (rule.otherwise !== undefined) return rule.otherwise;
  }
  return v;
}

export function mapRow(mapping: CsvMapping, header: readonly string[], cells: readonly string[]): MappedRow {
  const joinOf = new Map(TARGET_FIELDS[mapping.target].map((f) => [f.field, f.joinWith ?? ' ']));
  const parts = new Map<string, string[]>();
  const from: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  let leftOutBy: MappedRow['leftOutBy'] = null;
  header.forEach((column, i) => {
    const rule = mapping.columns[column];
    const raw = cells[i] ?? '';
    if (!rule || rule.to === 'ignore') return;
    if (rule.to === 'attribute') {
      const v = raw.trim();
      if (v !== '') attributes[rule.name] = v;
      return;
    }
    const value = mapValue(rule, raw);
    if (value === null) {
      leftOutBy ??= { column, value: raw.trim() };
      return;
    }
    from[rule.field] = from[rule.field] ? `${from[rule.field]} + ${column}` : column;
    const list = parts.get(rule.field) ?? [];
    if (value !== '') list.push(value);
    parts.set(rule.field, list);
  });
  const fields: Record<string, string> = {};
  for (const [f, list] of parts) fields[f] = list.join(joinOf.get(f) ?? ' ');
  return { fields, attributes, leftOutBy, from };
}

/** Problems with a mapping that no row can fix: a required field nothing maps to, a column the file lacks. */
export function mappingProblems(mapping: CsvMapping, header: readonly string[]): string[] {
  const problems: string[] = [];
  const inFile = new Set(header);
  for (const column of Object.keys(mapping.columns))
    if (!inFile.has(column))
      problems.push(`the mapping names column "${column}", which the file does not have`);
  for (const column of header)
    if (!mapping.columns[column])
      problems.push(
        `column "${column}" is not in the mapping; map it to a field, an attribute, or ignore it`,
      );
  const known = new Set(TARGET_FIELDS[mapping.target].map((f) => f.field));
  const mapped = new Set<string>();
  for (const [column, rule] of Object.entries(mapping.columns)) {
    if (rule.to !== 'field') continue;
    if (!known.has(rule.field))
      problems.push(
        `column "${column}" maps to "${rule.field}", which ${TARGET_LABELS[mapping.target].toLowerCase()} do not have; use one of ${[...known].join(', ')}`,
      );
    mapped.add(rule.field);
  }
  for (const f of TARGET_FIELDS[mapping.target])
    if (f.required && !mapped.has(f.field))
      problems.push(`no column is mapped to ${f.label.toLowerCase()} (required)`);
  if (mapping.target !== 'customers' && !mapped.has('customer') && !mapped.has('customer_code'))
    problems.push('no column is mapped to the customer (by name or by code)');
  return problems;
}
