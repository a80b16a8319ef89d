/** Imports from NetBox dumps and CSV folders, with dry-run previews. */
import { type HandlerMap, unannounced } from '../api/handlers';
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
    // A dry run, or a run that found everything as it was, wrote nothing: nothing to refetch
    // or push.
    const wrote = !input.dryRun && summary.counts.some((c) => c.created + c.updated > 0);
    return wrote ? summary : unannounced(summary);
  },
};
