/**
 * Accessibility of every main screen in both themes (#20): axe-core finds no serious or
 * critical violation, and a Tab walk finds no focus stop without a visible indicator.
 *
 * To cover a new screen, add one entry to SCREENS: its name, the hash that opens it and what
 * to wait for before checking (a locator that shows the screen has its data). `prepare` may do
 * more than navigate (open the palette); `walk: false` skips the Tab walk for a screen whose
 * focus stops another entry already walks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { type Served, startServe } from '../helpers/serve';
import { CLI, ROOT } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const THEMES = ['dark', 'light'] as const;
/** Enough stops to cross the navigation into the screen's own controls, few enough to stay quick. */
const TAB_STOPS = 30;

interface Fixture {
  readonly customerId: string;
  readonly assetId: string;
  readonly incidentId: string;
  readonly playbookId: string;
  readonly handoverId: string;
}

interface ScreenCheck {
  readonly name: string;
  readonly hash: (f: Fixture) => string;
  /** Visible once the screen shows its data. */
  readonly ready: (page: Page) => Locator;
  /** After navigating (e.g. open the palette). */
  readonly prepare?: (page: Page) => Promise<void>;
  readonly walk?: boolean;
}

const SCREENS: readonly ScreenCheck[] = [
  { name: 'customer list', hash: () => '#/customers', ready: (p) => p.getByTestId('customer-row').first() },
  {
    name: 'customer card',
    hash: (f) => `#/customers/${f.customerId}`,
    ready: (p) => p.getByTestId('restore-order'),
  },
  { name: 'asset page', hash: (f) => `#/assets/${f.assetId}`, ready: (p) => p.getByTestId('layer-chain') },
  {
    name: 'graph',
    hash: (f) => `#/customers/${f.customerId}/graph`,
    ready: (p) => p.getByTestId('dependency-graph'),
  },
  { name: 'incident board', hash: () => '#/incidents', ready: (p) => p.getByTestId('incident-row').first() },
  {
    name: 'incident runner',
    hash: (f) => `#/incidents/${f.incidentId}`,
    ready: (p) => p.getByTestId('step').first(),
  },
  {
    name: 'blast radius',
    hash: (f) => `#/blast?asset=${f.assetId}`,
    ready: (p) => p.getByTestId('blast-summary'),
  },
  {
    name: 'playbooks library',
    hash: () => '#/playbooks',
    ready: (p) => p.getByTestId('playbook-row').first(),
  },
  {
    name: 'playbook editor',
    hash: (f) => `#/playbooks/${f.playbookId}/edit`,
    ready: (p) => p.getByTestId('steps-editor'),
  },
  { name: 'handover list', hash: () => '#/handover', ready: (p) => p.getByTestId('handover-row').first() },
  {
    name: 'handover',
    hash: (f) => `#/handover/${f.handoverId}`,
    ready: (p) => p.locator('#ho-title'),
  },
  { name: 'sync', hash: () => '#/sync', ready: (p) => p.getByLabel(/Central URL/i).first() },
  { name: 'insights', hash: () => '#/insights', ready: (p) => p.locator('.insights svg, table').first() },
  { name: 'database', hash: () => '#/database', ready: (p) => p.getByTestId('db-backups') },
  { name: 'import', hash: () => '#/import', ready: (p) => p.getByTestId('import-dropzone') },
  {
    name: 'palette open',
    hash: () => '#/customers',
    ready: (p) => p.getByRole('dialog').getByRole('option').first(),
    prepare: async (p) => {
      await p.getByTestId('customer-row').first().waitFor();
      await p.keyboard.press('Control+k');
      await p.getByRole('combobox', { name: 'Command palette' }).fill('web');
    },
  },
];

let served: Served;
let browser: BrowserContext;
let dir: string;
let fixture: Fixture;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-a11y-'));
  const db = path.join(dir, 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', db], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  served = await startServe(['--db', db]);
  browser = await launchBrowser();
  fixture = await makeFixture(served);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Incidents of every severity (the SEV3 badge), one mid-run, and a submitted handover. */
async function makeFixture(api: Served): Promise<Fixture> {
  const customers = (await api.call('customer:list', {})).items.filter((c) => c.kind === 'customer');
  const customer = customers[0];
  if (!customer) throw new Error('no demo customer');
  const topology = await api.call('customer:topology', { id: customer.id });
  const asset = topology.assets.find((a) => a.kind === 'vm') ?? topology.assets[0];
  if (!asset) throw new Error('no demo asset');
  const engineer = await api.call('engineer:save', { id: null, name: 'Alice Martin', activate: true });
  await api.call('shift:start', {});
  let incidentId = '';
  for (const severity of ['sev1', 'sev2', 'sev3', 'sev4'] as const) {
    const opened = await api.call('incident:open', {
      customerId: customer.id,
      title: `Payroll application unreachable for ${severity}`,
      severity,
      assetIds: [asset.id],
    });
    incidentId ||= opened.state.id;
  }
  const playbook = (await api.call('playbook:list', {})).items[0];
  if (!playbook) throw new Error('no demo playbook');
  await api.call('incident:startPlaybook', { incidentId, playbookId: playbook.id });
  const draft = await api.call('shift:end', {});
  await api.call('handover:submit', { handoverId: draft.id, baseVersion: draft.version });
  expect(engineer.name).toBe('Alice Martin');
  return {
    customerId: customer.id,
    assetId: asset.id,
    incidentId,
    playbookId: playbook.id,
    handoverId: draft.id,
  };
}

async function openScreen(page: Page, screen: ScreenCheck): Promise<void> {
  await page.keyboard.press('Escape');
  await page.evaluate((h) => {
    window.location.hash = h;
  }, screen.hash(fixture));
  await screen.prepare?.(page);
  await screen.ready(page).waitFor({ state: 'visible', timeout: 15_000 });
  // Let the screen's own follow-up loads settle (badges, counts) before judging it.
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

interface AxeNode {
  readonly target: readonly string[];
  readonly failureSummary?: string;
  readonly html: string;
}
interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly AxeNode[];
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a script tag, which the console's CSP refuses (as it should).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes
        .slice(0, 6)
        .map(
          (n) =>
            `${v.id} (${v.impact}): ${n.target.join(' ')} — ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ').slice(0, 220)}`,
        )
        .concat(v.nodes.length > 6 ? [`${v.id}: … and ${v.nodes.length - 6} more`] : []),
    );
}

