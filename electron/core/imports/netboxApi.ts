/**
 * Reads a running NetBox (2.11 to 4.x) through its REST API, read-only: GET requests only,
 * TLS always verified (the system's CAs plus an optional private CA), the token sent only
 * to the host given. Each list endpoint is read page by page (`?limit=&offset=`, until
 * `next` is null) and its objects are turned into the `manage.py dumpdata` form netbox.ts
 * reads, so an API import and a dump import of one instance give the same records (NetBox
 * ids are the source ids of both). Shapes: NetBox's OpenAPI schema (docs/netbox-import.md).
 */
import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { LifelineError } from '../../../shared/api/result';
import type { NbObject } from './netbox';
import { importError } from './plan';

/** The list endpoints read, in order, and the model each one's objects are. */
export const NETBOX_ENDPOINTS: ReadonlyArray<readonly [path: string, model: string]> = [
  ['extras/tags', 'extras.tag'],
  ['tenancy/tenant-groups', 'tenancy.tenantgroup'],
  ['tenancy/tenants', 'tenancy.tenant'],
  ['dcim/regions', 'dcim.region'],
  ['dcim/sites', 'dcim.site'],
  ['dcim/locations', 'dcim.location'],
  ['dcim/racks', 'dcim.rack'],
  ['dcim/manufacturers', 'dcim.manufacturer'],
  ['dcim/device-types', 'dcim.devicetype'],
  ['dcim/device-roles', 'dcim.devicerole'],
  ['dcim/platforms', 'dcim.platform'],
  ['virtualization/cluster-types', 'virtualization.clustertype'],
  ['virtualization/cluster-groups', 'virtualization.clustergroup'],
  ['virtualization/clusters', 'virtualization.cluster'],
  ['dcim/devices', 'dcim.device'],
  ['dcim/interfaces', 'dcim.interface'],
  ['virtualization/virtual-machines', 'virtualization.virtualmachine'],
  ['virtualization/interfaces', 'virtualization.vminterface'],
  ['ipam/ip-addresses', 'ipam.ipaddress'],
  ['circuits/providers', 'circuits.provider'],
  ['circuits/circuit-types', 'circuits.circuittype'],
  ['circuits/circuits', 'circuits.circuit'],
  ['circuits/circuit-terminations', 'circuits.circuittermination'],
  ['tenancy/contact-roles', 'tenancy.contactrole'],
  ['tenancy/contacts', 'tenancy.contact'],
  ['tenancy/contact-assignments', 'tenancy.contactassignment'],
];

const CONFIG_CONTEXT = new Set(['dcim/devices', 'virtualization/virtual-machines']);

/** Objects per page asked for; NetBox caps it at MAX_PAGE_SIZE (1000 by default). */
export const NETBOX_PAGE_SIZE = 500;
const TIMEOUT_MS = 60_000;
const MAX_BODY = 64 * 1024 * 1024;

/**
 * How far a read got: every page read so far by endpoint, and where each continues. It is
 * what the resumable cursor saves (netboxCursor.ts) when a read fails part-way.
 */
export interface NetboxReadState {
  /** The instance, as normalised by `netboxBase`. */
  readonly url: string;
  /** Per endpoint path: the objects read so far, and the next offset (null: finished). */
  readonly endpoints: Record<string, { results: unknown[]; next: number | null }>;
}

export interface NetboxApiOptions {
  readonly url: string;
  readonly token: string;
  /** PEM text of a private CA to trust besides the system's. */
  readonly ca?: string;
  readonly pageSize?: number;
  /** Where to continue; filled as pages arrive, so a failed read can be saved and resumed. */
  readonly state: NetboxReadState;
  readonly onProgress?: (line: string) => void;
}

export interface NetboxApiRead {
  readonly objects: NbObject[];
  /** `netbox-version` from /api/status/, when NetBox says. */
  readonly version: string | null;
  /** Endpoints this NetBox does not have (404): e.g. contacts before 3.1. */
  readonly missing: string[];
  /** Pages fetched in this run (not counting those resumed from a cursor). */
  readonly pages: number;
}

