/**
 * The NetBox field names that moved between major versions, in one table: what the
 * dumpdata reader and the REST API reader look for, and what docs/netbox-import.md lists.
 * `read` is every name the readers accept for the field, newest first.
 */
export interface NetboxFieldRow {
  readonly model: string;
  readonly meaning: string;
  readonly v2: string;
  readonly v3: string;
  readonly v4: string;
  readonly read: readonly string[];
}

export const NETBOX_FIELDS = {
  deviceRole: {
    model: 'dcim.device',
    meaning: 'device role',
    v2: 'device_role',
    v3: 'device_role (role from 3.6)',
    v4: 'role',
    read: ['role', 'device_role'],
  },
  deviceType: {
    model: 'dcim.device',
    meaning: 'device type',
    v2: 'device_type',
    v3: 'device_type',
    v4: 'device_type',
    read: ['device_type', 'type'],
  },
  clusterType: {
    model: 'virtualization.cluster',
    meaning: 'cluster type',
    v2: 'type',
    v3: 'type',
    v4: 'type',
    read: ['type', 'cluster_type'],
  },
  clusterSite: {
    model: 'virtualization.cluster',
    meaning: 'site of a cluster',
    v2: 'site',
    v3: 'site',
    v4: 'site (4.0, 4.1); scope_type + scope_id, cached _site (4.2+)',
    read: ['site', 'scope_type/scope_id', '_site'],
  },
  assignmentTarget: {
    model: 'tenancy.contactassignment',
    meaning: 'object a contact is assigned to',
    v2: '(no contacts before 3.1)',
    v3: 'content_type + object_id',
    v4: 'object_type + object_id',
    read: ['object_type', 'content_type'],
  },
  terminationSite: {
    model: 'circuits.circuittermination',
    meaning: 'site of a circuit end',
    v2: 'site',
    v3: 'site (or provider_network)',
    v4: 'site (4.0, 4.1); termination_type + termination_id, cached _site (4.2+)',
    read: ['site', 'termination_type/termination_id', '_site'],
  },
  ipAssignment: {
    model: 'ipam.ipaddress',
    meaning: 'interface an address is on',
    v2: 'assigned_object_type + assigned_object_id',
    v3: 'assigned_object_type + assigned_object_id',
    v4: 'assigned_object_type + assigned_object_id',
    read: ['assigned_object_type'],
  },
  tagged: {
    model: 'extras.taggeditem',
    meaning: 'tagged object (dumps); the API lists tags on each object',
    v2: 'content_type + object_id',
    v3: 'content_type + object_id',
    v4: 'content_type + object_id',
    read: ['content_type'],
  },
  siteAddress: {
    model: 'dcim.site',
    meaning: 'street address',
    v2: 'physical_address',
    v3: 'physical_address',
    v4: 'physical_address',
    read: ['physical_address', 'shipping_address'],
  },
  customFields: {
    model: '(any)',
    meaning: 'custom fields',
    v2: 'custom_field_data (API: custom_fields)',
    v3: 'custom_field_data (API: custom_fields)',
    v4: 'custom_field_data (API: custom_fields)',
    read: ['custom_field_data', 'custom_fields'],
  },
} as const satisfies Record<string, NetboxFieldRow>;
