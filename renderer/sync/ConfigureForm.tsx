/**
 * Connecting this console to the team's central PostgreSQL (container): the URL without a
 * password, TLS mode and CA file, and the password, which never lands in a file. The back
 * end's schema decides what is valid; its VALIDATION issues show next to the fields.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/result';
import type { SslMode, SyncStatus } from '../../shared/sync/model';
import { adviseOn } from '../app/errors';
import { useApp } from '../app/store';
import { Field, type Issues, issuesAt, SelectField } from '../editing/form';
import { Icon } from '../ui/icons';
import { useSync } from './store';

// Types only from shared/sync/model: importing its values would pull zod into the page,
// and zod probes `new Function` at load, which the console's CSP reports as a violation.
const SSL_HINTS: Readonly<Record<SslMode, string>> = {
  disable: 'No TLS: only on a network you trust end to end.',
  prefer: 'TLS when central offers it, plain otherwise (the default).',
  require: "Always TLS; central's certificate is not checked.",
  'verify-ca': "Always TLS; central's certificate must be signed by your CA.",
  'verify-full': 'Always TLS; CA and host name are both checked.',
};

/** In libpq's order, weakest first; the Record above makes sure none is missing. */
const SSL_MODES = Object.keys(SSL_HINTS) as SslMode[];

const FIELDS = ['url', 'sslmode', 'caFile', 'password'] as const;

function urlOf(status: SyncStatus | null): string {
  const c = status?.central;
  if (!c) return '';
  return `postgres://${encodeURIComponent(c.user)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}`;
}

export function ConfigureForm({
  status,
  editing,
  onDone,
}: {
  readonly status: SyncStatus | null;
  /** Changing an existing connection: the form starts from it and can be cancelled. */
  readonly editing: boolean;
  readonly onDone: () => void;
}) {
  const busy = useSync((s) => s.busy === 'configure');
  const [url, setUrl] = useState(() => (editing ? urlOf(status) : ''));
  const [sslmode, setSslmode] = useState<SslMode>(() => (editing && status?.central?.sslmode) || 'prefer');
  const [caFile, setCaFile] = useState(() => (editing ? (status?.central?.caFile ?? '') : ''));
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Issues>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const verify = sslmode === 'verify-ca' || sslmode === 'verify-full';

  useEffect(() => {
    urlRef.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = url.trim();
    if (!trimmed) {
      setIssues([{ path: 'url', message: 'Central URL is required: postgres://USER@HOST:PORT/DATABASE' }]);
      setFailure(null);
      urlRef.current?.focus();
      return;
    }
    const r = await useSync.getState().configure({
      url: trimmed,
      sslmode,
      caFile: verify && caFile.trim() ? caFile.trim() : null,
      ...(password ? { password } : {}),
    });
    if (r.ok) {
      setPassword('');
      setIssues([]);
      setFailure(null);
      useApp.getState().notify(
        // Saved, not "connected": whether central answers is the Sync status's to say
        // (one source of truth, on screen and for screen readers alike).
        'Central connection saved',
        'The first round runs now: the Sync status says whether central answered. After that this console syncs by itself while central is reachable.',
      );
      onDone();
      return;
    }
    const fieldIssues = (r.error.issues ?? []).filter((i) => FIELDS.some((f) => issuesAt([i], f).length > 0));
    setIssues(fieldIssues);
    // Anything not tied to a field (or a refusal that is not about the input) shows above the form.
    setFailure(
      fieldIssues.length > 0 && fieldIssues.length === (r.error.issues ?? []).length ? null : r.error,
    );
    if (fieldIssues.some((i) => i.path.startsWith('url')) || fieldIssues.length === 0)
      urlRef.current?.focus();
  };

  const failureAdvice = failure ? adviseOn(failure, 'connect to central') : null;
  const passwordIssues = issuesAt(issues, 'password');

  return (
    <form
      className="sync-form"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        // Esc leaves an edit unchanged; screens would otherwise take it as "back".
        if (editing && e.key === 'Escape' && !busy) {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
      aria-label="Central connection"
      noValidate
    >
      {failureAdvice && failure && (
        <div className="form-banner form-banner--error" role="alert" data-testid="sync-form-error">
          <Icon name="warning" size={16} />
          <div>
            <span className="form-banner__title">
              {failure.code === 'VALIDATION'
                ? 'Nothing was changed: check the connection details'
                : failureAdvice.title}
            </span>
            <span>{failure.message}</span>
            {failure.code !== 'VALIDATION' && <span>{failureAdvice.hint}</span>}
          </div>
        </div>
      )}
      <Field
        label="Central URL"
        required
        wide
        issues={issuesAt(issues, 'url')}
        hint={
          <>
            Without the password. Your team lead has it; <code>lifeline central init</code> creates central.
          </>
        }
      >
        {({ id, describedBy, invalid }) => (
          <input
            ref={urlRef}
            id={id}
            className="input input--mono"
            value={url}
            placeholder="postgres://USER@HOST:5432/DATABASE"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            aria-required
            onChange={(e) => setUrl(e.target.value)}
          />
        )}
      </Field>
      <div className="form__grid">
        <SelectField
          label="TLS (sslmode)"
          value={sslmode}
          onChange={(v) => setSslmode(SSL_MODES.find((m) => m === v) ?? 'prefer')}
          options={SSL_MODES.map((m) => ({ value: m, label: m === 'prefer' ? 'prefer (default)' : m }))}
          hint={SSL_HINTS[sslmode]}
          issues={issuesAt(issues, 'sslmode')}
        />
        {/* Always a real control (a label with nothing to label confused screen readers): read-only
            and explained while the sslmode does not use it. */}
        <Field
          label="CA file"
          issues={issuesAt(issues, 'caFile')}
          hint={
            verify
              ? "The certificate of the authority that signed central's certificate."
              : 'Only used with verify-ca and verify-full: choose one of those above to enter it.'
          }
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              className="input input--mono"
              value={verify ? caFile : ''}
              placeholder={verify ? '/etc/ssl/certs/central-ca.pem' : 'not used with this sslmode'}
              spellCheck={false}
              autoComplete="off"
              readOnly={!verify}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
              onChange={(e) => setCaFile(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field
        label="Password"
        wide
        issues={passwordIssues}
        hint={
          editing
            ? 'Leave empty to keep the password already stored. Kept in the OS keychain (desktop app) or for this session only (browser), never in a file.'
            : 'Kept in the OS keychain (desktop app) or for this session only (browser), never in a file.'
        }
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input"
            type="password"
            value={password}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <div className="sync-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Connecting…' : editing ? 'Save connection' : 'Connect'}
          {!busy && <kbd className="kbd kbd--on-primary">Enter</kbd>}
        </button>
        {editing && (
          <button type="button" className="button" onClick={onDone} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
