/**
 * Reads a folder of CSV files, one per entity, into an import plan. Headers are documented
 * in docs/csv-import.md (in the spirit of IT Glue's import templates). Rules that keep a
 * re-import from surprising anyone:
 *  - a column missing from a file leaves that field as it is on existing rows;
 *  - an empty cell clears an optional field, and takes the default when creating;
 *  - rows are matched by source + source_id when source_id is given, else by natural key
 *    (customer code; vendor name; a customer's site, asset, contact or window name).
 */
import net from 'node:net';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { CSV_FILES } from '../../../shared/catalog/csvColumns';
import {
  type CsvMapping,
  detectPreset,
  mappingProblems,
  mapRow,
  normaliseColumn,
} from '../../../shared/catalog/csvMapping';
import {
  AssetInput,
  ContactInput,
  ContractInput,
  CustomerInput,
  MaintenanceWindowInput,
  type RestoreTargets,
  VendorInput,
} from '../../../shared/catalog/schemas';
import {
  type AssetRef,
  type Columns,
  type CustomerRef,
  emptyPlan,
  type ImportPlan,
  importError,
  Problems,
  type SqlValue,
} from './plan';

/** Restore targets by tier for customers created from CSV without sevN_minutes. */
export const TIER_RESTORE_TARGETS: Readonly<Record<string, RestoreTargets>> = {
  platinum: { sev1: 30, sev2: 60, sev3: 240, sev4: 1440 },
  gold: { sev1: 60, sev2: 120, sev3: 480, sev4: 2880 },
  silver: { sev1: 120, sev2: 240, sev3: 1440, sev4: 4320 },
  bronze: { sev1: 240, sev2: 480, sev3: 2880, sev4: 7200 },
};

type CsvFileName = keyof typeof CSV_FILES;
const FILE_ALIASES: Readonly<Record<string, CsvFileName>> = {
  'maintenance_windows.csv': 'windows.csv',
  'maintenance-windows.csv': 'windows.csv',
  'asset_links.csv': 'links.csv',
  'support_contracts.csv': 'contracts.csv',
};
const HEADER_ALIASES: Readonly<Record<string, string>> = {
  customer: 'customer_code',
  customer_id: 'customer_code',
  ip_address: 'ip_addresses',
  ips: 'ip_addresses',
  phone: 'phone',
  type: 'kind',
};

function isCsvFile(name: string): name is CsvFileName {
  return Object.hasOwn(CSV_FILES, name);
}

/** One data row: cells by column, with the file and line for messages. */
export class CsvRow {
  constructor(
    readonly file: string,
    readonly line: number,
    private readonly cells: ReadonlyMap<string, string>,
    private readonly problems: Problems,
    /** A mapped file: the source column(s) a Lifeline field came from, so messages name the file's own column. */
    private readonly sourceColumn?: (field: string) => string | undefined,
    /** Told apart from the other record made from the same line (a customer from an asset row). */
    private readonly originSuffix = '',
  ) {}

  get origin(): string {
    return `${this.file} line ${this.line}${this.originSuffix}`;
  }

  has(col: string): boolean {
    return this.cells.has(col);
  }

  /** The trimmed cell; null when empty; undefined when the file has no such column. */
  cell(col: string): string | null | undefined {
    const v = this.cells.get(col);
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? null : t;
  }

  required(col: string): string {
    const v = this.cell(col);
    if (!v) {
      this.fail(col, 'is empty; it is required');
      return '';
    }
    return v;
  }

  int(col: string): number | null | undefined {
    const v = this.cell(col);
    if (v === undefined || v === null) return v;
    if (!/^\d+$/.test(v)) {
      this.fail(col, `"${v}" is not a whole number`);
      return null;
    }
    return Number(v);
  }

