/**
 * The Insights figures as pure functions of the facts and an explicit `now`, so every
 * figure can be checked by hand against a small log.
 */
import type { Severity } from '../catalog/schemas';
import type {
  GroupKind,
  IncidentFact,
  PlaybookEffectiveness,
  RestorationRow,
  RunFact,
  StepFact,
  StepFigure,
} from './model';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The middle value; the mean of the two middle values for an even count. Null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const hi = s[mid] ?? 0;
  return s.length % 2 === 1 ? hi : ((s[mid - 1] ?? hi) + hi) / 2;
}

/**
 * The 90th percentile by nearest rank: the smallest value with at least 90% of the values
 * at or below it. Always a value that occurred, which reads better than an interpolation.
 */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(0.9 * s.length) - 1)] ?? null;
}

function minutesBetween(from: string, to: string): number | null {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? null : (b - a) / MINUTE;
}

/** The Monday (00:00 UTC) of the ISO week holding `iso`, as YYYY-MM-DD. */
export function utcWeek(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const day = Math.floor(t / DAY) * DAY;
  const mondayOffset = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - mondayOffset * DAY).toISOString().slice(0, 10);
}

/** The UTC calendar month holding `iso`, as YYYY-MM. */
export function utcMonth(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 'unknown' : new Date(t).toISOString().slice(0, 7);
}

export const isRestored = (i: IncidentFact): boolean =>
  i.restoredAt !== null && (i.status === 'restored' || i.status === 'closed');
export const isOpen = (i: IncidentFact): boolean => i.status === 'open' || i.status === 'restoring';

export const timeToAcknowledge = (i: IncidentFact): number | null =>
  i.acknowledgedAt === null ? null : minutesBetween(i.clockStartAt, i.acknowledgedAt);

/** From the restore clock's start to service restored; null unless restored. */
export const timeToRestore = (i: IncidentFact): number | null =>
  isRestored(i) && i.restoredAt !== null ? minutesBetween(i.clockStartAt, i.restoredAt) : null;

/**
 * A restore-target breach: restored after the deadline, or still open with the deadline
 * passed at `now`. An incident closed without a restore is neither.
 */
export function isBreach(i: IncidentFact, now: Date): boolean {
  if (i.deadlineAt === null) return false;
  const deadline = Date.parse(i.deadlineAt);
  if (Number.isNaN(deadline)) return false;
  if (isRestored(i) && i.restoredAt !== null) return Date.parse(i.restoredAt) > deadline;
  return isOpen(i) && now.getTime() > deadline;
}

export function restorationRow(
  key: string,
  label: string,
  incidents: readonly IncidentFact[],
  now: Date,
): RestorationRow {
  const ttas = incidents.map(timeToAcknowledge).filter((v): v is number => v !== null);
  const ttrs = incidents.map(timeToRestore).filter((v): v is number => v !== null);
  return {
    key,
    label,
    incidents: incidents.length,
    restored: incidents.filter(isRestored).length,
    open: incidents.filter(isOpen).length,
    ttaMedian: median(ttas),
    ttaP90: p90(ttas),
    ttrMedian: median(ttrs),
    ttrP90: p90(ttrs),
    breaches: incidents.filter((i) => isBreach(i, now)).length,
  };
}

const SEVERITY_ORDER: readonly Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];
const NO_PLAYBOOK = 'none';

function keyOf(kind: GroupKind, i: IncidentFact): { key: string; label: string } {
  switch (kind) {
    case 'customer':
      return { key: i.customerId, label: i.customerName };
    case 'playbook':
      return i.playbookId === null
        ? { key: NO_PLAYBOOK, label: 'No playbook run' }
        : { key: i.playbookId, label: i.playbookTitle ?? i.playbookId };
    case 'severity':
      return { key: i.severity, label: i.severity.toUpperCase() };
    case 'week': {
      const w = utcWeek(i.clockStartAt);
      return { key: w, label: `Week of ${w}` };
    }
    case 'month': {
      const m = utcMonth(i.clockStartAt);
      return { key: m, label: m };
    }
  }
}

