import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'nagios/host-down.txt',
    {
      format: 'nagios',
      title: 'acme-sql01 is DOWN',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
      nativeSeverity: 'DOWN',
      addresses: ['10.20.30.41'],
    },
  ],
  [
    'nagios/host-recovery.txt',
    {
      format: 'nagios',
      title: 'acme-sql01 is UP',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:05.000Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'acme-sql01',
    },
  ],
  [
    'nagios/service-critical.txt',
    {
      format: 'nagios',
      title: 'acme-sql01.acme.local/MSSQL Service is CRITICAL',
      state: 'firing',
      alertAt: '2026-12-14T02:22:10.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01.acme.local',
    },
  ],
  [
    'nagios/service-recovery.txt',
    {
      format: 'nagios',
      title: 'acme-sql01.acme.local/MSSQL Service is OK',
      state: 'resolved',
      alertAt: '2026-12-14T02:44:52.000Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'acme-sql01.acme.local',
    },
  ],
  [
    'email/rfc5322-plain.eml',
    {
      format: 'nagios',
      title: 'acme-sql01 is DOWN',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
    },
  ],
  [
    'email/outlook-pasted.txt',
    {
      format: 'nagios',
      title: 'acme-sql01.acme.local/MSSQL Service is CRITICAL',
      state: 'firing',
      alertAt: '2026-12-14T02:22:10.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01.acme.local',
    },
  ],
];

describe('Nagios e-mail', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
