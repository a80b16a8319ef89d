/** Imports from NetBox dumps and CSV folders, with dry-run previews. */
import type { HandlerMap } from '../api/handlers';
import { runImport } from './run';

export const importHandlers: HandlerMap<'import:run'> = {
  'import:run': (input, ctx) => {
    const { summary } = runImport(ctx.db, {
      source: input.source,
      files: input.files,
      dryRun: input.dryRun,
      author: ctx.author(),
      onProgress: (phase, done, total) => ctx.emit('progress', { operation: 'import', phase, done, total }),
    });
    const wrote = summary.counts.some((c) => c.created + c.updated > 0);
    if (!input.dryRun && wrote) ctx.emit('data:changed', { domains: ['customers', 'catalog'] });
    return summary;
  },
};
