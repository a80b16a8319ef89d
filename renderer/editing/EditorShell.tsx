/**
 * What every editor shares: loading the record, the draft and whether it changed, saving
 * with the version the edit started from, and what to say when that fails. The draft is
 * never thrown away on an error: the engineer's typing survives a refusal or a conflict.
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, Result } from '../../shared/api/result';
import { assertNever } from '../../shared/util/assertNever';
import { adviseOn } from '../app/errors';
import { useApp } from '../app/store';
import { SkeletonLines } from '../ui/feedback';
import { MOD_KEY } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { ConfirmDialog, Modal } from './Dialog';
import { type Issue, type Issues, issuesAt } from './form';

export type Problem =
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'gone'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'failed'; readonly error: ApiError };

/** The draft's text fields: the ones a form field can be bound to by name. */
export type TextKey<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D] & string;

/** What a form field needs to edit one text field of the draft: its value, setter and issues. */
export interface FieldBinding {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly issues: Issues;
}

type Loaded<D> = { readonly draft: D; readonly original: D; readonly version: number | null };

export interface Editor<D> {
  readonly status: 'loading' | 'ready' | 'failed';
  readonly loadError: ApiError | null;
  readonly draft: D | null;
  readonly version: number | null;
  readonly dirty: boolean;
  readonly issues: Issues;
  readonly problem: Problem | null;
  readonly saving: boolean;
  set(patch: Partial<D>): void;
  /** Binds a form field to a text field of the draft (value, onChange, issues). */
  field(name: TextKey<D>): FieldBinding;
  reload(): void;
  save(
    build: (draft: D, localIssues: Issue[]) => (() => Promise<Result<{ id: string }>>) | null,
    done: (id: string) => void,
  ): Promise<void>;
}

/**
 * `load` fetches the record and turns it into a draft (with its version, null when new);
 * it runs on open and again on "Reload their version".
 */
export function useEditor<D>(
  load: () => Promise<Result<{ draft: D; version: number | null }>>,
  what: string,
): Editor<D> {
  const [loaded, setLoaded] = useState<Loaded<D> | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [issues, setIssues] = useState<Issues>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const [loadCount, setLoadCount] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: loadCount is the reload trigger
  useEffect(() => {
    let live = true;
    setStatus('loading');
    void loadRef.current().then((result) => {
      if (!live) return;
      if (result.ok) {
        const { draft, version } = result.value;
        setLoaded({ draft, original: draft, version });
        setStatus('ready');
        setIssues([]);
        setProblem(null);
      } else {
        setLoadError(result.error);
        setStatus('failed');
      }
    });
    return () => {
      live = false;
    };
  }, [loadCount]);

  const set = useCallback((patch: Partial<D>) => {
    setLoaded((current) => (current ? { ...current, draft: { ...current.draft, ...patch } } : current));
  }, []);

  const dirty = loaded !== null && JSON.stringify(loaded.draft) !== JSON.stringify(loaded.original);

  const save: Editor<D>['save'] = async (build, done) => {
    if (!loaded || saving) return;
    const local: Issue[] = [];
    const call = build(loaded.draft, local);
    if (local.length > 0 || !call) {
      setIssues(local);
      setProblem(null);
      focusFirstInvalid();
      return;
    }
    setSaving(true);
    const result = await call();
    setSaving(false);
    if (result.ok) {
      setIssues([]);
      setProblem(null);
      useApp.getState().notify('Saved', what);
      done(result.value.id);
      return;
    }
    const { error } = result;
    switch (error.code) {
      case 'VALIDATION':
        setIssues(error.issues ?? []);
        setProblem(error.issues?.length ? null : { kind: 'refused', message: error.message });
        focusFirstInvalid();
        break;
      case 'CONFLICT':
        setIssues([]);
        setProblem({ kind: 'conflict', message: error.message });
        break;
      case 'NOT_FOUND':
        setProblem({ kind: 'gone', message: error.message });
        break;
      case 'UNKNOWN_CALL':
      case 'UNAUTHORIZED':
      case 'FORBIDDEN':
      case 'DB_FROM_FUTURE':
      case 'NOT_A_DATABASE':
      case 'DB_DAMAGED':
      case 'DB_BUSY':
      case 'DB_IN_USE':
      case 'BACKUP_FAILED':
      case 'WRONG_KEY':
      case 'UNAVAILABLE':
      case 'DISK_FULL':
      case 'INTERNAL':
        setProblem({ kind: 'failed', error });
        break;
      default:
        assertNever(error.code, 'error code');
    }
  };

  return {
    status,
    loadError,
    draft: loaded?.draft ?? null,
    version: loaded?.version ?? null,
    dirty,
    issues,
    problem,
    saving,
    set,
    field: (name) => ({
      value: loaded ? String(loaded.draft[name]) : '',
      onChange: (value) => set({ [name]: value } as Partial<D>),
      issues: issuesAt(issues, name),
    }),
    reload: () => setLoadCount((n) => n + 1),
    save,
  };
}

