/**
 * Every Insights figure against values worked out by hand on a six-incident log. The
 * worked figures are in the comments next to each expectation.
 */
import { describe, expect, it } from 'vitest';
import {
  groupRestoration,
  isBreach,
  median,
  p90,
  playbookEffectiveness,
  restorationRow,
  stepFigures,
  utcMonth,
  utcWeek,
} from '../../shared/insights/metrics';
import type { IncidentFact, RunFact, StepFact } from '../../shared/insights/model';

const NOW = new Date('2026-03-10T12:00:00Z'); // a Tuesday
const ACME = { customerId: 'c-acme', customerName: 'Acme (Europe/Berlin)' };
const KIWI = { customerId: 'c-kiwi', customerName: 'Kiwi (Pacific/Auckland)' };
const P1 = { playbookId: 'p1', playbookTitle: 'Power loss' };
const P2 = { playbookId: 'p2', playbookTitle: 'Firewall down' };

const inc = (f: Partial<IncidentFact> & Pick<IncidentFact, 'id' | 'clockStartAt'>): IncidentFact => ({
  ...ACME,
  severity: 'sev1',
  status: 'restored',
  acknowledgedAt: null,
  restoredAt: null,
  deadlineAt: null,
  playbookId: null,
  playbookTitle: null,
  ...f,
});

/*
 * A: across midnight and across the month in UTC (Berlin local time is already 1 March).
 *    TTA 12, TTR 50, deadline 00:50 → restored in time.
 * B: Auckland customer; Sunday 11:30 UTC is Monday 00:30 local, but the UTC week is the
 *    one starting 23 Feb. TTA 5, TTR 270, deadline +240 = 15:30 → breach (restored 16:00).
 * C: TTA 20, TTR 30, in time.
 * D: still open, deadline 10:00 < now 12:00 → breach; TTA 1; no TTR.
 * E: still open, not acknowledged, deadline tomorrow → no breach.
 * F: closed without a restore: neither restored nor open, never a breach; TTA 10.
 */
const A = inc({
  id: 'A',
  ...P1,
  clockStartAt: '2026-02-28T23:50:00.000Z',
  acknowledgedAt: '2026-03-01T00:02:00.000Z',
  restoredAt: '2026-03-01T00:40:00.000Z',
  deadlineAt: '2026-03-01T00:50:00.000Z',
});
const B = inc({
  id: 'B',
  ...KIWI,
  ...P1,
  severity: 'sev2',
  status: 'closed',
  clockStartAt: '2026-03-01T11:30:00.000Z',
  acknowledgedAt: '2026-03-01T11:35:00.000Z',
  restoredAt: '2026-03-01T16:00:00.000Z',
  deadlineAt: '2026-03-01T15:30:00.000Z',
});
const C = inc({
  id: 'C',
  ...P2,
  clockStartAt: '2026-03-03T10:00:00.000Z',
  acknowledgedAt: '2026-03-03T10:20:00.000Z',
  restoredAt: '2026-03-03T10:30:00.000Z',
  deadlineAt: '2026-03-03T11:00:00.000Z',
});
const D = inc({
  id: 'D',
  ...KIWI,
  ...P2,
  status: 'restoring',
  clockStartAt: '2026-03-10T09:00:00.000Z',
  acknowledgedAt: '2026-03-10T09:01:00.000Z',
  deadlineAt: '2026-03-10T10:00:00.000Z',
});
const E = inc({
  id: 'E',
  severity: 'sev3',
  status: 'open',
  clockStartAt: '2026-03-10T11:00:00.000Z',
  deadlineAt: '2026-03-11T11:00:00.000Z',
});
const F = inc({
  id: 'F',
  ...KIWI,
  ...P1,
  severity: 'sev2',
  status: 'closed',
  clockStartAt: '2026-03-04T08:00:00.000Z',
  acknowledgedAt: '2026-03-04T08:10:00.000Z',
  deadlineAt: '2026-03-04T12:00:00.000Z',
});
const LOG = [A, B, C, D, E, F];

const row = (
  key: string,
  label: string,
  incidents: number,
  restored: number,
  open: number,
  tta: [number | null, number | null],
  ttr: [number | null, number | null],
  breaches: number,
) => ({
  key,
  label,
  incidents,
  restored,
  open,
  ttaMedian: tta[0],
  ttaP90: tta[1],
  ttrMedian: ttr[0],
  ttrP90: ttr[1],
  breaches,
});

