/**
 * Catalog edits: validated, version-checked, recorded in change_log with who and when.
 * Each call is one transaction: a refused edit leaves the database exactly as it was.
 */
import type { HandlerMap } from '../../api/handlers';
import { runEdit } from '../../db/changeLog';
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
  'customer:save': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => getCustomer(e.db, saveCustomer(e, input))),
  'asset:save': (input, ctx) => runEdit(ctx.db, ctx.author(), (e) => getAsset(e.db, saveAsset(e, input))),
  'contact:save': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => loadContact(e.db, saveContact(e, input))),
  'vendor:save': (input, ctx) => runEdit(ctx.db, ctx.author(), (e) => loadVendor(e.db, saveVendor(e, input))),
  'contract:save': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => loadContract(e.db, saveContract(e, input))),
  'window:save': (input, ctx) => runEdit(ctx.db, ctx.author(), (e) => loadWindow(e.db, saveWindow(e, input))),
  'catalog:delete': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => {
      deleteRecord(e, input.entity, input.id, input.baseVersion);
      return { deleted: true as const };
    }),
  'catalog:history': (input, ctx) => ({ entries: history(ctx.db, input) }),
};
