import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffPlaybooks } from '../../shared/playbooks/diff';
import type {
  OverlayBody,
  OverlayStepChange,
  PlaybookBody,
  PlaybookStep,
} from '../../shared/playbooks/model';
import { resolvePlaybook, validateOverlay } from '../../shared/playbooks/resolve';

const step = (id: string, over: Partial<PlaybookStep> = {}): PlaybookStep => ({
  id,
  title: `Step ${id}`,
  instruction: `Do ${id} on {{asset.hostname}}`,
  command: null,
  expected: null,
  timeboxMinutes: 5,
  kind: 'action',
  customizable: false,
  ...over,
});

const core: PlaybookBody = {
  summary: 'VM unresponsive',
  appliesTo: { assetKinds: ['vm'], tags: [], symptoms: ['unresponsive'] },
  restoreTargetMinutes: 60,
  parameters: [
    { name: 'failover_site', type: 'string', default: 'DR1', description: 'Where to fail over' },
    { name: 'approval_contact', type: 'contact', default: 'IT Manager', description: 'Who approves' },
    { name: 'jump_host', type: 'string', default: null, description: 'Jump host' },
  ],
  steps: [
    step('s1', { command: 'ping -c 3 {{asset.ip}}', kind: 'check' }),
    step('s2', {
      customizable: true,
      instruction: 'Fail over to {{failover_site}} after {{approval_contact}} agrees',
    }),
    step('s3', { customizable: true, command: 'ssh {{jump_host}}' }),
  ],
};

const facts = {
  customer: { name: 'Acme', code: 'ACME' },
  asset: { hostname: 'web01.acme.local', ip: '10.1.2.3', name: 'web01' },
  contacts: [{ name: 'Maya Fischer', role: 'IT Manager', phone: '+44 20 7946 0001' }],
};

describe('effective playbook', () => {
  it('fills parameters, asset facts and contact parameters; shows what is missing', () => {
    const eff = resolvePlaybook({ version: 1, body: core }, null, facts);
    expect(eff.steps.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(eff.steps[0]?.command?.text).toBe('ping -c 3 10.1.2.3');
    expect(eff.steps[1]?.instruction.text).toBe(
      'Fail over to DR1 after Maya Fischer (IT Manager, +44 20 7946 0001) agrees',
    );
    expect(eff.steps[2]?.command?.text).toBe('ssh ⟨missing: jump_host⟩');
    expect(eff.missing).toEqual(['jump_host']);
    expect(eff.parameters.find((p) => p.name === 'jump_host')?.source).toBe('missing');
  });

  it("applies one customer's overlay: values, replaced text, added step, skip with reason", () => {
    const overlay: OverlayBody = {
      parameters: { failover_site: 'Leeds DC', jump_host: 'jump01.acme.local' },
      steps: {
        s2: { addAfter: [step('acme-1', { title: 'Call the site manager', kind: 'communicate' })] },
        s3: { skip: { reason: 'Customer IT does this' } },
      },
    };
    expect(validateOverlay(core, overlay)).toEqual([]);
    const eff = resolvePlaybook({ version: 1, body: core }, { coreVersion: 1, body: overlay }, facts);
    expect(eff.steps.map((s) => [s.id, s.customization])).toEqual([
      ['s1', null],
      ['s2', null],
      ['s2+acme-1', 'added'],
      ['s3', 'skipped'],
    ]);
    expect(eff.steps[1]?.instruction.text).toContain('Leeds DC');
    expect(eff.steps[3]?.skipReason).toBe('Customer IT does this');
    expect(eff.missing).toEqual([]);
    expect(eff.drifted).toBe(false);
  });

  it('refuses overlays that touch a fixed step or an undeclared parameter, with clear messages', () => {
    const issues = validateOverlay(core, {
      parameters: { failover_site: 3, secret_sauce: 'x' },
      steps: { s1: { skip: { reason: 'we do not ping' } }, s9: { replace: { instruction: 'x' } } },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'parameters.failover_site',
      'parameters.secret_sauce',
      'steps.s1',
      'steps.s9',
    ]);
    expect(issues.find((i) => i.path === 'steps.s1')?.message).toMatch(/not customizable/);
    expect(issues.find((i) => i.path === 'parameters.secret_sauce')?.message).toMatch(
      /not a customization point/,
    );
  });

  it('marks an overlay written against an older core as drifted, and ignores changes core no longer allows', () => {
    const v2: PlaybookBody = {
      ...core,
      steps: [core.steps[0]!, { ...core.steps[1]!, customizable: false }, core.steps[2]!],
    };
    const overlay: OverlayBody = { parameters: {}, steps: { s2: { skip: { reason: 'not for us' } } } };
    const eff = resolvePlaybook({ version: 2, body: v2 }, { coreVersion: 1, body: overlay }, facts);
    expect(eff.drifted).toBe(true);
    expect(eff.steps[1]?.customization).toBeNull();
    expect(diffPlaybooks(core, v2)).toEqual([
      {
        kind: 'step-changed',
        stepId: 's2',
        title: 'Step s2',
        fields: [{ field: 'customizable', from: 'true', to: 'false' }],
      },
    ]);
  });

  it('diffs versions: added, removed, moved and changed steps, parameters and fields', () => {
    const v2: PlaybookBody = {
      ...core,
      restoreTargetMinutes: 30,
      parameters: [
        core.parameters[0]!,
        { name: 'ticket_prefix', type: 'string', default: 'CHG', description: '' },
      ],
      steps: [step('s0'), core.steps[2]!, { ...core.steps[0]!, title: 'Ping it' }],
    };
    const kinds = diffPlaybooks(core, v2).map((c) => c.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'field',
        'parameter-removed',
        'parameter-added',
        'step-removed',
        'step-added',
        'step-moved',
        'step-changed',
      ]),
    );
  });
});

