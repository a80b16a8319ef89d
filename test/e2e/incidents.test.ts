/**
 * Incidents end to end in Chromium through `lifeline serve` on demo data: the board's order,
 * the alert intake, running a suggested playbook to restored with a follow-up, and refusals.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerSummary } from '../../shared/catalog/schemas';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { openKeyed } from '../helpers/keyed';
import { type Served, startServe } from '../helpers/serve';
import { CLI, dumpDatabase, ROOT } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

let served: Served;
let browser: BrowserContext;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Not tempDir(): that folder is removed after each test, and the server keeps this one open.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-incidents-'));
  dbPath = path.join(dir, 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', dbPath], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  served = await startServe(['--db', dbPath]);
  browser = await launchBrowser();
});

// A failed test must not leave its page polling behind the next one.
afterEach(async () => {
  for (const page of browser?.pages() ?? []) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openPage(hash: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems = watchConsole(page);
  await page.goto(served.url);
  await waitForReady(page);
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  return { page, problems };
}

/** A demo customer (not the shared platform) and one of its VMs with a host name. */
async function demoVm(
  skip = 0,
): Promise<{ customer: CustomerSummary; asset: { id: string; name: string; hostname: string } }> {
  const customers = await served.call('customer:list', {});
  let seen = 0;
  for (const customer of customers.items.filter((c) => c.kind === 'customer')) {
    const topology = await served.call('customer:topology', { id: customer.id });
    const vm = topology.assets.find((a) => a.kind === 'vm' && a.hostname);
    if (vm?.hostname && seen++ >= skip)
      return { customer, asset: { id: vm.id, name: vm.name, hostname: vm.hostname } };
  }
  throw new Error('The demo data has no VM with a host name.');
}

