/**
 * Pure graph logic behind the restore order and the blast radius. An edge `from → to`
 * means `from` needs `to` (a VM runs on its cluster, an app depends on its database), so
 * `to` must be back first, and a failure of `to` reaches `from`.
 *
 * Everything here is iterative (no recursion): a catalog of 50,000 assets can hold chains
 * far deeper than the JavaScript stack allows.
 */

export interface Edge {
  readonly from: string;
  readonly to: string;
}

export interface Graph {
  readonly nodes: readonly string[];
  /** Edges whose ends are not both in `nodes` are ignored; duplicates count once. */
  readonly edges: readonly Edge[];
}

export type Compare = (a: string, b: string) => number;

const byString: Compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

export interface RestorePlan {
  /** waves[0] is wave 1: everything in one wave can be restored in parallel. */
  readonly waves: readonly (readonly string[])[];
  /** For each node (in waves or in a cycle): its direct needs within the set, in order. */
  readonly after: ReadonlyMap<string, readonly string[]>;
  /**
   * Each cycle (a strongly connected component with more than one node, or a node that
   * needs itself) as its members, walked along its edges from the first member in order.
   * Cycle members are not in the waves.
   */
  readonly cycles: readonly (readonly string[])[];
}

interface Adjacency {
  readonly index: ReadonlyMap<string, number>;
  readonly ids: readonly string[];
  /** needs[i]: the nodes i needs, deduplicated and sorted by the compare order. */
  readonly needs: readonly (readonly number[])[];
  readonly selfLoop: readonly boolean[];
}

function adjacency(graph: Graph, compare: Compare, reverse: boolean): Adjacency {
  const ids = [...new Set(graph.nodes)];
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const sets: Set<number>[] = ids.map(() => new Set<number>());
  const selfLoop = ids.map(() => false);
  for (const e of graph.edges) {
    const f = index.get(reverse ? e.to : e.from);
    const t = index.get(reverse ? e.from : e.to);
    if (f === undefined || t === undefined) continue;
    if (f === t) selfLoop[f] = true;
    else (sets[f] as Set<number>).add(t);
  }
  const needs = sets.map((s) => [...s].sort((a, b) => compare(ids[a] as string, ids[b] as string)));
  return { index, ids, needs, selfLoop };
}

/**
 * Tarjan's strongly connected components, iteratively. Components come out in reverse
 * topological order of the condensation: a component is emitted only after every
 * component it needs, which is the order the waves are built in.
 */
function stronglyConnected(adj: Adjacency): number[][] {
  const n = adj.ids.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const frames: Array<{ node: number; next: number }> = [];
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    frames.push({ node: root, next: 0 });
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: number; next: number };
      const v = frame.node;
      const out = adj.needs[v] as readonly number[];
      if (frame.next < out.length) {
        const w = out[frame.next++] as number;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ node: w, next: 0 });
        } else if (onStack[w]) {
          low[v] = Math.min(low[v] as number, order[w] as number);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node] as number, low[v] as number);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}

/** A cycle's members in an order a person can follow: along its edges where possible. */
function walkCycle(members: readonly number[], adj: Adjacency, compare: Compare): string[] {
  const inCycle = new Set(members);
  const sorted = [...members].sort((a, b) => compare(adj.ids[a] as string, adj.ids[b] as string));
  const seen = new Set<number>();
  const walk: number[] = [];
  let current: number | undefined = sorted[0];
  while (current !== undefined) {
    seen.add(current);
    walk.push(current);
    const next: number | undefined = (adj.needs[current] as readonly number[]).find(
      (w) => inCycle.has(w) && !seen.has(w),
    );
    current = next ?? sorted.find((w) => !seen.has(w));
  }
  return walk.map((i) => adj.ids[i] as string);
}

/**
 * Restore order in waves: wave 1 holds what needs nothing else in the set, wave k what
 * needs only earlier waves. Cycle members cannot be ordered and are reported instead.
 *
 * A node that needs a cycle member (directly or through others) is still placed, after
 * the cycle: the cycle counts as one unit standing where its own needs put it, so the
 * node's wave is later than everything the cycle needs. Its `after` names the cycle
 * member, so the console can say "once the cycle is resolved by hand". Empty waves (where
 * only a cycle stood) are dropped, keeping the numbering 1, 2, 3, … without gaps.
 *
 * Within a wave, and in every list, nodes follow `compare` (default: by id), so the same
 * graph always gives the same plan.
 */
