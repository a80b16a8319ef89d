/**
 * Shift handover in Chromium through `lifeline serve`: engineer A runs an incident, ends
 * the shift and submits; B questions one item, A answers, B accepts all → acknowledged;
 * Markdown and PDF exports (the PDF's pages read back as text); and a second console that
 * receives a handover through the bundle and acknowledges it there.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { pdfPages } from '../helpers/pdf';
import { type Served, startServe } from '../helpers/serve';
import { CLI, ROOT, tempDir } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

let served: Served;
let second: Served;
let browser: BrowserContext;
// Made here, not with tempDir(): the consoles run across both tests, and tempDir folders go after each test.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-handover-'));

function demo(seed: number): string {
  const db = path.join(dataDir, `demo-${seed}.db`);
  const made = spawnSync(
    process.execPath,
    [CLI, 'demo', '--db', db, '--customers', '12', '--seed', String(seed)],
    {
      encoding: 'utf8',
    },
  );
  if (made.status !== 0) throw new Error(made.stderr);
  return db;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  served = await startServe(['--db', demo(5)]);
  second = await startServe(['--db', demo(77)]);
});

// One browser per test: its profile folder is a tempDir, removed after each test.
beforeEach(async () => {
  browser = await launchBrowser({ width: 1360, height: 1000 });
});

afterEach(async () => {
  await browser?.close();
});

afterAll(async () => {
  await served?.stop();
  await second?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function addEngineer(page: Page, name: string): Promise<void> {
  await page.getByLabel('At the keyboard').selectOption({ label: '+ Add engineer…' });
  await page.getByLabel("New engineer's name").fill(name);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect
    .poll(() => page.getByLabel('At the keyboard').locator('option:checked').textContent())
    .toContain(name);
}

async function switchTo(page: Page, name: string): Promise<void> {
  const select = page.getByLabel('At the keyboard');
  const label = (await select.locator('option').allTextContents()).find((t) => t.startsWith(name));
  if (!label) throw new Error(`no profile ${name}`);
  await select.selectOption({ label });
  await expect
    .poll(() => page.getByLabel('At the keyboard').locator('option:checked').textContent())
    .toContain(name);
}

async function acceptAll(page: Page): Promise<void> {
  const accept = page.getByRole('button', { name: /^Accept/ });
  for (let guard = 0; guard < 100 && (await accept.count()) > 0; guard++) {
    const before = await accept.count();
    await accept.first().click();
    await expect.poll(() => accept.count()).toBeLessThan(before);
  }
}

describe.skipIf(chromium.missing)('shift handover in the console', () => {
  it('A hands over, B questions, A answers, B accepts all; Markdown and PDF exports', async () => {
    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.goto(served.url);
    await waitForReady(page);
    await page.goto(`${served.origin}/#/handover`);
    await waitForReady(page);
    await expect.poll(() => page.getByText('No shift running on this console.').count()).toBe(1);

    await addEngineer(page, 'Alice Martin');
    await page.getByRole('button', { name: 'Start shift as Alice Martin' }).click();
    await expect.poll(() => page.getByText(/on shift since/).count()).toBe(1);

    // A runs an incident through #5's calls while on shift: left open, mid-playbook.
    const customers = await served.call('customer:list', {});
    const customer = customers.items[0];
    if (!customer) throw new Error('no customers');
    const opened = await served.call('incident:open', {
      customerId: customer.id,
      title: 'Payroll app unreachable',
      severity: 'sev1',
      symptom: 'HTTP 502 from the load balancer',
    });
    const suggestions = await served.call('playbook:list', {}).catch(() => null);
    const playbookId = suggestions?.items[0]?.id;
    if (playbookId) {
      const run = await served.call('incident:startPlaybook', { incidentId: opened.state.id, playbookId });
      const r = run.state.runs[0];
      const step = r?.steps[0];
      if (r && step)
        await served.call('incident:record', {
          incidentId: opened.state.id,
          action: { type: 'step', runId: r.runId, stepId: step.stepId, outcome: 'done' },
        });
    }
    await served.call('incident:record', {
      incidentId: opened.state.id,
      action: { type: 'note', text: 'Load balancer pool drained by the vendor; waiting for their engineer.' },
    });

    await page.getByRole('button', { name: 'End shift and hand over' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Submit handover/ }).count()).toBe(1);
    const title = page.getByLabel('Item title').first();
    await expect.poll(() => title.inputValue()).toBe('Payroll app unreachable');
    await page
      .getByLabel('What the next engineer needs to know')
      .first()
      .fill('Vendor engineer due 07:30. If not restored by 08:00, call the duty manager.');
    await page.getByLabel('Note', { exact: true }).fill('Backup window overran on the file server');
    await page.getByLabel('Note details').fill('Check the 02:00 job finished before the morning.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('screen-body').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-handover-draft.png'), fullPage: true });
    await page.getByRole('button', { name: /Submit handover/ }).click();
    await expect.poll(() => page.getByText(/0 of \d+ accepted/).count()).toBe(1);
    const handoverId = decodeURIComponent(page.url().split('#/handover/')[1] ?? '');
    expect(handoverId).toMatch(/^[0-9a-f-]{36}$/);

    // B comes in, questions the open incident.
    await addEngineer(page, 'Bob Okafor');
    const item = page.getByRole('article', { name: /^Payroll app unreachable: / });
    await item.focus();
    await page.keyboard.press('q');
    await page
      .getByLabel('Question about: Payroll app unreachable')
      .fill('Do we have the vendor ticket number?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect.poll(() => item.getByTestId('item-status').textContent()).toBe('Questioned');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-handover-review.png'), fullPage: true });

    // A answers.
    await switchTo(page, 'Alice Martin');
    await page
      .getByLabel('Answer to: Do we have the vendor ticket number?')
      .fill('Yes: VND-88213, in the incident notes.');
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await expect.poll(() => page.getByText('VND-88213', { exact: false }).count()).toBeGreaterThan(0);

    // B accepts every item → acknowledged.
    await switchTo(page, 'Bob Okafor');
    await acceptAll(page);
    const banner = page.getByTestId('handover-acknowledged');
    await expect.poll(() => banner.textContent()).toContain('Acknowledged by Bob Okafor');
    await page.getByTestId('screen-body').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-handover-acknowledged.png'), fullPage: true });

    // Markdown export from the button.
    const [md] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Markdown' }).click(),
    ]);
    const mdFile = path.join(tempDir(), md.suggestedFilename());
    await md.saveAs(mdFile);
    const text = fs.readFileSync(mdFile, 'utf8');
    expect(text).toContain('# Shift handover — Alice Martin');
    expect(text).toContain('Acknowledged by Bob Okafor');
    expect(text).toContain('**Answer** from Alice Martin');

    // PDF export: the same handover, as the pages an engineer would print.
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.getByRole('button', { name: 'PDF' }).click(),
    ]);
    const pdfFile = path.join(tempDir(), 'handover.pdf');
    await pdf.saveAs(pdfFile);
    const pages = await pdfPages(pdfFile);
    // A handful of items fits on a few pages; the first opens with whose handover it is,
    // the last ends with the handover's id (nothing cut off).
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(3);
    expect(pages[0]).toMatch(/Shift handover Alice Martin/i);
    expect(pages.at(-1)).toContain(`Handover ${handoverId}`);
    const printed = pages.join(' ');
    for (const words of [
      customer.name,
      'Payroll app unreachable',
      'Vendor engineer due 07:30.',
      'Backup window overran on the file server',
      'Do we have the vendor ticket number?',
      'Yes: VND-88213, in the incident notes.',
      'Acknowledged by Bob Okafor',
    ])
      expect(printed).toContain(words);

    // History: listed as acknowledged, found by the engineer filter.
    await page.goto(`${served.origin}/#/handover`);
    await page.getByLabel('Engineer').fill('alice');
    await expect.poll(() => page.getByTestId('handover-row').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('handover-row').textContent())
      .toContain('Acknowledged · Bob Okafor');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a second console imports the bundle; B questions there, A answers at home, B accepts all', async () => {
    // A's next shift on the first console, submitted.
    const engineers = await served.call('engineer:list', {});
    const alice = engineers.engineers.find((e) => e.name === 'Alice Martin');
    if (!alice) throw new Error('Alice has no profile');
    await served.call('engineer:switch', { id: alice.id });
    await served.call('shift:start', {});
    const draft = await served.call('shift:end', {});
    await served.call('handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    const bundle = await served.call('handover:export', {
      id: draft.id,
      format: 'bundle',
    });
    const file = path.join(tempDir(), bundle.fileName);
    fs.writeFileSync(file, bundle.content);

    const page = await browser.newPage();
    const problems = watchConsole(page);
    await page.goto(second.url);
    await waitForReady(page);
    await page.goto(`${second.origin}/#/handover`);
    await waitForReady(page);
    await addEngineer(page, 'Bob Okafor');
    await page.getByLabel('Import a handover bundle').setInputFiles(file);
    await expect.poll(() => page.url()).toContain(draft.id);
    await expect.poll(() => page.getByText(/0 of \d+ accepted/).count()).toBe(1);
    // Importing it again changes nothing.
    await page.goto(`${second.origin}/#/handover`);
    await page.getByLabel('Import a handover bundle').setInputFiles(file);
    await expect.poll(() => page.getByText('Already here: nothing changed').count()).toBe(1);

    const first = draft.items[0];
    if (!first) throw new Error('empty handover');
    const item = page.getByRole('article').first();
    await item.getByRole('button', { name: /^Question/ }).click();
    await page.getByLabel(`Question about: ${first.title}`).fill('Anything to watch on this one?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect.poll(() => item.getByTestId('item-status').textContent()).toBe('Questioned');

    // The bundle goes home; A answers there; the answer comes back the same way.
    const out = await second.call('handover:export', { id: draft.id, format: 'bundle' });
    expect(await served.call('handover:import', { content: out.content })).toMatchObject({ eventsAdded: 1 });
    const home = await served.call('handover:get', {
      id: draft.id,
    });
    const question = home.reviews.flatMap((r) => r.questions)[0];
    if (!question) throw new Error('the question did not travel');
    await served.call('handover:answer', {
      handoverId: draft.id,
      questionId: question.id,
      text: 'Nothing, all quiet.',
    });
    const back = await served.call('handover:export', {
      id: draft.id,
      format: 'bundle',
    });
    fs.writeFileSync(file, back.content);
    await page.goto(`${second.origin}/#/handover`);
    await page.getByLabel('Import a handover bundle').setInputFiles(file);
    await expect.poll(() => page.getByText('Nothing, all quiet.').count()).toBe(1);

    await acceptAll(page);
    await expect
      .poll(() => page.getByTestId('handover-acknowledged').textContent())
      .toContain('Acknowledged by Bob Okafor');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-handover-second-console.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
