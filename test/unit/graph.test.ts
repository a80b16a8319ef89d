import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blastRadius,
  type Edge,
  type Graph,
  pathTo,
  type Reached,
  reachable,
  restoreOrder,
} from '../../shared/catalog/graph';

const e = (from: string, to: string): Edge => ({ from, to });

/** A random graph on n0…n(k-1); `acyclic` keeps only edges from a higher to a lower number. */
function graphArb(opts: { acyclic: boolean; maxNodes?: number }): fc.Arbitrary<Graph> {
  return fc.integer({ min: 1, max: opts.maxNodes ?? 30 }).chain((n) =>
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }).map((pairs) => ({
      nodes: Array.from({ length: n }, (_, i) => `n${String(i).padStart(2, '0')}`),
      edges: pairs
        .filter(([a, b]) => !opts.acyclic || a > b)
        .map(([a, b]) => e(`n${String(a).padStart(2, '0')}`, `n${String(b).padStart(2, '0')}`)),
    })),
  );
}

/** Each reached node with its full path from the source. */
function withPaths(reached: readonly Reached[]): Array<{ id: string; depth: number; path: string[] }> {
  const byId = new Map(reached.map((r) => [r.id, r]));
  return reached.map((r) => ({ id: r.id, depth: r.depth, path: pathTo(byId, r.id) }));
}

/** Nodes with a path (of length ≥ 0) to `target`, by brute force. */
function canReach(graph: Graph, target: string): Set<string> {
  const result = new Set([target]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const { from, to } of graph.edges)
      if (result.has(to) && !result.has(from) && graph.nodes.includes(from)) {
        result.add(from);
        grew = true;
      }
  }
  return result;
}

describe('restore order', () => {
  it('puts what is needed first, in waves: host, then cluster, then VM, then service', () => {
    const plan = restoreOrder({
      nodes: ['svc', 'vm', 'cluster', 'host', 'db', 'app'],
      edges: [e('svc', 'vm'), e('vm', 'cluster'), e('cluster', 'host'), e('app', 'db'), e('db', 'vm')],
    });
    expect(plan.waves).toEqual([['host'], ['cluster'], ['vm'], ['db', 'svc'], ['app']]);
    expect(plan.after.get('app')).toEqual(['db']);
    expect(plan.after.get('host')).toEqual([]);
    expect(plan.cycles).toEqual([]);
  });

  it('reports a 3-node cycle along its edges, leaves it out of the waves and places what needs it after', () => {
    const plan = restoreOrder({
      nodes: ['a', 'b', 'c', 'base', 'top', 'free'],
      edges: [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('a', 'base'), e('top', 'c')],
    });
    expect(plan.cycles).toEqual([['a', 'b', 'c']]);
    // base is wave 1; the cycle would stand at level 2; top after it; the empty level is dropped.
    expect(plan.waves).toEqual([['base', 'free'], ['top']]);
    expect(plan.after.get('top')).toEqual(['c']);
  });

  it('reports a node that needs itself as a cycle', () => {
    const plan = restoreOrder({ nodes: ['x', 'y'], edges: [e('x', 'x'), e('y', 'x')] });
    expect(plan.cycles).toEqual([['x']]);
    expect(plan.waves).toEqual([['y']]);
  });

  it('orders a wave by the given comparison and ignores duplicate and outside edges', () => {
    const byLength = (a: string, b: string) => a.length - b.length || a.localeCompare(b);
    const plan = restoreOrder(
      { nodes: ['ccc', 'a', 'bb'], edges: [e('a', 'bb'), e('a', 'bb'), e('a', 'elsewhere')] },
      byLength,
    );
    expect(plan.waves).toEqual([['bb', 'ccc'], ['a']]);
    expect(plan.after.get('a')).toEqual(['bb']);
  });

  it('handles a 50,000-node chain without running out of stack', () => {
    const n = 50_000;
    const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges = nodes.slice(1).map((id, i) => e(id, `n${i}`));
    const plan = restoreOrder({ nodes, edges: [...edges, e('n0', `n${n - 1}`)] });
    expect(plan.cycles).toHaveLength(1);
    expect(plan.cycles[0]).toHaveLength(n);
    const acyclic = restoreOrder({ nodes, edges });
    expect(acyclic.waves).toHaveLength(n);
    expect(blastRadius({ nodes, edges }, ['n0'])).toHaveLength(n);
  });

  it('property: every node appears exactly once, in a wave or in a cycle', () => {
    fc.assert(
      fc.property(graphArb({ acyclic: false }), (g) => {
        const plan = restoreOrder(g);
        const seen = [...plan.waves.flat(), ...plan.cycles.flat()].sort();
        expect(seen).toEqual([...g.nodes].sort());
        expect(plan.waves.every((w) => w.length > 0)).toBe(true);
      }),
    );
  });

  it('property: every edge between waved nodes goes from a later wave to an earlier one', () => {
    fc.assert(
      fc.property(graphArb({ acyclic: false }), (g) => {
        const plan = restoreOrder(g);
        const wave = new Map(plan.waves.flatMap((w, i) => w.map((id) => [id, i] as const)));
        for (const { from, to } of g.edges) {
          const wf = wave.get(from);
          const wt = wave.get(to);
          if (wf !== undefined && wt !== undefined) expect(wf).toBeGreaterThan(wt);
        }
        // Wave k+1 exists because something in it needs something in wave k (or a cycle).
        for (const [i, w] of plan.waves.entries())
          if (i > 0) for (const id of w) expect(plan.after.get(id)?.length).toBeGreaterThan(0);
      }),
    );
  });

  it('property: an acyclic graph never reports cycles; a back edge makes one that is reported', () => {
    fc.assert(
      fc.property(graphArb({ acyclic: true }), fc.nat(), (g, pick) => {
        const plan = restoreOrder(g);
        expect(plan.cycles).toEqual([]);
        if (g.edges.length === 0) return;
        const edge = g.edges[pick % g.edges.length] as Edge;
        const withBack = restoreOrder({ ...g, edges: [...g.edges, e(edge.to, edge.from)] });
        expect(withBack.cycles.some((c) => c.includes(edge.from) && c.includes(edge.to))).toBe(true);
      }),
    );
  });

  it('property: each reported cycle really is one (its members reach each other)', () => {
    fc.assert(
      fc.property(graphArb({ acyclic: false, maxNodes: 15 }), (g) => {
        for (const cycle of restoreOrder(g).cycles) {
          const [first] = cycle;
          if (first === undefined) throw new Error('empty cycle');
          const reachFirst = canReach(g, first);
          for (const id of cycle) expect(reachFirst.has(id)).toBe(true);
          if (cycle.length === 1) expect(g.edges.some((x) => x.from === first && x.to === first)).toBe(true);
        }
      }),
    );
  });

  it('property: the same graph with nodes and edges shuffled gives the same plan', () => {
    fc.assert(
      fc.property(
        graphArb({ acyclic: false }).chain((g) =>
          fc.tuple(fc.constant(g), fc.shuffledSubarray([...g.nodes], { minLength: g.nodes.length })),
        ),
        ([g, shuffledNodes]) => {
          const a = restoreOrder(g);
          const b = restoreOrder({ nodes: shuffledNodes, edges: [...g.edges].reverse() });
          expect(b.waves).toEqual(a.waves);
          expect(b.cycles).toEqual(a.cycles);
          expect([...b.after.entries()].sort()).toEqual([...a.after.entries()].sort());
        },
      ),
    );
  });
});

