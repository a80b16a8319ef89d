/**
 * Saving an asset with its outgoing runs-on and depends-on links. The links given replace
 * the asset's current ones: removed links become tombstones, new ones get fresh ids, and
 * each is recorded in change_log (entity asset_link) for sync. A link that would close a
 * loop is refused, because a loop leaves no order in which to restore its assets.
 */
import { LifelineError } from '../../../../shared/api/result';
import type { AssetInput, LinkKind } from '../../../../shared/catalog/schemas';
import { canonicalJson } from '../../../../shared/util/canonicalJson';
import type { Edit } from '../../db/changeLog';
import type { Db } from '../../db/database';
import { basedOn, write } from './records';
import {
  blankToNull,
  type Changes,
  createRecord,
  NOUNS,
  type Row,
  requireReference,
  tombstone,
} from './store';

interface LinkRow {
  id: string;
  to_asset_id: string;
  kind: LinkKind;
  version: number;
  [col: string]: string | number | null;
}

const FIELD: Readonly<Record<LinkKind, 'runsOn' | 'dependsOn'>> = {
  runs_on: 'runsOn',
  depends_on: 'dependsOn',
};

function assetName(db: Db, id: string): string {
  return (
    (db.prepare('SELECT name FROM assets WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id
  );
}

/**
 * A path start → … → goal along live links of either kind (from needs to), or null.
 * Breadth-first, so the loop reported is the shortest one.
 */
function pathBetween(db: Db, start: string, goal: string): string[] | null {
  const next = db.prepare(
    `SELECT DISTINCT l.to_asset_id AS id FROM asset_links l JOIN assets a ON a.id = l.to_asset_id
      WHERE l.from_asset_id = ? AND l.deleted_at IS NULL AND a.deleted_at IS NULL`,
  );
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (node === goal) {
      const path: string[] = [];
      for (let at: string | null = node; at !== null; at = parent.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const { id } of next.all(node) as Array<{ id: string }>) {
      if (!parent.has(id)) {
        parent.set(id, node);
        queue.push(id);
      }
    }
  }
  return null;
}

function checkLinkTargets(
  edit: Edit,
  assetId: string | null,
  wanted: ReadonlyArray<[LinkKind, string]>,
): void {
  for (const [kind, to] of wanted) {
    const field = FIELD[kind];
    if (to === assetId) {
      throw new LifelineError(
        'VALIDATION',
        `${field}: ${assetName(edit.db, to)} cannot ${kind === 'runs_on' ? 'run on' : 'depend on'} itself. Remove it from the list.`,
      );
    }
    requireReference(edit.db, 'asset', to, field, 'Pick an existing asset.');
  }
  // A new asset has nothing pointing at it yet, so it cannot close a loop.
  if (assetId === null) return;
  for (const [kind, to] of wanted) {
    const back = pathBetween(edit.db, to, assetId);
    if (back) {
      const loop = [assetId, ...back].map((id) => assetName(edit.db, id)).join(' → ');
      throw new LifelineError(
        'VALIDATION',
        `${FIELD[kind]}: ${assetName(edit.db, to)} already needs ${assetName(edit.db, assetId)}, so this link would make a loop (${loop}) and leave no order to restore them in. Remove one of these links first.`,
      );
    }
  }
}

/** Replaces the asset's live outgoing links with `wanted`; returns what changed, for the asset's own record. */
function replaceLinks(edit: Edit, assetId: string, wanted: ReadonlyArray<[LinkKind, string]>): Changes {
  const current = edit.db
    .prepare('SELECT * FROM asset_links WHERE from_asset_id = ? AND deleted_at IS NULL ORDER BY id')
    .all(assetId) as LinkRow[];
  const key = (kind: LinkKind, to: string) => `${kind} ${to}`;
  const wantedKeys = new Set(wanted.map(([kind, to]) => key(kind, to)));
  const kept = new Set<string>();
  for (const link of current) {
    const k = key(link.kind, link.to_asset_id);
    // A duplicate of a link already kept is removed too: one link per pair and kind.
    if (wantedKeys.has(k) && !kept.has(k)) kept.add(k);
    else tombstone(edit, 'asset_link', link);
  }
  for (const [kind, to] of wanted) {
    if (!kept.has(key(kind, to)))
      createRecord(edit, 'asset_link', { from_asset_id: assetId, to_asset_id: to, kind });
  }
  const changes: Changes = {};
  for (const kind of ['runs_on', 'depends_on'] as const) {
    const from = [...new Set(current.filter((l) => l.kind === kind).map((l) => l.to_asset_id))].sort();
    const to = wanted
      .filter(([k]) => k === kind)
      .map(([, id]) => id)
      .sort();
    if (from.join() !== to.join()) changes[kind] = { from, to };
  }
  return changes;
}

export function saveAsset(edit: Edit, input: AssetInput): string {
  const current = basedOn(edit, 'asset', input);
  const { db } = edit;
  const customer = requireReference(
    db,
    'customer',
    input.customerId,
    'customerId',
    'Pick an existing customer.',
  );
  for (const [field, entity, id] of [
    ['environmentId', 'environment', input.environmentId],
    ['siteId', 'site', input.siteId],
  ] as const) {
    if (id === null) continue;
    const row = requireReference(
      db,
      entity,
      id,
      field,
      `Pick one of ${String(customer.name)}'s ${NOUNS[entity]}s.`,
    );
    if (row.customer_id !== customer.id) {
      const owner = db.prepare('SELECT name FROM customers WHERE id = ?').get(row.customer_id) as
        | { name: string }
        | undefined;
      throw new LifelineError(
        'VALIDATION',
        `${field}: ${NOUNS[entity]} ${String(row.name)} belongs to ${owner?.name ?? 'another customer'}, not ${String(customer.name)}. Pick one of ${String(customer.name)}'s ${NOUNS[entity]}s.`,
      );
    }
  }
  if (input.vendorId !== null) {
    requireReference(db, 'vendor', input.vendorId, 'vendorId', 'Pick a vendor from the list, or add it.');
  }
  const wanted: Array<[LinkKind, string]> = [
    ...[...new Set(input.runsOn)].map((id): [LinkKind, string] => ['runs_on', id]),
    ...[...new Set(input.dependsOn)].map((id): [LinkKind, string] => ['depends_on', id]),
  ];
  const assetId = current ? String(current.id) : null;
  checkLinkTargets(edit, assetId, wanted);

  const values: Row = {
    customer_id: input.customerId,
    environment_id: input.environmentId,
    site_id: input.siteId,
    kind: input.kind,
    name: input.name,
    hostname: blankToNull(input.hostname),
    ip_addresses: JSON.stringify([...new Set(input.ipAddresses)]),
    platform: blankToNull(input.platform),
    vendor_id: input.vendorId,
    model: blankToNull(input.model),
    serial: blankToNull(input.serial),
    criticality: input.criticality,
    management_url: input.managementUrl,
    access_notes: blankToNull(input.accessNotes),
    attributes: canonicalJson(input.attributes),
    tags: JSON.stringify(input.tags),
  };
  if (!current) {
    const id = write(edit, 'asset', undefined, values);
    replaceLinks(edit, id, wanted);
    return id;
  }
  const linkChanges = replaceLinks(edit, String(current.id), wanted);
  return write(edit, 'asset', current, values, linkChanges);
}
