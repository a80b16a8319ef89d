/**
 * One handover: the outgoing engineer's editor while it is a draft; once submitted, the
 * review item by item (incoming: Accept / Question; outgoing: answer questions), the
 * acknowledgement and the record of every act. Keyboard: ↑↓ (or J K) move between items,
 * A accepts, Q questions the item in focus.
 */
import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import {
  type Handover,
  type HandoverItem,
  ITEM_KINDS,
  type ItemReview,
  SECTION_TITLES,
} from '../../shared/handover/model';
import { navigate } from '../app/router';
import { markReady } from '../app/store';
import { EmptyState, ErrorPanel, Kbd, SkeletonLines } from '../ui/feedback';
import { isTypingTarget } from '../ui/hooks';
import { Icon } from '../ui/icons';
import { clockTime, exportHandover, ItemFacts, ItemStatusChip, when } from './bits';
import { EngineerSwitcher } from './EngineerSwitcher';
import { useHandover } from './store';

const same = (a: string | undefined, b: string) => !!a && a.trim().toLowerCase() === b.trim().toLowerCase();

export function HandoverPage({ id }: { readonly id: string }) {
  const open = useHandover((s) => s.open);
  const status = useHandover((s) => s.openStatus);
  const error = useHandover((s) => s.openError);
  const engineers = useHandover((s) => s.engineers);
  const activeId = useHandover((s) => s.activeId);
  const me = engineers.find((e) => e.id === activeId)?.name;

  useEffect(() => {
    void useHandover.getState().openHandover(id);
  }, [id]);
  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);

  const h = open?.id === id ? open : null;

  return (
    <section className="screen" aria-labelledby="ho-title">
      <header className="screen__header ho-head">
        <div>
          <a className="ho-back" href="#/handover">
            <Icon name="back" size={14} /> Handovers
          </a>
          <h1 id="ho-title" className="screen__title">
            {h ? `Handover by ${h.from.name}` : 'Handover'}
          </h1>
          {h && (
            <p className="screen__subtitle">
              Shift {when(h.shiftStartedAt)} → {when(h.shiftEndedAt)}
              {h.submittedAt ? ` · submitted ${when(h.submittedAt)}` : ' · draft'}
              {h.importedAt ? ' · imported from another console' : ''}
            </p>
          )}
        </div>
        <div className="ho-head__side">
          <EngineerSwitcher />
          {h && (
            <div className="ho-exports">
              <button type="button" className="button" onClick={() => void exportHandover(h.id, 'markdown')}>
                Markdown
              </button>
              <button type="button" className="button" onClick={() => void exportHandover(h.id, 'pdf')}>
                PDF
              </button>
              {h.status !== 'draft' && (
                <button type="button" className="button" onClick={() => void exportHandover(h.id, 'bundle')}>
                  Bundle
                </button>
              )}
            </div>
          )}
        </div>
      </header>
      <div className="screen__body ho-body" data-testid="screen-body">
        {status === 'failed' && error && (
          <ErrorPanel
            error={error}
            doing="open the handover"
            onRetry={() => void useHandover.getState().openHandover(id)}
          />
        )}
        {!h && status === 'loading' && <SkeletonLines rows={8} label="Opening the handover" />}
        {h && h.status === 'draft' && same(me, h.from.name) && <DraftEditor key={h.version} handover={h} />}
        {h && h.status === 'draft' && !same(me, h.from.name) && (
          <EmptyState icon="handover" title={`${h.from.name} has not submitted this handover yet`}>
            <p>
              It is a draft: only {h.from.name} edits and submits it. Switch to their profile above to
              continue it.
            </p>
          </EmptyState>
        )}
        {h && h.status !== 'draft' && <Review handover={h} me={me} />}
      </div>
      <footer className="screen__hint">
        {h?.status === 'draft' ? (
          <>
            Edit titles and details, remove what does not need handing over, add notes, then submit: it is
            frozen after.
          </>
        ) : (
          <>
            <Kbd>↑</Kbd>
            <Kbd>↓</Kbd> move · <Kbd>A</Kbd> accept · <Kbd>Q</Kbd> question the item in focus
          </>
        )}
      </footer>
    </section>
  );
}

// --- draft editor --------------------------------------------------------------------

