import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { type Served, startServe } from '../helpers/serve';
import { ROOT } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

let served: Served;
let browser: BrowserContext;
let dir: string;

/** Writes CSV files (headers as in docs/csv-import.md) into a fresh folder; returns their paths. */
function writeCsvSet(name: string, files: Record<string, string>): string[] {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  return Object.entries(files).map(([file, content]) => {
    const p = path.join(folder, file);
    fs.writeFileSync(p, content);
    return p;
  });
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-import-'));
  // A database the command creates at a new path starts empty.
  served = await startServe(['--db', path.join(dir, 'new.db')]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openImport(page: Page): Promise<void> {
  await page.goto(`${served.url}#/import`);
  await waitForReady(page);
  await expect.poll(() => page.getByRole('heading', { name: 'Import', exact: true }).isVisible()).toBe(true);
}

describe.skipIf(chromium.missing)('importing in Chromium through lifeline serve', () => {
  it('refuses a bad CSV with the file, line and field, and writes nothing', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    const before = await served.call('customer:list', {});
    await openImport(page);
    const files = writeCsvSet('bad', {
      'customers.csv':
        'code,name,tier,time_zone\nNRTH,Northwind Traders,gold,Europe/London\nCONT,Contoso Pharma,diamond,America/New_York\n',
    });
    await page.getByTestId('import-file-input').setInputFiles(files);
    const error = page.getByTestId('import-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Nothing was written');
    expect(text).toContain('customers.csv line 3');
    expect(text).toContain('tier');
    expect(await page.getByTestId('import-preview').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-import-error.png') });
    const after = await served.call('customer:list', {});
    expect(after).toEqual(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('previews a CSV set on an empty database, imports it on confirmation, and lists the customers', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await openImport(page);
    const files = writeCsvSet('good', {
      'customers.csv': [
        'code,name,tier,time_zone,support_hours',
        'NRTH,Northwind Traders,gold,Europe/London,24x7',
        'CONT,Contoso Pharma,platinum,America/New_York,24x7',
        '',
      ].join('\n'),
      'contacts.csv': [
        'customer_code,name,role,phone,email,escalation_order',
        'NRTH,Ava Lindqvist,IT manager,+44 20 7946 0991,ava@northwind.example,1',
        'CONT,Sam Okafor,Head of infrastructure,+1 212 555 0142,sam@contoso.example,1',
        '',
      ].join('\n'),
      'assets.csv': [
        'customer_code,name,kind,hostname,ip_addresses,criticality',
        'NRTH,esx01,hypervisor_host,esx01.northwind.local,10.1.0.11,high',
        'NRTH,erp-db,vm,erp-db.northwind.local,10.1.1.20,critical',
        '',
      ].join('\n'),
    });
    await page.getByTestId('import-file-input').setInputFiles(files);

    // The dry run: a preview per kind of record, nothing written yet.
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.isVisible()).toBe(true);
    const customersRow = preview.locator('tbody tr').filter({ hasText: /customers/i });
    expect((await customersRow.locator('td').allInnerTexts()).map((t) => t.trim())).toEqual([
      'Customers',
      '2',
      '0',
      '0',
    ]);
    expect((await served.call('customer:list', {})).total).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-import-preview.png') });

    await preview.getByRole('button', { name: 'Import', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Import these changes?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole('button', { name: 'Import', exact: true }).click();

    const done = page.getByTestId('import-done');
    await expect.poll(() => done.isVisible()).toBe(true);
    expect(await done.textContent()).toContain('Imported');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-import-done.png') });

    await done.getByRole('button', { name: 'Open customers' }).click();
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(2);
    const rows = (await page.getByTestId('customer-row').allInnerTexts()).join('\n');
    expect(rows).toContain('Northwind Traders');
    expect(rows).toContain('Contoso Pharma');
    expect(problems).toEqual([]);
    await page.close();
  });
});
