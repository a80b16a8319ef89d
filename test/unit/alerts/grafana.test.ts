import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'grafana/webhook-firing.json',
    {
      symptoms: ['cpu', 'usage'],
      format: 'grafana',
      title: 'CPU on acme-sql01 above 95% for 10 minutes',
      state: 'firing',
      alertAt: '2026-12-14T02:02:30.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
      addresses: ['10.20.30.41'],
    },
  ],
  [
    'grafana/webhook-resolved.json',
    {
      format: 'grafana',
      title: 'CPU on acme-sql01 above 95% for 10 minutes',
      state: 'resolved',
      alertAt: '2026-12-14T02:31:30.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
    },
  ],
];

describe('Grafana alerting webhook', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
