/** A restore order as waves (presentational): wave 1 comes back first, each wave in parallel. */
import { useState } from 'react';
import type { RestoreOrder } from '../../shared/catalog/schemas';
import { AssetLink } from './assetBits';
import { layerRank } from './assetKinds';
import { Icon } from './icons';
import './waves.css';

const WAVE_PREVIEW = 24;

type Step = RestoreOrder['steps'][number];

export function RestoreWaves({
  order,
  ownerId,
  nameOf,
  emptyText,
}: {
  readonly order: RestoreOrder;
  /** Assets of other accounts than this one are marked as shared platform. */
  readonly ownerId: string | null;
  readonly nameOf: (id: string) => string;
  readonly emptyText: string;
}) {
  const waves = new Map<number, Step[]>();
  for (const step of order.steps) {
    const list = waves.get(step.wave) ?? [];
    list.push(step);
    waves.set(step.wave, list);
  }
  const numbers = [...waves.keys()].sort((a, b) => a - b);
  const byName = new Map(order.steps.map((s) => [s.asset.id, s.asset.name]));
  const label = (id: string) => byName.get(id) ?? nameOf(id);

  return (
    <div className="waves" data-testid="restore-order">
      {order.cycles.length > 0 && (
        <div className="banner banner--warn waves__cycles" role="status">
          <Icon name="warning" size={16} />
          <div>
            <strong>
              {order.cycles.length === 1 ? '1 dependency loop' : `${order.cycles.length} dependency loops`}:
              no safe order exists for these.
            </strong>{' '}
            Bring them back together and check each by hand.
            <ul className="waves__cycle-list">
              {order.cycles.map((cycle) => (
                <li key={cycle.join('>')} className="mono">
                  {[...cycle, cycle[0] ?? ''].map(label).join(' → ')}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {numbers.length === 0 && order.cycles.length === 0 && <p className="muted">{emptyText}</p>}
      {numbers.length > 0 && (
        <ol className="waves__list">
          {numbers.map((n, i) => (
            <Wave
              key={n}
              wave={n}
              steps={waves.get(n) ?? []}
              first={i === 0}
              last={i === numbers.length - 1}
              ownerId={ownerId}
              label={label}
            />
          ))}
        </ol>
      )}
    </div>
  );
}

function Wave({
  wave,
  steps,
  first,
  last,
  ownerId,
  label,
}: {
  readonly wave: number;
  readonly steps: readonly Step[];
  readonly first: boolean;
  readonly last: boolean;
  readonly ownerId: string | null;
  readonly label: (id: string) => string;
}) {
  const [all, setAll] = useState(false);
  const sorted = [...steps].sort(
    (a, b) => layerRank(b.asset.kind) - layerRank(a.asset.kind) || a.asset.name.localeCompare(b.asset.name),
  );
  const shown = all ? sorted : sorted.slice(0, WAVE_PREVIEW);
  const hint = first ? 'bring these back first' : last ? 'last: once everything below is back' : 'then';
  return (
    <li className={`wave${first ? ' wave--first' : ''}`}>
      <div className="wave__head">
        <span className="wave__n">Wave {wave}</span>
        <span className="wave__hint">{hint}</span>
        <span className="wave__count num">
          {steps.length} {steps.length === 1 ? 'asset' : 'assets'}
        </span>
      </div>
      <ul className="wave__items">
        {shown.map((s) => (
          <li
            key={s.asset.id}
            title={s.after.length ? `After ${s.after.map(label).join(', ')}` : 'Needs nothing else here'}
          >
            <AssetLink
              id={s.asset.id}
              name={s.asset.name}
              kind={s.asset.kind}
              sharedCode={ownerId && s.asset.customer.id !== ownerId ? s.asset.customer.code : null}
            />
          </li>
        ))}
        {sorted.length > WAVE_PREVIEW && (
          <li>
            <button type="button" className="link-button more-button" onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `+${sorted.length - WAVE_PREVIEW} more`}
            </button>
          </li>
        )}
      </ul>
    </li>
  );
}
