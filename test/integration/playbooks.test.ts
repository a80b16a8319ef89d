import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { corePlaceholderIssues } from '../../electron/core/playbooks/placeholders';
import { setSetting } from '../../electron/core/settings/settings';
import type { CallName } from '../../shared/api/contract';
import { uuidv7 } from '../../shared/ids/uuidv7';
import {
  OverlayBody,
  PlaybookBody,
  type PlaybookBody as PlaybookBodyType,
  type PlaybookStep,
} from '../../shared/playbooks/model';
import { call, refusal, saveBody } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { dumpDatabase, tempDir } from '../helpers/tmp';

const NOW = new Date('2025-06-01T12:00:00Z');
const SEED = 7;
const DAY = 24 * 60 * 60 * 1000;

let template = '';
let templateDir = '';
beforeAll(() => {
  // One demo database for the file, copied per test: generating it is the slow part.
  // Not tempDir(): that one is removed after each test.
  templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-pb-template-'));
  template = path.join(templateDir, 'template.db');
  const { db } = openDatabase(template);
  generateDemo(db, { seed: SEED, now: NOW });
  db.close();
});
afterAll(() => {
  fs.rmSync(templateDir, { recursive: true, force: true });
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

interface Fixture {
  readonly backend: Backend;
  readonly events: Array<{ event: string; payload: unknown }>;
}

function demoBackend(): Fixture {
  const file = path.join(tempDir(), 'lifeline.db');
  fs.copyFileSync(template, file);
  return start(file);
}

function emptyBackend(): Fixture {
  return start(path.join(tempDir(), 'lifeline.db'));
}

function start(file: string): Fixture {
  const backend = createBackend({ dbPath: file, transport: 'web' });
  setSetting(backend.db, 'engineer_name', 'Dana Okafor');
  const events: Fixture['events'] = [];
  backend.onEvent((event, payload) => events.push({ event, payload }));
  return { backend, events };
}

function step(id: string, title: string, o: Partial<PlaybookStep> = {}): PlaybookStep {
  return {
    id,
    title,
    instruction: `Do ${title.toLowerCase()}.`,
    command: null,
    expected: null,
    timeboxMinutes: 5,
    kind: 'action',
    customizable: false,
    ...o,
  };
}

function body(o: Partial<PlaybookBodyType> = {}): PlaybookBodyType {
  return {
    summary: 'Bring the file server back: fail over to the DR replica, then repoint clients.',
    appliesTo: { assetKinds: ['vm'], tags: ['files'], symptoms: ['shares unreachable'] },
    restoreTargetMinutes: 60,
    parameters: [
      { name: 'failover_site', type: 'string', default: 'MSP DC2 (Slough)', description: 'Where DR runs' },
      { name: 'approver', type: 'contact', default: null, description: 'Who approves the failover' },
    ],
    steps: [
      step('confirm', 'Confirm the outage', {
        kind: 'check',
        command: 'ping {{asset.ip}}',
        instruction: 'Check {{asset.hostname}} answers.',
      }),
      step('approve', 'Get approval', {
        kind: 'communicate',
        customizable: true,
        instruction: 'Call {{approver}} for the go-ahead.',
      }),
      step('failover', 'Fail over to DR', {
        command: 'dr-failover --site "{{failover_site}}" --customer {{customer.code}}',
      }),
      step('verify', 'Verify the shares', { kind: 'check', customizable: true }),
    ],
    ...o,
  };
}

async function createPlaybook(b: Backend, title = 'File server down', content = body()) {
  return call(b, 'playbook:save', {
    id: null,
    baseVersion: null,
    title,
    owner: 'Dana Okafor',
    reviewIntervalDays: 90,
    body: content,
  });
}

function customers(b: Backend, n: number): Array<{ id: string; code: string; name: string }> {
  return b.db
    .prepare(
      "SELECT id, code, name FROM customers WHERE kind = 'customer' AND deleted_at IS NULL ORDER BY code LIMIT ?",
    )
    .all(n) as Array<{ id: string; code: string; name: string }>;
}

function versionRows(b: Backend): unknown[] {
  return b.db.prepare('SELECT * FROM playbook_versions ORDER BY id').all();
}

describe('demo playbooks', () => {
  it('every stored playbook version and overlay in the demo data parses, and its placeholders can be filled', async () => {
    const { backend: b } = demoBackend();
    const versions = b.db.prepare('SELECT body FROM playbook_versions').all() as Array<{ body: string }>;
    expect(versions.length).toBeGreaterThanOrEqual(26);
    for (const v of versions) {
      const parsed = PlaybookBody.parse(JSON.parse(v.body));
      expect(corePlaceholderIssues(parsed)).toEqual([]);
    }
    const overlays = b.db.prepare('SELECT body FROM overlays').all() as Array<{ body: string }>;
    expect(overlays.length).toBeGreaterThan(10);
    for (const o of overlays) OverlayBody.parse(JSON.parse(o.body));

    const { items } = await call(b, 'playbook:list', {});
    expect(items).toHaveLength(26);
    expect(items.map((i) => i.title)).toEqual(
      [...items.map((i) => i.title)].sort((x, y) => x.localeCompare(y)),
    );
    let drifted = 0;
    let overlayTotal = 0;
    for (const item of items) {
      const detail = await call(b, 'playbook:get', { id: item.id });
      expect(detail.versions.map((v) => v.number)).toEqual(
        Array.from({ length: item.currentVersion }, (_, i) => i + 1),
      );
      expect(detail.overlayCount).toBe(detail.overlays.length);
      overlayTotal += detail.overlays.length;
      for (const o of detail.overlays) {
        const od = await call(b, 'overlay:get', { playbookId: item.id, customerId: o.customer.id });
        expect(od.drifted).toBe(o.drifted);
        if (o.drifted) {
          drifted++;
          expect(od.coreChanges.length).toBeGreaterThan(0);
        } else {
          // Written against the current core: nothing in it can be wrong.
          expect(od.issues).toEqual([]);
        }
      }
    }
    expect(overlayTotal).toBe(overlays.length);
    console.info(`demo: ${items.length} playbooks, ${overlayTotal} overlays, ${drifted} drifted`);
    expect(drifted).toBeGreaterThan(0);
  });

  it('review states follow reviewed_at and the interval: overdue, due within 14 days, ok, never', async () => {
    const { backend: b } = demoBackend();
    const { items } = await call(b, 'playbook:list', {});
    for (const i of items) {
      const due = Date.parse(i.reviewedAt ?? '') + i.reviewIntervalDays * DAY;
      const expected = due < NOW.getTime() ? 'overdue' : due - NOW.getTime() <= 14 * DAY ? 'due' : 'ok';
      expect(i.reviewState, i.title).toBe(expected);
    }
    const overdue = items.filter((i) => i.reviewState === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    const filtered = await call(b, 'playbook:list', { reviewState: 'overdue' });
    expect(filtered.items.map((i) => i.id)).toEqual(overdue.map((i) => i.id));

    const created = await createPlaybook(b);
    expect(created.reviewState).toBe('never');
    expect((await call(b, 'playbook:list', { reviewState: 'never' })).items.map((i) => i.id)).toEqual([
      created.id,
    ]);
    const reviewed = await call(b, 'playbook:markReviewed', { id: created.id });
    expect(reviewed.reviewedAt).toBe(NOW.toISOString());
    expect(reviewed.reviewState).toBe('ok');
    expect(reviewed.version).toBe(created.version + 1);
    // Reviewing is not an edit of the content: no new version.
    expect(reviewed.currentVersion).toBe(1);

    vi.setSystemTime(NOW.getTime() + 80 * DAY);
    expect((await call(b, 'playbook:get', { id: created.id })).reviewState).toBe('due');
    vi.setSystemTime(NOW.getTime() + 91 * DAY);
    expect((await call(b, 'playbook:get', { id: created.id })).reviewState).toBe('overdue');
    const log = b.db
      .prepare(
        "SELECT action, payload FROM change_log WHERE entity = 'playbook' AND entity_id = ? ORDER BY at, id",
      )
      .all(created.id) as Array<{ action: string; payload: string }>;
    expect(log.map((l) => l.action)).toEqual(['create', 'update']);
    expect(JSON.parse(log[1]?.payload ?? '{}').reviewed_at).toEqual({ from: null, to: NOW.toISOString() });
  });

  it('lists by text over title, summary and symptoms, by asset kind and by owner', async () => {
    const { backend: b } = demoBackend();
    const { items } = await call(b, 'playbook:list', {});
    const created = await createPlaybook(b, 'Quokka restore');
    expect((await call(b, 'playbook:list', { query: 'quokka' })).items.map((i) => i.id)).toEqual([
      created.id,
    ]);
    // A symptom and words of the summary, in any order and case.
    expect(
      (await call(b, 'playbook:list', { query: 'SHARES unreachable' })).items.map((i) => i.id),
    ).toContain(created.id);
    expect((await call(b, 'playbook:list', { query: 'repoint replica' })).items.map((i) => i.id)).toContain(
      created.id,
    );
    expect((await call(b, 'playbook:list', { query: 'zzzz-nothing' })).items).toEqual([]);

    const firewalls = await call(b, 'playbook:list', { assetKind: 'firewall' });
    expect(firewalls.items.length).toBeGreaterThan(0);
    expect(firewalls.items.every((i) => i.appliesTo.assetKinds.includes('firewall'))).toBe(true);
    expect(firewalls.items.length).toBe(
      items.filter((i) => i.appliesTo.assetKinds.includes('firewall')).length,
    );

    const owner = items[0]?.owner ?? '';
    const byOwner = await call(b, 'playbook:list', { owner: owner.toUpperCase() });
    expect(byOwner.items.map((i) => i.id)).toEqual(items.filter((i) => i.owner === owner).map((i) => i.id));
  });
});

describe('saving core playbooks', () => {
  it('creates version 1, then saves version 2 as a new row; history, old versions and diff are right', async () => {
    const { backend: b, events } = demoBackend();
    const v1 = await createPlaybook(b);
    expect(v1.currentVersion).toBe(1);
    expect(v1.shownVersion).toBe(1);
    expect(v1.versions).toEqual([{ number: 1, author: 'Dana Okafor', createdAt: NOW.toISOString() }]);
    expect(v1.reviewIntervalDays).toBe(90);
    expect(v1.stepCount).toBe(4);
    expect(events).toContainEqual({ event: 'data:changed', payload: { domains: ['playbooks'] } });

    setSetting(b.db, 'engineer_name', 'Sam Reyes');
    vi.setSystemTime(NOW.getTime() + DAY);
    const next = body();
    const v2body: PlaybookBodyType = {
      ...next,
      restoreTargetMinutes: 45,
      steps: [
        ...next.steps.slice(0, 3),
        step('notify', 'Tell the customer', { kind: 'communicate' }),
        ...next.steps.slice(3).map((s) => ({ ...s, timeboxMinutes: 10 })),
      ],
    };
    const v2 = await call(b, 'playbook:save', {
      id: v1.id,
      baseVersion: 1,
      title: 'File server down',
      owner: 'Dana Okafor',
      reviewIntervalDays: 90,
      body: v2body,
    });
    expect(v2.currentVersion).toBe(2);
    expect(v2.body).toEqual(v2body);
    expect(v2.versions.map((v) => [v.number, v.author])).toEqual([
      [1, 'Dana Okafor'],
      [2, 'Sam Reyes'],
    ]);
    const old = await call(b, 'playbook:get', { id: v1.id, version: 1 });
    expect(old.shownVersion).toBe(1);
    expect(old.currentVersion).toBe(2);
    expect(old.body).toEqual(body());

    const { changes } = await call(b, 'playbook:diff', { id: v1.id, from: 1, to: 2 });
    expect(changes).toEqual([
      { kind: 'field', field: 'restoreTargetMinutes', from: '60', to: '45' },
      { kind: 'step-added', stepId: 'notify', title: 'Tell the customer', position: 4 },
      {
        kind: 'step-changed',
        stepId: 'verify',
        title: 'Verify the shares',
        fields: [{ field: 'timeboxMinutes', from: '5', to: '10' }],
      },
    ]);
    const log = b.db
      .prepare(
        "SELECT action, author, payload FROM change_log WHERE entity = 'playbook' AND entity_id = ? ORDER BY at",
      )
      .all(v1.id) as Array<{ action: string; author: string; payload: string }>;
    expect(log.map((l) => [l.action, l.author])).toEqual([
      ['create', 'Dana Okafor'],
      ['update', 'Sam Reyes'],
    ]);
    expect(JSON.parse(log[1]?.payload ?? '{}').current_version).toEqual({ from: 1, to: 2 });

    // The same content again is not a new version.
    const before = dumpDatabase(b.db);
    const same = await call(b, 'playbook:save', {
      id: v1.id,
      baseVersion: 2,
      title: 'File server down',
      owner: 'Dana Okafor',
      reviewIntervalDays: 90,
      body: v2body,
    });
    expect(same.currentVersion).toBe(2);
    expect(dumpDatabase(b.db)).toBe(before);

    // A rename alone changes the record, not the content history.
    const renamed = await call(b, 'playbook:save', {
      id: v1.id,
      baseVersion: 2,
      title: 'File server unreachable',
      owner: null,
      reviewIntervalDays: 30,
      body: v2body,
    });
    expect(renamed).toMatchObject({ title: 'File server unreachable', owner: null, currentVersion: 2 });
    expect(renamed.reviewIntervalDays).toBe(30);
  });

  it('refuses a save from a stale version with who changed it and when, and changes nothing', async () => {
    const { backend: b } = demoBackend();
    const v1 = await createPlaybook(b);
    setSetting(b.db, 'engineer_name', 'Sam Reyes');
    vi.setSystemTime(NOW.getTime() + 3600_000);
    await call(b, 'playbook:save', {
      id: v1.id,
      baseVersion: 1,
      title: v1.title,
      owner: v1.owner,
      reviewIntervalDays: 90,
      body: { ...body(), restoreTargetMinutes: 30 },
    });
    const before = dumpDatabase(b.db);
    const err = await refusal(b, 'playbook:save', {
      id: v1.id,
      baseVersion: 1,
      title: v1.title,
      owner: v1.owner,
      reviewIntervalDays: 90,
      body: { ...body(), summary: 'My edit from the old copy' },
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('changed by Sam Reyes at 2025-06-01T13:00:00.000Z since you opened it');
    expect(err.message).toContain('now version 2');
    expect(dumpDatabase(b.db)).toBe(before);

    expect((await refusal(b, 'playbook:save', { ...saveInput(v1.id), baseVersion: 7 })).code).toBe(
      'CONFLICT',
    );
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('refuses placeholders that name an undeclared parameter or an unknown fact, saying which step', async () => {
    const { backend: b } = demoBackend();
    const before = dumpDatabase(b.db);
    const bad = body();
    const steps = bad.steps.map((s) =>
      s.id === 'failover' ? { ...s, command: 'dr-failover --site {{failover_sight}}' } : s,
    );
    const err = await refusal(b, 'playbook:save', {
      id: null,
      baseVersion: null,
      title: 'Typo',
      owner: null,
      reviewIntervalDays: 90,
      body: { ...bad, steps },
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('Step 3 "Fail over to DR" command');
    expect(err.message).toContain('{{failover_sight}} is not a declared parameter');
    expect(err.message).toContain('failover_site, approver');

    const fact = await refusal(b, 'playbook:save', {
      ...saveInput(null),
      body: {
        ...bad,
        steps: bad.steps.map((s) => ({ ...s, instruction: `${s.instruction} {{asset.hostnme}}` })),
      },
    });
    expect(fact.code).toBe('VALIDATION');
    expect(fact.message).toContain(
      'Step 1 "Confirm the outage" instruction: {{asset.hostnme}} is not a asset fact',
    );
    expect(fact.message).toContain('(and 3 more like it)');

    const scope = await refusal(b, 'playbook:save', {
      ...saveInput(null),
      body: { ...bad, steps: [step('x', 'X', { instruction: '{{site.name}}' })] },
    });
    expect(scope.message).toContain('{{site.name}} names neither a parameter nor a fact');
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('never updates or deletes a stored version row', async () => {
    const { backend: b } = demoBackend();
    // Any UPDATE or DELETE on playbook_versions now aborts the statement and the call.
    b.db.exec(`
      CREATE TRIGGER pv_no_update BEFORE UPDATE ON playbook_versions BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
      CREATE TRIGGER pv_no_delete BEFORE DELETE ON playbook_versions BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
    `);
    const before = versionRows(b);
    const created = await createPlaybook(b);
    let version = 1;
    for (const minutes of [50, 40, 30]) {
      const saved = await call(b, 'playbook:save', {
        ...saveInput(created.id),
        baseVersion: version,
        body: { ...body(), restoreTargetMinutes: minutes },
      });
      version = saved.currentVersion;
    }
    expect(version).toBe(4);
    await call(b, 'playbook:markReviewed', { id: created.id });
    const demoPlaybook = (await call(b, 'playbook:list', {})).items.find((i) => i.id !== created.id);
    if (!demoPlaybook) throw new Error('no demo playbook');
    const detail = await call(b, 'playbook:get', { id: demoPlaybook.id });
    await saveBody(b, detail, { ...detail.body, summary: `${detail.body.summary} Edited.` });
    const after = versionRows(b);
    // Every row that was there is still there, byte for byte; the saves only added rows.
    const afterById = new Map(after.map((r) => [(r as { id: string }).id, JSON.stringify(r)]));
    for (const r of before) expect(afterById.get((r as { id: string }).id)).toBe(JSON.stringify(r));
    expect(after.length).toBe(before.length + 5);
    const numbers = b.db
      .prepare('SELECT number FROM playbook_versions WHERE playbook_id = ? ORDER BY number')
      .all(created.id) as Array<{ number: number }>;
    expect(numbers.map((n) => n.number)).toEqual([1, 2, 3, 4]);
  });
});

function saveInput(id: string | null) {
  return {
    id,
    baseVersion: id === null ? null : 1,
    title: 'File server down',
    owner: 'Dana Okafor',
    reviewIntervalDays: 90,
    body: body(),
  };
}

describe('customer overlays', () => {
  it('refuses touching a non-customizable step or an undeclared parameter, with a clear message, writing nothing', async () => {
    const { backend: b } = demoBackend();
    const pb = await createPlaybook(b);
    const [acme] = customers(b, 1);
    if (!acme) throw new Error('no customer');
    const before = dumpDatabase(b.db);

    const fixed = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme.id,
      baseVersion: null,
      body: { parameters: {}, steps: { failover: { skip: { reason: 'We do not have DR' } } } },
    });
    expect(fixed.code).toBe('VALIDATION');
    expect(fixed.message).toContain(
      'Step "Fail over to DR" is not customizable: the core process fixes it for every customer.',
    );

    const undeclared = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme.id,
      baseVersion: null,
      body: { parameters: { dr_site: 'Leeds' }, steps: {} },
    });
    expect(undeclared.code).toBe('VALIDATION');
    expect(undeclared.message).toContain('"dr_site" is not a customization point of this playbook');
    expect(undeclared.message).toContain('failover_site, approver');

    const wrongType = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme.id,
      baseVersion: null,
      body: { parameters: { failover_site: 3 }, steps: {} },
    });
    expect(wrongType.message).toContain('"failover_site" must be a string');

    const missingStep = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme.id,
      baseVersion: null,
      body: { parameters: {}, steps: { nosuch: { skip: { reason: 'n/a here' } } } },
    });
    expect(missingStep.message).toContain('Step "nosuch" does not exist');

    const badText = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme.id,
      baseVersion: null,
      body: { parameters: {}, steps: { verify: { replace: { command: 'check {{share_path}}' } } } },
    });
    expect(badText.message).toContain('Replaced command of step "Verify the shares": {{share_path}}');

    const clash = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme.id,
      baseVersion: null,
      body: { parameters: {}, steps: { approve: { addAfter: [step('failover', 'Again')] } } },
    });
    expect(clash.message).toContain('Added step id "failover" is already used');
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('an overlay parameter changes that customer’s effective step and no other customer’s', async () => {
    const { backend: b, events } = demoBackend();
    const pb = await createPlaybook(b);
    const [a, other] = customers(b, 2);
    if (!a || !other) throw new Error('no customers');

    const preview = async (customerId: string) =>
      (await call(b, 'playbook:effective', { playbookId: pb.id, customerId })).steps.find(
        (s) => s.id === 'failover',
      )?.command?.text;
    expect(await preview(a.id)).toBe(`dr-failover --site "MSP DC2 (Slough)" --customer ${a.code}`);
    expect(await preview(other.id)).toBe(`dr-failover --site "MSP DC2 (Slough)" --customer ${other.code}`);

    events.length = 0;
    const saved = await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: null,
      body: { parameters: { failover_site: 'Leeds DR' }, steps: {} },
    });
    expect(saved.overlay).toMatchObject({ coreVersion: 1, version: 1 });
    expect(events).toEqual([{ event: 'data:changed', payload: { domains: ['playbooks'] } }]);
    expect(await preview(a.id)).toBe(`dr-failover --site "Leeds DR" --customer ${a.code}`);
    expect(await preview(other.id)).toBe(`dr-failover --site "MSP DC2 (Slough)" --customer ${other.code}`);

    await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 1,
      body: { parameters: { failover_site: 'Manchester' }, steps: {} },
    });
    expect(await preview(a.id)).toBe(`dr-failover --site "Manchester" --customer ${a.code}`);
    expect(await preview(other.id)).toBe(`dr-failover --site "MSP DC2 (Slough)" --customer ${other.code}`);
    const eff = await call(b, 'playbook:effective', { playbookId: pb.id, customerId: a.id });
    expect(eff.parameters.find((p) => p.name === 'failover_site')).toEqual({
      name: 'failover_site',
      value: 'Manchester',
      source: 'overlay',
    });
    const log = b.db
      .prepare("SELECT action FROM change_log WHERE entity = 'overlay' AND entity_id = ? ORDER BY at, id")
      .all(saved.overlay?.id) as Array<{ action: string }>;
    expect(log.map((l) => l.action)).toEqual(['create', 'update']);
  });

  it('fills asset and contact facts, shows unfillable placeholders as missing, and keeps other customers’ assets out', async () => {
    const { backend: b } = demoBackend();
    const pb = await createPlaybook(b);
    const [a, other] = customers(b, 2);
    if (!a || !other) throw new Error('no customers');

    const bare = await call(b, 'playbook:effective', { playbookId: pb.id, customerId: a.id });
    const confirm = bare.steps.find((s) => s.id === 'confirm');
    // No asset picked and no approver set: shown as missing, never blank.
    expect(confirm?.command?.text).toBe('ping ⟨missing: asset.ip⟩');
    expect(confirm?.command?.segments).toContainEqual({ kind: 'missing', placeholder: 'asset.ip' });
    expect(bare.steps.find((s) => s.id === 'approve')?.instruction.text).toBe(
      'Call ⟨missing: approver⟩ for the go-ahead.',
    );
    expect(bare.missing).toEqual(['asset.hostname', 'asset.ip', 'approver']);
    expect(bare.parameters.find((p) => p.name === 'approver')).toEqual({
      name: 'approver',
      value: null,
      source: 'missing',
    });

    const asset = b.db
      .prepare(
        `SELECT id, hostname, ip_addresses FROM assets WHERE customer_id = ? AND deleted_at IS NULL
           AND hostname IS NOT NULL AND ip_addresses != '[]' LIMIT 1`,
      )
      .get(a.id) as { id: string; hostname: string; ip_addresses: string };
    const contact = b.db
      .prepare('SELECT name, role, phone FROM contacts WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1')
      .get(a.id) as { name: string; role: string; phone: string | null };
    await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: null,
      body: { parameters: { approver: contact.role }, steps: {} },
    });
    const full = await call(b, 'playbook:effective', {
      playbookId: pb.id,
      customerId: a.id,
      assetId: asset.id,
    });
    const ip = (JSON.parse(asset.ip_addresses) as string[])[0]?.split('/')[0];
    expect(full.steps.find((s) => s.id === 'confirm')?.command?.text).toBe(`ping ${ip}`);
    expect(full.steps.find((s) => s.id === 'confirm')?.instruction.text).toBe(
      `Check ${asset.hostname} answers.`,
    );
    expect(full.steps.find((s) => s.id === 'approve')?.instruction.text).toContain(
      `Call ${contact.name} (${contact.role}`,
    );
    expect(full.missing).toEqual([]);

    const foreign = b.db
      .prepare('SELECT id FROM assets WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1')
      .get(other.id) as { id: string };
    const err = await refusal(b, 'playbook:effective', {
      playbookId: pb.id,
      customerId: a.id,
      assetId: foreign.id,
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain(`belongs to ${other.name} (${other.code}), not ${a.name} (${a.code})`);

    const shared = b.db
      .prepare(
        "SELECT a.id FROM assets a JOIN customers c ON c.id = a.customer_id WHERE c.kind = 'internal' AND a.deleted_at IS NULL LIMIT 1",
      )
      .get() as { id: string };
    await call(b, 'playbook:effective', { playbookId: pb.id, customerId: a.id, assetId: shared.id });
  });

  it('shows drift after core moves on, lists what changed, and re-bases on save', async () => {
    const { backend: b } = demoBackend();
    const pb = await createPlaybook(b);
    const [a, other] = customers(b, 2);
    if (!a || !other) throw new Error('no customers');
    await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: null,
      body: {
        parameters: { failover_site: 'Leeds DR' },
        steps: { verify: { skip: { reason: 'The customer checks the shares themselves.' } } },
      },
    });
    const fresh = await call(b, 'overlay:get', { playbookId: pb.id, customerId: a.id });
    expect(fresh).toMatchObject({ drifted: false, coreChanges: [], issues: [], currentCoreVersion: 1 });

    // Core v2 adds a step and makes "verify" fixed for everyone.
    const v1 = body();
    await call(b, 'playbook:save', {
      ...saveInput(pb.id),
      body: {
        ...v1,
        steps: [
          ...v1.steps.map((s) => (s.id === 'verify' ? { ...s, customizable: false } : s)),
          step('close', 'Close the incident'),
        ],
      },
    });
    const drifted = await call(b, 'overlay:get', { playbookId: pb.id, customerId: a.id });
    expect(drifted.drifted).toBe(true);
    expect(drifted.overlay?.coreVersion).toBe(1);
    expect(drifted.currentCoreVersion).toBe(2);
    expect(drifted.coreChanges).toEqual([
      {
        kind: 'step-changed',
        stepId: 'verify',
        title: 'Verify the shares',
        fields: [{ field: 'customizable', from: 'true', to: 'false' }],
      },
      { kind: 'step-added', stepId: 'close', title: 'Close the incident', position: 5 },
    ]);
    expect(drifted.issues).toEqual([
      {
        path: 'steps.verify',
        message:
          'Step "Verify the shares" is not customizable: the core process fixes it for every customer.',
      },
    ]);
    const detail = await call(b, 'playbook:get', { id: pb.id });
    expect(detail.overlays).toEqual([
      {
        id: drifted.overlay?.id,
        customer: expect.objectContaining({ id: a.id, code: a.code }),
        coreVersion: 1,
        drifted: true,
        overrides: 2,
        version: 1,
      },
    ]);
    const eff = await call(b, 'playbook:effective', { playbookId: pb.id, customerId: a.id });
    expect(eff).toMatchObject({ drifted: true, coreVersion: 2, overlayCoreVersion: 1 });
    // The skip on a step core now fixes is not applied: core wins.
    expect(eff.steps.find((s) => s.id === 'verify')?.customization).toBeNull();

    // Saving the drifted overlay as is is refused: it still touches the fixed step.
    const before = dumpDatabase(b.db);
    const stale = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 1,
      body: drifted.overlay?.body,
    });
    expect(stale.message).toContain('Step "Verify the shares" is not customizable');
    expect(dumpDatabase(b.db)).toBe(before);

    const rebased = await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 1,
      body: { parameters: { failover_site: 'Leeds DR' }, steps: {} },
    });
    expect(rebased).toMatchObject({ drifted: false, coreChanges: [], issues: [], currentCoreVersion: 2 });
    expect(rebased.overlay).toMatchObject({ coreVersion: 2, version: 2 });

    // Re-basing with an unchanged body is still a save: core_version moves.
    await call(b, 'playbook:save', {
      ...saveInput(pb.id),
      baseVersion: 2,
      body: { ...body(), restoreTargetMinutes: 20 },
    });
    const again = await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 2,
      body: { parameters: { failover_site: 'Leeds DR' }, steps: {} },
    });
    expect(again.overlay).toMatchObject({ coreVersion: 3, version: 3 });
    expect(again.drifted).toBe(false);
  });

  it('guards overlays with their version and deletes them as tombstones', async () => {
    const { backend: b } = demoBackend();
    const pb = await createPlaybook(b);
    const [a] = customers(b, 1);
    if (!a) throw new Error('no customer');
    const overlay = { parameters: { failover_site: 'Leeds DR' }, steps: {} };
    await call(b, 'overlay:save', { playbookId: pb.id, customerId: a.id, baseVersion: null, body: overlay });
    const before = dumpDatabase(b.db);
    const dup = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: null,
      body: overlay,
    });
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('was created by someone else');
    const stale = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 5,
      body: overlay,
    });
    expect(stale.code).toBe('CONFLICT');
    const staleDelete = await refusal(b, 'overlay:delete', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 2,
    });
    expect(staleDelete.code).toBe('CONFLICT');
    expect(dumpDatabase(b.db)).toBe(before);

    expect(await call(b, 'overlay:delete', { playbookId: pb.id, customerId: a.id, baseVersion: 1 })).toEqual({
      deleted: true,
    });
    const row = b.db.prepare('SELECT deleted_at, version FROM overlays WHERE playbook_id = ?').get(pb.id);
    expect(row).toEqual({ deleted_at: NOW.toISOString(), version: 2 });
    expect((await call(b, 'overlay:get', { playbookId: pb.id, customerId: a.id })).overlay).toBeNull();
    const eff = await call(b, 'playbook:effective', { playbookId: pb.id, customerId: a.id });
    expect(eff.parameters.find((p) => p.name === 'failover_site')?.source).toBe('default');
    expect(
      (await refusal(b, 'overlay:delete', { playbookId: pb.id, customerId: a.id, baseVersion: 2 })).code,
    ).toBe('NOT_FOUND');
    const gone = await refusal(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: 1,
      body: overlay,
    });
    expect(gone.message).toContain('was removed since you opened it');
    // After a delete the customer can get a new overlay.
    const again = await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: a.id,
      baseVersion: null,
      body: overlay,
    });
    expect(again.overlay?.version).toBe(1);
  });
});

