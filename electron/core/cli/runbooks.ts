/**
 * `lifeline import runbooks FOLDER --db PATH [--dry-run]` and
 * `lifeline export playbooks FOLDER --db PATH` / `lifeline export gobag CUSTOMER --db PATH --out FILE`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LifelineError } from '../../../shared/api/result';
import type { Db } from '../db/database';
import { skippedLinkLine } from '../imports/noFollow';
import { buildGobag } from '../playbooks/gobag';
import { renderPdf } from '../playbooks/gobag-pdf';
import type { GobagFormat } from '../playbooks/gobag-types';
import { exportPlaybooks } from '../playbooks/markdown/export';
import { importPlaybookFolder } from '../playbooks/markdown/importFolder';
import type { SourceProblem } from '../playbooks/markdown/parse';
import { type CliIo, dbFile, UsageError, withDb } from './io';

export const IMPORT_RUNBOOKS_HELP = `Usage: lifeline import runbooks FOLDER --db PATH [--dry-run]

Imports every Markdown runbook under FOLDER (with or without YAML front matter) as a core
playbook. Alert runbooks (Meaning / Impact / Diagnosis / Mitigation) become: Mitigation →
restore steps first, Diagnosis → check steps after them, Meaning and Impact → the summary;
code blocks become step commands. _index.md and README files are skipped. Files exported by
"lifeline export playbooks" (front matter "lifeline: playbook/1") and their overlays are
read exactly, keeping their ids; overlays name their customer by code.
Re-importing the same folder updates in place (a changed runbook becomes a new version).
One transaction: any error writes nothing and names the file and line. --dry-run shows
what would change and writes nothing.`;

export const EXPORT_HELP = `Usage: lifeline export playbooks FOLDER --db PATH
       lifeline export gobag CUSTOMER --db PATH --out FILE

playbooks: every playbook as Markdown with front matter, one file per playbook and its
customer overlays beside it in NAME.overlays/CODE.yaml, for keeping in git. The output
depends only on the data: exporting twice, or export → import → export, gives the same bytes.

gobag: CUSTOMER (its code) → one document for printing or carrying when everything else is
down: the recovery card (contacts in escalation order, vendors and contracts, restore
targets, maintenance windows, environments, restore order) and every playbook that applies
to the customer with its overlay applied. FILE ending .md, .html or .pdf (PDF is printed
by Chromium at /usr/bin/chromium).`;

const where = (p: SourceProblem) => `${p.file}${p.line !== null ? `:${p.line}` : ''}`;

export function importRunbooksCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one FOLDER of Markdown runbooks.');
  const folder = path.resolve(positionals[0] ?? '');
  const file = dbFile(values.db, false, 'the database to export from');
  const dryRun = values['dry-run'] === true;
  const report = withDb(file, (db) =>
    importPlaybookFolder(db, folder, { dryRun, author: `${os.userInfo().username} (import)` }),
  );
  for (const link of report.links) io.out(skippedLinkLine(link));
  for (const w of report.warnings) io.out(`warning: ${where(w)}: ${w.message}`);
  if (report.errors.length > 0) {
    for (const e of report.errors) io.err(`${where(e)}: ${e.message}`);
    io.err(
      `${report.errors.length} error${report.errors.length === 1 ? '' : 's'} in ${folder}; nothing was written.`,
    );
    return 1;
  }
  const count = (kind: 'playbook' | 'overlay', action: string) =>
    report.items.filter(
      (i) => (kind === 'overlay' ? i.kind === 'overlay' : i.kind !== 'overlay') && i.action === action,
    ).length;
  const line = (kind: 'playbook' | 'overlay') =>
    `${count(kind, 'created')} created, ${count(kind, 'updated')} updated, ${count(kind, 'unchanged')} unchanged`;
  const playbooks = report.items.filter((i) => i.kind !== 'overlay').length;
  const overlays = report.items.length - playbooks;
  io.out(
    `${dryRun ? 'Dry run, nothing written: would import' : 'Imported'} ${playbooks} playbook${playbooks === 1 ? '' : 's'} from ${folder}: ${line('playbook')}.`,
  );
  if (overlays > 0) io.out(`Overlays: ${line('overlay')}.`);
  if (report.skipped.length > 0)
    io.out(
      `Skipped ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} that are not runbooks (_index.md, README).`,
    );
  if (report.warnings.length > 0)
    io.out(
      `${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'} above: review those playbooks.`,
    );
  return 0;
}

function formatOf(out: string): GobagFormat | 'pdf' {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  throw new UsageError(`--out must end in .md, .html or .pdf, got "${path.basename(out)}".`);
}

function customerIdFor(db: Db, given: string): string {
  const row = db
    .prepare(
      `SELECT id FROM customers WHERE deleted_at IS NULL AND (id = ? OR code = ? COLLATE NOCASE)
        ORDER BY code = ? DESC LIMIT 1`,
    )
    .get(given, given, given) as { id: string } | undefined;
  if (!row)
    throw new LifelineError(
      'NOT_FOUND',
      `No customer with code "${given}". Run "lifeline search ${given} --db PATH" to find its code.`,
    );
  return row.id;
}

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'playbooks') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { db: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1)
      throw new UsageError('give exactly one FOLDER to export the playbooks into.');
    const file = dbFile(values.db, true, 'the database to export from');
    const report = withDb(file, (db) => exportPlaybooks(db, positionals[0] ?? ''));
    io.out(
      `Exported ${report.playbooks} playbook${report.playbooks === 1 ? '' : 's'} and ${report.overlays} overlay${report.overlays === 1 ? '' : 's'} to ${report.folder}.`,
    );
    if (report.removed.length > 0)
      io.out(
        `Removed ${report.removed.length} file${report.removed.length === 1 ? '' : 's'} of playbooks no longer in the database: ${report.removed.join(', ')}.`,
      );
    return 0;
  }
  if (what === 'gobag') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { db: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one CUSTOMER code.');
    if (!values.out) throw new UsageError('needs --out FILE (.md, .html or .pdf).');
    const out = path.resolve(values.out);
    const format = formatOf(out);
    const file = dbFile(values.db, true, 'the database to export from');
    const bag = withDb(file, (db) =>
      buildGobag(db, customerIdFor(db, positionals[0] ?? ''), format === 'pdf' ? 'html' : format, new Date()),
    );
    fs.mkdirSync(path.dirname(out), { recursive: true });
    if (format === 'pdf') await renderPdf(bag.content, out);
    else fs.writeFileSync(out, bag.content, 'utf8');
    io.out(`Go-bag written to ${out}: generated ${bag.generatedAt}, SHA-256 ${bag.sha256}.`);
    return 0;
  }
  throw new UsageError(
    what
      ? `unknown export "${what}": use "export playbooks FOLDER" or "export gobag CUSTOMER".`
      : 'say what to export: playbooks or gobag.',
  );
}
