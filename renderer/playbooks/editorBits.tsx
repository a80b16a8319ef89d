/** Page-level editor pieces (the catalog editors are modals; playbooks need the whole screen). */
import { type ReactNode, useEffect, useRef } from 'react';
import { adviseOn } from '../app/errors';
import type { Editor, Problem } from '../editing/EditorShell';
import type { Issues } from '../editing/form';
import { humanMessage } from '../editing/form';
import { MOD_KEY } from '../ui/hooks';
import { Icon } from '../ui/icons';

/** The problem banner of a page editor: what happened, what to do; the edits stay in the form. */
export function ProblemBanner({
  problem,
  what,
  onReload,
}: {
  readonly problem: Problem;
  readonly what: string;
  readonly onReload: () => void;
}) {
  switch (problem.kind) {
    case 'conflict':
      return (
        <div className="form-banner form-banner--warn" role="alert" data-testid="conflict">
          <Icon name="warning" size={18} />
          <div>
            <p className="form-banner__title">Someone else changed {what} while you were editing.</p>
            <p className="form-banner__detail">{problem.message}</p>
            <p>
              Nothing was saved and your changes are still in the form. Reload their version to see what
              changed, then make your edit again.
            </p>
            <div className="form-banner__actions">
              <button type="button" className="button" onClick={onReload}>
                Reload their version
              </button>
            </div>
          </div>
        </div>
      );
    case 'gone':
      return (
        <div className="form-banner form-banner--error" role="alert">
          <Icon name="warning" size={18} />
          <div>
            <p className="form-banner__title">This no longer exists.</p>
            <p className="form-banner__detail">{problem.message}</p>
            <p>It was probably deleted elsewhere or by an import. Nothing was saved.</p>
          </div>
        </div>
      );
    case 'refused':
      return (
        <div className="form-banner form-banner--error" role="alert" data-testid="refused">
          <Icon name="warning" size={18} />
          <div>
            <p className="form-banner__title">Not saved: the values were refused.</p>
            <p className="form-banner__detail">{problem.message}</p>
          </div>
        </div>
      );
    case 'failed': {
      const advice = adviseOn(problem.error, `save ${what}`);
      return (
        <div className="form-banner form-banner--error" role="alert">
          <Icon name="warning" size={18} />
          <div>
            <p className="form-banner__title">{advice.title}</p>
            <p className="form-banner__detail">{advice.detail}</p>
            <p>{advice.hint} Your changes are still in the form.</p>
          </div>
        </div>
      );
    }
    default:
      return null;
  }
}

/** Every issue in words, with where it is, so none hides in a collapsed or scrolled-away part. */
export function IssueSummary({
  issues,
  where,
}: {
  readonly issues: Issues;
  readonly where: (path: string) => string;
}) {
  if (issues.length === 0) return null;
  return (
    <div className="form-summary pb-issues" role="status" data-testid="issues">
      <p>
        {issues.length === 1
          ? 'One value needs fixing before this can be saved:'
          : `${issues.length} values need fixing before this can be saved:`}
      </p>
      <ul>
        {issues.map((i) => (
          <li key={`${i.path}:${i.message}`}>
            <strong>{where(i.path)}</strong> {humanMessage(i.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Moves focus to the first invalid field once the errors are painted. */
export function useFocusFirstInvalid(issues: Issues, root: string): void {
  useEffect(() => {
    if (issues.length === 0) return;
    requestAnimationFrame(() => {
      document.querySelector<HTMLElement>(`${root} [aria-invalid="true"]`)?.focus();
    });
  }, [issues, root]);
}

/** Ctrl/Cmd+Enter saves from anywhere on the page (a dialog on top keeps its keys to itself). */
export function useSaveKey(save: () => void): void {
  const ref = useRef(save);
  ref.current = save;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        ref.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The save bar at the foot of a page editor. */
export function SaveBar<D>({
  editor,
  label = 'Save',
  onSave,
  onCancel,
  extra,
}: {
  readonly editor: Editor<D>;
  readonly label?: string;
  readonly onSave: () => void;
  readonly onCancel: () => void;
  readonly extra?: ReactNode;
}) {
  return (
    <footer className="pb-savebar">
      {extra}
      <span className="modal__foot-spacer" />
      <span className="modal__foot-hint">
        {editor.dirty ? 'Unsaved changes' : 'No changes yet'} · <kbd className="kbd">Esc</kbd> cancel
      </span>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button
        type="button"
        className="button button--primary"
        onClick={onSave}
        disabled={editor.saving}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        data-testid="save"
      >
        {editor.saving ? 'Saving…' : label}
        <kbd className="kbd kbd--on-primary">{MOD_KEY} ↵</kbd>
      </button>
    </footer>
  );
}
