import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlert as parseIn } from '../../../electron/core/incidents/intake/alerts/registry';
import {
  cleanTitle,
  normalizeAddress,
  numericTokens,
  severityFromWord,
  splitIdentifier,
} from '../../../electron/core/incidents/intake/alerts/text';
import { findTimestamp } from '../../../electron/core/incidents/intake/alerts/time';
import { MAX_ADDRESSES, MAX_HOSTS, TITLE_MAX } from '../../../shared/incidents/alert';
import { isStopWord } from '../../../shared/playbooks/applicability';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'alerts');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
/** These older fixtures' monitoring runs in UTC. */
const parseAlert = (text: string) => parseIn(text, { assumedZone: 'UTC' });
const UTC = { assumedZone: 'UTC' };

describe('Alertmanager webhook', () => {
  it('reads a node-exporter alert: title, start time, severity, address without port, labels, symptoms', async () => {
    const a = await parseAlert(fixture('alertmanager-node-down.json'));
    expect(a.format).toBe('alertmanager');
    expect(a.state).toBe('firing');
    // The summary is the title; the alert name still gives symptom words.
    expect(a.title).toBe('Node exporter on app02.lant.local is unreachable');
    expect(a.alertAt).toBe('2025-06-03T02:14:07.512Z');
    // "critical" is the top of a 3-level convention: SEV2 (docs/alert-formats.md).
    expect(a.severity).toBe('sev2');
    expect(a.addresses).toEqual(['10.4.20.12']);
    expect(a.hosts).toContain('app02.lant.local');
    expect(a.hosts).toContain('app02');
    // The monitoring system's own URLs name the monitoring, not the failed machine.
    expect(a.hosts.some((h) => h.includes('prometheus') || h.includes('alertmanager'))).toBe(false);
    expect(a.labels).toEqual(
      expect.arrayContaining([
        { key: 'instance', value: '10.4.20.12:9100' },
        { key: 'customer', value: 'LANT' },
      ]),
    );
    expect(a.symptoms.slice(0, 3)).toEqual(['node', 'exporter', 'down']);
    expect(a.symptoms).toContain('unreachable');
    expect(a.symptoms).not.toContain('is');
    expect(a.notes).toEqual([]);
  });

  it('takes the earliest start of several alerts, any zone, and counts them in the title', async () => {
    const a = await parseAlert(fixture('alertmanager-k8s-two.json'));
    expect(a.format).toBe('alertmanager');
    expect(a.title).toBe('Pod shop/checkout-7d9f8-abcde is crash looping (2 alerts)');
    // 01:55:30+02:00 is 23:55:30 UTC the day before: earlier than 01:58Z.
    expect(a.alertAt).toBe('2025-06-02T23:55:30.000Z');
    expect(a.severity).toBe('sev3');
    expect(a.hosts).toContain('k8s-node03.embe.local');
    expect(a.addresses).toEqual(['fd00:4::17']);
    expect(a.timeZoneAssumed).toBe(false);
    expect(a.labels).toContainEqual({ key: 'tenant', value: 'Ember Bike Co' });
    expect(a.symptoms.slice(0, 4)).toEqual(['kube', 'pod', 'crash', 'looping']);
  });

  it('accepts a single alert object and an array of alerts', async () => {
    const one = {
      labels: { alertname: 'HostHighCpuLoad', instance: 'db02.harb.local:9100', severity: 'high' },
      annotations: { summary: 'CPU load is above 90%' },
      startsAt: '2025-06-03T02:00:00Z',
    };
    const single = await parseAlert(JSON.stringify(one));
    expect(single).toMatchObject({
      format: 'alertmanager',
      title: 'CPU load is above 90%',
      severity: 'sev2',
      alertAt: '2025-06-03T02:00:00.000Z',
    });
    expect(single.hosts).toEqual(['db02.harb.local', 'db02']);
    const list = await parseAlert(
      JSON.stringify([one, { ...one, labels: { ...one.labels, instance: '[2001:DB8:0:0::1]:9100' } }]),
    );
    expect(list.format).toBe('alertmanager');
    expect(list.addresses).toEqual(['2001:db8::1']);
    expect(list.title).toContain('(2 alerts)');
  });

  it('says when the alert is already resolved', async () => {
    const a = await parseAlert(
      JSON.stringify({
        status: 'resolved',
        alerts: [{ status: 'resolved', labels: { alertname: 'NodeDown', instance: '10.1.20.11:9100' } }],
      }),
    );
    expect(a.state).toBe('resolved');
    expect(a.alertAt).toBeNull();
  });
});

