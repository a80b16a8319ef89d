/**
 * Customer updates and "seen before" in Chromium through `lifeline serve` on demo data: an
 * incident on a demo customer with communication terms sends its first update from the
 * customer's template (edited, told by phone), the next-update clock moves on, service is
 * restored and the "restored" update is copied; a second incident on the same asset lists
 * the first under "seen before", reached and opened with the keyboard. Screenshots in
 * test-results/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForReady, watchConsole } from '../helpers/browser';
import { demoConsoleForFile, SHOTS } from '../helpers/demoConsole';
import { chromium } from '../helpers/tools';

const demo = demoConsoleForFile('comms', { clipboard: true });

async function openPage(hash: string): Promise<{ page: Page; problems: string[] }> {
  const page = await demo.browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems = watchConsole(page);
  await page.goto(demo.served.url);
  await waitForReady(page);
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  return { page, problems };
}

/** A demo customer with its own communication terms and one of its VMs. */
async function customerWithTerms() {
  const { items } = await demo.served.call('customer:list', {});
  for (const c of items.filter((x) => x.kind === 'customer')) {
    const card = await demo.served.call('customer:get', { id: c.id });
    if (!card.communicationTerms || card.communicationTerms.recipients.length === 0) continue;
    const topology = await demo.served.call('customer:topology', { id: c.id });
    const vm = topology.assets.find((a) => a.kind === 'vm');
    if (vm) return { card, vm };
  }
  throw new Error('The demo data has no customer with communication terms and a VM.');
}

