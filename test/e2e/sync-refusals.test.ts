/**
 * What central decided, where an engineer sees it (Chromium against `lifeline serve`): a
 * change central refused shows its reason beside the record (customer card, vendor view,
 * playbook) and on the Sync screen with a link back; rows a pull kept aside are listed with
 * their detail; an incident event central stamped shows its login next to the author.
 * The console is connected to a central that does not answer: what it shows comes from
 * its own database, as it would at 3 a.m.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { SHOTS } from '../helpers/demoConsole';
import { openKeyed } from '../helpers/keyed';
import { type Served, startServe } from '../helpers/serve';
import { CLI } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-refusals-'));
const dbPath = path.join(dir, 'demo.db');
let served: Served;
let browser: BrowserContext;

const CONTACT_REASON = 'the contact names customer ACME but was sent as shared (envelope NULL)';
const VENDOR_REASON = 'vendors are written only by a role with lifeline_author';
const PLAYBOOK_REASON = 'core playbooks are written only by a role with lifeline_author';

interface Fixture {
  customer: { id: string; code: string };
  contact: { id: string; name: string };
  vendor: { id: string; name: string };
  playbook: { id: string; title: string };
  incident: string;
  event: string;
  ghost: string;
}
let fx: Fixture;

/** What sync leaves behind after rounds with a central that refused and stamped things. */
function prepare(file: string): Fixture {
  const db = openKeyed(file);
  try {
    const one = <T>(sql: string, ...params: unknown[]): T => {
      const row = db.prepare(sql).get(...params) as T | undefined;
      if (!row) throw new Error(`demo data has nothing for ${sql}`);
      return row;
    };
    const customer = one<{ id: string; code: string }>(
      "SELECT c.id, c.code FROM customers c WHERE kind = 'customer' AND EXISTS (SELECT 1 FROM incidents i WHERE i.customer_id = c.id) ORDER BY code LIMIT 1",
    );
    const contact = one<{ id: string; name: string }>(
      'SELECT id, name FROM contacts WHERE customer_id = ? ORDER BY escalation_order LIMIT 1',
      customer.id,
    );
    const vendor = one<{ id: string; name: string }>('SELECT id, name FROM vendors ORDER BY name LIMIT 1');
    const playbook = one<{ id: string; title: string }>(
      'SELECT id, title FROM playbooks WHERE deleted_at IS NULL ORDER BY title LIMIT 1',
    );
    const incident = one<{ id: string }>(
      'SELECT id FROM incidents WHERE customer_id = ? ORDER BY opened_at DESC LIMIT 1',
      customer.id,
    ).id;
    const event = one<{ id: string }>(
      'SELECT id FROM incident_events WHERE incident_id = ? ORDER BY at, id LIMIT 1',
      incident,
    ).id;
    // Connected to a central that is not there: the console says offline and keeps working.
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('central', ?)").run(
      JSON.stringify({
        host: '127.0.0.1',
        port: 1,
        database: 'lifeline',
        user: 'alice',
        sslmode: 'disable',
        caFile: null,
      }),
    );
    db.prepare(
      "INSERT INTO sync_state (key, value) VALUES ('last_success_at', '2025-06-01T11:00:00.000Z')",
    ).run();
    const refuse = db.prepare(
      "UPDATE sync_outbox SET parked = 'denied', reason = ? WHERE entity = ? AND row_id = ?",
    );
    const ensureQueued = db.prepare(
      `INSERT INTO sync_outbox (entity, row_id, change_id, queued_at) VALUES (?, ?, lower(hex(randomblob(16))), '2025-06-01T10:00:00.000Z')
       ON CONFLICT (entity, row_id) DO NOTHING`,
    );
    for (const [entity, id, reason] of [
      ['contact', contact.id, CONTACT_REASON],
      ['vendor', vendor.id, VENDOR_REASON],
      ['playbook', playbook.id, PLAYBOOK_REASON],
    ] as const) {
      ensureQueued.run(entity, id);
      refuse.run(reason, entity, id);
    }
    // Everything else went up; only the refused three wait.
    db.prepare("DELETE FROM sync_outbox WHERE parked IS NULL OR parked <> 'denied'").run();
    const ghost = '0190aaaa-0000-7000-8000-00000000dead';
    db.prepare(
      `INSERT INTO sync_parked (entity, row_id, customer_id, rev, data, deleted, written_by, received_at, reason, detail, parked_at)
       VALUES ('contact', '0190aaaa-0000-7000-8000-00000000beef', NULL, 3, ?, 0, 'mallory', '2025-06-01T03:10:00.000Z', 'orphan', ?, '2025-06-01T11:00:00.000Z')`,
    ).run(
      JSON.stringify({
        id: '0190aaaa-0000-7000-8000-00000000beef',
        customer_id: ghost,
        name: 'FAKE NOC (call first)',
      }),
      `Contact 'FAKE NOC (call first)' names customer ${ghost}, which this console does not hold`,
    );
    db.prepare(
      `INSERT INTO sync_rows (entity, row_id, customer_id, rev, written_by, received_at)
       VALUES ('incident_event', ?, ?, 1, 'sam', '2025-06-01T03:12:00.000Z')
       ON CONFLICT (entity, row_id) DO UPDATE SET written_by = excluded.written_by, received_at = excluded.received_at`,
    ).run(event, customer.id);
    return { customer, contact, vendor, playbook, incident, event, ghost };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', dbPath, '--customers', '8', '--seed', '3'], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(made.stderr);
  fx = prepare(dbPath);
  served = await startServe(['--db', dbPath]);
  browser = await launchBrowser({ width: 1400, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function open(hash: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  await page.goto(`${served.url}${hash}`);
  await waitForReady(page);
  return { page, problems };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `e2e-refusals-${name}.png`) });
}

