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
import { useListboxKeys } from '../ui/listbox';
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
  const [active, setActive] = useState(0);
  const startStatus = useActionStatus('start-playbook');

  // Ranked for the asset it will run on ("Run it on", the host the alert names by default).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-rank when the log grows (eventCount)
  useEffect(() => {
    if (!expanded) return;
    let live = true;
    const input = assetId ? { incidentId, limit: 5, assetId } : { incidentId, limit: 5 };
    void api.call('incident:suggest', input).then((result) => {
      if (!live) return;
      if (result.ok) {
        setSuggestions(result.value.suggestions);
        setActive(0);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [incidentId, expanded, eventCount, assetId]);

  useEffect(() => {
    if (!hasRuns) setExpanded(true);
  }, [hasRuns]);

  const canStart = !disabled && startStatus?.state !== 'saving';
  const listKeys = useListboxKeys({
    count: suggestions?.length ?? 0,
    active,
    onActive: setActive,
    onEnter: (index) => {
      const pick = suggestions?.[index];
      if (!pick || !canStart) return false;
      void start(pick.playbookId);
      return true;
    },
  });

  // With nothing running yet, the list has the keys: ↑ ↓ move, Enter starts the highlighted
  // suggestion, 1…5 start the one with that number.
  useEffect(() => {
    if (hasRuns || !suggestions || disabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      // A focused button or link keeps its own Enter.
      if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('a, button'))
        return;
      if (/^[1-5]$/.test(event.key)) {
        const pick = suggestions[Number(event.key) - 1];
        if (!pick) return;
        event.preventDefault();
        void start(pick.playbookId);
        return;
      }
      listKeys(event);
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
          <select
            className="input select"
            value={assetId}
            aria-label="Run it on"
            onChange={(e) => setAssetId(e.target.value)}
          >
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
        <div
          className="inc-suggest__list"
          role="listbox"
          tabIndex={0}
          aria-label="Suggested playbooks"
          aria-activedescendant={suggestions[active] ? `sugg-${suggestions[active].playbookId}` : undefined}
        >
          {suggestions.map((s, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the list's keys (↑ ↓ Enter, 1…5) are the keyboard path
            <div
              key={s.playbookId}
              id={`sugg-${s.playbookId}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={`inc-sugg${i === 0 ? ' inc-sugg--top' : ''}${i === active ? ' inc-sugg--active' : ''}`}
              data-testid="suggestion"
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => setActive(i)}
            >
              <kbd className="inc-sugg__n" title={hasRuns ? undefined : `Press ${i + 1} to start`}>
                {i + 1}
              </kbd>
              <div className="inc-sugg__main">
                <span className="inc-sugg__title" data-testid="suggestion-title">
                  {s.title}
                  {i === 0 && <span className="inc-sugg__best">best fit</span>}
                </span>
                <span className="inc-sugg__reason">{s.reason}</span>
              </div>
              <button
                type="button"
                className={`button${i === 0 ? ' button--primary' : ''}`}
                disabled={!canStart}
                tabIndex={-1}
                onClick={() => void start(s.playbookId)}
              >
                <Icon name="arrow" size={13} /> Start
                {i === active && !hasRuns && <kbd className="kbd">Enter</kbd>}
              </button>
            </div>
          ))}
        </div>
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
