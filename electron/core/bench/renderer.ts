/**
 * The console as an engineer feels it, in Debian's Chromium through `lifeline serve`:
 * open → interactive, keystroke in the palette → results painted, JS heap after browsing.
 * Times are taken inside the page (performance.now, event timeStamp, requestAnimationFrame),
 * so the driver's own latency is not in them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PALETTE_HIT_LIMIT } from '../../../shared/catalog/searchLimits';
import type { BenchQuery } from './queries';
import { type BenchRow, percentileRow, row, skipped } from './report';

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
 * and measures a keystroke: keydown (event timeStamp) → the palette has applied the answer
 * for what is typed (it sets data-answer-for to that query and bumps data-answer-seq on its
 * result list when it renders an answer, changed or not) → the frame that shows it
 * (requestAnimationFrame, then the task after that frame). It also keeps the bodies of the
 * search:query requests the palette sent, so the baseline can send exactly those.
 * Plain JavaScript in a string, so no bundler rewrites what runs in the page.
 */
const PAGE_SCRIPT = `(() => {
  const b = { ready: null, state: null, requests: [] };
  window.__bench = b;
  const afterFrame = (fn) => requestAnimationFrame(() => setTimeout(() => fn(performance.now()), 0));
  const done = (s, t) => {
    if (s.painted !== null) return;
    s.painted = t;
    if (s.resolve) s.resolve();
  };
  const answerSeq = () => {
    const list = document.getElementById('palette-results');
    return list ? Number(list.dataset.answerSeq || 0) : 0;
  };
  new MutationObserver((records) => {
    if (b.ready === null && document.body && document.body.dataset.ready === 'true') b.ready = performance.now();
    const s = b.state;
    if (!s || s.keydown === null || s.applied) return;
    for (const r of records) {
      const el = r.target;
      if (el.id !== 'palette-results' || r.attributeName !== 'data-answer-seq') continue;
      if (el.dataset.answerFor === s.q && Number(el.dataset.answerSeq || 0) > s.seq) {
        s.applied = true;
        afterFrame((t) => done(s, t));
        return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready', 'data-answer-seq'] });
  addEventListener('keydown', (e) => {
    const s = b.state;
    if (s && s.keydown === null) s.keydown = e.timeStamp;
  }, true);
  addEventListener('input', () => {
    const s = b.state;
    if (s && s.echo === null) { s.echo = -1; afterFrame((t) => { s.echo = t; }); }
  }, true);
  const origFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (b.state && url.indexOf('/api/call/search:query') >= 0 && init && init.body) {
      const body = init.body;
      // The console sends its JSON encoded (a Uint8Array), to check its size before sending.
      b.requests.push(typeof body === 'string' ? body : ArrayBuffer.isView(body) ? new TextDecoder().decode(body) : String(body));
    }
    return origFetch(input, init);
  };
  // The baseline's round trip: the same request body with fetch, answer read, then the next frame.
  b.roundTrip = async (body) => {
    const t0 = performance.now();
    const res = await origFetch('/api/call/search:query', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + (sessionStorage.getItem('lifeline.token') || ''), 'Content-Type': 'application/json' },
      body,
    });
    await res.json();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  };
  b.arm = (q) => { b.state = { q, seq: answerSeq(), from: b.requests.length, keydown: null, echo: null, applied: false, painted: null, resolve: null }; };
  b.result = (timeoutMs) => new Promise((resolve) => {
    const s = b.state;
    const finish = () => resolve({ total: s.painted === null ? null : s.painted - s.keydown,
      echo: s.echo === null || s.echo < 0 || s.keydown === null ? null : s.echo - s.keydown,
      body: b.requests[s.from] ?? null });
    if (s.painted !== null) return finish();
    s.resolve = finish;
    setTimeout(finish, timeoutMs);
  });
})();`;

/**
 * The open → interactive baseline: a page that loads one script of the console's main
 * chunk size (a comment of that many bytes, then a line that marks the body ready), from a
 * bare Node HTTP server on 127.0.0.1 — transport, parse and first paint, no application.
 */
