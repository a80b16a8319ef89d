import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/model';
import { reduceIncident, runProgress } from '../../shared/incidents/reducer';
import { timeline } from '../../shared/incidents/summary';
import type { EffectivePlaybook } from '../../shared/playbooks/model';
import { resolvePlaybook } from '../../shared/playbooks/resolve';

const INCIDENT = '01970000-0000-7000-8000-000000000001';
const CUSTOMER = '01970000-0000-7000-8000-0000000000c1';
const PLAYBOOK = '01970000-0000-7000-8000-0000000000b1';
const T0 = Date.parse('2025-06-01T10:00:00.000Z');

const eventId = (n: number) => `01970000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

function effective(stepIds: readonly string[], skip: Record<string, string> = {}): EffectivePlaybook {
  return resolvePlaybook(
    {
      version: 2,
      body: {
        summary: 'VM unresponsive',
        appliesTo: { assetKinds: ['vm'], tags: [], symptoms: [] },
        restoreTargetMinutes: 60,
        parameters: [],
        steps: stepIds.map((id) => ({
          id,
          title: `Title of ${id}`,
          instruction: `Do ${id}`,
          command: `run ${id}`,
          expected: null,
          timeboxMinutes: 5,
          kind: 'action' as const,
          customizable: true,
        })),
      },
    },
    {
      coreVersion: 2,
      body: {
        parameters: {},
        steps: Object.fromEntries(Object.entries(skip).map(([id, reason]) => [id, { skip: { reason } }])),
      },
    },
    {},
  );
}

let seq = 0;
function ev(
  minute: number,
  type: string,
  payload: Record<string, unknown> = {},
  author = 'dana',
): IncidentEvent {
  seq += 1;
  return {
    id: eventId(seq),
    incidentId: INCIDENT,
    at: new Date(T0 + minute * 60_000).toISOString(),
    device: 'laptop',
    author,
    type,
    payload,
  };
}

const opened = (minute = 0) =>
  ev(minute, 'opened', {
    customerId: CUSTOMER,
    title: 'VM web01 down',
    severity: 'sev2',
    symptom: 'unresponsive',
  });
const started = (
  minute: number,
  runId: string,
  steps = ['s1', 's2', 's3'],
  skip: Record<string, string> = {},
) =>
  ev(minute, 'playbook_started', {
    runId,
    playbookId: PLAYBOOK,
    playbookTitle: 'VM unresponsive',
    playbookVersion: 2,
    effective: effective(steps, skip),
  });

describe('incident reducer: transitions', () => {
  it('follows open → restoring → restored → closed → reopened', () => {
    const log = [opened(0), ev(2, 'acknowledged'), started(5, 'r1')];
    expect(reduceIncident(log).status).toBe('restoring');
    log.push(ev(30, 'restored', { summary: 'back' }));
    const restored = reduceIncident(log);
    expect(restored.status).toBe('restored');
    expect(restored.restoredAt).toBe(new Date(T0 + 30 * 60_000).toISOString());
    log.push(ev(40, 'closed', { resolution: 'fixed' }));
    expect(reduceIncident(log)).toMatchObject({
      status: 'closed',
      closedAt: new Date(T0 + 40 * 60_000).toISOString(),
    });
    log.push(ev(50, 'reopened', { reason: 'down again' }));
    expect(reduceIncident(log)).toMatchObject({ status: 'open', restoredAt: null, closedAt: null });
    const s = reduceIncident(log);
    expect(s).toMatchObject({
      id: INCIDENT,
      customerId: CUSTOMER,
      title: 'VM web01 down',
      severity: 'sev2',
      symptom: 'unresponsive',
      openedBy: 'dana',
      clockStartAt: new Date(T0).toISOString(),
      acknowledgedAt: new Date(T0 + 2 * 60_000).toISOString(),
      eventCount: 6,
    });
  });

  it('freezes the run from the effective playbook, overlay skips included, and records steps with corrections', () => {
    const log = [
      opened(),
      started(1, 'r1', ['s1', 's2', 's3'], { s3: 'Customer has no DR site' }),
      ev(2, 'step_done', { runId: 'r1', stepId: 's1', note: 'pinged' }),
      ev(3, 'step_failed', { runId: 'r1', stepId: 's2', note: 'timed out' }),
      // A later event for the same step overrides the earlier one.
      ev(4, 'step_done', { runId: 'r1', stepId: 's2' }, 'lee'),
    ];
    const s = reduceIncident(log);
    const run = s.runs[0]!;
    expect(run).toMatchObject({ runId: 'r1', playbookId: PLAYBOOK, title: 'VM unresponsive', version: 2 });
    expect(run.steps.map((x) => [x.stepId, x.state, x.by, x.note])).toEqual([
      ['s1', 'done', 'dana', 'pinged'],
      ['s2', 'done', 'lee', null],
      ['s3', 'pending', null, null],
    ]);
    expect(run.steps[0]).toMatchObject({
      title: 'Title of s1',
      instruction: 'Do s1',
      command: 'run s1',
      timeboxMinutes: 5,
    });
    expect(run.steps[2]!.skipReason).toBe('Customer has no DR site');
    // The overlay-skipped step counts as settled: nothing is left to do.
    expect(runProgress(s)).toEqual({ done: 3, total: 3, nextStep: null });
  });

  it('puts a step without a run id on the latest run that has the step, and old runs take steps as recorded', () => {
    const old = ev(1, 'playbook_started', { playbookId: PLAYBOOK, playbookVersion: 1 });
    const log = [
      opened(),
      old,
      ev(2, 'step_done', { stepId: 'legacy-1' }),
      started(3, 'r2', ['a', 'b']),
      ev(4, 'step_skipped', { stepId: 'a', reason: 'not needed' }),
      ev(5, 'step_done', { stepId: 'zz' }), // not in r2: lands on the old run, which takes anything
      ev(6, 'step_done', { runId: 'r2', stepId: 'nope' }), // not in r2's plan: ignored
      ev(7, 'step_done', { runId: 'missing', stepId: 'a' }), // unknown run: ignored
    ];
    const s = reduceIncident(log);
    expect(s.runs.map((r) => r.runId)).toEqual([old.id, 'r2']);
    expect(s.runs[0]!.steps.map((x) => [x.stepId, x.state])).toEqual([
      ['legacy-1', 'done'],
      ['zz', 'done'],
    ]);
    expect(s.runs[1]!.steps.map((x) => [x.stepId, x.state, x.note])).toEqual([
      ['a', 'skipped', 'not needed'],
      ['b', 'pending', null],
    ]);
    expect(runProgress(s)).toEqual({ done: 1, total: 2, nextStep: 'Title of b' });
  });

  it('keeps notes, corrections and follow-ups', () => {
    const note = ev(2, 'note', { text: 'Rebooted the wrong VM' });
    const fix = ev(3, 'correction', { eventId: note.id, text: 'It was web02, not web01' });
    const log = [
      opened(),
      note,
      fix,
      ev(4, 'follow_up_added', {
        followUpId: 'f1',
        kind: 'problem_ticket',
        text: 'Find root cause',
        ticketRef: 'PRB-7',
      }),
    ];
    const s = reduceIncident(log);
    expect(s.notes).toEqual([
      { eventId: note.id, at: note.at, by: 'dana', text: 'Rebooted the wrong VM', correctedBy: fix.id },
    ]);
    expect(s.followUps).toEqual([
      {
        id: 'f1',
        at: log[3]!.at,
        by: 'dana',
        kind: 'problem_ticket',
        text: 'Find root cause',
        ticketRef: 'PRB-7',
      },
    ]);
  });

  it('tolerates unknown types and bad payloads: counted, but they change nothing', () => {
    const base = [opened(), started(1, 'r1')];
    const junk = [
      ev(2, 'teleported', { to: 'mars' }),
      ev(3, 'restored', { summary: 42 }),
      ev(4, 'severity_changed', { severity: 'sev9' }),
      ev(5, 'step_done', { runId: 'r1' }),
      ev(6, 'closed', { resolution: 'x'.repeat(6000) }),
    ];
    const clean = reduceIncident(base);
    const noisy = reduceIncident([...base, ...junk]);
    expect(noisy.eventCount).toBe(base.length + junk.length);
    expect(noisy.lastEventAt).toBe(junk.at(-1)!.at);
    expect({ ...noisy, eventCount: 0, lastEventAt: '' }).toEqual({
      ...clean,
      eventCount: 0,
      lastEventAt: '',
    });
    const lines = timeline([...base, ...junk]).map((l) => l.summary);
    expect(lines[2]).toMatch(/'teleported' event this version does not know/);
    expect(lines[3]).toMatch(/'restored' event whose details cannot be read/);
  });

  it('gives an incident whose opening cannot be read a state anyway', () => {
    const s = reduceIncident([ev(0, 'opened', { title: 'no customer' }), ev(1, 'note', { text: 'hello' })]);
    expect(s).toMatchObject({ customerId: '', title: 'Untitled incident', status: 'open', eventCount: 2 });
    expect(() => reduceIncident([])).toThrow(RangeError);
  });

  it('writes a human timeline line for every event', () => {
    const log = [
      opened(),
      started(1, 'r1', ['s1', 's2', 's3']),
      ev(2, 'step_done', { runId: 'r1', stepId: 's3', note: 'VM restarted' }),
      ev(3, 'step_skipped', { runId: 'r1', stepId: 's2', reason: 'no DR' }),
      ev(4, 'step_failed', { runId: 'r1', stepId: 's1', note: 'no answer' }),
      ev(5, 'contact_called', { name: 'Pat', phone: '+44 1', outcome: 'informed' }),
      ev(6, 'escalated', { to: 'Vendor', reason: 'hardware' }),
      ev(7, 'restored', {}),
      ev(8, 'closed', {}),
    ];
    expect(timeline(log).map((l) => [l.author, l.summary])).toEqual([
      ['dana', "Opened 'VM web01 down' (sev2) from manual — unresponsive"],
      ['dana', "Started playbook 'VM unresponsive' v2 (3 steps)"],
      ['dana', "Step 3 'Title of s3' done — VM restarted"],
      ['dana', "Skipped step 2 'Title of s2' — no DR"],
      ['dana', "Step 1 'Title of s1' failed — no answer"],
      ['dana', 'Called Pat (+44 1) — informed'],
      ['dana', 'Escalated to Vendor — hardware'],
      ['dana', 'Service restored'],
      ['dana', 'Closed'],
    ]);
  });
});

// ---- properties ------------------------------------------------------------------------

const RUNS = ['r1', 'r2'] as const;
const STEPS = ['s1', 's2', 's3', 's4'] as const;

/** Any event an incident log may hold, including ones this version cannot read. */
const anyEvent = fc.oneof(
  fc.constant<[string, Record<string, unknown>]>(['acknowledged', {}]),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .map((text): [string, Record<string, unknown>] => ['note', { text }]),
  fc
    .tuple(fc.constantFrom(...RUNS), fc.subarray([...STEPS], { minLength: 1 }))
    .map(([runId, steps]): [string, Record<string, unknown>] => [
      'playbook_started',
      { runId, playbookId: PLAYBOOK, playbookVersion: 1, effective: effective(steps) },
    ]),
  fc
    .tuple(
      fc.constantFrom('step_done', 'step_skipped', 'step_failed'),
      fc.option(fc.constantFrom(...RUNS), { nil: undefined }),
      fc.constantFrom(...STEPS),
    )
    .map(([type, runId, stepId]): [string, Record<string, unknown>] => [
      type,
      { ...(runId ? { runId } : {}), stepId, ...(type === 'step_skipped' ? { reason: 'r' } : { note: 'n' }) },
    ]),
  fc.constantFrom<[string, Record<string, unknown>]>(
    ['restored', {}],
    ['closed', {}],
    ['reopened', { reason: 'again' }],
    ['severity_changed', { severity: 'sev1' }],
    ['severity_changed', { severity: 'sev4' }],
    ['follow_up_added', { followUpId: 'f1', kind: 'task', text: 'one' }],
    ['follow_up_added', { followUpId: 'f1', kind: 'task', text: 'two' }],
    ['opened', { customerId: CUSTOMER, title: 'Second opening', severity: 'sev1' }],
    ['mystery', { x: 1 }],
    ['note', { text: '' }],
  ),
);

/** A log: events with distinct ids; times drawn from a small range so ties (same `at`) happen. */
const anyLog = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 40 }), anyEvent, fc.constantFrom('dana', 'lee')), {
    minLength: 1,
    maxLength: 40,
  })
  .map((items) => {
    const log: IncidentEvent[] = [
      { ...opened(0), id: eventId(1) },
      ...items.map(([minute, [type, payload], author], i) => ({
        id: eventId(1000 + ((i * 7919) % 4001)),
        incidentId: INCIDENT,
        at: new Date(T0 + minute * 60_000).toISOString(),
        device: author === 'dana' ? 'laptop' : 'phone',
        author,
        type,
        payload,
      })),
    ];
    // Corrections point at earlier notes.
    const note = log.find((e) => e.type === 'note');
    if (note)
      log.push({
        ...note,
        id: eventId(9999),
        type: 'correction',
        payload: { eventId: note.id, text: 'fixed' },
      });
    return log;
  });

describe('incident reducer: properties', () => {
  it('gives the same state and timeline for the same events in any arrival order', () => {
    fc.assert(
      fc.property(
        anyLog.chain((log) =>
          fc.tuple(fc.constant(log), fc.shuffledSubarray(log, { minLength: log.length })),
        ),
        ([log, shuffled]) => {
          expect(reduceIncident(shuffled)).toEqual(reduceIncident(log));
          expect(timeline(shuffled)).toEqual(timeline(log));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores duplicates: a log merged with itself or a subset of itself is unchanged', () => {
    fc.assert(
      fc.property(
        anyLog.chain((log) => fc.tuple(fc.constant(log), fc.subarray(log), fc.boolean())),
        ([log, subset, withItself]) => {
          const merged = withItself ? [...log, ...log] : [...subset, ...log, ...subset];
          expect(reduceIncident(merged)).toEqual(reduceIncident(log));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merging two devices’ logs gives the state of their union', () => {
    fc.assert(
      fc.property(
        anyLog.chain((log) =>
          fc.tuple(
            fc.constant(log),
            fc.array(fc.constantFrom('a', 'b', 'both'), { minLength: log.length, maxLength: log.length }),
          ),
        ),
        ([log, sides]) => {
          const a = log.filter((_e, i) => sides[i] !== 'b');
          const b = log.filter((_e, i) => sides[i] !== 'a');
          const union = [...new Map([...a, ...b].map((e) => [e.id, e])).values()];
          expect(reduceIncident([...a, ...b])).toEqual(reduceIncident(union));
          expect(reduceIncident([...b, ...a])).toEqual(reduceIncident(log));
        },
      ),
      { numRuns: 300 },
    );
  });
});
