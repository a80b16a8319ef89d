/** Search across the catalog (FTS5 plus exact lookups): see query.ts. */
import type { HandlerMap } from '../api/handlers';
import { searchCatalog } from './query';

export const searchHandlers: HandlerMap<'search:query'> = {
  'search:query': (input, ctx) => ({ hits: searchCatalog(ctx.db, input) }),
};