function baselineServer(scriptBytes: number): Promise<{ url: string; close(): Promise<void> }> {
  const tail = "\ndocument.body.dataset.ready = 'true';\n";
  const script = `/*${'x'.repeat(Math.max(0, scriptBytes - tail.length - 4))}*/${tail}`;
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>' +
    '<script type="module" src="/main.js"></script></head><body><div id="root">baseline</div></body></html>';
  const server = http.createServer((req, res) => {
    const js = req.url === '/main.js';
    res.writeHead(200, {
      'Content-Type': js ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(js ? script : html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Bytes of the console's entry script (what the first screen waits for). */
function mainChunkBytes(staticDir: string): number {
  const html = fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8');
  const src = /<script[^>]+type="module"[^>]+src="\/?([^"]+)"/.exec(html)?.[1];
  if (!src) return 0;
  const file = path.join(staticDir, src);
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

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

/** The keystroke's baseline in the page: `body` posted with fetch, answer read, next frame (ms). */
function baselineTrip(page: Page, body: string): Promise<number> {
  return page.evaluate(
    (b) =>
      (window as unknown as { __bench: { roundTrip(body: string): Promise<number> } }).__bench.roundTrip(b),
    body,
  );
}

/** What an engineer types into the palette, in turn; each query typed up to TYPED_CHARS. */
const TYPED_KINDS = [
  'customer name',
  'host name',
  'IP address',
  'customer code',
  'contact',
  'short host name',
  'partial IP',
  'asset name',
  'vendor',
  'code + host',
];
const TYPED_CHARS = 10;

/** The queries of three characters or more, one of each kind in turn. */
function typingOrder(queries: readonly BenchQuery[]): BenchQuery[] {
  const byKind = TYPED_KINDS.map((k) => queries.filter((q) => q.kind === k && q.text.length >= 3));
  const out: BenchQuery[] = [];
  for (let i = 0; byKind.some((list) => i < list.length); i++)
    for (const list of byKind) {
      const q = list[i];
      if (q) out.push(q);
    }
  return out;
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
  keyMedian: 'keystroke → results painted p50',
  echo: 'keystroke → input painted p95',
  heap: 'JS heap after browsing',
} as const;

const BUDGETS = {
  open: { text: '≤ 400 ms (goal 300)', maxFigure: 400 },
  key: { text: '≤ 1.5× fetch + frame', maxRatio: 1.5 },
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
    const launched = await playwright.chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    browser = launched;
    const chromium = launched.version();
    const url = `${host.origin}/?token=${encodeURIComponent(host.token)}`;
    const viewport = { width: 1440, height: 900 };
    const newContext = async () => {
      const c = await launched.newContext({ viewport });
      await c.addInitScript({ content: PAGE_SCRIPT });
      return c;
    };

    // Open → interactive: each load cold, in a new context (no cache, no storage),
    // navigation start (performance.now() = 0) → body[data-ready]; the baseline page with a
    // script of the main chunk's size is loaded the same way, alternated with ours.
    const chunk = mainChunkBytes(opts.staticDir);
    const baseline = await baselineServer(chunk);
    opts.log(`  renderer: ${opts.loads} cold loads of the console and of the baseline page`);
    const loads: number[] = [];
    const baseLoads: number[] = [];
    const readyAt = async (target: string) => {
      const c = await newContext();
      try {
        const page = await c.newPage();
        await page.goto(target);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
        return await page.evaluate(() => (window as unknown as { __bench: { ready: number } }).__bench.ready);
      } finally {
        await c.close();
      }
    };
    try {
      for (let i = 0; i < opts.loads; i++) {
        baseLoads.push(await readyAt(baseline.url));
        loads.push(await readyAt(url));
      }
    } finally {
      await baseline.close();
    }

    const context = await newContext();
    const blank = await context.newPage();
    await blank.goto('data:text/html,<!doctype html><title>blank</title><p>blank</p>');
    const blankHeap = await heapMb(blank);
    await blank.close();

    // Keystrokes in the palette, one at a time, each waited for.
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Command palette' });
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    const totals: number[] = [];
    const echoes: number[] = [];
    const roundTrips: number[] = [];
    let unpredicted = 0;
    let missed = 0;
    let typed = 0;
    const kinds = new Map<string, number>();
    const typeable = typingOrder(opts.queries);
    opts.log(`  renderer: ${opts.keystrokes} keystrokes in the palette`);
    for (let qi = 0; typed < opts.keystrokes && typeable.length > 0; qi++) {
      const q = typeable[qi % typeable.length];
      if (!q) break;
      kinds.set(q.kind, (kinds.get(q.kind) ?? 0) + 1);
      for (let c = 1; c <= Math.min(q.text.length, TYPED_CHARS) && typed < opts.keystrokes; c++) {
        const expected = q.text.slice(0, c).trim();
        if (expected === '') continue;
        // The baseline asks what the palette asks for this keystroke, right before it on
        // every other keystroke and right after it on the rest, so neither side always finds
        // the search's pages in the cache the other just warmed.
        const body = JSON.stringify({ query: expected, limit: PALETTE_HIT_LIMIT });
        const before = typed % 2 === 0;
        if (before) roundTrips.push(await baselineTrip(page, body));
        await page.evaluate(
          (e) => (window as unknown as { __bench: { arm(q: string): void } }).__bench.arm(e),
          expected,
        );
        await page.keyboard.press(q.text[c - 1] ?? ' ');
        const r = await page.evaluate(() =>
          (
            window as unknown as {
              __bench: {
                result(
                  t: number,
                ): Promise<{ total: number | null; echo: number | null; body: string | null }>;
              };
            }
          ).__bench.result(3000),
        );
        if (before && r.body !== null && r.body !== body) unpredicted++;
        if (!before) roundTrips.push(await baselineTrip(page, r.body ?? body));
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

    const keyBase = { samples: roundTrips, name: 'page fetch of the same search:query + frame' };
    const mix = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
    const rows: BenchRow[] = [
      percentileRow(NAMES.open, loads, 50, 'ms', {
        baseline: { samples: baseLoads, name: `page loading a ${Math.round(chunk / 1024)} KB script` },
        budget: BUDGETS.open,
        note: `median of ${loads.length} cold loads, each in a new browser context (fastest ${Math.min(...loads).toFixed(0)} ms, slowest ${Math.max(...loads).toFixed(0)} ms), navigation start → body[data-ready]; main chunk ${Math.round(chunk / 1024)} KB`,
      }),
      totals.length > 0
        ? percentileRow(NAMES.key, totals, 95, 'ms', {
            baseline: keyBase,
            budget: BUDGETS.key,
            note: 'keydown → the palette applied the answer for the typed text → next frame',
          })
        : skipped(NAMES.key, 'ms', 'no keystroke was answered in 3 s', BUDGETS.key),
      percentileRow(NAMES.keyMedian, totals, 50, 'ms', {
        baseline: keyBase,
        note: `${totals.length} keystrokes typing ${mix}${missed > 0 ? `; ${missed} with no answer in 3 s left out` : ''}; baseline before the keystroke on every other one, after it on the rest${unpredicted > 0 ? ` (${unpredicted} sent before with a body the palette then did not send)` : ''}`,
      }),
      percentileRow(NAMES.echo, echoes, 95, 'ms', {
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
