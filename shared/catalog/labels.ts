/**
 * The catalog's fixed vocabularies and their labels, free of zod so the renderer can use
 * them without pulling the schema library into its bundle. schemas.ts builds on these.
 */
export const TIERS = ['platinum', 'gold', 'silver', 'bronze'] as const;
export type Tier = (typeof TIERS)[number];

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ASSET_KINDS = [
  'hypervisor_host',
  'cluster',
  'vm',
  'container_host',
  'network_device',
  'firewall',
  'storage',
  'database',
  'application_service',
  'cloud_resource',
  'circuit',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const ASSET_KIND_LABELS: Readonly<Record<AssetKind, { readonly one: string; readonly many: string }>> =
  {
    hypervisor_host: { one: 'Hypervisor host', many: 'Hypervisor hosts' },
    cluster: { one: 'Cluster', many: 'Clusters' },
    vm: { one: 'Virtual machine', many: 'Virtual machines' },
    container_host: { one: 'Container host', many: 'Container hosts' },
    network_device: { one: 'Network device', many: 'Network devices' },
    firewall: { one: 'Firewall', many: 'Firewalls' },
    storage: { one: 'Storage', many: 'Storage' },
    database: { one: 'Database', many: 'Databases' },
    application_service: { one: 'Application service', many: 'Application services' },
    cloud_resource: { one: 'Cloud resource', many: 'Cloud resources' },
    circuit: { one: 'Circuit', many: 'Circuits' },
  };

export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];
