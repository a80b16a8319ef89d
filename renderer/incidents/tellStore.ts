/** Opens "Tell the customer" from anywhere on the runner (a communicate step, the palette, the T key). */
import { create } from 'zustand';

/** A communicate step the update was opened from: recorded done once the update is sent. */
export interface FromStep {
  readonly runId: string;
  readonly stepId: string;
  readonly title: string;
}

interface TellState {
  readonly open: { readonly fromStep: FromStep | null } | null;
  show(fromStep?: FromStep | null): void;
  close(): void;
}

export const useTellCustomer = create<TellState>()((set) => ({
  open: null,
  show: (fromStep = null) => set({ open: { fromStep } }),
  close: () => set({ open: null }),
}));
