/** Editors opened from anywhere (the palette): which one is open. The App frame renders it. */
import { create } from 'zustand';

interface GlobalEditorState {
  readonly newCustomer: boolean;
  openNewCustomer(): void;
  close(): void;
}

export const useGlobalEditors = create<GlobalEditorState>()((set) => ({
  newCustomer: false,
  openNewCustomer: () => set({ newCustomer: true }),
  close: () => set({ newCustomer: false }),
}));
