/**
 * A review as a print-quality HTML page (A4, light, system fonts), for Chromium to print to
 * PDF: the facts, the sections with the event each line came from, actions, feedback.
 */
import { minutesWords, zonedTime } from '../../../shared/reviews/draft';
import {
  MOMENT_LABELS,
  REVIEW_SECTIONS,
  type Review,
  type ReviewLine,
  SECTION_TITLES,
} from '../../../shared/reviews/model';
import { escapeHtml as esc } from '../playbooks/gobag-html';

const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.45 -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #17202b; margin: 0; }
header.doc { border-bottom: 2px solid #0d8a73; padding-bottom: 8pt; margin-bottom: 10pt; }
.kicker { font-size: 8pt; letter-spacing: .08em; text-transform: uppercase; color: #0d8a73; font-weight: 700; }
h1 { font-size: 17pt; margin: 2pt 0 4pt; }
.meta { display: flex; flex-wrap: wrap; gap: 4pt 18pt; font-size: 9pt; color: #3b4654; }
.meta b { color: #17202b; }
.status { display: inline-block; padding: 1pt 7pt; border-radius: 8pt; font-weight: 700; font-size: 8.5pt; }
.status--published { background: #e3f4eb; color: #1a7f4e; border: 1px solid #9fd3b7; }
.status--draft { background: #fff4dc; color: #8a5a00; border: 1px solid #e8c578; }
.facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6pt 12pt; margin: 8pt 0 4pt; padding: 7pt 9pt; border: 1px solid #dce2e9; border-radius: 4pt; }
.facts .label { font-size: 7.5pt; text-transform: uppercase; letter-spacing: .06em; color: #66717f; font-weight: 700; }
.facts .value { font-weight: 600; }
.breached { color: #b3261e; } .met { color: #1a7f4e; }
h2 { font-size: 12pt; margin: 14pt 0 6pt; padding-bottom: 2pt; border-bottom: 1px solid #dce2e9; break-after: avoid; }
ul { margin: 0; padding-left: 14pt; }
li { margin: 0 0 3pt; break-inside: avoid; }
.ev { color: #66717f; font-size: 7pt; font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
td, th { text-align: left; padding: 3pt 4pt; border-bottom: 1px solid #eef2f6; vertical-align: top; }
th { color: #66717f; font-weight: 700; font-size: 8pt; }
td.when { white-space: nowrap; font-variant-numeric: tabular-nums; color: #3b4654; }
.none { color: #66717f; font-style: italic; }
footer.doc { margin-top: 12pt; padding-top: 5pt; border-top: 1px solid #dce2e9; font-size: 7.5pt; color: #66717f; word-break: break-all; }
`;

const ev = (id: string | null) => (id ? ` <span class="ev">event ${esc(id)}</span>` : '');

function lines(list: readonly ReviewLine[]): string {
  if (list.length === 0) return '<p class="none">None recorded.</p>';
  return `<ul>${list.map((l) => `<li>${esc(l.text)}${ev(l.eventId)}</li>`).join('')}</ul>`;
}

export function reviewHtml(r: Review): string {
  const c = r.content;
  const f = c.facts;
  const tz = f.timeZone;
  const t = (iso: string) => esc(zonedTime(iso, tz));
  const parts: string[] = [];
  parts.push(`<header class="doc">
<div class="kicker">Post-incident review · ${esc(f.customer.name)} (${esc(f.customer.code)})</div>
<h1>${esc(c.title)}</h1>
<div class="meta"><span class="status status--${r.status}">${r.status === 'published' ? 'Published' : 'Draft'}</span>
<span><b>${esc(f.severity.toUpperCase())}</b></span>
${r.publishedAt ? `<span>published ${t(r.publishedAt)} by <b>${esc(r.publishedBy ?? '')}</b></span>` : `<span>drafted by <b>${esc(r.author)}</b></span>`}
<span>times in ${esc(tz)}</span></div>
</header>`);
  parts.push(`<section class="facts">
<div><div class="label">Restore clock from</div><div class="value">${t(f.clockStartAt)}</div></div>
<div><div class="label">Restored</div><div class="value">${f.restoredAt ? t(f.restoredAt) : 'not restored'}</div></div>
<div><div class="label">Duration / target</div><div class="value ${f.breached ? 'breached' : 'met'}">${f.durationMinutes === null ? '—' : esc(minutesWords(f.durationMinutes))} / ${esc(minutesWords(f.targetMinutes))} · ${f.breached ? 'breached' : 'met'}</div></div>
<div><div class="label">Services</div><div class="value">${esc(f.services.join(', ') || '—')}</div></div>
<div><div class="label">Assets</div><div class="value">${esc(f.assets.join(', ') || '—')}</div></div>
<div><div class="label">Actions</div><div class="value">${c.actions.length}</div></div>
</section>`);
  for (const key of REVIEW_SECTIONS) {
    if (key === 'restoredBy') {
      parts.push('<h2>Key moments</h2>');
      parts.push(
        c.keyMoments.length === 0
          ? '<p class="none">None recorded.</p>'
          : `<table><tbody>${c.keyMoments
              .map(
                (m) =>
                  `<tr><td class="when">${t(m.at)}</td><td><b>${esc(MOMENT_LABELS[m.kind])}</b></td><td>${esc(m.text)}${ev(m.eventId)}</td></tr>`,
              )
              .join('')}</tbody></table>`,
      );
    }
    parts.push(`<h2>${esc(SECTION_TITLES[key])}</h2>`, lines(c[key]));
  }
  parts.push('<h2>Actions</h2>');
  parts.push(
    c.actions.length === 0
      ? '<p class="none">None.</p>'
      : `<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th></tr></thead><tbody>${c.actions
          .map(
            (a) =>
              `<tr><td>${esc(a.text)}${ev(a.eventId)}</td><td>${esc(a.owner || '—')}</td><td class="when">${esc(a.dueDate ?? '—')}</td></tr>`,
          )
          .join('')}</tbody></table>`,
  );
  if (c.feedback.length > 0) {
    parts.push('<h2>Playbook feedback</h2><ul>');
    for (const fb of c.feedback)
      parts.push(
        `<li><b>${esc(fb.playbookTitle)} v${fb.playbookVersion}</b>: ${
          fb.verdict === 'wrong'
            ? `step '${esc(fb.stepTitle ?? fb.stepId ?? '')}' is wrong`
            : `a step is missing${fb.stepTitle ? ` after '${esc(fb.stepTitle)}'` : ''}`
        } — ${esc(fb.note)}</li>`,
      );
    parts.push('</ul>');
  }
  parts.push(
    `<footer class="doc">Review ${esc(r.id)} of incident ${esc(r.incidentId)}${r.contentHash ? ` · content sha256 ${esc(r.contentHash)}` : ''}</footer>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(c.title)}</title><style>${CSS}</style></head><body>${parts.join('\n')}</body></html>`;
}
