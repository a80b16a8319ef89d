/** The Insights call: one report over one consistent state of the incident log. */
import type { HandlerMap } from '../api/handlers';
import { insightsReport } from './report';

export const insightsHandlers: HandlerMap<'insights:report'> = {
  // One read transaction so every figure comes from the same state of the log. Deferred:
  // it only reads, so it must not take (or wait for) the write lock.
  'insights:report': (input, ctx) =>
    ctx.db
      .transaction(() => insightsReport(ctx.db, input.now === undefined ? new Date() : new Date(input.now)))
      .deferred(),
};
