import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'pagerduty/incident-triggered.json',
    {
      symptoms: ['instance', 'down'],
      format: 'pagerduty',
      title: 'InstanceDown acme (acme-sql01:9182 windows critical)',
      state: 'firing',
      alertAt: '2026-12-14T02:12:58.512Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: null,
      nativeSeverity: 'P2',
      hosts: ['acme-sql01'],
    },
  ],
  [
    'pagerduty/incident-triggered-no-priority.json',
    {
      format: 'pagerduty',
      title: 'InstanceDown acme (acme-sql01:9182 windows critical)',
      state: 'firing',
      alertAt: '2026-12-14T02:12:58.512Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: null,
      nativeSeverity: 'high',
    },
  ],
  [
    'pagerduty/incident-resolved.json',
    {
      format: 'pagerduty',
      title: 'InstanceDown acme (acme-sql01:9182 windows critical)',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:19.087Z',
      timeZoneAssumed: false,
      severity: null,
      host: null,
    },
  ],
];

describe('PagerDuty webhook v3', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
