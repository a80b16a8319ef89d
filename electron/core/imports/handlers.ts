/** Imports from NetBox dumps and CSV folders, with dry-run previews. */
import { LifelineError } from '../../../shared/api/result';
import type { HandlerMap } from '../api/handlers';

export const importHandlers: HandlerMap<'import:run'> = {
  'import:run': () => {
    throw new LifelineError('INTERNAL', 'import:run is not built yet.');
  },
};