const UNDO = 'It stays on this console; ask for the role or undo it.';

describe.skipIf(chromium.missing)('what central refused, beside the record', () => {
  it('the customer card, the vendor view and the playbook say central refused the change, with its reason', async () => {
    const { page, problems } = await open(`#/customers/${fx.customer.id}`);
    await page.getByTestId('customer-name').waitFor();
    const notice = page.getByTestId('refusal-notice');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain(`Contact ${fx.contact.name} (${fx.customer.code})`);
    expect(text).toContain(`Central refused this change: ${CONTACT_REASON}.`);
    expect(text).toContain(UNDO);
    await shot(page, 'customer-card');

    await page.goto(`${served.url}#/blast?vendor=${fx.vendor.id}`);
    await expect.poll(() => page.getByTestId('refusal-notice').textContent()).toContain(VENDOR_REASON);
    expect(await page.getByTestId('refusal-notice').textContent()).toContain(
      `Central refused this change: ${VENDOR_REASON}. ${UNDO}`,
    );
    // The vendor list opens over the page while its filter has focus; Escape leaves it.
    await page.keyboard.press('Escape');
    await shot(page, 'vendor');

    await page.goto(`${served.url}#/playbooks/${fx.playbook.id}`);
    await page.getByTestId('playbook-title').waitFor();
    await expect.poll(() => page.getByTestId('refusal-notice').textContent()).toContain(PLAYBOOK_REASON);
    await shot(page, 'playbook');

    // A customer with nothing refused shows no notice.
    const list = await served.call('customer:list', {});
    const other = list.items.find((c) => c.kind === 'customer' && c.id !== fx.customer.id);
    if (!other) throw new Error('no second demo customer');
    await page.goto(`${served.url}#/customers/${other.id}`);
    await page.getByTestId('customer-name').filter({ hasText: other.name }).waitFor();
    expect(await page.getByTestId('refusal-notice').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('the Sync screen lists refusals with reasons and links (keyboard), and the rows kept aside with their detail', async () => {
    const { page, problems } = await open('#/sync');
    const refused = page.getByTestId('sync-refusals');
    await refused.waitFor();
    const rows = refused.getByTestId('sync-refusal');
    await expect.poll(() => rows.count()).toBe(3);
    const all = (await refused.textContent()) ?? '';
    for (const reason of [CONTACT_REASON, VENDOR_REASON, PLAYBOOK_REASON]) expect(all).toContain(reason);

    const parked = page.getByTestId('sync-parked');
    await parked.waitFor();
    expect(await parked.getByTestId('sync-parked-summary').textContent()).toContain(
      '1 record waits for a parent this console does not hold',
    );
    expect(await parked.getByTestId('sync-parked-row').textContent()).toContain(
      `Contact 'FAKE NOC (call first)' names customer ${fx.ghost}, which this console does not hold`,
    );
    await refused.scrollIntoViewIfNeeded();
    await shot(page, 'sync-screen');
    await parked.scrollIntoViewIfNeeded();
    await shot(page, 'sync-parked');

    // The contact's link opens its customer's card, from the keyboard.
    const link = refused.getByRole('link', { name: `Contact ${fx.contact.name} (${fx.customer.code})` });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/customers/${fx.customer.id}`));
    await page.getByTestId('refusal-notice').waitFor();
    expect(problems).toEqual([]);
  });

  it("an incident event that came through central shows central's login and time next to the author", async () => {
    const { page, problems } = await open(`#/incidents/${fx.incident}`);
    const stamp = page.getByTestId('timeline-central');
    await stamp.first().waitFor();
    expect(await stamp.count()).toBe(1);
    expect(await stamp.textContent()).toMatch(/· login sam · at central \d\d:\d\d/);
    expect(await stamp.getAttribute('title')).toContain('written by the login sam');
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await shot(page, 'incident-timeline');
    expect(problems).toEqual([]);
  });
});
