import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import {
  CALL_NAMES,
  type CallInput,
  calls,
  type EventPayload,
  type ReadingCall,
} from '../../shared/api/contract';
import { call } from '../helpers/api';
import { backendWithCustomers } from '../helpers/backend';
import { dumpDatabase, tempDir } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => backend?.close());

/** Inputs that no call accepts: wrong shapes, unknown keys, and a wrong type for each declared field. */
function malformedInputs(name: (typeof CALL_NAMES)[number]): unknown[] {
  // Object inputs also get a wrong type for each declared field; other shapes (unions) the generic list.
  const input = calls[name].input as unknown as Partial<z.ZodObject>;
  const shape = (input.shape ?? {}) as Record<string, unknown>;
  const wrongTypes = Object.keys(shape).flatMap((key) => [{ [key]: { nested: true } }, { [key]: [1, 2] }]);
  return [null, 42, 'text', [], { unexpected: true }, ...wrongTypes];
}

describe('API contract validation', () => {
  it('every call refuses malformed input with a VALIDATION error and changes nothing', async () => {
    backend = backendWithCustomers();
    const before = dumpDatabase(backend.db);
    for (const name of CALL_NAMES) {
      for (const input of malformedInputs(name)) {
        const result = await backend.call(name, input);
        expect(result, `${name} with ${JSON.stringify(input)}`).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
        if (!result.ok) expect(result.error.message).toContain(name);
      }
    }
    expect(dumpDatabase(backend.db)).toBe(before);
  });

  it('an unknown call name is refused', async () => {
    backend = backendWithCustomers();
    expect(await backend.call('customer:drop', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    });
    expect(await backend.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('customer:list narrows by name or code, most critical tier first', async () => {
    backend = backendWithCustomers();
    const all = await call(backend, 'customer:list', {});
    expect(all.items.map((c) => c.code)).toEqual(['HARB', 'ACME', 'NWDG']);
    const byName = await backend.call('customer:list', { query: 'dental' });
    expect(byName).toMatchObject({ ok: true, value: { total: 1, items: [{ code: 'NWDG' }] } });
    const byCode = await backend.call('customer:list', { query: 'acme' });
    expect(byCode).toMatchObject({ ok: true, value: { total: 1, items: [{ name: 'Acme Manufacturing' }] } });
    const literal = await backend.call('customer:list', { query: '%' });
    expect(literal).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('customer:get of a missing customer says so', async () => {
    backend = backendWithCustomers();
    const r = await backend.call('customer:get', { id: '01890000-0000-7000-8000-000000000000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('settings:update persists the theme and announces the change', async () => {
    backend = backendWithCustomers();
    const seen: unknown[] = [];
    backend.onEvent((event, payload) => seen.push({ event, payload }));
    expect(await backend.call('settings:get', {})).toEqual({ ok: true, value: { theme: 'dark' } });
    expect(await backend.call('settings:update', { theme: 'light' })).toEqual({
      ok: true,
      value: { theme: 'light' },
    });
    expect(await backend.call('settings:get', {})).toEqual({ ok: true, value: { theme: 'light' } });
    expect(seen).toEqual([{ event: 'data:changed', payload: { domains: ['settings'] } }]);
  });
});

/** Ids from a demo database, for inputs that name records. */
interface DemoIds {
  readonly customer: string;
  readonly asset: string;
  readonly environment: string;
  readonly vendor: string;
  readonly contact: string;
  readonly playbook: string;
  /** A customer with an overlay of `playbook`. */
  readonly overlaidCustomer: string;
  readonly incident: string;
  readonly handover: string;
  readonly review: string;
}

const one = (db: Db, sql: string, ...params: string[]): string => {
  const id = db
    .prepare(sql)
    .pluck()
    .get(...params);
  if (typeof id !== 'string') throw new Error(`the demo database has nothing for: ${sql}`);
  return id;
};

/**
 * An input (or several) for every call that says it only reads, naming real records. The
 * mapped type makes a new reading call without a sample a compile error.
 */
const readSamples: { readonly [N in ReadingCall]: (ids: DemoIds) => ReadonlyArray<CallInput<N>> } = {
  'app:info': () => [{}],
  'settings:get': () => [{}],
  'customer:list': () => [{}, { query: 'a', limit: 5, offset: 1 }],
  'customer:get': (ids) => [{ id: ids.customer }],
  'customer:topology': (ids) => [{ id: ids.customer }],
  'asset:get': (ids) => [{ id: ids.asset }],
  'vendor:list': () => [{}, { query: 'e' }],
  'import:inspect': () => [
    {
      files: [
        { name: 'configurations.csv', content: 'organization,name,configuration_type\nAcme,fw1,Firewall\n' },
        { name: 'customers.csv', content: 'code,name\nNEWC,New Co\n' },
      ],
    },
  ],
  'restore:order': (ids) => [
    { customerId: ids.customer },
    { environmentId: ids.environment },
    { assetIds: [ids.asset] },
  ],
  'blast:radius': (ids) => [{ assetId: ids.asset }, { vendorId: ids.vendor }],
  'search:query': () => [{ query: 'esx' }, { query: '10.', kinds: ['asset'] }],
  'catalog:history': (ids) => [{}, { entityId: ids.contact, limit: 5 }],
  'engineer:list': () => [{}],
  'shift:current': () => [{}],
  'handover:get': (ids) => [{ id: ids.handover }],
  'handover:list': () => [{}, { includeDrafts: true, engineer: 'a', customer: 'a' }],
  // PDF export prints with Chromium; its file is written to a temporary folder, never the database.
  'handover:export': (ids) => [
    { id: ids.handover, format: 'markdown' },
    { id: ids.handover, format: 'bundle' },
  ],
  'incident:board': () => [{}],
  'incident:list': (ids) => [{}, { customerId: ids.customer, status: 'all' }],
  'incident:get': (ids) => [{ id: ids.incident }],
  'alert:parse': () => [{ text: 'CRITICAL: host esx01 is down, 10.0.0.1 unreachable' }],
  'incident:suggest': (ids) => [{ incidentId: ids.incident }],
  'incident:draftUpdate': (ids) => [
    { incidentId: ids.incident },
    { incidentId: ids.incident, kind: 'update' },
  ],
  'incident:seenBefore': (ids) => [{ incidentId: ids.incident }, { incidentId: ids.incident, limit: 3 }],
  'insights:report': () => [{}],
  'playbook:list': () => [{}, { query: 'down', reviewState: 'overdue' }],
  'playbook:get': (ids) => [{ id: ids.playbook }, { id: ids.playbook, version: 1 }],
  'playbook:diff': (ids) => [{ id: ids.playbook, from: 1, to: 2 }],
  'overlay:get': (ids) => [{ playbookId: ids.playbook, customerId: ids.overlaidCustomer }],
  'playbook:effective': (ids) => [
    { playbookId: ids.playbook, customerId: ids.overlaidCustomer },
    { playbookId: ids.playbook, customerId: ids.customer, assetId: ids.asset },
  ],
  'playbook:customizationReport': () => [{}, { bound: 1 }],
  'gobag:export': (ids) => [
    { customerId: ids.customer, format: 'md' },
    { customerId: ids.customer, format: 'html' },
  ],
  'sync:status': () => [{}],
  'database:status': () => [{}],
  'sync:conflicts': () => [{}, { includeResolved: true }],
  'sync:refusals': (ids) => [
    {},
    { customerId: ids.customer },
    { record: { entity: 'customer', id: ids.customer } },
  ],
  'sync:parked': () => [{}, { limit: 5 }],
  'review:get': (ids) => [{ id: ids.review }],
  'review:list': (ids) => [{}, { customerId: ids.customer }, { limit: 3 }],
  // PDF export prints with Chromium, as for handovers.
  'review:export': (ids) => [{ id: ids.review, format: 'markdown' }],
  'review:suggestions': (ids) => [{}, { playbookId: ids.playbook }],
};

/** Rows written by this connection so far, triggers included: moves with any write. */
const writes = (db: Db): number => db.prepare('SELECT total_changes()').pluck().get() as number;

describe('what each call changes', () => {
  /** A demo database with a second playbook version and a submitted handover, made through the API. */
  async function demo(): Promise<{ b: Backend; ids: DemoIds }> {
    const b = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
    backend = b;
    generateDemo(b.db, { customers: 6, seed: 11, now: new Date() });
    const db = b.db;
    const customer = one(
      db,
      `SELECT c.id FROM customers c WHERE c.kind = 'customer' AND c.deleted_at IS NULL
         AND EXISTS (SELECT 1 FROM environments e WHERE e.customer_id = c.id) ORDER BY c.code LIMIT 1`,
    );
    const pb = await call(b, 'playbook:get', {
      id: one(db, 'SELECT playbook_id FROM overlays WHERE deleted_at IS NULL ORDER BY id LIMIT 1'),
    });
    if (pb.currentVersion < 2)
      await call(b, 'playbook:save', {
        id: pb.id,
        baseVersion: pb.currentVersion,
        title: pb.title,
        owner: pb.owner,
        reviewIntervalDays: pb.reviewIntervalDays,
        body: { ...pb.body, summary: `${pb.body.summary} (second version)` },
      });
    const engineer = await call(b, 'engineer:save', { id: null, name: 'Ana Alvarez', activate: true });
    await call(b, 'shift:start', {});
    const draft = await call(b, 'shift:end', {});
    const noted = await call(b, 'handover:update', {
      handoverId: draft.id,
      baseVersion: draft.version,
      items: [
        ...draft.items.map((i) => ({ id: i.id, title: i.title, detail: i.detail })),
        { id: null, kind: 'note', title: 'Quiet shift', detail: 'Nothing else.' },
      ],
    });
    await call(b, 'handover:submit', { handoverId: noted.id, baseVersion: noted.version });
    expect(engineer.name).toBe('Ana Alvarez');
    const drafted = await call(b, 'review:draft', {
      incidentId: one(
        db,
        "SELECT id FROM incidents WHERE status IN ('restored','closed') ORDER BY id LIMIT 1",
      ),
    });
    const { facts: _facts, ...edit } = drafted.content;
    const dated = await call(b, 'review:save', {
      id: drafted.id,
      baseVersion: drafted.version,
      content: {
        ...edit,
        actions: edit.actions.map((a) => ({ ...a, owner: a.owner || 'Ana', dueDate: '2030-01-31' })),
      },
    });
    await call(b, 'review:publish', { id: dated.id, baseVersion: dated.version });
    const ids: DemoIds = {
      customer,
      asset: one(db, 'SELECT id FROM assets WHERE customer_id = ? ORDER BY id LIMIT 1', customer),
      environment: one(db, 'SELECT id FROM environments WHERE customer_id = ? ORDER BY id LIMIT 1', customer),
      vendor: one(db, 'SELECT id FROM vendors WHERE deleted_at IS NULL ORDER BY id LIMIT 1'),
      contact: one(db, 'SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 1'),
      playbook: pb.id,
      overlaidCustomer: one(
        db,
        'SELECT customer_id FROM overlays WHERE playbook_id = ? AND deleted_at IS NULL LIMIT 1',
        pb.id,
      ),
      incident: one(
        db,
        "SELECT id FROM incidents WHERE deleted_at IS NULL AND status <> 'closed' ORDER BY id LIMIT 1",
      ),
      handover: noted.id,
      review: dated.id,
    };
    return { b, ids };
  }

  it('a call that says it only reads writes nothing and announces nothing, on real records', async () => {
    const { b, ids } = await demo();
    const announced: Array<EventPayload<'data:changed'>> = [];
    b.onEvent((event, payload) => {
      if (event === 'data:changed') announced.push(payload as EventPayload<'data:changed'>);
    });
    // The probe sees a write: a changing call moves it.
    const before = writes(b.db);
    await call(b, 'settings:update', { theme: 'light' });
    expect(writes(b.db)).toBeGreaterThan(before);
    announced.length = 0;

    const reading = Object.keys(readSamples) as ReadingCall[];
    expect(reading.length).toBeGreaterThan(0);
    for (const name of reading) {
      const sample = readSamples[name] as (ids: DemoIds) => ReadonlyArray<unknown>;
      for (const input of sample(ids)) {
        const at = writes(b.db);
        const result = await b.call(name, input);
        const what = `${name} ${JSON.stringify(input)}`;
        if (!result.ok) throw new Error(`${what} failed: ${result.error.code} ${result.error.message}`);
        expect(writes(b.db), `${what} wrote to the database but its definition says reads: true`).toBe(at);
        expect(announced, `${what} announced a change`).toEqual([]);
      }
    }
  });

  it('a changing call announces exactly the domains it declares, once, after it succeeded', async () => {
    const { b, ids } = await demo();
    const seen: Array<EventPayload<'data:changed'>> = [];
    b.onEvent((event, payload) => {
      if (event === 'data:changed') seen.push(payload as EventPayload<'data:changed'>);
    });
    const card = await call(b, 'customer:get', { id: ids.customer });
    const c = card.contacts[0];
    if (!c) throw new Error('the demo customer has no contact');
    const contactInput = (role: string): CallInput<'contact:save'> => ({
      id: c.id,
      baseVersion: c.version,
      customerId: ids.customer,
      name: c.name,
      role,
      phone: c.phone,
      email: c.email,
      escalationOrder: c.escalationOrder,
      notes: c.notes,
    });
    await call(b, 'contact:save', contactInput('On call'));
    await call(b, 'incident:record', {
      incidentId: ids.incident,
      action: { type: 'note', text: 'Checked.' },
    });
    await call(b, 'handover:settings', { overdueMinutes: 90 });
    // The domains the renderer's stores refresh on (customers/catalog, incidents, handover).
    expect(seen).toEqual([
      { domains: ['customers', 'catalog'] },
      { domains: ['incidents'] },
      { domains: ['handover'] },
    ]);
    // A refused call (a stale version) announces nothing; nor does a call that wrote nothing.
    seen.length = 0;
    expect(await b.call('contact:save', contactInput('Stale'))).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await call(b, 'handover:settings', {});
    await call(b, 'import:run', {
      source: 'csv',
      files: [
        { name: 'customers.csv', content: 'code,name,tier,time_zone\nNEWC,New Co,gold,Europe/London\n' },
      ],
      dryRun: true,
    });
    expect(seen).toEqual([]);
  });
});
