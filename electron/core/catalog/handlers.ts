/** Catalog reads: customers, topology, assets, vendors, restore order, blast radius. */
import { LifelineError } from '../../../shared/api/result';
import type { HandlerMap } from '../api/handlers';
import { getAsset } from './assets';
import { getCustomer, listCustomers } from './customers';
import { blastRadiusFor, restoreOrderFor } from './recovery';
import { getTopology } from './topology';
import { listVendors } from './vendors';

export const catalogHandlers: HandlerMap<
  | 'customer:list'
  | 'customer:get'
  | 'customer:topology'
  | 'asset:get'
  | 'vendor:list'
  | 'restore:order'
  | 'blast:radius'
> = {
  'customer:list': (input, ctx) => listCustomers(ctx.db, input),
  'customer:get': (input, ctx) => getCustomer(ctx.db, input.id),
  'customer:topology': (input, ctx) => getTopology(ctx.db, input.id),
  'asset:get': (input, ctx) => getAsset(ctx.db, input.id),
  'vendor:list': (input, ctx) => listVendors(ctx.db, input),
  // The contract already refuses inputs without exactly one scope; the throws keep the
  // handlers honest should that refinement ever be loosened.
  'restore:order': (input, ctx) => {
    if (input.customerId !== undefined) return restoreOrderFor(ctx.db, { customerId: input.customerId });
    if (input.environmentId !== undefined)
      return restoreOrderFor(ctx.db, { environmentId: input.environmentId });
    if (input.assetIds !== undefined) return restoreOrderFor(ctx.db, { assetIds: input.assetIds });
    throw new LifelineError('VALIDATION', 'Give exactly one of customerId, environmentId or assetIds.');
  },
  'blast:radius': (input, ctx) => {
    if (input.assetId !== undefined) return blastRadiusFor(ctx.db, { assetId: input.assetId });
    if (input.vendorId !== undefined) return blastRadiusFor(ctx.db, { vendorId: input.vendorId });
    throw new LifelineError('VALIDATION', 'Give exactly one of assetId or vendorId.');
  },
};
