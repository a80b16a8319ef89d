/**
 * Reads NetBox objects (a `manage.py dumpdata` JSON file from 2.11 to 4.x, or the REST API's
 * objects turned into the same form by netboxApi.ts) into an import plan. Field names moved
 * between versions (device `device_role` → `role`, `content_type` → `object_type`, generic
 * circuit terminations in 4.2, …; the table is netboxFields.ts), so each field is read from
 * any of its known names, and content types may be ids, [app, model] or "app.model".
 * Mapping (documented in docs/csv-import.md, "NetBox"):
 *   tenant → customer; site → site; device, cluster, VM, circuit → assets; provider and
 *   manufacturer → vendors; contact assignment → contact of the customer it lands on.
 * Objects without a tenant go to their site's tenant, else to one internal account.
 */
import net from 'node:net';
import type { AssetKind } from '../../../shared/catalog/schemas';
import { NETBOX_FIELDS } from './netboxFields';
import {
  type Columns,
  type CustomerRef,
  emptyPlan,
  type ImportPlan,
  importError,
  type PlannedAsset,
  Problems,
  type SqlValue,
} from './plan';

/** Defaults for customers made from tenants (documented in docs/csv-import.md). */
export const NETBOX_DEFAULTS = {
  tier: 'silver',
  restoreTargets: { sev1: 120, sev2: 240, sev3: 1440, sev4: 4320 },
  timeZone: 'UTC',
  environment: 'Production (NetBox)',
  sharedCode: 'NB-SHARED',
  sharedName: 'Shared infrastructure (NetBox)',
  sharedSourceId: 'netbox:shared',
} as const;

type Fields = Readonly<Record<string, unknown>>;

export interface NbObject {
  readonly model: string;
  readonly pk: number;
  readonly fields: Fields;
}

/** Where in the JSON text an offset falls, as "line L". */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** What a PostgreSQL dump starts with: plain SQL (pg_dump -Fp) or the custom archive (-Fc). */
const PG_DUMP = /^(?:\uFEFF)?\s*(?:--\s*\r?\n--\s*PostgreSQL database dump|SET\s+statement_timeout\b)/;

/** A pg_dump file is not something Lifeline can read: say what it is and what to use. */
function refusePgDump(file: string, text: string): void {
  const custom = text.startsWith('PGDMP');
  if (!custom && !PG_DUMP.test(text.slice(0, 4096))) return;
  throw importError([
    `${file} is a PostgreSQL database dump (pg_dump, ${custom ? 'custom format' : 'plain SQL'}), not NetBox JSON; ` +
      'import from the running NetBox instead with "lifeline import netbox --url https://netbox.example --token-env NETBOX_TOKEN", ' +
      'or export JSON on the NetBox server with "manage.py dumpdata --natural-foreign --exclude contenttypes --exclude auth.permission --exclude users > netbox.json" and import that file',
  ]);
}

function parseJson(file: string, text: string): unknown {
  refusePgDump(file, text);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    if (pos?.[1]) {
      throw importError([
        `${file} line ${lineOf(text, Number(pos[1]))}: not valid JSON (${message}); is the file complete?`,
      ]);
    }
    if (/end of (JSON )?input|Unterminated/i.test(message)) {
      throw importError([
        `${file} line ${lineOf(text, text.length)}: the JSON ends early (the file looks truncated)`,
      ]);
    }
    throw importError([`${file}: not valid JSON (${message})`]);
  }
}

/** The models the mapping reads; everything else in the dump is passed over. */
const USED_MODELS = new Set([
  'tenancy.tenant',
  'tenancy.tenantgroup',
  'tenancy.contact',
  'tenancy.contactrole',
  'tenancy.contactassignment',
  'dcim.site',
  'dcim.region',
  'dcim.rack',
  'dcim.location',
  'dcim.device',
  'dcim.devicerole',
  'dcim.devicetype',
  'dcim.platform',
  'dcim.manufacturer',
  'dcim.interface',
  'virtualization.cluster',
  'virtualization.clustertype',
  'virtualization.clustergroup',
  'virtualization.virtualmachine',
  'virtualization.vminterface',
  'ipam.ipaddress',
  'circuits.circuit',
  'circuits.circuittype',
  'circuits.circuittermination',
  'circuits.provider',
  'extras.tag',
  'extras.taggeditem',
]);

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'string'
        ? `"${v}"`
        : `${typeof v} ${String(v)}`;

