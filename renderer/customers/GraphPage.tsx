/**
 * A customer's dependency graph (container): its assets and the shared platform they need,
 * laid out by layer. Click or Enter on a node opens the asset; F fits; Esc goes back.
 */
// Our rules come before React Flow's own stylesheet, as they always have: where both set a
// property on the same element with the same specificity, React Flow's wins.
import './graph.css';
import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  MiniMap,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  type ReactFlowInstance,
} from '@xyflow/react';
import { type KeyboardEvent, memo, useEffect, useMemo, useRef, useState } from 'react';
import type { AssetKind } from '../../shared/catalog/labels';
import type { Topology } from '../../shared/catalog/schemas';
import { navigate, openAsset, routeHref } from '../app/router';
import { markReady, useApp } from '../app/store';
import { KIND_SHORT, kindLabel, layerRank } from '../ui/assetKinds';
import { ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { isTypingTarget } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { TierBadge } from './badges';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './graphLayout';
import { useTopology } from './topologyStores';

interface AssetNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly kind: AssetKind;
  readonly detail: string | null;
  readonly sharedBy: string | null;
  readonly dim: boolean;
}

type AssetNode = Node<AssetNodeData, 'asset'>;

const AssetNodeView = memo(function AssetNodeView({ data }: NodeProps<AssetNode>) {
  return (
    <div
      className={`gnode gnode--${data.kind}${data.sharedBy ? ' gnode--shared' : ''}${data.dim ? ' gnode--dim' : ''}`}
      title={`${kindLabel(data.kind)}: ${data.name}${data.sharedBy ? ` (shared platform, ${data.sharedBy})` : ''}`}
    >
      <Handle type="target" position={Position.Top} className="gnode__handle" isConnectable={false} />
      <span className="gnode__kind">{KIND_SHORT[data.kind]}</span>
      <span className="gnode__text">
        <span className="gnode__name">{data.name}</span>
        <span className="gnode__detail">
          {data.sharedBy ? `shared · ${data.sharedBy}` : (data.detail ?? '')}
        </span>
      </span>
      <Handle type="source" position={Position.Bottom} className="gnode__handle" isConnectable={false} />
    </div>
  );
});

const nodeTypes = { asset: AssetNodeView };

function nodeIdOf(target: EventTarget | null): string | null {
  if (!(target instanceof HTMLElement)) return null;
  return target.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? null;
}

const LEGEND_KINDS: readonly AssetKind[] = [
  'application_service',
  'database',
  'cloud_resource',
  'vm',
  'container_host',
  'cluster',
  'hypervisor_host',
  'storage',
  'firewall',
  'network_device',
  'circuit',
];