describe('customization report', () => {
  it('counts customers as is and with overlays per playbook on the demo data', async () => {
    const { backend: b } = demoBackend();
    const report = await call(b, 'playbook:customizationReport', {});
    expect(report.bound).toBe(3);
    expect(report.playbooks).toHaveLength(26);
    const customerCount = (
      b.db
        .prepare("SELECT count(*) AS n FROM customers WHERE kind = 'customer' AND deleted_at IS NULL")
        .get() as {
        n: number;
      }
    ).n;
    expect(customerCount).toBe(60);
    for (const p of report.playbooks) {
      expect(p.customersAsIs + p.customersWithOverlay, p.title).toBe(customerCount);
      expect(p.customers).toHaveLength(p.customersWithOverlay);
      for (const c of p.customers) expect(c.beyondBound).toBe(c.overrides > 3);
    }
    const overlays = (
      b.db
        .prepare(
          "SELECT count(*) AS n FROM overlays o JOIN customers c ON c.id = o.customer_id WHERE o.deleted_at IS NULL AND c.kind = 'customer'",
        )
        .get() as { n: number }
    ).n;
    expect(report.playbooks.reduce((n, p) => n + p.customersWithOverlay, 0)).toBe(overlays);
  });

  it('marks customers beyond the bound and follows overlay saves and deletes', async () => {
    const { backend: b } = emptyBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const harb = addCustomer(b.db, { code: 'HARB', name: 'Harbor Logistics', tier: 'platinum' });
    addCustomer(b.db, { code: 'NWDG', name: 'Northwind Dental Group', tier: 'bronze' });
    const pb = await createPlaybook(b);
    const other = await createPlaybook(b, 'Another playbook');
    await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: acme,
      baseVersion: null,
      body: {
        parameters: { failover_site: 'Leeds', approver: 'IT Manager' },
        steps: {
          approve: { replace: { instruction: 'Ask the duty manager.' } },
          verify: { addAfter: [step('verify-acme', 'Check the ERP')] },
        },
      },
    });
    await call(b, 'overlay:save', {
      playbookId: pb.id,
      customerId: harb,
      baseVersion: null,
      body: { parameters: { failover_site: 'Leeds' }, steps: {} },
    });
    const report = await call(b, 'playbook:customizationReport', { bound: 3 });
    expect(report.playbooks.map((p) => p.title)).toEqual(['Another playbook', 'File server down']);
    const row = report.playbooks.find((p) => p.id === pb.id);
    expect(row).toEqual({
      id: pb.id,
      title: 'File server down',
      customersAsIs: 1,
      customersWithOverlay: 2,
      customers: [
        {
          id: acme,
          code: 'ACME',
          name: 'Acme Manufacturing',
          overrides: 4,
          drifted: false,
          beyondBound: true,
        },
        {
          id: harb,
          code: 'HARB',
          name: 'Harbor Logistics',
          overrides: 1,
          drifted: false,
          beyondBound: false,
        },
      ],
    });
    expect(report.playbooks.find((p) => p.id === other.id)).toMatchObject({
      customersAsIs: 3,
      customersWithOverlay: 0,
    });
    const lenient = await call(b, 'playbook:customizationReport', { bound: 4 });
    expect(lenient.playbooks.find((p) => p.id === pb.id)?.customers.some((c) => c.beyondBound)).toBe(false);

    await call(b, 'overlay:delete', { playbookId: pb.id, customerId: harb, baseVersion: 1 });
    const after = await call(b, 'playbook:customizationReport', {});
    expect(after.playbooks.find((p) => p.id === pb.id)).toMatchObject({
      customersAsIs: 2,
      customersWithOverlay: 1,
    });
  });
});

