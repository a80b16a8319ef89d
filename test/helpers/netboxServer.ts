/**
 * A recorded NetBox REST API, built from public documentation (NetBox's OpenAPI schema and
 * REST API docs, see docs/netbox-import.md) and the data of a dumpdata fixture: it is NOT
 * NetBox. It answers GET /api/status/ and the list endpoints Lifeline reads in the shapes
 * the schema publishes: `{count, next, previous, results}` pages with `?limit=&offset=`,
 * related objects nested as `{id, url, display, name, slug}` (a device type with its
 * manufacturer and model, an address with family and address, a circuit with its cid),
 * choices as `{value, label}`, tags as nested tags on each object, custom fields as
 * `custom_fields`, generic relations as "app.model" + id + the nested object. Field names
 * are the dump's own, so a 4.2 dump gives 4.x shapes (`role`, `object_type`,
 * `termination_type`/`termination_id`, `scope_type`) and a 3.x dump 3.x shapes
 * (`device_role`, `content_type`, `site` on terminations). Over HTTPS with a test CA.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

interface DumpObject {
  readonly model: string;
  readonly pk?: number | string;
  readonly fields: Record<string, unknown>;
}

/** NetBox's list endpoints by model (the REST API's URL layout). */
const PATHS: Readonly<Record<string, string>> = {
  'extras.tag': 'extras/tags',
  'tenancy.tenantgroup': 'tenancy/tenant-groups',
  'tenancy.tenant': 'tenancy/tenants',
  'tenancy.contactrole': 'tenancy/contact-roles',
  'tenancy.contact': 'tenancy/contacts',
  'tenancy.contactassignment': 'tenancy/contact-assignments',
  'dcim.region': 'dcim/regions',
  'dcim.site': 'dcim/sites',
  'dcim.location': 'dcim/locations',
  'dcim.rack': 'dcim/racks',
  'dcim.manufacturer': 'dcim/manufacturers',
  'dcim.devicetype': 'dcim/device-types',
  'dcim.devicerole': 'dcim/device-roles',
  'dcim.platform': 'dcim/platforms',
  'dcim.device': 'dcim/devices',
  'dcim.interface': 'dcim/interfaces',
  'dcim.cable': 'dcim/cables',
  'virtualization.clustertype': 'virtualization/cluster-types',
  'virtualization.clustergroup': 'virtualization/cluster-groups',
  'virtualization.cluster': 'virtualization/clusters',
  'virtualization.virtualmachine': 'virtualization/virtual-machines',
  'virtualization.vminterface': 'virtualization/interfaces',
  'ipam.ipaddress': 'ipam/ip-addresses',
  'circuits.provider': 'circuits/providers',
  'circuits.circuittype': 'circuits/circuit-types',
  'circuits.circuit': 'circuits/circuits',
  'circuits.circuittermination': 'circuits/circuit-terminations',
};

/** Foreign keys by field name (and, where one name means two things, by model too). */
function targetOf(model: string, field: string): string | null {
  const byModel: Record<string, string> = {
    'dcim.device:role': 'dcim.devicerole',
    'virtualization.virtualmachine:role': 'dcim.devicerole',
    'tenancy.contactassignment:role': 'tenancy.contactrole',
    'tenancy.tenant:group': 'tenancy.tenantgroup',
    'virtualization.cluster:group': 'virtualization.clustergroup',
    'virtualization.cluster:type': 'virtualization.clustertype',
    'circuits.circuit:type': 'circuits.circuittype',
    'dcim.region:parent': 'dcim.region',
    'dcim.location:parent': 'dcim.location',
  };
  const plain: Record<string, string> = {
    tenant: 'tenancy.tenant',
    site: 'dcim.site',
    region: 'dcim.region',
    location: 'dcim.location',
    rack: 'dcim.rack',
    device_role: 'dcim.devicerole',
    device_type: 'dcim.devicetype',
    platform: 'dcim.platform',
    manufacturer: 'dcim.manufacturer',
    cluster: 'virtualization.cluster',
    device: 'dcim.device',
    virtual_machine: 'virtualization.virtualmachine',
    primary_ip4: 'ipam.ipaddress',
    primary_ip6: 'ipam.ipaddress',
    oob_ip: 'ipam.ipaddress',
    provider: 'circuits.provider',
    circuit: 'circuits.circuit',
    contact: 'tenancy.contact',
    cable: 'dcim.cable',
  };
  return byModel[`${model}:${field}`] ?? plain[field] ?? null;
}

