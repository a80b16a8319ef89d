import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'librenms/email-default-alert.txt',
    {
      symptoms: ['device', 'down', 'no icmp', 'response'],
      format: 'librenms',
      title: 'acme-nas01.acme.local: Device Down! Due to no ICMP response.',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'acme-nas01.acme.local',
    },
  ],
  [
    'librenms/email-default-recovery.txt',
    {
      format: 'librenms',
      title: 'acme-nas01.acme.local: Device Down! Due to no ICMP response.',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:15.000Z',
      timeZoneAssumed: true,
      severity: null,
      host: 'acme-nas01.acme.local',
    },
  ],
  [
    'librenms/api-transport-alert.json',
    {
      symptoms: ['device', 'down', 'no icmp', 'response'],
      format: 'librenms',
      title: 'acme-nas01.acme.local: Device Down! Due to no ICMP response.',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: true,
      severity: 'sev2',
      host: 'acme-nas01.acme.local',
      addresses: ['10.20.30.50'],
    },
  ],
  [
    'librenms/api-transport-recovered.json',
    {
      format: 'librenms',
      title: 'acme-nas01.acme.local: Device Down! Due to no ICMP response.',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:15.000Z',
      timeZoneAssumed: true,
      severity: null,
      host: 'acme-nas01.acme.local',
    },
  ],
];

describe('LibreNMS (default template and API transport)', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
