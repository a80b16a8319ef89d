/** The database calls: health and backups for the console's Database page, and restore. */
import type { HandlerMap } from '../api/handlers';

export const databaseHandlers: HandlerMap<'database:status' | 'database:backup' | 'database:restore'> = {
  'database:status': (_input, ctx) => ctx.store.status(),
  'database:backup': (_input, ctx) => ctx.store.backup(),
  'database:restore': (input, ctx) => {
    const status = ctx.store.restore(input.name, (db) => ctx.reopen(db));
    return status;
  },
};
