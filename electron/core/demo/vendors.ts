/** The vendors every customer's kit, services and contracts point at. */

import { VENDORS } from './catalog-data';
import type { DemoContext } from './context';
import { DAY } from './model';
import { syncColumns } from './rows';

export function writeVendors(ctx: DemoContext): void {
  for (const v of VENDORS) {
    const { created, updated } = ctx.stamps(ctx.nowMs - 1500 * DAY, 30, 0.2);
    const id = ctx.id(created);
    ctx.registerVendor(v.key, id);
    ctx.w.insert('vendors', {
      id,
      name: v.name,
      support_phone: v.phone,
      support_email: `support@${v.domain}.example`,
      website: `https://support.${v.domain}.example`,
      source: 'demo',
      source_id: v.key,
      ...syncColumns(created, updated),
    });
  }
}
