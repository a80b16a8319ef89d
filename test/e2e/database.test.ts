/**
 * A damaged database in the console (Chromium through `lifeline serve`): the notice on every
 * screen says what happened and offers the newest good backup ("Restore from backup (taken
 * 3 h ago)"); restoring takes one confirmation and the console works again; the Database
 * page (from the status bar) lists the backups with age, size and verification, and "Back up
 * now" adds one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/db/backup';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { SHOTS } from '../helpers/demoConsole';
import { type Served, startServe } from '../helpers/serve';
import { CLI, flipMiddle } from '../helpers/tmp';

// Not tempDir(): the console keeps the file open for the whole file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-database-'));
const db = path.join(dir, 'demo.db');
let served: Served;
let browser: BrowserContext;

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lifeline ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** 2025-06-01T09:00:00.000Z → 20250601T090000000Z, as backup names carry it. */
const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  cli('demo', '--db', db, '--customers', '20');
  cli('backup', '--db', db);
  // The backup as if taken three hours ago (its name carries its time).
  const [taken] = listBackups(db);
  if (!taken) throw new Error('no backup was taken');
  const earlier = path.join(
    path.dirname(taken.file),
    `demo-${stamp(new Date(Date.now() - 3 * 3600_000))}-on-demand.db`,
  );
  fs.renameSync(taken.file, earlier);
  // A failing disk: 4 KB in the middle of the file inverted.
  flipMiddle(db);
  served = await startServe(['--db', db]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a damaged database in the console', () => {
  it('says so on every screen, offers the newest good backup, and one confirmed click restores it', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.goto(`${served.url}#/customers`);
    await waitForReady(page);
    const notice = page.getByTestId('db-damage');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('This database is damaged');
    expect(await notice.textContent()).toContain('nothing will be written to it');
    const restore = notice.getByRole('button', { name: 'Restore from backup (taken 3 h ago)' });
    expect(await restore.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'database-damaged.png') });

    // It stays on other screens too.
    await page.goto(`${served.url}#/incidents`);
    await notice.waitFor();

    await restore.click();
    const dialog = page.getByRole('dialog', { name: 'Restore from backup?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.getByText('Database restored from backup').waitFor();
    // And it takes writes again.
    expect(await served.call('settings:update', { theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(fs.readdirSync(dir).some((n) => n.startsWith('demo.db.replaced-'))).toBe(true);
    expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
    await page.close();
  }, 60_000);

  it('the Database page lists the backups with age, size and verification, and Back up now adds one', async () => {
    const page = await browser.newPage();
    await page.goto(`${served.url}#/customers`);
    await waitForReady(page);
    await page.locator('.statusbar__db').click();
    await page.getByRole('heading', { name: 'Database', level: 1 }).waitFor();
    const table = page.getByTestId('db-backups');
    await table.waitFor();
    const first = table.locator('tbody tr').first();
    expect(await first.textContent()).toMatch(/3 h ago.*Backed up by hand.*\d+ (KB|MB).*Verified/);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText('Backup taken and verified').waitFor();
    await table.locator('tbody tr').nth(1).waitFor();
    expect(await table.locator('tbody tr').first().textContent()).toMatch(
      /just now.*Backed up by hand.*Verified/,
    );
    expect(await page.getByTestId('db-quick-check').textContent()).toMatch(/Passed · \d+ ms/);
    await page.screenshot({ path: path.join(SHOTS, 'database-backups.png') });
    await page.close();
  }, 60_000);
});