describe.skipIf(chromium.missing)('customer updates and seen before in Chromium', () => {
  it('sends the first update from the template, shows the next-update clock, restores, and finds it "seen before"', async () => {
    const { card, vm } = await customerWithTerms();
    await demo.served.call('engineer:save', { id: null, name: 'Maya Fischer', activate: true });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    // Opened 25 minutes ago: the first update (every 30 min for SEV1) is due within 5 minutes.
    const first = await demo.served.call('incident:open', {
      customerId: card.id,
      title: `${vm.name} unresponsive`,
      severity: 'sev1',
      symptom: 'VM not answering ping',
      assetIds: [vm.id],
      clockStartAt: minutesAgo(25),
    });
    const { page, problems } = await openPage(`#/incidents/${first.state.id}`);
    const clock = page.getByTestId('update-clock');
    await expect.poll(() => clock.getAttribute('data-update-state')).toBe('approaching');
    expect(await clock.textContent()).toContain('First update due');
    expect(await page.getByTestId('runner-head').textContent()).toContain(`${vm.name} unresponsive`);
    expect(await page.locator('.screen__hint').textContent()).toContain('tell the customer');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-comms-due.png') });

    // T: the customer's "working on it" template, filled in.
    await page.keyboard.press('t');
    const dialog = page.getByTestId('tell-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect
      .poll(() => page.getByTestId('tell-subject').inputValue())
      .toBe(`[${card.name}] Incident: ${vm.name} unresponsive — we are on it`);
    const body = page.getByTestId('tell-body');
    expect(await body.inputValue()).toContain(`Dear ${card.name} team,`);
    expect(await body.inputValue()).toContain('Maya Fischer');
    expect(await body.inputValue()).not.toMatch(/[{}]/);
    expect(await dialog.textContent()).toContain(`${card.name}'s template`);
    const recipients = card.contacts.filter((c) => card.communicationTerms?.recipients.includes(c.id));
    for (const r of recipients)
      expect(await dialog.getByLabel(r.name, { exact: false }).isChecked()).toBe(true);
    await body.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nWe have the vendor on the line.');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-comms-dialog.png') });
    await page.getByTestId('tell-phone').click();
    await expect.poll(() => dialog.count()).toBe(0);

    // Committed: in the log, and the clock counts to the next update.
    const after = await demo.served.call('incident:get', { id: first.state.id });
    const sent = after.state.customerUpdates[0];
    expect(sent?.kind).toBe('working');
    expect(sent?.channel).toBe('phone');
    expect(sent?.to).toEqual(recipients.map((r) => r.name));
    expect(sent?.text).toContain('We have the vendor on the line.');
    await expect.poll(() => clock.getAttribute('data-update-state')).toBe('ok');
    expect(await clock.textContent()).toContain('Next update due');
    expect(await page.getByTestId('customer-updates').textContent()).toContain('1 sent');
    expect(await page.getByTestId('customer-updates').textContent()).toContain('by phone');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-comms-sent.png') });

    // Restore: the "restored" notice falls due, and goes out copied.
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('restored-dialog').isVisible()).toBe(true);
    await page.keyboard.type('VM restarted on another host');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('restored-dialog').count()).toBe(0);
    await expect.poll(() => clock.textContent()).toContain('"Restored" notice due');
    await page.getByTestId('tell-customer').click();
    await expect.poll(() => page.getByTestId('tell-subject').inputValue()).toContain('Restored');
    await page.getByTestId('tell-copy').click();
    await expect.poll(() => page.getByTestId('tell-dialog').count()).toBe(0);
    await expect.poll(() => clock.getAttribute('data-update-state')).toBe('none');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('is working again');
    const restored = await demo.served.call('incident:get', { id: first.state.id });
    expect(restored.state.customerUpdates.map((u) => `${u.kind}/${u.channel}`)).toEqual([
      'working/phone',
      'restored/copied',
    ]);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-comms-restored.png') });

    // A second incident on the same asset: B reaches "seen before", Enter opens the first.
    const second = await demo.served.call('incident:open', {
      customerId: card.id,
      title: `${vm.name} unresponsive again`,
      severity: 'sev2',
      symptom: 'VM not answering ping',
      assetIds: [vm.id],
    });
    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/incidents/${second.state.id}`);
    await expect.poll(() => page.getByTestId('incident-title').textContent()).toContain('again');
    const seen = page.getByTestId('seen-before-item');
    await expect.poll(() => seen.count()).toBeGreaterThan(0);
    const top = seen.first();
    expect(await top.getAttribute('data-incident-id')).toBe(first.state.id);
    expect(await top.textContent()).toContain(`same asset ${vm.name}`);
    expect(await top.textContent()).toContain('VM restarted on another host');
    await page.keyboard.press('b');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('seen-before-list');
    await page.getByTestId('seen-before').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-comms-seen-before.png') });
    if ((await seen.count()) > 1) {
      await page.keyboard.press('ArrowDown');
      expect(await seen.nth(1).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowUp');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/incidents/${first.state.id}`);
    await expect.poll(() => page.getByTestId('incident-title').textContent()).toBe(`${vm.name} unresponsive`);

    // The palette offers both on an incident page.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('tell the');
    await expect
      .poll(() => page.getByRole('dialog', { name: 'Command palette' }).textContent())
      .toContain('Tell the customer');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  }, 90_000);

  it('the customer editor saves terms and refuses a malformed template with its position', async () => {
    const { card } = await customerWithTerms();
    const { page } = await openPage(`#/customers/${card.id}`);
    await expect.poll(() => page.getByTestId('customer-name').count()).toBeGreaterThan(0);
    await page.keyboard.press('e');
    const editor = page.getByTestId('customer-editor');
    await expect.poll(() => editor.isVisible()).toBe(true);
    const terms = editor.getByTestId('terms-fields');
    await terms.scrollIntoViewIfNeeded();
    const restoredBody = terms.getByLabel('"Restored" message');
    await restoredBody.fill('Hello,\n{services} is back after {elapsd}.');
    await expect.poll(() => terms.textContent()).toContain('line 2, column 26');
    await terms.getByLabel('"Restored" subject').fill('[{customer}] Restored');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-comms-terms-editor.png') });
    await page.keyboard.press('Control+Enter');
    // Refused in the form before it leaves; nothing saved.
    await expect
      .poll(async () => (await demo.served.call('customer:get', { id: card.id })).version)
      .toBe(card.version);
    await restoredBody.fill('Hello,\n{services} is back after {elapsed}.');
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(
        async () =>
          (await demo.served.call('customer:get', { id: card.id })).communicationTerms?.templates.restored,
      )
      .toEqual({ subject: '[{customer}] Restored', body: 'Hello,\n{services} is back after {elapsed}.' });
  }, 60_000);
});
