/**
 * The desktop app's main process: one window serving the renderer from app://lifeline/,
 * the back end in a utility process, and the IPC between them. Everything the page may do
 * goes through `window.lifeline` (see preload.ts); everything else is refused here.
 * Bundled to out/electron/main.cjs next to preload.cjs and backend.cjs.
 */

import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  type IpcMainInvokeEvent,
  ipcMain,
  Menu,
  protocol,
  type Session,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import { isCallName, isEventName } from '../shared/api/contract';
import { CONTENT_SECURITY_POLICY } from '../shared/api/csp';
import { fail } from '../shared/api/result';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/api/transport';
import { BackendHost, type BackendHostOptions } from './backendHost';
import { sqliteBindingOverride } from './core/db/binding';
import { resolveDatabaseKey } from './core/db/keyStore';
import { makePrivateFolder } from './core/db/permissions';
import { PRODUCT_NAME } from './core/paths';
import type { SecretStore } from './core/secrets/store';
import { APP_VERSION } from './core/version';
import { buildAppMenu } from './menu';
import { databaseKeySealer, openSecretStore, secureStorageProblem } from './secrets';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  isAppUrl,
  isSafeExternalUrl,
  mimeTypeFor,
  resolveAppFile,
} from './security';
import { buildWindowOptions } from './windowOptions';
import { fitToDisplays, loadWindowState, saveWindowState, WINDOW_STATE_FILE } from './windowState';

/** out/electron → the project (dev) or app.asar (packaged) root. */
const appRoot = path.resolve(__dirname, '..', '..');
const rendererRoot = path.resolve(__dirname, '..', 'renderer');

// Must happen before 'ready': app:// behaves like https (standard URL parsing, secure
// context, fetch), so the renderer gets a real origin and 'self' in the CSP means it.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);
// Every renderer sandboxed, whatever options a future window is created with.
app.enableSandbox();

// The same folder the CLI uses (core/paths.ts), whatever directory Electron was started
// with; LIFELINE_USER_DATA gives tests their own folder. Set before the single-instance
// lock, which lives in this folder.
app.setName(PRODUCT_NAME);
app.setPath(
  'userData',
  process.env.LIFELINE_USER_DATA
    ? path.resolve(process.env.LIFELINE_USER_DATA)
    : path.join(app.getPath('appData'), PRODUCT_NAME),
);

let mainWindow: BrowserWindow | null = null;
let backend: BackendHost | null = null;

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** A call is accepted only from our window's top frame, showing our own origin. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const win = mainWindow;
  if (!win || win.isDestroyed() || event.sender.id !== win.webContents.id) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.frameTreeNodeId !== win.webContents.mainFrame.frameTreeNodeId) return false;
  return isAppUrl(frame.url);
}

/** The SQLite driver's binary built for Electron's ABI by build/scripts/electron-native.mjs. */
function electronSqliteBinding(): string | null {
  // Packaged apps get the driver rebuilt for Electron by electron-builder, and take no
  // driver from the environment.
  if (app.isPackaged) return null;
  const override = sqliteBindingOverride(process.env, { packaged: false });
  if (override) return override;
  const file = path.join(
    appRoot,
    'node_modules',
    '.cache',
    'lifeline',
    `better-sqlite3-multiple-ciphers-electron-${process.versions.electron}`,
    'better_sqlite3.node',
  );
  if (fs.existsSync(file)) return file;
  console.error(
    `[lifeline] ${file} is missing: the database driver is built for Node, not Electron. Run \`npm start\` to build it.`,
  );
  return null;
}

function harden(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // No new windows, ever. Web, mail and phone links go to the system's own apps.
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      shell
        .openExternal(url)
        .catch((err: unknown) => console.error(`[lifeline] could not open ${url}:`, err));
    }
    return { action: 'deny' };
  });
}

function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

function contentResponse(
  status: number,
  body: Uint8Array<ArrayBuffer> | string | null,
  contentType: string,
): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

async function serveAppFile(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return contentResponse(405, 'Method not allowed', 'text/plain; charset=utf-8');
  }
  const file = resolveAppFile(rendererRoot, request.url);
  if (!file) return contentResponse(404, 'Not found', 'text/plain; charset=utf-8');
  let served = file;
  let data: Buffer;
  try {
    data = await fs.promises.readFile(served);
  } catch {
    // Client-side routes (no extension) get the app's entry page.
    if (path.extname(file) !== '') return contentResponse(404, 'Not found', 'text/plain; charset=utf-8');
    served = path.join(rendererRoot, 'index.html');
    try {
      data = await fs.promises.readFile(served);
    } catch {
      return contentResponse(404, 'Not found', 'text/plain; charset=utf-8');
    }
  }
  return contentResponse(200, request.method === 'HEAD' ? null : new Uint8Array(data), mimeTypeFor(served));
}

