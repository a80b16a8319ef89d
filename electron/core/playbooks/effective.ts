/**
 * The effective playbook for a customer (and optionally one of its assets): the stored
 * core version, the customer's live overlay and the facts placeholders draw on, handed to
 * the pure resolver. The go-bag export builds on the same function.
 */
import { LifelineError } from '../../../shared/api/result';
import type { EffectivePlaybook, PlaybookFacts } from '../../../shared/playbooks/model';
import { resolvePlaybook } from '../../../shared/playbooks/resolve';
import type { Db } from '../db/database';
import type { ASSET_FACTS, CUSTOMER_FACTS } from './placeholders';
import {
  type CustomerRow,
  liveCustomer,
  liveOverlay,
  livePlaybook,
  parseOverlay,
  versionBody,
} from './store';

type Facts<K extends readonly string[]> = Record<K[number], string | null>;

interface AssetRow {
  readonly id: string;
  readonly customer_id: string;
  readonly name: string;
  readonly hostname: string | null;
  readonly ip_addresses: string;
  readonly kind: string;
  readonly platform: string | null;
  readonly model: string | null;
  readonly serial: string | null;
  readonly management_url: string | null;
  readonly deleted_at: string | null;
  readonly owner_name: string;
  readonly owner_code: string;
  readonly owner_kind: 'customer' | 'internal';
}

/** The address a command should use: the first one, without a prefix length ("10.1.2.3/24"). */
function firstIp(json: string): string | null {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return null;
  }
  const first = Array.isArray(list)
    ? list.find((x): x is string => typeof x === 'string' && x.trim() !== '')
    : undefined;
  return first === undefined ? null : (first.split('/')[0] ?? first).trim();
}

export function customerFacts(c: CustomerRow): Facts<typeof CUSTOMER_FACTS> {
  return { name: c.name, code: c.code, tier: c.tier, timeZone: c.time_zone };
}

function assetFacts(db: Db, customer: CustomerRow, assetId: string): Facts<typeof ASSET_FACTS> {
  const a = db
    .prepare(
      `SELECT a.*, c.name AS owner_name, c.code AS owner_code, c.kind AS owner_kind
         FROM assets a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`,
    )
    .get(assetId) as AssetRow | undefined;
  if (!a) {
    throw new LifelineError(
      'NOT_FOUND',
      `There is no asset with id ${assetId}. It may never have reached this console; reload the list.`,
    );
  }
  if (a.deleted_at !== null)
    throw new LifelineError('NOT_FOUND', `Asset ${a.name} was deleted. Reload the list.`);
  // The MSP's shared platform serves many customers, so its assets can appear in anyone's playbook.
  if (a.customer_id !== customer.id && a.owner_kind !== 'internal') {
    throw new LifelineError(
      'VALIDATION',
      `Asset ${a.name} belongs to ${a.owner_name} (${a.owner_code}), not ${customer.name} (${customer.code}). Pick one of ${customer.name}'s assets or a shared platform asset.`,
    );
  }
  return {
    name: a.name,
    hostname: a.hostname,
    ip: firstIp(a.ip_addresses),
    kind: a.kind,
    platform: a.platform,
    model: a.model,
    serial: a.serial,
    managementUrl: a.management_url,
  };
}

function contacts(db: Db, customerId: string): NonNullable<PlaybookFacts['contacts']> {
  return db
    .prepare(
      `SELECT name, role, phone FROM contacts WHERE customer_id = ? AND deleted_at IS NULL
        ORDER BY escalation_order, name`,
    )
    .all(customerId) as Array<{ name: string; role: string; phone: string | null }>;
}

export interface EffectiveRequest {
  readonly playbookId: string;
  readonly customerId: string;
  readonly assetId?: string | undefined;
  readonly version?: number | undefined;
}

export function effectivePlaybook(db: Db, req: EffectiveRequest): EffectivePlaybook {
  const pb = livePlaybook(db, req.playbookId);
  const customer = liveCustomer(db, req.customerId);
  const number = req.version ?? pb.current_version;
  const body = versionBody(db, pb, number);
  const row = liveOverlay(db, pb.id, customer.id);
  const overlay = row
    ? {
        coreVersion: row.core_version,
        body: parseOverlay(row, pb.title, `${customer.name} (${customer.code})`),
      }
    : null;
  const facts: PlaybookFacts = {
    customer: customerFacts(customer),
    contacts: contacts(db, customer.id),
    ...(req.assetId === undefined ? {} : { asset: assetFacts(db, customer, req.assetId) }),
  };
  return resolvePlaybook({ version: number, body }, overlay, facts);
}