/** Generic relations: the content type field, its id field and the nested object's name. */
const GENERIC: ReadonlyArray<readonly [string, string, string]> = [
  ['assigned_object_type', 'assigned_object_id', 'assigned_object'],
  ['object_type', 'object_id', 'object'],
  ['content_type', 'object_id', 'object'],
  ['termination_type', 'termination_id', 'termination'],
  ['scope_type', 'scope_id', 'scope'],
];

const CHOICE_FIELDS = new Set(['status', 'priority']);

export interface NetboxFault {
  /** The endpoint ("dcim/devices") and offset the fault hits. */
  readonly path: string;
  readonly offset: number;
  readonly kind: 'status500' | 'truncated';
}

export interface RecordedNetbox {
  readonly url: string;
  readonly token: string;
  readonly caFile: string;
  /** Every request: method and path with query. */
  readonly requests: Array<{ method: string; url: string }>;
  /** The dump served and the NetBox version /api/status/ reports. */
  serve(dumpFile: string, version: string): void;
  fault: NetboxFault | null;
  close(): Promise<void>;
}

export async function startRecordedNetbox(certs: string, token: string): Promise<RecordedNetbox> {
  let objects: DumpObject[] = [];
  let version = '4.2.1';
  let base = '';
  const contentTypes = new Map<number, string>();
  const byKey = new Map<string, DumpObject>();
  const requests: Array<{ method: string; url: string }> = [];

  const ctName = (v: unknown): string | null =>
    Array.isArray(v)
      ? `${v[0]}.${v[1]}`
      : typeof v === 'number'
        ? (contentTypes.get(v) ?? null)
        : typeof v === 'string'
          ? v
          : null;
  const urlOf = (model: string, pk: unknown) => `${base}/api/${PATHS[model] ?? 'unknown'}/${String(pk)}/`;
  const displayOf = (o: DumpObject): string =>
    String(o.fields.name ?? o.fields.cid ?? o.fields.address ?? o.fields.model ?? o.pk);

  /** The brief form a related object is nested in (NetBox's Brief and Nested serializers). */
  const brief = (model: string, pk: unknown): Record<string, unknown> | null => {
    if (pk === null || pk === undefined) return null;
    const o = byKey.get(`${model}:${String(pk)}`);
    const head = { id: pk, url: urlOf(model, pk), display: o ? displayOf(o) : String(pk) };
    if (model === 'dcim.cable') return { ...head, label: '' };
    if (!o) return head;
    const f = o.fields;
    switch (model) {
      case 'dcim.devicetype':
        return {
          ...head,
          manufacturer: brief('dcim.manufacturer', f.manufacturer),
          model: f.model,
          slug: f.slug,
        };
      case 'ipam.ipaddress':
        return {
          ...head,
          family: String(f.address).includes(':') ? { value: 6, label: 'IPv6' } : { value: 4, label: 'IPv4' },
          address: f.address,
        };
      case 'circuits.circuit':
        return { ...head, cid: f.cid, provider: brief('circuits.provider', f.provider) };
      case 'dcim.interface':
        return {
          ...head,
          device: brief('dcim.device', f.device),
          name: f.name,
          cable: brief('dcim.cable', f.cable),
        };
      case 'virtualization.vminterface':
        return {
          ...head,
          virtual_machine: brief('virtualization.virtualmachine', f.virtual_machine),
          name: f.name,
        };
      case 'circuits.circuittermination':
        return { ...head, circuit: brief('circuits.circuit', f.circuit), term_side: f.term_side };
      default:
        return { ...head, name: f.name, ...('slug' in f ? { slug: f.slug } : {}) };
    }
  };

  const tagsOf = (model: string, pk: unknown) =>
    objects
      .filter(
        (o) =>
          o.model === 'extras.taggeditem' &&
          ctName(o.fields.content_type) === model &&
          o.fields.object_id === pk,
      )
      .map((o) => {
        const tag = byKey.get(`extras.tag:${String(o.fields.tag)}`);
        return {
          id: o.fields.tag,
          url: urlOf('extras.tag', o.fields.tag),
          display: tag?.fields.name,
          name: tag?.fields.name,
          slug: tag?.fields.slug,
          color: '9e9e9e',
        };
      });

  /** One object as the API's full serializer gives it. */
  const serialize = (o: DumpObject): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      id: o.pk,
      url: urlOf(o.model, o.pk),
      display_url: urlOf(o.model, o.pk).replace('/api/', '/'),
      display: displayOf(o),
    };
    const generic = new Set<string>();
    for (const [typeField, idField, objectField] of GENERIC) {
      if (!(typeField in o.fields) || o.model === 'extras.taggeditem') continue;
      const ct = ctName(o.fields[typeField]);
      out[typeField] = ct;
      out[idField] = o.fields[idField] ?? null;
      out[objectField] = ct ? brief(ct, o.fields[idField]) : null;
      generic.add(typeField).add(idField);
    }
    for (const [k, v] of Object.entries(o.fields)) {
      if (generic.has(k) || k.startsWith('_')) continue; // cached _site, _region: not in the API
      if (k === 'custom_field_data') {
        out.custom_fields = v;
        continue;
      }
      const target = targetOf(o.model, k);
      if (target) out[k] = brief(target, v);
      else if (CHOICE_FIELDS.has(k) && typeof v === 'string')
        out[k] = { value: v, label: v.charAt(0).toUpperCase() + v.slice(1) };
      else out[k] = v;
    }
    out.tags = tagsOf(o.model, o.pk);
    if (!('custom_fields' in out)) out.custom_fields = {};
    out.created = '2024-05-01T10:00:00.000000Z';
    out.last_updated = '2024-05-01T10:00:00.000000Z';
    return out;
  };

  const server = https.createServer(
    {
      key: fs.readFileSync(path.join(certs, 'server.key')),
      cert: fs.readFileSync(path.join(certs, 'server.crt')),
    },
    (req, res) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '' });
      const json = (status: number, body: unknown) => {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'API-Version': version.split('.').slice(0, 2).join('.'),
        });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'GET') return json(405, { detail: `Method "${req.method}" not allowed.` });
      if (req.headers.authorization !== `Token ${token}`) return json(403, { detail: 'Invalid token' });
      const u = new URL(req.url ?? '/', base);
      if (u.pathname === '/api/status/')
        return json(200, {
          'django-version': '5.1.4',
          'installed-apps': {},
          'netbox-version': version,
          plugins: {},
          'python-version': '3.12.3',
          'rq-workers-running': 1,
        });
      const apiPath = u.pathname.replace(/^\/api\//, '').replace(/\/$/, '');
      const model = Object.entries(PATHS).find(([, p]) => p === apiPath)?.[0];
      if (!model) return json(404, { detail: 'Not found.' });
      const limit = Math.min(Number(u.searchParams.get('limit') ?? 50) || 50, 1000);
      const offset = Number(u.searchParams.get('offset') ?? 0) || 0;
      const all = objects.filter((o) => o.model === model).sort((a, b) => Number(a.pk) - Number(b.pk));
      const results = all.slice(offset, offset + limit).map(serialize);
      const link = (at: number) => {
        const l = new URL(u);
        l.searchParams.set('limit', String(limit));
        l.searchParams.set('offset', String(at));
        return l.toString();
      };
      const page = {
        count: all.length,
        next: offset + limit < all.length ? link(offset + limit) : null,
        previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
        results,
      };
      const f = recorded.fault;
      if (f && f.path === apiPath && f.offset === offset) {
        if (f.kind === 'status500') {
          res.writeHead(500, { 'Content-Type': 'text/html' });
          return res.end('<h1>Server Error (500)</h1>');
        }
        const text = JSON.stringify(page);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(text.slice(0, Math.floor(text.length / 2)));
      }
      return json(200, page);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;

  const recorded: RecordedNetbox = {
    url: base,
    token,
    caFile: path.join(certs, 'ca.pem'),
    requests,
    fault: null,
    serve(dumpFile, v) {
      objects = JSON.parse(fs.readFileSync(dumpFile, 'utf8')) as DumpObject[];
      version = v;
      contentTypes.clear();
      byKey.clear();
      for (const o of objects) {
        if (o.model === 'contenttypes.contenttype' && typeof o.pk === 'number')
          contentTypes.set(o.pk, `${o.fields.app_label}.${o.fields.model}`);
        byKey.set(`${o.model}:${String(o.pk)}`, o);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return recorded;
}
