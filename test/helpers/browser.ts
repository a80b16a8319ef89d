import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.LIFELINE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, in a fresh profile, with the flags that keep it off the closed network. */
export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does).`);
  }
  // Its own profile folder, removed once the browser has closed: the per-test temp folders
  // are removed after each test, while a browser may live across a whole file.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.on('close', () => removeProfile(profile, 3));
  return context;
}

/**
 * Chromium's helper processes may still write into the profile for a moment after the
 * browser has closed: try again a little later, and leave a stray temp folder rather
 * than fail a test over it.
 */
function removeProfile(profile: string, triesLeft: number): void {
  try {
    fs.rmSync(profile, { recursive: true, force: true });
  } catch {
    if (triesLeft > 0) setTimeout(() => removeProfile(profile, triesLeft - 1), 500).unref();
  }
}

/** Collects console errors and CSP violations so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}

/** The app sets data-ready on <body> once its first screen has its data. */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
}
