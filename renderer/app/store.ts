/** App-wide state: what the console runs on, preferences (theme), notices, readiness. */
import { create } from 'zustand';
import type { AppInfo, Theme } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/result';
import { type AccessRefusal, api, type LinkState } from '../api/client';
import { adviseOn, type ErrorAdvice } from './errors';

export interface Toast extends ErrorAdvice {
  readonly id: number;
  readonly tone: 'error' | 'info';
}

type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly error: ApiError };

interface AppState {
  readonly info: Loadable<AppInfo>;
  readonly theme: Theme;
  readonly accessDenied: AccessRefusal | null;
  readonly link: LinkState;
  readonly toasts: readonly Toast[];
  loadInfo(): Promise<void>;
  loadSettings(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  toggleTheme(): Promise<void>;
  reportError(error: ApiError, doing: string): void;
  notify(title: string, detail?: string): void;
  dismissToast(id: number): void;
}

const THEME_CACHE_KEY = 'lifeline.theme';
let nextToastId = 1;

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    // Only a first-paint hint; the setting of record lives in the back end.
    localStorage.setItem(THEME_CACHE_KEY, theme);
  } catch {
    // Storage may be disabled; the theme still applies for this session.
  }
}

function cachedTheme(): Theme {
  try {
    return localStorage.getItem(THEME_CACHE_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export const useApp = create<AppState>()((set, get) => ({
  info: { status: 'loading' },
  theme: cachedTheme(),
  accessDenied: null,
  link: 'connecting',
  toasts: [],

  async loadInfo() {
    const result = await api.call('app:info', {});
    if (result.ok) set({ info: { status: 'ready', value: result.value } });
    else if (get().info.status !== 'ready') set({ info: { status: 'failed', error: result.error } });
  },

  async loadSettings() {
    const result = await api.call('settings:get', {});
    if (result.ok) {
      applyTheme(result.value.theme);
      set({ theme: result.value.theme });
    } else if (!get().accessDenied) {
      get().reportError(result.error, 'load your preferences');
    }
  },

  async setTheme(theme) {
    const previous = get().theme;
    applyTheme(theme);
    set({ theme });
    const result = await api.call('settings:update', { theme });
    if (result.ok) {
      applyTheme(result.value.theme);
      set({ theme: result.value.theme });
    } else {
      applyTheme(previous);
      set({ theme: previous });
      get().reportError(result.error, 'save the theme');
    }
  },

  toggleTheme() {
    return get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },

  reportError(error, doing) {
    if (get().accessDenied) return;
    const toast: Toast = { id: nextToastId++, tone: 'error', ...adviseOn(error, doing) };
    set({ toasts: [...get().toasts.slice(-3), toast] });
  },

  notify(title, detail = '') {
    const toast: Toast = { id: nextToastId++, tone: 'info', title, detail, hint: '' };
    set({ toasts: [...get().toasts.slice(-3), toast] });
    setTimeout(() => get().dismissToast(toast.id), 4000);
  },

  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** Wires the app store to the back end: events, access refusal, first loads. */
export function startApp(): void {
  applyTheme(useApp.getState().theme);
  api.onAccessDenied((reason) => useApp.setState({ accessDenied: reason }));
  api.onLinkState((link) => useApp.setState({ link }));
  api.on('data:changed', ({ domains }) => {
    if (domains.includes('settings')) void useApp.getState().loadSettings();
    // Record counts in the status bar follow the catalog.
    if (domains.includes('customers') || domains.includes('playbooks')) void useApp.getState().loadInfo();
  });
  void useApp.getState().loadInfo();
  void useApp.getState().loadSettings();
}

let screenSettled = false;

/**
 * The readiness signal end-to-end tests wait for (`body[data-ready="true"]`): the first
 * screen has its data (or is showing why not) and the status bar knows what it runs on.
 */
export function markReady(): void {
  screenSettled = true;
  updateReadiness();
}

function updateReadiness(): void {
  if (document.body.dataset.ready === 'true') return;
  if (screenSettled && useApp.getState().info.status !== 'loading') document.body.dataset.ready = 'true';
}

useApp.subscribe(updateReadiness);
