import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'zabbix/email-problem.txt',
    {
      symptoms: ['down'],
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
      nativeSeverity: 'High',
    },
  ],
  [
    'zabbix/email-resolved.txt',
    {
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:15.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
    },
  ],
  [
    'zabbix/email-resolved-legacy-4x.txt',
    {
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:15.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
    },
  ],
  [
    'zabbix/webhook-problem.json',
    {
      symptoms: ['down', 'availability'],
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
      addresses: ['10.20.30.13'],
    },
  ],
  [
    'zabbix/webhook-resolved.json',
    {
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:15.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
    },
  ],
  [
    'email/base64.eml',
    {
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
    },
  ],
  [
    'email/outlook-forwarded.txt',
    {
      format: 'zabbix',
      title: 'Unavailable by ICMP ping',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
    },
  ],
];

describe('Zabbix (e-mail and webhook)', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
