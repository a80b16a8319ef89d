import { describe, expect, it } from 'vitest';
import { parseAlert } from '../../../electron/core/incidents/intake/alerts/registry';
import { fixture, parseFixture, ZONE } from './fixture';

describe('hosts an alert names', () => {
  it.each([
    ['icinga/host-problem.txt', 'icinga2-master.msp.example', 'esx-host-03.acme.local'],
    ['prtg/email-down.txt', 'msp-prtg01', 'acme-sql01'],
    ['prtg/http-down.json', 'msp-prtg01', 'acme-sql01'],
    ['zabbix/webhook-problem.json', 'event.recovery.date', 'esx-host-03.acme.local'],
    ['librenms/email-default-alert.txt', 'unique-id', 'acme-nas01.acme.local'],
    ['nagios/host-down.txt', 'nagios', 'acme-sql01'],
  ])('%s: not the monitoring server, a field label or a macro (%s), but %s', async (file, not, host) => {
    const a = await parseFixture(file);
    expect(a.hosts).not.toContain(not);
    expect(a.hosts).toContain(host);
  });

  it('never takes the LibreNMS kernel build date in sysDescr as the alert time', async () => {
    for (const file of ['librenms/api-transport-alert.json', 'librenms/email-default-alert.txt']) {
      const a = await parseFixture(file);
      expect(a.alertAt, file).toBe('2026-12-14T02:12:45.000Z');
      expect(a.timeSource, file).toBe('timestamp');
    }
  });

  it('reads the CloudWatch alarm inside the SNS message and its own state-change time', async () => {
    const a = await parseFixture('cloudwatch/sns-http-alarm.json');
    expect(a.timeSource).toBe('StateChangeTime');
    expect(a.fingerprint).toMatch(/^arn:aws:cloudwatch:/);
    expect(a.hosts).toContain('acme-app01');
  });
});

describe('forwarded and replied alerts', () => {
  it('reads a forwarded Nagios mail as Nagios, without the Fwd: and ** PROBLEM ** noise', async () => {
    const nagios = fixture('nagios/host-down.txt').replace(/^Subject: .*\n/, '');
    const mail = [
      'From: Sam Okafor <sam@msp.example>',
      'To: NOC <noc@msp.example>',
      'Date: Mon, 14 Dec 2026 03:20:02 +0100',
      'Subject: Fwd: ** PROBLEM Host Alert: acme-sql01 is DOWN **',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '---------- Forwarded message ---------',
      nagios,
    ].join('\r\n');
    const a = await parseAlert(mail, { assumedZone: ZONE });
    expect(a).toMatchObject({
      format: 'nagios',
      title: 'acme-sql01 is DOWN',
      state: 'firing',
      // The alert's own Date/Time:, not when it was forwarded.
      alertAt: '2026-12-14T02:12:45.000Z',
    });
  });
});
