/** The go-bag as Markdown: readable as plain text, on a phone, or printed as is. */
import type { FilledText } from '../../../shared/playbooks/model';
import type { GobagData, GobagPlaybook } from './gobag-types';

/** 90 → "1 h 30 min", 2880 → "2 d". */
export function duration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes >= 60)
    return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A filled text with unfilled placeholders as ⟨name⟩: to be filled in by hand for the asset at hand. */
export function filled(t: FilledText): string {
  return t.segments.map((s) => (s.kind === 'missing' ? `⟨${s.placeholder}⟩` : s.text)).join('');
}

export function expiryNote(expiresOn: string | null, generatedAt: string): string {
  if (!expiresOn) return '';
  return expiresOn < generatedAt.slice(0, 10) ? ' (EXPIRED)' : '';
}

function cell(text: string | null | undefined): string {
  return (text ?? '—').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ') || '—';
}

function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | null>>): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function fence(code: string): string[] {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return [ticks, code, ticks];
}

function playbook(p: GobagPlaybook, n: number, code: string): string[] {
  const e = p.effective;
  const out: string[] = ['', `### ${n}. ${p.title}`, ''];
  const meta = [`Version ${e.coreVersion}`, `restore target ${duration(p.restoreTargetMinutes)}`, p.why];
  if (e.drifted) meta.push(`overlay written for version ${e.overlayCoreVersion}: review it`);
  out.push(`_${meta.join(' · ')}_`);
  if (p.summary.trim()) out.push('', p.summary.trim());
  if (e.parameters.length > 0) {
    out.push('', '**Values for this customer:**', '');
    for (const x of e.parameters)
      out.push(
        `- ${x.name}: ${x.value === null ? '⟨not set⟩' : String(x.value)}${x.source === 'overlay' ? ` (${code})` : ''}`,
      );
  }
  e.steps.forEach((s, i) => {
    const label = `Step ${i + 1}: ${s.title}`;
    out.push('', s.skipReason !== null ? `#### ~~${label}~~` : `#### ${label}`, '');
    const tags = [s.kind, `${s.timeboxMinutes} min`];
    if (s.customization === 'added') tags.push(`added for ${code}`);
    if (s.customization === 'replaced') tags.push(`changed for ${code}`);
    out.push(`_${tags.join(' · ')}_`);
    if (s.skipReason !== null) {
      out.push('', `**Skipped for ${code}:** ${s.skipReason}`);
      return;
    }
    const instruction = filled(s.instruction).trim();
    if (instruction) out.push('', instruction);
    if (s.command) out.push('', ...fence(filled(s.command)));
    if (s.expected) out.push('', `**Expected:** ${s.expected}`);
  });
  return out;
}

export function renderGobagMarkdown(d: GobagData, stampSlot: string): string {
  const c = d.customer;
  const t = c.restoreTargets;
  const out: string[] = [
    `# Go-bag: ${c.name} (${c.code})`,
    '',
    stampSlot,
    '',
    '> Printed copy for when systems are down. Anything changed after the time above is not in it.',
    '',
    '## Recovery card',
    '',
    `- **Tier:** ${capitalize(c.tier)}`,
    `- **Local time zone:** ${c.timeZone} (${d.localTime} when generated)`,
    `- **Restore targets:** Sev1 ${duration(t.sev1)} · Sev2 ${duration(t.sev2)} · Sev3 ${duration(t.sev3)} · Sev4 ${duration(t.sev4)}`,
  ];
  if (c.supportHours) out.push(`- **Support hours:** ${c.supportHours}`);
  if (c.notes) out.push(`- **Notes:** ${c.notes.replace(/\s*\n\s*/g, ' ')}`);

  out.push('', '### Contacts, in escalation order', '');
  if (c.contacts.length === 0) out.push('No contacts recorded.');
  else
    out.push(
      ...table(
        ['#', 'Name', 'Role', 'Phone', 'Email'],
        c.contacts.map((x) => [String(x.escalationOrder), x.name, x.role, x.phone, x.email]),
      ),
    );

  out.push('', '### Vendors and support contracts', '');
  if (c.contracts.length === 0) out.push('No support contracts recorded.');
  else
    out.push(
      ...table(
        ['Vendor', 'Support phone', 'Contract', 'Hours', 'Expires'],
        c.contracts.map((x) => [
          x.vendorName,
          x.supportPhone,
          x.contractNumber,
          x.hours,
          x.expiresOn ? `${x.expiresOn}${expiryNote(x.expiresOn, d.generatedAt)}` : null,
        ]),
      ),
    );

  out.push('', `### Maintenance windows (${c.timeZone})`, '');
  if (d.windows.length === 0) out.push('No maintenance windows recorded.');
  else
    out.push(
      ...table(
        ['Window', 'Day', 'Start', 'Duration'],
        d.windows.map((w) => [
          `${w.name}${w.activeNow ? ' (IN PROGRESS when generated)' : ''}`,
          w.day,
          w.start,
          duration(w.durationMinutes),
        ]),
      ),
    );

  out.push('', '### Environments', '');
  if (c.environments.length === 0) out.push('No environments recorded.');
  else
    out.push(
      ...table(
        ['Environment', 'Kind', 'Assets'],
        c.environments.map((e) => [e.name, e.kind, String(e.assetCount)]),
      ),
    );

  if (d.waves && d.waves.length > 0) {
    out.push(
      '',
      '### Restore order',
      '',
      'Everything in a wave can be restored in parallel; finish a wave before the next.',
      '',
    );
    for (const w of d.waves) out.push(`${w.wave}. ${w.assets.join(', ')}`);
  }

  out.push('', `## Playbooks (${d.playbooks.length})`);
  if (d.playbooks.length === 0) out.push('', 'No playbook applies to this customer yet.');
  d.playbooks.forEach((p, i) => {
    out.push(...playbook(p, i + 1, c.code));
  });
  out.push(
    '',
    '---',
    '',
    `Go-bag for ${c.name} (${c.code}), generated by Lifeline at ${d.generatedAt}. The SHA-256 covers this whole file except the "Generated at … · SHA-256" line. ⟨name⟩ marks a value to fill in for the affected asset.`,
    '',
  );
  return out.join('\n');
}
