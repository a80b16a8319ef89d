/** Support contracts with the vendors whose kit and services a customer actually uses. */
import { VENDORS } from './catalog-data';
import type { DemoContext } from './context';
import { type CustomerState, DAY } from './model';
import { isoDate, syncColumns } from './rows';

export function writeContracts(ctx: DemoContext, state: CustomerState): void {
  const rng = ctx.rng;
  const plan = state.plan;
  const used = ctx.vendorsUsedBy(plan.id);
  for (const fallback of ['microsoft', 'veeam'])
    if (used.length < 2 && !used.includes(fallback)) used.push(fallback);
  const count = Math.min(used.length, plan.index === 0 ? 5 : rng.int(2, 5));
  const carriers = new Set(['lumen', 'att', 'zayo', 'bt', 'colt', 'vodafone', 'telekom', 'telstra', 'ntt']);
  for (const key of rng.sample(used, count)) {
    const vendor = VENDORS.find((v) => v.key === key)!;
    const { created, updated } = ctx.stamps(plan.createdMs, 200, 0.3);
    const roll = rng.next();
    let expiresMs: number;
    if (roll < 0.1)
      expiresMs = ctx.nowMs - rng.int(1, 240) * DAY; // lapsed
    else if (roll < 0.22)
      expiresMs = ctx.nowMs + rng.int(1, 30) * DAY; // renew now
    else expiresMs = ctx.nowMs + rng.int(31, 1000) * DAY;
    const critical = plan.tier === 'platinum' || plan.tier === 'gold';
    const hours = carriers.has(key)
      ? '24x7'
      : critical
        ? rng.pick(['24x7 4h', '24x7 4h', '24x7 2h'])
        : rng.pick(['8x5 NBD', '9x5 NBD', '24x7 4h']);
    const number =
      key === 'dell'
        ? `${vendor.contractPrefix}-${rng.alnum(7)}`
        : `${vendor.contractPrefix}-${rng.digits(rng.pick([7, 8, 10]))}`;
    ctx.w.insert('support_contracts', {
      id: ctx.id(created),
      customer_id: plan.id,
      vendor_id: ctx.vendorId(key),
      contract_number: number,
      support_phone: rng.chance(0.35) ? plan.region.phone(rng, state.sites[0]?.city ?? '') : null,
      hours,
      expires_on: isoDate(expiresMs),
      ...syncColumns(created, updated),
    });
  }
}
