/**
 * The console on demo data for an e2e file: `lifeline demo` into a temporary database,
 * `lifeline serve` on it and a Chromium context, set up before the file's tests and torn
 * down after; a failed test's pages are closed so they stop polling behind the next one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { type Served, startServe } from './serve';
import { CLI, ROOT } from './tmp';

/** Where e2e screenshots go. */
export const SHOTS = path.join(ROOT, 'test-results');

export interface DemoConsole {
  readonly served: Served;
  readonly browser: BrowserContext;
}

/** Registers the file's hooks; the returned object is filled in before its first test. */
export function demoConsoleForFile(
  name: string,
  options: { readonly clipboard?: boolean } = {},
): DemoConsole {
  const it: { served?: Served; browser?: BrowserContext } = {};
  let dir = '';
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Not tempDir(): that folder is removed after each test, and the server keeps this one open.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `lifeline-e2e-${name}-`));
    const dbPath = path.join(dir, 'demo.db');
    const made = spawnSync(process.execPath, [CLI, 'demo', '--db', dbPath], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(made.stderr);
    it.served = await startServe(['--db', dbPath]);
    it.browser = await launchBrowser();
    if (options.clipboard)
      await it.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: it.served.origin });
  });
  afterEach(async () => {
    for (const page of it.browser?.pages() ?? []) await page.close();
  });
  afterAll(async () => {
    await it.browser?.close();
    await it.served?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The demo console's ${what} is not started yet.`);
    return value;
  };
  return {
    get served() {
      return need(it.served, 'server');
    },
    get browser() {
      return need(it.browser, 'browser');
    },
  };
}