  list(col: string): string[] | undefined {
    const v = this.cell(col);
    if (v === undefined) return undefined;
    return (v ?? '')
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  private readonly failed = new Set<string>();

  fail(col: string, message: string, fix?: string): void {
    this.failed.add(col);
    const source = this.sourceColumn?.(col);
    const where = source ? `column ${source} (${col})` : `field ${col}`;
    this.problems.add({
      text: `${this.origin}, ${where}: ${message}`,
      file: this.file,
      line: this.line,
      column: source ? `${source} → ${col}` : col,
      message,
      fix:
        fix ??
        (source
          ? `Correct the cell in the file, or change how ${source} is mapped (a value map can translate it).`
          : 'Correct the cell in the file, then choose the file again.'),
    });
  }

  /** True when this column already has a problem: one message per field is enough. */
  hasFailed(col: string): boolean {
    return this.failed.has(col);
  }

  columns(): string[] {
    return [...this.cells.keys()];
  }
}

/** A file's header and data rows, as text, with the line each row starts on. */
export interface CsvRecords {
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: ReadonlyArray<{ readonly cells: readonly string[]; readonly line: number }>;
}

/** Reads any CSV into records; a row with the wrong number of cells is a problem of its own. */
export function readCsvRecords(displayName: string, content: string, problems: Problems): CsvRecords | null {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // Rows with the wrong number of cells are reported per row below, so the rest is checked too.
    records = parse(content, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    problems.add({
      text: `${displayName}${e.lines ? ` line ${e.lines}` : ''}: not a readable CSV file (${e.message ?? String(err)})`,
      file: displayName,
      ...(e.lines ? { line: e.lines } : {}),
      message: `not a readable CSV file (${e.message ?? String(err)})`,
      fix: 'Save it again as CSV (UTF-8, comma-separated) and choose it again.',
    });
    return null;
  }
  const header = records[0];
  if (!header) {
    problems.add({
      text: `${displayName}: the file is empty; it needs a header line (see docs/csv-import.md)`,
      file: displayName,
      message: 'the file is empty; it needs a header line',
      fix: 'Export the file again with its header row.',
    });
    return null;
  }
  const rows: Array<{ cells: string[]; line: number }> = [];
  for (const { record, info } of records.slice(1)) {
    // info.lines is where the record ends; quoted newlines push the start up.
    const newlines = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines;
    if (record.length !== header.record.length) {
      problems.add({
        text: `${displayName} line ${line}: has ${record.length} cells but the header has ${header.record.length} columns (a stray comma or a missing quote?)`,
        file: displayName,
        line,
        message: `has ${record.length} cells but the header has ${header.record.length} columns`,
        fix: 'Look for a stray comma or a missing quote on that line.',
      });
      continue;
    }
    rows.push({ cells: record, line });
  }
  return { header: header.record, headerLine: header.info.lines, rows };
}

function parseFile(
  name: CsvFileName,
  displayName: string,
  content: string,
  problems: Problems,
): CsvRow[] | null {
  const read = readCsvRecords(displayName, content, problems);
  if (!read) return null;
  const spec: { required: readonly string[]; optional: readonly string[]; prefixed?: string } =
    CSV_FILES[name];
  const known = new Set([...spec.required, ...spec.optional]);
  const columns = read.header.map((h) => {
    const n = normaliseColumn(h);
    return known.has(n) ? n : (HEADER_ALIASES[n] ?? n);
  });
  const at = { file: displayName, line: read.headerLine };
  let headerOk = true;
  const seen = new Set<string>();
  const unknown: string[] = [];
  for (const c of columns) {
    if (seen.has(c)) {
      problems.add({
        ...at,
        text: `${displayName} line ${read.headerLine}: column ${c} appears twice`,
        column: c,
        message: 'the column appears twice',
        fix: 'Remove or rename one of the two.',
      });
      headerOk = false;
    }
    seen.add(c);
    if (!known.has(c) && !(spec.prefixed && c.startsWith(spec.prefixed) && c.length > spec.prefixed.length))
      unknown.push(c);
  }
  if (unknown.length > 0) {
    // One problem for all of them, with the accepted columns listed once.
    const list = unknown.join(', ');
    const accepted = `${name} takes ${[...known].join(', ')}${spec.prefixed ? `, and ${spec.prefixed}<name> columns as attributes` : ''}`;
    problems.add({
      ...at,
      text: `${displayName} line ${read.headerLine}, field${unknown.length > 1 ? 's' : ''} ${list}: unknown column${unknown.length > 1 ? 's' : ''}; ${accepted}`,
      column: list,
      message: `unknown column${unknown.length > 1 ? 's' : ''}; ${accepted}`,
      fix: 'Rename the column (a typo?), or import the file with a column mapping (the Import screen offers one; the CLI takes --map FILE or --preset NAME).',
    });
    headerOk = false;
  }
  for (const r of spec.required) {
    if (!seen.has(r)) {
      problems.add({
        ...at,
        text: `${displayName} line ${read.headerLine}: missing required column ${r}`,
        column: r,
        message: `missing required column ${r}`,
        fix: `Add a ${r} column.`,
      });
      headerOk = false;
    }
  }
  if (!headerOk) return null;
  return read.rows.map(({ cells, line }) => {
    const byColumn = new Map<string, string>();
    columns.forEach((c, i) => {
      byColumn.set(c, cells[i] ?? '');
    });
    return new CsvRow(displayName, line, byColumn, problems);
  });
}

/** The header of a file, for recognising an export (the first line is enough, quotes and all). */
export function firstLine(content: string): string[] {
  try {
    const rows: string[][] = parse(content.slice(0, 64 * 1024), {
      bom: true,
      to_line: 1,
      relax_column_count: true,
    });
    return rows[0] ?? [];
  } catch {
    return [];
  }
}

type ZodPath = ReadonlyArray<PropertyKey>;

/** Checks a record against the same schema the editors use, reporting each issue by column. */
function check<S extends z.ZodType>(
  row: CsvRow,
  schema: S,
  input: unknown,
  column: (path: ZodPath) => string,
): boolean {
  const r = schema.safeParse(input);
  if (r.success) return true;
  for (const issue of r.error.issues) {
    const col = column(issue.path);
    if (!row.hasFailed(col)) row.fail(col, inWords(issue, input));
  }
  return false;
}

/** A schema issue as a person reads it: the value found and what is allowed, not the validator's notation. */
function inWords(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    let got: unknown = input;
    for (const key of issue.path) got = (got as Record<PropertyKey, unknown> | undefined)?.[key];
    return `"${String(got)}" is not one of ${issue.values.map(String).join(', ')}`;
  }
  return issue.message;
}