describe('median and p90', () => {
  it('median is the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('p90 is the nearest-rank value: always one that occurred', () => {
    expect(p90([])).toBeNull();
    expect(p90([5])).toBe(5);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9); // rank ceil(9) = 9
    expect(p90([10, 1, 5])).toBe(10); // rank ceil(2.7) = 3
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(10); // rank ceil(9.9) = 10
  });
});

describe('UTC periods', () => {
  it('puts an incident in the UTC week (from Monday) and month of its clock start, not the local one', () => {
    expect(utcWeek(A.clockStartAt)).toBe('2026-02-23'); // Saturday 28 Feb
    expect(utcMonth(A.clockStartAt)).toBe('2026-02'); // already March in Berlin
    expect(utcWeek(B.clockStartAt)).toBe('2026-02-23'); // Sunday in UTC, Monday in Auckland
    expect(utcWeek('2026-03-02T00:00:00.000Z')).toBe('2026-03-02'); // Monday midnight starts the week
    expect(utcWeek('2026-03-01T23:59:59.999Z')).toBe('2026-02-23');
  });
});

describe('breaches', () => {
  it('counts a late restore and an open incident past its deadline, nothing else', () => {
    expect(LOG.filter((i) => isBreach(i, NOW)).map((i) => i.id)).toEqual(['B', 'D']);
  });

  it('a restore exactly at the deadline is in time; an open incident breaches only once now is past it', () => {
    expect(isBreach({ ...A, restoredAt: A.deadlineAt }, NOW)).toBe(false);
    expect(isBreach(D, new Date('2026-03-10T10:00:00.000Z'))).toBe(false);
    expect(isBreach(D, new Date('2026-03-10T10:00:00.001Z'))).toBe(true);
    expect(isBreach(E, new Date('2026-03-11T11:00:01.000Z'))).toBe(true);
  });
});

describe('time to acknowledge and restore', () => {
  it('totals: still-open incidents are excluded from TTR but count in breaches', () => {
    // TTA [12, 5, 20, 1, 10] → sorted [1, 5, 10, 12, 20]: median 10, p90 rank 5 → 20.
    // TTR [50, 270, 30] → median 50, p90 rank 3 → 270.
    expect(restorationRow('all', 'All', LOG, NOW)).toEqual(
      row('all', 'All', 6, 3, 2, [10, 20], [50, 270], 2),
    );
  });

  it('by customer', () => {
    expect(groupRestoration('customer', LOG, NOW)).toEqual([
      // A, C, E: TTA [12, 20] → 16 / 20; TTR [50, 30] → 40 / 50.
      row('c-acme', ACME.customerName, 3, 2, 1, [16, 20], [40, 50], 0),
      // B, D, F: TTA [5, 1, 10] → 5 / 10; TTR [270].
      row('c-kiwi', KIWI.customerName, 3, 1, 1, [5, 10], [270, 270], 2),
    ]);
  });

  it('by playbook of the latest run, with incidents no playbook ran on apart', () => {
    expect(groupRestoration('playbook', LOG, NOW)).toEqual([
      // A, B, F: TTA [12, 5, 10] → 10 / 12; TTR [50, 270] → 160 / 270; B breached.
      row('p1', 'Power loss', 3, 2, 0, [10, 12], [160, 270], 1),
      // C, D: TTA [20, 1] → 10.5 / 20; TTR [30]; D breached.
      row('p2', 'Firewall down', 2, 1, 1, [10.5, 20], [30, 30], 1),
      row('none', 'No playbook run', 1, 0, 1, [null, null], [null, null], 0),
    ]);
  });

  it('by severity, in severity order', () => {
    expect(groupRestoration('severity', LOG, NOW)).toEqual([
      // A, C, D: TTA [12, 20, 1] → 12 / 20; TTR [50, 30] → 40 / 50.
      row('sev1', 'SEV1', 3, 2, 1, [12, 20], [40, 50], 1),
      // B, F: TTA [5, 10] → 7.5 / 10; TTR [270].
      row('sev2', 'SEV2', 2, 1, 0, [7.5, 10], [270, 270], 1),
      row('sev3', 'SEV3', 1, 0, 1, [null, null], [null, null], 0),
    ]);
  });

  it('by UTC week, in time order', () => {
    expect(groupRestoration('week', LOG, NOW)).toEqual([
      // A, B: TTA [12, 5] → 8.5 / 12; TTR [50, 270] → 160 / 270.
      row('2026-02-23', 'Week of 2026-02-23', 2, 2, 0, [8.5, 12], [160, 270], 1),
      // C, F: TTA [20, 10] → 15 / 20; TTR [30].
      row('2026-03-02', 'Week of 2026-03-02', 2, 1, 0, [15, 20], [30, 30], 0),
      // D, E: both open; TTA [1].
      row('2026-03-09', 'Week of 2026-03-09', 2, 0, 2, [1, 1], [null, null], 1),
    ]);
  });

  it('by UTC month: the incident across midnight stays in February', () => {
    expect(groupRestoration('month', LOG, NOW)).toEqual([
      row('2026-02', '2026-02', 1, 1, 0, [12, 12], [50, 50], 0),
      // B, C, D, E, F: TTA [5, 20, 1, 10] → sorted [1, 5, 10, 20]: 7.5 / rank 4 → 20; TTR [270, 30] → 150 / 270.
      row('2026-03', '2026-03', 5, 2, 2, [7.5, 20], [150, 270], 2),
    ]);
  });

  it('the same log a day later: the open sev3 has breached too', () => {
    expect(restorationRow('all', 'All', LOG, new Date('2026-03-12T00:00:00Z')).breaches).toBe(3);
  });
});