/** The dump as objects by model and pk, read defensively: every problem names object and field. */
class Dump {
  readonly byModel = new Map<string, Map<number, NbObject>>();
  /** Content type ids → "app.model", when the dump carries them with pks. */
  readonly contentTypes = new Map<number, string>();

  constructor(
    readonly file: string,
    data: unknown,
    readonly problems: Problems,
  ) {
    if (!Array.isArray(data)) {
      throw importError([
        `${file}: expected a list of objects as written by "manage.py dumpdata", got ${describe(data)}`,
      ]);
    }
    data.forEach((raw, index) => {
      const where = `${file}: object ${index + 1}`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        problems.add(`${where}: expected an object, got ${describe(raw)}`);
        return;
      }
      const o = raw as Record<string, unknown>;
      if (typeof o.model !== 'string') {
        problems.add(`${where}, field model: expected text such as "dcim.device", got ${describe(o.model)}`);
        return;
      }
      const fields = o.fields;
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        problems.add(`${where} (${o.model}), field fields: expected an object, got ${describe(fields)}`);
        return;
      }
      const f = fields as Fields;
      if (o.model === 'contenttypes.contenttype') {
        if (Number.isInteger(o.pk) && typeof f.app_label === 'string' && typeof f.model === 'string')
          this.contentTypes.set(o.pk as number, `${f.app_label}.${f.model}`);
        return;
      }
      // Models Lifeline does not read (sessions, permissions, …) may have any shape.
      if (!USED_MODELS.has(o.model)) return;
      if (!Number.isInteger(o.pk)) {
        problems.add(`${where} (${o.model}), field pk: expected a whole number, got ${describe(o.pk)}`);
        return;
      }
      let models = this.byModel.get(o.model);
      if (!models) {
        models = new Map();
        this.byModel.set(o.model, models);
      }
      models.set(o.pk as number, { model: o.model, pk: o.pk as number, fields: f });
    });
  }

  all(model: string): NbObject[] {
    return [...(this.byModel.get(model)?.values() ?? [])];
  }

  origin(o: NbObject): string {
    const name = o.fields.name ?? o.fields.cid;
    return `${this.file}: ${o.model} ${o.pk}${typeof name === 'string' && name ? ` ("${name}")` : ''}`;
  }

  /** The first of the field's known names that the object has (3.x releases renamed some). */
  private pick(o: NbObject, names: readonly string[]): { name: string; value: unknown } {
    for (const n of names) if (n in o.fields) return { name: n, value: o.fields[n] };
    return { name: names[0] ?? '', value: undefined };
  }

  text(o: NbObject, names: string | readonly string[], required = false): string | null {
    const { name, value } = this.pick(o, typeof names === 'string' ? [names] : names);
    if (value === undefined || value === null || value === '') {
      if (required) this.problems.add(`${this.origin(o)}, field ${name}: missing; it is required`);
      return null;
    }
    if (typeof value !== 'string') {
      this.problems.add(`${this.origin(o)}, field ${name}: expected text, got ${describe(value)}`);
      return null;
    }
    const t = value.trim();
    return t === '' ? null : t;
  }

  number(o: NbObject, name: string): number | null {
    const value = o.fields[name];
    if (value === undefined || value === null || value === '') return null;
    const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      this.problems.add(`${this.origin(o)}, field ${name}: expected a number, got ${describe(value)}`);
      return null;
    }
    return n;
  }

  /** A foreign key to `model`: the referenced object, or null (and a problem when it is missing). */
  ref(o: NbObject, names: string | readonly string[], model: string, required = false): NbObject | null {
    const { name, value } = this.pick(o, typeof names === 'string' ? [names] : names);
    if (value === undefined || value === null) {
      if (required) this.problems.add(`${this.origin(o)}, field ${name}: missing; it is required`);
      return null;
    }
    if (!Number.isInteger(value)) {
      this.problems.add(
        `${this.origin(o)}, field ${name}: expected the id of a ${model} (a whole number), got ${describe(value)}`,
      );
      return null;
    }
    const target = this.byModel.get(model)?.get(value as number);
    if (!target) {
      this.problems.add(
        `${this.origin(o)}, field ${name}: refers to ${model} ${value}, which is not in the file`,
      );
      return null;
    }
    return target;
  }

  /** A content type given as [app, model], "app.model" or a known id, without reporting. */
  contentTypeOf(value: unknown): string | null {
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return `${value[0]}.${value[1]}`;
    if (typeof value === 'string' && /^[a-z_]+\.[a-z_]+$/.test(value)) return value;
    if (Number.isInteger(value)) return this.contentTypes.get(value as number) ?? null;
    return null;
  }

  /** A content type given as [app, model], "app.model" or an id: "app.model", or null. */
  contentType(o: NbObject, name: string): string | null {
    const value = o.fields[name];
    if (value === undefined || value === null) return null;
    const known = this.contentTypeOf(value);
    if (known) return known;
    if (Number.isInteger(value)) {
      this.problems.add(
        `${this.origin(o)}, field ${name}: content type ${value} is not in the file (dump with --natural-foreign, or include contenttypes)`,
      );
      return null;
    }
    this.problems.add(
      `${this.origin(o)}, field ${name}: expected a content type as [app, model] or an id, got ${describe(value)}`,
    );
    return null;
  }

  /**
   * A generic foreign key (content type + object id) to an object in the file; null, and
   * no problem, when it points at a kind of object Lifeline does not import (a VLAN, …).
   */
  generic(o: NbObject, typeFields: string | readonly string[], idField: string): NbObject | null {
    const names = typeof typeFields === 'string' ? [typeFields] : typeFields;
    const typeField = names.find((n) => n in o.fields) ?? names[0] ?? '';
    const ct = this.contentType(o, typeField);
    if (!ct || !USED_MODELS.has(ct)) return null;
    const id = o.fields[idField];
    if (!Number.isInteger(id)) {
      this.problems.add(
        `${this.origin(o)}, field ${idField}: expected the id of a ${ct}, got ${describe(id)}`,
      );
      return null;
    }
    const target = this.byModel.get(ct)?.get(id as number);
    if (!target) {
      this.problems.add(
        `${this.origin(o)}, field ${idField}: refers to ${ct} ${id}, which is not in the file`,
      );
      return null;
    }
    return target;
  }
}

