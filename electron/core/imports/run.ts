/** One import, from files in memory to a summary: shared by the `import:run` call and the CLI. */

import type { CsvMapping } from '../../../shared/catalog/csvMapping';
import type { ImportSummary } from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';
import { applyPlan } from './apply';
import { type CustomerDirectory, readCsvFolder } from './csv';
import { readNetbox } from './netbox';
import { ENTITY_ORDER, type ImportPlan, importError } from './plan';

export interface ImportFile {
  readonly name: string;
  readonly content: string;
}

export interface ImportOptions {
  readonly source: 'netbox' | 'csv';
  readonly files: readonly ImportFile[];
  readonly dryRun: boolean;
  readonly author: string;
  /** CSV files read through a column mapping (IT Glue, Hudu, any spreadsheet), by file name. */
  readonly mappings?: ReadonlyMap<string, CsvMapping>;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export interface ImportOutcome {
  readonly summary: ImportSummary;
  /** Records read from the source and checked, for rows/s. */
  readonly records: number;
}

/** Reads the source into a plan; touches no database, so a bad file fails before any open. */
export function readSource(
  opts: Pick<ImportOptions, 'source' | 'files' | 'onProgress' | 'mappings'>,
  db?: Db,
): ImportPlan {
  switch (opts.source) {
    case 'netbox': {
      const json = opts.files.filter((f) => !/\.(md|txt)$/i.test(f.name));
      const file = json[0];
      if (json.length !== 1 || !file) {
        throw importError([
          `a NetBox import takes one JSON file (manage.py dumpdata), got ${json.length}: ${json.map((f) => f.name).join(', ') || 'none'}`,
        ]);
      }
      opts.onProgress?.('reading', 0, 1);
      return readNetbox(file.name, file.content, (done, total) => opts.onProgress?.('reading', done, total));
    }
    case 'csv':
      opts.onProgress?.('reading', 0, opts.files.length);
      return readCsvFolder(opts.files, (done, total) => opts.onProgress?.('reading', done, total), {
        ...(opts.mappings ? { mappings: opts.mappings } : {}),
        ...(db ? { customers: customerDirectory(db) } : {}),
      });
  }
}

/** Customers by name for a mapped file's organization/company column: a name, else a code, matches. */
export function customerDirectory(db: Db): CustomerDirectory {
  const byName = db.prepare(
    'SELECT code FROM customers WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
  );
  const byCode = db.prepare('SELECT code FROM customers WHERE code = ? AND deleted_at IS NULL');
  const code = (row: unknown) => (row as { code: string } | undefined)?.code;
  return {
    codeOf: (name) => code(byName.get(name)) ?? code(byCode.get(name.trim().toUpperCase())),
    codeTaken: (c) => byCode.get(c) !== undefined,
  };
}

export function runImport(db: Db, opts: ImportOptions): ImportOutcome {
  const started = performance.now();
  return runPlan(db, readSource(opts, db), opts, started);
}

/** Applies a plan read elsewhere (the NetBox API reader) as `runImport` applies a file's. */
export function runPlan(
  db: Db,
  plan: ImportPlan,
  opts: Pick<ImportOptions, 'source' | 'dryRun' | 'author' | 'onProgress'>,
  started = performance.now(),
): ImportOutcome {
  const result = applyPlan(db, plan, {
    dryRun: opts.dryRun,
    author: opts.author,
    now: new Date().toISOString(),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const counts = ENTITY_ORDER.map((entity): ImportSummary['counts'][number] => {
    const c = result.counts.get(entity) ?? { created: 0, updated: 0, skipped: 0, leftOut: 0 };
    const counted = { entity, created: c.created, updated: c.updated, skipped: c.skipped };
    return c.leftOut > 0 ? { ...counted, leftOut: c.leftOut } : counted;
  }).filter((c) => c.created + c.updated + c.skipped + (c.leftOut ?? 0) > 0);
  return {
    summary: {
      source: opts.source,
      dryRun: opts.dryRun,
      counts,
      warnings: [...result.warnings],
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    },
    records: result.records,
  };
}
