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
import { type Db, openDatabase } from '../db/database';
import { firstLine } from '../imports/csv';
import {
  LinkRefused,
  linkGivenMessage,
  listFolder,
  pathKind,
  readFileNoFollow,
  skippedLinkLine,
} from '../imports/noFollow';
import { type ImportPlan, importError } from '../imports/plan';
import { type ImportFile, readSource, runPlan } from '../imports/run';
import { getSetting } from '../settings/settings';
import { type CliIo, openCommandDatabase, UsageError } from './io';
import { readFromNetbox } from './netboxApi';
import { importRunbooksCommand } from './runbooks';

export const IMPORT_HELP = `Usage: lifeline import netbox --url URL --token-env NAME --db PATH [--ca FILE] [--restart]
                              [--page-size N] [--dry-run]
       lifeline import netbox FILE --db PATH [--dry-run]
       lifeline import csv FOLDER --db PATH [--dry-run]
       lifeline import csv FILE (--map MAP.json | --preset NAME) --db PATH [--dry-run]

netbox --url: reads a running NetBox (2.11 to 4.x) through its REST API, GET only, over
verified TLS (the system's CAs; --ca FILE adds a private CA). The API token is read from
the environment variable NAME (never from the command line, never stored). Progress goes
to stderr; a read that fails part-way saves what it read in PATH.netbox-cursor (encrypted)
and the same command continues from there (--restart reads everything again).
--page-size: objects per request (default 500; NetBox caps it at its MAX_PAGE_SIZE).
netbox FILE: a NetBox dump (manage.py dumpdata JSON, 2.11 to 4.x); a pg_dump file is refused.
csv: a folder with one CSV file per entity (customers.csv, assets.csv, contacts.csv,
vendors.csv, ...). Re-importing the same source updates in place, and an API import and a
dump of the same NetBox match the same records. An import is one transaction: any error
writes nothing, and the error names the file, line or object and field. --dry-run shows
what would change. See docs/netbox-import.md and docs/csv-import.md.
csv FILE: a CSV in another layout (an IT Glue or Hudu export) read through a column
mapping: --preset ${PRESETS.map((p) => p.id).join(', ')}, or --map MAP.json
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
  // "left out" only when a reader left records out on purpose: they are not "unchanged".
  const leftOut = summary.counts.some((c) => (c.leftOut ?? 0) > 0);
  const lines = [
    `  ${'entity'.padEnd(14)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}${leftOut ? ` ${'left out'.padStart(9)}` : ''}`,
  ];
  for (const c of summary.counts) {
    lines.push(
      `  ${c.entity.padEnd(14)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.skipped).padStart(10)}${leftOut ? ` ${String(c.leftOut ?? 0).padStart(9)}` : ''}`,
    );
  }
  if (summary.counts.length === 0) lines.push('  (nothing to import)');
  return lines;
}

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'runbooks') return importRunbooksCommand(args.slice(1), io);
  const { values, positionals } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      'dry-run': { type: 'boolean' },
      map: { type: 'string' },
      preset: { type: 'string' },
      url: { type: 'string' },
      'token-env': { type: 'string' },
      ca: { type: 'string' },
      restart: { type: 'boolean' },
      'page-size': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [source, target, ...extra] = positionals;
  if (source !== 'netbox' && source !== 'csv')
    throw new UsageError(
      `say what to import: "netbox FILE", "csv FOLDER" or "runbooks FOLDER"${source ? `, not "${source}"` : ''}.`,
    );
  const api = source === 'netbox' && values.url !== undefined;
  if (api && target)
    throw new UsageError(`give either a dump FILE or --url, not both (got "${target}" and --url).`);
  if (
    !api &&
    (values['token-env'] !== undefined ||
      values.ca !== undefined ||
      values.restart ||
      values['page-size'] !== undefined)
  )
    throw new UsageError('--token-env, --ca, --restart and --page-size go with import netbox --url URL.');
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000))
    throw new UsageError(`--page-size takes a whole number from 1 to 1000, not "${values['page-size']}".`);
  if (!api && !target)
    throw new UsageError(
      source === 'netbox'
        ? 'import netbox needs --url URL --token-env NAME (a running NetBox) or the dump FILE to read.'
        : 'import csv needs the FOLDER to read.',
    );
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}.`);
  const dbGiven = values.db ?? process.env.LIFELINE_DB;
  if (!dbGiven) throw new UsageError('import needs --db PATH (the database to import into).');
  const dbPath = path.resolve(dbGiven);
  const dryRun = values['dry-run'] === true;
  if (api) {
    const read = await readFromNetbox(
      {
        url: values.url ?? '',
        tokenEnv: values['token-env'],
        ca: values.ca,
        restart: values.restart === true,
        pageSize,
      },
      dbPath,
      io,
    );
    return applyToDatabase(read.plan, { source: 'netbox', dbPath, dryRun, what: read.what }, io);
  }
  if (!target) return 2;
  const mapped = values.map !== undefined || values.preset !== undefined;
  if (mapped && source !== 'csv') throw new UsageError('--map and --preset are for import csv.');
  const { files, links } = readFiles(source, target, mapped);
  for (const link of links) io.out(skippedLinkLine(link));
  const [only] = files;
  const mappings =
    mapped && only ? new Map([[only.name, mappingFor(only, values.map, values.preset)]]) : undefined;
  const readWith = (db?: Db) => readSource({ source, files, ...(mappings ? { mappings } : {}) }, db);
  // A bad source is refused before the database is even opened (or created).
  const plan = readWith();
  return applyToDatabase(
    plan,
    {
      source,
      dbPath,
      dryRun,
      what: path.basename(path.resolve(target)),
      ...(mappings ? { readWith } : {}),
    },
    io,
  );
}

interface ApplyTarget {
  readonly source: 'netbox' | 'csv';
  readonly dbPath: string;
  readonly dryRun: boolean;
  /** What was imported, for the summary line: a file name, or the NetBox host. */
  readonly what: string;
  /** A mapped CSV is read again against the database it goes into: its customers are matched there by name. */
  readonly readWith?: (db: Db) => ImportPlan;
}

/** Checks a plan against an empty database when the file is new, then applies it in one transaction. */
function applyToDatabase(plan: ImportPlan, t: ApplyTarget, io: CliIo): number {
  const { source, dbPath, dryRun } = t;
  // A new database is only made once the import has been checked against an empty one.
  const isNew = !fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0;
  if (isNew) {
    const probe = openDatabase(':memory:').db;
    try {
      runPlan(probe, t.readWith?.(probe) ?? plan, { source, dryRun: true, author: 'check' });
    } finally {
      probe.close();
    }
    if (dryRun) io.out(`${dbPath} does not exist yet: previewing against an empty database.`);
  }
  const { db } = openCommandDatabase(isNew && dryRun ? ':memory:' : dbPath);
  try {
    const author = getSetting(db, 'engineer_name') ?? os.userInfo().username;
    const started = performance.now();
    const { summary, records } = runPlan(db, t.readWith?.(db) ?? plan, { source, dryRun, author });
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : records;
    const label = source === 'netbox' ? 'NetBox' : 'CSV';
    io.out(
      `${label} import of ${t.what} ${dryRun ? '(dry run) ' : ''}into ${dbPath}: ${records} records in ${seconds.toFixed(2)} s (${rate} records/s)`,
    );
    for (const line of formatSummary(summary)) io.out(line);
    for (const w of summary.warnings) io.out(`Warning: ${w}`);
    io.out(dryRun ? 'Dry run: nothing was written.' : 'Written in one transaction.');
    return 0;
  } finally {
    db.close();
  }
}
