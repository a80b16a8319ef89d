/** Search across the catalog (FTS5 plus exact lookups): see query.ts. */
import type { HandlerMap } from '../api/handlers';
import { normalizeQuery, searchCatalog } from './query';
import { didYouMean } from './suggest';

export const searchHandlers: HandlerMap<'search:query'> = {
  'search:query': (input, ctx) => {
    const hits = searchCatalog(ctx.db, input);
    // A near-miss typo ("Portwya") finds nothing: offer the spelling that would.
    return { hits, suggestion: hits.length === 0 ? didYouMean(ctx.db, normalizeQuery(input.query)) : null };
  },
};
