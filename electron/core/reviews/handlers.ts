/** The post-incident review calls. */
import type { reviewCalls } from '../../../shared/reviews/calls';
import type { BackendContext, HandlerMap } from '../api/handlers';
import { activeEngineer } from '../handover/engineers';
import {
  draftForIncident,
  exportReview,
  getReview,
  listReviews,
  playbookSuggestions,
  publishReview,
  type ReviewActor,
  saveDraft,
} from './service';

function actor(ctx: BackendContext): ReviewActor {
  return { who: activeEngineer(ctx.db)?.name ?? ctx.author(), device: ctx.deviceId };
}

export const reviewHandlers: HandlerMap<keyof typeof reviewCalls> = {
  'review:draft': (input, ctx) =>
    ctx.db.transaction(() => draftForIncident(ctx.db, actor(ctx), input.incidentId))(),
  'review:get': (input, ctx) => getReview(ctx.db, input.id),
  'review:list': (input, ctx) => ({ items: listReviews(ctx.db, input, ctx.deviceId) }),
  'review:save': (input, ctx) => saveDraft(ctx.db, input),
  'review:publish': (input, ctx) => publishReview(ctx.db, actor(ctx), input),
  'review:export': (input, ctx) => exportReview(ctx.db, input),
  'review:suggestions': (input, ctx) => ({ playbooks: playbookSuggestions(ctx.db, input.playbookId) }),
};