describe('e-mail', () => {
  it("reads a Zabbix e-mail: the problem name as title, its start time in the Date header's zone", async () => {
    const a = await parseIn(fixture('email-zabbix.eml'), { assumedZone: 'Europe/London' });
    expect(a.format).toBe('zabbix');
    expect(a.title).toBe('Disk space is critically low on sql01 (used > 95%)');
    // "02:14:07" has no zone; the mail, sent that second, says 04:14:07 +0200: the server runs in UTC.
    expect(a.alertAt).toBe('2025-06-03T02:14:07.000Z');
    expect(a.timeZoneAssumed).toBe(false);
    expect(a.fingerprint).toBe('88123456');
    expect(a.severity).toBe('sev2');
    expect(a.hosts).toContain('sql01.lant.local');
    expect(a.hosts).toContain('sql01');
    // The sender's address is the monitoring server, not the failed one.
    expect(a.hosts).not.toContain('mon01.lant.local');
    expect(a.symptoms).toEqual(expect.arrayContaining(['disk', 'space', 'low']));
    expect(a.symptoms).not.toContain('sql01');
    // Quoted-printable soft breaks are joined: the URL is one host, not two halves.
    expect(a.text).toContain('https://zabbix.msp.example/tr_events.php?triggerid=4411');
  });

  it('reads an Outlook-style forward with Sent: and no zone, and says which zone it assumed', async () => {
    const a = await parseAlert(
      [
        'From: Service Desk <desk@harb.example>',
        'Sent: Tuesday, June 3, 2025 2:14 AM',
        'To: NOC',
        'Subject: FW: =?UTF-8?Q?Backup_job_failed_=E2=80=93_veeam01?=',
        '',
        'Customer: Harbor Logistics',
        'The nightly backup job on veeam01 failed with "repository unavailable".',
      ].join('\n'),
    );
    expect(a.format).toBe('email');
    expect(a.title).toBe('Backup job failed – veeam01');
    expect(a.alertAt).toBe('2025-06-03T02:14:00.000Z');
    expect(a.timeZoneAssumed).toBe(true);
    expect(a.notes.join(' ')).toMatch(/no time zone; it was read as UTC time/);
    expect(a.labels).toContainEqual({ key: 'customer', value: 'Harbor Logistics' });
    expect(a.hosts).toContain('veeam01');
  });
});

