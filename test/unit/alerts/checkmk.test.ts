import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'checkmk/email-host-down.eml',
    {
      symptoms: ['rta', 'lost'],
      format: 'checkmk',
      title: 'esx-host-03 - UP -> DOWN',
      state: 'firing',
      alertAt: '2026-12-14T02:12:47.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'esx-host-03',
      addresses: ['10.20.30.13'],
    },
  ],
  [
    'checkmk/email-host-up.eml',
    {
      format: 'checkmk',
      title: 'esx-host-03 - DOWN -> UP',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:02.000Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'esx-host-03',
    },
  ],
  [
    'checkmk/notify-context-service-problem.json',
    {
      symptoms: ['filesystem', 'used', 'trend'],
      format: 'checkmk',
      title: 'Filesystem D:/ on acme-fs01 is CRITICAL',
      state: 'firing',
      alertAt: '2026-12-14T01:58:31.204Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-fs01',
      addresses: ['10.20.30.42'],
    },
  ],
  [
    'checkmk/notify-context-service-recovery.json',
    {
      format: 'checkmk',
      title: 'Filesystem D:/ on acme-fs01 is OK',
      state: 'resolved',
      alertAt: '2026-12-14T22:17:04.018Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'acme-fs01',
    },
  ],
];

describe('Checkmk (e-mail and notification context)', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
