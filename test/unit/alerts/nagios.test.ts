import { describe, expect, it } from 'vitest';
import { parseAlert } from '../../../electron/core/incidents/intake/alerts/registry';
import { type Expected, expectFixture, ZONE } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'nagios/host-down.txt',
    {
      symptoms: ['rta', 'lost'],
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
      symptoms: ['mssql', 'stopped'],
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
      symptoms: ['mssql', 'stopped'],
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

describe("Nagios's Info: and Additional Info: lines", () => {
  const head = (subject: string) =>
    [`Subject: ${subject}`, '', '***** Nagios *****', '', 'Notification Type: PROBLEM'].join('\n');
  it('feed the symptom words, not only the subject', async () => {
    const host = await parseAlert(
      [
        head('** PROBLEM Host Alert: vm-app02 is DOWN **'),
        'Host: vm-app02',
        'State: DOWN',
        'Address: 10.1.2.3',
        'Info: CRITICAL - Host Unreachable (10.1.2.3)',
        '',
        'Date/Time: Sun Jun 1 11:40:12 UTC 2025',
      ].join('\n'),
      { assumedZone: ZONE },
    );
    expect(host.symptoms).toEqual(expect.arrayContaining(['unreachable', 'down']));
    for (const between of ['\n\n', ' ']) {
      const service = await parseAlert(
        [
          head('** PROBLEM Service Alert: vm-app02/PING is CRITICAL **'),
          '',
          'Service: PING',
          'Host: vm-app02',
          'State: CRITICAL',
          '',
          'Date/Time: Sun Jun 1 11:40:12 UTC 2025',
          '',
          `Additional Info:${between}PING CRITICAL - Packet loss = 100%`,
        ].join('\n'),
        { assumedZone: ZONE },
      );
      expect(service.symptoms).toEqual(expect.arrayContaining(['ping', 'packet loss']));
    }
  });
});