const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const PLACEHOLDER_ID = '00000000-0000-7000-8000-000000000000';

/** Only the columns the file has, so a re-import leaves the others as they are. */
function present(row: CsvRow, cols: Record<string, [string, SqlValue]>): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const [column, [dbColumn, value]] of Object.entries(cols)) if (row.has(column)) out[dbColumn] = value;
  return out;
}

function sourceOf(row: CsvRow): { source: string | null; sourceId: string | null; createOnly: Columns } {
  const sourceId = row.cell('source_id') ?? null;
  const source = row.cell('source') ?? 'csv';
  if (row.cell('source') && !sourceId) row.fail('source_id', 'is empty while source is given');
  return sourceId
    ? { source, sourceId, createOnly: {} }
    : { source: null, sourceId: null, createOnly: { source: 'csv', source_id: null } };
}

// Day names as people type them: 'mon' or 'monday' … 'sun' or 'sunday'.
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LONG_DAYS: Readonly<Record<string, string>> = {
  wed: 'wednes',
  thu: 'thurs',
  sat: 'satur',
  tue: 'tues',
};

/** Existing customers, for a mapped file's customer-by-name column (no database: every name is new). */
export interface CustomerDirectory {
  /** The code of the customer with this name (or this code), if there is one. */
  codeOf(name: string): string | undefined;
  codeTaken(code: string): boolean;
}

const NO_CUSTOMERS: CustomerDirectory = { codeOf: () => undefined, codeTaken: () => false };

/**
 * A code for a customer known only by name: its letters and digits in capitals, cut to 10,
 * with -2, -3… when taken. Stable: a re-import finds the customer by name and keeps its code.
 */
export function generatedCode(name: string, taken: (code: string) => boolean): string {
  const letters = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  const base = (letters.length >= 2 ? letters : `${letters}CUST`).slice(0, 10);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 12 - String(n).length - 1)}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

export interface CsvReadOptions {
  /** File name (as given) → how its columns map; such a file is read through its mapping. */
  readonly mappings?: ReadonlyMap<string, CsvMapping>;
  readonly customers?: CustomerDirectory;
}

const TARGET_FILE: Readonly<Record<CsvMapping['target'], CsvFileName>> = {
  assets: 'assets.csv',
  contacts: 'contacts.csv',
  sites: 'sites.csv',
  customers: 'customers.csv',
};

