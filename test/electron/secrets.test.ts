/**
 * The central password in the real desktop app: the page hands it to the back end
 * (sync:configure), the back end asks the main process to keep it, and main seals it with
 * safeStorage into <userData>/secrets/central-password.bin. No file anywhere under the
 * user data folder may hold the plaintext. Where the OS has no real secure storage (Linux
 * without a keyring), main keeps it in memory and writes no secret file at all.
 * Where the Electron runtime is missing (or there is no display), the suite reports itself
 * skipped with the reason; it never triggers the download.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../electron/core/sync/embedded';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainScript = path.join(root, 'out', 'electron', 'main.cjs');

type Runtime =
  | { readonly available: true; readonly executable: string }
  | { readonly available: false; readonly reason: string };

/** Mirrors node_modules/electron/index.js without its download fallback (as shell.test.ts). */
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
  const version = (
    JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const driver = path.join(
    root,
    'node_modules',
    '.cache',
    'lifeline',
    `better-sqlite3-multiple-ciphers-electron-${version}`,
    'better_sqlite3.node',
  );
  // The back end, which asks for the secret, cannot start without it.
  if (!fs.existsSync(driver)) {
    return { available: false, reason: `the SQLite driver for Electron is not built (${driver}; npm start)` };
  }
  return { available: true, executable };
}

const runtime = findElectronRuntime();
if (!runtime.available) console.log(`test/electron/secrets.test.ts skipped: ${runtime.reason}.`);

/** Distinctive, so finding it in any file cannot be a coincidence. */
const PASSWORD = `central-pw-${process.pid}-Zq7!xK`;

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full));
    else if (entry.isFile()) found.push(full);
  }
  return found;
}

function holdsPlaintext(file: string): boolean {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return false; // Gone or locked meanwhile (Chromium's own files): nothing of ours.
  }
  return [
    Buffer.from(PASSWORD, 'utf8'),
    Buffer.from(PASSWORD, 'utf16le'),
    Buffer.from(Buffer.from(PASSWORD).toString('base64')),
  ].some((form) => bytes.includes(form));
}

async function waitFor(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe.skipIf(!runtime.available)('the central password in the desktop app', () => {
  let app: ElectronApplication | null = null;
  let page: Page;
  let userData: string;
  let secretFile: string;
  /** What main should have chosen, asked of safeStorage directly. */
  let expectedKind: 'os-keychain' | 'session';

  const invoke = (name: string, input: unknown): Promise<unknown> =>
    page.evaluate(
      ([n, i]) =>
        (
          Reflect.get(globalThis, 'lifeline') as { invoke(name: string, input: unknown): Promise<unknown> }
        ).invoke(n as string, i),
      [name, input] as const,
    );

  beforeAll(async () => {
    if (!runtime.available) return;
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-electron-secrets-'));
    secretFile = path.join(userData, 'secrets', 'central-password.bin');
    const args = [mainScript];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    app = await _electron.launch({
      executablePath: runtime.executable,
      args,
      cwd: root,
      env: { ...process.env, LIFELINE_USER_DATA: userData },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expectedKind = await app.evaluate(({ safeStorage }) =>
      safeStorage.isEncryptionAvailable() &&
      (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
        ? 'os-keychain'
        : 'session',
    );
  });

  afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('keeps the password given to sync:configure sealed, never as plaintext', async () => {
    const port = await freePort();
    const result = await invoke('sync:configure', {
      url: `postgres://engineer@127.0.0.1:${port}/lifeline`,
      sslmode: 'disable',
      password: PASSWORD,
    });
    expect(result).toMatchObject({ ok: true, value: { passwordStore: expectedKind } });

    if (expectedKind === 'os-keychain') {
      expect(await waitFor(() => fs.existsSync(secretFile)), `${secretFile} was not written`).toBe(true);
      expect(holdsPlaintext(secretFile)).toBe(false);
      if (process.platform !== 'win32') expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
      // It is the password, sealed with this computer's key: main can open it again.
      const bytes = [...fs.readFileSync(secretFile)];
      const opened = await app?.evaluate(
        ({ safeStorage }, sealed) => safeStorage.decryptString(Buffer.from(sealed)),
        bytes,
      );
      expect(opened).toBe(PASSWORD);
    } else {
      // No secure storage: memory only, nothing on disk, and the status says so.
      const secretsDir = path.join(userData, 'secrets');
      expect(fs.existsSync(secretsDir) ? fs.readdirSync(secretsDir) : []).toEqual([]);
    }
  });

  it('forgets the password on sync:disconnect', async () => {
    const result = await invoke('sync:disconnect', {});
    expect(result).toMatchObject({ ok: true });
    expect(await waitFor(() => !fs.existsSync(secretFile))).toBe(true);
  });

  it('leaves the plaintext in no file under the user data folder', async () => {
    await invoke('sync:configure', {
      url: 'postgres://engineer@127.0.0.1:1/lifeline',
      sslmode: 'disable',
      password: PASSWORD,
    });
    // Closed first, so the database is checkpointed and every file is complete.
    await app?.close();
    app = null;
    const leaks = filesUnder(userData).filter(holdsPlaintext);
    expect(leaks).toEqual([]);
  });
});