/**
 * Incidents grouped one way. Periods come out in time order, severities in severity order,
 * customers and playbooks busiest first.
 */
export function groupRestoration(
  kind: GroupKind,
  incidents: readonly IncidentFact[],
  now: Date,
): RestorationRow[] {
  const groups = new Map<string, { label: string; items: IncidentFact[] }>();
  for (const i of incidents) {
    const { key, label } = keyOf(kind, i);
    const g = groups.get(key);
    if (g) g.items.push(i);
    else groups.set(key, { label, items: [i] });
  }
  const rows = [...groups].map(([key, g]) => restorationRow(key, g.label, g.items, now));
  if (kind === 'week' || kind === 'month')
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (kind === 'severity')
    return rows.sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.key as Severity) - SEVERITY_ORDER.indexOf(b.key as Severity),
    );
  return rows.sort((a, b) => b.incidents - a.incidents || a.label.localeCompare(b.label));
}

/** Runs, restore rate and median time-to-restore per playbook, most runs first. */
export function playbookEffectiveness(runs: readonly RunFact[]): PlaybookEffectiveness[] {
  const by = new Map<string, RunFact[]>();
  for (const r of runs) {
    const list = by.get(r.playbookId);
    if (list) list.push(r);
    else by.set(r.playbookId, [r]);
  }
  return [...by]
    .map(([playbookId, rs]): PlaybookEffectiveness => {
      const restored = rs.filter((r) => r.outcome === 'restored');
      return {
        playbookId,
        title: rs[0]?.playbookTitle ?? playbookId,
        runs: rs.length,
        restored: restored.length,
        abandoned: rs.filter((r) => r.outcome === 'abandoned').length,
        open: rs.filter((r) => r.outcome === 'open').length,
        restoreRate: rs.length === 0 ? null : restored.length / rs.length,
        ttrMedian: median(restored.map((r) => r.minutesToRestore).filter((v): v is number => v !== null)),
      };
    })
    .sort((a, b) => b.runs - a.runs || a.title.localeCompare(b.title));
}

/**
 * Per playbook step: how often it failed or was skipped, and its median time (since the
 * run's previous record) against its time box. Most failed or skipped first.
 */
export function stepFigures(
  steps: readonly StepFact[],
  playbookTitles: ReadonlyMap<string, string>,
): StepFigure[] {
  const by = new Map<string, StepFact[]>();
  for (const s of steps) {
    const key = `${s.playbookId}\u0000${s.stepId}`;
    const list = by.get(key);
    if (list) list.push(s);
    else by.set(key, [s]);
  }
  return [...by.values()]
    .map((ss): StepFigure => {
      const first = ss[0] as StepFact;
      const seconds = median(ss.map((s) => s.secondsSincePrevious).filter((v): v is number => v !== null));
      const boxes = ss.map((s) => s.timeboxMinutes).filter((v): v is number => v !== null && v > 0);
      // The time box can differ between runs (overlays, later versions): the latest recorded is used.
      const timebox = boxes.length > 0 ? (boxes[boxes.length - 1] ?? null) : null;
      return {
        playbookId: first.playbookId,
        playbookTitle: playbookTitles.get(first.playbookId) ?? first.playbookId,
        stepId: first.stepId,
        stepTitle: first.stepTitle,
        recorded: ss.length,
        failed: ss.filter((s) => s.outcome === 'failed').length,
        skipped: ss.filter((s) => s.outcome === 'skipped').length,
        medianSeconds: seconds,
        timeboxMinutes: timebox,
        overTimebox: seconds === null || timebox === null ? null : seconds / (timebox * 60),
      };
    })
    .sort(
      (a, b) =>
        b.failed + b.skipped - (a.failed + a.skipped) ||
        (b.overTimebox ?? 0) - (a.overTimebox ?? 0) ||
        a.stepTitle.localeCompare(b.stepTitle),
    );
}
