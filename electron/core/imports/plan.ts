/**
 * What an import source turns into before anything touches the database: a plan of
 * records per entity, each with where it came from (for error messages), how to find the
 * row it updates, the columns it sets, and references to other records by key, code or
 * name. Both readers (NetBox, CSV) build a plan; apply.ts resolves and writes it.
 */
import { LifelineError } from '../../../shared/api/result';

export type SqlValue = string | number | null;
export type Columns = Readonly<Record<string, SqlValue>>;

/** A customer: another record of this plan, or one already in the database by code. */
export type CustomerRef = { readonly key: string } | { readonly code: string; readonly field: string };
export type VendorRef = { readonly key: string } | { readonly name: string; readonly field: string };
/** A site or environment of the record's own customer, by name (or a planned site by key). */
export type SiteRef = { readonly key: string } | { readonly name: string; readonly field: string };
export interface EnvironmentRef {
  readonly name: string;
  readonly field: string;
}
/** An asset: a planned record, or one of a customer's assets by name. */
export type AssetRef =
  | { readonly key: string }
  | { readonly customer: CustomerRef; readonly name: string; readonly field: string };

interface Planned {
  /** Unique within the plan: how other records point at this one. */
  readonly key: string;
  /** Where it came from, for messages: `assets.csv line 4`, `dcim.device 12 ("edge-rtr1")`. */
  readonly origin: string;
  /** The source identity it is matched by on re-import (null: match by natural key). */
  readonly source: string | null;
  readonly sourceId: string | null;
  /** Columns written on create and compared/updated on re-import. */
  readonly values: Columns;
  /** Columns written only when the row is created (defaults people may change later). */
  readonly createOnly: Columns;
}

export interface PlannedCustomer extends Planned {
  /** The code to use when created; codes of existing rows are kept. */
  readonly code: string;
  /** NetBox: pick a free code (CODE-2, …) when taken; CSV: a taken code is an error. */
  readonly onCodeTaken: 'suffix' | 'error';
}
export interface PlannedVendor extends Planned {
  readonly name: string;
}
export interface PlannedSite extends Planned {
  readonly customer: CustomerRef;
  readonly name: string;
}
export interface PlannedEnvironment extends Planned {
  readonly customer: CustomerRef;
  readonly name: string;
  readonly site: SiteRef | null;
}
export interface PlannedAsset extends Planned {
  readonly customer: CustomerRef;
  readonly name: string;
  readonly site: SiteRef | null;
  readonly environment: EnvironmentRef | null;
  readonly vendor: VendorRef | null;
}
export interface PlannedLink {
  readonly key: string;
  readonly origin: string;
  readonly from: AssetRef;
  readonly to: AssetRef;
  readonly kind: 'runs_on' | 'depends_on';
}
export interface PlannedContact extends Planned {
  readonly customer: CustomerRef;
  readonly name: string;
}
export interface PlannedContract extends Planned {
  readonly customer: CustomerRef;
  readonly vendor: VendorRef;
  readonly contractNumber: string | null;
}
export interface PlannedWindow extends Planned {
  readonly customer: CustomerRef;
  readonly name: string;
}

export interface ImportPlan {
  readonly customers: PlannedCustomer[];
  readonly vendors: PlannedVendor[];
  readonly sites: PlannedSite[];
  readonly environments: PlannedEnvironment[];
  readonly assets: PlannedAsset[];
  readonly links: PlannedLink[];
  readonly contacts: PlannedContact[];
  readonly contracts: PlannedContract[];
  readonly windows: PlannedWindow[];
  readonly warnings: string[];
  /** Records the reader left out on purpose, by entity (counted as skipped). */
  readonly skipped: Record<string, number>;
  /**
   * NetBox: runs-on/depends-on links between assets of this source that are no longer in
   * it are removed, since the source owns them. CSV links are only ever added.
   */
  readonly ownsLinksOfSource: string | null;
}

export function emptyPlan(): ImportPlan {
  return {
    customers: [],
    vendors: [],
    sites: [],
    environments: [],
    assets: [],
    links: [],
    contacts: [],
    contracts: [],
    windows: [],
    warnings: [],
    skipped: {},
    ownsLinksOfSource: null,
  };
}

/** Entities in the order they are written (a record only points at earlier ones). */
export const ENTITY_ORDER = [
  'customers',
  'vendors',
  'sites',
  'environments',
  'assets',
  'links',
  'contacts',
  'contracts',
  'windows',
] as const;
export type EntityName = (typeof ENTITY_ORDER)[number];

/**
 * One thing wrong with an import, for the screen's list: where (file, line, column), what
 * is wrong and what to do. `text` is the same in one line, for the CLI and the message.
 */
export interface ImportProblem {
  readonly text: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly message: string;
  readonly fix?: string;
}

/**
 * Collects what is wrong with an import, so one run reports several problems at once;
 * `throwIfAny` ends the import with all of them before anything is written.
 */
export class Problems {
  // Keyed by text: the same bad field reached along two paths is reported once.
  private readonly list = new Map<string, ImportProblem>();

  add(problem: string | ImportProblem): void {
    const p = typeof problem === 'string' ? { text: problem, message: problem } : problem;
    if (!this.list.has(p.text)) this.list.set(p.text, p);
  }

  get count(): number {
    return this.list.size;
  }

  throwIfAny(): void {
    if (this.list.size === 0) return;
    throw importError([...this.list.values()]);
  }
}

const SHOWN_PROBLEMS = 5;
/** The screen lists this many problems, one per line. */
const LISTED_PROBLEMS = 50;

/** Past this a problem is shortened in the middle: its start names file and field, its end what was wrong. */
const PROBLEM_CHARS = 400;
const clip = (problem: string): string =>
  problem.length <= PROBLEM_CHARS
    ? problem
    : `${problem.slice(0, 240)}… (${problem.length - 360} characters left out) …${problem.slice(-120)}`;

const DEFAULT_FIX = 'Correct it in the file, then choose the file again.';

export function importError(problems: readonly (string | ImportProblem)[]): LifelineError {
  const all = problems.map((p) => (typeof p === 'string' ? { text: p, message: p } : p));
  // A problem quotes the value it found, and a cell or field can hold megabytes.
  const shown = all
    .slice(0, SHOWN_PROBLEMS)
    .map((p) => clip(p.text))
    .join('; ');
  const more = all.length > SHOWN_PROBLEMS ? `; and ${all.length - SHOWN_PROBLEMS} more` : '';
  const n = all.length === 1 ? 'a problem' : `${all.length} problems`;
  return new LifelineError(
    'VALIDATION',
    `Import refused, nothing was written (${n}): ${shown}${more}. Fix the source and import again.`,
    all.slice(0, LISTED_PROBLEMS).map((p) => ({
      path: [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.column]
        .filter(Boolean)
        .join(', '),
      message: clip(p.message),
      ...(p.file !== undefined ? { file: p.file } : {}),
      ...(p.line !== undefined ? { row: p.line } : {}),
      ...(p.column !== undefined ? { column: p.column } : {}),
      fix: p.fix ?? DEFAULT_FIX,
    })),
  );
}
