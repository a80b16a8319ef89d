/** `lifeline import netbox FILE | csv FOLDER | runbooks FOLDER --db PATH [--dry-run]`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CsvMapping,
  detectPreset,
  mappingFromPreset,
  PRESETS,
  presetById,
} from '../../../shared/catalog/csvMapping';
import { CsvMappingSchema, issuePath } from '../../../shared/catalog/csvMappingSchema';
import type { ImportSummary } from '../../../shared/catalog/schemas';
import { openDatabase } from '../db/database';
import { firstLine } from '../imports/csv';
import {
  LinkRefused,
  linkGivenMessage,
  listFolder,
  pathKind,
  readFileNoFollow,
  skippedLinkLine,
} from '../imports/noFollow';
import { importError } from '../imports/plan';
import { type ImportFile, readSource, runImport } from '../imports/run';
import { getSetting } from '../settings/settings';
import { type CliIo, openCommandDatabase, UsageError } from './io';
import { importRunbooksCommand } from './runbooks';

export const IMPORT_HELP = `Usage: lifeline import netbox FILE --db PATH [--dry-run]
       lifeline import csv FOLDER --db PATH [--dry-run]
       lifeline import csv FILE (--map MAP.json | --preset NAME) --db PATH [--dry-run]

netbox: a NetBox 3.x dump (manage.py dumpdata JSON). csv: a folder with one CSV file per
entity (customers.csv, assets.csv, contacts.csv, vendors.csv, ...). Re-importing the same
source updates in place. An import is one transaction: any error writes nothing, and the
error names the file, line or object and field. --dry-run shows what would change.
The CSV headers are documented in docs/csv-import.md.
A CSV in another layout (an IT Glue or Hudu export) is read through a column mapping:
--preset ${PRESETS.map((p) => p.id).join(', ')}, or --map MAP.json
(docs/csv-import.md, "Mapped CSV"; the Import screen writes the same format).`;

/** The mapping for a single CSV file: a --map file (checked with zod, errors with their path) or a preset. */
function mappingFor(file: ImportFile, mapPath: string | undefined, presetId: string | undefined): CsvMapping {
  if (mapPath && presetId) throw new UsageError('give --map FILE or --preset NAME, not both.');
  if (presetId) {
    const preset = presetById(presetId);
    if (!preset)
      throw new UsageError(`unknown preset "${presetId}"; presets: ${PRESETS.map((p) => p.id).join(', ')}.`);
    return mappingFromPreset(preset, firstLine(file.content));
  }
  const full = path.resolve(mapPath ?? '');
  const kind = pathKind(full);
  if (kind === 'missing') throw new UsageError(`${full} does not exist.`);
  if (kind === 'link') throw new UsageError(linkGivenMessage(full));
  if (kind === 'folder') throw new UsageError(`${full} is a folder; --map takes the mapping's JSON file.`);
  const name = path.basename(full);
  let json: unknown;
  try {
    json = JSON.parse(readFileNoFollow(full));
  } catch (err) {
    if (err instanceof LinkRefused) throw new UsageError(err.message);
    throw importError([`${name}: not valid JSON (${err instanceof Error ? err.message : String(err)})`]);
  }
  const parsed = CsvMappingSchema.safeParse(json);
  if (!parsed.success)
    throw importError(parsed.error.issues.map((i) => `${name}, ${issuePath(i.path)}: ${i.message}`));
  return parsed.data;
}

