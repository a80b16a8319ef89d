/** Search across the catalog (FTS5 plus exact lookups). */
import { LifelineError } from '../../../shared/api/result';
import type { HandlerMap } from '../api/handlers';

export const searchHandlers: HandlerMap<'search:query'> = {
  'search:query': () => {
    throw new LifelineError('INTERNAL', 'search:query is not built yet.');
  },
};
