/**
 * The post-incident review of one incident (container): drafted from the log when first
 * opened after the restore, edited in place (every change saved within a second, so a crash
 * loses nothing), then published and frozen. Every drafted line links to its event.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/result';
import type { ReviewEdit } from '../../shared/reviews/calls';
import {
  type FEEDBACK_VERDICTS,
  MOMENT_LABELS,
  REVIEW_SECTIONS,
  type ReviewSection,
  SECTION_TITLES,
} from '../../shared/reviews/labels';
import type { Review, ReviewAction, ReviewLine } from '../../shared/reviews/model';
import { minutesWords, zonedTime } from '../../shared/reviews/time';
import { api } from '../api/client';
import { routeHref } from '../app/router';
import { markReady, useApp } from '../app/store';
import { saveExported } from '../handover/bits';
import { ErrorPanel, SkeletonLines } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { EventLink } from './bits';
import './reviews.css';

type SaveState = 'idle' | 'saving' | 'saved' | { readonly error: ApiError };

let localIds = 0;
const newId = (prefix: string) => `${prefix}-mine-${Date.now().toString(36)}-${++localIds}`;

const editOf = (r: Review): ReviewEdit => {
  const { facts: _facts, ...edit } = r.content;
  return edit;
};

export function ReviewPage({ incidentId }: { readonly incidentId: string }) {
  const [review, setReview] = useState<Review | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const list = await api.call('review:list', { incidentId });
    if (!list.ok) return setError(list.error);
    // This console's draft first, else the newest published review, else a new draft.
    const pick = list.value.items.find((i) => i.status === 'draft') ?? list.value.items[0];
    const r = pick
      ? await api.call('review:get', { id: pick.id })
      : await api.call('review:draft', { incidentId });
    if (!r.ok) return setError(r.error);
    setReview(r.value);
  }, [incidentId]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (review || error) markReady();
  }, [review, error]);

  return (
    <section className="screen rv" aria-label="Post-incident review">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a className="link-button" href={routeHref({ screen: 'incidents', path: [incidentId], params: {} })}>
          <Icon name="back" size={14} /> Incident
        </a>
      </nav>
      <div className="screen__body">
        {error && <ErrorPanel error={error} doing="open the review" onRetry={() => void load()} />}
        {!review && !error && <SkeletonLines rows={6} label="Loading the review" />}
        {review &&
          (review.status === 'published' ? (
            <ReviewView review={review} />
          ) : (
            <ReviewEditor key={review.id} review={review} onPublished={setReview} />
          ))}
      </div>
    </section>
  );
}

function Header({ review, children }: { readonly review: Review; readonly children?: React.ReactNode }) {
  const f = review.content.facts;
  return (
    <header className="rv-head">
      <div>
        <p className="rv-kicker">
          Post-incident review · {f.customer.name} ({f.customer.code}) · {f.severity.toUpperCase()}
        </p>
        <h1 className="screen__title" data-testid="review-title">
          {review.content.title}
        </h1>
        <p className="screen__subtitle" data-testid="review-status">
          {review.status === 'published'
            ? `Published ${zonedTime(review.publishedAt ?? '', f.timeZone)} by ${review.publishedBy} · frozen`
            : `Draft by ${review.author} · saved on this console`}
        </p>
      </div>
      <div className="rv-head__act">
        <ExportButtons id={review.id} />
        {children}
      </div>
      <dl className="rv-facts" data-testid="review-facts">
        <div>
          <dt>Restore clock from</dt>
          <dd>{zonedTime(f.clockStartAt, f.timeZone)}</dd>
        </div>
        <div>
          <dt>Restored</dt>
          <dd>{f.restoredAt ? zonedTime(f.restoredAt, f.timeZone) : 'not restored'}</dd>
        </div>
        <div>
          <dt>Duration / target</dt>
          <dd className={f.breached ? 'rv-breached' : 'rv-met'}>
            {f.durationMinutes === null ? '—' : minutesWords(f.durationMinutes)} /{' '}
            {minutesWords(f.targetMinutes)} · {f.breached ? 'breached' : 'met'}
          </dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd>{f.services.join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>Assets</dt>
          <dd>{f.assets.join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>Times in</dt>
          <dd>{f.timeZone}</dd>
        </div>
      </dl>
    </header>
  );
}

function ExportButtons({ id }: { readonly id: string }) {
  const [busy, setBusy] = useState(false);
  const run = async (format: 'markdown' | 'pdf') => {
    setBusy(true);
    const r = await api.call('review:export', { id, format });
    setBusy(false);
    if (!r.ok) return useApp.getState().reportError(r.error, `export the review (${format})`);
    saveExported(r.value);
  };
  return (
    <span className="rv-exports">
      <button type="button" className="button" disabled={busy} onClick={() => void run('markdown')}>
        Markdown
      </button>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void run('pdf')}
        data-testid="review-export-pdf"
      >
        PDF
      </button>
    </span>
  );
}

// ---- published: read only -------------------------------------------------------------------

function ReviewView({ review }: { readonly review: Review }) {
  const c = review.content;
  const tz = c.facts.timeZone;
  return (
    <article className="rv-doc" data-testid="review-published">
      <Header review={review} />
      {REVIEW_SECTIONS.map((key) => (
        <div key={key}>
          {key === 'restoredBy' && (
            <section className="rv-section" aria-label="Key moments">
              <h2 className="rv-section__title">Key moments</h2>
              <ol className="rv-moments">
                {c.keyMoments.map((m) => (
                  <li key={m.id}>
                    <span className="rv-moments__at">{zonedTime(m.at, tz)}</span>
                    <span className="rv-moments__kind">{MOMENT_LABELS[m.kind]}</span>
                    <span>{m.text}</span>
                    <EventLink incidentId={review.incidentId} eventId={m.eventId} />
                  </li>
                ))}
              </ol>
            </section>
          )}
          <section className="rv-section" aria-label={SECTION_TITLES[key]}>
            <h2 className="rv-section__title">{SECTION_TITLES[key]}</h2>
            {c[key].length === 0 ? (
              <p className="muted">None recorded.</p>
            ) : (
              <ul className="rv-lines">
                {c[key].map((l) => (
                  <li key={l.id}>
                    <span className="rv-lines__text">{l.text}</span>
                    <EventLink incidentId={review.incidentId} eventId={l.eventId} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      ))}
      <section className="rv-section" aria-label="Actions">
        <h2 className="rv-section__title">Actions</h2>
        <table className="table">
          <thead>
            <tr>
              <th>Action</th>
              <th>Owner</th>
              <th>Due</th>
            </tr>
          </thead>
          <tbody>
            {c.actions.map((a) => (
              <tr key={a.id}>
                <td>{a.text}</td>
                <td>{a.owner}</td>
                <td className="mono">{a.dueDate}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {c.feedback.length > 0 && (
        <section className="rv-section" aria-label="Playbook feedback">
          <h2 className="rv-section__title">Playbook feedback</h2>
          <ul className="rv-lines">
            {c.feedback.map((fb) => (
              <li key={fb.id}>
                <span className={`pill${fb.verdict === 'wrong' ? ' pill--danger' : ''}`}>{fb.verdict}</span>{' '}
                {fb.playbookTitle} v{fb.playbookVersion}
                {fb.stepTitle ? ` · ${fb.verdict === 'missing' ? 'after ' : ''}'${fb.stepTitle}'` : ''}:{' '}
                {fb.note}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="rv-hash muted mono">content sha256 {review.contentHash}</p>
    </article>
  );
}

// ---- draft: the editor ---------------------------------------------------------------------

function ReviewEditor({
  review,
  onPublished,
}: {
  readonly review: Review;
  readonly onPublished: (r: Review) => void;
}) {
  const [doc, setDoc] = useState<ReviewEdit>(() => editOf(review));
  const [save, setSave] = useState<SaveState>('idle');
  const [publishError, setPublishError] = useState<string | null>(null);
  const version = useRef(review.version);
  const latest = useRef(doc);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));

  // Saves run one after another, each on the version the previous one answered.
  const flush = useCallback((): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    chain.current = chain.current.then(async () => {
      if (!dirty.current) return true;
      dirty.current = false;
      setSave('saving');
      const r = await api.call('review:save', {
        id: review.id,
        baseVersion: version.current,
        content: latest.current,
      });
      if (!r.ok) {
        dirty.current = true;
        setSave({ error: r.error });
        return false;
      }
      version.current = r.value.version;
      setSave(dirty.current ? 'saving' : 'saved');
      return true;
    });
    return chain.current;
  }, [review.id]);

  useEffect(() => () => void flush(), [flush]);

  const change = (next: ReviewEdit) => {
    setDoc(next);
    latest.current = next;
    dirty.current = true;
    setSave('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 600);
  };

  const publish = async () => {
    setPublishError(null);
    if (!(await flush())) return;
    const r = await api.call('review:publish', { id: review.id, baseVersion: version.current });
    if (!r.ok) return setPublishError(r.error.message);
    useApp.getState().notify('Review published', 'It is frozen and syncs to the team.');
    onPublished(r.value);
  };

  const setLines = (key: ReviewSection, lines: ReviewLine[]) => change({ ...doc, [key]: lines });
  const setActions = (actions: ReviewAction[]) => change({ ...doc, actions });

  return (
    <article className="rv-doc rv-doc--edit" data-testid="review-editor">
      <Header review={review}>
        <span className="rv-save" aria-live="polite" data-testid="review-save-state">
          {save === 'saving'
            ? 'Saving…'
            : save === 'saved'
              ? 'Saved'
              : save === 'idle'
                ? 'Draft saved'
                : `Not saved: ${save.error.message}`}
        </span>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void publish()}
          data-testid="review-publish"
        >
          <Icon name="check" size={14} /> Publish
        </button>
      </Header>
      {publishError && (
        <div className="form-banner form-banner--error" role="alert" data-testid="review-publish-error">
          {publishError}
        </div>
      )}
      <label className="field">
        <span className="field__label">Title</span>
        <input
          className="input"
          value={doc.title}
          maxLength={300}
          onChange={(e) => change({ ...doc, title: e.target.value })}
        />
      </label>
      {REVIEW_SECTIONS.map((key) => (
        <div key={key}>
          {key === 'restoredBy' && (
            <section className="rv-section" aria-label="Key moments">
              <h2 className="rv-section__title">Key moments</h2>
              <ol className="rv-moments">
                {doc.keyMoments.map((m, i) => (
                  <li key={m.id}>
                    <span className="rv-moments__at">{zonedTime(m.at, review.content.facts.timeZone)}</span>
                    <span className="rv-moments__kind">{MOMENT_LABELS[m.kind]}</span>
                    <input
                      className="input"
                      aria-label={`${MOMENT_LABELS[m.kind]} at ${m.at}`}
                      value={m.text}
                      maxLength={5000}
                      onChange={(e) =>
                        change({
                          ...doc,
                          keyMoments: doc.keyMoments.map((x, j) =>
                            j === i ? { ...x, text: e.target.value } : x,
                          ),
                        })
                      }
                    />
                    <EventLink incidentId={review.incidentId} eventId={m.eventId} />
                  </li>
                ))}
              </ol>
            </section>
          )}
          <LinesEditor
            title={SECTION_TITLES[key]}
            incidentId={review.incidentId}
            lines={doc[key]}
            onChange={(lines) => setLines(key, lines)}
          />
        </div>
      ))}
      <section className="rv-section" aria-label="Actions">
        <h2 className="rv-section__title">
          Actions <span className="muted">each needs an owner and a due date to publish</span>
        </h2>
        <div className="rv-actions">
          {doc.actions.map((a, i) => {
            const put = (patch: Partial<ReviewAction>) =>
              setActions(doc.actions.map((x, j) => (j === i ? { ...x, ...patch } : x)));
            return (
              <div className="rv-action" key={a.id} data-testid="review-action">
                <input
                  className="input"
                  aria-label={`Action ${i + 1}`}
                  value={a.text}
                  onChange={(e) => put({ text: e.target.value })}
                />
                <input
                  className="input"
                  aria-label={`Owner of action ${i + 1}`}
                  placeholder="Owner"
                  value={a.owner}
                  onChange={(e) => put({ owner: e.target.value })}
                />
                <input
                  className="input"
                  type="date"
                  aria-label={`Due date of action ${i + 1}`}
                  value={a.dueDate ?? ''}
                  onChange={(e) => put({ dueDate: e.target.value === '' ? null : e.target.value })}
                />
                <EventLink incidentId={review.incidentId} eventId={a.eventId} />
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove action ${i + 1}`}
                  onClick={() => setActions(doc.actions.filter((_, j) => j !== i))}
                >
                  <Icon name="close" size={12} />
                </button>
              </div>
            );
          })}
        </div>
        <button
          type="button"
          className="button"
          onClick={() =>
            setActions([
              ...doc.actions,
              { id: newId('action'), text: 'New action', owner: '', dueDate: null, eventId: null },
            ])
          }
        >
          <Icon name="plus" size={12} /> Add action
        </button>
      </section>
      <FeedbackEditor review={review} doc={doc} onChange={change} />
    </article>
  );
}

function LinesEditor({
  title,
  incidentId,
  lines,
  onChange,
}: {
  readonly title: string;
  readonly incidentId: string;
  readonly lines: readonly ReviewLine[];
  readonly onChange: (lines: ReviewLine[]) => void;
}) {
  return (
    <section className="rv-section" aria-label={title}>
      <h2 className="rv-section__title">{title}</h2>
      <ul className="rv-lines">
        {lines.map((l, i) => (
          <li key={l.id}>
            <textarea
              className="input textarea rv-lines__input"
              aria-label={`${title}, line ${i + 1}`}
              rows={2}
              value={l.text}
              maxLength={5000}
              onChange={(e) => onChange(lines.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
            />
            <EventLink incidentId={incidentId} eventId={l.eventId} />
            <button
              type="button"
              className="link-button"
              aria-label={`Remove ${title} line ${i + 1}`}
              onClick={() => onChange(lines.filter((_, j) => j !== i))}
            >
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([...lines, { id: newId('line'), text: 'New line', eventId: null }])}
      >
        <Icon name="plus" size={12} /> Add a line
      </button>
    </section>
  );
}

function FeedbackEditor({
  review,
  doc,
  onChange,
}: {
  readonly review: Review;
  readonly doc: ReviewEdit;
  readonly onChange: (d: ReviewEdit) => void;
}) {
  const [runId, setRunId] = useState(review.runs[0]?.runId ?? '');
  const [verdict, setVerdict] = useState<(typeof FEEDBACK_VERDICTS)[number]>('wrong');
  const [stepId, setStepId] = useState('');
  const [note, setNote] = useState('');
  if (review.runs.length === 0) return null;
  const run = review.runs.find((r) => r.runId === runId) ?? review.runs[0];
  if (!run) return null;
  const step = run.steps.find((s) => s.stepId === stepId) ?? null;
  const can = note.trim() !== '' && (verdict === 'missing' || step !== null);
  const add = () => {
    onChange({
      ...doc,
      feedback: [
        ...doc.feedback,
        {
          id: newId('feedback'),
          playbookId: run.playbookId,
          playbookTitle: run.title,
          playbookVersion: run.version,
          stepId: step?.stepId ?? null,
          stepTitle: step?.title ?? null,
          verdict,
          note: note.trim(),
        },
      ],
    });
    setNote('');
  };
  return (
    <section className="rv-section" aria-label="Playbook feedback">
      <h2 className="rv-section__title">
        Playbook feedback <span className="muted">goes to the playbook's owner when you publish</span>
      </h2>
      <ul className="rv-lines">
        {doc.feedback.map((fb, i) => (
          <li key={fb.id} data-testid="review-feedback">
            <span className={`pill${fb.verdict === 'wrong' ? ' pill--danger' : ''}`}>{fb.verdict}</span>
            <span className="rv-lines__text">
              {fb.playbookTitle} v{fb.playbookVersion}
              {fb.stepTitle ? ` · ${fb.verdict === 'missing' ? 'after ' : ''}'${fb.stepTitle}'` : ''}:{' '}
              {fb.note}
            </span>
            <button
              type="button"
              className="link-button"
              aria-label={`Remove feedback ${i + 1}`}
              onClick={() => onChange({ ...doc, feedback: doc.feedback.filter((_, j) => j !== i) })}
            >
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <div className="rv-feedback-form">
        <select
          className="input select"
          aria-label="Playbook run"
          value={run.runId}
          onChange={(e) => setRunId(e.target.value)}
        >
          {review.runs.map((r) => (
            <option key={r.runId} value={r.runId}>
              {r.title} v{r.version}
            </option>
          ))}
        </select>
        <select
          className="input select"
          aria-label="Feedback verdict"
          value={verdict}
          onChange={(e) => setVerdict(e.target.value === 'missing' ? 'missing' : 'wrong')}
        >
          <option value="wrong">Step is wrong</option>
          <option value="missing">A step is missing</option>
        </select>
        <select
          className="input select"
          aria-label="Feedback step"
          value={stepId}
          onChange={(e) => setStepId(e.target.value)}
        >
          <option value="">{verdict === 'missing' ? 'At the start' : 'Pick the step'}</option>
          {run.steps.map((s, i) => (
            <option key={s.stepId} value={s.stepId}>
              {verdict === 'missing' ? 'After ' : ''}
              {i + 1}. {s.title} ({s.state})
            </option>
          ))}
        </select>
        <input
          className="input"
          aria-label="Feedback note"
          placeholder="What was wrong or missing"
          value={note}
          maxLength={5000}
          onChange={(e) => setNote(e.target.value)}
        />
        <button
          type="button"
          className="button"
          disabled={!can}
          onClick={add}
          data-testid="review-feedback-add"
        >
          Add feedback
        </button>
      </div>
    </section>
  );
}
