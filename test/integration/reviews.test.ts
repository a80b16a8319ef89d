/**
 * Post-incident reviews on a real SQLite file: drafted only after the restore, edited and
 * saved (surviving a reopen of the file), publish refused with what is missing and nothing
 * half-written, then frozen (triggers), queued for central, its playbook feedback shown as
 * a suggestion, exported as Markdown and PDF.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { generateDemo } from '../../electron/core/demo/generate';
import { call, refusal } from '../helpers/api';
import { pdfPages } from '../helpers/pdf';
import { tempDir } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

let dbPath: string;
let b: Backend;
let incidentId: string;
let playbookId: string;

beforeAll(async () => {
  dbPath = path.join(tempDir(), 'lifeline.db');
  b = createBackend({ dbPath, transport: 'web' });
  generateDemo(b.db, { customers: 4, seed: 3, now: new Date() });
  const customer = b.db
    .prepare(
      `SELECT c.id FROM customers c WHERE c.kind = 'customer' AND EXISTS (SELECT 1 FROM assets a WHERE a.customer_id = c.id) ORDER BY c.code LIMIT 1`,
    )
    .pluck()
    .get() as string;
  const asset = b.db
    .prepare("SELECT id FROM assets WHERE customer_id = ? AND kind = 'vm' LIMIT 1")
    .pluck()
    .get(customer) as string;
  playbookId = b.db
    .prepare('SELECT id FROM playbooks WHERE deleted_at IS NULL ORDER BY title LIMIT 1')
    .pluck()
    .get() as string;
  const opened = await call(b, 'incident:open', {
    customerId: customer,
    title: 'Shop down',
    severity: 'sev1',
    assetIds: [asset],
  });
  incidentId = opened.state.id;
  const started = await call(b, 'incident:startPlaybook', { incidentId, playbookId, assetId: asset });
  const [run] = started.state.runs;
  const [s1, s2] = run?.steps ?? [];
  await call(b, 'incident:record', {
    incidentId,
    action: {
      type: 'step',
      runId: run?.runId ?? '',
      stepId: s1?.stepId ?? '',
      outcome: 'failed',
      note: 'did not help',
    },
  });
  await call(b, 'incident:record', {
    incidentId,
    action: {
      type: 'step',
      runId: run?.runId ?? '',
      stepId: s2?.stepId ?? '',
      outcome: 'done',
      note: 'rebooted the VM',
    },
  });
  await call(b, 'incident:record', {
    incidentId,
    action: { type: 'follow_up_added', kind: 'task', text: 'add a watchdog' },
  });
});

afterAll(() => b?.close());

describe('post-incident review', () => {
  let reviewId = '';

  it('cannot be drafted before service is restored', async () => {
    const err = await refusal(b, 'review:draft', { incidentId });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/restore the service first/);
  });

  it('is drafted from the log after the restore, and a second draft is the same draft', async () => {
    await call(b, 'incident:record', {
      incidentId,
      action: { type: 'restored', summary: 'back after reboot' },
    });
    const r = await call(b, 'review:draft', { incidentId });
    reviewId = r.id;
    expect(r.status).toBe('draft');
    expect(r.content.restoredBy[0]?.text).toMatch(/rebooted the VM/);
    expect(r.content.factors[0]?.text).toMatch(/failed .*did not help/);
    expect(r.content.actions.map((a) => a.text)).toEqual(['add a watchdog']);
    expect(r.content.keyMoments.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['detected', 'playbook_started', 'decisive_step', 'restored']),
    );
    expect((await call(b, 'review:draft', { incidentId })).id).toBe(r.id);
  });

  it('saves edits as they are made: a reopened file still has them', async () => {
    const r = await call(b, 'review:get', { id: reviewId });
    const { facts: _f, ...edit } = r.content;
    const run = r.runs[0];
    const saved = await call(b, 'review:save', {
      id: r.id,
      baseVersion: r.version,
      content: {
        ...edit,
        summary: [...edit.summary, { id: 'mine-1', text: 'The customer noticed first.', eventId: null }],
        feedback: [
          {
            id: 'fb-1',
            playbookId: run?.playbookId ?? '',
            playbookTitle: run?.title ?? '',
            playbookVersion: run?.version ?? 1,
            stepId: run?.steps[0]?.stepId ?? null,
            stepTitle: run?.steps[0]?.title ?? null,
            verdict: 'wrong',
            note: 'This step cannot work on a hung guest.',
          },
        ],
      },
    });
    expect(saved.version).toBe(r.version + 1);
    b.close();
    b = createBackend({ dbPath, transport: 'web' });
    const again = await call(b, 'review:get', { id: reviewId });
    expect(again.content.summary.at(-1)?.text).toBe('The customer noticed first.');
    // Facts stay as drafted from the log, whatever the client sends.
    expect(again.content.facts).toEqual(r.content.facts);
  });

  it('refuses malformed edits and a stale base version', async () => {
    const r = await call(b, 'review:get', { id: reviewId });
    const { facts: _f, ...edit } = r.content;
    const bad = await refusal(b, 'review:save', {
      id: r.id,
      baseVersion: r.version,
      content: { ...edit, actions: [{ ...edit.actions[0], dueDate: '2026-02-30' }] },
    });
    expect(bad.code).toBe('VALIDATION');
    const month13 = await refusal(b, 'review:save', {
      id: r.id,
      baseVersion: r.version,
      content: { ...edit, actions: [{ ...edit.actions[0], dueDate: '2026-13-45' }] },
    });
    expect(month13.code).toBe('VALIDATION');
    const stranger = await refusal(b, 'review:save', {
      id: r.id,
      baseVersion: r.version,
      content: { ...edit, feedback: [{ ...edit.feedback[0], playbookVersion: 99 }] },
    });
    expect(stranger.message).toMatch(/was not run on this incident/);
    expect(
      (await refusal(b, 'review:save', { id: r.id, baseVersion: r.version - 1, content: edit })).code,
    ).toBe('CONFLICT');
  });

  it('publish is refused while an action has no due date, and nothing is half-published', async () => {
    const r = await call(b, 'review:get', { id: reviewId });
    const err = await refusal(b, 'review:publish', { id: r.id, baseVersion: r.version });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/Action 1 \('add a watchdog'\) has no due date/);
    const after = await call(b, 'review:get', { id: reviewId });
    expect(after).toMatchObject({
      status: 'draft',
      version: r.version,
      publishedAt: null,
      contentHash: null,
    });
    expect(b.db.prepare("SELECT count(*) FROM sync_outbox WHERE entity = 'review'").pluck().get()).toBe(0);
  });

  it('publishes: frozen by the database itself, queued for central, listed, a suggestion for the playbook', async () => {
    const r = await call(b, 'review:get', { id: reviewId });
    const { facts: _f, ...edit } = r.content;
    const dated = await call(b, 'review:save', {
      id: r.id,
      baseVersion: r.version,
      content: { ...edit, actions: edit.actions.map((a) => ({ ...a, owner: 'Sam', dueDate: '2030-04-01' })) },
    });
    const published = await call(b, 'review:publish', { id: dated.id, baseVersion: dated.version });
    expect(published.status).toBe('published');
    expect(published.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      b.db
        .prepare("SELECT count(*) FROM sync_outbox WHERE entity = 'review' AND row_id = ?")
        .pluck()
        .get(r.id),
    ).toBe(1);
    expect(() => b.db.prepare("UPDATE incident_reviews SET content = '{}' WHERE id = ?").run(r.id)).toThrow(
      /frozen/,
    );
    expect(() => b.db.prepare('DELETE FROM incident_reviews WHERE id = ?').run(r.id)).toThrow(/frozen/);
    const { facts: _g, ...edit2 } = published.content;
    expect(
      (await refusal(b, 'review:save', { id: r.id, baseVersion: published.version, content: edit2 })).code,
    ).toBe('CONFLICT');
    const list = await call(b, 'review:list', { customerId: published.customer.id });
    expect(list.items.map((i) => [i.id, i.status])).toEqual([[r.id, 'published']]);
    const s = await call(b, 'review:suggestions', { playbookId });
    expect(s.playbooks[0]).toMatchObject({ playbookId, count: 1 });
    expect(s.playbooks[0]?.items[0]).toMatchObject({
      reviewId: r.id,
      verdict: 'wrong',
      note: 'This step cannot work on a hung guest.',
    });
    // A new draft for the same incident on this console is a new document, not the published one.
    expect((await call(b, 'review:draft', { incidentId })).id).not.toBe(r.id);
  });

  it('counts in Insights: share of SEV1/SEV2 incidents reviewed and time from restore to review', async () => {
    const report = await call(b, 'insights:report', {});
    expect(report.reviews.reviewed).toBeGreaterThanOrEqual(1);
    expect(report.reviews.eligible).toBeGreaterThanOrEqual(report.reviews.reviewed);
    expect(report.reviews.medianMinutesToReview).not.toBeNull();
  });

  it('exports Markdown naming each line’s event, and a PDF', async () => {
    const md = await call(b, 'review:export', { id: reviewId, format: 'markdown' });
    expect(md.fileName).toMatch(/\.md$/);
    expect(md.content).toMatch(/## What restored it\n\n- .*rebooted the VM _\(event [0-9a-f-]{36}\)_/);
    expect(md.content).toContain('| add a watchdog _(event');
    if (chromium.missing) return;
    const pdf = await call(b, 'review:export', { id: reviewId, format: 'pdf' });
    const file = path.join(tempDir(), pdf.fileName);
    fs.writeFileSync(file, Buffer.from(pdf.content, 'base64'));
    const text = (await pdfPages(file)).join(' ');
    expect(text).toContain('Review: Shop down');
    expect(text).toContain('rebooted the VM');
    expect(text).toContain('add a watchdog');
  }, 120_000);
});
