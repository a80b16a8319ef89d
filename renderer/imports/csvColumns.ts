/** The CSV files an import understands, for the import screen (see shared/catalog/csvColumns.ts). */
import { CSV_FILES as SPECS } from '../../shared/catalog/csvColumns';

export interface CsvFileSpec {
  readonly file: string;
  readonly what: string;
  /** Required columns first; optional ones follow. */
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export const CSV_FILES: readonly CsvFileSpec[] = Object.entries(SPECS).map(([file, spec]) => ({
  file,
  ...spec,
}));
