/** Core playbooks, versions, overlays, the effective playbook, review and customization report. */

import { EffectivePlaybookSchema, PlaybookChangeSchema } from '../../../shared/playbooks/model';
import type { HandlerMap } from '../api/handlers';
import { runEdit } from '../db/changeLog';
import { effectivePlaybook } from './effective';
import { buildGobag } from './gobag';
import { deleteOverlay, overlayDetail, saveOverlay } from './overlays';
import { diffVersions, listPlaybooks, markReviewed, playbookDetail, savePlaybook } from './playbooks';
import { customizationReport } from './report';

export const playbookHandlers: HandlerMap<
  | 'playbook:list'
  | 'playbook:get'
  | 'playbook:save'
  | 'playbook:diff'
  | 'playbook:markReviewed'
  | 'overlay:get'
  | 'overlay:save'
  | 'overlay:delete'
  | 'playbook:effective'
  | 'playbook:customizationReport'
  | 'gobag:export'
> = {
  'playbook:list': (input, ctx) => ({ items: listPlaybooks(ctx.db, input) }),
  'playbook:get': (input, ctx) => playbookDetail(ctx.db, input.id, input.version),
  'playbook:save': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => playbookDetail(e.db, savePlaybook(e, input))),
  // The pure functions return readonly structures; the output schemas give the API's plain shapes.
  'playbook:diff': (input, ctx) => ({
    changes: PlaybookChangeSchema.array().parse(diffVersions(ctx.db, input)),
  }),
  'playbook:markReviewed': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => {
      markReviewed(e, input.id);
      return playbookDetail(e.db, input.id);
    }),
  'overlay:get': (input, ctx) => overlayDetail(ctx.db, input.playbookId, input.customerId),
  'overlay:save': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => {
      saveOverlay(e, input);
      return overlayDetail(e.db, input.playbookId, input.customerId);
    }),
  'overlay:delete': (input, ctx) =>
    runEdit(ctx.db, ctx.author(), (e) => {
      deleteOverlay(e, input);
      return { deleted: true as const };
    }),
  'playbook:effective': (input, ctx) => EffectivePlaybookSchema.parse(effectivePlaybook(ctx.db, input)),
  'playbook:customizationReport': (input, ctx) => ({ ...customizationReport(ctx.db, input.bound) }),
  'gobag:export': (input, ctx) => buildGobag(ctx.db, input.customerId, input.format, new Date()),
};
