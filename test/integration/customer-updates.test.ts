/**
 * Customer updates and "seen before" through the back end on a small demo: communication
 * terms saved with the customer (and refused with the template and position when malformed),
 * an update recorded as a hash-chained event that moves the next-update clock, the handover
 * listing an overdue update, and past incidents ranked for a new one.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { generateDemo } from '../../electron/core/demo/generate';
import { migrateCentral } from '../../electron/core/sync/central/schema';
import { runRound } from '../../electron/core/sync/round';
import type { CallInput, CallOutput } from '../../shared/api/contract';
import { call, refusal } from '../helpers/api';
import { type Central, SUPERUSER, SUPERUSER_PASSWORD, startCentral } from '../helpers/central';
import { tempDir } from '../helpers/tmp';

function demo(): Backend {
  const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  generateDemo(b.db, { customers: 8, seed: 19, now: new Date() });
  return b;
}

type Card = CallOutput<'customer:get'>;

function saveInput(
  card: Card,
  terms: CallInput<'customer:save'>['communicationTerms'],
): CallInput<'customer:save'> {
  return {
    id: card.id,
    baseVersion: card.version,
    code: card.code,
    name: card.name,
    tier: card.tier,
    timeZone: card.timeZone,
    restoreTargets: card.restoreTargets,
    supportHours: card.supportHours,
    notes: card.notes,
    tags: card.tags,
    reviewedAt: card.reviewedAt?.slice(0, 10) ?? null,
    reviewIntervalDays: card.reviewIntervalDays,
    communicationTerms: terms,
  };
}

async function cardWithContacts(b: Backend, withTerms: boolean): Promise<Card> {
  const list = await call(b, 'customer:list', {});
  for (const c of list.items.filter((x) => x.kind === 'customer')) {
    const card = await call(b, 'customer:get', { id: c.id });
    if (card.contacts.length >= 2 && (card.communicationTerms !== null) === withTerms) return card;
  }
  throw new Error(`the demo has no customer ${withTerms ? 'with' : 'without'} communication terms`);
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('communication terms', () => {
  it('demo customers carry terms, others use the core set', async () => {
    const b = demo();
    const own = await cardWithContacts(b, true);
    expect(own.communicationTerms?.recipients.length).toBeGreaterThan(0);
    expect(own.communicationTerms?.cadenceMinutes.sev1).toBe(30);
    expect((await cardWithContacts(b, false)).communicationTerms).toBeNull();
    b.close();
  });

  it('are saved with the customer (a new version, queued for sync) and refused with the template and position when malformed', async () => {
    const b = demo();
    const card = await cardWithContacts(b, false);
    const bad = await refusal(
      b,
      'customer:save',
      saveInput(card, {
        recipients: [card.contacts[1]?.id ?? ''],
        cadenceMinutes: { sev1: 20 },
        templates: { update: { subject: 'Update: {incident}', body: 'Hello,\n\nStill on {servces}.' } },
      }),
    );
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain('"Update" template\'s body, line 3, column 10');
    expect(bad.message).toContain('unknown placeholder {servces}');
    const unbalanced = await refusal(
      b,
      'customer:save',
      saveInput(card, {
        recipients: [],
        cadenceMinutes: {},
        templates: { restored: { subject: 'Back: {incident', body: 'ok' } },
      }),
    );
    expect(unbalanced.message).toContain('"Restored" template\'s subject, line 1, column 7');
    // Nothing half-saved.
    expect((await call(b, 'customer:get', { id: card.id })).version).toBe(card.version);

    const other = await cardWithContacts(b, true);
    const foreign = await refusal(
      b,
      'customer:save',
      saveInput(card, { recipients: [other.contacts[0]?.id ?? ''], cadenceMinutes: {}, templates: {} }),
    );
    expect(foreign.message).toContain("is not one of this customer's contacts");

    b.db.prepare('DELETE FROM sync_outbox').run();
    const terms = {
      recipients: [card.contacts[1]?.id ?? ''],
      cadenceMinutes: { sev1: 20, sev4: null },
      templates: {
        update: { subject: 'Update: {incident}', body: 'Still on {services}; {{braces}} are fine.' },
      },
    };
    const saved = await call(b, 'customer:save', saveInput(card, terms));
    expect(saved.version).toBe(card.version + 1);
    expect(saved.communicationTerms).toEqual(terms);
    const queued = b.db
      .prepare("SELECT count(*) AS n FROM sync_outbox WHERE entity = 'customer' AND row_id = ?")
      .get(card.id) as { n: number };
    expect(queued.n).toBe(1);
    // Saving without the field leaves the terms alone; null clears them.
    const { communicationTerms: _omit, ...withoutTerms } = saveInput(saved, null);
    expect((await call(b, 'customer:save', withoutTerms)).communicationTerms).toEqual(terms);
    const cleared = await call(b, 'customer:get', { id: card.id });
    expect((await call(b, 'customer:save', saveInput(cleared, null))).communicationTerms).toBeNull();
    b.close();
  });
});

describe('customer updates on an incident', () => {
  it('drafts from the template, records the update as a chained event, and moves the next-update clock', async () => {
    const b = demo();
    const card = await cardWithContacts(b, true);
    const opened = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'ERP unreachable for all users',
      severity: 'sev1',
      clockStartAt: minutesAgo(10),
    });
    const id = opened.state.id;
    expect(opened.communication.cadenceMinutes).toBe(30);
    expect(opened.communication.nextUpdate?.kind).toBe('working');
    expect(Date.parse(opened.communication.nextUpdate?.dueAt ?? '')).toBeCloseTo(
      Date.now() + 20 * 60_000,
      -4,
    );

    const draft = await call(b, 'incident:draftUpdate', { incidentId: id });
    expect(draft.kind).toBe('working');
    expect(draft.templateFrom).toBe('customer');
    expect(draft.subject).toBe(`[${card.name}] Incident: ERP unreachable for all users — we are on it`);
    expect(draft.body).not.toMatch(/[{}]/);
    expect(draft.body).toContain(`Dear ${card.name} team,`);
    expect(draft.recipients.map((r) => r.contactId)).toEqual(card.communicationTerms?.recipients);

    // A "restored" update before service is back is refused.
    const early = await refusal(b, 'incident:record', {
      incidentId: id,
      action: {
        type: 'customer_update',
        kind: 'restored',
        channel: 'phone',
        contactIds: [card.contacts[0]?.id],
        text: 'x',
      },
    });
    expect(early.code).toBe('CONFLICT');

    const sent = await call(b, 'incident:record', {
      incidentId: id,
      action: {
        type: 'customer_update',
        kind: draft.kind,
        channel: 'phone',
        contactIds: draft.recipients.map((r) => r.contactId),
        subject: draft.subject,
        text: `${draft.body}\n(told by phone)`,
      },
    });
    const update = sent.state.customerUpdates[0];
    expect(update?.kind).toBe('working');
    expect(update?.channel).toBe('phone');
    expect(update?.to).toEqual(draft.recipients.map((r) => r.name));
    expect(update?.text).toContain('(told by phone)');
    expect(sent.timeline.at(-1)?.summary).toContain('phoned to');
    expect(sent.communication.nextUpdate).toMatchObject({ kind: 'update', lastAt: update?.at });
    expect(Date.parse(sent.communication.nextUpdate?.dueAt ?? '')).toBe(
      Date.parse(update?.at ?? '') + 30 * 60_000,
    );
    const row = b.db
      .prepare("SELECT hash, payload FROM incident_events WHERE incident_id = ? AND type = 'customer_update'")
      .get(id) as { hash: string | null; payload: string };
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(row.payload).to[0].name).toBe(draft.recipients[0]?.name);
    expect((await call(b, 'incident:draftUpdate', { incidentId: id })).kind).toBe('update');

    // Another customer's contact is never logged as told.
    const other = await cardWithContacts(b, false);
    const wrong = await refusal(b, 'incident:record', {
      incidentId: id,
      action: {
        type: 'customer_update',
        kind: 'update',
        channel: 'email',
        contactIds: [other.contacts[0]?.id],
        text: 'x',
      },
    });
    expect(wrong.message).toContain("is not a contact of this incident's customer");

    await call(b, 'incident:record', { incidentId: id, action: { type: 'restored' } });
    const after = await call(b, 'incident:draftUpdate', { incidentId: id });
    expect(after.kind).toBe('restored');
    expect(after.templateFrom).toBe('core');
    expect(after.nextUpdate?.kind).toBe('restored');
    b.close();
  });

  it('the handover lists an overdue customer update', async () => {
    const b = demo();
    await call(b, 'engineer:save', { id: null, name: 'Alice Martin', activate: true });
    await call(b, 'shift:start', {});
    const card = await cardWithContacts(b, false);
    const late = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'Mail gateway down',
      severity: 'sev1',
      clockStartAt: minutesAgo(45),
    });
    const fine = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'Printer queue stuck',
      severity: 'sev3',
    });
    const draft = await call(b, 'shift:end', {});
    const note = draft.items.find((i) => i.id === 'note-updates-overdue');
    expect(note?.detail).toContain('"Mail gateway down" (SEV1): first update to');
    expect(note?.detail).toContain(card.contacts[0]?.name ?? '?');
    expect(note?.detail).not.toContain('Printer queue stuck');
    expect(draft.items.find((i) => i.id === `inc-${late.state.id}`)?.detail).toMatch(
      /^Customer update overdue/,
    );
    expect(draft.items.find((i) => i.id === `inc-${fine.state.id}`)?.detail).not.toMatch(/overdue/);
    b.close();
  });
});

describe('seen before', () => {
  it('ranks past incidents on the same asset above similar symptoms and the same playbook, with what restored them', async () => {
    const b = demo();
    const card = await cardWithContacts(b, true);
    const topology = await call(b, 'customer:topology', { id: card.id });
    const [asset, otherAsset] = topology.assets;
    if (!asset || !otherAsset) throw new Error('the demo customer needs two assets');
    const pb = b.db
      .prepare('SELECT id FROM playbooks WHERE deleted_at IS NULL ORDER BY title LIMIT 1')
      .get() as {
      id: string;
    };
    const elsewhere = await cardWithContacts(b, false);

    // Past: the same asset, run with the playbook, restored right after its second step.
    const same = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'Database disk full',
      severity: 'sev2',
      symptom: 'writes failing',
      assetIds: [asset.id],
    });
    const run = (await call(b, 'incident:startPlaybook', { incidentId: same.state.id, playbookId: pb.id }))
      .state.runs[0];
    const [s1, s2] = run?.steps ?? [];
    if (!run || !s1 || !s2) throw new Error('the playbook needs two steps');
    for (const s of [s1, s2])
      await call(b, 'incident:record', {
        incidentId: same.state.id,
        action: { type: 'step', runId: run.runId, stepId: s.stepId, outcome: 'done' },
      });
    await call(b, 'incident:record', {
      incidentId: same.state.id,
      action: { type: 'restored', summary: 'Old logs moved off the volume' },
    });
    await call(b, 'incident:record', {
      incidentId: same.state.id,
      action: { type: 'follow_up_added', kind: 'task', text: 'Add log rotation' },
    });
    // Past: same customer, another asset, a similar symptom.
    const similar = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'Disk full on file share',
      severity: 'sev3',
      symptom: 'writes failing',
      assetIds: [otherAsset.id],
    });
    await call(b, 'incident:record', { incidentId: similar.state.id, action: { type: 'restored' } });
    // Past: another customer, the same playbook.
    const playbookOnly = await call(b, 'incident:open', {
      customerId: elsewhere.id,
      title: 'Portal slow',
      severity: 'sev3',
    });
    await call(b, 'incident:startPlaybook', { incidentId: playbookOnly.state.id, playbookId: pb.id });
    await call(b, 'incident:record', { incidentId: playbookOnly.state.id, action: { type: 'restored' } });
    // Past: another customer, nothing in common.
    const unrelated = await call(b, 'incident:open', {
      customerId: elsewhere.id,
      title: 'Badge readers offline',
      severity: 'sev4',
    });
    await call(b, 'incident:record', { incidentId: unrelated.state.id, action: { type: 'restored' } });
    // Still open: not "past".
    const stillOpen = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'Database disk full again',
      severity: 'sev2',
      assetIds: [asset.id],
    });

    const now = await call(b, 'incident:open', {
      customerId: card.id,
      title: 'Database disk full',
      severity: 'sev1',
      symptom: 'writes failing',
      assetIds: [asset.id],
    });
    await call(b, 'incident:startPlaybook', { incidentId: now.state.id, playbookId: pb.id });
    const { items } = await call(b, 'incident:seenBefore', { incidentId: now.state.id, limit: 50 });
    const ids = items.map((i) => i.incidentId);
    expect(ids[0]).toBe(same.state.id);
    expect(items[0]?.reasons[0]).toBe(`same asset ${asset.name}`);
    expect(items[0]?.restoredBy).toEqual({ step: s2.title, note: 'Old logs moved off the volume' });
    expect(items[0]?.followUps.map((f) => f.text)).toEqual(['Add log rotation']);
    expect(items[0]?.minutesToRestore).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(similar.state.id)).toBeGreaterThan(0);
    expect(items.find((i) => i.incidentId === similar.state.id)?.reasons).toContain(
      'same customer, similar symptom',
    );
    expect(items.find((i) => i.incidentId === playbookOnly.state.id)?.reasons[0]).toMatch(/^same playbook/);
    expect(ids).not.toContain(unrelated.state.id);
    expect(ids).not.toContain(stillOpen.state.id);
    expect(ids).not.toContain(now.state.id);
    // Scores never rise down the list.
    for (let i = 1; i < items.length; i++)
      expect(items[i]?.score).toBeLessThanOrEqual(items[i - 1]?.score ?? 0);
    b.close();
  });
});

describe('through central', () => {
  let central: Central;
  beforeAll(async () => {
    central = await startCentral();
    const c = await central.client();
    try {
      await migrateCentral(c);
    } finally {
      await c.end();
    }
  }, 120_000);
  afterAll(async () => {
    await central?.stop();
  });

  async function syncRound(b: Backend): Promise<void> {
    const c = await central.client(SUPERUSER, SUPERUSER_PASSWORD);
    try {
      await runRound(b.db, c, {});
    } finally {
      await c.end();
    }
  }

  it("a customer's terms and its customer updates reach another console like the rest of its record and log", async () => {
    const a = demo();
    const card = await cardWithContacts(a, true);
    const opened = await call(a, 'incident:open', {
      customerId: card.id,
      title: 'Storage latency',
      severity: 'sev2',
    });
    const draft = await call(a, 'incident:draftUpdate', { incidentId: opened.state.id });
    await call(a, 'incident:record', {
      incidentId: opened.state.id,
      action: {
        type: 'customer_update',
        kind: draft.kind,
        channel: 'email',
        contactIds: draft.recipients.map((r) => r.contactId),
        subject: draft.subject,
        text: draft.body,
      },
    });
    await syncRound(a);
    const b = createBackend({ dbPath: path.join(tempDir(), 'second.db'), transport: 'web' });
    await syncRound(b);
    expect((await call(b, 'customer:get', { id: card.id })).communicationTerms).toEqual(
      card.communicationTerms,
    );
    const there = await call(b, 'incident:get', { id: opened.state.id });
    expect(there.state.customerUpdates.map((u) => [u.kind, u.channel, u.subject])).toEqual([
      ['working', 'email', draft.subject],
    ]);
    expect(there.communication.nextUpdate?.kind).toBe('update');
    a.close();
    b.close();
  }, 120_000);
});