/** The files an import reads, never following a link: links in the folder are skipped and named. */
function readFiles(
  source: 'netbox' | 'csv',
  given: string,
  mapped: boolean,
): { files: ImportFile[]; links: string[] } {
  const full = path.resolve(given);
  const kind = pathKind(full);
  if (kind === 'missing') throw new UsageError(`${full} does not exist.`);
  if (kind === 'link') throw new UsageError(linkGivenMessage(full));
  const isDir = kind === 'folder';
  const read = (file: string) => {
    try {
      return readFileNoFollow(file);
    } catch (err) {
      if (err instanceof LinkRefused) throw new UsageError(err.message);
      throw err;
    }
  };
  if (source === 'netbox') {
    if (isDir) throw new UsageError(`${full} is a folder; give the NetBox JSON dump file.`);
    return { files: [{ name: path.basename(full), content: read(full) }], links: [] };
  }
  if (!isDir && mapped) return { files: [{ name: path.basename(full), content: read(full) }], links: [] };
  if (mapped) throw new UsageError(`${full} is a folder; --map and --preset take one CSV file.`);
  if (!isDir) {
    const preset = detectPreset(firstLine(read(full)));
    throw new UsageError(
      preset
        ? `${full} looks like an ${preset.label} export: add --preset ${preset.id} (or --map MAP.json) to import it.`
        : `${full} is a file; give the folder that holds the CSV files, or map this one's columns with --map MAP.json.`,
    );
  }
  const entries = listFolder(full);
  return {
    files: entries
      .filter((e) => e.kind === 'file')
      .map((e) => ({ name: e.name, content: read(path.join(full, e.name)) })),
    links: entries.filter((e) => e.kind === 'link').map((e) => e.name),
  };
}

export function formatSummary(summary: ImportSummary): string[] {
  const lines = [
    `  ${'entity'.padEnd(14)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}`,
  ];
  for (const c of summary.counts) {
    lines.push(
      `  ${c.entity.padEnd(14)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.skipped).padStart(10)}`,
    );
  }
  if (summary.counts.length === 0) lines.push('  (nothing to import)');
  return lines;
}

export function importCommand(args: string[], io: CliIo): number {
  if (args[0] === 'runbooks') return importRunbooksCommand(args.slice(1), io);
  const { values, positionals } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      'dry-run': { type: 'boolean' },
      map: { type: 'string' },
      preset: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [source, target, ...extra] = positionals;
  if (source !== 'netbox' && source !== 'csv')
    throw new UsageError(
      `say what to import: "netbox FILE", "csv FOLDER" or "runbooks FOLDER"${source ? `, not "${source}"` : ''}.`,
    );
  if (!target)
    throw new UsageError(`import ${source} needs the ${source === 'netbox' ? 'FILE' : 'FOLDER'} to read.`);
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}.`);
  const dbGiven = values.db ?? process.env.LIFELINE_DB;
  if (!dbGiven) throw new UsageError('import needs --db PATH (the database to import into).');
  const dbPath = path.resolve(dbGiven);
  const dryRun = values['dry-run'] === true;
  const mapped = values.map !== undefined || values.preset !== undefined;
  if (mapped && source !== 'csv') throw new UsageError('--map and --preset are for import csv.');
  const { files, links } = readFiles(source, target, mapped);
  for (const link of links) io.out(skippedLinkLine(link));
  const [only] = files;
  const mappings =
    mapped && only ? new Map([[only.name, mappingFor(only, values.map, values.preset)]]) : undefined;
  const withMappings = mappings ? { mappings } : {};

  // A bad source is refused before the database is even opened (or created): a new
  // database is only made once the import has been checked against an empty one.
  readSource({ source, files, ...withMappings });
  const isNew = !fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0;
  if (isNew) {
    const probe = openDatabase(':memory:').db;
    try {
      runImport(probe, { source, files, dryRun: true, author: 'check', ...withMappings });
    } finally {
      probe.close();
    }
    if (dryRun) io.out(`${dbPath} does not exist yet: previewing against an empty database.`);
  }
  const { db } = openCommandDatabase(isNew && dryRun ? ':memory:' : dbPath);
  try {
    const author = getSetting(db, 'engineer_name') ?? os.userInfo().username;
    const started = performance.now();
    const { summary, records } = runImport(db, { source, files, dryRun, author, ...withMappings });
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : records;
    const label = source === 'netbox' ? 'NetBox' : 'CSV';
    io.out(
      `${label} import of ${path.basename(path.resolve(target))} ${dryRun ? '(dry run) ' : ''}into ${dbPath}: ${records} records in ${seconds.toFixed(2)} s (${rate} records/s)`,
    );
    for (const line of formatSummary(summary)) io.out(line);
    for (const w of summary.warnings) io.out(`Warning: ${w}`);
    io.out(dryRun ? 'Dry run: nothing was written.' : 'Written in one transaction.');
    return 0;
  } finally {
    db.close();
  }
}