describe('plain text', () => {
  it('reads a pager message: first line as title, P1 as sev1, host and address', async () => {
    const a = await parseAlert(fixture('pager-sms.txt'));
    expect(a.format).toBe('text');
    expect(a.title).toMatch(/^PAGE LANT P1 03\/06 02:14 - web01\.lant\.local/);
    expect(a.severity).toBe('sev1');
    expect(a.hosts).toEqual(expect.arrayContaining(['web01.lant.local', 'web01']));
    expect(a.addresses).toEqual(['10.4.30.11']);
    // "03/06 02:14" has no year and an ambiguous day/month order: unknown, not guessed.
    expect(a.alertAt).toBeNull();
    expect(a.symptoms).toEqual(expect.arrayContaining(['not responding', 'ping']));
    expect(a.text).toContain('LANT');
  });

  it('finds times in the forms monitoring systems write', () => {
    const cases: Array<[string, string | null]> = [
      ['down since 2025-06-03T02:14:07Z', '2025-06-03T02:14:07.000Z'],
      ['at 2025-06-03 04:14:07+02:00 the link dropped', '2025-06-03T02:14:07.000Z'],
      ['Date/Time: Tue Jun 3 02:14:07 UTC 2025', '2025-06-03T02:14:07.000Z'],
      ['Tue, 3 Jun 2025 02:14:07 -0500', '2025-06-03T07:14:07.000Z'],
      ['3 June 2025 02:14 BST', '2025-06-03T01:14:00.000Z'],
      ['June 3, 2025 at 2:14 PM EDT', '2025-06-03T18:14:00.000Z'],
      ['Problem started at 02:14:07 on 2025.06.03', '2025-06-03T02:14:07.000Z'],
      ['2025/06/03 02:14:07 UTC', '2025-06-03T02:14:07.000Z'],
      ['no time here, version 1.2.3.4 and 10:20', null],
      ['0001-01-01T00:00:00Z', null],
      ['2025-02-30 10:00 UTC', null],
      ['14.12.2026 03:12:45', '2026-12-14T03:12:45.000Z'],
      ['2026-12-14T02:12:45.3713213Z', '2026-12-14T02:12:45.371Z'],
      ['2026-12-14T02:12:45.114+0000', '2026-12-14T02:12:45.114Z'],
    ];
    for (const [text, iso] of cases) expect(findTimestamp(text, UTC)?.iso ?? null, text).toBe(iso);
    expect(findTimestamp('2025-06-03 02:14', UTC)?.zoned).toBe(false);
    // A zone-less time is read in the assumed zone, daylight saving included.
    const berlin = { assumedZone: 'Europe/Berlin' };
    expect(findTimestamp('2026-12-14 03:12:45', berlin)?.iso).toBe('2026-12-14T02:12:45.000Z');
    expect(findTimestamp('2026-07-14 03:12:45', berlin)?.iso).toBe('2026-07-14T01:12:45.000Z');
  });

  it('guesses severity from labelled values, sevN/PN tokens and alarm words', async () => {
    // Only a word above "critical" (disaster, emergency, P1, Sev0/1) reaches SEV1 on its own.
    expect(severityFromWord('disaster')).toBe('sev1');
    expect(severityFromWord('P1')).toBe('sev1');
    expect(severityFromWord('critical')).toBe('sev2');
    expect(severityFromWord('page')).toBe('sev2');
    expect(severityFromWord('major')).toBe('sev2');
    expect(severityFromWord('High')).toBe('sev2');
    expect(severityFromWord('warning')).toBe('sev3');
    expect(severityFromWord('info')).toBe('sev4');
    expect(severityFromWord('sev-3')).toBe('sev3');
    expect(severityFromWord('purple')).toBeNull();
    expect((await parseAlert('web01 is CRITICAL')).severity).toBe('sev2');
    expect((await parseAlert('severity=warning host=web01')).severity).toBe('sev3');
    expect((await parseAlert('SEV2: checkout slow')).severity).toBe('sev2');
    expect((await parseAlert('MAJOR: core-sw01 link down')).severity).toBe('sev2');
    expect((await parseAlert('INFO backup finished late')).severity).toBe('sev4');
    expect((await parseAlert('for more info call the desk')).severity).toBeNull();
    expect((await parseAlert('web01 is down')).severity).toBeNull();
  });

  it('says a recovery is resolved, in the words tools use', async () => {
    for (const text of [
      'RESOLVED: web01 disk space',
      'Recovered: backup job on veeam01',
      'core-sw01 uplink is back up',
      'web01: DOWN -> UP',
    ])
      expect((await parseAlert(text)).state, text).toBe('resolved');
    for (const text of ['web01 down', 'PING CRITICAL - 10.0.0.1', 'Resolve the DNS issue on dns01 please'])
      expect((await parseAlert(text)).state, text).toBe('firing');
  });

  it('cleans titles of notification noise', () => {
    expect(cleanTitle('Subject: RE: Fwd: ** PROBLEM Host Alert: web01 is DOWN **')).toBe(
      'Host Alert: web01 is DOWN',
    );
    expect(cleanTitle('[FIRING:3] KubeNodeNotReady')).toBe('KubeNodeNotReady');
    expect(cleanTitle('[RECOVERY] Host esx01 is UP!')).toBe('Host esx01 is UP!');
    expect(cleanTitle('[Triggered on {host:db01}] High CPU')).toBe('High CPU');
    expect(cleanTitle('** CPU high **')).toBe('CPU high');
  });

  it('splits alert names into symptom words and drops stop words, hosts and numbers', async () => {
    expect(splitIdentifier('KubePodCrashLooping')).toBe('Kube Pod Crash Looping');
    expect(splitIdentifier('HTTPServerDown')).toBe('HTTP Server Down');
    expect(splitIdentifier('node_filesystem-almost_full')).toBe('node filesystem almost full');
    const a = await parseAlert('The VM app02.acme.local is not responding since 02:10, 3 retries');
    expect(a.symptoms).toEqual(['vm', 'not responding', 'retries']);
  });

  it('keeps a negation or an availability phrase as one symptom, so the ranker still sees it', async () => {
    const a = await parseAlert('Connection timed out: no route to app02.acme.local, packet loss 100 %');
    expect(a.symptoms).toEqual(['connection', 'timed out', 'no route', 'packet loss']);
  });

  it("drops the ranker's stop words: one list, so no symptom word is one the ranker ignores", async () => {
    const a = await parseAlert('Service check on server app02.acme.local failed: high disk usage, major');
    expect(a.symptoms).toEqual(['failed', 'disk', 'usage']);
    expect(a.symptoms.filter(isStopWord)).toEqual([]);
  });

  it('reads labelled fields: customer, tenant and host', async () => {
    const a = await parseAlert('ALERT host=fw01 tenant="Quayside Plastics" link flapping\ncustomer: QUAY');
    expect(a.labels).toEqual(
      expect.arrayContaining([
        { key: 'host', value: 'fw01' },
        { key: 'tenant', value: 'Quayside Plastics' },
        { key: 'customer', value: 'QUAY' },
      ]),
    );
    expect(a.hosts).toContain('fw01');
  });

  it('falls back to text for JSON that does not parse, and reads unknown JSON by key names', async () => {
    const a = await parseAlert(
      '{"alerts": [{"labels": {"alertname": "NodeDown", "instance": "10.1.20.11:9100"}',
    );
    expect(a.format).toBe('text');
    expect(a.notes[0]).toMatch(/looks like JSON but is not valid JSON/);
    expect(a.addresses).toEqual(['10.1.20.11']);
    const other = await parseAlert('{"message": "db01.harb.local unreachable", "level": "critical"}');
    expect(other.format).toBe('json');
    expect(other.notes[0]).toMatch(/No known alert format/);
    expect(other.hosts).toContain('db01.harb.local');
    expect(other.severity).toBe('sev2');
  });

  it('finds title, host, severity, time and state by key name at any depth, not by position', async () => {
    const a = await parseAlert(
      JSON.stringify({
        id: 18,
        schema: 'acme-noc/v2',
        payload: {
          meta: { source: 'in-house', received: 'yesterday' },
          event: {
            status: 'resolved',
            timestamp: '2026-12-14T02:40:15Z',
            details: {
              summary: 'Print spooler stopped',
              hostname: 'ACME-FS01.acme.local',
              severity: 'warning',
            },
          },
        },
      }),
    );
    expect(a).toMatchObject({
      format: 'json',
      title: 'Print spooler stopped',
      host: 'acme-fs01.acme.local',
      severity: 'sev3',
      state: 'resolved',
      alertAt: '2026-12-14T02:40:15.000Z',
    });
    expect(a.title).not.toMatch(/^id|schema/);
  });

  it('ignores what only looks like a host or an address', async () => {
    const a = await parseAlert(
      'see /var/log/syslog.log and nginx.service; version 1.2.3.4.5; MAC 00:1a:2b:3c:4d:5e at 02:14:07; mail noc@msp.example',
    );
    expect(a.addresses).toEqual([]);
    expect(a.hosts).not.toContain('syslog.log');
    expect(a.hosts).not.toContain('nginx.service');
    expect(a.hosts).not.toContain('msp.example');
  });

  it('normalises addresses the way the catalog stores them', async () => {
    expect(normalizeAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('010.020.030.041')).toBe('10.20.30.41');
    expect(normalizeAddress('[fe80::1%eth0]')).toBe('fe80::1');
    expect(normalizeAddress('02:14:07')).toBeNull();
    expect(normalizeAddress('10.20.30.256')).toBeNull();
    expect(normalizeAddress('::')).toBeNull();
    const a = await parseAlert('ping to ::ffff:10.20.30.41 and 010.020.030.042 and [2001:DB8::0:1]:443 lost');
    expect(a.addresses).toEqual(['10.20.30.41', '10.20.30.42', '2001:db8::1']);
  });

  it('keeps numbers written as whole tokens as identifiers, not parts of addresses, times or words', () => {
    expect(
      numericTokens('Circuit 12345678 down; ref BT/DIA/87654321; at 10.20.30.41:10050 02:14:07'),
    ).toEqual(['12345678', '87654321']);
    expect(numericTokens('serial CZJ1234567, 3.14159, 1234, version 2.0.12345-1')).toEqual([]);
  });

  it('keeps a number a carrier labels as a circuit id, even written against the label or short', () => {
    expect(numericTokens('Circuit ID:1234567 / CID#7654321 / Ckt: 4471 / Service ID=889900')).toEqual([
      '1234567',
      '7654321',
      '4471',
      '889900',
    ]);
    // A short number not labelled as a circuit, or a labelled one that is part of a decimal, is not one.
    expect(numericTokens('Ticket #4471, circuit 12.5 Mbps, ref:4471')).toEqual([]);
  });
});

