/** Imports from NetBox dumps and CSV folders (mapped or in Lifeline's layout), with dry-run previews. */
import { MAPPING_TARGETS } from '../../../shared/catalog/csvMapping';
import { type HandlerMap, unannounced } from '../api/handlers';
import { firstLine } from './csv';
import { inspectCsvFiles, saveMapping } from './mappings';
import { runImport } from './run';

export const importHandlers: HandlerMap<'import:run' | 'import:inspect'> = {
  'import:inspect': (input, ctx) => ({
    files: inspectCsvFiles(ctx.db, input.files),
    targets: [...MAPPING_TARGETS],
  }),
  'import:run': (input, ctx) => {
    const mappings = new Map((input.mappings ?? []).map((m) => [m.file, m.mapping]));
    const { summary } = runImport(ctx.db, {
      source: input.source,
      files: input.files,
      dryRun: input.dryRun,
      author: ctx.author(),
      mappings,
      onProgress: (phase, done, total) => ctx.emit('progress', { operation: 'import', phase, done, total }),
    });
    if (!input.dryRun) {
      // Remembered only once it has imported: the same header set is offered it next time.
      for (const f of input.files) {
        const mapping = mappings.get(f.name);
        if (mapping) saveMapping(ctx.db, firstLine(f.content), mapping);
      }
    }
    // A dry run, or a run that found everything as it was, wrote nothing: nothing to refetch
    // or push.
    const wrote = !input.dryRun && summary.counts.some((c) => c.created + c.updated > 0);
    return wrote ? summary : unannounced(summary);
  },
};
