/**
 * Catalog edits: validated, version-checked, recorded in change_log with who and when.
 * Each call is one transaction: a refused edit leaves the database exactly as it was.
 */
import type { BackendContext, HandlerMap } from '../../api/handlers';
import type { Edit } from '../../db/changeLog';
import { getAsset } from '../assets';
import { getCustomer } from '../customers';
import { saveAsset } from './assetSave';
import { deleteRecord } from './delete';
import { history } from './history';
import {
  loadContact,
  loadContract,
  loadVendor,
  loadWindow,
  saveContact,
  saveContract,
  saveCustomer,
  saveVendor,
  saveWindow,
} from './records';

/** Runs `change` in one transaction stamped with who and when, then tells the UI to refetch. */
function edit<T>(ctx: BackendContext, change: (e: Edit) => T): T {
  const stamp: Edit = { db: ctx.db, now: new Date().toISOString(), author: ctx.author() };
  const result = ctx.db.transaction(() => change(stamp))();
  ctx.emit('data:changed', { domains: ['customers', 'catalog'] });
  return result;
}

export const editingHandlers: HandlerMap<
  | 'customer:save'
  | 'asset:save'
  | 'contact:save'
  | 'vendor:save'
  | 'contract:save'
  | 'window:save'
  | 'catalog:delete'
  | 'catalog:history'
> = {
  'customer:save': (input, ctx) => edit(ctx, (e) => getCustomer(e.db, saveCustomer(e, input))),
  'asset:save': (input, ctx) => edit(ctx, (e) => getAsset(e.db, saveAsset(e, input))),
  'contact:save': (input, ctx) => edit(ctx, (e) => loadContact(e.db, saveContact(e, input))),
  'vendor:save': (input, ctx) => edit(ctx, (e) => loadVendor(e.db, saveVendor(e, input))),
  'contract:save': (input, ctx) => edit(ctx, (e) => loadContract(e.db, saveContract(e, input))),
  'window:save': (input, ctx) => edit(ctx, (e) => loadWindow(e.db, saveWindow(e, input))),
  'catalog:delete': (input, ctx) =>
    edit(ctx, (e) => {
      deleteRecord(e, input.entity, input.id, input.baseVersion);
      return { deleted: true as const };
    }),
  'catalog:history': (input, ctx) => ({ entries: history(ctx.db, input) }),
};
