/**
 * Mappings remembered for next time: the same header set (any order, any case) is offered
 * the mapping that last imported it. Kept in the console's settings table (local, not
 * synced: a mapping is how this desk reads an export, not catalog data).
 */

import { CSV_FILES } from '../../../shared/catalog/csvColumns';
import {
  type ColumnRule,
  type CsvMapping,
  detectPreset,
  guessMapping,
  headerKey,
  mappingFromPreset,
  normaliseColumn,
} from '../../../shared/catalog/csvMapping';
import { CsvMappingSchema } from '../../../shared/catalog/csvMappingSchema';
import type { Db } from '../db/database';
import { getSetting, setSetting } from '../settings/settings';
import { firstLine, readCsvRecords } from './csv';
import { Problems } from './plan';

const KEY_PREFIX = 'csv_mapping:';
const SAMPLE_ROWS = 5;
const FEW_VALUES = 30;

function distinctValues(
  header: readonly string[],
  rows: ReadonlyArray<{ readonly cells: readonly string[] }>,
) {
  const out: Record<string, string[]> = {};
  header.forEach((column, i) => {
    const seen = new Map<string, string>();
    for (const r of rows) {
      const v = (r.cells[i] ?? '').trim();
      if (v !== '' && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
      if (seen.size > FEW_VALUES) return;
    }
    out[column] = [...seen.values()];
  });
  return out;
}

export function savedMapping(db: Db, header: readonly string[]): CsvMapping | null {
  const raw = getSetting(db, `${KEY_PREFIX}${headerKey(header)}`);
  if (!raw) return null;
  try {
    const parsed = CsvMappingSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    // Matched by normalised name, so a re-export with other capitals or order gets it too.
    const byName = new Map(
      Object.entries(parsed.data.columns).map(([c, rule]) => [normaliseColumn(c), rule]),
    );
    const columns: Record<string, ColumnRule> = {};
    for (const column of header) {
      const rule = byName.get(normaliseColumn(column));
      if (!rule) return null;
      columns[column] = rule;
    }
    return { ...parsed.data, columns };
  } catch {
    return null;
  }
}

export function saveMapping(db: Db, header: readonly string[], mapping: CsvMapping): void {
  setSetting(db, `${KEY_PREFIX}${headerKey(header)}`, JSON.stringify(mapping));
}

export interface InspectedFile {
  readonly file: string;
  readonly header: string[];
  readonly sample: string[][];
  readonly rows: number;
  /** Per column, its different values when there are few (what a value map is written for). */
  readonly distinct: Record<string, string[]>;
  readonly mapping: CsvMapping;
  readonly offered: 'saved' | 'preset' | 'guess';
}

const LIFELINE_FILES = new Set([
  ...Object.keys(CSV_FILES),
  'maintenance_windows.csv',
  'maintenance-windows.csv',
  'asset_links.csv',
  'support_contracts.csv',
]);

/** A file needs a mapping when it is not one of Lifeline's own, or its header is a known export's. */
export function needsMapping(name: string, content: string): boolean {
  const base = (name.split(/[\\/]/).pop() ?? name).toLowerCase();
  if (!base.endsWith('.csv')) return false;
  return !LIFELINE_FILES.has(base) || detectPreset(firstLine(content)) !== null;
}

/** For each file that needs a mapping: its header, first rows, and the mapping to offer. */
export function inspectCsvFiles(
  db: Db,
  files: ReadonlyArray<{ readonly name: string; readonly content: string }>,
): InspectedFile[] {
  const out: InspectedFile[] = [];
  for (const f of files) {
    if (!needsMapping(f.name, f.content)) continue;
    const problems = new Problems();
    const read = readCsvRecords(f.name, f.content, problems);
    problems.throwIfAny();
    if (!read) continue;
    const header = [...read.header];
    const saved = savedMapping(db, header);
    const preset = detectPreset(header);
    out.push({
      file: f.name,
      header,
      sample: read.rows.slice(0, SAMPLE_ROWS).map((r) => [...r.cells]),
      rows: read.rows.length,
      distinct: distinctValues(header, read.rows),
      mapping: saved ?? (preset ? mappingFromPreset(preset, header) : guessMapping('assets', header)),
      offered: saved ? 'saved' : preset ? 'preset' : 'guess',
    });
  }
  return out;
}
