/**
 * The main window's options, as a pure function so the security settings are unit-tested
 * under plain Node (the 'electron' import is type-only and erased at build time).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { DEFAULT_WINDOW_STATE, MIN_HEIGHT, MIN_WIDTH, type WindowState } from './windowState';

/** The renderer's dark background, painted before the first frame so there is no white flash. */
export const WINDOW_BACKGROUND = '#0f1115';

export function buildWindowOptions(
  savedState: WindowState | null,
  preloadPath: string,
): BrowserWindowConstructorOptions {
  const state = savedState ?? DEFAULT_WINDOW_STATE;
  const position = state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {};
  return {
    title: 'Lifeline',
    width: state.width,
    height: state.height,
    ...position,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on 'ready-to-show', once the first frame is painted.
    show: false,
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      enableWebSQL: false,
      safeDialogs: true,
      disableDialogs: false,
    },
  };
}