function focusFirstInvalid(): void {
  // After React has painted the errors.
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('.modal [aria-invalid="true"]')?.focus();
  });
}

/** The problem banner: what happened and what the engineer can do, with their edits kept. */
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
            <p className="form-banner__title">{what[0]?.toUpperCase() + what.slice(1)} no longer exists.</p>
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
      return assertNever(problem, 'editor problem');
  }
}

export interface DeleteSpec {
  /** The question, e.g. "Delete contact Jane Doe?" */
  readonly title: string;
  readonly body: ReactNode;
  /** When set, the engineer must type this to confirm (for deletions that are hard to undo). */
  readonly typeToConfirm?: string;
  run(): Promise<Result<unknown>>;
}

/**
 * The modal frame of an editor: header, problem banner, the form, and Save / Cancel /
 * Delete. Ctrl/Cmd+Enter saves from anywhere in the form; Escape cancels, asking first
 * when something was typed.
 */
export function EditorShell<D>({
  editor,
  title,
  subtitle,
  what,
  size = 'medium',
  onSave,
  onClose,
  deletion,
  aside,
  testId,
  children,
}: {
  readonly editor: Editor<D>;
  readonly title: string;
  readonly subtitle?: ReactNode;
  /** How the record is named in messages: "this contact", "ACME". */
  readonly what: string;
  readonly size?: 'medium' | 'large';
  readonly onSave: () => void;
  readonly onClose: () => void;
  readonly deletion?: DeleteSpec | null;
  readonly aside?: ReactNode;
  readonly testId?: string;
  readonly children: (draft: D) => ReactNode;
}) {
  const [asking, setAsking] = useState<'discard' | 'delete' | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError | null>(null);
  const [typed, setTyped] = useState('');
  const form = useRef<HTMLFormElement>(null);

  // The dialog opens on a skeleton; once the form is there, the first field to edit takes focus.
  useEffect(() => {
    if (editor.status !== 'ready') return;
    const panel = form.current?.closest<HTMLElement>('.modal');
    if (panel && (document.activeElement === panel || document.activeElement === document.body)) {
      (
        panel.querySelector<HTMLElement>('[data-autofocus]') ??
        panel.querySelector<HTMLElement>('input, select, textarea')
      )?.focus();
    }
  }, [editor.status]);

  const requestClose = () => {
    if (editor.dirty && !editor.saving) setAsking('discard');
    else onClose();
  };

  const runDelete = async () => {
    if (!deletion) return;
    setDeleting(true);
    const result = await deletion.run();
    setDeleting(false);
    if (result.ok) {
      useApp.getState().notify('Deleted', what);
      onClose();
    } else {
      setDeleteError(result.error);
    }
  };

  return (
    <>
      <Modal
        title={title}
        subtitle={subtitle}
        size={size}
        testId={testId}
        onRequestClose={requestClose}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSave();
          }
        }}
        footer={
          editor.status === 'ready' && (
            <>
              {deletion && (
                <button
                  type="button"
                  className="button button--ghost-danger"
                  onClick={() => {
                    setDeleteError(null);
                    setTyped('');
                    setAsking('delete');
                  }}
                  disabled={editor.saving}
                >
                  Delete…
                </button>
              )}
              <SaveControls editor={editor} onSave={onSave} onCancel={requestClose} />
            </>
          )
        }
      >
        {editor.status === 'loading' && <SkeletonLines rows={6} label={`Loading ${what}`} />}
        {editor.status === 'failed' && editor.loadError && (
          <div className="form-banner form-banner--error" role="alert">
            <Icon name="warning" size={18} />
            <div>
              <p className="form-banner__title">{adviseOn(editor.loadError, `open ${what}`).title}</p>
              <p className="form-banner__detail">{editor.loadError.message}</p>
              <div className="form-banner__actions">
                <button type="button" className="button" onClick={editor.reload}>
                  Retry
                </button>
                <button type="button" className="button" onClick={onClose}>
                  Close
                </button>
              </div>
            </div>
          </div>
        )}
        {editor.status === 'ready' && editor.draft !== null && (
          <>
            {editor.problem && (
              <ProblemBanner problem={editor.problem} what={what} onReload={editor.reload} />
            )}
            {editor.issues.length > 0 && !editor.problem && (
              <p className="form-summary" role="status">
                {editor.issues.length === 1
                  ? 'One value needs fixing before this can be saved.'
                  : `${editor.issues.length} values need fixing before this can be saved.`}
              </p>
            )}
            <form
              ref={form}
              className="form"
              noValidate
              // Saving is deliberate (Ctrl/Cmd+Enter or the button): a stray Enter must not save.
              onSubmit={(event) => event.preventDefault()}
            >
              {children(editor.draft)}
            </form>
            {aside}
          </>
        )}
      </Modal>
      {asking === 'discard' && (
        <DiscardDialog
          onKeep={() => setAsking(null)}
          onDiscard={() => {
            setAsking(null);
            onClose();
          }}
        >
          <p>What you typed in {what} has not been saved.</p>
        </DiscardDialog>
      )}
      {asking === 'delete' && deletion && (
        <ConfirmDialog
          title={deletion.title}
          confirmLabel="Delete"
          tone="danger"
          busy={deleting}
          confirmDisabled={deletion.typeToConfirm !== undefined && typed.trim() !== deletion.typeToConfirm}
          onCancel={() => setAsking(null)}
          onConfirm={() => void runDelete()}
        >
          {deletion.body}
          {deletion.typeToConfirm !== undefined && (
            <label className="confirm__type">
              Type <strong className="mono">{deletion.typeToConfirm}</strong> to confirm
              <input
                className="input input--mono"
                value={typed}
                data-autofocus
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && typed.trim() === deletion.typeToConfirm) {
                    e.preventDefault();
                    void runDelete();
                  }
                }}
              />
            </label>
          )}
          {deleteError && (
            <p className="field__error confirm__error" role="alert">
              {deleteError.code === 'CONFLICT'
                ? `Not deleted: it changed while you were looking at it (${deleteError.message}). Close, reopen and check before deleting.`
                : `Not deleted. ${adviseOn(deleteError, 'delete').title}: ${deleteError.message}`}
            </p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

/** "Discard your changes?" before an editor with unsaved edits closes. */
export function DiscardDialog({
  onKeep,
  onDiscard,
  children,
}: {
  readonly onKeep: () => void;
  readonly onDiscard: () => void;
  /** What would be lost, in a sentence. */
  readonly children: ReactNode;
}) {
  return (
    <ConfirmDialog
      title="Discard your changes?"
      confirmLabel="Discard changes"
      cancelLabel="Keep editing"
      tone="danger"
      onCancel={onKeep}
      onConfirm={onDiscard}
    >
      {children}
    </ConfirmDialog>
  );
}

/** Whether there is anything to save, Cancel, and Save (Ctrl/Cmd+Enter): the end of every editor's footer. */
export function SaveControls<D>({
  editor,
  label = 'Save',
  onSave,
  onCancel,
  testId,
}: {
  readonly editor: Editor<D>;
  readonly label?: string;
  readonly onSave: () => void;
  readonly onCancel: () => void;
  readonly testId?: string;
}) {
  return (
    <>
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
        data-testid={testId}
      >
        {editor.saving ? 'Saving…' : label}
        <kbd className="kbd kbd--on-primary">{MOD_KEY} ↵</kbd>
      </button>
    </>
  );
}
