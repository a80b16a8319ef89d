/**
 * Shifts and handovers: a shift's end proposes a handover from the log; the outgoing
 * engineer edits and submits it (then it is frozen), the incoming one accepts or questions
 * each item. Each step is one transaction and checks who may take it.
 */
import type { CallOutput } from '../../../shared/api/contract';
import { LifelineError } from '../../../shared/api/result';
import { handoverMarkdown } from '../../../shared/handover/markdown';
import type { Handover, HandoverItem, Shift } from '../../../shared/handover/model';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { assertNever } from '../../../shared/util/assertNever';
import type { ParsedInput } from '../api/handlers';
import type { Db } from '../db/database';
import { markdownFile, pdfFile } from '../exportedFile';
import { printPdf } from '../playbooks/gobag-pdf';
import { exportBundle } from './bundle';
import { activeEngineer } from './engineers';
import { proposeHandover } from './generate';
import { handoverHtml } from './print';
import {
  documentHash,
  documentOf,
  endShiftRow,
  getHandover,
  type HandoverRow,
  handoverRow,
  insertEvent,
  insertHandover,
  insertShift,
  markSubmitted,
  parseItems,
  runningShift,
  saveDraftItems,
} from './store';

/** Who acts, on which console. */
export interface HandoverActor {
  readonly who: string;
  readonly device: string;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function draftRow(db: Db, id: string, baseVersion: number): HandoverRow {
  const row = handoverRow(db, id);
  if (row.submitted_at)
    throw new LifelineError(
      'CONFLICT',
      `This handover was submitted ${row.submitted_at} and is frozen: it can no longer be edited. Add anything new as an answer, or in your next handover.`,
    );
  if (row.version !== baseVersion)
    throw new LifelineError(
      'CONFLICT',
      `This draft changed since you opened it (version ${row.version}, yours ${baseVersion}); reload it and make your edit again.`,
    );
  return row;
}

function submittedFor(db: Db, id: string): Handover {
  const h = getHandover(db, id);
  if (h.status === 'draft')
    throw new LifelineError(
      'CONFLICT',
      'This handover is still a draft: the outgoing engineer submits it first.',
    );
  return h;
}

export function fileBase(h: Pick<Handover, 'from' | 'shiftEndedAt' | 'id'>): string {
  const day = h.shiftEndedAt.slice(0, 16).replace(/[T:]/g, '-');
  const who = h.from.initials.toLowerCase().replace(/[^a-z0-9]/g, '') || 'eng';
  return `handover-${day}-${who}`;
}

export function pdfBytes(h: Handover): Promise<Buffer> {
  return printPdf(handoverHtml(h));
}

function applyEdits(
  row: HandoverRow,
  edits: ReadonlyArray<
    { id: string; title: string; detail: string } | { id: null; kind: 'note'; title: string; detail: string }
  >,
): HandoverItem[] {
  const pool = new Map<string, HandoverItem>();
  for (const item of parseItems(row.proposed, row.id)) pool.set(item.id, item);
  for (const item of parseItems(row.items, row.id)) pool.set(item.id, item);
  const seen = new Set<string>();
  return edits.map((edit, i) => {
    if (edit.id === null) {
      return {
        id: `note-${uuidv7()}`,
        kind: 'note',
        title: edit.title,
        detail: edit.detail,
        customer: null,
        incident: null,
        watch: null,
      };
    }
    const base = pool.get(edit.id);
    if (!base)
      throw new LifelineError(
        'VALIDATION',
        `Item ${i + 1} (${edit.id}) is not part of this handover; reload the draft.`,
      );
    if (seen.has(edit.id)) throw new LifelineError('VALIDATION', `Item ${edit.id} is listed twice.`);
    seen.add(edit.id);
    return { ...base, title: edit.title, detail: edit.detail };
  });
}

export function startShift(db: Db, device: string): Shift {
  return db.transaction(() => {
    const who = activeEngineer(db);
    if (!who)
      throw new LifelineError(
        'CONFLICT',
        'Choose who you are first: pick your engineer profile (or add one), then start the shift.',
      );
    const running = runningShift(db, device);
    if (running)
      throw new LifelineError(
        'CONFLICT',
        `${running.engineer.name}'s shift (since ${running.startedAt}) is still running on this console: end it first, which proposes their handover.`,
      );
    return insertShift(
      db,
      device,
      who.id,
      { name: who.name, initials: who.initials },
      new Date().toISOString(),
    );
  })();
}

/** Ends the running shift and returns the handover proposed from the log since it started. */
export function endShift(db: Db, device: string): Handover {
  return db.transaction(() => {
    const shift = runningShift(db, device);
    if (!shift) throw new LifelineError('CONFLICT', 'No shift is running on this console: start one first.');
    const at = new Date().toISOString();
    const { items } = proposeHandover(db, shift.startedAt, at);
    endShiftRow(db, shift.id, at);
    const id = insertHandover(db, {
      shiftId: shift.id,
      from: shift.engineer,
      shiftStartedAt: shift.startedAt,
      shiftEndedAt: at,
      device,
      items,
    });
    return getHandover(db, id);
  })();
}

export function updateDraft(db: Db, input: ParsedInput<'handover:update'>): Handover {
  return db.transaction(() => {
    const row = draftRow(db, input.handoverId, input.baseVersion);
    const items = applyEdits(row, input.items);
    saveDraftItems(db, row.id, items, new Date().toISOString());
    return getHandover(db, row.id);
  })();
}

export function submitHandover(
  db: Db,
  actor: HandoverActor,
  input: ParsedInput<'handover:submit'>,
): Handover {
  return db.transaction(() => {
    const row = draftRow(db, input.handoverId, input.baseVersion);
    const { who } = actor;
    if (!sameName(who, row.from_name))
      throw new LifelineError(
        'CONFLICT',
        `Only ${row.from_name}, whose shift this was, submits this handover. Switch to their profile to submit it.`,
      );
    if (parseItems(row.items, row.id).length === 0)
      throw new LifelineError(
        'VALIDATION',
        'This handover has no items: add at least a note saying the shift was quiet.',
      );
    const at = new Date().toISOString();
    const hash = documentHash(documentOf({ ...row, submitted_at: at }));
    markSubmitted(db, row.id, hash, at);
    insertEvent(db, {
      handoverId: row.id,
      itemId: null,
      type: 'submitted',
      author: who,
      device: actor.device,
      payload: { contentHash: hash },
      at,
    });
    return getHandover(db, row.id);
  })();
}

export function reviewItem(db: Db, actor: HandoverActor, input: ParsedInput<'handover:review'>): Handover {
  return db.transaction(() => {
    const h = submittedFor(db, input.handoverId);
    const { who } = actor;
    if (sameName(who, h.from.name))
      throw new LifelineError(
        'CONFLICT',
        `You (${who}) handed this over: the incoming engineer reviews it. Switch to their profile to accept or question items.`,
      );
    if (h.status === 'acknowledged')
      throw new LifelineError(
        'CONFLICT',
        `This handover was already acknowledged by ${h.acknowledgedBy ?? 'someone'} at ${h.acknowledgedAt ?? '?'}.`,
      );
    const review = h.reviews.find((r) => r.itemId === input.itemId);
    if (!review) throw new LifelineError('NOT_FOUND', 'This handover has no such item; reload it.');
    if (input.verdict === 'accept') {
      if (review.status === 'accepted')
        throw new LifelineError('CONFLICT', `This item was already accepted by ${review.acceptedBy ?? '?'}.`);
      insertEvent(db, {
        handoverId: h.id,
        itemId: input.itemId,
        type: 'accepted',
        author: who,
        device: actor.device,
        payload: {},
      });
    } else {
      insertEvent(db, {
        handoverId: h.id,
        itemId: input.itemId,
        type: 'questioned',
        author: who,
        device: actor.device,
        payload: { comment: input.comment },
      });
    }
    return getHandover(db, h.id);
  })();
}

export function answerQuestion(
  db: Db,
  actor: HandoverActor,
  input: ParsedInput<'handover:answer'>,
): Handover {
  return db.transaction(() => {
    const h = submittedFor(db, input.handoverId);
    const { who } = actor;
    let found: { itemId: string; answered: boolean } | null = null;
    for (const r of h.reviews) {
      const q = r.questions.find((x) => x.id === input.questionId);
      if (q) found = { itemId: r.itemId, answered: q.answer !== null };
    }
    if (!found) throw new LifelineError('NOT_FOUND', 'This handover has no such question; reload it.');
    if (found.answered)
      throw new LifelineError('CONFLICT', 'This question was already answered; reload to see the answer.');
    if (!sameName(who, h.from.name))
      throw new LifelineError(
        'CONFLICT',
        `Questions are answered by ${h.from.name}, who handed over. Switch to their profile to answer.`,
      );
    insertEvent(db, {
      handoverId: h.id,
      itemId: found.itemId,
      type: 'answered',
      author: who,
      device: actor.device,
      payload: { questionId: input.questionId, text: input.text },
    });
    return getHandover(db, h.id);
  })();
}

/** A handover as a file to save: Markdown, a bundle another console imports, or a PDF. */
export async function exportHandover(
  db: Db,
  who: string,
  input: ParsedInput<'handover:export'>,
): Promise<CallOutput<'handover:export'>> {
  const h = getHandover(db, input.id);
  const base = fileBase(h);
  switch (input.format) {
    case 'markdown':
      return markdownFile(base, handoverMarkdown(h));
    case 'bundle':
      return {
        fileName: `${base}.handover.json`,
        mimeType: 'application/json',
        encoding: 'utf8',
        content: exportBundle(db, h.id, who),
      };
    case 'pdf':
      return pdfFile(base, await pdfBytes(h));
    default:
      return assertNever(input.format, 'export format');
  }
}
