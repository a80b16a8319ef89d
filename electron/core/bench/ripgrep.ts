/**
 * The same corpus as plain Markdown files (one per customer with its assets and contacts,
 * one for vendors, one per playbook) searched by ripgrep: what an engineer without
 * Lifeline would grep through. Each search is a whole `rg` run, as it would be typed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import { renderPlaybookFiles } from '../playbooks/markdown/export';
import type { BenchQuery } from './queries';

export function ripgrepVersion(): string | null {
  try {
    const out = execFileSync('rg', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n')[0]?.trim() ?? null;
  } catch {
    return null;
  }
}

const list = (json: string): string => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.join(', ') : '';
  } catch {
    return '';
  }
};

/** Writes the corpus under `folder`; returns the number of files. */
export function exportCorpus(db: Db, folder: string): number {
  fs.mkdirSync(folder, { recursive: true });
  let files = 0;
  const customers = db
    .prepare(
      `SELECT id, code, name, tier, notes, support_hours, tags FROM customers WHERE deleted_at IS NULL ORDER BY code`,
    )
    .all() as Array<{
    id: string;
    code: string;
    name: string;
    tier: string;
    notes: string | null;
    support_hours: string | null;
    tags: string;
  }>;
  const assets = db.prepare(
    `SELECT name, hostname, ip_addresses, kind, platform, model, serial, tags, access_notes, attributes
       FROM assets WHERE customer_id = ? AND deleted_at IS NULL ORDER BY name`,
  );
  const contacts = db.prepare(
    `SELECT name, role, phone, email, notes FROM contacts WHERE customer_id = ? AND deleted_at IS NULL
      ORDER BY escalation_order`,
  );
  for (const c of customers) {
    const lines = [
      `# ${c.name} (${c.code})`,
      '',
      `Tier: ${c.tier}. Support hours: ${c.support_hours ?? '—'}. Tags: ${list(c.tags)}`,
      '',
      c.notes ?? '',
      '',
      '## Contacts',
      '',
    ];
    for (const ct of contacts.all(c.id) as Array<Record<string, string | null>>)
      lines.push(`- ${ct.name} — ${ct.role}, ${ct.phone ?? ''}, ${ct.email ?? ''}. ${ct.notes ?? ''}`);
    lines.push('', '## Assets', '');
    for (const a of assets.all(c.id) as Array<Record<string, string | null>>) {
      lines.push(
        `### ${a.name}`,
        '',
        `- kind: ${a.kind}`,
        `- host name: ${a.hostname ?? ''}`,
        `- IP: ${list(a.ip_addresses ?? '[]')}`,
        `- platform: ${a.platform ?? ''}; model: ${a.model ?? ''}; serial: ${a.serial ?? ''}`,
        `- tags: ${list(a.tags ?? '[]')}`,
        `- access: ${a.access_notes ?? ''}`,
        `- attributes: ${a.attributes ?? ''}`,
        '',
      );
    }
    fs.writeFileSync(path.join(folder, `${c.code}.md`), lines.join('\n'));
    files++;
  }
  const vendors = db
    .prepare(
      'SELECT name, support_phone, support_email, website FROM vendors WHERE deleted_at IS NULL ORDER BY name',
    )
    .all() as Array<Record<string, string | null>>;
  fs.writeFileSync(
    path.join(folder, 'vendors.md'),
    [
      '# Vendors',
      '',
      ...vendors.map(
        (v) => `- ${v.name}: ${v.support_phone ?? ''} ${v.support_email ?? ''} ${v.website ?? ''}`,
      ),
    ].join('\n'),
  );
  files++;
  const pbDir = path.join(folder, 'playbooks');
  for (const [rel, content] of renderPlaybookFiles(db)) {
    const file = path.join(pbDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    files++;
  }
  return files;
}

/** Wall time of `rg -i -F -l QUERY folder` per query, in ms (process start included). */
export function sampleRipgrep(folder: string, queries: readonly BenchQuery[], reps: number): number[] {
  const run = (q: string) =>
    spawnSync('rg', ['--ignore-case', '--fixed-strings', '--files-with-matches', '--', q, folder], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
  for (const q of queries.slice(0, 3)) run(q.text); // page cache warm
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const q of queries) {
      const t0 = performance.now();
      const res = run(q.text);
      times.push(performance.now() - t0);
      if (res.error) throw res.error;
    }
  }
  return times;
}