describe('robustness', () => {
  it('returns a result for any string, with a title an incident can take', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (s) => {
        const a = await parseAlert(s);
        expect(a.title.length).toBeGreaterThan(0);
        expect(a.title.length).toBeLessThanOrEqual(TITLE_MAX);
        expect(['firing', 'resolved']).toContain(a.state);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a result for strings made of alert-shaped pieces', async () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"alerts":',
      '"labels":',
      '{"alertname":"X"}',
      'Subject: ',
      'From: a@b.c',
      'Date: ',
      '\n',
      '\r\n',
      ' ',
      '10.1.2.3:9100',
      '[::1]:80',
      'fd00::',
      'web01.acme.local',
      '2025-06-03T02:14:07Z',
      'Tue, 3 Jun 2025 02:14:07 +0000',
      'severity=critical',
      'customer: ACME',
      '=?UTF-8?B?!!!?=',
      '=?x-unknown?Q?a=ZZ?=',
      'Content-Transfer-Encoding: quoted-printable',
      '=',
      'null',
      '"',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 60 }),
        async (parts) => {
          const a = await parseAlert(parts.join(''));
          expect(a.title.length).toBeGreaterThan(0);
          expect(a.hosts.length).toBeLessThanOrEqual(MAX_HOSTS);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads a megabyte of text quickly and bounds what it will look up', async () => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 1_000_000; i++) {
      lines.push(
        `2025-06-03T02:${String(i % 60).padStart(2, '0')}:00Z host${i}.acme.local 10.${i % 250}.1.${i % 250} ok`,
      );
      size += (lines[lines.length - 1]?.length ?? 0) + 1;
    }
    const t = performance.now();
    const a = await parseAlert(lines.join('\n'));
    expect(performance.now() - t).toBeLessThan(3000);
    expect(a.hosts.length).toBe(MAX_HOSTS);
    expect(a.addresses.length).toBeLessThanOrEqual(MAX_ADDRESSES);
    // Pathological runs: long words, long white space, long dotted names.
    for (const s of [
      'a'.repeat(500_000),
      `1 Jan 2025 1:00${' '.repeat(200_000)}x`,
      `${'a.'.repeat(200_000)}-`,
      `${'a@'.repeat(200_000)}`,
      `${'1:'.repeat(200_000)}`,
      `${'['.repeat(100_000)}`,
    ]) {
      const t0 = performance.now();
      await parseAlert(s);
      expect(performance.now() - t0, s.slice(0, 20)).toBeLessThan(2000);
    }
  });
});
