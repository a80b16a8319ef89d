import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { type Served, startServe } from '../helpers/serve';
import { CLI, ROOT, tempDir } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

let served: Served;
let browser: BrowserContext;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const db = path.join(tempDir('lifeline-e2e-'), 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', db], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  served = await startServe(['--db', db]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe.skipIf(chromium.missing)('console in Chromium through lifeline serve', () => {
  it('opens on demo data, the search narrows the customer list, and a customer page opens', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.goto(served.url);
    await waitForReady(page);
    // The token is taken out of the address bar once read.
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBeGreaterThan(10);
    await expect.poll(() => page.getByText('DEMO DATA', { exact: false }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-customers.png') });

    const all = await served.call('customer:list', {});
    const target = all.items.find((c) => c.code !== 'MSPI') ?? all.items[0]!;
    const word = target.name.split(' ')[0]!;
    const expected = all.items.filter(
      (c) =>
        c.name.toLowerCase().includes(word.toLowerCase()) ||
        c.code.toLowerCase().includes(word.toLowerCase()),
    ).length;
    await page.getByLabel('Search customers').fill(word);
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(expected);
    const rows = await page.getByTestId('customer-row').allInnerTexts();
    for (const text of rows) expect(text.toLowerCase()).toContain(word.toLowerCase());
    await page.screenshot({ path: path.join(SHOTS, 'e2e-customers-search.png') });

    await page.getByTestId('customer-row').filter({ hasText: target.name }).first().click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toContain(target.name);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-customer-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Ctrl+K opens the palette, which reaches a customer by code', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.goto(served.url);
    await waitForReady(page);
    const all = await served.call('customer:list', {});
    const target = all.items[3]!;
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Command palette' });
    await expect.poll(() => input.isVisible()).toBe(true);
    await input.fill(target.code);
    const palette = page.getByRole('dialog');
    // Wait until the filtered results have replaced the unfiltered ones: the target is the selected option.
    await expect
      .poll(() => palette.locator('[role="option"][aria-selected="true"]').textContent())
      .toContain(target.name);
    expect(await palette.getByRole('option').count()).toBeLessThan(5);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-palette.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toContain(target.name);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the light theme choice across reloads', async () => {
    const page = await browser.newPage();
    await page.goto(served.url);
    await waitForReady(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await served.call('settings:update', { theme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.reload();
    await waitForReady(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-light.png') });
    await served.call('settings:update', { theme: 'dark' });
    await page.close();
  });
});
