/** Page-level editor pieces (the catalog editors are modals; playbooks need the whole screen). */
import { type ReactNode, useEffect, useRef } from 'react';
import { type Editor, ProblemBanner, SaveControls } from '../editing/EditorShell';
import type { Issues } from '../editing/form';
import { humanMessage } from '../editing/form';
import { ErrorPanel, SkeletonLines } from '../ui/feedback';

/** While a page editor loads its record: a skeleton, or what went wrong with a retry. */
export function EditorLoadState<D>({ editor, what }: { readonly editor: Editor<D>; readonly what: string }) {
  if (editor.status === 'loading') return <SkeletonLines rows={10} label={`Loading ${what}`} />;
  if (editor.status === 'failed' && editor.loadError)
    return <ErrorPanel error={editor.loadError} doing={`open ${what}`} onRetry={editor.reload} />;
  return null;
}

/**
 * The form of a page editor, under the save problem (the catalog editors' banner) or, when
 * there is none, every issue in words. Enter never submits it: saving is deliberate.
 */
export function EditorForm<D>({
  editor,
  what,
  where,
  testId,
  children,
}: {
  readonly editor: Editor<D>;
  /** The record in words for the banner: "this playbook". */
  readonly what: string;
  readonly where: (path: string) => string;
  readonly testId: string;
  readonly children: ReactNode;
}) {
  return (
    <>
      {editor.problem && <ProblemBanner problem={editor.problem} what={what} onReload={editor.reload} />}
      {!editor.problem && <IssueSummary issues={editor.issues} where={where} />}
      <form className="form" noValidate onSubmit={(e) => e.preventDefault()} data-testid={testId}>
        {children}
      </form>
    </>
  );
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
      <SaveControls editor={editor} label={label} onSave={onSave} onCancel={onCancel} testId="save" />
    </footer>
  );
}