describe('blast radius', () => {
  it('reaches everything that needs the failed node, with the shortest path back to it', () => {
    const g: Graph = {
      nodes: ['host', 'cluster', 'vmA', 'vmB', 'app', 'db', 'other'],
      edges: [
        e('cluster', 'host'),
        e('vmA', 'cluster'),
        e('vmB', 'cluster'),
        e('db', 'vmB'),
        e('app', 'db'),
        e('app', 'vmA'),
        e('other', 'vmA'),
      ],
    };
    const r = withPaths(blastRadius(g, ['cluster']));
    expect(r.map((x) => [x.id, x.depth, x.path.join('>')])).toEqual([
      ['cluster', 0, 'cluster'],
      ['vmA', 1, 'cluster>vmA'],
      ['vmB', 1, 'cluster>vmB'],
      ['app', 2, 'cluster>vmA>app'],
      ['other', 2, 'cluster>vmA>other'],
      ['db', 2, 'cluster>vmB>db'],
    ]);
    expect(reachable(g, ['app']).map((x) => x.id)).toEqual(['app', 'db', 'vmA', 'vmB', 'cluster', 'host']);
  });

  it('terminates on cycles and ignores sources outside the graph', () => {
    const r = blastRadius({ nodes: ['a', 'b', 'c'], edges: [e('a', 'b'), e('b', 'a'), e('c', 'a')] }, [
      'a',
      'zzz',
    ]);
    expect(r.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('property: contains exactly the nodes with a path to the failed node, at shortest depth, along real edges', () => {
    fc.assert(
      fc.property(graphArb({ acyclic: false }), fc.nat(), (g, pick) => {
        const source = g.nodes[pick % g.nodes.length] as string;
        const r = withPaths(blastRadius(g, [source]));
        expect(new Set(r.map((x) => x.id))).toEqual(canReach(g, source));
        expect(r.filter((x) => x.depth === 0).map((x) => x.id)).toEqual([source]);
        const depth = new Map(r.map((x) => [x.id, x.depth]));
        const edgeSet = new Set(g.edges.map((x) => `${x.from}|${x.to}`));
        for (const x of r) {
          expect(x.path).toHaveLength(x.depth + 1);
          expect(x.path[0]).toBe(source);
          expect(x.path[x.path.length - 1]).toBe(x.id);
          for (let i = 1; i < x.path.length; i++)
            expect(edgeSet.has(`${x.path[i]}|${x.path[i - 1]}`)).toBe(true);
        }
        // Shortest: no edge lets anything be reached in fewer steps.
        for (const { from, to } of g.edges) {
          const dt = depth.get(to);
          const df = depth.get(from);
          if (dt !== undefined && df !== undefined && from !== to) expect(df).toBeLessThanOrEqual(dt + 1);
        }
      }),
    );
  });

  it('property: deterministic whatever the order of nodes and edges', () => {
    fc.assert(
      fc.property(graphArb({ acyclic: false }), fc.nat(), (g, pick) => {
        const source = g.nodes[pick % g.nodes.length] as string;
        const a = blastRadius(g, [source]);
        const b = blastRadius({ nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() }, [source]);
        expect(b).toEqual(a);
      }),
    );
  });
});
