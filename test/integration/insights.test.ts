/**
 * Insights through the real back end: a four-incident log written as incident events (the
 * derived tables rebuilt by recomputeIncident, as every append does), then insights:report
 * checked against figures worked out by hand.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { recomputeIncident } from '../../electron/core/incidents/log';
import type { CallInput } from '../../shared/api/contract';
import { uuidv7 } from '../../shared/ids/uuidv7';
import type { InsightsReport } from '../../shared/insights/model';
import { call } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { dumpDatabase, tempDir } from '../helpers/tmp';

const NOW = '2026-03-10T12:00:00.000Z';
const text = (t: string) => ({ segments: [{ kind: 'text', text: t }], text: t, missing: [] });

function effective() {
  const step = (id: string, title: string, timeboxMinutes: number) => ({
    id,
    origin: 'core',
    coreStepId: id,
    title,
    instruction: text(title),
    command: null,
    expected: null,
    timeboxMinutes,
    kind: 'action',
    customizable: false,
    customization: null,
    skipReason: null,
  });
  return {
    coreVersion: 1,
    overlayCoreVersion: null,
    drifted: false,
    parameters: [],
    steps: [step('s1', 'Check power', 5), step('s2', 'Fail over', 10)],
    missing: [],
  };
}

interface Fixture {
  readonly b: Backend;
  readonly acme: string;
  readonly kiwi: string;
  readonly playbook: string;
}

function fixture(): Fixture {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  const db = b.db;
  // Targets from addCustomer: sev1 60 min, sev2 120, sev3 480.
  const acme = addCustomer(db, { code: 'ACME', name: 'Acme', tier: 'gold', timeZone: 'Europe/Berlin' });
  const kiwi = addCustomer(db, { code: 'KIWI', name: 'Kiwi', tier: 'silver', timeZone: 'Pacific/Auckland' });
  const playbook = uuidv7();
  const at = '2026-01-01T00:00:00.000Z';
  db.prepare(
    'INSERT INTO playbooks (id, title, current_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)',
  ).run(playbook, 'Power loss', at, at);
  db.prepare(
    'INSERT INTO playbook_versions (id, playbook_id, number, body, author, created_at) VALUES (?, ?, 1, ?, ?, ?)',
  ).run(
    uuidv7(),
    playbook,
    JSON.stringify({
      steps: [
        { id: 's1', title: 'Check power' },
        { id: 's2', title: 'Fail over' },
      ],
    }),
    'test',
    at,
  );

  const incident = (
    customerId: string,
    severity: string,
    events: ReadonlyArray<readonly [at: string, type: string, payload: Record<string, unknown>]>,
  ) => {
    const id = uuidv7();
    const openedAt = events[0]?.[0] ?? NOW;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO incidents (id, customer_id, title, severity, status, opened_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
      ).run(id, customerId, 'Outage', severity, openedAt, openedAt, openedAt);
      const insert = db.prepare(
        `INSERT INTO incident_events (id, incident_id, at, device, author, type, payload)
         VALUES (?, ?, ?, 'dev', 'tester', ?, ?)`,
      );
      for (const [when, type, payload] of events)
        insert.run(uuidv7(Date.parse(when)), id, when, type, JSON.stringify(payload));
      recomputeIncident(db, id);
    })();
    return id;
  };
  const opened = (customerId: string, severity: string) => ({ customerId, title: 'Outage', severity });
  const started = (runId: string) => ({
    runId,
    playbookId: playbook,
    playbookTitle: 'Power loss',
    playbookVersion: 1,
    effective: effective(),
  });

  // I1: across midnight and the month in UTC (already 1 March in Berlin). TTA 12, TTR 50, in time.
  incident(acme, 'sev1', [
    ['2026-02-28T23:50:00.000Z', 'opened', opened(acme, 'sev1')],
    ['2026-03-01T00:02:00.000Z', 'acknowledged', {}],
    ['2026-03-01T00:05:00.000Z', 'playbook_started', started('ra')],
    ['2026-03-01T00:11:00.000Z', 'step_done', { runId: 'ra', stepId: 's1' }], // 360 s
    ['2026-03-01T00:25:00.000Z', 'step_failed', { runId: 'ra', stepId: 's2', note: 'no standby' }], // 840 s
    ['2026-03-01T00:40:00.000Z', 'restored', {}],
  ]);
  // I2: Sunday 11:30 UTC is Monday in Auckland. TTA 5, TTR 150 > 120 → breach; closed after.
  incident(kiwi, 'sev2', [
    ['2026-03-01T11:30:00.000Z', 'opened', opened(kiwi, 'sev2')],
    ['2026-03-01T11:35:00.000Z', 'acknowledged', {}],
    ['2026-03-01T11:40:00.000Z', 'playbook_started', started('rb')],
    ['2026-03-01T11:41:00.000Z', 'step_skipped', { runId: 'rb', stepId: 's1', reason: 'power is fine' }], // 60 s
    ['2026-03-01T13:41:00.000Z', 'step_done', { runId: 'rb', stepId: 's2' }], // 7200 s
    ['2026-03-01T14:00:00.000Z', 'restored', {}],
    ['2026-03-01T15:00:00.000Z', 'closed', {}],
  ]);
  // I3: still open, deadline 10:00 passed at 12:00 → breach. TTA 1.
  incident(kiwi, 'sev1', [
    ['2026-03-10T09:00:00.000Z', 'opened', opened(kiwi, 'sev1')],
    ['2026-03-10T09:01:00.000Z', 'acknowledged', {}],
    ['2026-03-10T09:02:00.000Z', 'playbook_started', started('rc')],
    ['2026-03-10T09:05:00.000Z', 'step_done', { runId: 'rc', stepId: 's1' }], // 180 s
  ]);
  // I4: still open, deadline 19:00 not reached, never acknowledged.
  incident(acme, 'sev3', [['2026-03-10T11:00:00.000Z', 'opened', opened(acme, 'sev3')]]);
  return { b, acme, kiwi, playbook };
}

function report(b: Backend, input: CallInput<'insights:report'>): Promise<InsightsReport> {
  return call(b, 'insights:report', input);
}

describe('insights:report on a hand-checked log', () => {
  it('totals and groups: open incidents count in breaches, not in time to restore', async () => {
    const { b, acme, kiwi, playbook } = fixture();
    const r = await report(b, { now: NOW });
    expect(r.timeBasis).toBe('UTC');
    // TTA [12, 5, 1] → median 5, p90 rank 3 → 12; TTR [50, 150] → 100 / 150; breaches I2, I3.
    expect(r.totals).toMatchObject({
      incidents: 4,
      restored: 2,
      open: 2,
      ttaMedian: 5,
      ttaP90: 12,
      ttrMedian: 100,
      ttrP90: 150,
      breaches: 2,
    });
    expect(r.groups.customer).toEqual([
      // I1, I4: TTA [12]; TTR [50].
      expect.objectContaining({
        key: acme,
        label: 'Acme',
        incidents: 2,
        restored: 1,
        open: 1,
        ttaMedian: 12,
        ttrMedian: 50,
        breaches: 0,
      }),
      // I2, I3: TTA [5, 1] → 3 / 5; TTR [150].
      expect.objectContaining({
        key: kiwi,
        label: 'Kiwi',
        incidents: 2,
        restored: 1,
        open: 1,
        ttaMedian: 3,
        ttaP90: 5,
        ttrMedian: 150,
        breaches: 2,
      }),
    ]);
    expect(r.groups.playbook.map((g) => [g.key, g.incidents, g.ttrMedian, g.breaches])).toEqual([
      [playbook, 3, 100, 2],
      ['none', 1, null, 0],
    ]);
    expect(r.groups.severity.map((g) => [g.key, g.incidents, g.ttrMedian, g.breaches])).toEqual([
      ['sev1', 2, 50, 1],
      ['sev2', 1, 150, 1],
      ['sev3', 1, null, 0],
    ]);
    expect(r.groups.week.map((g) => [g.key, g.incidents, g.ttrMedian, g.ttrP90, g.breaches])).toEqual([
      ['2026-02-23', 2, 100, 150, 1],
      ['2026-03-09', 2, null, null, 1],
    ]);
    expect(r.groups.month.map((g) => [g.key, g.incidents, g.ttrMedian, g.breaches])).toEqual([
      ['2026-02', 1, 50, 0],
      ['2026-03', 3, 150, 2],
    ]);
  });

  it('playbook runs, restore rate and steps against their time boxes', async () => {
    const { b, playbook } = fixture();
    const r = await report(b, { now: NOW });
    expect(r.playbooks).toEqual([
      {
        playbookId: playbook,
        title: 'Power loss',
        runs: 3,
        restored: 2,
        abandoned: 0,
        open: 1,
        restoreRate: 2 / 3,
        ttrMedian: 100,
      },
    ]);
    expect(r.steps).toEqual([
      // [840, 7200] → 4020 s over 600 s → 6.7; failed once.
      expect.objectContaining({
        stepId: 's2',
        stepTitle: 'Fail over',
        recorded: 2,
        failed: 1,
        skipped: 0,
        medianSeconds: 4020,
        timeboxMinutes: 10,
        overTimebox: 6.7,
      }),
      // [360, 60, 180] → 180 s over 300 s → 0.6; skipped once.
      expect.objectContaining({
        stepId: 's1',
        stepTitle: 'Check power',
        recorded: 3,
        failed: 0,
        skipped: 1,
        medianSeconds: 180,
        timeboxMinutes: 5,
        overTimebox: 0.6,
      }),
    ]);
  });

  it('process health: customization report and records never reviewed or overdue', async () => {
    const { b, acme, playbook } = fixture();
    b.db
      .prepare('UPDATE customers SET reviewed_at = ?, review_interval_days = 30 WHERE id = ?')
      .run('2026-01-01T00:00:00.000Z', acme);
    const r = await report(b, { now: NOW });
    expect(r.customization.rows).toEqual([
      {
        playbookId: playbook,
        title: 'Power loss',
        customersAsIs: 2,
        customersWithOverlay: 0,
        beyondBound: 0,
        drifted: 0,
      },
    ]);
    // Acme was due on 31 Jan: 38 days before 10 Mar. Never reviewed sorts first.
    expect(r.freshness.map((f) => [f.kind, f.name, f.state, f.daysOverdue])).toEqual([
      ['customer', 'Kiwi (KIWI)', 'never', null],
      ['playbook', 'Power loss', 'never', null],
      ['customer', 'Acme (ACME)', 'overdue', 38],
    ]);
  });

  it('a day later the open sev3 has breached as well', async () => {
    const { b } = fixture();
    expect((await report(b, { now: '2026-03-11T00:00:00.000Z' })).totals.breaches).toBe(3);
  });

  it('refuses malformed input with a clear error and leaves the database as it was', async () => {
    const { b } = fixture();
    const before = dumpDatabase(b.db);
    for (const input of [{ now: 'yesterday' }, { now: 5 }, { since: NOW }, null]) {
      const r = await b.call('insights:report', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('an empty log gives empty figures, not errors', async () => {
    const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
    const r = await report(b, {});
    expect(r.totals).toMatchObject({ incidents: 0, ttaMedian: null, ttrMedian: null, breaches: 0 });
    expect(r.groups.week).toEqual([]);
    expect(r.playbooks).toEqual([]);
  });
});
