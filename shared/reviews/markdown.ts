/** A review as Markdown: each line ends with the id of the event it came from, for checking. */
import { minutesWords, zonedTime } from './draft';
import { MOMENT_LABELS, REVIEW_SECTIONS, type Review, type ReviewLine, SECTION_TITLES } from './model';

/** "(event 0197…)" for a drafted line; nothing for a line a person wrote. */
export const eventRef = (eventId: string | null) => (eventId ? ` _(event ${eventId})_` : '');

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

export function reviewMarkdown(r: Review): string {
  const c = r.content;
  const f = c.facts;
  const tz = f.timeZone;
  const out: string[] = [`# ${c.title}`, ''];
  out.push(
    `**${f.customer.name} (${f.customer.code})** · ${f.severity.toUpperCase()} · ${r.status === 'published' ? `published ${zonedTime(r.publishedAt ?? '', tz)} by ${r.publishedBy}` : 'DRAFT'}`,
  );
  out.push(
    '',
    `- Restore clock from: ${zonedTime(f.clockStartAt, tz)}`,
    `- Restored: ${f.restoredAt ? zonedTime(f.restoredAt, tz) : 'not restored'}`,
    `- Duration: ${f.durationMinutes === null ? '—' : minutesWords(f.durationMinutes)} against a ${minutesWords(f.targetMinutes)} target (${f.breached ? '**breached**' : 'met'})`,
    `- Services: ${f.services.join(', ') || '—'}`,
    `- Assets: ${f.assets.join(', ') || '—'}`,
    `- Times in ${tz}`,
  );
  const section = (title: string, lines: readonly ReviewLine[]) => {
    out.push('', `## ${title}`, '');
    if (lines.length === 0) out.push('_None recorded._');
    for (const l of lines) out.push(`- ${oneLine(l.text)}${eventRef(l.eventId)}`);
  };
  for (const key of REVIEW_SECTIONS) {
    if (key === 'restoredBy') {
      out.push('', '## Key moments', '');
      for (const m of c.keyMoments)
        out.push(
          `- **${zonedTime(m.at, tz)}** ${MOMENT_LABELS[m.kind]}: ${oneLine(m.text)}${eventRef(m.eventId)}`,
        );
    }
    section(SECTION_TITLES[key], c[key]);
  }
  out.push('', '## Actions', '');
  if (c.actions.length === 0) out.push('_None._');
  else {
    out.push('| Action | Owner | Due |', '| --- | --- | --- |');
    for (const a of c.actions)
      out.push(
        `| ${oneLine(a.text).replace(/\|/g, '\\|')}${eventRef(a.eventId)} | ${a.owner.replace(/\|/g, '\\|') || '—'} | ${a.dueDate ?? '—'} |`,
      );
  }
  if (c.feedback.length > 0) {
    out.push('', '## Playbook feedback', '');
    for (const fb of c.feedback)
      out.push(
        `- ${fb.playbookTitle} v${fb.playbookVersion}: ${fb.verdict === 'wrong' ? `step '${fb.stepTitle ?? fb.stepId}' is wrong` : `a step is missing${fb.stepTitle ? ` after '${fb.stepTitle}'` : ''}`} — ${oneLine(fb.note)}`,
      );
  }
  if (r.contentHash) out.push('', `---`, `Content hash (sha256): ${r.contentHash}`);
  return `${out.join('\n')}\n`;
}
