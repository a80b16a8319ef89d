import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../shared/api/contract';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { type Served, startServe } from '../helpers/serve';
import { CLI, ROOT } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

let served: Served;
let browser: BrowserContext;
let dir: string;

type Detail = CallOutput<'customer:get'>;
type Contact = Detail['contacts'][number];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Not tempDir(): that folder is removed after each test, and the server keeps this one open.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-edit-'));
  const db = path.join(dir, 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', db], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  served = await startServe(['--db', db]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A demo customer with at least two contacts, a different one for each test. */
async function customerWithContacts(skip: number): Promise<Detail> {
  const list = await served.call('customer:list', {});
  let seen = 0;
  for (const c of list.items.filter((x) => x.kind === 'customer')) {
    const detail = await served.call('customer:get', { id: c.id });
    if (detail.contacts.length >= 2 && seen++ === skip) return detail;
  }
  throw new Error('no demo customer with two contacts');
}

async function freshContact(customerId: string, contactId: string): Promise<Contact> {
  const detail = await served.call('customer:get', { id: customerId });
  const contact = detail.contacts.find((c) => c.id === contactId);
  if (!contact) throw new Error('contact vanished');
  return contact;
}

const firstContact = (d: Detail): Contact =>
  [...d.contacts].sort((a, b) => a.escalationOrder - b.escalationOrder)[0]!;

async function openCard(page: Page, customer: Detail): Promise<void> {
  await page.goto(`${served.url}#/customers/${customer.id}`);
  await waitForReady(page);
  await expect.poll(() => page.getByTestId('customer-name').textContent()).toContain(customer.name);
}

async function openContactEditor(page: Page, contact: Contact) {
  await page.getByRole('button', { name: `Edit ${contact.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit contact' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await expect.poll(() => dialog.getByLabel('Name').inputValue()).toBe(contact.name);
  return dialog;
}

describe.skipIf(chromium.missing)('editing in Chromium through lifeline serve', () => {
  it("changes the first contact's phone: the recovery card shows it and the history records it", async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    const customer = await customerWithContacts(0);
    const contact = firstContact(customer);
    await openCard(page, customer);

    const dialog = await openContactEditor(page, contact);
    const phone = '+44 20 7946 0123';
    await dialog.getByLabel('Phone').fill(phone);
    await page.keyboard.press('Control+Enter');

    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole('region', { name: 'Contacts', exact: true }).textContent())
      .toContain(phone);
    expect((await freshContact(customer.id, contact.id)).phone).toBe(phone);

    // The edit is in the contact's history, newest first, with who and when.
    const again = await openContactEditor(page, { ...contact, phone });
    await again.getByText('Change history').click();
    const history = again.getByTestId('change-history');
    await expect
      .poll(() => history.locator('li').first().textContent())
      .toContain('Changed phone of contact');
    expect(await history.locator('li').first().textContent()).toMatch(/just now|min ago/);
    await again.getByLabel('Phone').focus();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-edit-contact.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => again.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a bad email next to the field, keeps what was typed and changes nothing', async () => {
    const page = await browser.newPage();
    const customer = await customerWithContacts(1);
    const contact = firstContact(customer);
    const before = await freshContact(customer.id, contact.id);
    const historyBefore = await served.call('catalog:history', { entityId: contact.id });
    await openCard(page, customer);

    const dialog = await openContactEditor(page, contact);
    await dialog.getByLabel('Role').fill('Night duty manager');
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByRole('button', { name: /^Save/ }).click();

    const email = dialog.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const errorText = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent();
    expect(errorText).toMatch(/email/i);
    // Focus goes to the field to fix; the typing is still there.
    await expect.poll(() => email.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await email.inputValue()).toBe('not-an-email');
    expect(await dialog.getByLabel('Role').inputValue()).toBe('Night duty manager');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-edit-error.png') });

    expect(await freshContact(customer.id, contact.id)).toEqual(before);
    const historyAfter = await served.call('catalog:history', { entityId: contact.id });
    expect(historyAfter.entries.length).toBe(historyBefore.entries.length);

    // Escape with unsaved changes asks first; "Keep editing" returns to the form intact.
    await page.keyboard.press('Escape');
    const confirm = page.getByRole('dialog', { name: 'Discard your changes?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    expect(await dialog.getByLabel('Email').inputValue()).toBe('not-an-email');
    await page.close();
  });

  it('says so when someone else changed the contact meanwhile, and reloads their version on request', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    const customer = await customerWithContacts(2);
    const contact = firstContact(customer);
    await openCard(page, customer);
    const dialog = await openContactEditor(page, contact);
    await dialog.getByLabel('Phone').fill('+1 555 0100');

    // Another engineer saves the same contact first.
    const theirs = await freshContact(customer.id, contact.id);
    const saved = await served.result('contact:save', {
      id: theirs.id,
      baseVersion: theirs.version,
      customerId: customer.id,
      name: theirs.name,
      role: 'Duty manager (weekends)',
      phone: theirs.phone,
      email: theirs.email,
      escalationOrder: theirs.escalationOrder,
      notes: theirs.notes,
    });
    expect(saved.ok).toBe(true);

    await page.keyboard.press('Control+Enter');
    const conflict = dialog.getByTestId('conflict');
    await expect.poll(() => conflict.isVisible()).toBe(true);
    expect(await conflict.textContent()).toContain('Someone else changed');
    expect(await dialog.getByLabel('Phone').inputValue()).toBe('+1 555 0100');
    expect((await freshContact(customer.id, contact.id)).phone).toBe(theirs.phone);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-edit-conflict.png') });

    await conflict.getByRole('button', { name: 'Reload their version' }).click();
    await expect.poll(() => dialog.getByLabel('Role').inputValue()).toBe('Duty manager (weekends)');
    expect(await dialog.getByLabel('Phone').inputValue()).toBe(theirs.phone ?? '');
    expect(await dialog.getByTestId('conflict').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
