/**
 * The go-bag as one self-contained HTML file for printing: styles inline in a <style>
 * element, no scripts, nothing loaded from anywhere. Text is escaped before the few
 * Markdown forms runbooks use (paragraphs, lists, code, bold, links) are turned into tags.
 */
import type { FilledText } from '../../../shared/playbooks/model';
import { capitalize, duration, expiryNote } from './gobag-md';
import type { GobagData, GobagPlaybook } from './gobag-types';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline Markdown on already-escaped text. Links print their address, since paper has no clicks. */
function inline(escaped: string): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) =>
      /^https?:/.test(url) ? `${text} <span class="url">(${url})</span>` : text,
    );
}

/** Block Markdown: fenced code, bullet and numbered lists, paragraphs; HTML in the source stays text. */
export function markdownToHtml(md: string): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(marker)) code.push(lines[i++] ?? '');
      i++;
      out.push(`<pre>${escapeHtml(code.join('\n'))}</pre>`);
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`<p class="sub">${inline(escapeHtml(heading[1] ?? ''))}</p>`);
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim() !== '') {
        const l = lines[i] ?? '';
        const m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(l);
        if (m) items.push(m[2] ?? '');
        else if (items.length > 0) items[items.length - 1] += ` ${l.trim()}`;
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((t) => `<li>${inline(escapeHtml(t))}</li>`).join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^\s*(`{3,}|~{3,})/.test(lines[i] ?? ''))
      para.push((lines[i++] ?? '').trim());
    out.push(`<p>${inline(escapeHtml(para.join(' ')))}</p>`);
  }
  return out.join('\n');
}

function filledHtml(t: FilledText): string {
  return t.segments
    .map((s) =>
      s.kind === 'missing'
        ? `<span class="fill">⟨${escapeHtml(s.placeholder)}⟩</span>`
        : s.kind === 'value'
          ? `<span class="value">${escapeHtml(s.text)}</span>`
          : escapeHtml(s.text),
    )
    .join('');
}

/** Instruction Markdown with filled values: placeholders are marked before rendering. */
function filledMarkdown(t: FilledText): string {
  const text = t.segments.map((s) => (s.kind === 'missing' ? `⟨${s.placeholder}⟩` : s.text)).join('');
  return markdownToHtml(text).replace(/⟨([A-Za-z0-9_.]+)⟩/g, '<span class="fill">⟨$1⟩</span>');
}

const e = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? '—' : escapeHtml(s));

function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
}

function playbook(p: GobagPlaybook, n: number, code: string): string {
  const ef = p.effective;
  const meta = [`Version ${ef.coreVersion}`, `restore target ${duration(p.restoreTargetMinutes)}`, p.why];
  const out: string[] = [
    `<section class="playbook">`,
    `<h2>${n}. ${escapeHtml(p.title)}</h2>`,
    `<p class="meta">${escapeHtml(meta.join(' · '))}${ef.drifted ? ` · <strong>overlay written for version ${ef.overlayCoreVersion}: review it</strong>` : ''}</p>`,
  ];
  if (p.summary.trim()) out.push(`<div class="summary">${markdownToHtml(p.summary)}</div>`);
  if (ef.parameters.length > 0) {
    out.push(
      `<p class="values"><strong>Values for this customer:</strong> ${ef.parameters
        .map(
          (x) =>
            `${escapeHtml(x.name)} = ${x.value === null ? '<span class="fill">⟨not set⟩</span>' : `<span class="value">${escapeHtml(String(x.value))}</span>`}${x.source === 'overlay' ? ` (${escapeHtml(code)})` : ''}`,
        )
        .join(' · ')}</p>`,
    );
  }
  out.push('<ol class="steps">');
  for (const s of ef.steps) {
    const tags = [s.kind, `${s.timeboxMinutes} min`];
    if (s.customization === 'added') tags.push(`added for ${code}`);
    if (s.customization === 'replaced') tags.push(`changed for ${code}`);
    const skipped = s.skipReason !== null;
    out.push(`<li class="step${skipped ? ' skipped' : ''}${s.origin === 'overlay' ? ' added' : ''}">`);
    out.push(
      `<div class="step-head"><span class="box"></span><strong>${escapeHtml(s.title)}</strong> <span class="tags">${escapeHtml(tags.join(' · '))}</span></div>`,
    );
    if (skipped) {
      out.push(`<p class="skip">Skipped for ${escapeHtml(code)}: ${escapeHtml(s.skipReason ?? '')}</p>`);
    } else {
      if (s.instruction.text.trim()) out.push(filledMarkdown(s.instruction));
      if (s.command) out.push(`<pre class="command">${filledHtml(s.command)}</pre>`);
      if (s.expected)
        out.push(`<p class="expected"><strong>Expected:</strong> ${escapeHtml(s.expected)}</p>`);
    }
    out.push('</li>');
  }
  out.push('</ol>', '</section>');
  return out.join('\n');
}

const CSS = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
html { font: 10pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1.5pt solid #111; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm; break-after: avoid; }
p { margin: 1.5mm 0; }
.stamp { font: 8.5pt/1.3 "DejaVu Sans Mono", "Liberation Mono", monospace; color: #333; word-break: break-all; }
.note { border: 1pt solid #111; padding: 2mm 3mm; font-size: 9pt; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 5mm; margin: 2mm 0; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 1.5mm 0 3mm; font-size: 9pt; break-inside: auto; }
th, td { border: 0.6pt solid #777; padding: 1mm 1.8mm; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
tr { break-inside: avoid; }
.phone { white-space: nowrap; font-weight: bold; }
.expired { color: #a00; font-weight: bold; }
.active { color: #a00; font-weight: bold; }
ol.waves { padding-left: 8mm; font-size: 9pt; }
.playbooks-head { break-before: page; }
.playbook + .playbook { break-before: page; }
.meta { color: #444; font-size: 9pt; }
.summary { font-size: 9pt; color: #222; border-left: 2pt solid #bbb; padding-left: 3mm; }
.summary .sub { font-weight: bold; margin-top: 2mm; }
ol.steps { list-style: none; padding: 0; margin: 3mm 0 0; counter-reset: step; }
li.step { counter-increment: step; border-top: 0.6pt solid #999; padding: 2mm 0 2.5mm; break-inside: avoid; }
.step-head::before { content: counter(step) ". "; font-weight: bold; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.8pt solid #111; margin-right: 2mm; vertical-align: -0.4mm; }
.tags { color: #555; font-size: 8.5pt; margin-left: 1mm; }
li.added { border-left: 2pt solid #111; padding-left: 3mm; }
li.skipped { color: #777; }
li.skipped strong { text-decoration: line-through; }
.skip { font-style: italic; }
pre { font: 8.5pt/1.35 "DejaVu Sans Mono", "Liberation Mono", monospace; background: #f2f2f2; border: 0.6pt solid #ccc; padding: 1.5mm 2mm; white-space: pre-wrap; word-break: break-word; margin: 1.5mm 0; }
code { font: 0.92em "DejaVu Sans Mono", "Liberation Mono", monospace; background: #f2f2f2; padding: 0 0.6mm; }
.url { color: #555; font-size: 8pt; word-break: break-all; }
.fill { border-bottom: 0.8pt dashed #111; font-weight: bold; }
.value { font-weight: bold; }
footer { margin-top: 8mm; border-top: 0.6pt solid #999; padding-top: 2mm; font-size: 8pt; color: #444; }
`;

export function renderGobagHtml(d: GobagData, stampSlot: string): string {
  const c = d.customer;
  const t = c.restoreTargets;
  const facts: Array<[string, string]> = [
    ['Tier', escapeHtml(capitalize(c.tier))],
    ['Local time zone', `${escapeHtml(c.timeZone)} (${escapeHtml(d.localTime)} when generated)`],
    [
      'Restore targets',
      `Sev1 ${duration(t.sev1)} · Sev2 ${duration(t.sev2)} · Sev3 ${duration(t.sev3)} · Sev4 ${duration(t.sev4)}`,
    ],
  ];
  if (c.supportHours) facts.push(['Support hours', escapeHtml(c.supportHours)]);
  if (c.notes) facts.push(['Notes', escapeHtml(c.notes)]);
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>Go-bag: ${escapeHtml(c.name)} (${escapeHtml(c.code)})</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>Go-bag: ${escapeHtml(c.name)} (${escapeHtml(c.code)})</h1>`,
    `<p class="stamp">${stampSlot}</p>`,
    '<p class="note">Printed copy for when systems are down. Anything changed after the time above is not in it. Tick the boxes as you go.</p>',
    '<h2>Recovery card</h2>',
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    '<h3>Contacts, in escalation order</h3>',
    c.contacts.length === 0
      ? '<p>No contacts recorded.</p>'
      : table(
          ['#', 'Name', 'Role', 'Phone', 'Email'],
          c.contacts.map((x) => [
            String(x.escalationOrder),
            e(x.name),
            e(x.role),
            `<span class="phone">${e(x.phone)}</span>`,
            e(x.email),
          ]),
        ),
    '<h3>Vendors and support contracts</h3>',
    c.contracts.length === 0
      ? '<p>No support contracts recorded.</p>'
      : table(
          ['Vendor', 'Support phone', 'Contract', 'Hours', 'Expires'],
          c.contracts.map((x) => {
            const note = expiryNote(x.expiresOn, d.generatedAt);
            return [
              e(x.vendorName),
              `<span class="phone">${e(x.supportPhone)}</span>`,
              e(x.contractNumber),
              e(x.hours),
              x.expiresOn ? `${e(x.expiresOn)}${note ? `<span class="expired">${note}</span>` : ''}` : '—',
            ];
          }),
        ),
    `<h3>Maintenance windows (${escapeHtml(c.timeZone)})</h3>`,
    d.windows.length === 0
      ? '<p>No maintenance windows recorded.</p>'
      : table(
          ['Window', 'Day', 'Start', 'Duration'],
          d.windows.map((w) => [
            `${e(w.name)}${w.activeNow ? ' <span class="active">IN PROGRESS when generated</span>' : ''}`,
            e(w.day),
            e(w.start),
            duration(w.durationMinutes),
          ]),
        ),
    '<h3>Environments</h3>',
    c.environments.length === 0
      ? '<p>No environments recorded.</p>'
      : table(
          ['Environment', 'Kind', 'Assets'],
          c.environments.map((x) => [e(x.name), e(x.kind), String(x.assetCount)]),
        ),
  ];
  if (d.waves && d.waves.length > 0) {
    parts.push(
      '<h3>Restore order</h3>',
      '<p>Everything in a wave can be restored in parallel; finish a wave before the next.</p>',
      `<ol class="waves">${d.waves.map((w) => `<li>${w.assets.map(escapeHtml).join(', ')}</li>`).join('\n')}</ol>`,
    );
  }
  parts.push(`<h2 class="playbooks-head">Playbooks (${d.playbooks.length})</h2>`);
  if (d.playbooks.length === 0) parts.push('<p>No playbook applies to this customer yet.</p>');
  d.playbooks.forEach((p, i) => {
    parts.push(playbook(p, i + 1, c.code));
  });
  parts.push(
    `<footer>Go-bag for ${escapeHtml(c.name)} (${escapeHtml(c.code)}), generated by Lifeline at ${escapeHtml(d.generatedAt)}. The SHA-256 covers this whole file except the line that shows it. <span class="fill">⟨name⟩</span> marks a value to fill in for the affected asset.</footer>`,
    '</body>',
    '</html>',
    '',
  );
  return parts.join('\n');
}
