/**
 * Pure logic of the handover review: each item's status derived from the acts recorded
 * (so logs merged from several consoles give the same answer whatever their arrival order),
 * and the canonical JSON that content hashes are taken over.
 */
import { assertNever } from '../util/assertNever';
import {
  EVENT_PAYLOADS,
  type HandoverEvent,
  type HandoverItem,
  type ItemReview,
  type Question,
} from './model';

/** Events in the order they happened: time, then id (UUIDv7 ids from one device sort by time). */
export function orderEvents(events: readonly HandoverEvent[]): HandoverEvent[] {
  const seen = new Set<string>();
  return [...events]
    .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      return true;
    });
}

export interface ReviewOutcome {
  readonly reviews: ItemReview[];
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly openQuestions: number;
}

/**
 * Folds the acts into each item's status. An item is accepted when its latest review act
 * is an acceptance; questioned while its latest act is a question; an answer sends it back
 * to pending for the incoming engineer. Questions stay on the record, answered or not. The
 * handover is acknowledged at the act that made every item accepted.
 */
export function deriveReview(
  items: readonly HandoverItem[],
  events: readonly HandoverEvent[],
): ReviewOutcome {
  const byItem = new Map<string, { review: ItemReview; questions: Map<string, Question> }>();
  for (const item of items) {
    byItem.set(item.id, {
      review: { itemId: item.id, status: 'pending', acceptedAt: null, acceptedBy: null, questions: [] },
      questions: new Map(),
    });
  }
  let acknowledgedAt: string | null = null;
  let acknowledgedBy: string | null = null;
  for (const e of orderEvents(events)) {
    const slot = e.itemId === null ? undefined : byItem.get(e.itemId);
    switch (e.type) {
      case 'submitted':
        break;
      case 'accepted':
        if (!slot) break;
        slot.review.status = 'accepted';
        slot.review.acceptedAt = e.at;
        slot.review.acceptedBy = e.author;
        break;
      case 'questioned': {
        const p = EVENT_PAYLOADS.questioned.safeParse(e.payload);
        if (!slot || !p.success) break;
        const q: Question = { id: e.id, at: e.at, by: e.author, comment: p.data.comment, answer: null };
        slot.questions.set(e.id, q);
        slot.review.questions.push(q);
        slot.review.status = 'questioned';
        slot.review.acceptedAt = null;
        slot.review.acceptedBy = null;
        break;
      }
      case 'answered': {
        const p = EVENT_PAYLOADS.answered.safeParse(e.payload);
        if (!slot || !p.success) break;
        const q = slot.questions.get(p.data.questionId);
        if (!q || q.answer) break;
        q.answer = { id: e.id, at: e.at, by: e.author, text: p.data.text };
        if (slot.review.status === 'questioned' && slot.review.questions.every((x) => x.answer !== null))
          slot.review.status = 'pending';
        break;
      }
      default:
        assertNever(e.type, 'handover event');
    }
    if (acknowledgedAt === null && items.length > 0 && e.type === 'accepted') {
      if ([...byItem.values()].every((s) => s.review.status === 'accepted')) {
        acknowledgedAt = e.at;
        acknowledgedBy = e.author;
      }
    }
  }
  const reviews = items.map((item) => byItem.get(item.id)?.review).filter((r): r is ItemReview => !!r);
  // Acknowledgement is a moment, but a later question (merged from another console) reopens it.
  if (!reviews.every((r) => r.status === 'accepted')) {
    acknowledgedAt = null;
    acknowledgedBy = null;
  }
  const openQuestions = reviews.reduce((n, r) => n + r.questions.filter((q) => q.answer === null).length, 0);
  return { reviews, acknowledgedAt, acknowledgedBy, openQuestions };
}

/** "Jane Doe" → "JD", "jo" → "JO", "Ana María López-Ruiz" → "AML". */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const letters = words.map((w) => [...w].find((c) => /[\p{L}\p{N}]/u.test(c)) ?? '').join('');
  const pick =
    letters.length >= 2 ? letters.slice(0, 3) : [...name.replace(/[^\p{L}\p{N}]/gu, '')].slice(0, 2).join('');
  return (pick || '?').toUpperCase();
}

/** Submitted, not acknowledged, and submitted longer ago than the threshold. */
export function isOverdue(
  submittedAt: string | null,
  acknowledgedAt: string | null,
  now: Date,
  thresholdMinutes: number,
): boolean {
  if (!submittedAt || acknowledgedAt) return false;
  const at = Date.parse(submittedAt);
  return !Number.isNaN(at) && now.getTime() - at > thresholdMinutes * 60_000;
}
