/**
 * The console as an engineer feels it, in Debian's Chromium through `lifeline serve`:
 * open → interactive, keystroke in the palette → results painted, JS heap after browsing.
 * Times are taken inside the page (performance.now, event timeStamp, requestAnimationFrame),
 * so the driver's own latency is not in them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BenchQuery } from './queries';
import { type BenchRow, percentile, row, skipped } from './report';

export const CHROMIUM = process.env.LIFELINE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags test/helpers/browser.ts uses: headless, and off the network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Installed in every page before its scripts run. It notes when <body data-ready> is set,
 * and measures a keystroke: keydown (event timeStamp) → the search:query answer for what
 * is typed → the first change of the result list after it → the frame that shows it
 * (requestAnimationFrame, then the task after that frame). When the answer changes
 * nothing in the list, the frame after the answer counts.
 * Plain JavaScript in a string, so no bundler rewrites what runs in the page.
 */
const PAGE_SCRIPT = `(() => {
  const b = { ready: null, state: null };
  window.__bench = b;
  new MutationObserver(() => {
    if (b.ready === null && document.body && document.body.dataset.ready === 'true') b.ready = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  const afterFrame = (fn) => requestAnimationFrame(() => setTimeout(() => fn(performance.now()), 0));
  addEventListener('keydown', (e) => {
    const s = b.state;
    if (s && s.keydown === null) s.keydown = e.timeStamp;
  }, true);
  addEventListener('input', () => {
    const s = b.state;
    if (s && s.echo === null) { s.echo = -1; afterFrame((t) => { s.echo = t; }); }
  }, true);
  const done = (s, t) => {
    if (s.painted !== null) return;
    s.painted = t;
    if (s.observer) s.observer.disconnect();
    if (s.resolve) s.resolve();
  };
  const answered = (q) => {
    const s = b.state;
    if (!s || s.q !== q || s.keydown === null || s.answeredAt !== null) return;
    s.answeredAt = performance.now();
    const list = document.getElementById('palette-results');
    if (list) {
      s.observer = new MutationObserver(() => { s.observer.disconnect(); afterFrame((t) => done(s, t)); });
      s.observer.observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
    }
    let frames = 0;
    const quiet = () => { if (s.painted !== null) return; if (++frames >= 4) afterFrame((t) => done(s, t)); else requestAnimationFrame(quiet); };
    requestAnimationFrame(quiet);
  };
  const origFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await origFetch(input, init);
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (url.indexOf('/api/call/search:query') >= 0 && init && typeof init.body === 'string') {
      let q = null;
      try { q = JSON.parse(init.body).query; } catch (e) {}
      const json = res.json.bind(res);
      res.json = async () => { const v = await json(); answered(q); return v; };
    }
    return res;
  };
  b.arm = (q) => { b.state = { q, keydown: null, echo: null, answeredAt: null, painted: null, observer: null, resolve: null }; };
  b.result = (timeoutMs) => new Promise((resolve) => {
    const s = b.state;
    const finish = () => resolve({ total: s.painted === null ? null : s.painted - s.keydown,
      echo: s.echo === null || s.echo < 0 || s.keydown === null ? null : s.echo - s.keydown });
    if (s.painted !== null) return finish();
    s.resolve = finish;
    setTimeout(finish, timeoutMs);
  });
})();`;

/** `lifeline serve` processes still running, so an interrupted bench can stop them. */
const running = new Set<ChildProcess>();

export function stopServers(): void {
  for (const child of running) child.kill('SIGTERM');
}

interface Host {
  readonly origin: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** `lifeline serve` as its own process, as a user runs it; resolves on the URL it prints. */
function serve(cli: string, dbPath: string): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`lifeline serve printed no URL in 30 s: ${output.slice(0, 500)}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Lifeline console: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(output);
      if (!m?.[1] || !m[2]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        origin: m[1],
        token: m[2],
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lifeline serve exited with ${code}: ${output.slice(0, 500)}`));
    });
  });
}

export interface RendererOptions {
  /** out/cli.mjs, which serves out/renderer. */
  readonly cli: string;
  readonly staticDir: string;
  readonly dbPath: string;
  readonly queries: readonly BenchQuery[];
  readonly keystrokes: number;
  readonly loads: number;
  /** Ids to browse to before the heap is read. */
  readonly browse: { readonly customers: readonly string[]; readonly assets: readonly string[] };
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

export interface RendererOutcome {
  readonly rows: BenchRow[];
  readonly chromium: string | null;
}

const NAMES = {
  open: 'open → interactive',
  key: 'keystroke → results painted p95',
  echo: 'keystroke → input painted p95',
  heap: 'JS heap after browsing',
} as const;

const BUDGETS = {
  open: { text: '≤ 500 ms', maxFigure: 500 },
  key: { text: '≤ 30 ms', maxFigure: 30 },
  heap: { text: '≤ 100 MB', maxFigure: 100 },
} as const;

function allSkipped(reason: string): RendererOutcome {
  return {
    chromium: null,
    rows: [
      skipped(NAMES.open, 'ms', reason, BUDGETS.open),
      skipped(NAMES.key, 'ms', reason, BUDGETS.key),
      skipped(NAMES.heap, 'MB', reason, BUDGETS.heap),
    ],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize / 1e6;
  } finally {
    await cdp.detach();
  }
}

export async function rendererRows(opts: RendererOptions): Promise<RendererOutcome> {
  if (!fs.existsSync(path.join(opts.staticDir, 'index.html')))
    return allSkipped(`the console is not built (${opts.staticDir}): run "npm run build"`);
  if (!fs.existsSync(opts.cli)) return allSkipped(`${opts.cli} is missing: run "npm run build"`);
  if (!fs.existsSync(CHROMIUM))
    return allSkipped(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    return allSkipped('playwright-core is not installed (a dev dependency: run "npm install")');
  }
  let browser: Browser | undefined;
  let host: Host | undefined;
  try {
    host = await serve(opts.cli, opts.dbPath);
    browser = await playwright.chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const chromium = browser.version();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: PAGE_SCRIPT });
    const url = `${host.origin}/?token=${encodeURIComponent(host.token)}`;

