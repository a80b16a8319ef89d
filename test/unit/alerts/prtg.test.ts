import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'prtg/email-down.txt',
    {
      symptoms: ['ping', 'request', 'timed out', 'icmp'],
      format: 'prtg',
      title: 'acme-sql01 Ping Down (Request timed out (ICMP error # 11010))',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'acme-sql01',
      addresses: ['10.20.30.41'],
    },
  ],
  [
    'prtg/email-up.txt',
    {
      format: 'prtg',
      title: 'acme-sql01 Ping Up (OK)',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:05.000Z',
      timeZoneAssumed: true,
      severity: null,
      host: 'acme-sql01',
    },
  ],
  [
    'prtg/http-down.json',
    {
      symptoms: ['request', 'timed out', 'icmp'],
      format: 'prtg',
      title: 'acme-sql01 Ping Down (Request timed out (ICMP error # 11010))',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'acme-sql01',
      addresses: ['10.20.30.41'],
    },
  ],
  [
    'prtg/http-up.json',
    {
      format: 'prtg',
      title: 'acme-sql01 Ping Up (OK)',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:05.000Z',
      timeZoneAssumed: true,
      severity: null,
      host: 'acme-sql01',
    },
  ],
  [
    'email/html-only.eml',
    {
      format: 'prtg',
      title: 'acme-sql01 Ping Down (Request timed out (ICMP error # 11010))',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
      addresses: ['10.20.30.41'],
    },
  ],
];

describe('PRTG (e-mail, HTML e-mail, HTTP action)', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
