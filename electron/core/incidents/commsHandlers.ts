/** Customer updates and "seen before" on an incident. */
import type { HandlerMap } from '../api/handlers';
import { draftUpdate } from './communication';
import { seenBefore } from './seenBefore';
import { incidentDetail } from './service';

export const commsHandlers: HandlerMap<'incident:draftUpdate' | 'incident:seenBefore'> = {
  'incident:draftUpdate': (input, ctx) =>
    draftUpdate(ctx.db, incidentDetail(ctx.db, input.incidentId).state, ctx.author(), new Date(), input.kind),
  'incident:seenBefore': (input, ctx) => ({ items: seenBefore(ctx.db, input.incidentId, input.limit) }),
};
