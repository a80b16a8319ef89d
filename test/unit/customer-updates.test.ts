/** Customer-update templates (validator, filler), core-plus-customer terms and when the next update is due. */
import { describe, expect, it } from 'vitest';
import {
  CORE_CADENCE,
  CORE_TEMPLATES,
  effectiveTerms,
  fillTemplate,
  nextUpdateDue,
  nextUpdateKind,
  PLACEHOLDERS,
  type PlaceholderValues,
  termsTemplateIssue,
  type UpdatesSoFar,
  updateClockState,
  validateTemplate,
} from '../../shared/incidents/templates';

const VALUES: PlaceholderValues = {
  customer: 'Acme Logistics',
  services: 'ERP',
  incident: 'ERP unreachable',
  start: 'Tue 3 Mar, 03:12 CET',
  elapsed: '47 min',
  next_update: 'Tue 3 Mar, 04:00 CET',
  doing: 'Restart the VM on another host',
  engineer: 'Maya',
};

describe('template validator', () => {
  it('accepts every placeholder and doubled braces', () => {
    expect(validateTemplate(PLACEHOLDERS.map((p) => `{${p}}`).join(' '))).toEqual([]);
    expect(validateTemplate('JSON looks like {{"a": 1}}')).toEqual([]);
    for (const t of Object.values(CORE_TEMPLATES)) {
      expect(validateTemplate(t.subject)).toEqual([]);
      expect(validateTemplate(t.body)).toEqual([]);
    }
  });

  it('refuses an unknown placeholder with its line and column', () => {
    const issues = validateTemplate('Hello,\n\nWe are on {servces} now.');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 3, column: 11 });
    expect(issues[0]?.message).toContain('unknown placeholder {servces}');
  });

  it('refuses a brace never closed on its line, and a lone closing brace', () => {
    expect(validateTemplate('Next update by {next_update\nthanks')[0]).toMatchObject({ line: 1, column: 16 });
    expect(validateTemplate('ok }')[0]).toMatchObject({ line: 1, column: 4 });
    expect(validateTemplate('{customer {incident}')[0]).toMatchObject({ line: 1, column: 1 });
    expect(validateTemplate('trailing {')[0]?.message).toContain('never closed');
  });

  it('names which template and part of a customer set is wrong', () => {
    const bad = termsTemplateIssue({
      working: { subject: '{customer}', body: 'fine' },
      restored: { subject: 'Back', body: 'line one\n  {whatever}' },
    });
    expect(bad).toMatchObject({ kind: 'restored', part: 'body', issue: { line: 2, column: 3 } });
    expect(termsTemplateIssue({ update: CORE_TEMPLATES.update })).toBeNull();
  });
});

describe('placeholder fill', () => {
  it('fills every placeholder and writes literal braces', () => {
    expect(fillTemplate('[{customer}] {incident}: {doing} ({elapsed}) — {engineer} {{ok}}', VALUES)).toBe(
      '[Acme Logistics] ERP unreachable: Restart the VM on another host (47 min) — Maya {ok}',
    );
    const body = fillTemplate(CORE_TEMPLATES.working.body, VALUES);
    expect(body).toContain('affecting ERP since Tue 3 Mar, 03:12 CET');
    expect(body).toContain('Next update by Tue 3 Mar, 04:00 CET.');
    expect(body).not.toMatch(/[{}]/);
  });

  it('refuses to fill a malformed template rather than send it half-filled', () => {
    expect(() => fillTemplate('Hi {nope}', VALUES)).toThrow(/line 1, column 4/);
  });
});

describe('customer terms over core', () => {
  it('core applies where the customer sets nothing; the customer overrides only what it names', () => {
    const core = effectiveTerms(null);
    expect(core.cadenceMinutes).toEqual(CORE_CADENCE);
    expect(core.templates).toEqual(CORE_TEMPLATES);
    const own = effectiveTerms({
      recipients: ['c1'],
      cadenceMinutes: { sev1: 15, sev4: 480 },
      templates: { update: { subject: 'U {incident}', body: 'B' } },
    });
    expect(own.cadenceMinutes).toEqual({ ...CORE_CADENCE, sev1: 15, sev4: 480 });
    expect(own.templates.update.subject).toBe('U {incident}');
    expect(own.templates.working).toEqual(CORE_TEMPLATES.working);
    expect(own.fromCustomer).toEqual({ recipients: true, cadence: ['sev1', 'sev4'], templates: ['update'] });
  });
});

describe('next update due', () => {
  const T0 = '2026-03-03T02:00:00.000Z';
  const at = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();
  const incident = (over: Partial<UpdatesSoFar> = {}): UpdatesSoFar => ({
    status: 'open',
    severity: 'sev1',
    clockStartAt: T0,
    restoredAt: null,
    customerUpdates: [],
    ...over,
  });

  it('the first "working on it" falls due one interval after the clock started, per severity', () => {
    expect(nextUpdateDue(incident(), CORE_CADENCE)).toEqual({
      kind: 'working',
      dueAt: at(30),
      lastAt: null,
      intervalMinutes: 30,
    });
    expect(nextUpdateDue(incident({ severity: 'sev2' }), CORE_CADENCE)?.dueAt).toBe(at(60));
    expect(nextUpdateDue(incident({ severity: 'sev3' }), CORE_CADENCE)?.dueAt).toBe(at(240));
    // No cadence for SEV4 in core: nothing is due.
    expect(nextUpdateDue(incident({ severity: 'sev4' }), CORE_CADENCE)).toBeNull();
    expect(nextUpdateKind(incident())).toBe('working');
  });

  it('later updates fall due one interval after the latest one sent, whatever order they arrive in', () => {
    const sent = incident({
      status: 'restoring',
      customerUpdates: [
        { at: at(40), kind: 'update' },
        { at: at(10), kind: 'working' },
      ],
    });
    expect(nextUpdateDue(sent, CORE_CADENCE)).toMatchObject({
      kind: 'update',
      dueAt: at(70),
      lastAt: at(40),
    });
    expect(nextUpdateKind(sent)).toBe('update');
  });

  it('after restore the "restored" notice is due within 15 minutes, and nothing once it is sent', () => {
    const restored = incident({
      status: 'restored',
      restoredAt: at(50),
      customerUpdates: [{ at: at(10), kind: 'working' }],
    });
    expect(nextUpdateKind(restored)).toBe('restored');
    expect(nextUpdateDue(restored, CORE_CADENCE)).toMatchObject({ kind: 'restored', dueAt: at(65) });
    const told = {
      ...restored,
      customerUpdates: [...restored.customerUpdates, { at: at(52), kind: 'restored' as const }],
    };
    expect(nextUpdateDue(told, CORE_CADENCE)).toBeNull();
    expect(nextUpdateDue({ ...restored, status: 'closed' }, CORE_CADENCE)).toBeNull();
    // A severity without cadence that was never told anything owes no restored notice either.
    expect(nextUpdateDue({ ...restored, severity: 'sev4', customerUpdates: [] }, CORE_CADENCE)).toBeNull();
  });

  it('goes amber in the last quarter of the interval and red once overdue, like the restore clock', () => {
    const due = nextUpdateDue(incident(), CORE_CADENCE);
    if (!due) throw new Error('expected a due update');
    expect(updateClockState(due, Date.parse(at(10)))).toBe('ok');
    expect(updateClockState(due, Date.parse(at(24)))).toBe('approaching');
    expect(updateClockState(due, Date.parse(at(31)))).toBe('overdue');
  });
});
