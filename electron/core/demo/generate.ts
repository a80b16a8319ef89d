/**
 * Deterministic demo data: a plausible MSP book of customers (sites, environments,
 * layered assets with runs-on / depends-on links, contacts, vendors and contracts,
 * maintenance windows), the core playbooks with versions and customer overlays, and a
 * few past incidents with their event logs.
 *
 * Same seed + same `now` → the same rows, ids included: every random choice and every id
 * comes from one seeded generator, never from Math.random or the shared uuidv7().
 * Everything is written in one transaction with prepared statements.
 *
 * This file runs the parts in order; each part lives in the module named for what it
 * writes (vendors, playbooks, sharedPlatform, customers, estate, contracts, overlays,
 * incidents), with model.ts for what they share and context.ts for the one generator.
 */
import { LifelineError } from '../../../shared/api/result';
import type { Db } from '../db/database';
import { recomputeAllIncidents } from '../incidents/log';
import { withSearchBulkLoad } from '../search/order';
import { writeDemoCommunicationTerms } from './communication';
import { DemoContext } from './context';
import { buildCustomer, planCustomers } from './customers';
import { writeIncidents } from './incidents';
import { DEMO_DEFAULTS, type DemoOptions, type DemoSummary } from './model';
import { writeOverlays } from './overlays';
import { writePlaybooks } from './playbooks';
import { Rng } from './random';
import { Writer } from './rows';
import { buildShared } from './sharedPlatform';
import { writeVendors } from './vendors';

export function generateDemo(db: Db, opts: DemoOptions = {}): DemoSummary {
  const customers = opts.customers ?? DEMO_DEFAULTS.customers;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const now = opts.now ?? new Date();
  if (!Number.isInteger(customers) || customers < 1 || customers > DEMO_DEFAULTS.maxCustomers) {
    throw new LifelineError(
      'VALIDATION',
      `customers must be a whole number from 1 to ${DEMO_DEFAULTS.maxCustomers} (got ${customers}).`,
    );
  }
  if (!Number.isInteger(seed))
    throw new LifelineError('VALIDATION', `seed must be a whole number (got ${seed}).`);
  if (Number.isNaN(now.getTime())) throw new LifelineError('VALIDATION', 'now must be a valid date.');

  const existing = db
    .prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM playbooks) AS n')
    .get() as { n: number };
  if (existing.n > 0) {
    throw new LifelineError(
      'CONFLICT',
      'This database already holds customers or playbooks; demo data only goes into an empty database. Pass a new file with --db.',
    );
  }

  const writer = new Writer(db);
  // The search index is put in palette order once, at the end.
  withSearchBulkLoad(db, () => {
    writeAll(new DemoContext(writer, new Rng(seed), now.getTime(), customers), seed, opts.onProgress);
    writeDemoCommunicationTerms(db);
    // Incident rows, runs and run steps are derived from the logs just written.
    recomputeAllIncidents(db);
  });
  return { ...writer.counts };
}

/** Everything, in the order the one random sequence runs through: the order is the output. */
function writeAll(ctx: DemoContext, seed: number, onProgress?: (done: number, total: number) => void): void {
  const total = ctx.customerCount;
  onProgress?.(0, total);
  ctx.w.insert('settings', { key: 'demo', value: 'true' });
  ctx.w.insert('settings', { key: 'demo_seed', value: String(seed) });
  writeVendors(ctx);
  const playbooks = writePlaybooks(ctx);
  const plans = planCustomers(ctx);
  const shared = buildShared(ctx);
  const states = plans.map((plan, i) => {
    const state = buildCustomer(ctx, plan, shared);
    onProgress?.(i + 1, total);
    return state;
  });
  writeOverlays(ctx, states, playbooks);
  writeIncidents(ctx, states, playbooks);
}
