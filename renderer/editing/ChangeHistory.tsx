/** Who changed a record and when, newest first (container: loads and refreshes on data:changed). */
import { useEffect, useState } from 'react';
import type { ApiError } from '../../shared/api/result';
import type { ChangeEntry } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { useDelayedFlag, useNow } from '../ui/hooks';
import './editing.css';

type State =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly entries: readonly ChangeEntry[] }
  | { readonly status: 'failed'; readonly error: ApiError };

/** "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago", then months. */
export function relativeTime(at: string, now: Date): string {
  const then = Date.parse(at);
  if (Number.isNaN(then)) return at;
  const minutes = Math.round((now.getTime() - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  const months = Math.round(days / 30.4);
  if (months < 24) return `${months} months ago`;
  return `${Math.round(days / 365)} years ago`;
}

const absolute = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function absoluteTime(at: string): string {
  const then = Date.parse(at);
  return Number.isNaN(then) ? at : absolute.format(new Date(then));
}

const ACTION_LABELS: Readonly<Record<ChangeEntry['action'], string>> = {
  create: 'Created',
  update: 'Edited',
  delete: 'Deleted',
};

export function ChangeHistory({ entityId }: { entityId: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const now = useNow(60_000);
  const slow = useDelayedFlag(state.status === 'loading');

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads is the refresh trigger
  useEffect(() => {
    let live = true;
    void api.call('catalog:history', { entityId, limit: 200 }).then((result) => {
      if (!live) return;
      setState(
        result.ok
          ? { status: 'ready', entries: result.value.entries }
          : { status: 'failed', error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [entityId, reloads]);

  useEffect(
    () =>
      api.on('data:changed', ({ domains }) => {
        if (domains.includes('catalog') || domains.includes('customers')) setReloads((n) => n + 1);
      }),
    [],
  );

  if (state.status === 'loading') {
    return slow ? <p className="history__note muted">Loading history…</p> : null;
  }
  if (state.status === 'failed') {
    return (
      <p className="history__note danger" role="alert">
        The history could not be loaded: {state.error.message}{' '}
        <button type="button" className="link-button" onClick={() => setReloads((n) => n + 1)}>
          Retry
        </button>
      </p>
    );
  }
  // Newest first whatever order arrives: the list is read from the top.
  const entries = [...state.entries].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) return <p className="history__note muted">No edits recorded yet.</p>;
  return (
    <ol className="history" aria-label="Change history" data-testid="change-history">
      {entries.map((e) => (
        <li key={e.id} className={`history__entry history__entry--${e.action}`}>
          <span className="history__dot" aria-hidden="true" />
          <div className="history__line">
            <span className="history__who">{e.author}</span>
            <span className="history__sep" aria-hidden="true">
              ·
            </span>
            <time className="history__when" dateTime={e.at} title={absoluteTime(e.at)}>
              {relativeTime(e.at, now)} <span className="muted">({absoluteTime(e.at)})</span>
            </time>
            <span className="history__sep" aria-hidden="true">
              ·
            </span>
            <span className="history__action">{ACTION_LABELS[e.action]}</span>
          </div>
          <p className="history__summary">{e.summary}</p>
        </li>
      ))}
    </ol>
  );
}
