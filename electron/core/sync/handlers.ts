/** The sync calls: status, connecting to central, a round now, and resolving conflicts. */
import { LifelineError } from '../../../shared/api/result';
import { type HandlerMap, unannounced } from '../api/handlers';
import { parseCentralUrl } from './connection';
import { listConflicts, resolveConflict } from './local';
import { listParked, listRefusals } from './refusals';

type SyncCalls =
  | 'sync:status'
  | 'sync:configure'
  | 'sync:disconnect'
  | 'sync:now'
  | 'sync:conflicts'
  | 'sync:resolve'
  | 'sync:refusals'
  | 'sync:parked';

export const syncHandlers: HandlerMap<SyncCalls> = {
  'sync:status': (_input, ctx) => ctx.sync.status(),
  'sync:configure': async (input, ctx) => {
    const parsed = parseCentralUrl(input.url, {
      ...(input.sslmode === undefined ? {} : { sslmode: input.sslmode }),
      ...(input.caFile === undefined ? {} : { caFile: input.caFile }),
    });
    if (parsed.password !== null) {
      throw new LifelineError(
        'VALIDATION',
        'Leave the password out of the URL: put it in the password field, where it is kept in secure storage and never written to a file.',
      );
    }
    await ctx.sync.configure(parsed.config, input.password);
    // The service announces its own state changes, whether a call or a timer made them.
    return unannounced(await ctx.sync.status());
  },
  'sync:disconnect': async (_input, ctx) => {
    await ctx.sync.disconnect();
    return unannounced(await ctx.sync.status());
  },
  // The round announces the sync state and what it pulled, as a timed round does.
  'sync:now': async (_input, ctx) => unannounced(await ctx.sync.syncNow()),
  'sync:conflicts': (input, ctx) => ({ conflicts: listConflicts(ctx.db, input.includeResolved ?? false) }),
  'sync:resolve': (input, ctx) => resolveConflict(ctx.db, input.id, input.keep, ctx.author(), new Date()),
  'sync:refusals': (input, ctx) => ({
    refusals: listRefusals(ctx.db, { customerId: input.customerId, record: input.record }),
  }),
  'sync:parked': (input, ctx) => listParked(ctx.db, input.limit),
};
