/**
 * The layer chain of one asset as a vertical stack (presentational): what runs on it at the
 * top, the asset in the middle, what it runs on below, down to the physical host.
 */
import { useState } from 'react';
import type { AssetDetail } from '../../shared/catalog/schemas';
import { AssetLink, KindTag, SharedMark } from '../ui/assetBits';
import { layerRank } from '../ui/assetKinds';
import { Icon } from '../ui/icons';

type Layered = AssetDetail['runsOnChain'][number];

const LEVEL_PREVIEW = 12;

function byDepth(items: readonly Layered[]): Map<number, Layered[]> {
  const levels = new Map<number, Layered[]>();
  for (const item of items) {
    const list = levels.get(item.depth) ?? [];
    list.push(item);
    levels.set(item.depth, list);
  }
  for (const list of levels.values())
    list.sort((a, b) => layerRank(a.kind) - layerRank(b.kind) || a.name.localeCompare(b.name));
  return levels;
}

export function LayerStack({ asset }: { readonly asset: AssetDetail }) {
  const above = byDepth(asset.hosts);
  const below = byDepth(asset.runsOnChain);
  const aboveDepths = [...above.keys()].sort((a, b) => b - a);
  const belowDepths = [...below.keys()].sort((a, b) => a - b);
  return (
    <ol className="stack" data-testid="layer-chain" aria-label="Layer chain, top of the stack first">
      {aboveDepths.length === 0 && (
        <li className="stack__level stack__level--none">
          <span className="stack__label">Runs on this</span>
          <span className="muted">Nothing runs on this asset</span>
        </li>
      )}
      {aboveDepths.map((depth) => (
        <Level
          key={`up${depth}`}
          label={depth === 1 ? 'Runs on this' : 'Above that'}
          items={above.get(depth) ?? []}
          ownerId={asset.customer.id}
          direction="up"
        />
      ))}
      <li className="stack__level stack__level--self" aria-current="true">
        <span className="stack__label">This asset</span>
        <div className="stack__items">
          <span className="stack__self">
            <KindTag kind={asset.kind} />
            <strong>{asset.name}</strong>
            {asset.hostname && <span className="mono muted">{asset.hostname}</span>}
          </span>
        </div>
      </li>
      {belowDepths.map((depth) => (
        <Level
          key={`down${depth}`}
          label={depth === 1 ? 'Runs on' : 'Under that'}
          items={below.get(depth) ?? []}
          ownerId={asset.customer.id}
          direction="down"
        />
      ))}
      {belowDepths.length === 0 && (
        <li className="stack__level stack__level--none">
          <span className="stack__label">Runs on</span>
          <span className="muted">
            Nothing below: this is the bottom layer (or its platform is not recorded)
          </span>
        </li>
      )}
    </ol>
  );
}

function Level({
  label,
  items,
  ownerId,
  direction,
}: {
  readonly label: string;
  readonly items: readonly Layered[];
  readonly ownerId: string;
  readonly direction: 'up' | 'down';
}) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, LEVEL_PREVIEW);
  const shared = items.some((i) => i.customer.id !== ownerId);
  return (
    <li className={`stack__level stack__level--${direction}${shared ? ' stack__level--shared' : ''}`}>
      <span className="stack__label">
        <Icon name="chevron" size={11} />
        {label}
        <span className="stack__count">{items.length}</span>
      </span>
      <ul className="stack__items">
        {shown.map((item) => (
          <li key={item.id} className="stack__item">
            <AssetLink id={item.id} name={item.name} kind={item.kind} />
            {item.customer.id !== ownerId && <SharedMark code={item.customer.code} />}
          </li>
        ))}
        {items.length > LEVEL_PREVIEW && (
          <li>
            <button type="button" className="link-button more-button" onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `+${items.length - LEVEL_PREVIEW} more`}
            </button>
          </li>
        )}
      </ul>
    </li>
  );
}
