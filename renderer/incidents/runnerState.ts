/**
 * The runner's own UI state: which step is selected, which step asks for a reason or a
 * note, and the drafts typed so far (kept across failed saves and re-renders).
 */
import { create } from 'zustand';
import type { PlaybookRun, RunStep } from '../../shared/incidents/model';

export type StepMode = 'skip' | 'fail' | null;

export const stepKey = (runId: string, stepId: string): string => `${runId}:${stepId}`;
export const actionKey = (runId: string, stepId: string): string => `step:${runId}:${stepId}`;

interface RunnerUi {
  readonly selected: string | null;
  readonly mode: StepMode;
  readonly drafts: Readonly<Record<string, string>>;
  select(key: string | null): void;
  setMode(mode: StepMode): void;
  setDraft(key: string, text: string): void;
  reset(): void;
}

export const useRunnerUi = create<RunnerUi>()((set, get) => ({
  selected: null,
  mode: null,
  drafts: {},
  select(selected) {
    if (selected !== get().selected) set({ selected, mode: null });
  },
  setMode(mode) {
    set({ mode });
  },
  setDraft(key, text) {
    set({ drafts: { ...get().drafts, [key]: text } });
  },
  reset() {
    set({ selected: null, mode: null, drafts: {} });
  },
}));

/** A step the engineer can still record: pending and not skipped by the customer's overlay. */
export const isOpenStep = (step: RunStep): boolean => step.state === 'pending' && step.skipReason === null;

/** The step to work on: the first open one of the latest run, else of any run. */
export function currentStep(runs: readonly PlaybookRun[]): string | null {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    const step = run?.steps.find(isOpenStep);
    if (run && step) return stepKey(run.runId, step.stepId);
  }
  return null;
}

/** Every step in order across runs, for J/K. */
export function allStepKeys(runs: readonly PlaybookRun[]): string[] {
  return runs.flatMap((run) => run.steps.map((s) => stepKey(run.runId, s.stepId)));
}

/** When the clock of each step started: the previous recorded step of the run, or the run's start. */
export function stepTimes(run: PlaybookRun): { since: number; took: ReadonlyMap<string, number> } {
  const start = Date.parse(run.startedAt);
  const recorded = run.steps
    .filter((s) => s.at !== null && s.skipReason === null)
    .map((s) => ({ id: s.stepId, at: Date.parse(s.at ?? '') }))
    .filter((s) => Number.isFinite(s.at))
    .sort((a, b) => a.at - b.at);
  const took = new Map<string, number>();
  let previous = start;
  for (const s of recorded) {
    took.set(s.id, Math.max(0, s.at - previous));
    previous = Math.max(previous, s.at);
  }
  return { since: previous, took };
}
