/**
 * The go-bag as PDF: its HTML printed by Debian's Chromium in headless mode, with a fresh
 * profile and no network features, from a file in a private temporary folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LifelineError } from '../../../shared/api/result';

export const CHROMIUM = process.env.LIFELINE_CHROMIUM ?? '/usr/bin/chromium';

export async function renderPdf(html: string, out: string, timeoutMs = 90_000): Promise<void> {
  if (!fs.existsSync(CHROMIUM))
    throw new LifelineError(
      'UNAVAILABLE',
      `PDF needs Chromium at ${CHROMIUM}, which is not installed (apt-get install -y chromium, or set LIFELINE_CHROMIUM). Export .html and print it from a browser instead.`,
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-gobag-'));
  try {
    const page = path.join(dir, 'gobag.html');
    const pdf = path.join(dir, 'gobag.pdf');
    fs.writeFileSync(page, html, 'utf8');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ];
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err = (err + b.toString('utf8')).slice(-4000);
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new LifelineError(
            'UNAVAILABLE',
            `Chromium did not finish printing the PDF within ${timeoutMs / 1000} s.`,
          ),
        );
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new LifelineError('UNAVAILABLE', `Could not start Chromium at ${CHROMIUM}: ${e.message}`));
      });
      child.on('close', () => {
        clearTimeout(timer);
        resolve(err);
      });
    });
    if (!fs.existsSync(pdf) || fs.statSync(pdf).size === 0) {
      const last = stderr.trim().split('\n').pop() ?? '';
      throw new LifelineError('INTERNAL', `Chromium did not write the PDF${last ? ` (${last})` : ''}.`);
    }
    fs.copyFileSync(pdf, out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTML page printed to PDF, as bytes (the temporary file is gone when this returns). */
export async function printPdf(html: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-print-'));
  try {
    const out = path.join(dir, 'out.pdf');
    await renderPdf(html, out);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
