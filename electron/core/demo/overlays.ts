/**
 * Customer overlays on the core playbooks: a fifth of the customers adjust one to four
 * playbooks (parameter values, a step reworded, a step added after another, a step skipped).
 */
import type { DemoContext } from './context';
import {
  type CustomerState,
  DAY,
  MINUTE,
  type OverlayBody,
  type OverlayStepChange,
  type PlaybookRef,
} from './model';
import {
  CORE_PLAYBOOKS,
  type PlaybookBody,
  type PlaybookParameter,
  type PlaybookStep,
} from './playbook-data';
import { syncColumns } from './rows';

export function writeOverlays(ctx: DemoContext, states: CustomerState[], playbooks: PlaybookRef[]): void {
  const rng = ctx.rng;
  const customizable = playbooks.filter(
    (p) => p.seed.steps.some((s) => s.customizable) || p.seed.parameters.length > 0,
  );
  const chosen = rng.sample(states, Math.round(states.length * 0.2));
  for (const state of chosen) {
    const plan = state.plan;
    for (const pb of rng.sample(customizable, rng.int(1, 4))) {
      const v1 = pb.versions[0]!;
      const created = ctx.between(Math.max(plan.createdMs, v1.createdMs), ctx.nowMs - DAY);
      const version = [...pb.versions].reverse().find((v) => v.createdMs <= created) ?? v1;
      const body = overlayBody(ctx, state, version.body);
      const updated = rng.chance(0.3) ? ctx.between(created, ctx.nowMs - MINUTE) : created;
      const id = ctx.id(created);
      ctx.w.insert('overlays', {
        id,
        customer_id: plan.id,
        playbook_id: pb.id,
        core_version: version.number,
        body: JSON.stringify(body),
        ...syncColumns(created, updated),
      });
      state.overlays.set(pb.seed.key, { id, coreVersion: version.number, createdMs: created, body });
    }
  }
}

function overlayBody(ctx: DemoContext, state: CustomerState, core: PlaybookBody): OverlayBody {
  const rng = ctx.rng;
  const plan = state.plan;
  const parameters: Record<string, string | number | boolean> = {};
  for (const p of rng.sample(core.parameters, rng.int(1, Math.min(2, core.parameters.length)))) {
    const value = overlayValue(ctx, state, p);
    if (value !== null) parameters[p.name] = value;
  }
  const steps: Record<string, OverlayStepChange> = {};
  const candidates = core.steps.filter((s) => s.customizable);
  for (const s of rng.sample(
    candidates,
    rng.int(candidates.length > 0 ? 1 : 0, Math.min(2, candidates.length)),
  )) {
    const op = rng.weighted<'replace' | 'addAfter' | 'skip'>([
      ['replace', 5],
      ['addAfter', 3],
      ['skip', 2],
    ]);
    if (op === 'replace') {
      const note = rng.pick([
        `Run this from the customer's jump host jump01.${plan.localDomain}; direct access from the MSP network is blocked by their policy.`,
        "The customer's own IT team does this step: call the first contact and stay on the line while they do it.",
        'Production changes need a verbal OK from the customer first; log who approved it.',
        `Use the change reference prefix ${plan.code}-CHG in every note for this step.`,
        `After this step wait 10 minutes: ${state.apps[0] ?? 'the main application'} takes a while to reconnect.`,
      ]);
      steps[s.id] = { replace: { instruction: `${s.instruction}\n\n**${plan.code}:** ${note}` } };
    } else if (op === 'addAfter') {
      const contact = rng.pick(state.contacts);
      const add: PlaybookStep = rng.chance(0.6)
        ? {
            id: `${s.id}-${plan.code.toLowerCase()}-1`,
            title: `Call ${contact.role}`,
            instruction: `Call ${contact.name} (${contact.role}) on ${contact.phone} and tell them what was just done.`,
            command: null,
            expected: null,
            timeboxMinutes: 5,
            kind: 'communicate',
            customizable: false,
          }
        : {
            id: `${s.id}-${plan.code.toLowerCase()}-1`,
            title: `Check ${state.apps[0] ?? 'the main application'}`,
            instruction: `Open ${state.apps[0] ?? 'the main application'} as the test user before going on; the customer checks this first.`,
            command: null,
            expected: 'Login page loads and a record opens.',
            timeboxMinutes: 5,
            kind: 'check',
            customizable: false,
          };
      steps[s.id] = { addAfter: [add] };
    } else {
      steps[s.id] = {
        skip: {
          reason: rng.pick([
            "The customer's own IT performs this under their change process.",
            'Not applicable: this customer has no DR site of its own; restore from backup instead.',
            'Contract excludes on-site work out of hours.',
            'Done automatically by the customer’s monitoring runbook.',
          ]),
        },
      };
    }
  }
  return { parameters, steps };
}

function overlayValue(
  ctx: DemoContext,
  state: CustomerState,
  p: PlaybookParameter,
): string | number | boolean | null {
  const rng = ctx.rng;
  const examples = CORE_PLAYBOOKS.flatMap((s) => s.parameters).find(
    (x) => x.name === p.name && x.examples,
  )?.examples;
  switch (p.type) {
    case 'contact': {
      // Contact parameters name a role; it resolves to the customer's contact with that role.
      const other = state.contacts.filter((c) => c.role !== p.default);
      return other.length > 0 ? rng.pick(other).role : null;
    }
    case 'boolean':
      return !p.default;
    case 'number': {
      const nums = (examples ?? []).filter((e): e is number => typeof e === 'number' && e !== p.default);
      return nums.length > 0 ? rng.pick(nums) : null;
    }
    case 'string': {
      if (p.name === 'failover_site') {
        const drEnv = state.envs.find((e) => e.kind === 'dr');
        if (drEnv) return drEnv.site ? drEnv.site.name : 'MSP DC2 (Slough)';
      }
      const strs = (examples ?? []).filter((e): e is string => typeof e === 'string' && e !== p.default);
      return strs.length > 0 ? rng.pick(strs) : null;
    }
  }
}
