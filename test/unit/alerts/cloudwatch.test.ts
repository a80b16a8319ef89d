import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'cloudwatch/sns-http-alarm.json',
    {
      symptoms: ['failed'],
      format: 'cloudwatch',
      title: 'acme-app01-status-check-failed',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.114Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'i-0a1b2c3d4e5f67890',
      nativeSeverity: 'ALARM',
      severityDefaulted: true,
    },
  ],
  [
    'cloudwatch/sns-http-ok.json',
    {
      format: 'cloudwatch',
      title: 'acme-app01-status-check-failed',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:33.702Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'i-0a1b2c3d4e5f67890',
    },
  ],
  [
    'cloudwatch/sns-lambda-event-alarm.json',
    {
      format: 'cloudwatch',
      title: 'acme-app01-status-check-failed',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.114Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'i-0a1b2c3d4e5f67890',
    },
  ],
];

describe('AWS CloudWatch alarm via SNS', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
