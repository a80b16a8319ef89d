/**
 * Conflicts kept for a person (container over the sync store): when this console and a
 * colleague changed the same record before syncing, both versions wait here side by side,
 * the differing fields marked, until someone keeps one. Nothing is overwritten silently.
 */
import { type ReactNode, useEffect, useState } from 'react';
import type { SyncConflict } from '../../shared/sync/model';
import { adviseOn } from '../app/errors';
import { routeHref } from '../app/router';
import { ErrorPanel } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { useSync } from './store';
import { absolute, ago } from './time';
import { plural } from './words';

const RESOLVED_SHOWN = 10;

/** Column names as a person reads them: `restore_target_sev1` → "restore target sev1". */
function fieldLabel(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function valueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function Value({ value }: { readonly value: unknown }): ReactNode {
  const text = valueText(value);
  return text === null ? <span className="sync-diff__empty">empty</span> : text;
}

function VersionsTable({ conflict, all }: { readonly conflict: SyncConflict; readonly all: boolean }) {
  const { mine, theirs, fields } = conflict;
  const differing = new Set(fields);
  const keys = all
    ? [...new Set([...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {})])]
    : fields.length > 0
      ? fields
      : [...new Set([...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {})])];
  return (
    <div className="sync-diff-wrap">
      <table className="sync-diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">
              Mine <span className="sync-diff__who">this console</span>
            </th>
            <th scope="col">
              Theirs{' '}
              <span className="sync-diff__who">
                central{conflict.theirsBy ? ` · ${conflict.theirsBy}` : ''}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {mine === null || theirs === null ? (
            <tr className="sync-diff__row--changed" data-testid="changed-field">
              <th scope="row">record</th>
              <td>{mine === null ? <strong>Deleted on this console</strong> : 'Kept on this console'}</td>
              <td>{theirs === null ? <strong>Deleted on central</strong> : 'Kept on central'}</td>
            </tr>
          ) : null}
          {keys.map((key) => (
            <tr
              key={key}
              className={differing.has(key) ? 'sync-diff__row--changed' : undefined}
              data-testid={differing.has(key) ? 'changed-field' : undefined}
            >
              <th scope="row" title={key}>
                {fieldLabel(key)}
              </th>
              <td>
                {mine === null ? (
                  <span className="sync-diff__empty">deleted</span>
                ) : (
                  <Value value={mine[key]} />
                )}
              </td>
              <td>
                {theirs === null ? (
                  <span className="sync-diff__empty">deleted</span>
                ) : (
                  <Value value={theirs[key]} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConflictCard({ conflict }: { readonly conflict: SyncConflict }) {
  const resolving = useSync((s) => s.resolving.has(conflict.id));
  const error = useSync((s) => s.resolveErrors[conflict.id] ?? null);
  const [all, setAll] = useState(false);
  const resolved = conflict.resolvedAt !== null;
  const [open, setOpen] = useState(!resolved);
  const now = Date.now();
  const total = new Set([...Object.keys(conflict.mine ?? {}), ...Object.keys(conflict.theirs ?? {})]).size;
  const resolve = (keep: 'mine' | 'theirs') => void useSync.getState().resolve(conflict.id, keep);
  const advice = error ? adviseOn(error, 'resolve this conflict') : null;

  return (
    <article
      className={`sync-conflict${resolved ? ' sync-conflict--resolved' : ''}`}
      aria-label={`Conflict: ${conflict.label}`}
      data-testid="sync-conflict"
    >
      <header className="sync-conflict__head">
        <div className="sync-conflict__what">
          <h3 className="sync-conflict__label">
            {!resolved && <Icon name="warning" size={15} />}
            {conflict.label}
            <span className="sync-conflict__entity">{conflict.entity}</span>
          </h3>
          <p className="sync-conflict__reason">{conflict.reason}</p>
          <p className="sync-conflict__meta">
            Central's version {conflict.theirsBy ? `by ${conflict.theirsBy}` : '(author unknown)'}
            {conflict.theirsAt
              ? `, changed ${ago(conflict.theirsAt, now)} (${absolute(conflict.theirsAt)})`
              : ''}{' '}
            · found {ago(conflict.detectedAt, now)}
            {conflict.customerId && (
              <>
                {' '}
                ·{' '}
                <a href={routeHref({ screen: 'customers', customerId: conflict.customerId })}>
                  open customer
                </a>
              </>
            )}
          </p>
        </div>
        <div className="sync-conflict__actions">
          {resolved ? (
            <p className="sync-conflict__resolution" data-testid="sync-conflict-resolution">
              <span>
                <strong>
                  <Icon name="check" size={14} />{' '}
                  {conflict.resolution === 'mine' ? "Kept this console's version" : "Took central's version"}
                </strong>
                <span className="sync-conflict__resolved-by">
                  {conflict.resolvedBy ? `by ${conflict.resolvedBy} · ` : ''}
                  {conflict.resolvedAt
                    ? `${ago(conflict.resolvedAt, now)} (${absolute(conflict.resolvedAt)})`
                    : ''}
                </span>
              </span>
            </p>
          ) : (
            <>
              <button
                type="button"
                className="button button--primary"
                disabled={resolving}
                onClick={() => resolve('mine')}
                title="Keep this console's version: it is pushed over central's"
              >
                Keep mine
              </button>
              <button
                type="button"
                className="button"
                disabled={resolving}
                onClick={() => resolve('theirs')}
                title="Take central's version: it replaces the local copy"
              >
                Take theirs
              </button>
            </>
          )}
        </div>
      </header>
      {advice && error && (
        <div className="form-banner form-banner--error" role="alert">
          <Icon name="warning" size={16} />
          <div>
            <span className="form-banner__title">{advice.title}</span>
            <span className="form-banner__detail">{error.message}</span>
            <span>{advice.hint}</span>
          </div>
        </div>
      )}
      {open && <VersionsTable conflict={conflict} all={all} />}
      <div className="sync-conflict__foot">
        {open && total > conflict.fields.length && (
          <button type="button" className="link-button" aria-pressed={all} onClick={() => setAll(!all)}>
            {all
              ? `Show only the ${plural(conflict.fields.length, 'field')} that differ`
              : `Show all ${total} fields`}
          </button>
        )}
        {resolved && (
          <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide both versions' : 'Show both versions'}
          </button>
        )}
        {resolving && <span className="muted">Resolving…</span>}
      </div>
    </article>
  );
}

export function ConflictList() {
  const { conflicts, conflictsLoad, conflictsError } = useSync();
  const [allResolved, setAllResolved] = useState(false);
  useEffect(() => {
    void useSync.getState().loadConflicts();
  }, []);

  const open = conflicts.filter((c) => c.resolvedAt === null);
  const resolved = conflicts.filter((c) => c.resolvedAt !== null);
  const resolvedShown = allResolved ? resolved : resolved.slice(0, RESOLVED_SHOWN);

  return (
    <section className="sync-section" aria-labelledby="sync-conflicts-title">
      <header className="sync-section__head">
        <h2 id="sync-conflicts-title" className="sync-section__title">
          Conflicts
          {open.length > 0 && <span className="sync-count sync-count--bad">{open.length} to resolve</span>}
        </h2>
        <p className="sync-section__caption">
          Keep mine pushes this console's version over central's; Take theirs replaces the local copy with
          central's.
        </p>
      </header>
      {conflictsLoad === 'failed' && conflictsError ? (
        <ErrorPanel
          error={conflictsError}
          doing="load the conflicts"
          onRetry={() => void useSync.getState().loadConflicts()}
        />
      ) : conflictsLoad !== 'ready' ? (
        <p className="muted">Loading conflicts…</p>
      ) : conflicts.length === 0 || open.length === 0 ? (
        <p className="sync-empty" data-testid="sync-conflicts-empty">
          <Icon name="check" size={15} />
          No conflicts. When you and a colleague change the same record before syncing, both versions are kept
          here for you to choose.
        </p>
      ) : null}
      {open.map((c) => (
        <ConflictCard key={c.id} conflict={c} />
      ))}
      {resolved.length > 0 && (
        <>
          <h3 className="sync-section__sub">Resolved</h3>
          {resolvedShown.map((c) => (
            <ConflictCard key={c.id} conflict={c} />
          ))}
          {resolved.length > RESOLVED_SHOWN && (
            <button type="button" className="link-button" onClick={() => setAllResolved(!allResolved)}>
              {allResolved ? 'Show the latest only' : `Show all ${resolved.length} resolved`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
