/**
 * `lifeline export handover ID --db PATH --out FILE` and `lifeline import handover FILE --db PATH`.
 * Both functions take the arguments that follow the word "handover".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LifelineError } from '../../../shared/api/result';
import { handoverMarkdown } from '../../../shared/handover/markdown';
import type { Db } from '../db/database';
import { escapeLike } from '../db/like';
import { exportBundle, importBundle } from '../handover/bundle';
import { activeEngineerName } from '../handover/engineers';
import { pdfBytes } from '../handover/service';
import { getHandover } from '../handover/store';
import { linkGivenMessage, pathKind, readFileNoFollow } from '../imports/noFollow';
import { type CliIo, dbFile, UsageError, withDb } from './io';

export const EXPORT_HANDOVER_HELP = `Usage: lifeline export handover ID --db PATH --out FILE

Writes a shift handover (ID, or a unique start of it of at least 8 characters) by what
FILE ends with:
  .md    Markdown: the items by section, questions and answers, who accepted what and when
  .pdf   the same, print-quality, printed by Chromium (/usr/bin/chromium or LIFELINE_CHROMIUM)
  .json  a handover bundle for a console with no central store: the frozen handover and
         every act of its review, with a SHA-256 over both. Only submitted handovers.`;

export const IMPORT_HANDOVER_HELP = `Usage: lifeline import handover FILE --db PATH

Imports a handover bundle (made by "lifeline export handover ID --out FILE.json" or the
console's Export bundle button). Importing the same bundle again changes nothing; a later
bundle of the same handover adds only the acts recorded since. A bundle that was changed
or cut short is refused and nothing is written. Incidents the handover refers to that this
console does not have are not created: the handover carries their summaries.`;

function resolveId(db: Db, given: string): string {
  const id = given.trim().toLowerCase();
  if (id.length < 8) throw new UsageError('give the handover id (or at least its first 8 characters).');
  const rows = db
    .prepare("SELECT id FROM handovers WHERE deleted_at IS NULL AND id LIKE ? ESCAPE '\\' LIMIT 2")
    .all(`${escapeLike(id)}%`) as Array<{ id: string }>;
  const [first, second] = rows;
  if (!first) throw new LifelineError('NOT_FOUND', `No handover with id "${given}" in this database.`);
  if (second)
    throw new LifelineError('VALIDATION', `"${given}" matches more than one handover: give more of the id.`);
  return first.id;
}

type Format = 'markdown' | 'pdf' | 'bundle';

function formatOf(file: string): Format {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.json') return 'bundle';
  throw new UsageError('--out FILE must end in .md, .pdf or .json (a handover bundle).');
}

export async function exportHandoverCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one handover ID.');
  if (!values.out) throw new UsageError('needs --out FILE (.md, .pdf or .json).');
  const out = path.resolve(values.out);
  const format = formatOf(out);
  const file = dbFile(values.db, true, "the console's database");
  const made = withDb(file, (db) => {
    const h = getHandover(db, resolveId(db, positionals[0] ?? ''));
    const who = activeEngineerName(db) ?? os.userInfo().username;
    if (format === 'bundle') return { h, text: exportBundle(db, h.id, who) };
    if (format === 'markdown') return { h, text: handoverMarkdown(h) };
    return { h, text: null };
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (made.text === null) fs.writeFileSync(out, await pdfBytes(made.h));
  else fs.writeFileSync(out, made.text, 'utf8');
  const status =
    made.h.status === 'acknowledged'
      ? `acknowledged by ${made.h.acknowledgedBy ?? '?'}`
      : made.h.status === 'submitted'
        ? 'not acknowledged yet'
        : 'draft';
  io.out(
    `Handover ${made.h.id} by ${made.h.from.name} (${made.h.items.length} item${made.h.items.length === 1 ? '' : 's'}, ${status}) written to ${out}.`,
  );
  return 0;
}

export function importHandoverCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one bundle FILE.');
  const bundleFile = path.resolve(positionals[0] ?? '');
  const kind = pathKind(bundleFile);
  if (kind === 'link') throw new UsageError(linkGivenMessage(bundleFile));
  if (kind !== 'file')
    throw new LifelineError(
      'NOT_FOUND',
      `${bundleFile} is not a file; give the .json bundle exported by the other console.`,
    );
  const content = readFileNoFollow(bundleFile);
  if (content.trim() === '')
    throw new LifelineError('VALIDATION', `${bundleFile} is empty: nothing was imported.`);
  const file = dbFile(values.db, false, "the console's database");
  const r = withDb(file, (db) => importBundle(db, content));
  const acts = `${r.eventsAdded} new act${r.eventsAdded === 1 ? '' : 's'} of review`;
  io.out(
    r.created
      ? `Imported handover ${r.handoverId} with ${acts}.`
      : r.eventsAdded > 0
        ? `Handover ${r.handoverId} was already here: added ${acts}.`
        : `Handover ${r.handoverId} was already here with every act: nothing changed.`,
  );
  if (r.missingIncidents > 0)
    io.out(
      `${r.missingIncidents} incident${r.missingIncidents === 1 ? '' : 's'} it refers to ${r.missingIncidents === 1 ? 'is' : 'are'} not on this console: the handover carries their summaries.`,
    );
  return 0;
}
