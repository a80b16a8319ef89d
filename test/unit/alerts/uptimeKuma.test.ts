import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'uptime-kuma/webhook-down.json',
    {
      symptoms: ['timeout', 'exceeded'],
      format: 'uptime-kuma',
      title: 'Acme portal: timeout of 48000ms exceeded',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.318Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'portal.acme-ltd.example',
      severityDefaulted: true,
    },
  ],
  [
    'uptime-kuma/webhook-up.json',
    {
      format: 'uptime-kuma',
      title: 'Acme portal: 200 - OK',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:45.902Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'portal.acme-ltd.example',
    },
  ],
  [
    'uptime-kuma/webhook-ping-down-legacy-1x.json',
    {
      format: 'uptime-kuma',
      title: 'acme-sql01 ping: PING 10.20.30.41 (10.20.30.41) 56(84) bytes of data.',
      state: 'firing',
      alertAt: '2026-12-14T02:12:51.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: '10.20.30.41',
      addresses: ['10.20.30.41'],
    },
  ],
];

describe('Uptime Kuma webhook', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