// ---- Properties: any core, any overlay (valid or not), any facts.

const stepIdArb = fc.stringMatching(/^s[0-9a-z]{1,6}$/);
const stepArb = (id: string) =>
  fc
    .record({
      customizable: fc.boolean(),
      command: fc.option(fc.constantFrom('ping {{asset.ip}}', 'restart {{svc}}', 'echo {{customer.code}}'), {
        nil: null,
      }),
    })
    .map((o) => step(id, o));

const coreArb: fc.Arbitrary<PlaybookBody> = fc
  .uniqueArray(stepIdArb, { minLength: 1, maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map(stepArb)))
  .map((steps) => ({
    ...core,
    parameters: [{ name: 'svc', type: 'string', default: null, description: '' }],
    steps,
  }));

const changeArb: fc.Arbitrary<OverlayStepChange> = fc.oneof(
  fc.record({
    replace: fc.record({ instruction: fc.stringMatching(/^[a-z {}]{0,30}$/).map((s) => `${s} {{svc}}`) }),
  }),
  fc.record({ skip: fc.record({ reason: fc.constant('customer policy') }) }),
  fc
    .uniqueArray(fc.stringMatching(/^x[0-9a-z]{1,5}$/), { minLength: 1, maxLength: 3 })
    .map((ids) => ({ addAfter: ids.map((id) => step(id)) })),
);

const overlayFor = (body: PlaybookBody): fc.Arbitrary<OverlayBody> =>
  fc.record({
    parameters: fc.dictionary(fc.constantFrom('svc', 'undeclared'), fc.oneof(fc.string(), fc.integer())),
    steps: fc.dictionary(fc.constantFrom(...body.steps.map((s) => s.id), 'nope'), changeArb),
  });

const caseArb = coreArb.chain((body) => fc.tuple(fc.constant(body), overlayFor(body)));

describe('effective playbook properties', () => {
  it('never loses a non-skipped core step and never reorders core steps', () => {
    fc.assert(
      fc.property(caseArb, ([body, overlay]) => {
        const eff = resolvePlaybook({ version: 1, body }, { coreVersion: 1, body: overlay }, facts);
        const coreSteps = eff.steps.filter((s) => s.origin === 'core');
        expect(coreSteps.map((s) => s.id)).toEqual(body.steps.map((s) => s.id));
        for (const s of coreSteps) {
          const change = overlay.steps[s.id];
          const skippedByOverlay =
            change !== undefined && 'skip' in change && body.steps.find((c) => c.id === s.id)?.customizable;
          expect(s.customization === 'skipped').toBe(Boolean(skippedByOverlay));
        }
      }),
    );
  });

  it('is deterministic, whatever the order of the overlay entries', () => {
    fc.assert(
      fc.property(caseArb, ([body, overlay]) => {
        const reversed: OverlayBody = {
          parameters: Object.fromEntries(Object.entries(overlay.parameters).reverse()),
          steps: Object.fromEntries(Object.entries(overlay.steps).reverse()),
        };
        const a = resolvePlaybook({ version: 2, body }, { coreVersion: 1, body: overlay }, facts);
        const b = resolvePlaybook({ version: 2, body }, { coreVersion: 1, body: reversed }, facts);
        expect(b).toEqual(a);
        expect(resolvePlaybook({ version: 2, body }, { coreVersion: 1, body: overlay }, facts)).toEqual(a);
      }),
    );
  });

  it('never leaves a placeholder silently blank', () => {
    fc.assert(
      fc.property(caseArb, ([body, overlay]) => {
        const eff = resolvePlaybook(
          { version: 1, body },
          { coreVersion: 1, body: overlay },
          { customer: {} },
        );
        for (const s of eff.steps) {
          for (const t of [s.instruction, s.command]) {
            if (!t) continue;
            for (const m of t.missing) expect(t.text).toContain(`⟨missing: ${m}⟩`);
            expect(t.text).not.toMatch(/\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}/);
          }
        }
      }),
    );
  });
});
