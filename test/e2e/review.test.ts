/**
 * The post-incident review in Chromium through `lifeline serve` on demo data: an incident
 * on a demo customer is run and restored, "Write review" drafts it from the log, the
 * engineer edits it (a line, an action's owner and due date, feedback on a step), publish
 * is refused while a due date is missing and then succeeds; the review is listed on the
 * customer's card and its playbook gets a suggestion; the PDF export is read back as text
 * and each of its pages rendered to an image (PDF.js in the page) for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForReady, watchConsole } from '../helpers/browser';
import { demoConsoleForFile, SHOTS } from '../helpers/demoConsole';
import { pdfPages } from '../helpers/pdf';
import { ROOT, tempDir } from '../helpers/tmp';

const app = demoConsoleForFile('review');

/** Renders each page of a PDF to a PNG in test-results/ with PDF.js, served to the page from node_modules. */
async function pdfToImages(page: Page, file: string, name: string): Promise<string[]> {
  const dist = path.join(ROOT, 'node_modules', 'pdfjs-dist', 'build');
  await page.route('http://pdf.test/**', async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') {
      await route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><body style="margin:0;background:#888"></body>',
      });
    } else if (url.pathname === '/doc.pdf') {
      await route.fulfill({ contentType: 'application/pdf', body: fs.readFileSync(file) });
    } else {
      await route.fulfill({
        contentType: 'text/javascript',
        body: fs.readFileSync(path.join(dist, path.basename(url.pathname))),
      });
    }
  });
  await page.goto('http://pdf.test/');
  // A string, not a function: the test runner would rewrite a dynamic import() inside one.
  const count = (await page.evaluate(`(async () => {
    const lib = await import('http://pdf.test/pdf.mjs');
    lib.GlobalWorkerOptions.workerSrc = 'http://pdf.test/pdf.worker.mjs';
    const doc = await lib.getDocument('http://pdf.test/doc.pdf').promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const p = await doc.getPage(n);
      const viewport = p.getViewport({ scale: 1.4 });
      const canvas = document.createElement('canvas');
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      canvas.id = 'page-' + n;
      canvas.style.display = 'block';
      canvas.style.marginBottom = '8px';
      document.body.append(canvas);
      await p.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
    return doc.numPages;
  })()`)) as number;
  const shots: string[] = [];
  for (let n = 1; n <= count; n++) {
    const shot = path.join(SHOTS, `${name}-page${n}.png`);
    await page.locator(`#page-${n}`).screenshot({ path: shot });
    shots.push(shot);
  }
  return shots;
}

