/**
 * The review drafted from a fixture log: two consoles whose events interleave, two
 * playbooks (the first abandoned after a failed and a skipped step), an alert clock that
 * starts before the incident was opened, and a restore after local midnight.
 */
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/model';
import type { EffectivePlaybook } from '../../shared/playbooks/model';
import { resolvePlaybook } from '../../shared/playbooks/resolve';
import { type DraftFacts, draftReview, minutesWords, zonedTime } from '../../shared/reviews/draft';
import { ReviewContent } from '../../shared/reviews/model';

const INCIDENT = '01970000-0000-7000-8000-000000000001';
const CUSTOMER = '01970000-0000-7000-8000-0000000000c1';
const PB_VM = '01970000-0000-7000-8000-0000000000b1';
const PB_HOST = '01970000-0000-7000-8000-0000000000b2';
const ASSET = '01970000-0000-7000-8000-0000000000a1';
// 22:40 UTC on 14 March = 23:40 in Berlin (CET) = 18:40 in New York (EDT since 8 March).
const T0 = Date.parse('2026-03-14T22:40:00.000Z');

const eventId = (n: number) => `01970000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

function effective(title: string, stepIds: readonly string[]): EffectivePlaybook {
  return resolvePlaybook(
    {
      version: 3,
      body: {
        summary: title,
        appliesTo: { assetKinds: ['vm'], tags: [], symptoms: [] },
        restoreTargetMinutes: 60,
        parameters: [],
        steps: stepIds.map((id) => ({
          id,
          title: `${title} ${id}`,
          instruction: `Do ${id}`,
          command: null,
          expected: null,
          timeboxMinutes: 5,
          kind: 'action' as const,
          customizable: true,
        })),
      },
    },
    null,
    {},
  );
}

let seq = 0;
function ev(
  minute: number,
  type: string,
  payload: Record<string, unknown>,
  author: string,
  device: string,
): IncidentEvent {
  seq += 1;
  return {
    id: eventId(seq),
    incidentId: INCIDENT,
    at: new Date(T0 + minute * 60_000).toISOString(),
    device,
    author,
    type,
    payload,
  };
}
const a = (m: number, type: string, payload: Record<string, unknown> = {}) =>
  ev(m, type, payload, 'dana', 'console-a');
const b = (m: number, type: string, payload: Record<string, unknown> = {}) =>
  ev(m, type, payload, 'sam', 'console-b');

const LOG: IncidentEvent[] = [
  a(0, 'opened', {
    customerId: CUSTOMER,
    title: 'web01 unresponsive',
    severity: 'sev2',
    symptom: 'HTTP 502 on the shop',
    assetIds: [ASSET],
    source: 'alert',
    clockStartAt: new Date(T0 - 5 * 60_000).toISOString(),
  }),
  b(3, 'acknowledged'),
  a(4, 'acknowledged'),
  a(5, 'playbook_started', {
    runId: 'r1',
    playbookId: PB_VM,
    playbookTitle: 'VM unresponsive',
    playbookVersion: 3,
    effective: effective('VM', ['s1', 's2', 's3']),
  }),
  a(9, 'step_done', { runId: 'r1', stepId: 's1', note: 'console frozen' }),
  b(12, 'step_failed', { runId: 'r1', stepId: 's2', note: 'vMotion refused: host in maintenance' }),
  a(14, 'step_skipped', { runId: 'r1', stepId: 's3', reason: 'host itself is down' }),
  b(15, 'customer_update', {
    kind: 'working',
    channel: 'email',
    to: [{ name: 'Acme operations', email: 'ops@acme.example' }],
    subject: 'We are working on it',
    text: 'Our engineers are restoring the VM.',
  }),
  b(16, 'playbook_started', {
    runId: 'r2',
    playbookId: PB_HOST,
    playbookTitle: 'Host down',
    playbookVersion: 1,
    effective: effective('Host', ['h1', 'h2']),
  }),
  a(30, 'step_done', { runId: 'r2', stepId: 'h1' }),
  b(70, 'step_done', { runId: 'r2', stepId: 'h2', note: 'power-cycled the host through iLO' }),
  a(78, 'restored', { summary: 'shop answers again' }),
  b(80, 'follow_up_added', {
    followUpId: 'f1',
    kind: 'evidence',
    text: 'iLO log shows a PSU fault at 23:31',
  }),
  a(81, 'follow_up_added', {
    followUpId: 'f2',
    kind: 'hypothesis',
    text: 'the second PSU was already failed',
  }),
  b(82, 'follow_up_added', { followUpId: 'f3', kind: 'task', text: 'replace both PSUs' }),
  a(83, 'follow_up_added', {
    followUpId: 'f4',
    kind: 'problem_ticket',
    text: 'PSU monitoring gap',
    ticketRef: 'PRB-42',
  }),
];

const FACTS: DraftFacts = {
  customer: { id: CUSTOMER, code: 'ACME', name: 'Acme Retail' },
  timeZone: 'Europe/Berlin',
  targetMinutes: 60,
  assets: [{ id: ASSET, name: 'web01', kind: 'vm' }],
  services: ['Web shop'],
};

/** Every line of every section, with the event it names. */
function allLines(c: ReviewContent) {
  return [
    ...c.summary,
    ...c.impact,
    ...c.keyMoments,
    ...c.restoredBy,
    ...c.factors,
    ...c.questions,
    ...c.actions,
  ];
}

describe('review draft from the log', () => {
  const draft = draftReview(LOG, FACTS);

  it('is a valid review document, and every drafted line names an event of this log', () => {
    expect(ReviewContent.safeParse(draft).success).toBe(true);
    const ids = new Set(LOG.map((e) => e.id));
    for (const l of allLines(draft)) if (l.eventId !== null) expect(ids).toContain(l.eventId);
    expect(allLines(draft).filter((l) => l.eventId === null)).toEqual([]);
  });

  it('does not depend on the order the two consoles delivered their events', () => {
    const shuffled = [...LOG].reverse();
    const fromB = [
      ...LOG.filter((e) => e.device === 'console-b'),
      ...LOG.filter((e) => e.device === 'console-a'),
    ];
    expect(draftReview(shuffled, FACTS)).toEqual(draft);
    expect(draftReview(fromB, FACTS)).toEqual(draft);
  });

  it('measures the duration from the alert time across midnight, against the target', () => {
    // Clock 22:35 UTC, restored 23:58 UTC: 83 minutes, past the 60-minute target.
    expect(draft.facts).toMatchObject({ durationMinutes: 83, targetMinutes: 60, breached: true });
    expect(draft.impact.map((l) => l.text)).toContain(
      'Down 1 h 23 min: the 1 h restore target was breached by 23 min.',
    );
    expect(draft.impact.map((l) => l.text)).toContain('Services affected: Web shop.');
    expect(draft.impact.map((l) => l.text)).toContain('Assets: web01.');
    // In Berlin the clock starts on the 14th and service is back on the 15th.
    expect(draft.summary[0]?.text).toContain('2026-03-14 23:35');
    expect(draft.summary[1]?.text).toContain('Service restored 2026-03-15 00:58');
  });

  it('writes times in the customer’s zone: the same log for a New York customer stays on the 14th', () => {
    const ny = draftReview(LOG, { ...FACTS, timeZone: 'America/New_York' });
    expect(ny.summary[0]?.text).toContain('2026-03-14 18:35');
    expect(ny.summary[1]?.text).toContain('Service restored 2026-03-14 19:58');
    expect(zonedTime('2026-03-14T22:35:00.000Z', 'Nowhere/Invalid')).toBe('2026-03-14 22:35 UTC');
  });

  it('lists the key moments in time order, the decisive step being the last done before the restore', () => {
    expect(draft.keyMoments.map((m) => [m.kind, m.eventId])).toEqual([
      ['detected', LOG[0]?.id],
      ['acknowledged', LOG[1]?.id],
      ['playbook_started', LOG[3]?.id],
      ['customer_update', LOG[7]?.id],
      ['playbook_started', LOG[8]?.id],
      ['decisive_step', LOG[10]?.id],
      ['restored', LOG[11]?.id],
    ]);
    expect(draft.keyMoments[0]?.at).toBe('2026-03-14T22:35:00.000Z');
    expect(draft.keyMoments[1]?.text).toBe('Acknowledged by sam');
    expect(draft.keyMoments[3]?.text).toBe(
      'Customer update (We are working on it) to Acme operations by e-mail',
    );
    expect(draft.keyMoments[5]?.text).toContain("step 2 'Host h2' of Host down done by sam");
  });

  it('says what restored it: the decisive step with its note, and the restore note', () => {
    expect(draft.restoredBy.map((l) => l.text)).toEqual([
      "step 2 'Host h2' of Host down, done 2026-03-15 00:50 GMT+1 by sam: power-cycled the host through iLO",
      'Restore note: shop answers again',
    ]);
  });

  it('draws factors, questions and actions from failed and skipped steps and the follow-ups', () => {
    expect(draft.factors.map((l) => l.text)).toEqual([
      "Step 2 'VM s2' of VM unresponsive failed (2026-03-14 23:52 GMT+1, sam): vMotion refused: host in maintenance",
      'iLO log shows a PSU fault at 23:31',
    ]);
    expect(draft.questions.map((l) => l.text)).toEqual([
      "Step 3 'VM s3' of VM unresponsive was skipped: host itself is down. Should it stay in the playbook?",
      'Unconfirmed: the second PSU was already failed',
    ]);
    expect(draft.actions.map((x) => [x.text, x.owner, x.dueDate, x.eventId])).toEqual([
      ['replace both PSUs', 'sam', null, LOG[14]?.id],
      ['Work problem ticket PRB-42: PSU monitoring gap', 'dana', null, LOG[15]?.id],
    ]);
  });

  it('met target, no steps, not restored: says so instead of inventing', () => {
    const open = draftReview(LOG.slice(0, 3), FACTS);
    expect(open.facts.restoredAt).toBeNull();
    expect(open.summary.map((l) => l.text)).toContain('Service is not recorded as restored.');
    expect(open.restoredBy.map((l) => l.text)).toEqual([
      'No step was recorded as done before service was restored.',
    ]);
    const quick = draftReview([LOG[0]!, a(20, 'restored', {})], { ...FACTS, services: [] });
    expect(quick.impact.map((l) => l.text)).toContain(
      'Down 25 min: within the 1 h restore target (35 min to spare).',
    );
    expect(minutesWords(1500)).toBe('25 h');
  });
});
