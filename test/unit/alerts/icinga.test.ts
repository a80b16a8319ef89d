import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'icinga/host-problem.txt',
    {
      symptoms: ['rta', 'lost'],
      format: 'icinga',
      title: 'esx-host-03 is DOWN',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
      addresses: ['10.20.30.13'],
    },
  ],
  [
    'icinga/host-recovery.txt',
    {
      format: 'icinga',
      title: 'esx-host-03 is UP',
      state: 'resolved',
      alertAt: '2026-12-14T02:39:58.000Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'esx-host-03.acme.local',
    },
  ],
  [
    'icinga/service-problem.txt',
    {
      symptoms: ['disk', 'free', 'space'],
      format: 'icinga',
      title: 'Disk D: on acme-fs01 is CRITICAL',
      state: 'firing',
      alertAt: '2026-12-14T01:58:31.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-fs01.acme.local',
      addresses: ['10.20.30.42'],
    },
  ],
  [
    'icinga/host-problem-raw.eml',
    {
      format: 'icinga',
      title: 'esx-host-03 is DOWN',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'esx-host-03.acme.local',
    },
  ],
  [
    'email/quoted-printable.eml',
    {
      format: 'icinga',
      title: 'Disk D: on acme-fs01 is CRITICAL',
      state: 'firing',
      alertAt: '2026-12-14T01:58:31.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-fs01.acme.local',
    },
  ],
];

describe('Icinga 2 e-mail', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