/** A mapped file's rows as rows of Lifeline's own file, plus the customers its names need. */
function readMappedFile(
  display: string,
  content: string,
  mapping: CsvMapping,
  directory: CustomerDirectory,
  newCustomers: Map<string, { code: string; row: CsvRow }>,
  vendors: Map<string, CsvRow>,
  problems: Problems,
  plan: ImportPlan,
): CsvRow[] {
  const read = readCsvRecords(display, content, problems);
  if (!read) return [];
  const wrong = mappingProblems(mapping, read.header);
  for (const message of wrong)
    problems.add({
      text: `${display}: ${message}`,
      file: display,
      message,
      fix: 'Change the mapping (on the Import screen, or in the --map file) and try again.',
    });
  if (wrong.length > 0) return [];
  const codeTaken = (code: string) =>
    directory.codeTaken(code) || [...newCustomers.values()].some((c) => c.code === code);
  const rows: CsvRow[] = [];
  const leftOut = new Map<string, number>();
  for (const { cells, line } of read.rows) {
    const mapped = mapRow(mapping, read.header, cells);
    if (mapped.leftOutBy) {
      const why = `${mapped.leftOutBy.column} "${mapped.leftOutBy.value}"`;
      leftOut.set(why, (leftOut.get(why) ?? 0) + 1);
      continue;
    }
    const byColumn = new Map<string, string>();
    const sourceOf = (f: string) => mapped.from[f];
    for (const [f, v] of Object.entries(mapped.fields)) if (f !== 'customer') byColumn.set(f, v);
    const attrs = Object.entries(mapped.attributes);
    if (mapping.target === 'assets') {
      for (const [name, v] of attrs) byColumn.set(`attr_${name}`, v);
    } else if (attrs.length > 0) {
      // Contacts and customers keep no free attributes: they are kept, named, in the notes.
      const lines = attrs.map(([name, v]) => `${name.replace(/_/g, ' ')}: ${v}`);
      byColumn.set('notes', [byColumn.get('notes'), ...lines].filter(Boolean).join('\n'));
    }
    if (mapped.fields.source_id && !byColumn.has('source')) byColumn.set('source', mapping.preset ?? 'csv');
    if (mapping.target === 'customers') {
      const name = mapped.fields.name ?? '';
      if (!mapped.fields.code && name) {
        const known = directory.codeOf(name) ?? newCustomers.get(name.toLowerCase())?.code;
        const code = known ?? generatedCode(name, codeTaken);
        byColumn.set('code', code);
        if (!known)
          newCustomers.set(name.toLowerCase(), { code, row: new CsvRow(display, line, new Map(), problems) });
      }
    } else if (mapped.fields.customer !== undefined || !mapped.fields.customer_code) {
      const name = mapped.fields.customer ?? '';
      if (name) {
        const known = directory.codeOf(name) ?? newCustomers.get(name.toLowerCase())?.code;
        const code = known ?? generatedCode(name, codeTaken);
        if (!known) {
          const customer = new CsvRow(
            display,
            line,
            new Map([
              ['code', code],
              ['name', name],
            ]),
            problems,
            (f) => (f === 'name' ? sourceOf('customer') : undefined),
            ` (customer ${name})`,
          );
          newCustomers.set(name.toLowerCase(), { code, row: customer });
        }
        byColumn.set('customer_code', code);
      } else byColumn.set('customer_code', '');
    }
    // An export names vendors (IT Glue manufacturer, Hudu primary_manufacturer): made or matched by name.
    const vendor = mapped.fields.vendor;
    if (vendor && !vendors.has(vendor.toLowerCase()))
      vendors.set(
        vendor.toLowerCase(),
        new CsvRow(
          display,
          line,
          new Map([['name', vendor]]),
          problems,
          (f) => (f === 'name' ? sourceOf('vendor') : undefined),
          ` (vendor ${vendor})`,
        ),
      );
    const customerColumn = sourceOf('customer');
    rows.push(
      new CsvRow(display, line, byColumn, problems, (f) =>
        f === 'customer_code' && customerColumn
          ? customerColumn
          : f.startsWith('attr_')
            ? Object.entries(mapping.columns).find(
                ([, r]) => r.to === 'attribute' && `attr_${r.name}` === f,
              )?.[0]
            : sourceOf(f),
      ),
    );
  }
  const n = [...leftOut.values()].reduce((a, b) => a + b, 0);
  if (n > 0) {
    const entity = mapping.target;
    plan.skipped[entity] = (plan.skipped[entity] ?? 0) + n;
    const why = [...leftOut.entries()].map(([k, c]) => `${k} ×${c}`).join(', ');
    plan.warnings.push(
      `${display}: ${n} row${n === 1 ? '' : 's'} left out by the mapping (${why}); map the value to a kind to keep them.`,
    );
  }
  return rows;
}