    // Baseline: what any page costs this browser, navigation start → load.
    const blank = await context.newPage();
    const blankLoads: number[] = [];
    for (let i = 0; i < Math.max(2, opts.loads); i++) {
      await blank.goto('data:text/html,<!doctype html><title>blank</title><p>blank</p>');
      blankLoads.push(
        await blank.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          return n && n.loadEventEnd > 0 ? n.loadEventEnd : performance.now();
        }),
      );
    }
    const blankHeap = await heapMb(blank);
    await blank.close();

    // Open → interactive: navigation start (performance.now() = 0) → body[data-ready].
    opts.log(`  renderer: ${opts.loads} loads of the console`);
    const loads: number[] = [];
    for (let i = 0; i < opts.loads; i++) {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      loads.push(
        await page.evaluate(() => (window as unknown as { __bench: { ready: number } }).__bench.ready),
      );
      await page.close();
    }

    // Keystrokes in the palette, one at a time, each waited for.
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Command palette' });
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    const totals: number[] = [];
    const echoes: number[] = [];
    let missed = 0;
    let typed = 0;
    const typedQueries: string[] = [];
    const typeable = opts.queries.filter((q) => q.text.length >= 3);
    opts.log(`  renderer: ${opts.keystrokes} keystrokes in the palette`);
    for (let qi = 0; typed < opts.keystrokes && typeable.length > 0; qi++) {
      const q = typeable[qi % typeable.length]?.text ?? '';
      typedQueries.push(q);
      for (let c = 1; c <= q.length && typed < opts.keystrokes; c++) {
        const expected = q.slice(0, c).trim();
        if (expected === '') continue;
        await page.evaluate(
          (e) => (window as unknown as { __bench: { arm(q: string): void } }).__bench.arm(e),
          expected,
        );
        await page.keyboard.press(q[c - 1] ?? ' ');
        const r = await page.evaluate(() =>
          (
            window as unknown as {
              __bench: { result(t: number): Promise<{ total: number | null; echo: number | null }> };
            }
          ).__bench.result(3000),
        );
        typed++;
        if (r.total === null) missed++;
        else totals.push(r.total);
        if (r.echo !== null) echoes.push(r.echo);
        await sleep(20);
      }
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Backspace');
      await sleep(200);
    }
    // Baseline: the same requests straight from the page, answer read, next frame.
    const roundTrips = await page.evaluate(async (queries: string[]) => {
      const token = sessionStorage.getItem('lifeline.token') ?? '';
      const out: number[] = [];
      for (const q of queries) {
        for (let c = 1; c <= q.length; c++) {
          const t0 = performance.now();
          const res = await fetch('/api/call/search:query', {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              query: q.slice(0, c).trim(),
              limit: 40,
              kinds: ['customer', 'asset', 'contact', 'vendor'],
            }),
          });
          await res.json();
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          out.push(performance.now() - t0);
        }
      }
      return out;
    }, typedQueries);
    await page.keyboard.press('Escape');

    // Browsing: customer cards and graphs, assets, playbooks, incidents, blast radius.
    const hashes = [
      ...opts.browse.customers.flatMap((id) => [`#/customers/${id}`, `#/customers/${id}/graph`]),
      ...opts.browse.assets.map((id) => `#/assets/${id}`),
      '#/playbooks',
      '#/incidents',
      '#/blast',
      '#/customers',
    ];
    opts.log(`  renderer: browsing ${hashes.length} screens`);
    for (const h of hashes) {
      await page.evaluate((hash) => {
        location.hash = hash;
      }, h);
      await sleep(opts.quick ? 250 : 600);
    }
    const heap = await heapMb(page);
    await page.close();
    await context.close();

    const rows: BenchRow[] = [
      row(NAMES.open, percentile(loads, 50), 'ms', {
        baseline: { value: percentile(blankLoads, 50), name: 'blank page load' },
        budget: BUDGETS.open,
        note: `median of ${loads.length} loads (first ${loads[0]?.toFixed(0)} ms, slowest ${Math.max(...loads).toFixed(0)} ms), navigation start → body[data-ready]`,
      }),
      totals.length > 0
        ? row(NAMES.key, percentile(totals, 95), 'ms', {
            baseline: { value: percentile(roundTrips, 95), name: 'page fetch search:query + frame' },
            budget: BUDGETS.key,
            note: `${totals.length} keystrokes (p50 ${percentile(totals, 50).toFixed(1)} ms)${missed > 0 ? `, ${missed} with no answer in 3 s left out` : ''}; keydown → list updated → next frame (the palette asks on every keystroke)`,
          })
        : skipped(NAMES.key, 'ms', 'no keystroke was answered in 3 s', BUDGETS.key),
      row(NAMES.echo, percentile(echoes, 95), 'ms', {
        note: 'keydown → the typed character on screen (for reference: no budget)',
      }),
      row(NAMES.heap, heap, 'MB', {
        baseline: { value: blankHeap, name: 'blank page' },
        budget: BUDGETS.heap,
        note: `used JS heap after GC, after ${hashes.length} screens and ${typed} keystrokes`,
      }),
    ];
    return { rows, chromium };
  } catch (err) {
    const out = allSkipped(
      `the browser run failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
    return { ...out, chromium: browser?.version() ?? null };
  } finally {
    await browser?.close().catch(() => undefined);
    await host?.stop();
  }
}