/** `https://netbox.example/`, `…/api`, `…/api/` → `https://netbox.example`; anything but https refused. */
export function netboxBase(given: string): string {
  let u: URL;
  try {
    u = new URL(given);
  } catch {
    throw new LifelineError(
      'VALIDATION',
      `--url "${given}" is not a URL: give the address you open NetBox at, e.g. https://netbox.example.`,
    );
  }
  if (u.protocol !== 'https:')
    throw new LifelineError(
      'VALIDATION',
      `--url must start with https:// (got ${u.protocol}//): the API token is only ever sent over verified TLS.`,
    );
  if (u.username || u.password || u.search || u.hash)
    throw new LifelineError(
      'VALIDATION',
      '--url takes only the address (no user, query or #fragment); the token comes from --token-env.',
    );
  const pathname = u.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${u.origin}${pathname}`;
}

/** The system's CA bundle (where the distribution keeps it) besides Node's own list. */
function systemCas(): string[] {
  for (const f of [
    '/etc/ssl/certs/ca-certificates.crt',
    '/etc/pki/tls/certs/ca-bundle.crt',
    '/etc/ssl/cert.pem',
    '/etc/ssl/ca-bundle.pem',
  ]) {
    try {
      return [fs.readFileSync(f, 'utf8')];
    } catch {
      // not this distribution's path
    }
  }
  return [];
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface Answer {
  readonly status: number;
  readonly body: string;
}

class Client {
  private readonly agent: https.Agent;
  private readonly host: string;

  constructor(
    readonly base: string,
    private readonly token: string,
    ca: string | undefined,
  ) {
    this.host = new URL(base).host;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 1,
      ca: [...tls.rootCertificates, ...systemCas(), ...(ca ? [ca] : [])],
      rejectUnauthorized: true,
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /** One GET; the URL is always built here from the base, so the token goes nowhere else. */
  get(apiPath: string): Promise<Answer> {
    const url = `${this.base}/api/${apiPath}`;
    // v2 tokens (NetBox 4.5+) are "nbt_<key>.<token>" and go as Bearer; v1 tokens as Token.
    const scheme = this.token.startsWith('nbt_') ? 'Bearer' : 'Token';
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: 'GET',
          agent: this.agent,
          headers: { Authorization: `${scheme} ${this.token}`, Accept: 'application/json' },
          timeout: TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) {
              req.destroy(new Error(`the answer is over ${MAX_BODY / 1024 / 1024} MB`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (err) => reject(this.networkError(apiPath, err)));
      req.end();
    });
  }

  private networkError(apiPath: string, err: Error): LifelineError {
    const code = (err as { code?: string }).code ?? '';
    if (TLS_CODES.has(code))
      return new LifelineError(
        'UNAVAILABLE',
        `NetBox at ${this.host} sent a certificate that is not trusted (${code}: ${err.message}): if it is signed by your own CA, give that CA's certificate with --ca FILE (verification is never turned off). Nothing was written.`,
      );
    return new LifelineError(
      'UNAVAILABLE',
      `Could not read GET /api/${apiPath} from ${this.host} (${code || err.message}): check --url and that NetBox is reachable, then run the same command again. Nothing was written.`,
    );
  }
}

