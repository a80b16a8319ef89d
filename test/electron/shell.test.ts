/**
 * The desktop shell in the real Electron runtime (Playwright's Electron driver): the page
 * is isolated from Node, sees only `window.lifeline`, cannot navigate away or open windows.
 * Where the Electron runtime binary was never downloaded (or there is no display), the
 * suite reports itself skipped with the reason; it never triggers the download.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainScript = path.join(root, 'out', 'electron', 'main.cjs');

type Runtime =
  | { readonly available: true; readonly executable: string }
  | { readonly available: false; readonly reason: string };

/** Mirrors node_modules/electron/index.js without its download fallback. */
function findElectronRuntime(): Runtime {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return {
      available: false,
      reason: 'the Electron runtime binary was never downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const executable = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(executable))
    return { available: false, reason: `the Electron runtime binary ${executable} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { available: false, reason: 'there is no display (run the tests under xvfb-run)' };
  }
  if (!fs.existsSync(mainScript))
    return { available: false, reason: `${mainScript} is not built (npm run build)` };
  return { available: true, executable };
}

function electronVersion(): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return pkg.version;
}

const runtime = findElectronRuntime();
if (!runtime.available) console.log(`test/electron/shell.test.ts skipped: ${runtime.reason}.`);

/** The database driver built for Electron (build/scripts/electron-native.mjs); without it the back end cannot open the database. */
const sqliteForElectron = runtime.available
  ? fs.existsSync(
      path.join(
        root,
        'node_modules',
        '.cache',
        'lifeline',
        `better-sqlite3-multiple-ciphers-electron-${electronVersion()}`,
        'better_sqlite3.node',
      ),
    )
  : false;

describe.skipIf(!runtime.available)('desktop shell', () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  beforeAll(async () => {
    if (!runtime.available) return;
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-electron-'));
    const args = [mainScript];
    // Chromium refuses to run as root with its sandbox (containers, CI); the page's
    // web preferences are still checked below.
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    app = await _electron.launch({
      executablePath: runtime.executable,
      args,
      cwd: root,
      env: { ...process.env, LIFELINE_USER_DATA: userData },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('serves the console from the app origin', () => {
    expect(page.url()).toMatch(/^app:\/\/lifeline\//);
  });

  it('runs the window with the hardened web preferences', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as
        | { getLastWebPreferences?: () => Record<string, unknown> }
        | undefined;
      const all = contents?.getLastWebPreferences?.();
      if (!all) return null;
      const picked: Record<string, unknown> = {};
      for (const key of Object.keys(all)) {
        const value = all[key];
        if (typeof value === 'boolean' || typeof value === 'string') picked[key] = value;
      }
      return picked;
    });
    expect(prefs, 'webContents.getLastWebPreferences() is not available in this Electron').not.toBeNull();
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    // Reported by some Electron versions only; checked where present.
    const optional = {
      nodeIntegrationInWorker: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    } as const;
    for (const [key, expected] of Object.entries(optional)) {
      if (prefs && key in prefs) expect(prefs[key], key).toBe(expected);
    }
  });

  it('gives the page no Node.js or Electron', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof Reflect.get(globalThis, 'require'),
      process: typeof Reflect.get(globalThis, 'process'),
      module: typeof Reflect.get(globalThis, 'module'),
      Buffer: typeof Reflect.get(globalThis, 'Buffer'),
      ipcRenderer: typeof Reflect.get(globalThis, 'ipcRenderer'),
      electron: typeof Reflect.get(globalThis, 'electron'),
    }));
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      ipcRenderer: 'undefined',
      electron: 'undefined',
    });
  });

  it('exposes only invoke and on as window.lifeline', async () => {
    const bridge = await page.evaluate(() => {
      const lifeline = Reflect.get(globalThis, 'lifeline') as Record<string, unknown>;
      return {
        keys: Object.getOwnPropertyNames(lifeline).sort(),
        invoke: typeof lifeline.invoke,
        on: typeof lifeline.on,
      };
    });
    expect(bridge).toEqual({ keys: ['invoke', 'on'], invoke: 'function', on: 'function' });
  });

  it('refuses a call name that is not in the contract', async () => {
    const result = await page.evaluate(() => {
      const lifeline = Reflect.get(globalThis, 'lifeline') as {
        invoke(name: string, input: unknown): Promise<unknown>;
      };
      return lifeline.invoke('shell:exec', { command: 'id' });
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it.skipIf(!sqliteForElectron)('answers a call from the back end process over IPC', async () => {
    const result = await page.evaluate(() => {
      const lifeline = Reflect.get(globalThis, 'lifeline') as {
        invoke(name: string, input: unknown): Promise<unknown>;
      };
      return lifeline.invoke('app:info', {});
    });
    expect(result).toMatchObject({ ok: true, value: { transport: 'ipc' } });
  });

  it('sends the strict content security policy with the page', async () => {
    const csp = await page.evaluate(async () =>
      (await fetch(location.href)).headers.get('content-security-policy'),
    );
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  it('blocks navigation away from the app', async () => {
    // Arm a probe in the main process that resolves once the navigation was attempted.
    await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      const attempted = new Promise<string>((resolve) => {
        contents?.once('will-navigate', (event) => setImmediate(() => resolve(event.url)));
      });
      Reflect.set(globalThis, '__lifelineNavigationAttempt', attempted);
    });
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    const attempted = await app.evaluate(
      () => Reflect.get(globalThis, '__lifelineNavigationAttempt') as Promise<string>,
    );
    expect(attempted).toBe('https://example.com/');
    expect(await page.evaluate(() => location.href)).toMatch(/^app:\/\/lifeline\//);
    const windowUrl = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.webContents.getURL(),
    );
    expect(windowUrl).toMatch(/^app:\/\/lifeline\//);
  });

  it('opens no new windows', async () => {
    // Neither a blank page nor the app itself; external links (not used here, they would
    // start the system browser) are handed to the operating system, never to a new window.
    const opened = await page.evaluate(() => [
      window.open('about:blank') === null,
      window.open('app://lifeline/index.html') === null,
      window.open('file:///etc/hosts') === null,
    ]);
    expect(opened).toEqual([true, true, true]);
    expect(app.windows()).toHaveLength(1);
  });
});
