/**
 * A handover as a print-quality HTML page (A4, light, system fonts), for Chromium to print
 * to PDF: the document as handed over, then how each item was acknowledged.
 */
import { utcTime } from '../../../shared/handover/markdown';
import {
  type Handover,
  type HandoverItem,
  ITEM_KINDS,
  type ItemReview,
  SECTION_TITLES,
} from '../../../shared/handover/model';
import { escapeHtml as esc } from '../playbooks/gobag-html';
import { durationWords } from './generate';

const FOLLOW_UP_LABELS = {
  hypothesis: 'Hypothesis',
  evidence: 'Evidence',
  problem_ticket: 'Problem ticket',
  task: 'Task',
} as const;

const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.45 -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #17202b; margin: 0; }
header.doc { border-bottom: 2px solid #0d8a73; padding-bottom: 8pt; margin-bottom: 10pt; }
header.doc .kicker { font-size: 8pt; letter-spacing: .08em; text-transform: uppercase; color: #0d8a73; font-weight: 700; }
h1 { font-size: 17pt; margin: 2pt 0 4pt; }
.meta { display: flex; flex-wrap: wrap; gap: 4pt 18pt; font-size: 9pt; color: #3b4654; }
.meta b { color: #17202b; }
.status { display: inline-block; padding: 1pt 7pt; border-radius: 8pt; font-weight: 700; font-size: 8.5pt; }
.status--acknowledged, .chip--accepted { background: #e3f4eb; color: #1a7f4e; border: 1px solid #9fd3b7; }
.status--submitted, .chip--pending { background: #eef2f6; color: #3b4654; border: 1px solid #c4cdd8; }
.status--draft { background: #fff4dc; color: #8a5a00; border: 1px solid #e8c578; }
.status--overdue, .chip--questioned { background: #fdeaea; color: #b3261e; border: 1px solid #eba5a0; }
h2 { font-size: 12pt; margin: 14pt 0 6pt; padding-bottom: 2pt; border-bottom: 1px solid #dce2e9; break-after: avoid; }
h2 .n { color: #66717f; font-weight: 400; }
.item { border: 1px solid #dce2e9; border-left: 4px solid #c4cdd8; border-radius: 4pt; padding: 7pt 9pt; margin: 0 0 7pt; break-inside: avoid; }
.item--sev1 { border-left-color: #c62828; } .item--sev2 { border-left-color: #d86a00; }
.item--sev3 { border-left-color: #c9a400; } .item--sev4 { border-left-color: #3d6fd6; }
.item__head { display: flex; gap: 8pt; align-items: baseline; justify-content: space-between; }
.item__title { font-weight: 700; font-size: 10.5pt; }
.item__code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 8.5pt; color: #3b4654; margin-right: 4pt; }
.chip { font-size: 7.5pt; font-weight: 700; padding: 0 6pt; border-radius: 7pt; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
.facts { color: #3b4654; font-size: 8.5pt; margin: 2pt 0 4pt; }
.facts span + span::before { content: " · "; color: #9aa5b1; }
.sev { font-weight: 700; }
.detail { white-space: pre-wrap; margin: 3pt 0; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 6pt 14pt; margin-top: 4pt; }
.label { font-size: 7.5pt; text-transform: uppercase; letter-spacing: .06em; color: #66717f; font-weight: 700; margin: 3pt 0 1pt; }
ol, ul { margin: 0; padding-left: 14pt; }
li { margin: 0 0 1pt; }
.when { color: #66717f; font-variant-numeric: tabular-nums; }
.qa { margin-top: 5pt; padding: 4pt 7pt; background: #f7f9fb; border-radius: 3pt; font-size: 9pt; }
.qa p { margin: 1pt 0; }
.qa .open { color: #b3261e; font-weight: 700; }
.accepted { margin-top: 4pt; font-size: 8.5pt; color: #1a7f4e; }
table.record { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
table.record td, table.record th { text-align: left; padding: 2pt 4pt; border-bottom: 1px solid #eef2f6; vertical-align: top; }
table.record th { color: #66717f; font-weight: 700; }
footer.doc { margin-top: 12pt; padding-top: 5pt; border-top: 1px solid #dce2e9; font-size: 7.5pt; color: #66717f; word-break: break-all; }
`;

function itemHtml(item: HandoverItem, review: ItemReview | undefined, at: Date): string {
  const inc = item.incident;
  const facts: string[] = [];
  if (item.customer) facts.push(`<span>${esc(item.customer.name)} (${esc(item.customer.tier)})</span>`);
  if (inc) {
    facts.push(
      `<span class="sev">${esc(inc.severity.toUpperCase())}</span>`,
      `<span>${esc(inc.status)}</span>`,
    );
    facts.push(`<span>clock from ${esc(utcTime(inc.clockStartAt))}</span>`);
    if (inc.restoredAt) facts.push(`<span>restored ${esc(utcTime(inc.restoredAt))}</span>`);
    else if (inc.deadlineAt) {
      const left = Math.round((Date.parse(inc.deadlineAt) - at.getTime()) / 60_000);
      facts.push(
        `<span>target ${esc(utcTime(inc.deadlineAt))} (${left >= 0 ? `${durationWords(left)} left` : `${durationWords(-left)} past`} at hand-over)</span>`,
      );
    }
    if (inc.progress.total > 0) facts.push(`<span>${inc.progress.done}/${inc.progress.total} steps</span>`);
  }
  if (item.watch?.dueAt) facts.push(`<span>${esc(utcTime(item.watch.dueAt))}</span>`);
  const cols: string[] = [];
  if (inc && inc.nextSteps.length > 0)
    cols.push(
      `<div><div class="label">Next steps</div><ol>${inc.nextSteps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol></div>`,
    );
  if (inc && inc.lastActions.length > 0)
    cols.push(
      `<div><div class="label">Last actions</div><ul>${inc.lastActions
        .map(
          (a) =>
            `<li><span class="when">${esc(utcTime(a.at).slice(11, 16))}</span> ${esc(a.author)}: ${esc(a.summary)}</li>`,
        )
        .join('')}</ul></div>`,
    );
  if (inc && inc.followUps.length > 0)
    cols.push(
      `<div><div class="label">Follow-ups</div><ul>${inc.followUps
        .map(
          (f) =>
            `<li>${esc(FOLLOW_UP_LABELS[f.kind])}${f.ticketRef ? ` (${esc(f.ticketRef)})` : ''}: ${esc(f.text)}</li>`,
        )
        .join('')}</ul></div>`,
    );
  const qa = (review?.questions ?? [])
    .map(
      (q) =>
        `<div class="qa"><p><b>Question</b> — ${esc(q.by)}, ${esc(utcTime(q.at))}: ${esc(q.comment)}</p>${
          q.answer
            ? `<p><b>Answer</b> — ${esc(q.answer.by)}, ${esc(utcTime(q.answer.at))}: ${esc(q.answer.text)}</p>`
            : '<p class="open">Not answered yet</p>'
        }</div>`,
    )
    .join('');
  const chip = review ? `<span class="chip chip--${review.status}">${review.status}</span>` : '';
  const accepted =
    review?.status === 'accepted' && review.acceptedBy
      ? `<div class="accepted">✓ Accepted by ${esc(review.acceptedBy)}, ${esc(utcTime(review.acceptedAt))}</div>`
      : '';
  return `<section class="item${inc ? ` item--${inc.severity}` : ''}">
<div class="item__head"><div class="item__title">${item.customer ? `<span class="item__code">${esc(item.customer.code)}</span>` : ''}${esc(item.title)}</div>${chip}</div>
${facts.length > 0 ? `<div class="facts">${facts.join('')}</div>` : ''}
${item.detail.trim() ? `<div class="detail">${esc(item.detail.trim())}</div>` : ''}
${cols.length > 0 ? `<div class="cols">${cols.join('')}</div>` : ''}
${qa}${accepted}
</section>`;
}

export function handoverHtml(h: Handover): string {
  const at = new Date(h.shiftEndedAt);
  const reviews = new Map(h.reviews.map((r) => [r.itemId, r]));
  const status =
    h.status === 'acknowledged'
      ? `<span class="status status--acknowledged">Acknowledged by ${esc(h.acknowledgedBy ?? '?')} · ${esc(utcTime(h.acknowledgedAt))}</span>`
      : h.status === 'submitted'
        ? `<span class="status ${h.overdue ? 'status--overdue' : 'status--submitted'}">Not acknowledged${h.overdue ? ' · overdue' : ''}</span>`
        : '<span class="status status--draft">Draft</span>';
  const sections = ITEM_KINDS.map((kind) => {
    const items = h.items.filter((i) => i.kind === kind);
    if (items.length === 0) return '';
    return `<h2>${esc(SECTION_TITLES[kind])} <span class="n">(${items.length})</span></h2>${items
      .map((i) => itemHtml(i, h.submittedAt ? reviews.get(i.id) : undefined, at))
      .join('\n')}`;
  }).join('\n');
  const titles = new Map(h.items.map((i) => [i.id, i.title]));
  const record =
    h.events.length === 0
      ? ''
      : `<h2>Record</h2><table class="record"><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Item</th></tr></thead><tbody>${h.events
          .map(
            (e) =>
              `<tr><td class="when">${esc(utcTime(e.at).replace(' UTC', ''))}</td><td>${esc(e.author)}</td><td>${esc(e.type)}</td><td>${esc(e.itemId ? (titles.get(e.itemId) ?? e.itemId) : '—')}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shift handover — ${esc(h.from.name)}</title><style>${CSS}</style></head>
<body>
<header class="doc">
<div class="kicker">Lifeline · shift handover</div>
<h1>${esc(h.from.name)} (${esc(h.from.initials)})</h1>
<div class="meta"><span>${status}</span><span><b>Shift</b> ${esc(utcTime(h.shiftStartedAt).replace(' UTC', ''))} → ${esc(utcTime(h.shiftEndedAt))}</span><span><b>Submitted</b> ${esc(utcTime(h.submittedAt))}</span><span><b>Items</b> ${h.items.length}</span>${
    h.openQuestions > 0 ? `<span><b>Open questions</b> ${h.openQuestions}</span>` : ''
  }</div>
</header>
${sections}
${record}
<footer class="doc">Handover ${esc(h.id)}${h.contentHash ? ` · content SHA-256 ${esc(h.contentHash)}` : ''}</footer>
</body></html>`;
}