/**
 * Presses Tab up to TAB_STOPS times. For each stop it records how the focused element (and
 * its labels and two ancestors, which may carry the indicator for a visually hidden input)
 * looks; once focus has moved on, it compares with how they look unfocused. A stop where
 * nothing visible changed, or whose indicator is smaller than 4 px, is reported.
 */
async function invisibleFocusStops(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const w = window as unknown as { __focusLog: unknown[] };
    w.__focusLog = [];
  });
  await page.locator('body').focus();
  const bad: string[] = [];
  for (let i = 0; i < TAB_STOPS; i++) {
    await page.keyboard.press('Tab');
    const verdict = await page.evaluate(() => {
      const w = window as unknown as {
        __focusLog: { el: Element; looks: string[]; name: string }[];
      };
      const describe = (el: Element): string => {
        const h = el as HTMLElement;
        const label =
          h.getAttribute('aria-label') ?? (h.textContent ?? '').trim().slice(0, 40) ?? h.getAttribute('name');
        return `<${el.tagName.toLowerCase()}${h.id ? `#${h.id}` : ''}${h.className && typeof h.className === 'string' ? `.${h.className.split(' ').join('.')}` : ''}> "${label}"`;
      };
      const carriers = (el: Element): Element[] => {
        const list: Element[] = [el];
        const labels = (el as HTMLInputElement).labels;
        if (labels) list.push(...Array.from(labels));
        if (el.parentElement) list.push(el.parentElement);
        if (el.parentElement?.parentElement) list.push(el.parentElement.parentElement);
        return list;
      };
      const look = (el: Element): string => {
        // Judge the settled look: a 100 ms border/shadow transition would read as "unchanged".
        for (const a of el.getAnimations()) a.finish();
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const big = r.width >= 4 && r.height >= 4 && s.visibility !== 'hidden' && s.opacity !== '0';
        if (!big) return 'tiny';
        return [
          s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          s.boxShadow,
          s.borderTopColor,
          s.borderBottomColor,
          s.backgroundColor,
          s.textDecorationLine,
        ].join('|');
      };
      const el = document.activeElement;
      let verdictText: string | null = null;
      // Judge the previous stop now that it is unfocused.
      const prev = w.__focusLog.at(-1);
      if (prev && prev.el !== el) {
        const now = carriers(prev.el).map(look);
        const visible = prev.looks.some((l, j) => l !== 'tiny' && l !== now[j]);
        if (!visible) verdictText = prev.name;
      }
      if (!el || el === document.body) return { verdict: verdictText, done: true };
      if (w.__focusLog.some((e) => e.el === el)) return { verdict: verdictText, done: true };
      w.__focusLog.push({ el, looks: carriers(el).map(look), name: describe(el) });
      return { verdict: verdictText, done: false };
    });
    if (verdict.verdict) bad.push(verdict.verdict);
    if (verdict.done) break;
  }
  return bad;
}

describe.skipIf(chromium.missing)('accessibility of every main screen', () => {
  for (const theme of THEMES) {
    describe(`${theme} theme`, () => {
      // One page per theme, reused screen after screen (the file stays quick).
      let page: Page;
      let problems: string[];
      beforeAll(async () => {
        await served.call('settings:update', { theme });
        page = await browser.newPage();
        page.setDefaultTimeout(15_000);
        problems = watchConsole(page);
        await page.goto(served.url);
        await waitForReady(page);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      });
      afterAll(async () => {
        await page?.close();
      });

      for (const screen of SCREENS) {
        it(`${screen.name}: no serious or critical axe violation, every focus stop visible`, async () => {
          await openScreen(page, screen);
          const found = (await axeViolations(page)).map((v) => `axe ${v}`);
          if (screen.walk !== false && !screen.prepare)
            for (const stop of await invisibleFocusStops(page)) found.push(`focus not visible on ${stop}`);
          if (found.length) console.log(`${theme} theme, ${screen.name}:\n  ${found.join('\n  ')}`);
          expect(found).toEqual([]);
          expect(problems).toEqual([]);
        });
      }
    });
  }
});
