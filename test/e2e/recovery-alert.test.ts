/**
 * A recovery alert end to end in Chromium through `lifeline serve` on demo data: an
 * Alertmanager webhook opens an incident for a demo VM; the same alert pasted again goes to
 * that incident (noting the repeat); its "resolved" webhook offers to mark it restored at the
 * alert's time, and Enter does; a resolved alert with nothing open opens nothing.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForReady, watchConsole } from '../helpers/browser';
import { demoConsoleForFile, SHOTS } from '../helpers/demoConsole';
import { chromium } from '../helpers/tools';

const demo = demoConsoleForFile('recovery', { clipboard: true });

interface Vm {
  readonly customerName: string;
  readonly hostname: string;
}

/** Demo VMs with a host name, looked up through the API, on different customers. */
async function demoVms(): Promise<Vm[]> {
  const customers = await demo.served.call('customer:list', {});
  const out: Vm[] = [];
  for (const customer of customers.items.filter((c) => c.kind === 'customer')) {
    const topology = await demo.served.call('customer:topology', { id: customer.id });
    const vm = topology.assets.find((a) => a.kind === 'vm' && a.hostname);
    if (vm?.hostname) out.push({ customerName: customer.name, hostname: vm.hostname });
  }
  return out;
}

/** Alertmanager's published webhook payload (version 4) for one InstanceDown alert. */
function alertmanagerWebhook(
  vm: Vm,
  alert: { status: 'firing' | 'resolved'; startsAt: string; endsAt: string; fingerprint: string },
): string {
  const labels = { alertname: 'InstanceDown', instance: `${vm.hostname}:9100`, severity: 'critical' };
  const annotations = { summary: `Instance ${vm.hostname}:9100 down` };
  return JSON.stringify(
    {
      version: '4',
      groupKey: '{}:{alertname="InstanceDown"}',
      truncatedAlerts: 0,
      status: alert.status,
      receiver: 'lifeline-msp',
      groupLabels: { alertname: 'InstanceDown' },
      commonLabels: labels,
      commonAnnotations: annotations,
      externalURL: 'http://alertmanager.msp.example:9093',
      alerts: [
        {
          status: alert.status,
          labels,
          annotations,
          startsAt: alert.startsAt,
          endsAt: alert.endsAt,
          generatorURL: 'http://prometheus.msp.example:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
          fingerprint: alert.fingerprint,
        },
      ],
    },
    null,
    2,
  );
}

