import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForReady, watchConsole } from '../helpers/browser';
import { openKeyed } from '../helpers/keyed';
import { type Served, startServe } from '../helpers/serve';
import { CLI, ROOT, tempDir } from '../helpers/tmp';
import { chromium } from '../helpers/tools';

const SHOTS = path.join(ROOT, 'test-results');

/** A customer's VM whose runs-on chain reaches a physical host through a cluster. */
interface Chain {
  vmId: string;
  vm: string;
  hostname: string;
  customerId: string;
  customer: string;
  clusterId: string;
  cluster: string;
  clusterOwner: string;
  host: string;
}

let served: Served;
let browser: BrowserContext;
let chain: Chain;
/** The chain's customer's links by asset name: `from` runs on or depends on `to`. */
let links: Array<{ from: string; to: string }>;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const db = path.join(tempDir('lifeline-e2e-catalog-'), 'demo.db');
  const made = spawnSync(process.execPath, [CLI, 'demo', '--db', db], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  const sql = openKeyed(db, { readonly: true });
  // Host names that only one asset carries, so typing one names exactly that VM.
  const found = sql
    .prepare(
      `SELECT vm.id AS vmId, vm.name AS vm, vm.hostname AS hostname, c.id AS customerId, c.name AS customer,
              cl.id AS clusterId, cl.name AS cluster, oc.code AS clusterOwner, h.name AS host
         FROM assets vm
         JOIN customers c ON c.id = vm.customer_id AND c.kind = 'customer'
         JOIN asset_links l1 ON l1.from_asset_id = vm.id AND l1.kind = 'runs_on' AND l1.deleted_at IS NULL
         JOIN assets cl ON cl.id = l1.to_asset_id AND cl.kind = 'cluster'
         JOIN customers oc ON oc.id = cl.customer_id
         JOIN asset_links l2 ON l2.from_asset_id = cl.id AND l2.kind = 'runs_on' AND l2.deleted_at IS NULL
         JOIN assets h ON h.id = l2.to_asset_id AND h.kind = 'hypervisor_host'
        WHERE vm.kind = 'vm' AND vm.deleted_at IS NULL AND vm.hostname IS NOT NULL
          AND oc.kind = 'internal'
          AND (SELECT COUNT(*) FROM assets o WHERE o.hostname = vm.hostname) = 1
        ORDER BY c.code, vm.name, h.name
        LIMIT 1`,
    )
    .get() as Chain | undefined;
  links = found
    ? (sql
        .prepare(
          `SELECT f.name AS "from", t.name AS "to"
             FROM asset_links l
             JOIN assets f ON f.id = l.from_asset_id AND f.deleted_at IS NULL
             JOIN assets t ON t.id = l.to_asset_id AND t.deleted_at IS NULL
            WHERE f.customer_id = ? AND l.deleted_at IS NULL`,
        )
        .all(found.customerId) as Array<{ from: string; to: string }>)
    : [];
  sql.close();
  if (!found) throw new Error('The demo data has no VM on a shared cluster on a host.');
  chain = found;
  served = await startServe(['--db', db]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function openConsole(hash = ''): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  await page.goto(served.url);
  await waitForReady(page);
  if (hash) await page.evaluate((h) => window.location.assign(h), hash);
  return { page, problems };
}

describe.skipIf(chromium.missing)('catalog screens in Chromium through lifeline serve', () => {
  it('the palette offers "did you mean" for a typo, and names the limit of an overlong query', async () => {
    const { page, problems } = await openConsole();
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Command palette' });
    await expect.poll(() => input.isVisible()).toBe(true);
    // The customer's longest word with its last two letters swapped: "Portway" → "Portwya".
    const word = chain.customer.split(' ').sort((a, b) => b.length - a.length)[0] ?? chain.customer;
    const typo = `${word.slice(0, -2)}${word.at(-1)}${word.at(-2)}`;
    await input.fill(typo);
    const palette = page.getByRole('dialog');
    const offer = palette.getByRole('option', { name: new RegExp(`Did you mean ${word}\\?`) });
    await expect.poll(() => offer.isVisible()).toBe(true);
    await offer.click();
    await expect.poll(() => input.inputValue()).toBe(word);
    await expect
      .poll(() => palette.getByRole('option').filter({ hasText: chain.customer }).count())
      .toBeGreaterThan(0);

    await input.fill('x'.repeat(20_000));
    await expect
      .poll(() => palette.textContent())
      .toContain('A search takes at most 200 characters and this one has 20,000');
    expect(await palette.textContent()).not.toContain('did not answer');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the palette finds a VM by host name; its page shows the customer, the layer chain and the restore order', async () => {
    const { page, problems } = await openConsole();
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Command palette' });
    await expect.poll(() => input.isVisible()).toBe(true);
    await input.pressSequentially(chain.hostname, { delay: 15 });
    const palette = page.getByRole('dialog');
    await expect
      .poll(() => palette.locator('[role="option"][aria-selected="true"]').textContent())
      .toContain(chain.vm);
    // The owning customer is shown beside the asset.
    expect(await palette.locator('[role="option"][aria-selected="true"]').textContent()).toMatch(
      /[A-Z0-9]{2,}/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'e2e-palette-asset.png') });
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByTestId('asset-name').textContent()).toBe(chain.vm);
    expect(page.url()).toContain(`#/assets/${chain.vmId}`);
    expect(await page.getByTestId('asset-customer').textContent()).toContain(chain.customer);
    expect(await page.getByTestId('asset-hostname').textContent()).toBe(chain.hostname);
    const layers = page.getByTestId('layer-chain');
    await expect.poll(() => layers.textContent()).toContain(chain.cluster);
    const layerText = (await layers.textContent()) ?? '';
    expect(layerText).toContain(chain.vm);
    expect(layerText).toContain(chain.host);
    // The cluster and host belong to the MSP's shared platform, and say so.
    expect(layerText).toContain(`shared · ${chain.clusterOwner}`);
    // Top of the stack first: the VM sits above its cluster, the cluster above the host.
    expect(layerText.indexOf(chain.vm)).toBeLessThan(layerText.indexOf(chain.cluster));
    expect(layerText.indexOf(chain.cluster)).toBeLessThan(layerText.indexOf(chain.host));

    const restore = page.getByTestId('restore-order');
    await expect.poll(() => restore.textContent()).toContain('Wave 1');
    expect(await restore.textContent()).toContain(chain.vm);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-asset.png') });

    // Keyboard: B opens the blast radius of this asset.
    await page.locator('body').press('b');
    await expect.poll(() => page.url()).toContain(`#/blast?asset=${chain.vmId}`);
    await expect.poll(() => page.getByTestId('blast-summary').textContent()).toContain(chain.vm);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the recovery card shows open incidents, the environment tree by layer and the restore order', async () => {
    const { page, problems } = await openConsole(`#/customers/${chain.customerId}`);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toContain(chain.customer);
    await expect.poll(() => page.getByTestId('open-incidents').isVisible()).toBe(true);
    const tree = page.getByTestId('environment-tree');
    await expect.poll(() => tree.getByRole('treeitem').count()).toBeGreaterThan(3);
    // Stacks are collapsed below the first layer: open the VM's row and find its cluster beneath it.
    const vmRow = tree.getByRole('treeitem').filter({ hasText: chain.vm }).first();
    await vmRow.click();
    await tree.focus();
    const expanded = await vmRow.getAttribute('aria-expanded');
    if (expanded === 'false') await page.keyboard.press('ArrowRight');
    await expect.poll(() => tree.textContent()).toContain(chain.cluster);
    expect(await tree.textContent()).toContain(`shared · ${chain.clusterOwner}`);

    const restore = page.getByTestId('restore-order');
    await expect.poll(() => restore.textContent()).toContain('Wave 1');
    expect(await restore.textContent()).toContain('bring these back first');
    await page.getByRole('region', { name: 'Environment by layer' }).evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'e2e-card-tree.png') });

    // Enter on the tree's active row opens that asset.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/assets/');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the dependency graph draws the customer by layer with no console errors or CSP violations', async () => {
    const { page, problems } = await openConsole(`#/customers/${chain.customerId}`);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toContain(chain.customer);
    await page.locator('body').press('g');
    await expect.poll(() => page.url()).toContain(`#/customers/${chain.customerId}/graph`);
    const graph = page.getByTestId('dependency-graph');
    await expect.poll(() => graph.getByRole('group').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    await expect.poll(() => graph.getByRole('img', { name: /^Edge from / }).count()).toBeGreaterThan(0);
    // The VM's node is there, and the shared cluster is marked as shared platform.
    expect(await graph.getByRole('group', { name: chain.vm }).count()).toBeGreaterThan(0);
    expect(await graph.getByRole('group', { name: /, shared platform of / }).count()).toBeGreaterThan(0);
    // By layer: what runs on or depends on something is drawn above it, for every link
    // between two assets on screen (the VM over its shared cluster among them).
    const box = async (name: string) => {
      const drawn = graph.getByText(name, { exact: true });
      return (await drawn.count()) === 1 ? drawn.boundingBox() : null;
    };
    const checked: string[] = [];
    for (const link of links) {
      const [from, to] = [await box(link.from), await box(link.to)];
      if (!from || !to) continue;
      expect(from.y + from.height, `${link.from} drawn above ${link.to}`).toBeLessThanOrEqual(to.y);
      checked.push(`${link.from} → ${link.to}`);
    }
    expect(checked).toContain(`${chain.vm} → ${chain.cluster}`);
    expect(checked.length).toBeGreaterThan(5);
    // xyflow's styles come from the bundled stylesheet, not injected <style> tags the CSP would block.
    expect(await page.locator('style').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-graph.png') });

    await graph.getByRole('group', { name: chain.vm }).first().click();
    await expect.poll(() => page.url()).toContain(`#/assets/${chain.vmId}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the blast radius of a shared cluster lists several customers, ranked, and filters by keyboard', async () => {
    const { page, problems } = await openConsole(`#/blast?asset=${chain.clusterId}`);
    const headline = page.getByTestId('blast-headline');
    await expect.poll(() => headline.textContent()).toMatch(/^\d+ customers, [\d,]+ assets affected/);
    const customers = Number(/^(\d+) customers/.exec((await headline.textContent()) ?? '')?.[1]);
    expect(customers).toBeGreaterThan(2);
    const rows = page.getByTestId('blast-customer-row');
    expect(await rows.count()).toBe(customers);
    expect(await rows.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining(chain.customer)]),
    );
    await page.screenshot({ path: path.join(SHOTS, 'e2e-blast.png') });

    // Keyboard: the customer list filters the assets to the chosen customer.
    const list = page.getByTestId('blast-customers');
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const code = (
      (await list.getByRole('option', { selected: true }).getByTestId('customer-code').textContent()) ?? ''
    ).trim();
    expect(code).not.toBe('');
    const codes = await page.getByTestId('blast-assets').getByTestId('customer-code').allInnerTexts();
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set([code]));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an unknown asset id or malformed blast target shows what happened, not a blank page', async () => {
    const { page, problems } = await openConsole('#/assets/00000000-0000-4000-8000-000000000000');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Could not load this asset');
    await page.evaluate(() => window.location.assign('#/blast?asset=not-an-id'));
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Could not work out the blast radius');
    // The browser logs refused calls (HTTP 4xx) as console errors; nothing else may appear.
    expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    await page.close();
  });
});