/**
 * The site of an object that names it directly (`site`, up to 4.1) or through a generic scope
 * (4.2: circuit terminations' `termination_type`/`termination_id`, clusters'
 * `scope_type`/`scope_id`): the site itself, a location's site, else the cached `_site`.
 */
function scopedSite(dump: Dump, o: NbObject, scope: 'termination' | 'scope'): NbObject | null {
  if (!(`${scope}_type` in o.fields)) return dump.ref(o, 'site', 'dcim.site');
  const target = o.fields[`${scope}_type`] === null ? null : dump.generic(o, `${scope}_type`, `${scope}_id`);
  if (target?.model === 'dcim.site') return target;
  if (target?.model === 'dcim.location') return dump.ref(target, 'site', 'dcim.site');
  return dump.ref(o, '_site', 'dcim.site');
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,11}$/;

function codeFor(tenant: NbObject, slug: string | null, name: string): string {
  const custom = tenant.fields.custom_field_data;
  if (custom && typeof custom === 'object') {
    for (const k of ['cust_id', 'customer_code', 'code', 'customer_id']) {
      const v = (custom as Record<string, unknown>)[k];
      if (typeof v === 'string' && CODE.test(v.trim().toUpperCase())) return v.trim().toUpperCase();
    }
  }
  const base = (slug ?? name)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 12)
    .replace(/-+$/, '');
  return CODE.test(base) ? base : `T${tenant.pk}`.slice(0, 12).padEnd(2, '0');
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Asset kind from a device role (and platform): what an on-call engineer would call it. */
export function deviceKind(role: string, platform: string | null): { kind: AssetKind; guessed: boolean } {
  const r = `${role} ${platform ?? ''}`.toLowerCase();
  if (/firewall|\bfw\b|palo ?alto|fortigate|asa\b/.test(r)) return { kind: 'firewall', guessed: false };
  if (/storage|\bsan\b|\bnas\b|netapp|filer/.test(r)) return { kind: 'storage', guessed: false };
  if (/hypervisor|esxi?\b|server|host|compute|proxmox|hyper-v|blade/.test(r))
    return { kind: 'hypervisor_host', guessed: false };
  if (
    /router|switch|\btor\b|spine|leaf|gateway|wan|access point|wireless|\bap\b|load ?balancer|pdu|power|console|patch|modem|optical|mux/.test(
      r,
    )
  )
    return { kind: 'network_device', guessed: false };
  return { kind: 'network_device', guessed: true };
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

const PRIORITY_ORDER: Readonly<Record<string, number>> = {
  primary: 1,
  secondary: 2,
  tertiary: 3,
  inactive: 9,
};

export function readNetbox(
  file: string,
  text: string,
  onProgress?: (done: number, total: number) => void,
): ImportPlan {
  return planNetbox(file, parseJson(file, text), onProgress);
}

/** The plan for NetBox objects in dumpdata form: a parsed dump, or the API's objects (netboxApi.ts). */
export function planNetbox(
  file: string,
  data: unknown,
  onProgress?: (done: number, total: number) => void,
): ImportPlan {
  const problems = new Problems();
  const dump = new Dump(file, data, problems);
  problems.throwIfAny();
  const plan = emptyPlan();
  const p = { ...plan, ownsLinksOfSource: 'netbox' } satisfies ImportPlan;
  const src = (o: NbObject) => `${o.model}:${o.pk}`;
  const json = (v: unknown) => JSON.stringify(v);
  const total =
    dump.all('tenancy.tenant').length +
    dump.all('dcim.site').length +
    dump.all('dcim.device').length +
    dump.all('virtualization.cluster').length +
    dump.all('virtualization.virtualmachine').length +
    dump.all('circuits.circuit').length;
  let done = 0;
  const tick = () => {
    done++;
    if (onProgress && (done % 50 === 0 || done === total)) onProgress(done, total);
  };

  // Tags by (model, pk), from extras.taggeditem; an item that cannot be resolved is only a lost tag.
  const tags = new Map<string, string[]>();
  let lostTags = 0;
  for (const item of dump.all('extras.taggeditem')) {
    const tagId = item.fields.tag;
    const tag = Number.isInteger(tagId) ? dump.byModel.get('extras.tag')?.get(tagId as number) : undefined;
    const ct = dump.contentTypeOf(item.fields[NETBOX_FIELDS.tagged.read[0]]);
    const id = item.fields.object_id;
    const name = tag?.fields.name;
    if (!ct || typeof name !== 'string' || !Number.isInteger(id)) {
      lostTags++;
      continue;
    }
    const k = `${ct}:${id as number}`;
    tags.set(k, [...(tags.get(k) ?? []), name]);
  }
  if (lostTags > 0)
    p.warnings.push(`${lostTags} NetBox tag assignments could not be resolved and were left out.`);
  const tagsOf = (o: NbObject) => json([...new Set(tags.get(src(o)) ?? [])].slice(0, 30));

  // ---- Customers: every tenant, plus one internal account for what has no tenant.
  const tenantKey = (t: NbObject) => src(t);
  const siteTimeZones = new Map<number, string>();
  for (const site of dump.all('dcim.site')) {
    const tenant = dump.ref(site, 'tenant', 'tenancy.tenant');
    const tz = dump.text(site, 'time_zone');
    if (tenant && tz && !siteTimeZones.has(tenant.pk)) {
      if (validTimeZone(tz)) siteTimeZones.set(tenant.pk, tz);
      else p.warnings.push(`${dump.origin(site)}: time zone "${tz}" is not known; its tenant uses UTC.`);
    }
  }
  const customerCols = (tier: string, tz: string): Columns => ({
    tier,
    time_zone: tz,
    restore_targets: json(NETBOX_DEFAULTS.restoreTargets),
  });
  for (const t of dump.all('tenancy.tenant')) {
    const name = dump.text(t, 'name', true);
    const slug = dump.text(t, 'slug');
    const group = dump.ref(t, 'group', 'tenancy.tenantgroup');
    const groupName = group ? dump.text(group, 'name') : null;
    const notes = [dump.text(t, 'description'), dump.text(t, 'comments')].filter((x) => x).join('\n\n');
    p.customers.push({
      key: tenantKey(t),
      origin: dump.origin(t),
      source: 'netbox',
      sourceId: src(t),
      code: codeFor(t, slug, name ?? ''),
      onCodeTaken: 'suffix',
      values: { name: name ?? '', kind: 'customer', notes: notes || null },
      createOnly: {
        ...customerCols(NETBOX_DEFAULTS.tier, siteTimeZones.get(t.pk) ?? NETBOX_DEFAULTS.timeZone),
        tags: json([...new Set([...(groupName ? [groupName] : []), ...JSON.parse(tagsOf(t))])]),
      },
    });
    tick();
  }
  let sharedUsed = false;
  const shared: CustomerRef = { key: NETBOX_DEFAULTS.sharedSourceId };
  const sharedRef = (): CustomerRef => {
    sharedUsed = true;
    return shared;
  };

  // ---- Sites.
  const siteHome = new Map<number, CustomerRef>();
  for (const s of dump.all('dcim.site')) {
    const tenant = dump.ref(s, 'tenant', 'tenancy.tenant');
    const home = tenant ? { key: tenantKey(tenant) } : sharedRef();
    siteHome.set(s.pk, home);
    const region = dump.ref(s, 'region', 'dcim.region');
    const name = dump.text(s, 'name', true) ?? '';
    p.sites.push({
      key: src(s),
      origin: dump.origin(s),
      source: 'netbox',
      sourceId: src(s),
      customer: home,
      name,
      values: {
        name,
        city: region ? dump.text(region, 'name') : null,
        address: dump.text(s, NETBOX_FIELDS.siteAddress.read),
      },
      createOnly: {},
    });
    tick();
  }
  /** An object's customer: its tenant, else its site's tenant, else the fallback. */
  const homeOf = (o: NbObject, site: NbObject | null, fallback: () => CustomerRef): CustomerRef => {
    const tenant = dump.ref(o, 'tenant', 'tenancy.tenant');
    if (tenant) return { key: tenantKey(tenant) };
    if (site) {
      const h = siteHome.get(site.pk);
      if (h && h !== shared) return h;
    }
    return fallback();
  };

  // ---- IP addresses by the device or VM their interface belongs to.
  const ipsOf = new Map<string, string[]>();
  const addressOf = new Map<number, string>();
  for (const ip of dump.all('ipam.ipaddress')) {
    const raw = dump.text(ip, 'address', true);
    if (!raw) continue;
    const address = raw.split('/')[0] ?? '';
    if (net.isIP(address) === 0) {
      problems.add(`${dump.origin(ip)}, field address: "${raw}" is not an IP address`);
      continue;
    }
    addressOf.set(ip.pk, address);
    if (ip.fields.assigned_object_type === null || ip.fields.assigned_object_type === undefined) continue;
    const iface = dump.generic(ip, 'assigned_object_type', 'assigned_object_id');
    if (!iface) continue;
    let owner: NbObject | null = null;
    if (iface.model === 'dcim.interface') owner = dump.ref(iface, 'device', 'dcim.device');
    else if (iface.model === 'virtualization.vminterface')
      owner = dump.ref(iface, 'virtual_machine', 'virtualization.virtualmachine');
    if (owner) ipsOf.set(src(owner), [...(ipsOf.get(src(owner)) ?? []), address]);
  }
  const addresses = (o: NbObject): string => {
    const list: string[] = [];
    for (const f of ['primary_ip4', 'primary_ip6', 'oob_ip']) {
      const id = o.fields[f];
      if (id === null || id === undefined) continue;
      const ip = dump.ref(o, f, 'ipam.ipaddress');
      const a = ip ? addressOf.get(ip.pk) : undefined;
      if (a) list.push(a);
    }
    list.push(...(ipsOf.get(src(o)) ?? []));
    return json([...new Set(list)].slice(0, 64));
  };

  const env = { name: NETBOX_DEFAULTS.environment, field: 'environment' };
  const siteRef = (site: NbObject | null) => (site ? { key: src(site) } : null);
  const asset = (
    o: NbObject,
    a: Omit<
      PlannedAsset,
      'key' | 'origin' | 'source' | 'sourceId' | 'environment' | 'vendor' | 'createOnly'
    > & {
      vendor?: PlannedAsset['vendor'];
      criticality?: string;
    },
  ) => {
    p.assets.push({
      key: src(o),
      origin: dump.origin(o),
      source: 'netbox',
      sourceId: src(o),
      environment: env,
      vendor: a.vendor ?? null,
      customer: a.customer,
      name: a.name,
      site: a.site,
      values: { name: a.name, tags: tagsOf(o), ...a.values },
      createOnly: { criticality: a.criticality ?? 'medium', access_notes: null, management_url: null },
    });
    tick();
  };
  const attrs = (entries: Record<string, SqlValue | undefined>): string => {
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(entries)) if (v !== null && v !== undefined && v !== '') out[k] = v;
    return json(out);
  };
  const name = (o: NbObject, field = 'name') => dump.text(o, field);

  // ---- Vendors: circuit providers, and the manufacturers of imported devices.
  for (const pr of dump.all('circuits.provider')) {
    const n = dump.text(pr, 'name', true) ?? '';
    const url = dump.text(pr, 'portal_url');
    p.vendors.push({
      key: src(pr),
      origin: dump.origin(pr),
      source: 'netbox',
      sourceId: src(pr),
      name: n,
      values: { name: n },
      createOnly: { website: url && /^https?:\/\//.test(url) ? url : null },
    });
  }
  const manufacturers = new Set<number>();

  // ---- Devices.
  const members = new Map<number, NbObject[]>();
  const unnamed: string[] = [];
  const guessedRoles = new Set<string>();
  for (const d of dump.all('dcim.device')) {
    const role = dump.ref(d, NETBOX_FIELDS.deviceRole.read, 'dcim.devicerole', true);
    const type = dump.ref(d, NETBOX_FIELDS.deviceType.read, 'dcim.devicetype');
    const platform = dump.ref(d, 'platform', 'dcim.platform');
    const site = dump.ref(d, 'site', 'dcim.site');
    const cluster = dump.ref(d, 'cluster', 'virtualization.cluster');
    const rack = dump.ref(d, 'rack', 'dcim.rack');
    const manufacturer = type ? dump.ref(type, 'manufacturer', 'dcim.manufacturer') : null;
    if (cluster) members.set(cluster.pk, [...(members.get(cluster.pk) ?? []), d]);
    const roleName = role ? (name(role) ?? 'Device') : 'Device';
    const platformName = platform ? name(platform) : null;
    const model = type ? dump.text(type, 'model') : null;
    let deviceName = name(d);
    if (!deviceName) {
      deviceName = `${roleName}${model ? ` ${model}` : ''} at ${site ? (name(site) ?? 'site') : 'no site'} (NetBox device ${d.pk})`;
      unnamed.push(String(d.pk));
    }
    const { kind, guessed } = cluster
      ? { kind: 'hypervisor_host' as const, guessed: false }
      : deviceKind(roleName, platformName);
    if (guessed) guessedRoles.add(roleName);
    if (manufacturer) manufacturers.add(manufacturer.pk);
    asset(d, {
      customer: homeOf(d, site, sharedRef),
      name: deviceName,
      site: siteRef(site),
      vendor: manufacturer ? { key: src(manufacturer) } : null,
      criticality: kind === 'firewall' || /router|core/i.test(roleName) ? 'high' : 'medium',
      values: {
        kind,
        hostname: name(d) && HOSTNAME.test(deviceName) ? deviceName : null,
        ip_addresses: addresses(d),
        platform: platformName,
        model,
        serial: dump.text(d, 'serial'),
        attributes: attrs({
          role: roleName,
          status: dump.text(d, 'status'),
          rack: rack ? name(rack) : null,
          assetTag: dump.text(d, 'asset_tag'),
          netboxId: d.pk,
        }),
      },
    });
  }
  if (unnamed.length > 0)
    p.warnings.push(
      `${unnamed.length} devices have no name in NetBox; they were named after role, model and site (e.g. device ${unnamed[0]}).`,
    );
  if (guessedRoles.size > 0)
    p.warnings.push(
      `Device roles ${[...guessedRoles].map((r) => `"${r}"`).join(', ')} were imported as network devices (role not recognised).`,
    );
  for (const m of dump.all('dcim.manufacturer')) {
    if (!manufacturers.has(m.pk)) continue;
    const n = dump.text(m, 'name', true) ?? '';
    p.vendors.push({
      key: src(m),
      origin: dump.origin(m),
      source: 'netbox',
      sourceId: src(m),
      name: n,
      values: { name: n },
      createOnly: {},
    });
  }

  // ---- Clusters: run on their member devices.
  const clusterHome = new Map<number, CustomerRef>();
  for (const c of dump.all('virtualization.cluster')) {
    const type = dump.ref(c, NETBOX_FIELDS.clusterType.read, 'virtualization.clustertype');
    const group = dump.ref(c, 'group', 'virtualization.clustergroup');
    const site = scopedSite(dump, c, 'scope');
    const home = homeOf(c, site, sharedRef);
    clusterHome.set(c.pk, home);
    const n = dump.text(c, 'name', true) ?? '';
    asset(c, {
      customer: home,
      name: n,
      site: siteRef(site),
      criticality: 'high',
      values: {
        kind: 'cluster',
        hostname: null,
        ip_addresses: '[]',
        platform: type ? name(type) : null,
        model: null,
        serial: null,
        attributes: attrs({
          type: type ? name(type) : null,
          group: group ? name(group) : null,
          status: dump.text(c, 'status'),
          netboxId: c.pk,
        }),
      },
    });
    for (const m of members.get(c.pk) ?? []) {
      p.links.push({
        key: `${src(c)}>${src(m)}`,
        origin: dump.origin(c),
        from: { key: src(c) },
        to: { key: src(m) },
        kind: 'runs_on',
      });
    }
  }

  // ---- Virtual machines: run on their cluster (and on their device when pinned to one).
  for (const vm of dump.all('virtualization.virtualmachine')) {
    const cluster = dump.ref(vm, 'cluster', 'virtualization.cluster');
    const device = dump.ref(vm, 'device', 'dcim.device');
    const clusterSite = cluster ? scopedSite(dump, cluster, 'scope') : null;
    const site = dump.ref(vm, 'site', 'dcim.site') ?? clusterSite;
    const role = dump.ref(vm, 'role', 'dcim.devicerole');
    const platform = dump.ref(vm, 'platform', 'dcim.platform');
    const n = dump.text(vm, 'name', true) ?? '';
    asset(vm, {
      customer: homeOf(vm, site, () =>
        cluster ? (clusterHome.get(cluster.pk) ?? sharedRef()) : sharedRef(),
      ),
      name: n,
      site: siteRef(site),
      values: {
        kind: 'vm',
        hostname: HOSTNAME.test(n) ? n : null,
        ip_addresses: addresses(vm),
        platform: platform ? name(platform) : null,
        model: null,
        serial: null,
        attributes: attrs({
          role: role ? name(role) : null,
          status: dump.text(vm, 'status'),
          vcpus: dump.number(vm, 'vcpus'),
          memoryMB: dump.number(vm, 'memory'),
          diskGB: dump.number(vm, 'disk'),
          netboxId: vm.pk,
        }),
      },
    });
    for (const target of [cluster, device]) {
      if (!target) continue;
      p.links.push({
        key: `${src(vm)}>${src(target)}`,
        origin: dump.origin(vm),
        from: { key: src(vm) },
        to: { key: src(target) },
        kind: 'runs_on',
      });
    }
  }

  // ---- Circuits: assets of their provider; devices cabled to a termination depend on them.
  const devicesOnCable = new Map<number, NbObject[]>();
  for (const i of dump.all('dcim.interface')) {
    const cable = i.fields.cable;
    if (!Number.isInteger(cable)) continue;
    const device = dump.ref(i, 'device', 'dcim.device');
    if (device) devicesOnCable.set(cable as number, [...(devicesOnCable.get(cable as number) ?? []), device]);
  }
  const terminations = new Map<number, NbObject[]>();
  for (const t of dump.all('circuits.circuittermination')) {
    const c = dump.ref(t, 'circuit', 'circuits.circuit', true);
    if (c) terminations.set(c.pk, [...(terminations.get(c.pk) ?? []), t]);
  }
  for (const c of dump.all('circuits.circuit')) {
    const cid = dump.text(c, 'cid', true) ?? '';
    const provider = dump.ref(c, 'provider', 'circuits.provider', true);
    const type = dump.ref(c, 'type', 'circuits.circuittype');
    const ends = (terminations.get(c.pk) ?? []).sort((a, b) =>
      String(a.fields.term_side ?? '').localeCompare(String(b.fields.term_side ?? '')),
    );
    const endSites = ends
      .map((t) => scopedSite(dump, t, 'termination'))
      .filter((s): s is NbObject => s !== null);
    const site = endSites[0] ?? null;
    asset(c, {
      customer: homeOf(c, site, sharedRef),
      name: cid,
      site: siteRef(site),
      vendor: provider ? { key: src(provider) } : null,
      criticality: 'high',
      values: {
        kind: 'circuit',
        hostname: null,
        ip_addresses: '[]',
        platform: null,
        model: type ? name(type) : null,
        serial: cid,
        attributes: attrs({
          provider: provider ? name(provider) : null,
          type: type ? name(type) : null,
          status: dump.text(c, 'status'),
          commitRateKbps: dump.number(c, 'commit_rate'),
          installDate: dump.text(c, 'install_date'),
          sites: endSites.map((s) => name(s) ?? '').join(' ↔ ') || null,
          netboxId: c.pk,
        }),
      },
    });
    for (const t of ends) {
      const cable = t.fields.cable;
      if (!Number.isInteger(cable)) continue;
      for (const d of devicesOnCable.get(cable as number) ?? []) {
        p.links.push({
          key: `${src(d)}>${src(c)}`,
          origin: dump.origin(c),
          from: { key: src(d) },
          to: { key: src(c) },
          kind: 'depends_on',
        });
      }
    }
  }

  // ---- Contacts: one per contact and customer its assignments land on.
  const homeOfAssigned = (o: NbObject): CustomerRef | null => {
    switch (o.model) {
      case 'tenancy.tenant':
        return { key: tenantKey(o) };
      case 'dcim.site':
        return siteHome.get(o.pk) ?? null;
      default: {
        const a = p.assets.find((x) => x.key === src(o));
        return a ? a.customer : null;
      }
    }
  };
  const contactsByCustomer = new Map<
    string,
    { contact: NbObject; customer: CustomerRef; order: number; roles: Set<string> }
  >();
  const unassigned = new Set<number>();
  for (const a of dump.all('tenancy.contactassignment')) {
    const contact = dump.ref(a, 'contact', 'tenancy.contact', true);
    const role = dump.ref(a, 'role', 'tenancy.contactrole');
    const target = dump.generic(a, NETBOX_FIELDS.assignmentTarget.read, 'object_id');
    if (!contact || !target) continue;
    const customer = homeOfAssigned(target);
    if (!customer) {
      unassigned.add(contact.pk);
      continue;
    }
    const priority = dump.text(a, 'priority');
    const order = priority ? (PRIORITY_ORDER[priority.toLowerCase()] ?? 5) : 5;
    const k = `${src(contact)}@${'key' in customer ? customer.key : customer.code}`;
    const entry = contactsByCustomer.get(k) ?? { contact, customer, order, roles: new Set<string>() };
    entry.order = Math.min(entry.order, order);
    const roleName = role ? name(role) : null;
    if (roleName) entry.roles.add(roleName);
    contactsByCustomer.set(k, entry);
  }
  const placed = new Set([...contactsByCustomer.values()].map((e) => e.contact.pk));
  for (const [k, e] of contactsByCustomer) {
    const n = dump.text(e.contact, 'name', true) ?? '';
    const title = dump.text(e.contact, 'title');
    const notes = [title, dump.text(e.contact, 'description'), dump.text(e.contact, 'comments')]
      .filter((x) => x)
      .join('\n');
    p.contacts.push({
      key: k,
      origin: dump.origin(e.contact),
      source: 'netbox',
      sourceId: k,
      customer: e.customer,
      name: n,
      values: {
        name: n,
        role: [...e.roles].join(', ') || title || 'Contact',
        phone: dump.text(e.contact, 'phone'),
        email: dump.text(e.contact, 'email'),
        escalation_order: e.order,
        notes: notes || null,
      },
      createOnly: {},
    });
  }
  const notPlaced = dump.all('tenancy.contact').filter((c) => !placed.has(c.pk));
  if (notPlaced.length > 0) {
    p.skipped.contacts = notPlaced.length;
    p.warnings.push(
      `${notPlaced.length} NetBox contacts are not assigned to a tenant, site or imported object and were skipped` +
        (unassigned.size > 0 ? ' (some are assigned to objects Lifeline does not import)' : '') +
        '.',
    );
  }

  if (sharedUsed) {
    p.customers.push({
      key: NETBOX_DEFAULTS.sharedSourceId,
      origin: `${file}: objects without a tenant`,
      source: 'netbox',
      sourceId: NETBOX_DEFAULTS.sharedSourceId,
      code: NETBOX_DEFAULTS.sharedCode,
      onCodeTaken: 'suffix',
      values: { name: NETBOX_DEFAULTS.sharedName, kind: 'internal' },
      createOnly: {
        ...customerCols(NETBOX_DEFAULTS.tier, NETBOX_DEFAULTS.timeZone),
        notes: 'Clusters, devices and circuits that have no tenant in NetBox (nor their site).',
        tags: json(['netbox']),
      },
    });
  }
  problems.throwIfAny();
  return p;
}
