import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/core/cli/io';
import { exportCommand } from '../../electron/core/cli/runbooks';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { buildGobag, gobagHash } from '../../electron/core/playbooks/gobag';
import { escapeHtml } from '../../electron/core/playbooks/gobag-html';
import { OverlayBody } from '../../shared/playbooks/model';
import { pdfPages } from '../helpers/pdf';
import { dumpDatabase, tempDir } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const NOW = new Date('2025-03-04T09:30:00Z');

function demoDb(): { db: Db; file: string } {
  const file = path.join(tempDir(), 'demo.db');
  const { db } = openDatabase(file);
  generateDemo(db, { customers: 12, seed: 7, now: NOW });
  return { db, file };
}

/** A customer with an overlay that adds or replaces a step, and that overlay. */
function customerWithOverlay(db: Db): {
  customerId: string;
  code: string;
  playbookTitle: string;
  body: OverlayBody;
} {
  const rows = db
    .prepare(
      `SELECT o.customer_id, c.code, p.title, o.body FROM overlays o
         JOIN customers c ON c.id = o.customer_id JOIN playbooks p ON p.id = o.playbook_id
        WHERE o.deleted_at IS NULL ORDER BY c.code, p.title`,
    )
    .all() as Array<{ customer_id: string; code: string; title: string; body: string }>;
  for (const r of rows) {
    const body = OverlayBody.parse(JSON.parse(r.body));
    if (Object.values(body.steps).some((c) => 'addAfter' in c || 'replace' in c))
      return { customerId: r.customer_id, code: r.code, playbookTitle: r.title, body };
  }
  throw new Error('the demo data has no overlay that adds or replaces a step');
}

function contactsOf(db: Db, customerId: string) {
  return db
    .prepare(
      'SELECT name, phone FROM contacts WHERE customer_id = ? AND deleted_at IS NULL ORDER BY escalation_order, name',
    )
    .all(customerId) as Array<{ name: string; phone: string | null }>;
}

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

describe('customer go-bag', () => {
  it('Markdown: recovery card with contacts in escalation order, the effective playbooks, and a hash that verifies', () => {
    const { db } = demoDb();
    const c = customerWithOverlay(db);
    const before = dumpDatabase(db);
    const bag = buildGobag(db, c.customerId, 'md', NOW);
    expect(dumpDatabase(db)).toBe(before);
    expect(bag.fileName).toBe(`gobag-${c.code}-2025-03-04.md`);
    expect(bag.generatedAt).toBe(NOW.toISOString());

    const text = bag.content;
    expect(text).toContain(`Generated at 2025-03-04 09:30:00 UTC · SHA-256 ${bag.sha256}`);
    // The hash is over the content without the "Generated at … · SHA-256 …" line.
    const lines = text.split('\n');
    const stamp = lines.findIndex((l) => l.startsWith('Generated at '));
    expect(sha(lines.filter((_l, i) => i !== stamp).join('\n'))).toBe(bag.sha256);
    expect(gobagHash(text)).toBe(bag.sha256);
    expect(gobagHash(text.replace('## Recovery card', '## Recovery kard'))).not.toBe(bag.sha256);

    // Contacts in escalation order, with phones.
    const contacts = contactsOf(db, c.customerId);
    expect(contacts.length).toBeGreaterThan(0);
    let at = 0;
    for (const x of contacts) {
      const i = text.indexOf(`| ${x.name} |`, at);
      expect(i).toBeGreaterThan(at);
      if (x.phone) expect(text.slice(i, text.indexOf('\n', i))).toContain(x.phone);
      at = i;
    }
    expect(text).toContain('**Restore targets:**');
    expect(text).toContain('### Vendors and support contracts');

    // The customized playbook is in, with the overlay applied.
    expect(text).toContain(`### 1. ${c.playbookTitle}`);
    const change = Object.values(c.body.steps).find((x) => 'addAfter' in x || 'replace' in x);
    if (change && 'addAfter' in change) {
      expect(text).toContain(`: ${change.addAfter[0]?.title}`);
      expect(text).toContain(`added for ${c.code}`);
    } else if (change && 'replace' in change) {
      expect(text).toContain(`changed for ${c.code}`);
    }
    // Same inputs, same bytes.
    expect(buildGobag(db, c.customerId, 'md', NOW).content).toBe(text);
  });

  it('HTML: self-contained and printable, no scripts or remote loads, same facts and a verifying hash', () => {
    const { db } = demoDb();
    const c = customerWithOverlay(db);
    const bag = buildGobag(db, c.customerId, 'html', NOW);
    const html = bag.content;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<style>[\s\S]*@page[\s\S]*<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\(/i);
    expect(html).toContain(
      `<p class="stamp">Generated at 2025-03-04 09:30:00 UTC · SHA-256 ${bag.sha256}</p>`,
    );
    expect(gobagHash(html)).toBe(bag.sha256);
    for (const x of contactsOf(db, c.customerId)) expect(html).toContain(escapeHtml(x.name));
    expect(html).toContain(`>1. ${escapeHtml(c.playbookTitle)}</h2>`);
    expect(bag.fileName.endsWith('.html')).toBe(true);
  });

  it('an unknown customer is a clear NOT_FOUND', () => {
    const { db } = demoDb();
    expect(() => buildGobag(db, '01900000-0000-7000-8000-000000000000', 'md', NOW)).toThrow(/No customer/);
  });

  it.skipIf(chromium.missing)('PDF through the export command (Chromium headless)', async () => {
    const { db, file } = demoDb();
    const c = customerWithOverlay(db);
    const contacts = contactsOf(db, c.customerId);
    db.close();
    const out = path.join(tempDir(), 'bag.pdf');
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), staticDir: '' };
    expect(await exportCommand(['gobag', c.code, '--db', file, '--out', out], io)).toBe(0);
    expect(lines[0]).toMatch(/^Go-bag written to .*bag\.pdf: generated .*, SHA-256 [0-9a-f]{64}\.$/);
    const pdf = fs.readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // The printed pages say what the HTML says: the contacts and the playbook, in order.
    const printed = (await pdfPages(out)).join(' ');
    for (const x of contacts) expect(printed).toContain(x.name);
    expect(printed).toContain(`1. ${c.playbookTitle}`);
    if (process.env.LIFELINE_KEEP_GOBAG) fs.copyFileSync(out, process.env.LIFELINE_KEEP_GOBAG);

    const md = path.join(tempDir(), 'bag.md');
    expect(await exportCommand(['gobag', c.code, '--db', file, '--out', md], io)).toBe(0);
    expect(fs.readFileSync(md, 'utf8')).toContain(`# Go-bag:`);
    await expect(
      exportCommand(['gobag', c.code, '--db', file, '--out', path.join(tempDir(), 'x.docx')], io),
    ).rejects.toThrow(/must end in .md, .html or .pdf/);
  });
});
