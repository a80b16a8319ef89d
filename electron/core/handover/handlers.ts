/** The handover calls: engineer profiles, shifts, handovers and their review. */
import type { handoverCalls } from '../../../shared/handover/calls';
import { type BackendContext, type HandlerMap, unannounced } from '../api/handlers';
import { importBundle } from './bundle';
import { activeEngineer, listEngineers, saveEngineer, switchEngineer } from './engineers';
import {
  answerQuestion,
  endShift,
  exportHandover,
  type HandoverActor,
  reviewItem,
  startShift,
  submitHandover,
  updateDraft,
} from './service';
import { getHandover, listHandovers, overdueMinutes, runningShift, setOverdueMinutes } from './store';

/** Who is acting: the active profile, else whoever the console says is at the keyboard. */
function actor(ctx: BackendContext): HandoverActor {
  return { who: activeEngineer(ctx.db)?.name ?? ctx.author(), device: ctx.deviceId };
}

export const handoverHandlers: HandlerMap<keyof typeof handoverCalls> = {
  'engineer:list': (_input, ctx) => ({
    engineers: listEngineers(ctx.db),
    activeId: activeEngineer(ctx.db)?.id ?? null,
    signedAs: ctx.author(),
  }),
  'engineer:save': (input, ctx) => saveEngineer(ctx.db, input),
  'engineer:switch': (input, ctx) => {
    switchEngineer(ctx.db, input.id);
    return { engineers: listEngineers(ctx.db), activeId: input.id };
  },
  'shift:current': (_input, ctx) => ({
    shift: runningShift(ctx.db, ctx.deviceId),
    active: activeEngineer(ctx.db),
  }),
  'shift:start': (_input, ctx) => startShift(ctx.db, ctx.deviceId),
  'shift:end': (_input, ctx) => endShift(ctx.db, ctx.deviceId),
  'handover:get': (input, ctx) => getHandover(ctx.db, input.id),
  'handover:list': (input, ctx) => ({
    items: listHandovers(ctx.db, input),
    overdueMinutes: overdueMinutes(ctx.db),
  }),
  'handover:update': (input, ctx) => updateDraft(ctx.db, input),
  'handover:submit': (input, ctx) => submitHandover(ctx.db, actor(ctx), input),
  'handover:review': (input, ctx) => reviewItem(ctx.db, actor(ctx), input),
  'handover:answer': (input, ctx) => answerQuestion(ctx.db, actor(ctx), input),
  'handover:export': (input, ctx) => exportHandover(ctx.db, actor(ctx).who, input),
  'handover:import': (input, ctx) => importBundle(ctx.db, input.content),
  'handover:settings': (input, ctx) => {
    // Without a new threshold the call only reads it: nothing to announce.
    if (input.overdueMinutes === undefined) return unannounced({ overdueMinutes: overdueMinutes(ctx.db) });
    setOverdueMinutes(ctx.db, input.overdueMinutes);
    return { overdueMinutes: overdueMinutes(ctx.db) };
  },
};
