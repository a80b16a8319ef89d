/** Incidents: alert intake, opening, suggestions, the runner's append-only log. */
import type { BackendContext, HandlerMap } from '../api/handlers';
import { alertParse } from './intake/match';
import { suggestPlaybooks } from './intake/suggest';
import type { Actor } from './log';
import {
  board,
  incidentDetail,
  listIncidents,
  openIncident,
  recordActionDetail,
  startPlaybook,
} from './service';

function actor(ctx: BackendContext): Actor {
  return { deviceId: ctx.deviceId, author: ctx.author() };
}

export const incidentHandlers: HandlerMap<
  | 'incident:board'
  | 'incident:list'
  | 'incident:get'
  | 'alert:parse'
  | 'incident:open'
  | 'incident:suggest'
  | 'incident:startPlaybook'
  | 'incident:record'
> = {
  'incident:board': (_input, ctx) => ({ items: board(ctx.db) }),
  'incident:list': (input, ctx) => ({ items: listIncidents(ctx.db, input) }),
  'incident:get': (input, ctx) => incidentDetail(ctx.db, input.id),
  'alert:parse': (input, ctx) => alertParse(ctx.db, input.text),
  'incident:open': (input, ctx) => {
    const id = openIncident(ctx.db, actor(ctx), input);
    return incidentDetail(ctx.db, id);
  },
  'incident:suggest': (input, ctx) =>
    suggestPlaybooks(ctx.db, input.incidentId, { limit: input.limit, assetId: input.assetId }),
  'incident:startPlaybook': (input, ctx) => {
    startPlaybook(ctx.db, actor(ctx), input);
    return incidentDetail(ctx.db, input.incidentId);
  },
  'incident:record': (input, ctx) => recordActionDetail(ctx.db, actor(ctx), input.incidentId, input.action),
};
