/**
 * Imports (container): pick a NetBox dump or a set of CSV files, see what would change
 * (a dry run), then import for real in one transaction. Files are read in the page and sent
 * to the back end as text, so the same screen works in the desktop app and on the web host.
 */
import { type DragEvent, useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/result';
import type { CsvMapping } from '../../shared/catalog/csvMapping';
import { mappingProblems } from '../../shared/catalog/csvMapping';
import type { ImportSummary } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { navigate } from '../app/router';
import { markReady, useApp } from '../app/store';
import { ConfirmDialog } from '../editing/Dialog';
import { useDelayedFlag } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { CSV_FILES } from './csvColumns';
import { ImportProblems } from './ImportProblems';
import { type InspectedFile, MappingStep } from './MappingStep';
import './imports.css';

type Source = 'netbox' | 'csv';

interface Picked {
  readonly name: string;
  readonly size: number;
  readonly content: string;
}

type Stage =
  | { readonly kind: 'idle' }
  | { readonly kind: 'reading' }
  /** Some files are in another tool's layout: their columns are being mapped. */
  | { readonly kind: 'mapping' }
  | { readonly kind: 'previewing' }
  | { readonly kind: 'preview'; readonly summary: ImportSummary }
  | { readonly kind: 'importing'; readonly preview: ImportSummary }
  | { readonly kind: 'done'; readonly summary: ImportSummary }
  | { readonly kind: 'failed'; readonly error: ApiError; readonly during: 'preview' | 'import' };

const MAX_FILES = 50;
const MAX_BYTES = 64 * 1024 * 1024;

function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function totals(summary: ImportSummary) {
  return summary.counts.reduce(
    (t, c) => ({
      created: t.created + c.created,
      updated: t.updated + c.updated,
      skipped: t.skipped + c.skipped,
    }),
    { created: 0, updated: 0, skipped: 0 },
  );
}

/** Reads the chosen files as text; anything the back end would refuse is said here first. */
async function readFiles(
  source: Source,
  files: readonly File[],
): Promise<{ picked: Picked[]; ignored: string[]; problem: string | null }> {
  const wanted = source === 'netbox' ? /\.json$/i : /\.csv$/i;
  const usable = files.filter((f) => wanted.test(f.name));
  const ignored = files.filter((f) => !wanted.test(f.name)).map((f) => f.name);
  if (usable.length === 0) {
    return {
      picked: [],
      ignored,
      problem:
        source === 'netbox'
          ? 'Choose a NetBox dump: one .json file made with `manage.py dumpdata`.'
          : 'None of the chosen files ends in .csv. Choose files such as customers.csv and assets.csv.',
    };
  }
  if (source === 'netbox' && usable.length > 1) {
    return { picked: [], ignored, problem: 'A NetBox import takes one .json file; several were chosen.' };
  }
  if (usable.length > MAX_FILES) {
    return {
      picked: [],
      ignored,
      problem: `At most ${MAX_FILES} files at once; ${usable.length} were chosen.`,
    };
  }
  const big = usable.find((f) => f.size > MAX_BYTES);
  if (big) {
    return {
      picked: [],
      ignored,
      problem: `${big.name} is ${sizeInWords(big.size)}; the limit is 64 MB per file.`,
    };
  }
  const picked = await Promise.all(
    usable.map(async (f) => ({ name: f.name, size: f.size, content: await f.text() })),
  );
  picked.sort((a, b) => a.name.localeCompare(b.name));
  return { picked, ignored, problem: null };
}

export function ImportScreen() {
  const [source, setSource] = useState<Source>('csv');
  const [files, setFiles] = useState<readonly Picked[]>([]);
  const [ignored, setIgnored] = useState<readonly string[]>([]);
  const [pickProblem, setPickProblem] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<EventPayload<'progress'> | null>(null);
  const [inspected, setInspected] = useState<readonly InspectedFile[]>([]);
  const [mappings, setMappings] = useState<Readonly<Record<string, CsvMapping>>>({});
  const [dragging, setDragging] = useState(false);
  const runSeq = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const info = useApp((s) => (s.info.status === 'ready' ? s.info.value : null));

  const busy = stage.kind === 'reading' || stage.kind === 'previewing' || stage.kind === 'importing';
  const showProgress = useDelayedFlag(busy, 500);

  useEffect(() => {
    markReady();
  }, []);

  useEffect(
    () =>
      api.on('progress', (payload) => {
        if (payload.operation === 'import') setProgress(payload);
      }),
    [],
  );

  const mappingList = (list: Readonly<Record<string, CsvMapping>>) =>
    Object.entries(list).map(([file, mapping]) => ({ file, mapping }));

  const preview = async (
    chosen: readonly Picked[],
    from: Source,
    withMappings: Readonly<Record<string, CsvMapping>> = mappings,
  ) => {
    const seq = ++runSeq.current;
    setProgress(null);
    setStage({ kind: 'previewing' });
    const list = mappingList(withMappings);
    const result = await api.call('import:run', {
      source: from,
      files: chosen.map((f) => ({ name: f.name, content: f.content })),
      dryRun: true,
      ...(list.length > 0 ? { mappings: list } : {}),
    });
    if (seq !== runSeq.current) return;
    setStage(
      result.ok
        ? { kind: 'preview', summary: result.value }
        : { kind: 'failed', error: result.error, during: 'preview' },
    );
  };

  const choose = async (list: FileList | readonly File[] | null, from: Source = source) => {
    if (!list || list.length === 0) return;
    const seq = ++runSeq.current;
    setStage({ kind: 'reading' });
    const read = await readFiles(from, [...list]);
    if (seq !== runSeq.current) return;
    setIgnored(read.ignored);
    setPickProblem(read.problem);
    setFiles(read.picked);
    setInspected([]);
    setMappings({});
    if (read.problem) {
      setStage({ kind: 'idle' });
      return;
    }
    if (from === 'csv') {
      // Files in another layout (IT Glue, Hudu, a spreadsheet) get a mapping step first.
      const found = await api.call('import:inspect', {
        files: read.picked.map((f) => ({ name: f.name, content: f.content })),
      });
      if (seq !== runSeq.current) return;
      if (!found.ok) {
        setStage({ kind: 'failed', error: found.error, during: 'preview' });
        return;
      }
      if (found.value.files.length > 0) {
        setInspected(found.value.files);
        setMappings(Object.fromEntries(found.value.files.map((f) => [f.file, f.mapping])));
        setStage({ kind: 'mapping' });
        return;
      }
    }
    await preview(read.picked, from, {});
  };

  const editMapping = (file: string, next: CsvMapping) => {
    // An edit makes the last preview stale: back to the mapping until checked again.
    runSeq.current++;
    setMappings((m) => ({ ...m, [file]: next }));
    setStage({ kind: 'mapping' });
  };
  const mappingIncomplete = inspected.some((f) => {
    const m = mappings[f.file];
    return !m || mappingProblems(m, f.header).length > 0;
  });

  const runImport = async () => {
    if (stage.kind !== 'preview') return;
    setConfirming(false);
    const seq = ++runSeq.current;
    setProgress(null);
    setStage({ kind: 'importing', preview: stage.summary });
    const list = mappingList(mappings);
    const result = await api.call('import:run', {
      source,
      files: files.map((f) => ({ name: f.name, content: f.content })),
      dryRun: false,
      ...(list.length > 0 ? { mappings: list } : {}),
    });
    if (seq !== runSeq.current) return;
    if (result.ok) {
      setStage({ kind: 'done', summary: result.value });
      const t = totals(result.value);
      useApp.getState().notify('Import finished', `${t.created} created · ${t.updated} updated`);
    } else {
      setStage({ kind: 'failed', error: result.error, during: 'import' });
    }
  };

  const reset = () => {
    runSeq.current++;
    setFiles([]);
    setIgnored([]);
    setPickProblem(null);
    setInspected([]);
    setMappings({});
    setStage({ kind: 'idle' });
    if (fileInput.current) fileInput.current.value = '';
    if (folderInput.current) folderInput.current.value = '';
  };

  const switchSource = (next: Source) => {
    if (next === source) return;
    reset();
    setSource(next);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!busy) void choose(event.dataTransfer.files);
  };

  const summaryShown =
    stage.kind === 'preview' ? stage.summary : stage.kind === 'importing' ? stage.preview : null;

  return (
    <section className="screen" aria-labelledby="import-title">
      <header className="screen__header">
        <div>
          <h1 id="import-title" className="screen__title">
            Import
          </h1>
          <p className="screen__subtitle">
            Bring customers and their environments in from NetBox or CSV files. Nothing is written until you
            confirm, and an import either succeeds whole or writes nothing.
          </p>
        </div>
        {info && (
          <p className="import__target" title={info.dbPath}>
            Into <span className="mono">{info.dbPath.split(/[\\/]/).pop()}</span>
            {info.demo && <span className="import__demo">demo data</span>}
          </p>
        )}
      </header>
      <div className="screen__body">
        <div className="import">
          <ol className="import__steps" aria-label="Steps">
            <li
              className={`import__step${files.length === 0 ? ' import__step--current' : ' import__step--done'}`}
            >
              <span className="import__step-n">1</span> Choose the source
            </li>
            {inspected.length > 0 && (
              <li
                className={`import__step${stage.kind === 'mapping' ? ' import__step--current' : ' import__step--done'}`}
              >
                <span className="import__step-n">2</span> Map the columns
              </li>
            )}
            <li
              className={`import__step${summaryShown || stage.kind === 'failed' ? ' import__step--current' : ''}${stage.kind === 'done' ? ' import__step--done' : ''}`}
            >
              <span className="import__step-n">{inspected.length > 0 ? 3 : 2}</span> Check the preview
            </li>
            <li className={`import__step${stage.kind === 'done' ? ' import__step--current' : ''}`}>
              <span className="import__step-n">{inspected.length > 0 ? 4 : 3}</span> Import
            </li>
          </ol>

          <fieldset className="import__sources" disabled={busy}>
            <legend className="visually-hidden">What to import</legend>
            <label className={`source-card${source === 'csv' ? ' source-card--on' : ''}`}>
              <input
                type="radio"
                name="import-source"
                value="csv"
                checked={source === 'csv'}
                onChange={() => switchSource('csv')}
              />
              <span className="source-card__title">CSV files</span>
              <span className="source-card__text">
                A folder with one file per kind of record (customers.csv, assets.csv, contacts.csv…), or an IT
                Glue or Hudu export: its columns are mapped in the next step.
              </span>
            </label>
            <label className={`source-card${source === 'netbox' ? ' source-card--on' : ''}`}>
              <input
                type="radio"
                name="import-source"
                value="netbox"
                checked={source === 'netbox'}
                onChange={() => switchSource('netbox')}
              />
              <span className="source-card__title">NetBox dump</span>
              <span className="source-card__text">
                One .json file from <code>manage.py dumpdata</code>: tenants become customers; sites, devices,
                clusters, VMs, circuits and contacts come along.
              </span>
            </label>
          </fieldset>

          {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a pointer shortcut; the buttons inside are the keyboard path */}
          <div
            className={`dropzone${dragging ? ' dropzone--over' : ''}${files.length > 0 ? ' dropzone--filled' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="import-dropzone"
          >
            <input
              ref={fileInput}
              id="import-files"
              className="visually-hidden"
              type="file"
              multiple={source === 'csv'}
              accept={source === 'csv' ? '.csv,text/csv' : '.json,application/json'}
              aria-label={source === 'csv' ? 'CSV files' : 'NetBox dump file'}
              // The buttons below open it; a hidden 1 px input is no tab stop.
              tabIndex={-1}
              onChange={(e) => void choose(e.target.files)}
              disabled={busy}
              data-testid="import-file-input"
            />
            <input
              ref={(el) => {
                folderInput.current = el;
                // Not in React's attribute list: ask for a folder the DOM way.
                el?.setAttribute('webkitdirectory', '');
              }}
              className="visually-hidden"
              type="file"
              multiple
              aria-label="CSV folder"
              onChange={(e) => void choose(e.target.files)}
              disabled={busy || source !== 'csv'}
              tabIndex={-1}
            />
            {files.length === 0 ? (
              <div className="dropzone__empty">
                <span className="dropzone__icon">
                  <Icon name="import" size={22} />
                </span>
                <p className="dropzone__title">
                  {source === 'csv' ? 'Drop CSV files or a folder here' : 'Drop a NetBox .json dump here'}
                </p>
                <div className="dropzone__actions">
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => fileInput.current?.click()}
                    disabled={busy}
                  >
                    {source === 'csv' ? 'Choose CSV files…' : 'Choose file…'}
                  </button>
                  {source === 'csv' && (
                    <button
                      type="button"
                      className="button"
                      onClick={() => folderInput.current?.click()}
                      disabled={busy}
                    >
                      Choose folder…
                    </button>
                  )}
                </div>
                <p className="muted">
                  Files are read on this machine and checked before anything is written.
                </p>
              </div>
            ) : (
              <div className="picked">
                <ul className="picked__list" aria-label="Chosen files">
                  {files.map((f) => (
                    <li key={f.name} className="picked__file">
                      <span className="mono">{f.name}</span>
                      <span className="muted num">{sizeInWords(f.size)}</span>
                    </li>
                  ))}
                </ul>
                <div className="picked__actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => fileInput.current?.click()}
                    disabled={busy}
                  >
                    Choose other files…
                  </button>
                  <button type="button" className="link-button" onClick={reset} disabled={busy}>
                    Start over
                  </button>
                </div>
              </div>
            )}
          </div>

          {ignored.length > 0 && (
            <p className="import__note">
              Left out (not {source === 'csv' ? '.csv' : '.json'}): {ignored.slice(0, 8).join(', ')}
              {ignored.length > 8 ? ` and ${ignored.length - 8} more` : ''}.
            </p>
          )}
          {pickProblem && (
            <div className="form-banner form-banner--error" role="alert">
              <Icon name="warning" size={18} />
              <div>
                <p className="form-banner__title">These files cannot be imported</p>
                <p>{pickProblem}</p>
              </div>
            </div>
          )}

          {inspected.length > 0 && stage.kind !== 'done' && (
            <div className="mapping-steps">
              {inspected.map((f) => {
                const m = mappings[f.file];
                return m ? (
                  <MappingStep
                    key={f.file}
                    file={f}
                    mapping={m}
                    onChange={(next) => editMapping(f.file, next)}
                  />
                ) : null;
              })}
              {stage.kind === 'mapping' && (
                <div className="mapping__actions">
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => void preview(files, source)}
                    disabled={mappingIncomplete}
                  >
                    Check and preview
                  </button>
                  <span className="muted">
                    {mappingIncomplete
                      ? 'Complete the mapping first (see the notes above).'
                      : 'Checks every row against the catalog; nothing is written yet.'}
                  </span>
                </div>
              )}
            </div>
          )}

          {busy && (
            <div className="import__busy" role="status" aria-live="polite">
              {showProgress ? (
                <ProgressBar
                  label={
                    stage.kind === 'importing'
                      ? 'Importing'
                      : stage.kind === 'reading'
                        ? 'Reading files'
                        : 'Checking what would change'
                  }
                  progress={progress}
                />
              ) : (
                <span className="visually-hidden">Working…</span>
              )}
            </div>
          )}

          {stage.kind === 'failed' && (
            <div
              className="form-banner form-banner--error import__error"
              role="alert"
              data-testid="import-error"
            >
              <Icon name="warning" size={18} />
              <div>
                <p className="form-banner__title">
                  {stage.during === 'preview' ? 'These files cannot be imported.' : 'The import failed.'}{' '}
                  Nothing was written.
                </p>
                <ImportProblems error={stage.error} />
                <p>
                  {stage.error.code === 'VALIDATION' || stage.error.code === 'CONFLICT'
                    ? inspected.length > 0
                      ? 'Fix the files where the list points, or change the mapping above, then check again.'
                      : 'Fix the files where the list points, then choose the files again.'
                    : 'The database is as it was. Retry; if it fails again, note the message for the team.'}
                </p>
                <div className="form-banner__actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => void preview(files, source)}
                    disabled={files.length === 0}
                  >
                    Check again
                  </button>
                  <button type="button" className="button" onClick={() => fileInput.current?.click()}>
                    Choose other files…
                  </button>
                </div>
              </div>
            </div>
          )}

          {summaryShown && (
            <section className="import__result" aria-labelledby="preview-title" data-testid="import-preview">
              <div className="import__result-head">
                <div>
                  <h2 id="preview-title" className="import__result-title">
                    Preview: what this import would change
                  </h2>
                  <p className="muted">
                    Checked in {Math.round(summaryShown.durationMs)} ms · nothing has been written yet.
                  </p>
                </div>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => setConfirming(true)}
                  disabled={
                    stage.kind !== 'preview' ||
                    totals(summaryShown).created + totals(summaryShown).updated === 0
                  }
                >
                  {stage.kind === 'importing' ? 'Importing…' : 'Import'}
                </button>
              </div>
              <CountsTable summary={summaryShown} />
              {totals(summaryShown).created + totals(summaryShown).updated === 0 && (
                <p className="import__note">
                  Everything in these files is already in the catalog: nothing to import.
                </p>
              )}
              <Warnings warnings={summaryShown.warnings} />
            </section>
          )}

          {stage.kind === 'done' && (
            <section
              className="import__result import__result--done"
              aria-labelledby="done-title"
              data-testid="import-done"
            >
              <div className="import__result-head">
                <div>
                  <h2 id="done-title" className="import__result-title">
                    <span className="import__tick" aria-hidden="true">
                      ✓
                    </span>{' '}
                    Imported
                  </h2>
                  <p className="muted">
                    {totals(stage.summary).created} created · {totals(stage.summary).updated} updated ·{' '}
                    {totals(stage.summary).skipped} unchanged, in {Math.round(stage.summary.durationMs)} ms.
                  </p>
                </div>
                <div className="import__done-actions">
                  <button type="button" className="button" onClick={reset}>
                    Import more
                  </button>
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => navigate({ screen: 'customers', customerId: null })}
                  >
                    Open customers
                  </button>
                </div>
              </div>
              <CountsTable summary={stage.summary} />
              <Warnings warnings={stage.summary.warnings} />
            </section>
          )}

          <CsvHelp open={source === 'csv' && files.length === 0} />
        </div>
      </div>

      {confirming && stage.kind === 'preview' && (
        <ConfirmDialog
          title="Import these changes?"
          confirmLabel="Import"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void runImport()}
        >
          <p>
            {totals(stage.summary).created} records will be created and {totals(stage.summary).updated}{' '}
            updated
            {info ? (
              <>
                {' '}
                in <span className="mono">{info.dbPath}</span>
              </>
            ) : null}
            .
          </p>
          <p className="muted">
            It runs as one transaction: if anything fails, nothing is written. Every change is recorded in the
            history.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ProgressBar({
  label,
  progress,
}: {
  readonly label: string;
  readonly progress: EventPayload<'progress'> | null;
}) {
  const known = progress !== null && progress.total > 0;
  const pct = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="progress" data-testid="import-progress">
      <div className="progress__text">
        <span>
          {label}
          {progress?.phase ? ` · ${progress.phase}` : '…'}
        </span>
        {known && (
          <span className="num muted">
            {progress.done.toLocaleString('en-US')} / {progress.total.toLocaleString('en-US')}
          </span>
        )}
      </div>
      <div
        className={`progress__track${known ? '' : ' progress__track--busy'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? pct : undefined}
      >
        <span className="progress__fill" style={known ? { width: `${pct}%` } : undefined} />
      </div>
    </div>
  );
}

function CountsTable({ summary }: { readonly summary: ImportSummary }) {
  const t = totals(summary);
  // Rows the source or a mapping left out on purpose (IT Glue workstations): their own column.
  const leftOut = summary.counts.reduce((n, c) => n + (c.leftOut ?? 0), 0);
  return (
    <table className="table import__table">
      <thead>
        <tr>
          <th>Records</th>
          <th className="num">Created</th>
          <th className="num">Updated</th>
          <th className="num" title="Already in the catalog as given, or left out (see the warnings)">
            Unchanged
          </th>
          {leftOut > 0 && (
            <th className="num" title="Left out on purpose by the source or the mapping (see the warnings)">
              Left out
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {summary.counts.map((c) => (
          <tr key={c.entity}>
            <td className="import__entity">{c.entity.replace(/_/g, ' ')}</td>
            <td className={`num${c.created ? ' import__n--created' : ' muted'}`}>
              {c.created.toLocaleString('en-US')}
            </td>
            <td className={`num${c.updated ? ' import__n--updated' : ' muted'}`}>
              {c.updated.toLocaleString('en-US')}
            </td>
            <td className="num muted">{c.skipped.toLocaleString('en-US')}</td>
            {leftOut > 0 && <td className="num muted">{(c.leftOut ?? 0).toLocaleString('en-US')}</td>}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td>Total</td>
          <td className="num">{t.created.toLocaleString('en-US')}</td>
          <td className="num">{t.updated.toLocaleString('en-US')}</td>
          <td className="num">{t.skipped.toLocaleString('en-US')}</td>
          {leftOut > 0 && <td className="num">{leftOut.toLocaleString('en-US')}</td>}
        </tr>
      </tfoot>
    </table>
  );
}

function Warnings({ warnings }: { readonly warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  const first = warnings.slice(0, 5);
  const rest = warnings.slice(5);
  return (
    <div className="import__warnings" role="note">
      <p className="import__warnings-title">
        <Icon name="warning" size={14} />{' '}
        {warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}
        <span className="muted"> — these rows are imported with the noted change, or left out</span>
      </p>
      <ul>
        {first.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>{rest.length} more</summary>
          <ul>
            {rest.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function CsvHelp({ open }: { readonly open: boolean }) {
  return (
    <details className="csv-help" open={open}>
      <summary>CSV files and their columns</summary>
      <p className="muted">
        One file per kind of record, named as below, with a header row. Files may be left out; references
        between them use customer codes and names. The full reference, with examples, is{' '}
        <code>docs/csv-import.md</code>.
      </p>
      <dl className="csv-help__list">
        {CSV_FILES.map((f) => (
          <div key={f.file} className="csv-help__file">
            <dt>
              <span className="mono">{f.file}</span> <span className="muted">— {f.what}</span>
            </dt>
            <dd className="mono">
              {f.required.map((c) => (
                <span key={c} className="csv-help__col csv-help__col--required" title="required">
                  {c}
                </span>
              ))}
              {f.optional.map((c) => (
                <span key={c} className="csv-help__col">
                  {c}
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