interface DraftItem {
  readonly key: string;
  /** null for a note added in this edit, not saved yet. */
  readonly id: string | null;
  readonly kind: HandoverItem['kind'];
  readonly title: string;
  readonly detail: string;
  readonly base: HandoverItem | null;
}

function DraftEditor({ handover }: { readonly handover: Handover }) {
  const busy = useHandover((s) => s.busy);
  const [items, setItems] = useState<DraftItem[]>(() =>
    handover.items.map((i) => ({
      key: i.id,
      id: i.id,
      kind: i.kind,
      title: i.title,
      detail: i.detail,
      base: i,
    })),
  );
  const [dirty, setDirty] = useState(false);
  const [noteTitle, setNoteTitle] = useState('');
  const [noteDetail, setNoteDetail] = useState('');
  const removed = useMemo(
    () => [...handover.removed, ...handover.items].filter((i) => !items.some((d) => d.id === i.id)),
    [handover, items],
  );

  const change = (next: DraftItem[]) => {
    setItems(next);
    setDirty(true);
  };
  const save = async () => {
    const r = await useHandover.getState().act(
      'handover:update',
      {
        handoverId: handover.id,
        baseVersion: handover.version,
        items: items.map((d) =>
          d.id === null
            ? { id: null, kind: 'note' as const, title: d.title.trim(), detail: d.detail }
            : { id: d.id, title: d.title.trim(), detail: d.detail },
        ),
      },
      'save the draft',
    );
    return r;
  };
  const submit = async () => {
    let version = handover.version;
    if (dirty) {
      const saved = await save();
      if (!saved) return;
      version = saved.version;
    }
    await useHandover
      .getState()
      .act('handover:submit', { handoverId: handover.id, baseVersion: version }, 'submit the handover');
  };
  const invalid = items.some((d) => d.title.trim() === '');

  return (
    <div className="ho-editor">
      <div className="ho-editor__intro banner banner--warn">
        <Icon name="edit" size={16} />
        <div>
          <strong>Proposed from the log of your shift.</strong> Check each item, say what the next engineer
          must do, remove what does not need handing over and add notes. Once submitted it is frozen.
        </div>
      </div>
      {ITEM_KINDS.map((kind) => {
        const list = items.filter((d) => d.kind === kind);
        return (
          <section key={kind} className="ho-section" aria-label={SECTION_TITLES[kind]}>
            <h2 className="ho-section__title">
              {SECTION_TITLES[kind]} <span className="muted">{list.length}</span>
            </h2>
            {list.length === 0 && kind !== 'note' && <p className="muted ho-section__none">Nothing here.</p>}
            {list.map((d) => (
              <article
                key={d.key}
                className={`ho-item ho-item--edit${d.base?.incident ? ` ho-item--${d.base.incident.severity}` : ''}`}
              >
                <div className="ho-item__head">
                  <input
                    className="input ho-item__title-input"
                    aria-label="Item title"
                    value={d.title}
                    maxLength={300}
                    onChange={(e) =>
                      change(items.map((x) => (x.key === d.key ? { ...x, title: e.target.value } : x)))
                    }
                  />
                  <button
                    type="button"
                    className="button button--ghost-danger"
                    aria-label={`Remove “${d.title}”`}
                    onClick={() => change(items.filter((x) => x.key !== d.key))}
                  >
                    Remove
                  </button>
                </div>
                {d.base && <ItemFacts item={d.base} at={handover.shiftEndedAt} />}
                <textarea
                  className="input ho-item__detail-input"
                  aria-label="What the next engineer needs to know"
                  value={d.detail}
                  rows={2}
                  maxLength={10_000}
                  onChange={(e) =>
                    change(items.map((x) => (x.key === d.key ? { ...x, detail: e.target.value } : x)))
                  }
                />
              </article>
            ))}
            {kind === 'note' && (
              <form
                className="ho-addnote"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!noteTitle.trim()) return;
                  change([
                    ...items,
                    {
                      key: `new-${Date.now()}`,
                      id: null,
                      kind: 'note',
                      title: noteTitle.trim(),
                      detail: noteDetail,
                      base: null,
                    },
                  ]);
                  setNoteTitle('');
                  setNoteDetail('');
                }}
              >
                <input
                  className="input"
                  aria-label="Note"
                  placeholder="Add a note for the next engineer…"
                  value={noteTitle}
                  maxLength={300}
                  onChange={(e) => setNoteTitle(e.target.value)}
                />
                <input
                  className="input"
                  aria-label="Note details"
                  placeholder="Details (optional)"
                  value={noteDetail}
                  maxLength={10_000}
                  onChange={(e) => setNoteDetail(e.target.value)}
                />
                <button type="submit" className="button" disabled={!noteTitle.trim()}>
                  <Icon name="plus" size={14} /> Add note
                </button>
              </form>
            )}
          </section>
        );
      })}
      {removed.length > 0 && (
        <section className="ho-section ho-section--removed" aria-label="Removed">
          <h2 className="ho-section__title">
            Removed <span className="muted">{removed.length}</span>
          </h2>
          <ul className="ho-removed">
            {removed.map((i) => (
              <li key={i.id}>
                <span>{i.title}</span>
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    change([
                      ...items,
                      { key: i.id, id: i.id, kind: i.kind, title: i.title, detail: i.detail, base: i },
                    ])
                  }
                >
                  Put back
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="ho-editor__actions">
        <span className="muted">
          {items.length} item{items.length === 1 ? '' : 's'}
          {dirty ? ' · unsaved changes' : ' · saved'}
        </span>
        <button
          type="button"
          className="button"
          disabled={!dirty || busy || invalid}
          onClick={() => void save()}
        >
          Save draft
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={busy || invalid || items.length === 0}
          onClick={() => void submit()}
        >
          <Icon name="check" size={14} /> Submit handover
        </button>
      </div>
    </div>
  );
}

// --- review --------------------------------------------------------------------------

function Review({ handover: h, me }: { readonly handover: Handover; readonly me: string | undefined }) {
  const outgoing = same(me, h.from.name);
  const reviews = useMemo(() => new Map(h.reviews.map((r) => [r.itemId, r])), [h.reviews]);
  const ordered = useMemo(() => ITEM_KINDS.flatMap((k) => h.items.filter((i) => i.kind === k)), [h.items]);
  const [focus, setFocus] = useState(0);
  const [asking, setAsking] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLElement>());
  const accepted = h.reviews.filter((r) => r.status === 'accepted').length;

  const accept = (itemId: string) =>
    useHandover
      .getState()
      .act('handover:review', { handoverId: h.id, itemId, verdict: 'accept' }, 'accept the item');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      const move = (delta: number) => {
        event.preventDefault();
        const next = Math.min(ordered.length - 1, Math.max(0, focus + delta));
        setFocus(next);
        const item = ordered[next];
        if (item) refs.current.get(item.id)?.focus();
      };
      if (key === 'arrowdown' || key === 'j') move(1);
      else if (key === 'arrowup' || key === 'k') move(-1);
      else if (!outgoing && h.status !== 'acknowledged') {
        const item = ordered[focus];
        if (!item) return;
        if (key === 'a' && reviews.get(item.id)?.status !== 'accepted') {
          event.preventDefault();
          void accept(item.id).then((r) => {
            if (r && focus < ordered.length - 1) move(1);
          });
        } else if (key === 'q') {
          event.preventDefault();
          setAsking(item.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="ho-review">
      {h.status === 'acknowledged' ? (
        <div className="ho-ack" role="status" data-testid="handover-acknowledged">
          <span className="ho-ack__mark">
            <Icon name="check" size={20} />
          </span>
          <div>
            <strong>Acknowledged by {h.acknowledgedBy}</strong> at {when(h.acknowledgedAt)} — every item
            accepted
            {h.openQuestions > 0
              ? `; ${h.openQuestions} question${h.openQuestions === 1 ? '' : 's'} still unanswered`
              : ''}
            .
          </div>
          {!outgoing && <StartShiftOffer />}
        </div>
      ) : (
        <div className={`ho-progress${h.overdue ? ' ho-progress--overdue' : ''}`}>
          <div className="ho-progress__text">
            <strong>
              {accepted} of {h.items.length} accepted
            </strong>
            {h.openQuestions > 0 && (
              <span className="ho-progress__q">
                {h.openQuestions} open question{h.openQuestions === 1 ? '' : 's'}
              </span>
            )}
            {h.overdue && <span className="ho-overdue">Overdue: not acknowledged</span>}
            <span className="muted">
              {outgoing
                ? 'You handed this over: answer questions here; the incoming engineer accepts each item.'
                : 'Accept each item once you know what to do with it, or ask about it.'}
            </span>
          </div>
          <div className="ho-progress__bar" aria-hidden="true">
            <div style={{ width: `${h.items.length ? (accepted / h.items.length) * 100 : 0}%` }} />
          </div>
        </div>
      )}
      {ITEM_KINDS.map((kind) => {
        const list = h.items.filter((i) => i.kind === kind);
        if (list.length === 0) return null;
        return (
          <section key={kind} className="ho-section" aria-label={SECTION_TITLES[kind]}>
            <h2 className="ho-section__title">
              {SECTION_TITLES[kind]} <span className="muted">{list.length}</span>
            </h2>
            {list.map((item) => {
              const index = ordered.indexOf(item);
              return (
                <ReviewItem
                  key={item.id}
                  handover={h}
                  item={item}
                  review={reviews.get(item.id)}
                  outgoing={outgoing}
                  focused={index === focus}
                  asking={asking === item.id}
                  setAsking={(v) => setAsking(v ? item.id : null)}
                  onFocus={() => setFocus(index)}
                  refCallback={(el) => {
                    if (el) refs.current.set(item.id, el);
                    else refs.current.delete(item.id);
                  }}
                  onAccept={() => void accept(item.id)}
                />
              );
            })}
          </section>
        );
      })}
      <section className="ho-section" aria-label="Record">
        <h2 className="ho-section__title">Record</h2>
        <ol className="ho-record">
          {h.events.map((e) => {
            const item = e.itemId ? h.items.find((i) => i.id === e.itemId) : undefined;
            return (
              <li key={e.id}>
                <span className="ho-record__when">{when(e.at)}</span>
                <span className="ho-record__who">{e.author}</span>
                <span className={`ho-record__what ho-record__what--${e.type}`}>{e.type}</span>
                <span className="ho-record__item">
                  {item ? item.title : e.type === 'submitted' ? 'the handover' : ''}
                </span>
              </li>
            );
          })}
        </ol>
        {h.contentHash && <p className="ho-hash mono">SHA-256 {h.contentHash}</p>}
      </section>
    </div>
  );
}

function ReviewItem({
  handover: h,
  item,
  review,
  outgoing,
  focused,
  asking,
  setAsking,
  onFocus,
  refCallback,
  onAccept,
}: {
  readonly handover: Handover;
  readonly item: HandoverItem;
  readonly review: ItemReview | undefined;
  readonly outgoing: boolean;
  readonly focused: boolean;
  readonly asking: boolean;
  readonly setAsking: (v: boolean) => void;
  readonly onFocus: () => void;
  readonly refCallback: (el: HTMLElement | null) => void;
  readonly onAccept: () => void;
}) {
  const busy = useHandover((s) => s.busy);
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const askRef = useRef<HTMLTextAreaElement>(null);
  const status = review?.status ?? 'pending';
  const done = h.status === 'acknowledged';

  useEffect(() => {
    if (asking) askRef.current?.focus();
  }, [asking]);

  return (
    <article
      ref={refCallback}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: items take focus so A and Q act on the one in focus
      tabIndex={0}
      onFocus={onFocus}
      className={`ho-item ho-item--${status}${focused ? ' ho-item--focus' : ''}${item.incident ? ` ho-item--${item.incident.severity}` : ''}`}
      aria-label={`${item.title}: ${status}`}
    >
      <div className="ho-item__head">
        <h3 className="ho-item__title">{item.title}</h3>
        <ItemStatusChip status={status} />
      </div>
      <ItemFacts item={item} at={h.shiftEndedAt} />
      {item.detail.trim() && <p className="ho-item__detail">{item.detail}</p>}
      {review && review.questions.length > 0 && (
        <div className="ho-thread">
          {review.questions.map((q) => (
            <div key={q.id} className={`ho-q${q.answer ? '' : ' ho-q--open'}`}>
              <p>
                <span className="ho-q__tag">Question</span> <strong>{q.by}</strong>{' '}
                <span className="muted">{clockTime(q.at)}</span> — {q.comment}
              </p>
              {q.answer ? (
                <p>
                  <span className="ho-q__tag ho-q__tag--a">Answer</span> <strong>{q.answer.by}</strong>{' '}
                  <span className="muted">{clockTime(q.answer.at)}</span> — {q.answer.text}
                </p>
              ) : outgoing ? (
                <form
                  className="ho-q__answer"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const text = (answers[q.id] ?? '').trim();
                    if (!text) return;
                    void useHandover
                      .getState()
                      .act(
                        'handover:answer',
                        { handoverId: h.id, questionId: q.id, text },
                        'answer the question',
                      );
                  }}
                >
                  <textarea
                    className="input ho-q__input"
                    aria-label={`Answer to: ${q.comment}`}
                    placeholder="Your answer… (Enter sends, Shift+Enter for a new line)"
                    rows={2}
                    value={answers[q.id] ?? ''}
                    onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                    onKeyDown={submitOnEnter}
                  />
                  <button
                    type="submit"
                    className="button button--primary"
                    disabled={busy || !(answers[q.id] ?? '').trim()}
                  >
                    Answer
                  </button>
                </form>
              ) : (
                <p className="ho-q__waiting">Waiting for {h.from.name} to answer.</p>
              )}
            </div>
          ))}
        </div>
      )}
      {!outgoing && !done && (
        <div className="ho-item__actions">
          {status !== 'accepted' && (
            <button type="button" className="button button--primary" disabled={busy} onClick={onAccept}>
              <Icon name="check" size={14} /> Accept <kbd className="kbd kbd--on-primary">A</kbd>
            </button>
          )}
          {!asking && (
            <button type="button" className="button" disabled={busy} onClick={() => setAsking(true)}>
              Question <kbd className="kbd">Q</kbd>
            </button>
          )}
          {status === 'accepted' && review?.acceptedBy && (
            <span className="muted">
              Accepted by {review.acceptedBy} at {clockTime(review.acceptedAt)}
            </span>
          )}
        </div>
      )}
      {(outgoing || done) && status === 'accepted' && review?.acceptedBy && (
        <p className="ho-item__accepted">
          <Icon name="check" size={13} /> Accepted by {review.acceptedBy}, {when(review.acceptedAt)}
        </p>
      )}
      {asking && !outgoing && !done && (
        <form
          className="ho-ask"
          onSubmit={(e) => {
            e.preventDefault();
            const text = comment.trim();
            if (!text) return;
            void useHandover
              .getState()
              .act(
                'handover:review',
                { handoverId: h.id, itemId: item.id, verdict: 'question', comment: text },
                'ask the question',
              )
              .then((r) => {
                if (r) {
                  setComment('');
                  setAsking(false);
                }
              });
          }}
        >
          <textarea
            ref={askRef}
            className="input ho-q__input"
            aria-label={`Question about: ${item.title}`}
            placeholder={`What do you need ${h.from.name} to tell you? (Enter sends, Shift+Enter for a new line)`}
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setAsking(false);
              submitOnEnter(e);
            }}
          />
          <button type="submit" className="button button--primary" disabled={busy || !comment.trim()}>
            Send question
          </button>
          <button type="button" className="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      )}
    </article>
  );
}

/**
 * Once the incoming engineer has acknowledged, the next thing they do is take the shift: offered
 * here when no shift runs at this console (it is theirs: the active engineer signs it).
 */
function StartShiftOffer() {
  const { shift, shiftLoaded, signedAs, busy } = useHandover();
  useEffect(() => {
    void useHandover.getState().loadPeople();
  }, []);
  if (!shiftLoaded) return null;
  if (shift)
    return (
      <span className="ho-ack__shift muted" data-testid="shift-running">
        {shift.engineer.name} on shift since {clockTime(shift.startedAt)}
      </span>
    );
  return (
    <button
      type="button"
      className="button button--primary ho-ack__shift"
      disabled={busy}
      onClick={() => void useHandover.getState().startShift()}
    >
      Start shift as {signedAs}
    </button>
  );
}

/** Enter sends a question or an answer, like every other field; Shift+Enter is a new line. */
function submitOnEnter(e: ReactKeyboardEvent<HTMLTextAreaElement>): void {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing)
    return;
  e.preventDefault();
  e.currentTarget.form?.requestSubmit();
}

export function openHandoverPage(id: string): void {
  navigate({ screen: 'handover', path: [id], params: {} });
}
