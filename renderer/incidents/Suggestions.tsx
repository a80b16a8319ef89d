/**
 * Which playbook to follow (container): the back end's ranked suggestions with a one-line
 * reason each, and any other playbook by search. Starting one freezes it into the log.
 */
import { useEffect, useState } from 'react';
import type { ApiError } from '../../shared/api/result';
import type { AssetSummary } from '../../shared/catalog/schemas';
import type { PlaybookSuggestion } from '../../shared/incidents/model';
import type { PlaybookSummary } from '../../shared/playbooks/model';
import { api } from '../api/client';
import { adviseOn } from '../app/errors';
import { Kbd } from '../ui/feedback';
import { isTypingTarget } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { ActionNote } from './bits';
import { useActionStatus, useActions } from './store';

export function Suggestions({
  incidentId,
  assets,
  hasRuns,
  eventCount,
  disabled,
}: {
  readonly incidentId: string;
  readonly assets: readonly AssetSummary[];
  readonly hasRuns: boolean;
  /** Re-rank when the log grows (a new symptom, a run started). */
  readonly eventCount: number;
  readonly disabled: boolean;
}) {
  const [suggestions, setSuggestions] = useState<readonly PlaybookSuggestion[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [assetId, setAssetId] = useState<string>(assets[0]?.id ?? '');
  const [expanded, setExpanded] = useState(!hasRuns);
  const [pickAny, setPickAny] = useState(false);
  const startStatus = useActionStatus('start-playbook');

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-rank when the log grows (eventCount)
  useEffect(() => {
    if (!expanded) return;
    let live = true;
    void api.call('incident:suggest', { incidentId, limit: 5 }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setSuggestions(result.value.suggestions);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [incidentId, expanded, eventCount]);

  useEffect(() => {
    if (!hasRuns) setExpanded(true);
  }, [hasRuns]);

  // With nothing running yet, 1…5 start the suggestion with that number.
  useEffect(() => {
    if (hasRuns || !suggestions || disabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || !/^[1-5]$/.test(event.key)) return;
      const pick = suggestions[Number(event.key) - 1];
      if (!pick) return;
      event.preventDefault();
      void start(pick.playbookId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const start = async (playbookId: string) => {
    const ok = await useActions
      .getState()
      .startPlaybook(incidentId, 'start-playbook', playbookId, assetId || undefined);
    if (ok) {
      setExpanded(false);
      setPickAny(false);
    }
  };

  if (!expanded)
    return (
      <div className="inc-another">
        <button type="button" className="link-button" onClick={() => setExpanded(true)} disabled={disabled}>
          <Icon name="plus" size={13} /> Start another playbook
        </button>
        <ActionNote status={startStatus} what="Playbook started" />
      </div>
    );

  return (
    <section className="panel inc-suggest" aria-label="Suggested playbooks" data-testid="suggestions">
      <h2 className="panel__title">
        <Icon name="playbooks" size={14} /> {hasRuns ? 'Start another playbook' : 'Suggested playbooks'}
        <span className="panel__note">
          ranked by fit to the assets and symptoms, then by how well they restored
        </span>
        {hasRuns && (
          <span className="panel__actions">
            <button
              type="button"
              className="icon-button"
              aria-label="Hide"
              onClick={() => setExpanded(false)}
            >
              <Icon name="close" size={13} />
            </button>
          </span>
        )}
      </h2>
      {assets.length > 1 && (
        <label className="inc-suggest__on">
          <span className="muted">Run it on</span>
          <select className="input select" value={assetId} onChange={(e) => setAssetId(e.target.value)}>
            {assets.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.hostname ? ` (${a.hostname})` : ''}
              </option>
            ))}
            <option value="">the whole incident (no single asset)</option>
          </select>
        </label>
      )}
      {error && (
        <p className="inc-failed" role="alert">
          <Icon name="warning" size={12} /> {adviseOn(error, 'rank the playbooks').title}. {error.message}
        </p>
      )}
      {suggestions === null && !error && <p className="muted">Ranking playbooks…</p>}
      {suggestions && suggestions.length === 0 && (
        <p className="muted">No playbook applies to these assets and symptoms. Pick one below.</p>
      )}
      {suggestions && suggestions.length > 0 && (
        <ol className="inc-suggest__list">
          {suggestions.map((s, i) => (
            <li
              key={s.playbookId}
              className={`inc-sugg${i === 0 ? ' inc-sugg--top' : ''}`}
              data-testid="suggestion"
            >
              <kbd className="inc-sugg__n" title={hasRuns ? undefined : `Press ${i + 1} to start`}>
                {i + 1}
              </kbd>
              <div className="inc-sugg__main">
                <span className="inc-sugg__title">
                  {s.title}
                  {i === 0 && <span className="inc-sugg__best">best fit</span>}
                </span>
                <span className="inc-sugg__reason">{s.reason}</span>
              </div>
              <button
                type="button"
                className={`button${i === 0 ? ' button--primary' : ''}`}
                disabled={disabled || startStatus?.state === 'saving'}
                onClick={() => void start(s.playbookId)}
              >
                <Icon name="arrow" size={13} /> Start
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="inc-suggest__foot">
        <ActionNote status={startStatus} what="Playbook started" />
        {!pickAny ? (
          <button type="button" className="link-button" onClick={() => setPickAny(true)}>
            <Icon name="search" size={13} /> Pick any other playbook
          </button>
        ) : (
          <PlaybookSearch
            disabled={disabled || startStatus?.state === 'saving'}
            onStart={(id) => void start(id)}
          />
        )}
      </div>
    </section>
  );
}

function PlaybookSearch({
  disabled,
  onStart,
}: {
  readonly disabled: boolean;
  readonly onStart: (id: string) => void;
}) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<readonly PlaybookSummary[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void api.call('playbook:list', query.trim() ? { query: query.trim() } : {}).then((result) => {
        if (!live) return;
        if (result.ok) {
          setItems(result.value.items.slice(0, 12));
          setError(null);
          setActive(0);
        } else setError(result.error);
      });
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <div className="inc-pbsearch">
      <input
        className="input"
        autoFocus
        value={query}
        placeholder="Search all playbooks by title…"
        aria-label="Search playbooks"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(items.length - 1, i + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const item = items[active];
            if (item && !disabled) onStart(item.id);
          }
        }}
      />
      {error && <p className="inc-failed">{adviseOn(error, 'list the playbooks').title}</p>}
      <ul className="inc-pbsearch__list" aria-label="Playbooks">
        {items.map((p, i) => (
          <li
            key={p.id}
            aria-current={i === active ? 'true' : undefined}
            className={`inc-pbsearch__item${i === active ? ' inc-pbsearch__item--active' : ''}`}
            onMouseMove={() => setActive(i)}
          >
            <span className="inc-pbsearch__title">{p.title}</span>
            <span className="muted">
              {p.stepCount} steps · v{p.currentVersion}
            </span>
            <button type="button" className="button" disabled={disabled} onClick={() => onStart(p.id)}>
              Start
            </button>
          </li>
        ))}
        {items.length === 0 && !error && <li className="muted">No playbook matches “{query}”.</li>}
      </ul>
      <span className="muted">
        <Kbd>↑</Kbd>
        <Kbd>↓</Kbd> <Kbd>Enter</Kbd> starts the highlighted one
      </span>
    </div>
  );
}
