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
  /** How many samples the figure rests on (null when it is not a sample statistic). */
  readonly samples: number | null;
  /** The percentile the figure is (50 for a median), null when it is not one. */
  readonly percentile: number | null;
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
  readonly minRatio?: number;
}

export function row(
  name: string,
  figure: number,
  unit: string,
  opts: {
    readonly baseline?: { readonly value: number; readonly name: string } | null;
    readonly budget?: Budget;
    readonly note?: string;
    readonly samples?: number;
    readonly percentile?: number;
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
    if (b.minRatio !== undefined && (ratio === null || ratio < b.minRatio)) met = false;
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
    samples: opts.samples ?? null,
    percentile: opts.percentile ?? null,
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
    samples: null,
    percentile: null,
  };
}

/** A percentile is only worth reporting with this many samples above it. */
export const SAMPLES_ABOVE = 20;

/** Samples above the nearest-rank p-th percentile of n samples. */
export function samplesAbove(n: number, p: number): number {
  return n - Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
}

/** The fewest samples for which the p-th percentile has SAMPLES_ABOVE samples above it. */
export function samplesNeeded(p: number): number {
  let n = SAMPLES_ABOVE + 1;
  while (samplesAbove(n, p) < SAMPLES_ABOVE) n++;
  return n;
}

/**
 * The p-th percentile of the samples as a row, or a skipped row saying how many samples it
 * would need (with the figure it would have shown, for the curious): a p99 of 40 samples
 * is the slowest sample, not a p99.
 */
export function percentileRow(
  name: string,
  samples: readonly number[],
  p: number,
  unit: string,
  opts: {
    readonly baseline?: { readonly samples: readonly number[]; readonly name: string } | null;
    readonly budget?: Budget;
    readonly note?: string;
  } = {},
): BenchRow {
  const n = samples.length;
  const label = p === 50 ? 'median' : `p${p}`;
  if (samplesAbove(n, p) < SAMPLES_ABOVE) {
    const seen = n > 0 ? `; with these it reads ${formatNumber(percentile(samples, p))} ${unit}` : '';
    return skipped(
      name,
      unit,
      `${n} samples are too few for a ${label} (it needs ${samplesNeeded(p)}, ${SAMPLES_ABOVE} above it)${seen}; run the full bench`,
      opts.budget,
    );
  }
  const base = opts.baseline;
  if (base && samplesAbove(base.samples.length, p) < SAMPLES_ABOVE)
    return skipped(
      name,
      unit,
      `the baseline (${base.name}) has ${base.samples.length} samples, too few for a ${label}`,
      opts.budget,
    );
  return row(name, percentile(samples, p), unit, {
    baseline: base ? { value: percentile(base.samples, p), name: base.name } : null,
    ...(opts.budget ? { budget: opts.budget } : {}),
    note: opts.note ?? '',
    samples: n,
    percentile: p,
  });
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
