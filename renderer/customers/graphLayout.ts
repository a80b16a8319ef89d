/**
 * A layered layout for a customer's dependency graph (pure, no layout library): each asset
 * is ranked by the longest chain of things it needs (runs on / depends on) beneath it, so
 * services sit on top and hosts and circuits at the bottom. Wide ranks wrap into several
 * rows so a large customer stays readable when fitted to the screen.
 */
import type { AssetKind } from '../../shared/catalog/labels';
import type { LinkKind } from '../../shared/catalog/schemas';
import { layerRank } from '../ui/assetKinds';

export interface GraphAsset {
  readonly id: string;
  readonly name: string;
  readonly kind: AssetKind;
}

export interface GraphLink {
  readonly id: string;
  readonly fromId: string;
  readonly toId: string;
  readonly kind: LinkKind;
}

export interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly rank: number;
}

export const NODE_WIDTH = 184;
export const NODE_HEIGHT = 44;
const GAP_X = 22;
const RANK_GAP = 96;
const WRAP_GAP = 60;
const MAX_PER_ROW = 14;
const MIN_PER_ROW = 6;

/** Longest path over the "needs" edges; an edge that closes a cycle is ignored. */
export function rankAssets(assets: readonly GraphAsset[], links: readonly GraphLink[]): Map<string, number> {
  const ids = new Set(assets.map((a) => a.id));
  const needs = new Map<string, string[]>();
  for (const l of links) {
    if (!ids.has(l.fromId) || !ids.has(l.toId) || l.fromId === l.toId) continue;
    const list = needs.get(l.fromId) ?? [];
    list.push(l.toId);
    needs.set(l.fromId, list);
  }
  const rank = new Map<string, number>();
  const onStack = new Set<string>();
  // Iterative DFS: a deep chain in imported data must not overflow the call stack.
  for (const start of ids) {
    if (rank.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    onStack.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const out = needs.get(top.id) ?? [];
      if (top.next < out.length) {
        const child = out[top.next++];
        if (child !== undefined && !rank.has(child) && !onStack.has(child)) {
          onStack.add(child);
          stack.push({ id: child, next: 0 });
        }
        continue;
      }
      let r = 0;
      for (const child of out) {
        const cr = rank.get(child);
        if (cr !== undefined) r = Math.max(r, cr + 1);
      }
      rank.set(top.id, r);
      onStack.delete(top.id);
      stack.pop();
    }
  }
  return rank;
}

export function layoutGraph(assets: readonly GraphAsset[], links: readonly GraphLink[]): Map<string, Placed> {
  const rank = rankAssets(assets, links);
  const maxRank = Math.max(0, ...rank.values());
  const byRank: GraphAsset[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const a of assets) byRank[rank.get(a.id) ?? 0]?.push(a);

  const neighbours = new Map<string, string[]>();
  const connect = (a: string, b: string) => {
    const list = neighbours.get(a) ?? [];
    list.push(b);
    neighbours.set(a, list);
  };
  for (const l of links) {
    connect(l.fromId, l.toId);
    connect(l.toId, l.fromId);
  }

  // Order: the bottom rank by kind and name, then each rank above by where its needs sit
  // (barycentre), then once more downward, which removes most crossings in practice.
  const position = new Map<string, number>();
  const place = (row: GraphAsset[]) =>
    row.forEach((a, i) => {
      position.set(a.id, row.length > 1 ? i / (row.length - 1) : 0.5);
    });
  const baseOrder = (a: GraphAsset, b: GraphAsset) =>
    layerRank(a.kind) - layerRank(b.kind) || a.name.localeCompare(b.name, 'en', { numeric: true });
  const centre = (a: GraphAsset): number | null => {
    const ps = (neighbours.get(a.id) ?? [])
      .map((n) => position.get(n))
      .filter((p): p is number => p !== undefined);
    return ps.length ? ps.reduce((s, p) => s + p, 0) / ps.length : null;
  };
  const sortByCentre = (row: GraphAsset[]) => {
    const keyed = row.map((a, i) => ({ a, c: centre(a) ?? (row.length > 1 ? i / (row.length - 1) : 0.5) }));
    keyed.sort((x, y) => x.c - y.c || baseOrder(x.a, y.a));
    row.splice(0, row.length, ...keyed.map((k) => k.a));
    place(row);
  };
  for (const row of byRank) {
    row.sort(baseOrder);
    place(row);
  }
  for (let r = 1; r <= maxRank; r++) sortByCentre(byRank[r] ?? []);
  for (let r = maxRank - 1; r >= 0; r--) sortByCentre(byRank[r] ?? []);

  // Wrap so the whole drawing is roughly as wide as a screen is for its height: a few
  // long rows fitted to the window would leave the nodes unreadably small.
  const perRow = Math.max(MIN_PER_ROW, Math.min(MAX_PER_ROW, Math.ceil(Math.sqrt(assets.length * 1.6))));
  const widest = Math.min(perRow, Math.max(1, ...byRank.map((r) => r.length)));
  const fullWidth = widest * (NODE_WIDTH + GAP_X) - GAP_X;
  const placed = new Map<string, Placed>();
  let y = 0;
  for (let r = maxRank; r >= 0; r--) {
    const row = byRank[r] ?? [];
    const lines = Math.max(1, Math.ceil(row.length / perRow));
    for (let line = 0; line < lines; line++) {
      const part = row.slice(line * perRow, (line + 1) * perRow);
      const width = part.length * (NODE_WIDTH + GAP_X) - GAP_X;
      const left = (fullWidth - width) / 2;
      part.forEach((a, i) => {
        // Wrapped lines are nudged sideways so edges from the line above stay visible.
        const nudge = line % 2 === 1 ? (NODE_WIDTH + GAP_X) / 2 : 0;
        placed.set(a.id, { id: a.id, x: left + i * (NODE_WIDTH + GAP_X) + nudge, y, rank: r });
      });
      y += line < lines - 1 ? NODE_HEIGHT + WRAP_GAP : 0;
    }
    y += NODE_HEIGHT + RANK_GAP;
  }
  return placed;
}
