/** Catalog edits: validated, version-checked, recorded in change_log with who and when. */
import { LifelineError } from '../../../../shared/api/result';
import type { HandlerMap } from '../../api/handlers';

const notYet = (name: string) => (): never => {
  throw new LifelineError('INTERNAL', `${name} is not built yet.`);
};

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
  'customer:save': notYet('customer:save'),
  'asset:save': notYet('asset:save'),
  'contact:save': notYet('contact:save'),
  'vendor:save': notYet('vendor:save'),
  'contract:save': notYet('contract:save'),
  'window:save': notYet('window:save'),
  'catalog:delete': notYet('catalog:delete'),
  'catalog:history': notYet('catalog:history'),
};
