/**
 * Benchmark rows, their budgets and the two ways they are shown: a table for people and
 * JSON for keeping. Every figure sits next to the baseline measured in the same run, so a
 * slow machine moves both and the ratio still says how close we are to what is possible.
 */

/** One measured figure, its baseline from the same run, and the budget it is held to. */
export interface BenchRow {
  readonly name: string;
  /** null when the row was skipped (the note says why). */
  readonly figure: number | null;
  readonly unit: string;
  readonly baseline: number | null;
  readonly baselineName: string | null;
  /** figure / baseline. */
  readonly ratio: number | null;
  /** The budget in words, null when the issue sets none (the figure is for the record). */
  readonly budget: string | null;
  /** null when there is no budget or the row was skipped. */
  readonly met: boolean | null;
  readonly note: string;
}

export interface MachineInfo {
  readonly cpus: number;
  readonly model: string;
  /** Total memory in GiB. */
  readonly memory: number;
  readonly node: string;
  readonly platform: string;
  readonly sqlite: string | null;
  readonly chromium: string | null;
  readonly ripgrep: string | null;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly startedAt: string;
  readonly seconds: number;
  /** What the scale database held while it was measured. */
  readonly dataset: Readonly<Record<string, number>>;
  readonly rows: readonly BenchRow[];
}

/** A budget: a limit on the figure, on the ratio to the baseline, or both. */
export interface Budget {
  readonly text: string;
  readonly maxFigure?: number;
  readonly minFigure?: number;
  readonly maxRatio?: number;
}

export function row(
  name: string,
  figure: number,
  unit: string,
  opts: {
    readonly baseline?: { readonly value: number; readonly name: string } | null;
    readonly budget?: Budget;
    readonly note?: string;
  } = {},
): BenchRow {
  const baseline = opts.baseline ?? null;
  const ratio = baseline && baseline.value > 0 ? figure / baseline.value : null;
  const b = opts.budget;
  let met: boolean | null = null;
  if (b) {
    met = true;
    if (b.maxFigure !== undefined && figure > b.maxFigure) met = false;
    if (b.minFigure !== undefined && figure < b.minFigure) met = false;
    if (b.maxRatio !== undefined && (ratio === null || ratio > b.maxRatio)) met = false;
  }
  return {
    name,
    figure,
    unit,
    baseline: baseline?.value ?? null,
    baselineName: baseline?.name ?? null,
    ratio,
    budget: b?.text ?? null,
    met,
    note: opts.note ?? '',
  };
}

/** A row that could not be measured here, with the reason in its note. */
export function skipped(name: string, unit: string, reason: string, budget?: Budget): BenchRow {
  return {
    name,
    figure: null,
    unit,
    baseline: null,
    baselineName: null,
    ratio: null,
    budget: budget?.text ?? null,
    met: null,
    note: `skipped: ${reason}`,
  };
}

/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Enough digits to read, not so many that noise looks like precision. */
export function formatNumber(n: number | null): string {
  if (n === null || Number.isNaN(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

function formatRatio(r: number | null): string {
  if (r === null || Number.isNaN(r)) return '—';
  return r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`;
}

const metText = (m: boolean | null) => (m === null ? '—' : m ? 'yes' : 'NO');

/** The table printed at the end of a run; notes follow under it, numbered. */
export function formatTable(rows: readonly BenchRow[]): string[] {
  const header = ['measure', 'figure', 'unit', 'baseline', 'ratio', 'budget', 'met?'];
  const cells = rows.map((r) => [
    r.name,
    r.figure === null ? 'skipped' : formatNumber(r.figure),
    r.unit,
    r.baseline === null ? '—' : `${formatNumber(r.baseline)} (${r.baselineName ?? ''})`,
    formatRatio(r.ratio),
    r.budget ?? '—',
    metText(r.met),
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((c) => [...(c[i] ?? '')].length)));
  const right = new Set([1, 4]);
  const line = (c: readonly string[]) =>
    c
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
        return right.has(i) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const c of cells) out.push(line(c));
  const notes = rows.filter((r) => r.note !== '');
  if (notes.length > 0) {
    out.push('', 'Notes:');
    for (const r of notes) out.push(`  ${r.name}: ${r.note}`);
  }
  return out;
}