export function GraphPage({ customerId }: { readonly customerId: string }) {
  const { value, status, error, key } = useTopology();
  const topology = key === customerId ? value : null;

  useEffect(() => {
    void useTopology.getState().open(customerId);
  }, [customerId]);

  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (event.key === 'Escape' || (event.key === 'ArrowLeft' && event.altKey)) {
        event.preventDefault();
        navigate({ screen: 'customers', customerId, view: 'card' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [customerId]);

  return (
    <section className="screen" aria-label="Dependency graph">
      <nav className="crumbs" aria-label="Breadcrumb">
        <div className="crumbs__path">
          <a className="link-button" href={routeHref({ screen: 'customers', customerId, view: 'card' })}>
            <Icon name="back" size={14} /> {topology ? topology.customer.name : 'Recovery card'}
          </a>
          <span className="crumbs__sep">/</span>
          <span>Dependency graph</span>
        </div>
        <span className="crumbs__hint">
          <Kbd>Esc</Kbd> recovery card
        </span>
      </nav>
      {status === 'failed' && error && (
        <div className="screen__body">
          <ErrorPanel
            error={error}
            doing="load this customer's environment"
            onRetry={() => void useTopology.getState().refresh()}
          />
        </div>
      )}
      {!topology && status !== 'failed' && (
        <div className="screen__body">
          <SkeletonLines rows={8} label="Loading the graph" />
        </div>
      )}
      {topology && <Graph topology={topology} />}
    </section>
  );
}

function Graph({ topology }: { readonly topology: Topology }) {
  const theme = useApp((s) => s.theme);
  const [focus, setFocus] = useState<string | null>(null);
  const flow = useRef<ReactFlowInstance<AssetNode, Edge> | null>(null);

  const base = useMemo(() => {
    const ownerId = topology.customer.id;
    const all = [
      ...topology.assets.map((a) => ({ ...a, sharedBy: null as string | null })),
      ...topology.external.map((a) => ({
        ...a,
        sharedBy: a.customer.id === ownerId ? null : a.customer.code,
      })),
    ];
    const ids = new Set(all.map((a) => a.id));
    const links = topology.links.filter((l) => ids.has(l.fromId) && ids.has(l.toId));
    const placed = layoutGraph(all, links);
    const neighbours = new Map<string, Set<string>>();
    for (const l of links) {
      if (!neighbours.has(l.fromId)) neighbours.set(l.fromId, new Set());
      if (!neighbours.has(l.toId)) neighbours.set(l.toId, new Set());
      neighbours.get(l.fromId)?.add(l.toId);
      neighbours.get(l.toId)?.add(l.fromId);
    }
    return { all, links, placed, neighbours };
  }, [topology]);

  const nodes = useMemo<AssetNode[]>(() => {
    const near = focus ? (base.neighbours.get(focus) ?? new Set<string>()) : null;
    return base.all.map((a) => {
      const p = base.placed.get(a.id);
      return {
        id: a.id,
        type: 'asset',
        position: { x: p?.x ?? 0, y: p?.y ?? 0 },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        draggable: false,
        connectable: false,
        ariaLabel: `${kindLabel(a.kind)} ${a.name}${a.sharedBy ? `, shared platform of ${a.sharedBy}` : ''}`,
        data: {
          name: a.name,
          kind: a.kind,
          detail: a.hostname ?? a.ipAddresses[0] ?? null,
          sharedBy: a.sharedBy,
          dim: near !== null && a.id !== focus && !near.has(a.id),
        },
      };
    });
  }, [base, focus]);

  const edges = useMemo<Edge[]>(
    () =>
      base.links.map((l) => {
        const hot = focus !== null && (l.fromId === focus || l.toId === focus);
        const dim = focus !== null && !hot;
        return {
          id: l.id,
          source: l.fromId,
          target: l.toId,
          type: 'default',
          focusable: false,
          className: `gedge gedge--${l.kind}${hot ? ' gedge--hot' : ''}${dim ? ' gedge--dim' : ''}`,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
          zIndex: hot ? 1 : 0,
        };
      }),
    [base, focus],
  );

  const counts = useMemo(() => {
    const kinds = new Map<AssetKind, number>();
    for (const a of base.all) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    return kinds;
  }, [base]);

  // Enter on a focused node opens its asset page; xyflow would only select it.
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const id = nodeIdOf(event.target);
    if (event.key === 'Enter' && id) {
      event.preventDefault();
      event.stopPropagation();
      openAsset(id);
    } else if ((event.key === 'f' || event.key === 'F') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      void flow.current?.fitView({ padding: 0.08, duration: 200 });
    }
  };

  const big = base.all.length > 80;

  return (
    <div className="graph" data-testid="dependency-graph">
      <header className="graph__head">
        <div>
          <h1 className="screen__title">
            {topology.customer.name} <TierBadge tier={topology.customer.tier} />
          </h1>
          <p className="screen__subtitle">
            {topology.assets.length} assets · {topology.external.length} shared platform · {base.links.length}{' '}
            links · services on top, hosts at the bottom
          </p>
        </div>
        <ul className="legend" aria-label="Legend">
          <li>
            <span className="legend__line legend__line--runs_on" /> runs on
          </li>
          <li>
            <span className="legend__line legend__line--depends_on" /> depends on
          </li>
          <li>
            <span className="legend__swatch legend__swatch--shared" /> shared platform
          </li>
          {LEGEND_KINDS.filter((k) => counts.has(k))
            .sort((a, b) => layerRank(a) - layerRank(b))
            .map((k) => (
              <li key={k}>
                <span className={`legend__swatch gnode--${k}`} /> {KIND_SHORT[k]}{' '}
                <span className="muted">{counts.get(k)}</span>
              </li>
            ))}
        </ul>
      </header>
      <section
        className="graph__canvas"
        aria-label="Dependency graph: Tab moves between assets"
        onKeyDownCapture={onKeyDownCapture}
        onFocus={(event) => setFocus(nodeIdOf(event.target))}
        onBlur={() => setFocus(null)}
      >
        {base.all.length === 0 ? (
          <p className="muted graph__empty">No assets recorded for this customer.</p>
        ) : (
          <ReactFlow<AssetNode, Edge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            colorMode={theme}
            fitView
            fitViewOptions={{ padding: 0.08 }}
            minZoom={0.05}
            maxZoom={1.75}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            onlyRenderVisibleElements={big}
            proOptions={{ hideAttribution: true }}
            onInit={(instance) => {
              flow.current = instance;
            }}
            onNodeClick={(_, node) => openAsset(node.id)}
            onNodeMouseEnter={(_, node) => setFocus(node.id)}
            onNodeMouseLeave={() => setFocus(null)}
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} position="bottom-left" />
            <MiniMap
              className="graph__minimap"
              pannable
              zoomable
              ariaLabel="Overview"
              nodeClassName={(n) => `minimap-node gnode--${String((n.data as AssetNodeData).kind)}`}
            />
          </ReactFlow>
        )}
      </section>
      <footer className="screen__hint">
        <Kbd>Tab</Kbd> through assets · <Kbd>Enter</Kbd> or click opens one · hover or focus highlights its
        links · <Kbd>F</Kbd> fit · scroll to zoom · <Kbd>Esc</Kbd> recovery card
      </footer>
    </div>
  );
}