describe('post-incident review', () => {
  it('restore → Write review → edit → publish → on the customer card → PDF', async () => {
    const { served, browser } = app;
    // A demo customer with a VM, and the playbook that suits it.
    const customers = await served.call('customer:list', { limit: 50 });
    let target: { customerId: string; assetId: string } | null = null;
    for (const c of customers.items) {
      const card = await served.call('customer:topology', { id: c.id });
      const vm = card.assets.find((a) => a.kind === 'vm');
      if (vm && c.kind !== 'internal') {
        target = { customerId: c.id, assetId: vm.id };
        break;
      }
    }
    if (!target) throw new Error('no demo customer with a VM');
    const opened = await served.call('incident:open', {
      customerId: target.customerId,
      title: 'Order portal VM unresponsive',
      severity: 'sev2',
      symptom: 'VM unresponsive, HTTP 502',
      assetIds: [target.assetId],
    });
    const incidentId = opened.state.id;
    const suggested = await served.call('incident:suggest', { incidentId });
    const playbookId = suggested.suggestions[0]?.playbookId;
    if (!playbookId) throw new Error('no playbook suggested');
    const started = await served.call('incident:startPlaybook', {
      incidentId,
      playbookId,
      assetId: target.assetId,
    });
    const run = started.state.runs[0];
    if (!run) throw new Error('no run');
    const [first, second] = run.steps.filter((s) => s.skipReason === null);
    await served.call('incident:record', {
      incidentId,
      action: {
        type: 'step',
        runId: run.runId,
        stepId: first?.stepId ?? '',
        outcome: 'failed',
        note: 'console did not answer',
      },
    });
    await served.call('incident:record', {
      incidentId,
      action: {
        type: 'step',
        runId: run.runId,
        stepId: second?.stepId ?? '',
        outcome: 'done',
        note: 'hard reset from the hypervisor',
      },
    });
    await served.call('incident:record', {
      incidentId,
      action: { type: 'follow_up_added', kind: 'task', text: 'Add a guest watchdog' },
    });

    const page = await browser.newPage();
    const errors = watchConsole(page);
    await page.goto(`${served.url}#/incidents/${incidentId}`);
    await waitForReady(page);
    // Restore from the runner, as the engineer would (R, then confirm).
    await page.getByTestId('restored-button').click();
    await page.getByTestId('restored-confirm').click();
    await expect.poll(() => page.getByTestId('write-review').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'review-1-restored.png') });
    await page.getByTestId('write-review').click();

    const editor = page.getByTestId('review-editor');
    await editor.waitFor();
    await expect
      .poll(() => page.getByTestId('review-title').textContent())
      .toBe('Review: Order portal VM unresponsive');
    const restoredBy = page.getByRole('region', { name: 'What restored it' });
    await expect
      .poll(() => restoredBy.locator('textarea').first().inputValue())
      .toContain('hard reset from the hypervisor');
    await expect
      .poll(() =>
        page.getByRole('region', { name: 'Contributing factors' }).locator('textarea').first().inputValue(),
      )
      .toContain('console did not answer');
    // Every drafted line links to its event.
    expect(await restoredBy.locator('a.rv-src').first().getAttribute('href')).toMatch(
      new RegExp(`#/incidents/${incidentId}\\?event=`),
    );

    // Edit: a line of the summary, the action's owner, feedback on the failed step.
    const summary = page.getByLabel('Summary, line 1');
    await summary.fill(`${await summary.inputValue()} The customer's order desk noticed first.`);
    await page.getByLabel('Owner of action 1').fill('Priya Patel');
    await page.getByLabel('Feedback verdict').selectOption('wrong');
    await page.getByLabel('Feedback step').selectOption({
      label: `${run.steps.findIndex((s) => s.stepId === first?.stepId) + 1}. ${first?.title} (failed)`,
    });
    await page
      .getByLabel('Feedback note')
      .fill('The console check cannot work on a hung guest; go to the hypervisor first.');
    await page.getByTestId('review-feedback-add').click();
    await expect
      .poll(() => page.getByTestId('review-save-state').textContent(), { timeout: 10_000 })
      .toBe('Saved');
    await page.screenshot({ path: path.join(SHOTS, 'review-2-editing.png'), fullPage: true });

    // A reload (a crash) keeps the edits: every change was saved.
    await page.reload();
    await waitForReady(page);
    await page.getByTestId('review-editor').waitFor();
    await expect
      .poll(() => page.getByLabel('Summary, line 1').inputValue())
      .toContain('order desk noticed first');
    expect(await page.getByTestId('review-feedback').count()).toBe(1);

    // Publish is refused while the action has no due date; nothing is published.
    await page.getByTestId('review-publish').click();
    await expect
      .poll(() => page.getByTestId('review-publish-error').textContent())
      .toContain('has no due date');
    await page.screenshot({ path: path.join(SHOTS, 'review-3-refused.png') });
    await page.getByLabel('Due date of action 1').fill('2030-05-15');
    await page.getByTestId('review-publish').click();
    await page.getByTestId('review-published').waitFor();
    await expect.poll(() => page.getByTestId('review-status').textContent()).toMatch(/Published .* frozen/);
    await page.screenshot({ path: path.join(SHOTS, 'review-4-published.png'), fullPage: true });

    // The PDF export, read back and rendered for a person to look at.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.getByTestId('review-export-pdf').click(),
    ]);
    const pdfFile = path.join(tempDir(), 'review.pdf');
    await download.saveAs(pdfFile);
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfPages(pdfFile)).join(' ');
    expect(text).toContain('Review: Order portal VM unresponsive');
    expect(text).toContain('hard reset from the hypervisor');
    expect(text).toContain('Priya Patel');
    expect(text).toContain('2030-05-15');

    // Listed on the customer's card.
    await page.goto(`${served.url}#/customers/${target.customerId}`);
    await waitForReady(page);
    const recent = page.getByTestId('recent-reviews');
    await expect.poll(() => recent.textContent()).toContain('Order portal VM unresponsive');
    await recent.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'review-5-customer-card.png') });

    // The playbook's owner sees the suggestion in the library.
    await page.goto(`${served.url}#/playbooks`);
    await waitForReady(page);
    await expect.poll(() => page.getByTestId('suggestion-count').first().textContent()).toBe('1 suggestion');
    await page.getByTestId('suggestions-link').click();
    await expect
      .poll(() => page.getByTestId('suggestion-group').first().textContent())
      .toContain('go to the hypervisor first');
    await page.screenshot({ path: path.join(SHOTS, 'review-6-suggestions.png') });
    expect(errors).toEqual([]);

    const shots = await pdfToImages(await browser.newPage(), pdfFile, 'review-7-pdf');
    expect(shots.length).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