function detail(body: string): string {
  try {
    const d = (JSON.parse(body) as { detail?: unknown }).detail;
    if (typeof d === 'string') return d;
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** Reads every endpoint (continuing `state`), or throws with what happened and what to try. */
export async function readNetboxApi(opts: NetboxApiOptions): Promise<NetboxApiRead> {
  const client = new Client(opts.state.url, opts.token, opts.ca);
  const limit = opts.pageSize ?? NETBOX_PAGE_SIZE;
  const say = opts.onProgress ?? (() => {});
  let pages = 0;
  const missing: string[] = [];
  try {
    const status = await client.get('status/');
    const version = checkStatus(client.base, status);
    say(`NetBox ${version ?? '(version not given)'} at ${client.base}`);
    for (const [path] of NETBOX_ENDPOINTS) {
      const at = opts.state.endpoints[path] ?? { results: [], next: 0 };
      opts.state.endpoints[path] = at;
      if (at.next === null) continue;
      if (at.next > 0) say(`${path}: continuing at ${at.next} (from the saved cursor)`);
      while (at.next !== null) {
        // Devices and VMs carry their rendered config context, which can be large and slow
        // for NetBox to build; it is not read, so it is not asked for.
        const exclude = CONFIG_CONTEXT.has(path) ? '&exclude=config_context' : '';
        const apiPath = `${path}/?limit=${limit}&offset=${at.next}&ordering=id${exclude}`;
        const answer = await client.get(apiPath);
        if (answer.status === 404 && at.next === 0) {
          missing.push(path);
          at.next = null;
          break;
        }
        const page = readPage(client.base, apiPath, answer);
        pages++;
        at.results.push(...page.results);
        at.next = page.next && page.results.length > 0 ? at.next + page.results.length : null;
        say(`${path}: ${at.results.length} of ${page.count}`);
      }
    }
    return { objects: toDumpObjects(opts.state), version, missing, pages };
  } finally {
    client.close();
  }
}

function checkStatus(base: string, answer: Answer): string | null {
  if (answer.status === 401 || answer.status === 403) throw refusedToken(answer, 'status/');
  if (answer.status !== 200)
    throw new LifelineError(
      'NOT_FOUND',
      `No NetBox API at ${base}/api/ (GET /api/status/ answered ${answer.status}): check --url, the address you open NetBox at (with its path, e.g. https://example.com/netbox). Nothing was written.`,
    );
  try {
    const s = JSON.parse(answer.body) as Record<string, unknown>;
    const v = s['netbox-version'];
    return typeof v === 'string' ? v : null;
  } catch {
    throw new LifelineError(
      'NOT_FOUND',
      `${base}/api/status/ did not answer JSON: is ${base} a NetBox? Check --url. Nothing was written.`,
    );
  }
}

function refusedToken(answer: Answer, apiPath: string): LifelineError {
  return new LifelineError(
    'UNAUTHORIZED',
    `NetBox refused the token (${answer.status} ${detail(answer.body)}) on GET /api/${apiPath}: check the token in the environment variable given with --token-env (NetBox: your profile → API Tokens; not expired, allowed from this address, and its user may view these objects). Nothing was written.`,
  );
}

function readPage(
  base: string,
  apiPath: string,
  answer: Answer,
): { results: unknown[]; next: boolean; count: number } {
  const where = `GET /api/${apiPath}`;
  if (answer.status === 401 || answer.status === 403) throw refusedToken(answer, apiPath);
  if (answer.status >= 500)
    throw new LifelineError(
      'UNAVAILABLE',
      `NetBox answered ${answer.status} on ${where} (${detail(answer.body) || 'no detail'}): run the same command again to continue, and check NetBox's logs if it repeats. Nothing was written.`,
    );
  if (answer.status !== 200)
    throw new LifelineError(
      'UNAVAILABLE',
      `NetBox answered ${answer.status} on ${where} (${detail(answer.body)}): check --url (${base}) and the token's permissions. Nothing was written.`,
    );
  let data: unknown;
  try {
    data = JSON.parse(answer.body);
  } catch (err) {
    throw new LifelineError(
      'UNAVAILABLE',
      `NetBox's answer to ${where} is not complete JSON (${err instanceof Error ? err.message : String(err)}; ${answer.body.length} bytes): the connection or a proxy may have cut it; run the same command again to continue. Nothing was written.`,
    );
  }
  const o = data as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.results) || typeof o.count !== 'number')
    throw importError([
      `${where}: expected a NetBox list page ({count, next, previous, results}), got something else`,
    ]);
  return { results: o.results, next: typeof o.next === 'string' && o.next !== '', count: o.count };
}

// ---------------------------------------------------------------------------------------
// API objects → dumpdata objects

/** Generic foreign keys in the API: the object beside its `_type`/`_id` pair, dropped. */
const GENERIC_OBJECT = new Set(['assigned_object', 'object', 'termination', 'scope']);
/** Fields of API objects that are about the API, not the object. */
const API_ONLY = new Set(['id', 'url', 'display', 'display_url', 'tags', 'custom_fields']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A nested object `{id, url, display, …}` becomes its id; a choice `{value, label}` its value. */
function flatten(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(flatten);
  if (!isRecord(v)) return v;
  if (Number.isInteger(v.id) && ('url' in v || 'display' in v)) return v.id;
  if ('value' in v && 'label' in v) return v.value;
  return v;
}

/**
 * Every endpoint's objects in dumpdata form: nested objects as ids, choices as values,
 * `custom_fields` as `custom_field_data`, each object's `tags` as extras.taggeditem rows.
 * What is malformed (no id) is passed on for netbox.ts to name with its endpoint.
 */
export function toDumpObjects(state: NetboxReadState): NbObject[] {
  const out: NbObject[] = [];
  let tagged = 0;
  for (const [path, model] of NETBOX_ENDPOINTS) {
    const seen = new Set<number>();
    for (const raw of state.endpoints[path]?.results ?? []) {
      if (!isRecord(raw)) {
        out.push({ model, pk: Number.NaN, fields: {} } as NbObject);
        continue;
      }
      const pk = raw.id as number;
      // A page re-read after a resume may repeat an object: the last copy read wins.
      if (Number.isInteger(pk) && seen.has(pk)) {
        const i = out.findIndex((o) => o.model === model && o.pk === pk);
        if (i >= 0) out.splice(i, 1);
      }
      seen.add(pk);
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (API_ONLY.has(k) || GENERIC_OBJECT.has(k)) continue;
        fields[k] = flatten(v);
      }
      if (isRecord(raw.custom_fields)) fields.custom_field_data = raw.custom_fields;
      out.push({ model, pk, fields });
      if (Array.isArray(raw.tags))
        for (const t of raw.tags) {
          const tag = flatten(t);
          if (Number.isInteger(tag))
            out.push({
              model: 'extras.taggeditem',
              pk: ++tagged,
              fields: { tag, content_type: model, object_id: pk },
            });
        }
    }
  }
  return out;
}