export function readCsvFolder(
  files: ReadonlyArray<{ readonly name: string; readonly content: string }>,
  onProgress?: (done: number, total: number) => void,
  options: CsvReadOptions = {},
): ImportPlan {
  const problems = new Problems();
  const plan = emptyPlan();
  const byName = new Map<CsvFileName, { display: string; content: string }>();
  const mappedFiles: Array<{ display: string; content: string; mapping: CsvMapping }> = [];
  for (const f of files) {
    const base = f.name.split(/[\\/]/).pop() ?? f.name;
    const lowerBase = base.toLowerCase();
    if (!lowerBase.endsWith('.csv')) {
      plan.warnings.push(`${base} is not a CSV file and was ignored.`);
      continue;
    }
    const mapping = options.mappings?.get(f.name) ?? options.mappings?.get(base);
    if (mapping) {
      mappedFiles.push({ display: base, content: f.content, mapping });
      continue;
    }
    const canonical = isCsvFile(lowerBase) ? lowerBase : FILE_ALIASES[lowerBase];
    if (!canonical) {
      const preset = detectPreset(firstLine(f.content));
      problems.add({
        text: preset
          ? `${base}: looks like an ${preset.label} export; import it with a column mapping (the Import screen offers the ${preset.label} preset; on the command line add --preset ${preset.id} or --map FILE)`
          : `${base}: unknown file; a CSV import reads ${Object.keys(CSV_FILES).join(', ')}, or any CSV with a column mapping (--map FILE)`,
        file: base,
        message: preset ? `looks like an ${preset.label} export` : 'not one of the files a CSV import reads',
        fix: preset
          ? `Import it with a column mapping: the ${preset.label} preset (--preset ${preset.id}), or --map FILE.`
          : `Rename it to one of ${Object.keys(CSV_FILES).join(', ')}, or import it with a column mapping (--map FILE).`,
      });
      continue;
    }
    if (byName.has(canonical)) {
      problems.add(`${base}: given twice (as ${byName.get(canonical)?.display} too)`);
      continue;
    }
    byName.set(canonical, { display: base, content: f.content });
  }
  problems.throwIfAny();
  if (byName.size === 0 && mappedFiles.length === 0)
    throw importError([`no CSV files to import; a CSV import reads ${Object.keys(CSV_FILES).join(', ')}`]);

  const rowsOf = new Map<CsvFileName, CsvRow[]>();
  const total = byName.size + mappedFiles.length;
  let done = 0;
  for (const name of Object.keys(CSV_FILES) as CsvFileName[]) {
    const f = byName.get(name);
    if (!f) continue;
    const rows = parseFile(name, f.display, f.content, problems);
    if (rows) rowsOf.set(name, rows);
    onProgress?.(++done, total);
  }
  const newCustomers = new Map<string, { code: string; row: CsvRow }>();
  const vendors = new Map<string, CsvRow>();
  // Hudu companies first: their codes are the ones the other files' names then find.
  const ordered = [...mappedFiles].sort(
    (a, b) => Number(b.mapping.target === 'customers') - Number(a.mapping.target === 'customers'),
  );
  for (const m of ordered) {
    const rows = readMappedFile(
      m.display,
      m.content,
      m.mapping,
      options.customers ?? NO_CUSTOMERS,
      newCustomers,
      vendors,
      problems,
      plan,
    );
    const file = TARGET_FILE[m.mapping.target];
    rowsOf.set(file, [...(rowsOf.get(file) ?? []), ...rows]);
    onProgress?.(++done, total);
  }
  const madeByName = [...newCustomers.values()].filter((c) => c.row.has('name')).map((c) => c.row);
  if (madeByName.length > 0)
    rowsOf.set('customers.csv', [...madeByName, ...(rowsOf.get('customers.csv') ?? [])]);
  if (vendors.size > 0)
    rowsOf.set('vendors.csv', [...(rowsOf.get('vendors.csv') ?? []), ...vendors.values()]);
  problems.throwIfAny();
  const rows = (name: CsvFileName) => rowsOf.get(name) ?? [];
  const customerRef = (row: CsvRow, col = 'customer_code'): CustomerRef & { code: string } => ({
    code: row.required(col).toUpperCase(),
    field: col,
  });
  const text = (row: CsvRow, col: string) => row.cell(col) ?? null;

  for (const row of rows('customers.csv')) {
    const code = row.required('code').toUpperCase();
    const tier = row.cell('tier') ?? 'silver';
    const tierTargets = TIER_RESTORE_TARGETS[tier];
    const sev = ['sev1', 'sev2', 'sev3', 'sev4'].map((s) => row.int(`${s}_minutes`));
    const sevGiven = sev.filter((v) => v !== undefined && v !== null).length;
    if (sevGiven > 0 && sevGiven < 4)
      row.fail('sev1_minutes', 'give all four sevN_minutes, or none to use the tier defaults');
    // An unknown tier is reported on its own column; its targets fall back to silver's.
    const targets =
      sevGiven === 4
        ? { sev1: sev[0], sev2: sev[1], sev3: sev[2], sev4: sev[3] }
        : (tierTargets ?? TIER_RESTORE_TARGETS.silver);
    const kind = row.cell('kind') ?? 'customer';
    if (kind !== 'customer' && kind !== 'internal')
      row.fail('kind', `"${kind}" must be customer or internal`);
    const input = {
      id: null,
      baseVersion: null,
      code,
      name: row.required('name'),
      tier,
      timeZone: row.cell('time_zone') ?? 'UTC',
      restoreTargets: targets,
      supportHours: text(row, 'support_hours'),
      notes: text(row, 'notes'),
      tags: row.list('tags') ?? [],
      reviewedAt: row.cell('reviewed_on') ?? null,
      reviewIntervalDays: row.int('review_interval_days') ?? 180,
    };
    const columnOf = (path: ZodPath) => {
      const [head, sub] = path;
      if (head === 'restoreTargets') return `${String(sub ?? 'sev1')}_minutes`;
      if (head === 'reviewedAt') return 'reviewed_on';
      if (head === 'timeZone') return 'time_zone';
      return camelToSnake(String(head ?? 'code'));
    };
    if (!check(row, CustomerInput, input, columnOf)) continue;
    const src = sourceOf(row);
    const values = present(row, {
      code: ['code', code],
      name: ['name', input.name],
      kind: ['kind', kind],
      tier: ['tier', tier],
      time_zone: ['time_zone', input.timeZone],
      support_hours: ['support_hours', input.supportHours],
      notes: ['notes', input.notes],
      tags: ['tags', JSON.stringify(input.tags)],
      reviewed_on: ['reviewed_at', input.reviewedAt],
      review_interval_days: ['review_interval_days', input.reviewIntervalDays],
    });
    // Empty cells of columns with defaults leave existing rows alone rather than reset them.
    for (const [col, db] of [
      ['kind', 'kind'],
      ['tier', 'tier'],
      ['time_zone', 'time_zone'],
      ['review_interval_days', 'review_interval_days'],
    ] as const)
      if (row.cell(col) === null) delete values[db];
    if (sevGiven === 4) values.restore_targets = JSON.stringify(targets);
    plan.customers.push({
      key: row.origin,
      origin: row.origin,
      source: src.source,
      sourceId: src.sourceId,
      code,
      onCodeTaken: 'error',
      values,
      createOnly: {
        ...src.createOnly,
        kind,
        tier,
        time_zone: input.timeZone,
        restore_targets: JSON.stringify(targets),
        tags: JSON.stringify(input.tags),
        review_interval_days: input.reviewIntervalDays,
      },
    });
  }

  for (const row of rows('vendors.csv')) {
    const input = {
      id: null,
      baseVersion: null,
      name: row.required('name'),
      supportPhone: text(row, 'support_phone'),
      supportEmail: text(row, 'support_email'),
      website: text(row, 'website'),
    };
    if (!check(row, VendorInput, input, (p) => camelToSnake(String(p[0] ?? 'name')))) continue;
    const src = sourceOf(row);
    plan.vendors.push({
      key: row.origin,
      origin: row.origin,
      source: src.source,
      sourceId: src.sourceId,
      name: input.name,
      values: present(row, {
        name: ['name', input.name],
        support_phone: ['support_phone', input.supportPhone],
        support_email: ['support_email', input.supportEmail],
        website: ['website', input.website],
      }),
      createOnly: src.createOnly,
    });
  }

  for (const row of rows('sites.csv')) {
    const src = sourceOf(row);
    const name = row.required('name');
    plan.sites.push({
      key: row.origin,
      origin: row.origin,
      source: src.source,
      sourceId: src.sourceId,
      customer: customerRef(row),
      name,
      values: present(row, {
        name: ['name', name],
        city: ['city', text(row, 'city')],
        address: ['address', text(row, 'address')],
      }),
      createOnly: src.createOnly,
    });
  }

  for (const row of rows('environments.csv')) {
    const name = row.required('name');
    const kind = row.cell('kind');
    const site = row.cell('site');
    plan.environments.push({
      key: row.origin,
      origin: row.origin,
      source: null,
      sourceId: null,
      customer: customerRef(row),
      name,
      site: site ? { name: site, field: 'site' } : null,
      values: { name, ...(kind ? { kind: kind.toLowerCase() } : {}) },
      createOnly: {},
    });
  }

  for (const row of rows('assets.csv')) {
    const ips: string[] = [];
    for (const raw of (row.cell('ip_addresses') ?? '').split(/[\s;,|]+/).filter((s) => s !== '')) {
      const address = raw.split('/')[0] ?? '';
      if (net.isIP(address) === 0) row.fail('ip_addresses', `"${raw}" is not an IP address`);
      else ips.push(address);
    }
    const attributes: Record<string, string> = {};
    for (const c of row.columns()) {
      const v = row.cell(c);
      if (c.startsWith('attr_') && v) attributes[c.slice('attr_'.length)] = v;
    }
    const input = {
      id: null,
      baseVersion: null,
      customerId: PLACEHOLDER_ID,
      environmentId: null,
      siteId: null,
      kind: (row.cell('kind') ?? '').toLowerCase().replace(/[\s-]+/g, '_'),
      name: row.required('name'),
      hostname: text(row, 'hostname'),
      ipAddresses: [...new Set(ips)],
      platform: text(row, 'platform'),
      vendorId: null,
      model: text(row, 'model'),
      serial: text(row, 'serial'),
      criticality: (row.cell('criticality') ?? 'medium').toLowerCase(),
      managementUrl: text(row, 'management_url'),
      accessNotes: text(row, 'access_notes'),
      attributes,
      tags: row.list('tags') ?? [],
      runsOn: [],
      dependsOn: [],
    };
    const columnOf = (p: ZodPath) => {
      const head = String(p[0] ?? 'name');
      return head === 'ipAddresses' ? 'ip_addresses' : head === 'attributes' ? 'attr_*' : camelToSnake(head);
    };
    if (!check(row, AssetInput, input, columnOf)) continue;
    const src = sourceOf(row);
    const environment = row.cell('environment');
    const site = row.cell('site');
    const vendor = row.cell('vendor');
    const values: Record<string, SqlValue> = present(row, {
      name: ['name', input.name],
      kind: ['kind', input.kind],
      hostname: ['hostname', input.hostname],
      ip_addresses: ['ip_addresses', JSON.stringify(input.ipAddresses)],
      platform: ['platform', input.platform],
      model: ['model', input.model],
      serial: ['serial', input.serial],
      criticality: ['criticality', input.criticality],
      management_url: ['management_url', input.managementUrl],
      access_notes: ['access_notes', input.accessNotes],
      tags: ['tags', JSON.stringify(input.tags)],
    });
    if (row.cell('criticality') === null) delete values.criticality;
    if (row.columns().some((c) => c.startsWith('attr_'))) values.attributes = JSON.stringify(attributes);
    // An empty site/environment/vendor cell clears the link; an absent column keeps it.
    if (environment === null) values.environment_id = null;
    if (site === null) values.site_id = null;
    if (vendor === null) values.vendor_id = null;
    plan.assets.push({
      key: row.origin,
      origin: row.origin,
      source: src.source,
      sourceId: src.sourceId,
      customer: customerRef(row),
      name: input.name,
      site: site ? { name: site, field: 'site' } : null,
      environment: environment ? { name: environment, field: 'environment' } : null,
      vendor: vendor ? { name: vendor, field: 'vendor' } : null,
      values,
      createOnly: { ...src.createOnly, criticality: input.criticality },
    });
  }

  for (const row of rows('links.csv')) {
    const raw = (row.cell('kind') ?? '').toLowerCase().replace(/[\s-]+/g, '_');
    const kind = raw === 'runs_on' || raw === 'depends_on' ? raw : null;
    if (!kind) row.fail('kind', `"${row.cell('kind') ?? ''}" must be runs_on or depends_on`);
    const fromCustomer = customerRef(row, 'from_customer_code');
    const toCustomer = row.cell('to_customer_code') ? customerRef(row, 'to_customer_code') : fromCustomer;
    const from: AssetRef = { customer: fromCustomer, name: row.required('from_asset'), field: 'from_asset' };
    const to: AssetRef = { customer: toCustomer, name: row.required('to_asset'), field: 'to_asset' };
    if (kind) plan.links.push({ key: row.origin, origin: row.origin, from, to, kind });
  }

  const contactsSeen = new Map<string, number>();
  for (const row of rows('contacts.csv')) {
    const customer = customerRef(row);
    const position = (contactsSeen.get(customer.code) ?? 0) + 1;
    contactsSeen.set(customer.code, position);
    const order = row.int('escalation_order');
    const input = {
      id: null,
      baseVersion: null,
      customerId: PLACEHOLDER_ID,
      name: row.required('name'),
      role: row.required('role'),
      phone: text(row, 'phone'),
      email: text(row, 'email'),
      escalationOrder: order ?? Math.min(position, 99),
      notes: text(row, 'notes'),
    };
    if (!check(row, ContactInput, input, (p) => camelToSnake(String(p[0] ?? 'name')))) continue;
    const src = sourceOf(row);
    const values = present(row, {
      name: ['name', input.name],
      role: ['role', input.role],
      phone: ['phone', input.phone],
      email: ['email', input.email],
      notes: ['notes', input.notes],
    });
    if (order !== undefined && order !== null) values.escalation_order = order;
    plan.contacts.push({
      key: row.origin,
      origin: row.origin,
      source: src.source,
      sourceId: src.sourceId,
      customer,
      name: input.name,
      values,
      createOnly: { ...src.createOnly, escalation_order: input.escalationOrder },
    });
  }

  for (const row of rows('contracts.csv')) {
    const input = {
      id: null,
      baseVersion: null,
      customerId: PLACEHOLDER_ID,
      vendorId: PLACEHOLDER_ID,
      contractNumber: text(row, 'contract_number'),
      supportPhone: text(row, 'support_phone'),
      hours: text(row, 'hours'),
      expiresOn: text(row, 'expires_on'),
    };
    if (!check(row, ContractInput, input, (p) => camelToSnake(String(p[0] ?? 'vendor')))) continue;
    plan.contracts.push({
      key: row.origin,
      origin: row.origin,
      source: null,
      sourceId: null,
      customer: customerRef(row),
      vendor: { name: row.required('vendor'), field: 'vendor' },
      contractNumber: input.contractNumber,
      values: present(row, {
        support_phone: ['support_phone', input.supportPhone],
        hours: ['hours', input.hours],
        expires_on: ['expires_on', input.expiresOn],
      }),
      createOnly: {},
    });
  }

  for (const row of rows('windows.csv')) {
    const day = (row.cell('weekday') ?? '').toLowerCase();
    const weekday = /^[1-7]$/.test(day)
      ? Number(day)
      : WEEKDAYS.findIndex((d) => day === d || day === `${LONG_DAYS[d] ?? d}day`) + 1;
    if (weekday < 1)
      row.fail('weekday', `"${row.cell('weekday') ?? ''}" must be 1–7 (Monday = 1) or a day name`);
    const input = {
      id: null,
      baseVersion: null,
      customerId: PLACEHOLDER_ID,
      name: row.required('name'),
      weekday: Math.max(1, weekday),
      startTime: row.cell('start_time') ?? '',
      durationMinutes: row.int('duration_minutes') ?? 0,
    };
    if (!check(row, MaintenanceWindowInput, input, (p) => camelToSnake(String(p[0] ?? 'name')))) continue;
    plan.windows.push({
      key: row.origin,
      origin: row.origin,
      source: null,
      sourceId: null,
      customer: customerRef(row),
      name: input.name,
      values: {
        weekday: input.weekday,
        start_time: input.startTime,
        duration_minutes: input.durationMinutes,
      },
      createOnly: {},
    });
  }
  problems.throwIfAny();
  return plan;
}
