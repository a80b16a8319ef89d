import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWindowOptions, WINDOW_BACKGROUND } from '../../electron/windowOptions';
import {
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  fitToDisplays,
  loadWindowState,
  MIN_HEIGHT,
  MIN_WIDTH,
  parseWindowState,
  saveWindowState,
} from '../../electron/windowState';

const PRELOAD = '/app/out/electron/preload.cjs';

describe('main window options', () => {
  const options = buildWindowOptions(null, PRELOAD);
  const prefs = options.webPreferences ?? {};

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('loads only the given preload script', () => {
    expect(prefs.preload).toBe(PRELOAD);
  });

  it('stays hidden until the first frame is ready, on a dark background', () => {
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(WINDOW_BACKGROUND).toMatch(/^#0f1115$/i);
  });

  it('opens at the default size, centred, with a minimum size, when nothing was saved', () => {
    expect(options.width).toBe(DEFAULT_WIDTH);
    expect(options.height).toBe(DEFAULT_HEIGHT);
    expect(options.x).toBeUndefined();
    expect(options.y).toBeUndefined();
    expect(options.minWidth).toBe(MIN_WIDTH);
    expect(options.minHeight).toBe(MIN_HEIGHT);
  });

  it('reopens where the window was left', () => {
    const o = buildWindowOptions({ x: 40, y: 60, width: 1400, height: 900, maximized: false }, PRELOAD);
    expect([o.x, o.y, o.width, o.height]).toEqual([40, 60, 1400, 900]);
    // Saved state never weakens the security settings.
    expect(o.webPreferences?.sandbox).toBe(true);
    expect(o.webPreferences?.contextIsolation).toBe(true);
  });
});

describe('saved window state', () => {
  it('accepts a well-formed state', () => {
    expect(parseWindowState({ x: 10, y: 20, width: 1300, height: 800, maximized: true })).toEqual({
      x: 10,
      y: 20,
      width: 1300,
      height: 800,
      maximized: true,
    });
  });

  it('drops a position that is missing or not a whole number, keeping the size', () => {
    expect(parseWindowState({ width: 1300, height: 800 })).toEqual({
      width: 1300,
      height: 800,
      maximized: false,
    });
    expect(parseWindowState({ x: 1.5, y: 2, width: 1300, height: 800 })).toEqual({
      width: 1300,
      height: 800,
      maximized: false,
    });
    expect(parseWindowState({ x: '10', y: 20, width: 1300, height: 800 })).not.toHaveProperty('x');
  });

  it('refuses damaged or hostile content', () => {
    for (const raw of [
      null,
      'big',
      [],
      {},
      { width: -5, height: 800 },
      { width: Number.NaN, height: 800 },
      { width: 1e9, height: 800 },
      { width: 1300, height: Number.POSITIVE_INFINITY },
    ]) {
      expect(parseWindowState(raw)).toBeNull();
    }
  });

  it('never restores a window smaller than the minimum size', () => {
    expect(parseWindowState({ width: 100, height: 50 })).toEqual({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
      maximized: false,
    });
  });

  it('keeps a position that is on a display', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    expect(fitToDisplays({ x: 100, y: 100, width: 1200, height: 800, maximized: false }, screen)).toEqual({
      x: 100,
      y: 100,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('forgets a position on a display that is no longer connected, and fits the size', () => {
    const laptop = [{ x: 0, y: 0, width: 1366, height: 728 }];
    const fitted = fitToDisplays({ x: 2200, y: 100, width: 1800, height: 1000, maximized: true }, laptop);
    expect(fitted).toEqual({ width: 1366, height: 728, maximized: true });
  });

  it('keeps a position on a second display left of the first', () => {
    const displays = [
      { x: 0, y: 0, width: 1920, height: 1040 },
      { x: -1280, y: 0, width: 1280, height: 984 },
    ];
    expect(
      fitToDisplays({ x: -1200, y: 40, width: 1000, height: 700, maximized: false }, displays),
    ).toMatchObject({
      x: -1200,
      y: 40,
    });
  });

  describe('file', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });
    const tempFile = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-window-state-'));
      dirs.push(dir);
      return path.join(dir, 'window-state.json');
    };

    it('round-trips through the file', () => {
      const file = tempFile();
      const state = { x: 5, y: 6, width: 1000, height: 700, maximized: false };
      saveWindowState(file, state);
      expect(loadWindowState(file)).toEqual(state);
    });

    it('treats a missing or corrupt file as nothing saved', () => {
      const file = tempFile();
      expect(loadWindowState(file)).toBeNull();
      fs.writeFileSync(file, '{"width": 1000, "height":');
      expect(loadWindowState(file)).toBeNull();
    });
  });
});