describe('playbook effectiveness', () => {
  const runs: RunFact[] = [
    { runId: 'r1', ...P1, outcome: 'restored', minutesToRestore: 50 },
    { runId: 'r2', ...P1, outcome: 'abandoned', minutesToRestore: null },
    { runId: 'r3', ...P1, outcome: 'restored', minutesToRestore: 270 },
    { runId: 'r4', ...P1, outcome: 'abandoned', minutesToRestore: null },
    { runId: 'r5', ...P2, outcome: 'restored', minutesToRestore: 30 },
    { runId: 'r6', ...P2, outcome: 'open', minutesToRestore: null },
  ];

  it('runs, restore rate and median time to restore per playbook', () => {
    expect(playbookEffectiveness(runs)).toEqual([
      {
        playbookId: 'p1',
        title: 'Power loss',
        runs: 4,
        restored: 2,
        abandoned: 2,
        open: 0,
        restoreRate: 0.5,
        ttrMedian: 160,
      },
      {
        playbookId: 'p2',
        title: 'Firewall down',
        runs: 2,
        restored: 1,
        abandoned: 0,
        open: 1,
        restoreRate: 0.5,
        ttrMedian: 30,
      },
    ]);
  });

  it('steps most often failed or skipped first, with median time against the time box', () => {
    const step = (
      runId: string,
      playbookId: string,
      stepId: string,
      outcome: StepFact['outcome'],
      secs: number | null,
      box: number | null,
    ): StepFact => ({
      runId,
      playbookId,
      stepId,
      stepTitle: stepId === 's1' ? 'Check power' : 'Fail over',
      outcome,
      secondsSincePrevious: secs,
      timeboxMinutes: box,
    });
    const steps = [
      step('r1', 'p1', 's1', 'done', 240, 5),
      step('r1', 'p1', 's2', 'done', 300, 10),
      step('r2', 'p1', 's1', 'done', 360, 5),
      step('r2', 'p1', 's2', 'skipped', 120, 10),
      step('r3', 'p1', 's1', 'failed', 600, 5),
      step('r5', 'p2', 's1', 'failed', 60, null),
      step('r6', 'p2', 's1', 'failed', null, null),
    ];
    const titles = new Map([
      ['p1', 'Power loss'],
      ['p2', 'Firewall down'],
    ]);
    expect(stepFigures(steps, titles)).toEqual([
      // Failed twice; one time only (60 s); no time box.
      {
        playbookId: 'p2',
        playbookTitle: 'Firewall down',
        stepId: 's1',
        stepTitle: 'Check power',
        recorded: 2,
        failed: 2,
        skipped: 0,
        medianSeconds: 60,
        timeboxMinutes: null,
        overTimebox: null,
      },
      // [240, 360, 600] → 360 s against 5 min = 300 s → 1.2 (overruns).
      {
        playbookId: 'p1',
        playbookTitle: 'Power loss',
        stepId: 's1',
        stepTitle: 'Check power',
        recorded: 3,
        failed: 1,
        skipped: 0,
        medianSeconds: 360,
        timeboxMinutes: 5,
        overTimebox: 1.2,
      },
      // [300, 120] → 210 s against 600 s → 0.35.
      {
        playbookId: 'p1',
        playbookTitle: 'Power loss',
        stepId: 's2',
        stepTitle: 'Fail over',
        recorded: 2,
        failed: 0,
        skipped: 1,
        medianSeconds: 210,
        timeboxMinutes: 10,
        overTimebox: 0.35,
      },
    ]);
  });
});