describe.skipIf(chromium.missing)('incidents in Chromium through lifeline serve', () => {
  it('the board lists active incidents closest to breaching first, with live restore clocks', async () => {
    const { customer } = await demoVm(1);
    const card = await served.call('customer:get', { id: customer.id });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    // One breached (sev1 started well past its target), one approaching (<25 % left), one calm.
    await served.call('incident:open', {
      customerId: customer.id,
      title: 'Board test: file server slow',
      severity: 'sev4',
    });
    const breached = await served.call('incident:open', {
      customerId: customer.id,
      title: 'Board test: ERP unreachable for all users',
      severity: 'sev1',
      clockStartAt: minutesAgo((card.restoreTargets.sev1 ?? 60) + 12),
    });
    await served.call('incident:open', {
      customerId: customer.id,
      title: 'Board test: VPN flapping',
      severity: 'sev2',
      clockStartAt: minutesAgo(Math.round((card.restoreTargets.sev2 ?? 120) * 0.85)),
    });

    const board = await served.call('incident:board', {});
    const byDeadline = [...board.items].sort((a, b) => Date.parse(a.deadlineAt) - Date.parse(b.deadlineAt));
    expect(board.items.map((i) => i.id)).toEqual(byDeadline.map((i) => i.id));

    const { page, problems } = await openPage('#/incidents');
    await expect.poll(() => page.getByTestId('incident-row').count()).toBe(board.items.length);
    const shown = await page
      .getByTestId('incident-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-incident-id')));
    expect(shown).toEqual(byDeadline.map((i) => i.id));
    // The breached one is first, and says so.
    expect(shown[0]).toBe(breached.state.id);
    const first = page.getByTestId('incident-row').first();
    expect(await first.locator('[data-clock-state]').getAttribute('data-clock-state')).toBe('breached');
    expect(await first.textContent()).toContain('BREACHED');
    expect(
      await page.getByTestId('incident-row').locator('[data-clock-state="approaching"]').count(),
    ).toBeGreaterThan(0);
    // The clock is live: it changes second by second without a reload.
    const before = await first.getByRole('timer').textContent();
    await expect.poll(() => first.getByRole('timer').textContent(), { timeout: 4000 }).not.toBe(before);
    // ↓ then Enter opens the second row.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/incidents/${shown[1]}`);
    await page.goBack();
    await expect.poll(() => page.getByTestId('incident-row').count()).toBe(board.items.length);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-incident-board.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses an empty alert in the intake and opens nothing', async () => {
    const before = await served.call('incident:list', { status: 'all', limit: 1000 });
    const { page, problems } = await openPage('#/incidents/new?paste=1');
    await page.getByTestId('match-alert').click();
    await expect.poll(() => page.getByTestId('alert-refused').textContent()).toContain('empty');
    // Opening without a customer is refused too, with what to do.
    await page.getByTestId('open-incident').click();
    await expect
      .poll(() => page.getByRole('alert').allInnerTexts())
      .toContainEqual(expect.stringContaining('Choose the customer first'));
    const after = await served.call('incident:list', { status: 'all', limit: 1000 });
    expect(after.items.length).toBe(before.items.length);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('pasted alert → matched customer and asset → suggested playbook → three steps → restored → follow-up → timeline', async () => {
    const { customer, asset } = await demoVm();
    const startsAt = new Date(Date.now() - 7 * 60_000).toISOString();
    const alert = JSON.stringify(
      {
        version: '4',
        status: 'firing',
        receiver: 'msp-oncall',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'HostDown', instance: `${asset.hostname}:9100`, severity: 'critical' },
            annotations: { summary: `${asset.hostname} is not responding to ping` },
            startsAt,
          },
        ],
      },
      null,
      2,
    );

    const { page, problems } = await openPage('#/incidents/new?paste=1');
    await page.locator('#inc-alert').fill(alert);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('matched-customer').textContent()).toContain(customer.name);
    await expect
      .poll(() => page.getByTestId('matched-asset').allInnerTexts())
      .toContainEqual(expect.stringContaining(asset.name));
    expect(await page.getByTestId('chosen-assets').textContent()).toContain(asset.name);
    expect(await page.getByTestId('clock-start').textContent()).toContain('alert time');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-alert-intake.png') });

    // One confirmation: the open button has focus once the match is in.
    const nobodyChosen = (await served.call('engineer:list', {})).activeId === null;
    await page.getByTestId('open-incident').click();
    // The first incident on a console where no engineer is chosen asks who is on (once).
    if (nobodyChosen) {
      await expect.poll(() => page.getByTestId('who-is-on').isVisible()).toBe(true);
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.url()).toMatch(/#\/incidents\/[0-9a-f-]{36}$/);
    const incidentId = page.url().split('#/incidents/')[1] ?? '';
    const opened = await served.call('incident:get', { id: incidentId });
    expect(opened.state.customerId).toBe(customer.id);
    expect(opened.state.assetIds).toContain(asset.id);

    // Start the top suggestion.
    await expect.poll(() => page.getByTestId('suggestion').count()).toBeGreaterThan(0);
    await page.getByTestId('suggestion').first().getByRole('button', { name: /Start/ }).click();
    await expect.poll(() => page.getByTestId('run').count()).toBe(1);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('ack-button').count()).toBe(0);

    const stepCount = (state: string) =>
      page.locator(`[data-testid="run"] [data-step-state="${state}"]`).count();
    await page.keyboard.press('d');
    await expect.poll(() => stepCount('done')).toBe(1);
    await page.keyboard.press('s');
    await page.keyboard.type('Customer had already restarted the service');
    await page.keyboard.press('Enter');
    await expect.poll(() => stepCount('skipped')).toBe(1);
    await page.keyboard.press('d');
    await expect.poll(() => stepCount('done')).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-runner.png') });

    const ran = await served.call('incident:get', { id: incidentId });
    const recorded =
      ran.state.runs[0]?.steps.filter((s) => s.state !== 'pending' && s.skipReason === null) ?? [];
    expect(recorded.map((s) => s.state).sort()).toEqual(['done', 'done', 'skipped']);
    expect(recorded.find((s) => s.state === 'skipped')?.note).toBe(
      'Customer had already restarted the service',
    );

    // Service restored is one key away, with a confirmation.
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('restored-dialog').isVisible()).toBe(true);
    await page.keyboard.type('VM restarted on another host; users confirmed');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('restore-clock').getAttribute('data-clock-state'))
      .toBe('restored');

    await page
      .getByTestId('follow-up-text')
      .fill('Host lost its storage path at 02:10: check the multipath config');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('follow-up').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-runner-restored.png') });

    // The timeline shows every event, each with its time and author.
    const done = await served.call('incident:get', { id: incidentId });
    expect(done.state.status).toBe('restored');
    const types = done.timeline.map((e) => e.type);
    for (const t of [
      'opened',
      'playbook_started',
      'step_done',
      'step_skipped',
      'restored',
      'follow_up_added',
    ])
      expect(types).toContain(t);
    const timeline = page.getByTestId('timeline');
    await timeline.scrollIntoViewIfNeeded();
    await expect.poll(() => timeline.getByTestId('timeline-entry').count()).toBe(done.timeline.length);
    const rows = await timeline.getByTestId('timeline-entry').evaluateAll((els) =>
      els.map((el) => ({
        time: el.querySelector('time')?.textContent ?? '',
        at: el.querySelector('time')?.getAttribute('datetime') ?? '',
        who: el.querySelector('[data-testid="timeline-who"]')?.textContent ?? '',
        text: el.querySelector('[data-testid="timeline-summary"]')?.textContent ?? '',
      })),
    );
    const byAt = new Map(done.timeline.map((e) => [e.at + e.summary, e]));
    for (const row of rows) {
      expect(row.time).toMatch(/\d{2}:\d{2}/);
      const entry = byAt.get(row.at + row.text);
      expect(entry, `timeline row ${row.text}`).toBeDefined();
      expect(row.who).toContain(entry?.author ?? '—');
    }
    await timeline.screenshot({ path: path.join(SHOTS, 'e2e-timeline.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a step recorded after the incident is closed, with a clear error, changing nothing', async () => {
    const { customer } = await demoVm(2);
    const opened = await served.call('incident:open', {
      customerId: customer.id,
      title: 'Closed test',
      severity: 'sev3',
    });
    const id = opened.state.id;
    const playbooks = await served.call('playbook:list', {});
    const started = await served.call('incident:startPlaybook', {
      incidentId: id,
      playbookId: playbooks.items[0]!.id,
    });
    await served.call('incident:record', { incidentId: id, action: { type: 'restored' } });
    await served.call('incident:record', { incidentId: id, action: { type: 'closed' } });
    const run = started.state.runs[0];
    const step = run?.steps.find((s) => s.state === 'pending' && s.skipReason === null);
    expect(step).toBeDefined();

    const read = () => {
      const db = openKeyed(dbPath, { readonly: true });
      try {
        return dumpDatabase(db);
      } finally {
        db.close();
      }
    };
    const before = read();
    if (!run || !step) throw new Error('no pending step');
    const refused = await served.result('incident:record', {
      incidentId: id,
      action: { type: 'step', runId: run.runId, stepId: step.stepId, outcome: 'done' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!refused.ok && refused.error.message.toLowerCase()).toContain('closed');
    // A skipped step without its reason is refused by the contract, also changing nothing.
    const noReason = await served.result('incident:record', {
      incidentId: id,
      action: { type: 'step', runId: run.runId, stepId: step.stepId, outcome: 'skipped' },
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(read()).toBe(before);

    // The runner of a closed incident offers no step actions and no "Service restored".
    const { page, problems } = await openPage(`#/incidents/${id}`);
    await expect.poll(() => page.getByTestId('incident-title').textContent()).toBe('Closed test');
    expect(await page.getByTestId('step-done').count()).toBe(0);
    expect(await page.getByTestId('restored-button').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
