/**
 * Playbooks in Chromium through `lifeline serve` on demo data: the library and its filters,
 * a diff between versions, the editor, the overlay editor and the preview. The issue's
 * done-when: change an overlay parameter for one customer and see that customer's
 * effective step change in the preview while another customer's does not.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallOutput } from '../../shared/api/contract';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { openKeyed } from '../helpers/keyed';
import { type Served, startServe } from '../helpers/serve';
import { CLI, dumpDatabase, ROOT } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

type Detail = CallOutput<'playbook:get'>;
type Param = Detail['body']['parameters'][number];
type Step = Detail['body']['steps'][number];

let dir: string;
let dbPath: string;
let served: Served;
let browser: BrowserContext;

async function open(route: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  await page.goto(`${served.url}${route}`);
  await waitForReady(page);
  return { page, problems };
}

function snapshot(): string {
  const db = openKeyed(dbPath, { readonly: true });
  try {
    return dumpDatabase(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Not tempDir(): that folder goes after the first test, and the last test reads the file.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-playbooks-'));
  dbPath = path.join(dir, 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', dbPath], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  served = await startServe(['--db', dbPath]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(chromium.missing)('playbooks in Chromium through lifeline serve', () => {
  it('filters the library by review state, and opens a playbook from the keyboard', async () => {
    const { page, problems } = await open('#/playbooks');
    const all = (await served.call('playbook:list', {})).items;
    await expect.poll(() => page.getByTestId('playbook-row').count()).toBe(all.length);
    await expect
      .poll(() => page.getByTestId('reviews-link').textContent())
      .toContain(`Reviews due (${all.filter((p) => p.reviewState !== 'ok').length})`);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbooks-library.png') });

    const overdue = all.filter((p) => p.reviewState === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    await page.getByRole('radio', { name: 'Overdue' }).click();
    await expect.poll(() => page.getByTestId('playbook-row').count()).toBe(overdue.length);
    const states = await page
      .getByTestId('playbook-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review')));
    expect(new Set(states)).toEqual(new Set(['overdue']));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbooks-library-overdue.png') });

    // '/' focuses the search; a word narrows the list; ↓ and Enter open the second match.
    await page.getByRole('radio', { name: 'All' }).click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Search playbooks');
    await page.keyboard.type('down');
    const down = (await served.call('playbook:list', { query: 'down' })).items;
    expect(down.length).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('playbook-row').count()).toBe(down.length);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('playbook-title').textContent()).toBe(down[1]?.title);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows what changed between two versions of a playbook', async () => {
    const all = (await served.call('playbook:list', {})).items;
    const versioned = all.find((p) => p.currentVersion >= 2);
    if (!versioned) throw new Error('the demo data has no playbook with two versions');
    const diff = await served.call('playbook:diff', {
      id: versioned.id,
      from: versioned.currentVersion - 1,
      to: versioned.currentVersion,
    });
    expect(diff.changes.length).toBeGreaterThan(0);
    const { page, problems } = await open(`#/playbooks/${versioned.id}`);
    await expect.poll(() => page.getByTestId('playbook-title').textContent()).toBe(versioned.title);
    const changes = page.getByTestId('diff').getByRole('listitem');
    await expect.poll(() => changes.count()).toBe(diff.changes.length);
    const kinds = await changes.evaluateAll((els) => els.map((e) => e.getAttribute('data-change')));
    expect(kinds).toEqual(diff.changes.map((c) => c.kind));
    await page.getByTestId('diff').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-detail-diff.png') });
    await page.getByTestId('screen-body').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-detail.png') });

    // An overlay written against the older version shows what changed in core and offers a re-base.
    const detail = await served.call('playbook:get', { id: versioned.id });
    const drifted = detail.overlays.find((o) => o.drifted);
    if (drifted) {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, `#/playbooks/${versioned.id}/overlays/${drifted.customer.id}`);
      await expect.poll(() => page.getByTestId('drift').count()).toBe(1);
      await expect.poll(() => page.getByTestId('drift').getByRole('listitem').count()).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SHOTS, 'e2e-overlay-drift.png') });
      await page.getByRole('button', { name: `Re-base on version ${versioned.currentVersion}` }).click();
      await expect.poll(() => page.getByTestId('drift').count()).toBe(0);
      const rebased = await served.call('overlay:get', {
        playbookId: versioned.id,
        customerId: drifted.customer.id,
      });
      expect(rebased.drifted).toBe(false);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("changes one customer's overlay parameter: that customer's preview changes, another's does not", async () => {
    const all = (await served.call('playbook:list', {})).items;
    // A playbook with a string parameter that a step's command uses, and a default to fall back on.
    let chosen: { playbook: Detail; param: Param; step: Step } | null = null;
    for (const s of all) {
      const p = await served.call('playbook:get', { id: s.id });
      for (const param of p.body.parameters) {
        if (param.type !== 'string' || typeof param.default !== 'string') continue;
        const step = p.body.steps.find((st) => st.command?.includes(`{{${param.name}}}`));
        if (step) {
          chosen = { playbook: p, param, step };
          break;
        }
      }
      if (chosen) break;
    }
    if (!chosen) throw new Error('no playbook with a string parameter used in a command');
    const { playbook, param, step } = chosen;
    const fallback = String(param.default);
    const overlaid = new Set(playbook.overlays.map((o) => o.customer.id));
    const customers = (await served.call('customer:list', {})).items.filter(
      (c) => c.kind === 'customer' && !overlaid.has(c.id),
    );
    const [a, b] = customers;
    if (!a || !b) throw new Error('not enough customers without an overlay');
    const value = 'e2e-branch-7';

    const { page, problems } = await open(`#/playbooks/${playbook.id}/overlays/${a.id}`);
    await expect.poll(() => page.getByTestId('overlay-title').textContent()).toContain(a.name);
    await page.locator(`#param-${param.name}`).fill(value);
    // The live preview beside the form follows the typing.
    const live = page.getByTestId('live-preview').locator(`[data-step-id="${step.id}"]`);
    await expect.poll(() => live.textContent()).toContain(value);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-overlay-editor.png') });
    await page.getByTestId('save').click();
    await expect
      .poll(async () => {
        const o = await served.call('overlay:get', { playbookId: playbook.id, customerId: a.id });
        return o.overlay?.body.parameters[param.name];
      })
      .toBe(value);

    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/playbooks/${playbook.id}/preview?customer=${a.id}`);
    const stepA = page
      .getByTestId('preview')
      .locator(`[data-testid="effective-step"][data-step-id="${step.id}"]`);
    await expect.poll(() => stepA.getByTestId('command').textContent()).toContain(value);
    await expect.poll(() => page.getByTestId('preview-customer').textContent()).toContain(a.name);
    // Picking one of the customer's assets fills the {{asset.*}} placeholders too.
    await page.getByTestId('asset-option').first().click();
    await expect.poll(() => page.url()).toContain('asset=');
    await expect.poll(() => stepA.getByTestId('command').textContent()).toContain(value);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-preview.png') });

    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/playbooks/${playbook.id}/preview?customer=${b.id}`);
    await expect.poll(() => page.getByTestId('preview-customer').textContent()).toContain(b.name);
    const stepB = page
      .getByTestId('preview')
      .locator(`[data-testid="effective-step"][data-step-id="${step.id}"]`);
    await expect.poll(() => stepB.getByTestId('command').textContent()).toContain(fallback);
    expect(await stepB.textContent()).not.toContain(value);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('locks fixed steps in the overlay editor, and the back end refuses an overlay that touches one', async () => {
    const all = (await served.call('playbook:list', {})).items;
    let playbook: Detail | null = null;
    for (const s of all) {
      const p = await served.call('playbook:get', { id: s.id });
      if (p.body.steps.some((st) => !st.customizable) && p.body.steps.some((st) => st.customizable)) {
        playbook = p;
        break;
      }
    }
    if (!playbook) throw new Error('no playbook with both fixed and customizable steps');
    const fixed = playbook.body.steps.filter((s) => !s.customizable);
    const overlaid = new Set(playbook.overlays.map((o) => o.customer.id));
    const customer = (await served.call('customer:list', {})).items.find(
      (c) => c.kind === 'customer' && !overlaid.has(c.id),
    );
    if (!customer) throw new Error('no customer');

    const { page, problems } = await open(`#/playbooks/${playbook.id}/overlays/${customer.id}`);
    const locked = page.getByTestId('locked-step');
    await expect.poll(() => locked.count()).toBe(fixed.length);
    // A locked step offers nothing to change.
    expect(await locked.locator('input, textarea, select, button').count()).toBe(0);
    expect(await locked.first().textContent()).toContain('fixed by core');
    await expect
      .poll(() => page.getByTestId('custom-step').count())
      .toBe(playbook.body.steps.length - fixed.length);
    expect(problems).toEqual([]);
    await page.close();

    const before = snapshot();
    const bad: Array<CallInput<'overlay:save'>['body']> = [
      { parameters: {}, steps: { [fixed[0]?.id ?? 'x']: { skip: { reason: 'We do not do this here' } } } },
      { parameters: { not_declared: 'x' }, steps: {} },
      { parameters: {}, steps: { 'no-such-step': { skip: { reason: 'nope nope' } } } },
    ];
    for (const body of bad) {
      const r = await served.result('overlay:save', {
        playbookId: playbook.id,
        customerId: customer.id,
        baseVersion: null,
        body,
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(!r.ok && r.error.message).toMatch(/not customizable|not a customization point|does not exist/);
    }
    const malformed = await served.result('overlay:save', {
      playbookId: playbook.id,
      customerId: customer.id,
      baseVersion: null,
      body: { parameters: {}, steps: { [fixed[0]?.id ?? 'x']: { skip: { reason: '' } } } },
    });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshot()).toBe(before);
  });

  it('edits a playbook: fields, step reorder with Alt+↓, errors next to the field, nothing saved', async () => {
    const all = (await served.call('playbook:list', {})).items;
    const target = all[0];
    if (!target) throw new Error('no playbook');
    const original = await served.call('playbook:get', { id: target.id });
    const { page, problems } = await open(`#/playbooks/${target.id}/edit`);
    const cards = page.getByTestId('step-card');
    await expect.poll(() => cards.count()).toBe(original.body.steps.length);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-editor.png') });

    // Alt+↓ in the first step's title moves the step down, focus stays in it.
    const firstTitle = cards.first().getByLabel('Title');
    await firstTitle.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => cards.nth(1).getAttribute('data-step-key')).toBe(original.body.steps[0]?.id);
    expect(await cards.first().getAttribute('data-step-key')).toBe(original.body.steps[1]?.id);

    // A placeholder nothing can fill is refused by the back end and shown at that command.
    await cards.first().getByLabel('Command').fill('ping {{no_such_value}}');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('issues').textContent()).toContain('no_such_value');
    await expect.poll(() => cards.first().getByLabel('Command').getAttribute('aria-invalid')).toBe('true');
    await cards.first().getByLabel('Command').fill('');

    // An empty step title and a bad time box are refused, shown at the fields; nothing is saved.
    await cards.first().getByLabel('Title').fill('');
    await cards.first().getByLabel('Time box').fill('soon');
    await page.getByTestId('save').click();
    await expect.poll(() => cards.first().locator('[aria-invalid="true"]').count()).toBe(2);
    expect(await page.getByTestId('issues').textContent()).toContain('Step 1');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-editor-errors.png') });
    const after = await served.call('playbook:get', { id: target.id });
    expect(after.currentVersion).toBe(original.currentVersion);

    // Escape asks before throwing the edits away.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(1);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.getByTestId('playbook-title').textContent()).toBe(target.title);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps a risk mark through an edit, and sets one from the editor', async () => {
    const all = (await served.call('playbook:list', {})).items;
    const marked = all.find((p) => p.appliesTo.risk !== undefined);
    const plain = all.find((p) => p.appliesTo.risk === undefined);
    if (!marked || !plain) throw new Error('the demo data needs a marked and an unmarked playbook');
    const risk = marked.appliesTo.risk;

    // Editing something else on a marked playbook saves the mark with the new version.
    const { page, problems } = await open(`#/playbooks/${marked.id}/edit`);
    const riskField = page.getByLabel('Risk', { exact: true });
    await expect.poll(() => riskField.inputValue()).toBe(risk);
    const summary = page.getByLabel('Summary', { exact: true });
    await summary.fill(`${await summary.inputValue()} Checked in the e2e test.`);
    await page.getByTestId('save').click();
    await expect
      .poll(async () => (await served.call('playbook:get', { id: marked.id })).currentVersion)
      .toBe(marked.currentVersion + 1);
    const kept = await served.call('playbook:get', { id: marked.id });
    expect(kept.body.summary).toContain('Checked in the e2e test.');
    expect(kept.body.appliesTo.risk).toBe(risk);
    await expect.poll(() => page.getByTestId('risk-mark').textContent()).toContain('Held back from best fit');

    // Marking an unmarked playbook in the editor saves the mark and the detail page shows it.
    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/playbooks/${plain.id}/edit`);
    await expect.poll(() => page.getByLabel('Risk', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Risk', { exact: true }).selectOption('destructive');
    // Centred: scrolled only into view, the select sits under the sticky save bar.
    await page.getByLabel('Risk', { exact: true }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-editor-risk.png') });
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('risk-mark').textContent()).toContain('Destructive');
    const set = await served.call('playbook:get', { id: plain.id });
    expect(set.currentVersion).toBe(plain.currentVersion + 1);
    expect(set.body.appliesTo.risk).toBe('destructive');
    await page.getByTestId('risk-mark').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-playbook-detail-risk.png') });

    // Setting it back to none removes the mark.
    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/playbooks/${plain.id}/edit`);
    await expect.poll(() => page.getByLabel('Risk', { exact: true }).inputValue()).toBe('destructive');
    await page.getByLabel('Risk', { exact: true }).selectOption('');
    await page.getByTestId('save').click();
    await expect
      .poll(async () => (await served.call('playbook:get', { id: plain.id })).currentVersion)
      .toBe(plain.currentVersion + 2);
    expect((await served.call('playbook:get', { id: plain.id })).body.appliesTo.risk).toBeUndefined();
    await expect.poll(() => page.getByTestId('playbook-title').textContent()).toBe(plain.title);
    await expect.poll(() => page.getByTestId('risk-mark').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reports customization per playbook and highlights customers beyond the bound', async () => {
    const report = await served.call('playbook:customizationReport', { bound: 3 });
    const beyond = report.playbooks.flatMap((p) => p.customers.filter((c) => c.beyondBound)).length;
    const { page, problems } = await open('#/playbooks/report');
    await expect.poll(() => page.getByTestId('report-row').count()).toBe(report.playbooks.length);
    await expect.poll(() => page.locator('[data-beyond="true"]').count()).toBe(beyond);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-customization-report.png') });

    const tighter = await served.call('playbook:customizationReport', { bound: 2 });
    const beyond2 = tighter.playbooks.flatMap((p) => p.customers.filter((c) => c.beyondBound)).length;
    expect(beyond2).toBeGreaterThan(beyond);
    await page.getByLabel('Override bound').fill('2');
    await expect.poll(() => page.locator('[data-beyond="true"]').count()).toBe(beyond2);
    expect(problems).toEqual([]);
    await page.close();
  });
});
