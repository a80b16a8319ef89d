import { describe, expect, it } from 'vitest';
import { parseFixture } from './fixture';

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