/** The console opened fresh, with this alert pasted on it: intake opens and reads it. */
async function pasteOnConsole(text: string): Promise<{ page: Page; problems: string[] }> {
  const page = await demo.browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems = watchConsole(page);
  await page.goto(demo.served.url);
  await waitForReady(page);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
  await expect.poll(() => page.getByTestId('alert-format').textContent()).toContain('Read as');
  return { page, problems };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe.skipIf(chromium.missing)('a recovery alert in Chromium through lifeline serve', () => {
  it('firing opens, a repeat goes to it, the resolved webhook marks it restored at endsAt', async () => {
    const [vm] = await demoVms();
    if (!vm) throw new Error('The demo data has no VM with a host name.');
    const fingerprint = crypto.randomBytes(8).toString('hex');
    const startsAt = minutesAgo(10);
    const firing = alertmanagerWebhook(vm, {
      status: 'firing',
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint,
    });

    // 1. The firing alert: read as Alertmanager, its time and severity shown; Enter opens it.
    const first = await pasteOnConsole(firing);
    let page = first.page;
    await expect.poll(() => page.getByTestId('matched-customer').textContent()).toContain(vm.customerName);
    expect(await page.getByTestId('alert-format').textContent()).toBe('Read as Prometheus Alertmanager');
    expect(await page.getByTestId('alert-severity').textContent()).toMatch(
      /^SEV\d from Prometheus Alertmanager critical$/,
    );
    expect(await page.getByTestId('alert-time').textContent()).toContain('10 min ago');
    expect(await page.getByTestId('alert-zone-assumed').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-recovery-firing.png') });
    await expect
      .poll(() => page.getByTestId('open-incident').evaluate((b) => b === document.activeElement))
      .toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('who-is-on').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/#\/incidents\/[0-9a-f-]{36}$/);
    const incidentId = page.url().split('#/incidents/')[1] ?? '';
    const opened = await demo.served.call('incident:get', { id: incidentId });
    expect(first.problems).toEqual([]);
    await page.close();

    // 2. The same alert again: Enter goes to the open incident and notes the repeat.
    const again = await pasteOnConsole(firing);
    page = again.page;
    const go = page.getByTestId('go-to-incident');
    await expect.poll(() => go.textContent()).toContain(`Go to the open incident “${opened.state.title}”`);
    expect(await page.getByTestId('open-new-anyway').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-recovery-repeat.png') });
    await expect.poll(() => go.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/incidents/${incidentId}`);
    const noted = await demo.served.call('incident:get', { id: incidentId });
    const notes = noted.timeline.filter((e) => e.type === 'note');
    expect(notes.map((e) => JSON.stringify(e))).toContainEqual(expect.stringContaining('repeated'));
    expect(noted.state.restoredAt).toBeNull();
    expect(again.problems).toEqual([]);
    await page.close();

    // 3. Resolved two minutes ago: Enter marks that incident restored at the alert's time.
    const endsAt = minutesAgo(2);
    const resolved = alertmanagerWebhook(vm, { status: 'resolved', startsAt, endsAt, fingerprint });
    const recovery = await pasteOnConsole(resolved);
    page = recovery.page;
    const mark = page.getByTestId('mark-restored');
    await expect.poll(() => mark.textContent()).toContain(`Mark “${opened.state.title}” restored at`);
    expect(await page.getByTestId('alert-resolved').isVisible()).toBe(true);
    expect(await page.getByTestId('go-without-marking').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-recovery-mark-restored.png') });
    await expect.poll(() => mark.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/incidents/${incidentId}`);
    const restored = await demo.served.call('incident:get', { id: incidentId });
    expect(restored.state.status).toBe('restored');
    expect(Date.parse(restored.state.restoredAt ?? '')).toBe(Date.parse(endsAt));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-recovery-restored-incident.png') });
    expect(recovery.problems).toEqual([]);
  });

  it('a resolved alert with nothing open opens nothing; "Open an incident anyway" does', async () => {
    const vms = await demoVms();
    const vm = vms[1] ?? vms[0];
    if (!vm) throw new Error('The demo data has no VM with a host name.');
    const before = (await demo.served.call('incident:list', { status: 'all', limit: 1000 })).items.length;
    const endsAt = minutesAgo(2);
    const resolved = alertmanagerWebhook(vm, {
      status: 'resolved',
      startsAt: minutesAgo(20),
      endsAt,
      fingerprint: crypto.randomBytes(8).toString('hex'),
    });
    const { page, problems } = await pasteOnConsole(resolved);
    await expect
      .poll(() => page.getByTestId('intake-next').textContent())
      .toContain('This alert says the problem is resolved, and no open incident matches it: nothing to do');
    expect(await page.getByTestId('open-incident').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-recovery-nothing-open.png') });
    // Enter does not open one: it goes back to the board.
    await expect
      .poll(() => page.getByTestId('nothing-to-do').evaluate((b) => b === document.activeElement))
      .toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/#\/incidents$/);
    expect((await demo.served.call('incident:list', { status: 'all', limit: 1000 })).items.length).toBe(
      before,
    );
    await page.close();

    // Asked for, it opens one after the fact.
    const asked = await pasteOnConsole(resolved);
    await asked.page.getByTestId('open-resolved-anyway').click();
    // "Who is on?" was answered by the first test; answered here too if it runs alone.
    await expect
      .poll(async () => {
        if (await asked.page.getByTestId('who-is-on').isVisible()) await asked.page.keyboard.press('Enter');
        return asked.page.url();
      })
      .toMatch(/#\/incidents\/[0-9a-f-]{36}$/);
    expect((await demo.served.call('incident:list', { status: 'all', limit: 1000 })).items.length).toBe(
      before + 1,
    );
    // Its restore clock does not start when the problem ended.
    const late = await demo.served.call('incident:get', {
      id: asked.page.url().split('#/incidents/')[1] ?? '',
    });
    expect(Date.parse(late.state.clockStartAt)).not.toBe(Date.parse(endsAt));
    expect([...problems, ...asked.problems]).toEqual([]);
  });

  it('a Zabbix webhook with a zone-less time warns that the zone was assumed, and names its native severity', async () => {
    const [vm] = await demoVms();
    if (!vm) throw new Error('The demo data has no VM with a host name.');
    // Zabbix's {EVENT.DATE} and {EVENT.TIME}: the server's local time, written with no zone.
    const when = new Date(Date.now() - 5 * 60_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const date = `${when.getFullYear()}.${two(when.getMonth() + 1)}.${two(when.getDate())}`;
    const time = `${two(when.getHours())}:${two(when.getMinutes())}:${two(when.getSeconds())}`;
    const webhook = JSON.stringify({
      Subject: 'Problem: Unavailable by ICMP ping',
      Message: `Problem started at ${time} on ${date}\r\nProblem name: Unavailable by ICMP ping\r\nHost: ${vm.hostname}\r\nSeverity: High\r\n`,
      event_id: '99821937',
      event_name: 'Unavailable by ICMP ping',
      event_date: date,
      event_time: time,
      event_value: '1',
      event_severity: 'High',
      event_nseverity: '4',
      host_name: vm.hostname,
    });
    const { page, problems } = await pasteOnConsole(webhook);
    expect(await page.getByTestId('alert-format').textContent()).toBe('Read as Zabbix');
    expect(await page.getByTestId('alert-severity').textContent()).toBe('SEV2 from Zabbix High');
    await expect
      .poll(() => page.getByTestId('alert-zone-assumed').textContent())
      .toMatch(/^No time zone in the alert: read as \S+ time\./);
    expect(await page.getByTestId('alert-time').textContent()).toContain('5 min ago');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-recovery-zone-assumed.png') });
    expect(problems).toEqual([]);
  });
});