describe('malformed and unknown input', () => {
  it('answers with a clear error and leaves the database as it was', async () => {
    const { backend: b } = demoBackend();
    const pb = await createPlaybook(b);
    const [a] = customers(b, 1);
    if (!a) throw new Error('no customer');
    const before = dumpDatabase(b.db);
    const unknown = uuidv7();
    const cases: Array<[CallName, unknown, string, string]> = [
      ['playbook:list', { reviewState: 'late' }, 'VALIDATION', 'reviewState'],
      ['playbook:list', { assetKind: 'toaster' }, 'VALIDATION', 'assetKind'],
      ['playbook:list', { colour: 'red' }, 'VALIDATION', 'Unrecognized key'],
      ['playbook:get', { id: 'nope' }, 'VALIDATION', 'id: must be a UUID'],
      ['playbook:get', { id: unknown }, 'NOT_FOUND', 'no playbook with id'],
      ['playbook:get', { id: pb.id, version: 9 }, 'NOT_FOUND', 'has no version 9: its versions are 1 to 1'],
      ['playbook:diff', { id: pb.id, from: 1, to: 2 }, 'NOT_FOUND', 'has no version 2'],
      ['playbook:diff', { id: pb.id, from: 0, to: 1 }, 'VALIDATION', 'from'],
      ['playbook:markReviewed', { id: unknown }, 'NOT_FOUND', 'no playbook'],
      ['playbook:save', { ...saveInput(null), body: { ...body(), steps: [] } }, 'VALIDATION', 'body.steps'],
      [
        'playbook:save',
        { ...saveInput(null), body: { ...body(), steps: [step('a', 'A'), step('a', 'B')] } },
        'VALIDATION',
        'duplicate step id a',
      ],
      [
        'playbook:save',
        {
          ...saveInput(null),
          body: {
            ...body(),
            parameters: [{ name: 'Bad Name', type: 'string', default: null, description: '' }],
          },
        },
        'VALIDATION',
        'lower_snake_case',
      ],
      ['playbook:save', { ...saveInput(null), title: '   ' }, 'VALIDATION', 'title'],
      ['playbook:save', { ...saveInput(null), baseVersion: 1 }, 'VALIDATION', 'baseVersion must be null'],
      ['playbook:save', { ...saveInput(pb.id), baseVersion: null }, 'VALIDATION', 'baseVersion is required'],
      ['playbook:save', { ...saveInput(unknown) }, 'NOT_FOUND', 'no playbook'],
      ['playbook:save', { ...saveInput(null), reviewIntervalDays: 0 }, 'VALIDATION', 'reviewIntervalDays'],
      [
        'overlay:save',
        {
          playbookId: pb.id,
          customerId: a.id,
          baseVersion: null,
          body: { parameters: {}, steps: { verify: { drop: true } } },
        },
        'VALIDATION',
        'body.steps.verify',
      ],
      [
        'overlay:save',
        {
          playbookId: pb.id,
          customerId: a.id,
          baseVersion: null,
          body: { parameters: {}, steps: { verify: { skip: { reason: '' } } } },
        },
        'VALIDATION',
        'body.steps.verify',
      ],
      [
        'overlay:save',
        { playbookId: pb.id, customerId: unknown, baseVersion: null, body: { parameters: {}, steps: {} } },
        'NOT_FOUND',
        'no customer with id',
      ],
      ['overlay:get', { playbookId: unknown, customerId: a.id }, 'NOT_FOUND', 'no playbook'],
      [
        'overlay:delete',
        { playbookId: pb.id, customerId: a.id, baseVersion: 1 },
        'NOT_FOUND',
        'runs the core playbook as is',
      ],
      ['playbook:effective', { playbookId: unknown, customerId: a.id }, 'NOT_FOUND', 'no playbook'],
      ['playbook:effective', { playbookId: pb.id, customerId: unknown }, 'NOT_FOUND', 'no customer'],
      [
        'playbook:effective',
        { playbookId: pb.id, customerId: a.id, assetId: unknown },
        'NOT_FOUND',
        'no asset',
      ],
      [
        'playbook:effective',
        { playbookId: pb.id, customerId: a.id, version: 3 },
        'NOT_FOUND',
        'no version 3',
      ],
      ['playbook:customizationReport', { bound: -1 }, 'VALIDATION', 'bound'],
    ];
    for (const [name, input, code, text] of cases) {
      const err = await refusal(b, name, input);
      expect(err.code, `${name} ${JSON.stringify(input)}`).toBe(code);
      expect(err.message, `${name} ${JSON.stringify(input)}`).toContain(text);
    }
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('fails loudly, naming the playbook and version, when a stored body is damaged', async () => {
    const { backend: b } = demoBackend();
    const pb = await createPlaybook(b);
    b.db
      .prepare('UPDATE playbook_versions SET body = ? WHERE playbook_id = ?')
      .run(JSON.stringify({ ...body(), steps: 'none' }), pb.id);
    const err = await refusal(b, 'playbook:get', { id: pb.id });
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toContain(
      'Version 1 of playbook "File server down" does not match the playbook format (steps:',
    );
    expect((await refusal(b, 'playbook:list', {})).code).toBe('INTERNAL');
  });
});
