/** Catalog reads: customers, topology, assets, vendors, restore order, blast radius. */
import { LifelineError } from '../../../shared/api/result';
import type { HandlerMap } from '../api/handlers';
import { getCustomer, listCustomers } from './customers';

const notYet = (name: string) => (): never => {
  throw new LifelineError('INTERNAL', `${name} is not built yet.`);
};

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
  'customer:topology': notYet('customer:topology'),
  'asset:get': notYet('asset:get'),
  'vendor:list': notYet('vendor:list'),
  'restore:order': notYet('restore:order'),
  'blast:radius': notYet('blast:radius'),
};
