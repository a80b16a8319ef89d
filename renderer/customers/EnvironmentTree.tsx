/**
 * The environment as a tree by layer (presentational + local expand state): arrow keys move,
 * → opens a layer, ← closes it or goes up, Enter opens the asset page.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { openAsset, routeHref } from '../app/router';
import { KindTag, SharedMark } from '../ui/assetBits';
import { Icon } from '../ui/icons';
import { useListboxKeys } from '../ui/listbox';
import {
  belowSummary,
  defaultExpanded,
  type EnvironmentBranch,
  type TreeRow,
  visibleRows,
} from './layerTree';
import './card.css';

export function EnvironmentTree({ branches }: { readonly branches: readonly EnvironmentBranch[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => defaultExpanded(branches));
  const rows = useMemo(() => visibleRows(branches, expanded), [branches, expanded]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const active = rows.findIndex((r) => r.key === activeKey);
  const current = active === -1 ? 0 : active;
  const treeRef = useRef<HTMLDivElement>(null);

  // Scroll only when the keys moved the active row, never on arrival or a re-render: scrolling
  // the first row into view on mount scrolled the whole recovery card down past its name, local
  // time and review warning (the tree sits ~260 px below the top).
  const keyMoved = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the active row changes
  useEffect(() => {
    if (!keyMoved.current) return;
    keyMoved.current = false;
    treeRef.current?.querySelector('.tree__row--active')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const toggle = (key: string, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      const want = open ?? !next.has(key);
      if (want) next.add(key);
      else next.delete(key);
      return next;
    });
  };

  const moveTo = (index: number) => {
    const target = rows[index];
    if (!target) return;
    keyMoved.current = index !== current;
    setActiveKey(target.key);
  };
  const listKeys = useListboxKeys({
    count: rows.length,
    active: current,
    ends: true,
    onActive: moveTo,
    onEnter: (index) => {
      const row = rows[index];
      if (!row) return false;
      if (row.node) openAsset(row.node.asset.id);
      else toggle(row.key);
      return true;
    },
  });

  // ↑ ↓ Home End Enter as every list; → and ← open, close and climb the layers.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[current];
    if (!row || listKeys(event)) return;
    switch (event.key) {
      case 'ArrowRight':
        if (row.expandable && !row.expanded) toggle(row.key, true);
        else if (row.expanded) moveTo(current + 1);
        break;
      case 'ArrowLeft':
        if (row.expanded) toggle(row.key, false);
        else if (row.parentKey) {
          keyMoved.current = true;
          setActiveKey(row.parentKey);
        }
        break;
      case ' ':
        if (row.expandable) toggle(row.key);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  if (branches.length === 0) return <p className="muted">No assets recorded for this customer.</p>;

  return (
    <div
      ref={treeRef}
      className="tree"
      role="tree"
      aria-label="Environment by layer"
      tabIndex={0}
      data-testid="environment-tree"
      aria-activedescendant={rows[current] ? treeId(rows[current]) : undefined}
      onKeyDown={onKeyDown}
    >
      {rows.map((row, index) => (
        <Row
          key={row.key}
          row={row}
          active={index === current}
          onToggle={() => toggle(row.key)}
          onPick={() => setActiveKey(row.key)}
        />
      ))}
    </div>
  );
}

function treeId(row: TreeRow): string {
  return `tree-${row.key.replace(/[^a-zA-Z0-9-]/g, '_')}`;
}

function Row({
  row,
  active,
  onToggle,
  onPick,
}: {
  readonly row: TreeRow;
  readonly active: boolean;
  readonly onToggle: () => void;
  readonly onPick: () => void;
}) {
  const toggle = row.expandable ? (
    <button
      type="button"
      tabIndex={-1}
      className={`tree__toggle${row.expanded ? ' tree__toggle--open' : ''}`}
      aria-label={row.expanded ? 'Collapse' : 'Expand'}
      onClick={(e) => {
        e.stopPropagation();
        onPick();
        onToggle();
      }}
    >
      <Icon name="chevron" size={12} />
    </button>
  ) : (
    <span className="tree__toggle tree__toggle--leaf" />
  );
  const className = `tree__row tree__row--l${Math.min(row.level, 8)}${active ? ' tree__row--active' : ''}${
    row.kind === 'environment' ? ' tree__row--env' : ''
  }`;
  // The tree keeps focus and announces the active row; Enter on a row itself does that row's action.
  const item = {
    id: treeId(row),
    'aria-level': row.level,
    'aria-expanded': row.expandable ? row.expanded : undefined,
    'aria-selected': active,
  } as const;
  const onEnter = (action: () => void) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter') {
      e.stopPropagation();
      action();
    }
  };

  if (row.kind === 'environment') {
    return (
      <div
        role="treeitem"
        tabIndex={-1}
        {...item}
        className={className}
        onClick={() => {
          onPick();
          onToggle();
        }}
        onKeyDown={onEnter(onToggle)}
      >
        {toggle}
        <span className="tree__env">{row.branch.name}</span>
        {row.branch.kind && <span className="env-kind">{row.branch.kind}</span>}
        <span className="tree__meta">{row.branch.assetCount} assets</span>
      </div>
    );
  }
  const node = row.node;
  if (!node) return null;
  const { asset } = node;
  return (
    <div
      role="treeitem"
      tabIndex={-1}
      {...item}
      className={`${className}${asset.sharedBy ? ' tree__row--shared' : ''}`}
      onClick={onPick}
      onKeyDown={onEnter(() => openAsset(asset.id))}
    >
      {toggle}
      <KindTag kind={asset.kind} />
      <a className="tree__name" href={routeHref({ screen: 'asset', assetId: asset.id })} tabIndex={-1}>
        {asset.name}
      </a>
      {asset.hostname && asset.hostname !== asset.name && (
        <span className="tree__host mono">{asset.hostname}</span>
      )}
      {asset.sharedBy && <SharedMark code={asset.sharedBy.code} />}
      {!row.expanded && node.children.length > 0 && <span className="tree__below">{belowSummary(node)}</span>}
    </div>
  );
}