export function restoreOrder(graph: Graph, compare: Compare = byString): RestorePlan {
  const adj = adjacency(graph, compare, false);
  const components = stronglyConnected(adj);
  const level = new Int32Array(adj.ids.length);
  const levelsUsed = new Set<number>();
  const cycleMembers: number[][] = [];
  for (const component of components) {
    const inComponent = component.length > 1 ? new Set(component) : null;
    let lvl = 1;
    for (const v of component)
      for (const w of adj.needs[v] as readonly number[])
        if (!inComponent?.has(w)) lvl = Math.max(lvl, (level[w] as number) + 1);
    for (const v of component) level[v] = lvl;
    const first = component[0] as number;
    if (inComponent || adj.selfLoop[first]) cycleMembers.push(component);
    else levelsUsed.add(lvl);
  }
  const waveOf = new Map([...levelsUsed].sort((a, b) => a - b).map((lvl, i) => [lvl, i] as const));
  const waves: string[][] = Array.from({ length: waveOf.size }, () => []);
  const inCycle = new Set(cycleMembers.flat());
  adj.ids.forEach((id, i) => {
    if (inCycle.has(i)) return;
    (waves[waveOf.get(level[i] as number) as number] as string[]).push(id);
  });
  for (const wave of waves) wave.sort(compare);
  const after = new Map<string, readonly string[]>();
  adj.ids.forEach((id, i) => {
    const needs = (adj.needs[i] as readonly number[]).map((w) => adj.ids[w] as string);
    after.set(id, adj.selfLoop[i] ? [...needs, id].sort(compare) : needs);
  });
  const cycles = cycleMembers
    .map((members) => walkCycle(members, adj, compare))
    .sort((a, b) => compare(a[0] as string, b[0] as string));
  return { waves, after, cycles };
}

export interface Reached {
  readonly id: string;
  /** Number of links between the nearest source and this node; sources have 0. */
  readonly depth: number;
  /** The node it was reached from on a shortest way, null for a source. See `pathTo`. */
  readonly via: string | null;
}

/**
 * Breadth-first reachability from `sources` following edges forward. Each node is
 * reached once, at its shortest depth; sources and each node's neighbours are taken in
 * `compare` order, so among equally short ways the same one is always chosen. Sources not in the
 * graph are ignored. The answer is in visiting order: by depth, nearest first.
 */
export function reachable(graph: Graph, sources: readonly string[], compare: Compare = byString): Reached[] {
  return breadthFirst(adjacency(graph, compare, false), sources, compare);
}

/**
 * The blast radius of a failure: everything that needs a failed node, transitively
 * (reachability over the reversed edges), with the way back to the failure.
 */
export function blastRadius(graph: Graph, failed: readonly string[], compare: Compare = byString): Reached[] {
  return breadthFirst(adjacency(graph, compare, true), failed, compare);
}

/**
 * The ids from the source to `id`, both included. Paths are built on request, not
 * stored per node: on a long chain storing them all would take quadratic memory.
 */
export function pathTo(reached: ReadonlyMap<string, Reached>, id: string): string[] {
  const path: string[] = [];
  let current = reached.get(id);
  while (current) {
    path.push(current.id);
    current = current.via === null ? undefined : reached.get(current.via);
  }
  return path.reverse();
}

function breadthFirst(adj: Adjacency, sources: readonly string[], compare: Compare): Reached[] {
  const parent = new Int32Array(adj.ids.length).fill(-2);
  const depth = new Int32Array(adj.ids.length);
  const queue: number[] = [];
  const starts = [...new Set(sources)].sort(compare);
  for (const id of starts) {
    const i = adj.index.get(id);
    if (i === undefined) continue;
    parent[i] = -1;
    queue.push(i);
  }
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    for (const w of adj.needs[v] as readonly number[]) {
      if (parent[w] !== -2) continue;
      parent[w] = v;
      depth[w] = (depth[v] as number) + 1;
      queue.push(w);
    }
  }
  return queue.map((i) => {
    const p = parent[i] as number;
    return {
      id: adj.ids[i] as string,
      depth: depth[i] as number,
      via: p < 0 ? null : (adj.ids[p] as string),
    };
  });
}
