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
/** An IT Glue configurations export in IT Glue's column layout, with made-up data. */
const CONFIGURATIONS = path.join(ROOT, 'test', 'fixtures', 'csv', 'itglue', 'configurations.csv');

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

/** Import is reached from the navigation, not only from the palette. */
async function openImportFromNav(page: Page): Promise<void> {
  await page.goto(served.url);
  await waitForReady(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Import', exact: true }).isVisible()).toBe(true);
  expect(
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Import' })
      .getAttribute('aria-current'),
  ).toBe('page');
}

const cellsOf = async (page: Page, column: string) =>
  (await page.getByTestId('mapping-preview').locator(`tbody tr`).allInnerTexts()).filter((t) =>
    t.includes(column),
  );

describe.skipIf(chromium.missing)('the mapping step in Chromium', () => {
  it('maps an IT Glue configurations export with the preset, previews it, takes an edit, imports it, and search finds it', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    const before = await served.call('customer:list', {});
    await openImportFromNav(page);
    await page.getByTestId('import-file-input').setInputFiles([CONFIGURATIONS]);

    const step = page.getByTestId('import-mapping');
    await expect.poll(() => step.isVisible()).toBe(true);
    expect(await page.getByTestId('mapping-preset').textContent()).toBe('IT Glue configurations');
    // The first rows as they will be imported: kinds translated, the workstation left out.
    const preview = page.getByTestId('mapping-preview');
    const headers = (await preview.locator('thead th').allTextContents()).map((t) => t.trim());
    expect(headers).toEqual(
      expect.arrayContaining(['Customer (by name)', 'Name', 'Kind', 'Host name', 'Attributes']),
    );
    expect((await cellsOf(page, 'FAB-HV01'))[0]).toContain('hypervisor_host');
    expect((await cellsOf(page, 'FAB-DC01'))[0]).toContain('vm');
    expect((await preview.locator('tbody tr').allInnerTexts()).join('\n')).toContain(
      'Left out: configuration_type is “Workstation”',
    );
    expect(await page.getByTestId('import-preview').count()).toBe(0);

    // Edit one column: asset_tag becomes the asset's tags instead of an attribute.
    await step.getByLabel('asset_tag is imported as').selectOption('field:tags');
    expect((await preview.locator('thead th').allTextContents()).map((t) => t.trim())).toContain('Tags');
    expect((await cellsOf(page, 'FAB-FW01'))[0]).toContain('FD-0003');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-import-mapping-page.png') });
    await step.screenshot({ path: path.join(SHOTS, 'e2e-import-mapping.png') });
    await preview.screenshot({ path: path.join(SHOTS, 'e2e-import-mapping-preview.png') });

    await page.getByRole('button', { name: 'Check and preview' }).click();
    const counts = page.getByTestId('import-preview');
    await expect.poll(() => counts.isVisible()).toBe(true);
    const assetsRow = counts.locator('tbody tr').filter({ hasText: /assets/i });
    expect((await assetsRow.locator('td').allInnerTexts()).map((t) => t.trim())).toEqual([
      'Assets',
      '5',
      '0',
      '0',
      '1',
    ]);
    expect((await served.call('customer:list', {})).total).toBe(before.total);

    await counts.getByRole('button', { name: 'Import', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Import these changes?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('import-done').isVisible()).toBe(true);
    await page
      .getByTestId('import-done')
      .screenshot({ path: path.join(SHOTS, 'e2e-import-mapping-done.png') });

    const host = await served.call('search:query', { query: 'fab-fw01' });
    expect(host.hits[0]).toMatchObject({ kind: 'asset', title: 'FAB-FW01' });
    const asset = await served.call('asset:get', { id: host.hits[0]?.id ?? '' });
    expect(asset.tags).toEqual(['FD-0003']);
    const names = (await served.call('customer:list', {})).items.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Fabrikam Dental', 'Tailspin Logistics']));
    expect(names).toHaveLength(before.total + 2);

    // The same export again: the mapping saved with the edit is offered.
    await page.getByRole('button', { name: 'Import more' }).click();
    await page.getByTestId('import-file-input').setInputFiles([CONFIGURATIONS]);
    await expect.poll(() => step.isVisible()).toBe(true);
    expect(await step.textContent()).toContain('the mapping you used last time');
    expect(await step.getByLabel('asset_tag is imported as').inputValue()).toBe('field:tags');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lists the problems of a bad mapped value one per row, and writes nothing', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await openImportFromNav(page);
    const bad = path.join(dir, 'configurations.csv');
    fs.writeFileSync(
      bad,
      fs
        .readFileSync(CONFIGURATIONS, 'utf8')
        .replace('Fabrikam Dental,FAB-SW01,Switch', 'Fabrikam Dental,FAB-SW01,Toaster')
        .replace(
          'Tailspin Logistics,TSL-SQL01,Server,Active,tsl-sql01.tailspin.lan,172.16.8.30',
          'Tailspin Logistics,TSL-SQL01,Server,Active,tsl-sql01.tailspin.lan,172.16.8.300',
        ),
    );
    const before = await served.call('customer:list', {});
    await page.getByTestId('import-file-input').setInputFiles([bad]);
    await expect.poll(() => page.getByTestId('import-mapping').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Check and preview' }).click();
    const list = page.getByTestId('import-problems');
    await expect.poll(() => list.isVisible()).toBe(true);
    const rows = (await list.locator('tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('configurations.csv line 5');
    expect(rows[0]).toContain('configuration_type → kind');
    expect(rows[0]).toContain('"toaster" is not one of hypervisor_host, cluster, vm');
    expect(rows[1]).toContain('configurations.csv line 7');
    expect(rows[1]).toContain('primary_ip → ip_addresses');
    expect(rows[1]).toContain('"172.16.8.300" is not an IP address');
    // What to do, in words; no validator dump in a monospace paragraph.
    expect(rows[0]).toContain('change how configuration_type is mapped');
    expect(await page.locator('.form-banner__detail').count()).toBe(0);
    await page
      .getByTestId('import-error')
      .screenshot({ path: path.join(SHOTS, 'e2e-import-mapping-problems.png') });
    expect(await served.call('customer:list', {})).toEqual(before);
    expect(problems).toEqual([]);
    await page.close();
  });
});
