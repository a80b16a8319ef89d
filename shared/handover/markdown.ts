/**
 * A handover as Markdown: what was handed over, section by section, then how each item
 * was acknowledged. Times are UTC so the document reads the same in every office.
 */
import { type Handover, type HandoverItem, ITEM_KINDS, type ItemReview, SECTION_TITLES } from './model';

/** "2025-03-01T21:04:09.120Z" → "2025-03-01 21:04 UTC". */
export function utcTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const STATUS_LABELS = { pending: 'pending', questioned: 'questioned', accepted: 'accepted' } as const;

const FOLLOW_UP_LABELS = {
  hypothesis: 'Hypothesis',
  evidence: 'Evidence',
  problem_ticket: 'Problem ticket',
  task: 'Task',
} as const;

/** Markdown-significant characters in one-line text, escaped so names cannot break the layout. */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function block(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^(\s*)([#>*+-]|\d+\.)(\s)/, '$1\\$2$3'))
    .join('\n');
}

function itemLines(item: HandoverItem, review: ItemReview | undefined): string[] {
  const out: string[] = [];
  const status = review ? ` — **${STATUS_LABELS[review.status]}**` : '';
  const who = item.customer ? `${inline(item.customer.code)} · ` : '';
  out.push(`### ${who}${inline(item.title)}${status}`, '');
  const inc = item.incident;
  if (item.customer)
    out.push(`- Customer: ${inline(item.customer.name)} (${item.customer.code}, ${item.customer.tier})`);
  if (inc) {
    out.push(`- Severity ${inc.severity}, ${inc.status}; opened ${utcTime(inc.openedAt)}`);
    out.push(
      `- Restore clock from ${utcTime(inc.clockStartAt)}${
        inc.deadlineAt ? `, target ${utcTime(inc.deadlineAt)}` : ''
      }${inc.restoredAt ? `, restored ${utcTime(inc.restoredAt)}` : ''}`,
    );
    if (inc.progress.total > 0)
      out.push(`- Playbook: ${inc.progress.done} of ${inc.progress.total} steps settled`);
  }
  if (item.watch?.dueAt) out.push(`- When: ${utcTime(item.watch.dueAt)}`);
  if (out[out.length - 1] !== '') out.push('');
  if (item.detail.trim()) out.push(block(item.detail.trim()), '');
  if (inc && inc.nextSteps.length > 0) {
    out.push('Next steps:', '');
    inc.nextSteps.forEach((s, i) => {
      out.push(`${i + 1}. ${inline(s)}`);
    });
    out.push('');
  }
  if (inc && inc.lastActions.length > 0) {
    out.push('Last actions:', '');
    for (const a of inc.lastActions) out.push(`- ${utcTime(a.at)} ${inline(a.author)}: ${inline(a.summary)}`);
    out.push('');
  }
  if (inc && inc.followUps.length > 0) {
    out.push('Follow-ups:', '');
    for (const f of inc.followUps)
      out.push(
        `- ${FOLLOW_UP_LABELS[f.kind]}${f.ticketRef ? ` (${inline(f.ticketRef)})` : ''}: ${inline(f.text)}`,
      );
    out.push('');
  }
  if (review) {
    for (const q of review.questions) {
      out.push(`> **Question** from ${inline(q.by)}, ${utcTime(q.at)}: ${inline(q.comment)}`);
      out.push(
        q.answer
          ? `> **Answer** from ${inline(q.answer.by)}, ${utcTime(q.answer.at)}: ${inline(q.answer.text)}`
          : '> *Not answered yet.*',
      );
      out.push('');
    }
    if (review.status === 'accepted' && review.acceptedBy)
      out.push(`Accepted by ${inline(review.acceptedBy)}, ${utcTime(review.acceptedAt)}.`, '');
  }
  return out;
}

export function handoverMarkdown(h: Handover): string {
  const out: string[] = [];
  out.push(
    `# Shift handover — ${inline(h.from.name)}, ${utcTime(h.shiftStartedAt)} to ${utcTime(h.shiftEndedAt)}`,
    '',
  );
  const state =
    h.status === 'acknowledged'
      ? `Acknowledged by ${inline(h.acknowledgedBy ?? '?')}, ${utcTime(h.acknowledgedAt)}`
      : h.status === 'submitted'
        ? `Submitted ${utcTime(h.submittedAt)}, not acknowledged yet${h.overdue ? ' (overdue)' : ''}`
        : 'Draft: not submitted';
  out.push(`- Handed over by: ${inline(h.from.name)} (${h.from.initials})`);
  out.push(`- Status: ${state}`);
  if (h.submittedAt) out.push(`- Submitted: ${utcTime(h.submittedAt)}`);
  if (h.contentHash) out.push(`- Content SHA-256: \`${h.contentHash}\``);
  if (h.openQuestions > 0) out.push(`- Open questions: ${h.openQuestions}`);
  out.push('');
  const reviews = new Map(h.reviews.map((r) => [r.itemId, r]));
  for (const kind of ITEM_KINDS) {
    const items = h.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    out.push(`## ${SECTION_TITLES[kind]} (${items.length})`, '');
    for (const item of items) out.push(...itemLines(item, h.submittedAt ? reviews.get(item.id) : undefined));
  }
  if (h.events.length > 0) {
    out.push('## Record', '');
    const titles = new Map(h.items.map((i) => [i.id, i.title]));
    for (const e of h.events) {
      const about = e.itemId ? ` "${inline(titles.get(e.itemId) ?? e.itemId)}"` : '';
      out.push(`- ${utcTime(e.at)} — ${inline(e.author)} ${e.type}${about}`);
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
