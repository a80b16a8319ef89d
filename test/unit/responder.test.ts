/**
 * The pure parts of the responder path: whether a paste is an alert, which matched asset
 * is the host the alert names, and which customer remarks concern which step.
 */
import { describe, expect, it } from 'vitest';
import { formatWords, hostFirst, looksLikeAlert, severityWords } from '../../renderer/incidents/alertText';
import { ALERT_FORMATS } from '../../shared/incidents/alert';
import { customerRemarks, remarksForStep } from '../../shared/incidents/customerNotes';
import type { AlertMatch } from '../../shared/incidents/model';
import { missingSegments, whereToFill } from '../../shared/playbooks/resolve';

const NAGIOS = `***** Nagios *****

Notification Type: PROBLEM

Host: aadc01.foxg.local
State: DOWN
Address: 10.51.20.41
Info: CRITICAL - Host Unreachable (10.51.20.41)

Date/Time: Tue Jun 3 02:14:07 UTC 2025`;

describe('looksLikeAlert', () => {
  it('takes multi-line text, JSON, e-mail headers and long text as an alert', () => {
    expect(looksLikeAlert(NAGIOS)).toBe(true);
    expect(looksLikeAlert('{"status":"firing","alerts":[]}')).toBe(true);
    expect(looksLikeAlert('Subject: ** PROBLEM Host Alert: web01 is DOWN **')).toBe(true);
    expect(looksLikeAlert(`PING CRITICAL - Packet loss = 100% on web01 ${'x'.repeat(120)}`)).toBe(true);
  });
  it('leaves a search a search: a code, a host name, an address, a few words', () => {
    for (const q of ['ACME', 'esx-sh03.acme.local', '10.51.20.41', 'backup failed', '', '   '])
      expect(looksLikeAlert(q), q).toBe(false);
  });
});

type Asset = AlertMatch['assets'][number];
const asset = (id: string, name: string, hostname: string | null, customerId = 'c1'): Asset => ({
  id,
  customerId,
  environmentId: null,
  kind: 'vm',
  name,
  hostname,
  ipAddresses: ['10.51.20.41'],
  criticality: 'high',
  why: 'IP 10.51.20.41',
});

describe('hostFirst', () => {
  const customer = { id: 'c1', code: 'FOXG', name: 'Foxglove', tier: 'gold' as const };
  it('puts the asset the alert names by host name before one that only shares its address', () => {
    const app = asset('a1', 'Entra ID Connect (M365 sync)', 'entra-id-connect.foxg.local');
    const vm = asset('a2', 'aadc01', 'aadc01.foxg.local');
    expect(hostFirst(NAGIOS, { customer, assets: [app, vm] }).map((a) => a.id)).toEqual(['a2', 'a1']);
  });
  it("puts the customer's own machine before a shared platform one named earlier", () => {
    const monitor = asset('m', 'nagios01', 'nagios01.msp.local', 'platform');
    const vm = asset('v', 'web01', 'web01.acme.local');
    const text = 'From: nagios01.msp.local\nHost: web01.acme.local\nState: DOWN';
    expect(hostFirst(text, { customer, assets: [monitor, vm] }).map((a) => a.id)).toEqual(['v', 'm']);
  });
  it("keeps the intake's order when the text names none of them", () => {
    const a = asset('x', 'one', null);
    const b = asset('y', 'two', null);
    expect(hostFirst('Address: 10.51.20.41', { customer, assets: [a, b] }).map((x) => x.id)).toEqual([
      'x',
      'y',
    ]);
  });
});

describe('what the alert was read as', () => {
  it('names every format the intake reads, none blank', () => {
    for (const f of ALERT_FORMATS) expect(formatWords(f)).toMatch(/\S/);
    expect(formatWords('nagios')).toBe('Nagios');
    expect(formatWords('email')).toBe('an e-mail');
  });

  it('says which severity the native value maps to, and when it was defaulted', () => {
    expect(
      severityWords({ format: 'zabbix', severity: 'sev2', nativeSeverity: 'High', severityDefaulted: false }),
    ).toBe('SEV2 from Zabbix High');
    expect(
      severityWords({
        format: 'uptime-kuma',
        severity: 'sev2',
        nativeSeverity: null,
        severityDefaulted: true,
      }),
    ).toBe('SEV2 by default: Uptime Kuma alerts carry no severity');
    expect(
      severityWords({ format: 'text', severity: null, nativeSeverity: null, severityDefaulted: false }),
    ).toBeNull();
  });
});

describe('customer remarks beside the steps they concern', () => {
  const notes =
    'Ring the IT Manager before any reboot in production hours.\nSite access needs 24 h notice; escorted visits only.';
  const remarks = customerRemarks(notes);
  it('splits the notes into remarks', () => {
    expect(remarks.map((r) => r.text)).toEqual([
      'Ring the IT Manager before any reboot in production hours.',
      'Site access needs 24 h notice; escorted visits only.',
    ]);
    expect(customerRemarks(null)).toEqual([]);
    expect(customerRemarks('One thing. Another thing.').map((r) => r.text)).toEqual([
      'One thing.',
      'Another thing.',
    ]);
  });
  it('a restart or power-cycle step gets the reboot warning; a check step gets none', () => {
    const text = (step: { title: string; instruction?: string | null; command?: string | null }) =>
      remarksForStep(remarks, step).map((r) => r.text);
    expect(text({ title: 'Restart AD DS on the DC' })).toEqual([remarks[0]!.text]);
    expect(text({ title: 'Reboot the VM', command: 'Restart-VM -Name aadc01' })).toEqual([remarks[0]!.text]);
    expect(text({ title: 'Power-cycle the carrier box' })).toEqual([remarks[0]!.text]);
    expect(text({ title: 'Send an engineer', instruction: 'Dispatch someone to visit the site.' })).toEqual([
      remarks[1]!.text,
    ]);
    expect(text({ title: 'Reach the DC', instruction: 'Ping it and open the console.' })).toEqual([]);
    expect(text({ title: 'Update the customer' })).toEqual([]);
  });
});

describe('missing values in a frozen step', () => {
  it('splits the marks fillText leaves and raw placeholders into missing parts, never braces', () => {
    expect(missingSegments('ping -c 3 ⟨missing: asset.ip⟩ then {{ failover_site }}.')).toEqual([
      { kind: 'text', text: 'ping -c 3 ' },
      { kind: 'missing', placeholder: 'asset.ip' },
      { kind: 'text', text: ' then ' },
      { kind: 'missing', placeholder: 'failover_site' },
      { kind: 'text', text: '.' },
    ]);
    expect(missingSegments('nothing to fill')).toEqual([{ kind: 'text', text: 'nothing to fill' }]);
  });
  it('says where to fill each kind of value', () => {
    expect(whereToFill('asset.ip')).toMatch(/asset's ip .* asset's page/);
    expect(whereToFill('customer.timezone')).toMatch(/customer's page/);
    expect(whereToFill('failover_site')).toMatch(/parameter failover_site .* overlay/);
  });
});
