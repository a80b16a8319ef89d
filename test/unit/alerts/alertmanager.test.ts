import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'alertmanager/webhook-firing-multi.json',
    {
      symptoms: ['instance', 'down', 'job', 'windows'],
      format: 'alertmanager',
      title: 'Instance acme-sql01:9182 down (2 alerts)',
      state: 'firing',
      alertAt: '2026-12-14T02:05:15.318Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
      nativeSeverity: 'critical',
    },
  ],
  [
    'alertmanager/webhook-resolved.json',
    {
      format: 'alertmanager',
      title: 'Instance acme-sql01:9182 down',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:15.318Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
    },
  ],
  [
    'alertmanager/single-alert-firing.json',
    {
      symptoms: ['job', 'windows'],
      format: 'alertmanager',
      title: 'Instance acme-sql01:9182 down',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.318Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
    },
  ],
  [
    'alertmanager/single-alert-resolved.json',
    {
      format: 'alertmanager',
      title: 'Instance acme-sql01:9182 down',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:15.318Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
    },
  ],
];

describe('Prometheus Alertmanager (webhook v4 and a single alert)', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