function createMainWindow(): BrowserWindow {
  const stateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE);
  const saved = loadWindowState(stateFile);
  const state = saved
    ? fitToDisplays(
        saved,
        screen.getAllDisplays().map((d) => d.workArea),
      )
    : null;
  const win = new BrowserWindow(buildWindowOptions(state, path.join(__dirname, 'preload.cjs')));

  let shown = false;
  const show = (): void => {
    if (shown || win.isDestroyed()) return;
    shown = true;
    if (state?.maximized) win.maximize();
    win.show();
  };
  win.once('ready-to-show', show);
  // A page that fails to load must not leave an invisible window behind.
  win.webContents.once('did-fail-load', show);

  win.on('close', () => {
    try {
      const b = win.getNormalBounds();
      saveWindowState(stateFile, {
        x: b.x,
        y: b.y,
        width: b.width,
        height: b.height,
        maximized: win.isMaximized(),
      });
    } catch (err) {
      console.error('[lifeline] could not save the window size and position:', err);
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  win
    .loadURL(APP_ENTRY_URL)
    .catch((err: unknown) => console.error('[lifeline] the window failed to load:', err));
  return win;
}

/**
 * The database key, unsealed here (only this process has safeStorage) and handed to the
 * back end in its init message. A first run makes it and seals it next to the database.
 */
function databaseKey(dbPath: string): BackendHostOptions['dbKey'] {
  try {
    const sealer = databaseKeySealer();
    const resolved = resolveDatabaseKey(dbPath, { env: process.env, sealer, create: true });
    if (resolved?.created && resolved.source === 'key file') {
      console.warn(
        `[lifeline] the database key is in a plain key file (${resolved.file}, readable by you only): ${secureStorageProblem() ?? 'no OS keychain'}.`,
      );
    }
    return { key: resolved?.key ?? null };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

function startBackend(secrets: SecretStore): BackendHost {
  const userData = app.getPath('userData');
  // A first run (or LIFELINE_USER_DATA) may point at a folder that does not exist yet; it
  // holds the database and its key, so it is the user's alone (0700).
  makePrivateFolder(userData);
  const dbPath = path.join(userData, 'lifeline.db');
  const host = new BackendHost({
    modulePath: path.join(__dirname, 'backend.cjs'),
    dbPath,
    dbKey: databaseKey(dbPath),
    // The back end seeds only a database file it creates, so this is safe on every start.
    seedDemo: true,
    sqliteBinding: electronSqliteBinding(),
    packaged: app.isPackaged,
    secrets,
    onEvent: (event, payload) => {
      if (!isEventName(event)) return;
      const win = mainWindow;
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
    },
  });
  host.start();
  return host;
}

function registerIpc(host: BackendHost): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return fail('FORBIDDEN', 'This request did not come from the Lifeline window and was refused.');
    }
    if (!isCallName(name)) {
      return fail('UNKNOWN_CALL', `There is no call named "${String(name).slice(0, 100)}".`);
    }
    return host.call(name, input);
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Lifeline is running: it gets focus (second-instance below) and this one ends.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => harden(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && !mainWindow) mainWindow = createMainWindow();
  });

  let readyToQuit = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (readyToQuit || !backend) return;
    // Let the back end close the database cleanly first, then quit for real.
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void backend.stop().finally(() => {
      readyToQuit = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      protocol.handle(APP_SCHEME, serveAppFile);
      app.setAboutPanelOptions({
        applicationName: PRODUCT_NAME,
        applicationVersion: APP_VERSION,
        copyright: 'Incident-recovery console: restore first, diagnose later.',
      });
      Menu.setApplicationMenu(buildAppMenu());
      // safeStorage knows whether the OS has secure storage only once the app is ready.
      backend = startBackend(openSecretStore());
      registerIpc(backend);
      mainWindow = createMainWindow();
    })
    .catch((err: unknown) => {
      console.error('[lifeline] startup failed:', err);
      app.exit(1);
    });
}
