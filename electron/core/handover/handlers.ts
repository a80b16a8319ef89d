/** Shifts and handovers: generated from the log, submitted frozen, acknowledged item by item. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LifelineError } from '../../../shared/api/result';
import type { handoverCalls } from '../../../shared/handover/calls';
import { handoverMarkdown } from '../../../shared/handover/markdown';
import type { Handover, HandoverItem, HandoverSummary } from '../../../shared/handover/model';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { assertNever } from '../../../shared/util/assertNever';
import type { BackendContext, Handler, HandlerMap } from '../api/handlers';
import type { Db } from '../db/database';
import { likeContaining } from '../db/like';
import { renderPdf } from '../playbooks/gobag-pdf';
import { exportBundle, importBundle } from './bundle';
import { activeEngineer, listEngineers, saveEngineer, switchEngineer } from './engineers';
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
  insertShift,
  overdueMinutes,
  parseItems,
  runningShift,
  setOverdueMinutes,
  summarize,
  toHandover,
} from './store';

/** Who is acting: the active profile, else whoever the console says is at the keyboard. */
function actor(ctx: BackendContext): string {
  return activeEngineer(ctx.db)?.name ?? ctx.author();
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

export async function pdfBytes(h: Handover): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-handover-'));
  try {
    const out = path.join(dir, 'handover.pdf');
    await renderPdf(handoverHtml(h), out);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function listHandovers(
  db: Db,
  input: {
    engineer?: string | undefined;
    customer?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    acknowledged?: boolean | undefined;
    includeDrafts?: boolean | undefined;
    limit?: number | undefined;
  },
): HandoverSummary[] {
  const where = ['h.deleted_at IS NULL'];
  const args: Array<string | number> = [];
  if (!input.includeDrafts) where.push('h.submitted_at IS NOT NULL');
  if (input.engineer) {
    where.push(
      `(h.from_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM handover_events e WHERE e.handover_id = h.id AND e.author LIKE ? ESCAPE '\\'))`,
    );
    const like = likeContaining(input.engineer);
    args.push(like, like);
  }
  if (input.customer) {
    where.push(`EXISTS (SELECT 1 FROM json_each(h.items) j WHERE json_extract(j.value, '$.customer.id') = ?
                   OR lower(json_extract(j.value, '$.customer.code')) = lower(?)
                   OR json_extract(j.value, '$.customer.name') LIKE ? ESCAPE '\\')`);
    args.push(input.customer, input.customer, likeContaining(input.customer));
  }
  // A shift matches a date range when the two overlap.
  if (input.from) {
    where.push('h.shift_ended_at >= ?');
    args.push(input.from);
  }
  if (input.to) {
    where.push('h.shift_started_at <= ?');
    args.push(input.to);
  }
  const rows = db
    .prepare(
      `SELECT h.* FROM handovers h WHERE ${where.join(' AND ')} ORDER BY h.shift_ended_at DESC, h.id DESC`,
    )
    .all(...args) as HandoverRow[];
  const now = new Date();
  const out: HandoverSummary[] = [];
  for (const row of rows) {
    const s = summarize(toHandover(db, row, now));
    if (input.acknowledged !== undefined && (s.status === 'acknowledged') !== input.acknowledged) continue;
    out.push(s);
    if (out.length >= (input.limit ?? 200)) break;
  }
  return out;
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

const handlers: HandlerMap<keyof typeof handoverCalls> = {
  'engineer:list': (_input, ctx) => ({
    engineers: listEngineers(ctx.db),
    activeId: activeEngineer(ctx.db)?.id ?? null,
  }),
  'engineer:save': (input, ctx) => {
    const saved = saveEngineer(ctx.db, input);
    ctx.emit('data:changed', { domains: ['settings'] });
    return saved;
  },
  'engineer:switch': (input, ctx) => {
    switchEngineer(ctx.db, input.id);
    ctx.emit('data:changed', { domains: ['settings'] });
    return { engineers: listEngineers(ctx.db), activeId: input.id };
  },
  'shift:current': (_input, ctx) => ({
    shift: runningShift(ctx.db, ctx.deviceId),
    active: activeEngineer(ctx.db),
  }),
  'shift:start': (_input, ctx) => {
    const db = ctx.db;
    return db.transaction(() => {
      const who = activeEngineer(db);
      if (!who)
        throw new LifelineError(
          'CONFLICT',
          'Choose who you are first: pick your engineer profile (or add one), then start the shift.',
        );
      const running = runningShift(db, ctx.deviceId);
      if (running)
        throw new LifelineError(
          'CONFLICT',
          `${running.engineer.name}'s shift (since ${running.startedAt}) is still running on this console: end it first, which proposes their handover.`,
        );
      return insertShift(
        db,
        ctx.deviceId,
        who.id,
        { name: who.name, initials: who.initials },
        new Date().toISOString(),
      );
    })();
  },
  'shift:end': (_input, ctx) => {
    const db = ctx.db;
    return db.transaction(() => {
      const shift = runningShift(db, ctx.deviceId);
      if (!shift)
        throw new LifelineError('CONFLICT', 'No shift is running on this console: start one first.');
      const at = new Date().toISOString();
      const { items } = proposeHandover(db, shift.startedAt, at);
      endShiftRow(db, shift.id, at);
      const id = uuidv7();
      const json = JSON.stringify(items);
      db.prepare(
        `INSERT INTO handovers (id, shift_id, from_name, from_initials, shift_started_at, shift_ended_at, device, items,
                                proposed, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        shift.id,
        shift.engineer.name,
        shift.engineer.initials,
        shift.startedAt,
        at,
        ctx.deviceId,
        json,
        json,
        at,
        at,
      );
      return getHandover(db, id);
    })();
  },
  'handover:get': (input, ctx) => getHandover(ctx.db, input.id),
  'handover:list': (input, ctx) => ({
    items: listHandovers(ctx.db, input),
    overdueMinutes: overdueMinutes(ctx.db),
  }),
  'handover:update': (input, ctx) => {
    const db = ctx.db;
    return db.transaction(() => {
      const row = draftRow(db, input.handoverId, input.baseVersion);
      const items = applyEdits(row, input.items);
      db.prepare('UPDATE handovers SET items = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
        JSON.stringify(items),
        new Date().toISOString(),
        row.id,
      );
      return getHandover(db, row.id);
    })();
  },
  'handover:submit': (input, ctx) => {
    const db = ctx.db;
    return db.transaction(() => {
      const row = draftRow(db, input.handoverId, input.baseVersion);
      const who = actor(ctx);
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
      db.prepare(
        `UPDATE handovers SET submitted_at = ?, content_hash = ?, proposed = '[]', updated_at = ?, version = version + 1
          WHERE id = ?`,
      ).run(at, hash, at, row.id);
      insertEvent(db, {
        handoverId: row.id,
        itemId: null,
        type: 'submitted',
        author: who,
        device: ctx.deviceId,
        payload: { contentHash: hash },
        at,
      });
      return getHandover(db, row.id);
    })();
  },
  'handover:review': (input, ctx) => {
    const db = ctx.db;
    return db.transaction(() => {
      const h = submittedFor(db, input.handoverId);
      const who = actor(ctx);
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
          throw new LifelineError(
            'CONFLICT',
            `This item was already accepted by ${review.acceptedBy ?? '?'}.`,
          );
        insertEvent(db, {
          handoverId: h.id,
          itemId: input.itemId,
          type: 'accepted',
          author: who,
          device: ctx.deviceId,
          payload: {},
        });
      } else {
        insertEvent(db, {
          handoverId: h.id,
          itemId: input.itemId,
          type: 'questioned',
          author: who,
          device: ctx.deviceId,
          payload: { comment: input.comment },
        });
      }
      return getHandover(db, h.id);
    })();
  },
  'handover:answer': (input, ctx) => {
    const db = ctx.db;
    return db.transaction(() => {
      const h = submittedFor(db, input.handoverId);
      const who = actor(ctx);
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
        device: ctx.deviceId,
        payload: { questionId: input.questionId, text: input.text },
      });
      return getHandover(db, h.id);
    })();
  },
  'handover:export': async (input, ctx) => {
    const h = getHandover(ctx.db, input.id);
    const base = fileBase(h);
    switch (input.format) {
      case 'markdown':
        return {
          fileName: `${base}.md`,
          mimeType: 'text/markdown',
          encoding: 'utf8',
          content: handoverMarkdown(h),
        };
      case 'bundle':
        return {
          fileName: `${base}.handover.json`,
          mimeType: 'application/json',
          encoding: 'utf8',
          content: exportBundle(ctx.db, h.id, actor(ctx)),
        };
      case 'pdf':
        return {
          fileName: `${base}.pdf`,
          mimeType: 'application/pdf',
          encoding: 'base64',
          content: (await pdfBytes(h)).toString('base64'),
        };
      default:
        return assertNever(input.format, 'export format');
    }
  },
  'handover:import': (input, ctx) => importBundle(ctx.db, input.content),
  'handover:settings': (input, ctx) => {
    if (input.overdueMinutes !== undefined) setOverdueMinutes(ctx.db, input.overdueMinutes);
    return { overdueMinutes: overdueMinutes(ctx.db) };
  },
};

type HandoverCall = keyof typeof handoverCalls;

/** Calls that change shifts or handovers: other windows refresh when one of them succeeds. */
const ANNOUNCED: ReadonlySet<HandoverCall> = new Set<HandoverCall>([
  'shift:start',
  'shift:end',
  'handover:update',
  'handover:submit',
  'handover:review',
  'handover:answer',
  'handover:import',
]);

function announced<N extends HandoverCall>(name: N, handler: Handler<N>): Handler<N> {
  if (!ANNOUNCED.has(name)) return handler;
  return async (input, ctx) => {
    const value = await handler(input, ctx);
    ctx.emit('data:changed', { domains: ['handover'] });
    return value;
  };
}

export const handoverHandlers = Object.fromEntries(
  (Object.keys(handlers) as HandoverCall[]).map((name) => [
    name,
    announced(name, handlers[name] as Handler<typeof name>),
  ]),
) as unknown as HandlerMap<HandoverCall>;
