/**
 * The customer's notes and warnings ("Ring the IT Manager before any reboot in production
 * hours") as separate remarks, and which playbook steps each one concerns, so the runner
 * can show the warning beside the reboot step rather than only at the top of the page.
 *
 * A remark concerns a step when both speak of the same kind of act (a reboot, a failover,
 * a site visit…: words of one family below) or name the same machine (a token with a
 * digit, such as app01). Nothing cleverer: a remark that concerns no step still shows on
 * the incident page.
 */

/** Acts whose words differ between a customer's note and a playbook's step. */
const FAMILIES: readonly (readonly string[])[] = [
  ['reboot', 'restart', 'power cycle', 'power-cycle', 'powercycle', 'bounce', 'shut down', 'shutdown'],
  ['failover', 'fail over', 'switch over', 'switchover', 'dr', 'disaster recovery'],
  ['on site', 'onsite', 'site visit', 'visit', 'dispatch', 'comms room'],
  ['backup', 'backups', 'restore', 'snapshot', 'replicate', 'replication'],
  ['breach', 'ransomware', 'isolate', 'compromise', 'security'],
  ['change', 'patch', 'upgrade', 'deploy'],
  ['database', 'sql', 'db'],
];

export interface CustomerRemark {
  readonly text: string;
  /** The families (by index) and machine names the remark speaks of. */
  readonly concerns: readonly string[];
}

function flat(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .trim()} `;
}

function concernsOf(text: string): string[] {
  const f = flat(text);
  const out: string[] = [];
  FAMILIES.forEach((family, i) => {
    if (family.some((w) => f.includes(` ${w} `) || f.includes(` ${w}s `) || f.includes(` ${w}ed `)))
      out.push(`family:${i}`);
  });
  for (const token of f.trim().split(' ')) {
    if (/\d/.test(token) && /[a-z]/.test(token) && token.length >= 3) out.push(`name:${token}`);
  }
  return [...new Set(out)];
}

/** The customer's notes split into remarks: one a line, or one a sentence within a line. */
export function customerRemarks(notes: string | null | undefined): CustomerRemark[] {
  if (!notes) return [];
  return notes
    .split(/\r?\n|(?<=[.!?])\s+(?=[A-Z])/)
    .map((t) => t.trim().replace(/^[-*•]\s*/, ''))
    .filter((t) => t !== '')
    .map((text) => ({ text, concerns: concernsOf(text) }));
}

/** The remarks that concern a step, by what the step says (title, instruction, command). */
export function remarksForStep(
  remarks: readonly CustomerRemark[],
  step: {
    readonly title: string;
    readonly instruction?: string | null;
    readonly command?: string | null;
  },
): CustomerRemark[] {
  const mine = new Set(concernsOf(`${step.title} ${step.instruction ?? ''} ${step.command ?? ''}`));
  return remarks.filter((r) => r.concerns.some((c) => mine.has(c)));
}
