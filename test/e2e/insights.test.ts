/**
 * The Insights screen in Chromium on demo data: figures and the weekly chart load with no
 * console errors or CSP violations, a table sorts on click, and CSV export downloads what
 * the table shows, with a customer name that a spreadsheet would run as a formula written
 * as text.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { openKeyed } from '../helpers/keyed';
import { type Served, startServe } from '../helpers/serve';
import { CLI, ROOT, tempDir } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

let served: Served;
let browser: BrowserContext;
// Made here, not with tempDir(): the console runs for the whole file, and tempDir folders go after each test.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-insights-'));
// A name as an import or a sync could bring it: a formula, if a spreadsheet runs it.
const FORMULA_NAME = "=cmd|' /C calc'!A0";

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const db = path.join(dataDir, 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', db, '--customers', '20', '--seed', '9'], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(made.stderr);
  const file = openKeyed(db);
  file
    .prepare(
      'UPDATE customers SET name = ? WHERE id = (SELECT customer_id FROM incidents GROUP BY customer_id ORDER BY count(*), customer_id LIMIT 1)',
    )
    .run(FORMULA_NAME);
  file.close();
  served = await startServe(['--db', db]);
  browser = await launchBrowser({ width: 1360, height: 1000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(chromium.missing)('Insights screen', () => {
  it('loads on demo data, sorts a table and exports it as CSV, with no console errors', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(`${served.url}#/insights`);
    await waitForReady(page);
    await page.getByRole('heading', { name: 'Insights', exact: true }).waitFor();
    // uPlot draws into a canvas inside the chart host.
    await page
      .getByRole('img', { name: 'Weekly median time to restore and breaches' })
      .locator('canvas')
      .first()
      .waitFor();
    const table = page.getByRole('region', { name: /Time to acknowledge and restore by customer/ });
    await table.locator('tbody tr').first().waitFor();

    // Each sort must change what is shown, so that a click that sorts nothing fails: the
    // counts differ, and the screen lists customers most incidents first.
    const column = (n: number) => table.locator(`tbody tr td:nth-child(${n})`).allInnerTexts();
    const incidentCounts = async () => (await column(2)).map(Number);
    const mostFirst = (n: number[]) => [...n].sort((a, b) => b - a);
    const sortedBy = (label: string) =>
      table.getByRole('columnheader', { name: new RegExp(`^${label}`) }).getAttribute('aria-sort');
    const shown = await incidentCounts();
    expect(new Set(shown).size, `incidents per customer: ${shown}`).toBeGreaterThan(1);
    expect(shown).toEqual(mostFirst(shown));
    const names = await column(1);

    // By customer, A to Z: a different order from the one shown.
    await table.getByRole('button', { name: 'Customer' }).click();
    await expect.poll(() => sortedBy('Customer')).toBe('ascending');
    const byName = await column(1);
    expect(byName).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    expect(byName).not.toEqual(names);
    const countsByName = await incidentCounts();
    expect(countsByName).not.toEqual(mostFirst(shown));

    // By incidents, most first, then (again) fewest first.
    await table.getByRole('button', { name: 'Incidents' }).click();
    await expect.poll(() => sortedBy('Incidents')).toBe('descending');
    const counts = await incidentCounts();
    expect(counts).toEqual(mostFirst(shown));
    await table.getByRole('button', { name: 'Incidents' }).click();
    await expect.poll(() => sortedBy('Incidents')).toBe('ascending');
    const ascending = await incidentCounts();
    expect(ascending).toEqual([...shown].sort((a, b) => a - b));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('insights-restore-by-customer.csv');
    const file = path.join(tempDir(), download.suggestedFilename());
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').trim().split(/\r\n/);
    expect(lines[0]).toBe('Customer,Incidents,Restored,Open,TTA median,TTA p90,TTR median,TTR p90,Breaches');
    expect(lines.length).toBe(counts.length + 1);
    // The formula name is text in the file: a leading single quote, and quoted.
    expect(lines.filter((l) => l.startsWith(`"'${FORMULA_NAME}",`))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith(FORMULA_NAME))).toBe(false);
    // Exported in the order shown: ascending by incidents.
    expect(lines.slice(1).map((l) => Number(l.split(',').at(-8)))).toEqual(ascending);

    await page.screenshot({ path: path.join(SHOTS, 'e2e-insights.png'), fullPage: false });

    // The other views render too.
    await page.getByRole('tab', { name: 'Playbook effectiveness' }).click();
    await page.getByRole('region', { name: 'Runs per playbook' }).locator('tbody tr').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-insights-playbooks.png'), fullPage: false });
    await page.getByRole('tab', { name: 'Process health' }).click();
    await page.getByRole('region', { name: 'Customization report' }).locator('tbody tr').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-insights-health.png'), fullPage: false });

    expect(problems).toEqual([]);
  }, 120_000);
});
