/**
 * Builds a customer's environment as a tree by layer (pure): per environment, the top of
 * each stack (application services, databases, VMs nothing runs on) with what it runs on
 * beneath it, down to the hosts. Shared platform of other accounts is marked.
 */
import { ASSET_KIND_LABELS, type AssetKind } from '../../shared/catalog/labels';
import type { CustomerRef, Topology } from '../../shared/catalog/schemas';
import { layerRank } from '../ui/assetKinds';

export interface TreeAsset {
  readonly id: string;
  readonly name: string;
  readonly kind: AssetKind;
  readonly hostname: string | null;
  /** The owning account when it is not this customer (a shared platform). */
  readonly sharedBy: CustomerRef | null;
}

export interface TreeNode {
  /** Unique per position in the tree: the same cluster appears under many VMs. */
  readonly key: string;
  readonly asset: TreeAsset;
  readonly children: readonly TreeNode[];
}

export interface EnvironmentBranch {
  readonly key: string;
  readonly name: string;
  readonly kind: string | null;
  readonly assetCount: number;
  readonly roots: readonly TreeNode[];
}

const MAX_DEPTH = 8;

export function buildLayerTree(
  topology: Topology,
  environments: readonly { readonly id: string; readonly name: string; readonly kind: string }[],
): EnvironmentBranch[] {
  const ownerId = topology.customer.id;
  const assets = new Map<string, TreeAsset>();
  for (const a of topology.assets)
    assets.set(a.id, { id: a.id, name: a.name, kind: a.kind, hostname: a.hostname, sharedBy: null });
  for (const a of topology.external)
    assets.set(a.id, {
      id: a.id,
      name: a.name,
      kind: a.kind,
      hostname: a.hostname,
      sharedBy: a.customer.id === ownerId ? null : a.customer,
    });

  const runsOn = new Map<string, string[]>();
  const hasRunner = new Set<string>();
  for (const link of topology.links) {
    if (link.kind !== 'runs_on' || !assets.has(link.fromId) || !assets.has(link.toId)) continue;
    const list = runsOn.get(link.fromId) ?? [];
    list.push(link.toId);
    runsOn.set(link.fromId, list);
    hasRunner.add(link.toId);
  }

  const order = (a: TreeAsset, b: TreeAsset) =>
    layerRank(a.kind) - layerRank(b.kind) || a.name.localeCompare(b.name, 'en', { numeric: true });

  const grow = (
    asset: TreeAsset,
    parentKey: string,
    onPath: ReadonlySet<string>,
    depth: number,
  ): TreeNode => {
    const key = `${parentKey}/${asset.id}`;
    const path = new Set(onPath).add(asset.id);
    const below =
      depth >= MAX_DEPTH
        ? []
        : (runsOn.get(asset.id) ?? [])
            .filter((id) => !path.has(id))
            .map((id) => assets.get(id))
            .filter((a): a is TreeAsset => a !== undefined)
            .sort(order);
    return { key, asset, children: below.map((child) => grow(child, key, path, depth + 1)) };
  };

  const byEnv = new Map<string, TreeAsset[]>();
  for (const a of topology.assets) {
    if (hasRunner.has(a.id)) continue;
    const envKey = a.environmentId ?? 'none';
    const list = byEnv.get(envKey) ?? [];
    const tree = assets.get(a.id);
    if (tree) list.push(tree);
    byEnv.set(envKey, list);
  }
  const counts = new Map<string, number>();
  for (const a of topology.assets) {
    const envKey = a.environmentId ?? 'none';
    counts.set(envKey, (counts.get(envKey) ?? 0) + 1);
  }

  const branches: EnvironmentBranch[] = [];
  const known = new Set<string>();
  for (const env of environments) {
    known.add(env.id);
    const roots = byEnv.get(env.id);
    if (!roots?.length) continue;
    branches.push({
      key: env.id,
      name: env.name,
      kind: env.kind.toLowerCase() === env.name.toLowerCase() ? null : env.kind,
      assetCount: counts.get(env.id) ?? roots.length,
      roots: roots.sort(order).map((r) => grow(r, env.id, new Set(), 0)),
    });
  }
  for (const [envKey, roots] of byEnv) {
    if (known.has(envKey) || roots.length === 0) continue;
    branches.push({
      key: envKey,
      name: envKey === 'none' ? 'Not in an environment' : 'Other environment',
      kind: null,
      assetCount: counts.get(envKey) ?? roots.length,
      roots: roots.sort(order).map((r) => grow(r, envKey, new Set(), 0)),
    });
  }
  return branches;
}

export interface TreeRow {
  readonly key: string;
  readonly level: number;
  readonly kind: 'environment' | 'asset';
  readonly branch: EnvironmentBranch;
  readonly node: TreeNode | null;
  readonly parentKey: string | null;
  readonly expandable: boolean;
  readonly expanded: boolean;
}

/** The rows on screen for the given expanded set, in reading order. */
export function visibleRows(
  branches: readonly EnvironmentBranch[],
  expanded: ReadonlySet<string>,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: TreeNode, branch: EnvironmentBranch, level: number, parentKey: string) => {
    const open = expanded.has(node.key);
    rows.push({
      key: node.key,
      level,
      kind: 'asset',
      branch,
      node,
      parentKey,
      expandable: node.children.length > 0,
      expanded: open,
    });
    if (open) for (const child of node.children) walk(child, branch, level + 1, node.key);
  };
  for (const branch of branches) {
    const open = expanded.has(branch.key);
    rows.push({
      key: branch.key,
      level: 1,
      kind: 'environment',
      branch,
      node: null,
      parentKey: null,
      expandable: branch.roots.length > 0,
      expanded: open,
    });
    if (open) for (const root of branch.roots) walk(root, branch, 2, branch.key);
  }
  return rows;
}

/** Environments open (all when there are few), each stack open one layer down. */
export function defaultExpanded(branches: readonly EnvironmentBranch[]): Set<string> {
  const open = new Set<string>();
  branches.forEach((branch, i) => {
    if (branches.length > 3 && i > 0) return;
    open.add(branch.key);
    for (const root of branch.roots) if (root.children.length > 0) open.add(root.key);
  });
  return open;
}

/** "on SH-CL02" or "on 6 hypervisor hosts": what a collapsed node stands on. */
export function belowSummary(node: TreeNode): string {
  const [first] = node.children;
  if (!first) return '';
  if (node.children.length === 1) return `on ${first.asset.name}`;
  const kinds = new Set(node.children.map((c) => c.asset.kind));
  return kinds.size === 1
    ? `on ${node.children.length} ${ASSET_KIND_LABELS[first.asset.kind].many.toLowerCase()}`
    : `on ${node.children.length} assets`;
}
