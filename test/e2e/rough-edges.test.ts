/**
 * The rough edges of #20 a responder hits, in Chromium through `lifeline serve`: keyboard
 * focus after Alt+N, the navigation badge, one customer count, the restored dialog's time,
 * handover questions on Enter and the shift offered after acknowledging, the Sync form's
 * words; and screenshots of the main screens at 1024×700, 1440×900 and 1920×1080 (in
 * test-results/), with the page never scrolling sideways.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForReady, watchConsole } from '../helpers/browser';
import { demoConsoleForFile, SHOTS } from '../helpers/demoConsole';
import { chromium } from '../helpers/tools';

const demo = demoConsoleForFile('edges');

async function openPage(hash = '#/customers'): Promise<{ page: Page; problems: string[] }> {
  const page = await demo.browser.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watchConsole(page);
  await page.goto(demo.served.url);
  await waitForReady(page);
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  return { page, problems };
}

async function firstCustomer() {
  const customers = (await demo.served.call('customer:list', {})).items.filter((c) => c.kind === 'customer');
  const customer = customers[0];
  if (!customer) throw new Error('no demo customer');
  return customer;
}

describe.skipIf(chromium.missing)('rough edges a responder hits', () => {
  it('Alt+N moves focus into the screen it opens; the badge separates count and deadline; one customer count', async () => {
    const customer = await firstCustomer();
    for (const title of ['Payroll down', 'VPN flapping'])
      await demo.served.call('incident:open', { customerId: customer.id, title, severity: 'sev2' });
    const { page, problems } = await openPage();
    await page.getByTestId('customer-row').first().waitFor();
    for (const [key, heading] of [
      ['Alt+1', 'Incidents'],
      ['Alt+4', 'Playbooks'],
      ['Alt+7', 'Sync'],
      ['Alt+2', 'Customers'],
    ] as const) {
      await page.locator('body').focus();
      await page.keyboard.press(key);
      await expect
        .poll(() =>
          page.evaluate(() => {
            const a = document.activeElement;
            const main = document.getElementById('main');
            return a && a !== document.body && main?.contains(a)
              ? (main.querySelector('h1')?.textContent ?? a.tagName)
              : 'outside the screen';
          }),
        )
        .toBe(heading);
    }

    // "4 · 1 d 21 h", never "4 1 d 21 h".
    const badge = page.getByTestId('nav-incidents');
    const active = (await demo.served.call('incident:board', {})).items.length;
    await expect.poll(() => badge.locator('.inc-navbadge__count').textContent()).toBe(String(active));
    expect(await badge.locator('.inc-navbadge__sep').isVisible()).toBe(true);

    // The list and the status bar count customers the same way.
    const subtitle = (await page.locator('#customers-title + .screen__subtitle').textContent()) ?? '';
    const status =
      (await page.locator('.statusbar__item', { hasText: 'customers ·' }).first().textContent()) ?? '';
    const listed = /^([\d,]+) customers/.exec(subtitle)?.[1];
    const counted = /^([\d,]+) customers ·/.exec(status.trim())?.[1];
    expect(listed).toBeDefined();
    expect(listed).toBe(counted);
    expect(subtitle).toContain('and the internal platform');
    expect(problems).toEqual([]);
  });

  it('the restored dialog records the time it shows, and takes an earlier real restore time (validated)', async () => {
    const customer = await firstCustomer();
    const opened = await demo.served.call('incident:open', {
      customerId: customer.id,
      title: 'ERP unreachable',
      severity: 'sev1',
      clockStartAt: new Date(Date.now() - 45 * 60_000).toISOString(),
    });
    const id = opened.state.id;
    const { page, problems } = await openPage(`#/incidents/${id}`);
    await page.getByTestId('restored-button').click();
    const when = page.getByTestId('restored-at');
    // Before the clock started: refused in the dialog, nothing recorded.
    const local = (ms: number) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    };
    await when.fill(local(Date.now() - 60 * 60_000));
    await expect.poll(() => page.getByText('before the restore clock started').count()).toBe(1);
    await page.getByTestId('restored-confirm').click();
    expect((await demo.served.call('incident:get', { id })).state.status).not.toBe('restored');
    // Ten minutes ago, to the second: recorded as entered.
    const earlier = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
    await when.fill(local(earlier));
    await expect.poll(() => page.getByTestId('restored-dialog').textContent()).toContain('after it started');
    await page.getByTestId('restored-confirm').click();
    await expect
      .poll(async () => (await demo.served.call('incident:get', { id })).state.restoredAt)
      .not.toBeNull();
    const restoredAt = (await demo.served.call('incident:get', { id })).state.restoredAt ?? '';
    expect(Date.parse(restoredAt)).toBe(earlier);
    expect(problems).toEqual([]);
  });

  it('handover: Enter sends a question, Shift+Enter is a new line; acknowledging offers the incoming shift', async () => {
    await demo.served.call('engineer:save', { id: null, name: 'Alice Martin', activate: true });
    await demo.served.call('shift:start', {});
    const draft = await demo.served.call('shift:end', {});
    await demo.served.call('handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    await demo.served.call('engineer:save', { id: null, name: 'Bob Stone', activate: true });
    const { page, problems } = await openPage(`#/handover/${draft.id}`);
    const item = draft.items[0];
    if (!item) throw new Error('the proposed handover has no item');
    await page
      .getByRole('button', { name: /^Question/ })
      .first()
      .click();
    const box = page.getByLabel(`Question about: ${item.title}`);
    await box.fill('Who is the vendor contact?');
    await box.press('Shift+Enter');
    await box.pressSequentially('And their ticket number?');
    expect(await box.inputValue()).toBe('Who is the vendor contact?\nAnd their ticket number?');
    await box.press('Enter');
    await expect
      .poll(async () => {
        const h = await demo.served.call('handover:get', { id: draft.id });
        return h.reviews.flatMap((r) => r.questions.map((q) => q.comment));
      })
      .toEqual(['Who is the vendor contact?\nAnd their ticket number?']);
    const accept = page.getByRole('button', { name: /^Accept/ });
    for (let guard = 0; guard < 50 && (await accept.count()) > 0; guard++) {
      const before = await accept.count();
      await accept.first().click();
      await expect.poll(() => accept.count()).toBeLessThan(before);
    }
    await page.getByTestId('handover-acknowledged').waitFor();
    await page.getByRole('button', { name: 'Start shift as Bob Stone' }).click();
    await expect
      .poll(async () => (await demo.served.call('shift:current', {})).shift?.engineer.name)
      .toBe('Bob Stone');
    await expect.poll(() => page.getByTestId('shift-running').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('a second window does not offer "End shift" after the shift ended in the first', async () => {
    const current = (await demo.served.call('shift:current', {})).shift;
    if (!current) await demo.served.call('shift:start', {});
    const { page: second } = await openPage('#/handover');
    const end = second.getByRole('button', { name: 'End shift and hand over' });
    await end.waitFor();
    // The first window (here: the API, as another console window of this host) ends it.
    await demo.served.call('shift:end', {});
    await expect.poll(() => end.count()).toBe(0);
  });

  it('Sync: the empty URL names its field, the CA file is a real control, and the live region says what the screen says', async () => {
    const { page, problems } = await openPage('#/sync');
    await page.getByLabel('Central URL').waitFor();
    expect(await page.getByLabel('CA file').count()).toBe(1);
    await page.getByRole('button', { name: /^Connect/ }).click();
    await expect.poll(() => page.getByText('Central URL is required: postgres://').count()).toBe(1);
    // An address nothing listens on: the screen shows offline, and nothing says "connected".
    await page.getByLabel('Central URL').fill('postgres://alice@127.0.0.1:9/lifeline');
    await page.getByRole('button', { name: /^Connect/ }).click();
    await expect
      .poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 })
      .toMatch(/Offline|failed/);
    const tree = await page.locator('body').ariaSnapshot();
    expect(tree).not.toContain('Connected to central');
    const live = await page.locator('[role="status"]').allTextContents();
    expect(live.join(' ')).toContain((await page.getByTestId('sync-state').textContent()) ?? '?');
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });

  it('screenshots at 1024×700, 1440×900 and 1920×1080 of the list, card, runner, board and handover; no sideways page scroll', async () => {
    const customer = await firstCustomer();
    const incidents = (await demo.served.call('incident:board', {})).items;
    const incident = incidents[0];
    if (!incident) throw new Error('no incident on the board');
    const handovers = (await demo.served.call('handover:list', { includeDrafts: true })).items;
    const handover = handovers[0];
    if (!handover) throw new Error('no handover');
    const screens = [
      { name: 'customers', hash: '#/customers', ready: '[data-testid="customer-row"]' },
      { name: 'card', hash: `#/customers/${customer.id}`, ready: '[data-testid="restore-order"]' },
      { name: 'runner', hash: `#/incidents/${incident.id}`, ready: '[data-testid="runner-head"]' },
      { name: 'board', hash: '#/incidents', ready: '[data-testid="incident-row"]' },
      { name: 'handover', hash: `#/handover/${handover.id}`, ready: '#ho-title' },
    ];
    const { page, problems } = await openPage();
    const wide: string[] = [];
    for (const [width, height] of [
      [1024, 700],
      [1440, 900],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const s of screens) {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, s.hash);
        await page.locator(s.ready).first().waitFor();
        await page.waitForLoadState('networkidle').catch(() => undefined);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (scroll > 0) wide.push(`${s.name} at ${width}: ${scroll}px sideways`);
        await page.screenshot({ path: path.join(SHOTS, `edges-${s.name}-${width}x${height}.png`) });
      }
      // The customer table keeps its Review column at every size.
      await page.evaluate(() => {
        window.location.hash = '#/customers';
      });
      await page.locator('[data-testid="customer-row"]').first().waitFor();
      expect(await page.locator('.customer-list__head').getByText('Review').isVisible()).toBe(true);
    }
    expect(wide).toEqual([]);
    expect(problems).toEqual([]);
  });
});
