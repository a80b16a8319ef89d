/**
 * Shift handover through the back end on a demo database: a shift with an incident still
 * open and one restored proposes a handover; submit freezes it; the incoming engineer
 * questions, the outgoing answers, everything accepted → acknowledged; every act on the
 * record; the bundle carries it to a second console (double import, tampering, truncation).
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { exportHandoverCommand, importHandoverCommand } from '../../electron/core/cli/handover';
import type { CliIo } from '../../electron/core/cli/io';
import { commandLineKey } from '../../electron/core/db/keyStore';
import { generateDemo } from '../../electron/core/demo/generate';
import { windowSoon } from '../../electron/core/handover/generate';
import { deriveReview, initialsOf } from '../../shared/handover/review';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { canonicalJson } from '../../shared/util/canonicalJson';
import { call, refusal } from '../helpers/api';
import { dumpDatabase, tempDir } from '../helpers/tmp';

const NOW = new Date();

function demoBackend(dir = tempDir()): Backend {
  const backend = createBackend({ dbPath: path.join(dir, 'lifeline.db'), transport: 'web' });
  generateDemo(backend.db, { customers: 6, seed: 11, now: NOW });
  return backend;
}

async function engineers(b: Backend) {
  const alice = await call(b, 'engineer:save', { id: null, name: 'Alice Martin', activate: true });
  const bob = await call(b, 'engineer:save', { id: null, name: 'Bob Okafor' });
  return { alice, bob };
}

/** A shift by Alice with one incident left open (playbook under way) and one restored. */
async function shiftWithIncidents(b: Backend) {
  const { alice, bob } = await engineers(b);
  await call(b, 'shift:start', {});
  const customers = b.db
    .prepare("SELECT id, code FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 2")
    .all() as Array<{ id: string; code: string }>;
  const [c1, c2] = customers;
  if (!c1 || !c2) throw new Error('demo has too few customers');
  const open = await call(b, 'incident:open', {
    customerId: c1.id,
    title: 'Mail gateway down',
    severity: 'sev1',
    symptom: 'users cannot send mail',
  });
  const pb = b.db
    .prepare('SELECT id FROM playbooks WHERE deleted_at IS NULL ORDER BY title LIMIT 1')
    .get() as {
    id: string;
  };
  const started = await call(b, 'incident:startPlaybook', { incidentId: open.state.id, playbookId: pb.id });
  const run = started.state.runs[0];
  const firstStep = run?.steps[0];
  if (!run || !firstStep || run.steps.length < 5) throw new Error('the playbook needs five steps or more');
  await call(b, 'incident:record', {
    incidentId: open.state.id,
    action: { type: 'step', runId: run.runId, stepId: firstStep.stepId, outcome: 'done', note: 'checked' },
  });
  await call(b, 'incident:record', {
    incidentId: open.state.id,
    action: { type: 'note', text: 'Vendor ticket 4471 opened, waiting for callback.' },
  });
  const restored = await call(b, 'incident:open', {
    customerId: c2.id,
    title: 'VPN tunnel flapping',
    severity: 'sev3',
  });
  await call(b, 'incident:record', {
    incidentId: restored.state.id,
    action: { type: 'restored', summary: 'Tunnel re-keyed, stable for 20 min.' },
  });
  await call(b, 'incident:record', {
    incidentId: restored.state.id,
    action: { type: 'follow_up_added', kind: 'hypothesis', text: 'ISP changed MTU on their side.' },
  });
  return {
    alice,
    bob,
    open: open.state.id,
    restored: restored.state.id,
    c1,
    c2,
    stepTitles: run.steps.map((s) => s.title),
  };
}

describe('shift handover', () => {
  it('ending a shift proposes a handover: open incident with where it stands, restored one with follow-ups', async () => {
    const b = demoBackend();
    const { open, restored, c1, stepTitles } = await shiftWithIncidents(b);
    const current = await call(b, 'shift:current', {});
    expect(current.shift?.engineer.name).toBe('Alice Martin');
    expect(current.active?.initials).toBe('AM');

    const draft = await call(b, 'shift:end', {});
    expect(draft.status).toBe('draft');
    expect(draft.from).toEqual({ name: 'Alice Martin', initials: 'AM' });
    const openItem = draft.items.find((i) => i.id === `inc-${open}`);
    expect(openItem?.kind).toBe('open_incident');
    expect(openItem?.customer?.code).toBe(c1.code);
    expect(openItem?.incident?.severity).toBe('sev1');
    expect(openItem?.incident?.deadlineAt).toBeTruthy();
    expect(openItem?.incident?.lastActions[0]?.summary).toContain('Vendor ticket 4471');
    // The first step is done: the next three of the playbook, in its order.
    expect(openItem?.incident?.nextSteps).toEqual(stepTitles.slice(1, 4));
    expect(openItem?.detail).toMatch(/restore target/);
    const restoredItem = draft.items.find((i) => i.id === `inc-${restored}`);
    expect(restoredItem?.kind).toBe('restored_incident');
    expect(restoredItem?.incident?.followUps[0]?.text).toBe('ISP changed MTU on their side.');
    // Open incidents come first, closest to breaching first.
    expect(draft.items[0]?.kind).toBe('open_incident');
    // The shift is over: no shift runs now, and it points at its handover.
    expect((await call(b, 'shift:current', {})).shift).toBeNull();
    b.close();
  });

  it('the outgoing engineer edits the draft, submits it, and it is frozen', async () => {
    const b = demoBackend();
    const { open } = await shiftWithIncidents(b);
    const draft = await call(b, 'shift:end', {});
    const keep = draft.items.filter((i) => i.kind !== 'watch' || i.id.startsWith('win-'));
    const edited = await call(b, 'handover:update', {
      handoverId: draft.id,
      baseVersion: draft.version,
      items: [
        ...keep
          .map((i) =>
            i.id === `inc-${open}`
              ? { id: i.id, title: i.title, detail: 'Call the vendor back at 07:00.' }
              : i,
          )
          .map((i) => ({ id: i.id, title: i.title, detail: i.detail })),
        { id: null, kind: 'note', title: 'Backup job on HARB ran late', detail: 'Check it finished.' },
      ],
    });
    expect(edited.version).toBe(draft.version + 1);
    expect(edited.items.find((i) => i.id === `inc-${open}`)?.detail).toBe('Call the vendor back at 07:00.');
    expect(edited.items.at(-1)?.kind).toBe('note');
    expect(edited.removed.length).toBe(draft.items.length - keep.length);

    // A stale version is refused.
    const stale = await refusal(b, 'handover:update', {
      handoverId: draft.id,
      baseVersion: draft.version,
      items: [],
    });
    expect(stale.code).toBe('CONFLICT');

    const submitted = await call(b, 'handover:submit', { handoverId: draft.id, baseVersion: edited.version });
    expect(submitted.status).toBe('submitted');
    expect(submitted.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(submitted.events.map((e) => [e.type, e.author])).toEqual([['submitted', 'Alice Martin']]);

    const before = dumpDatabase(b.db);
    const again = await refusal(b, 'handover:update', {
      handoverId: draft.id,
      baseVersion: submitted.version,
      items: [],
    });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/frozen/);
    expect(
      (await refusal(b, 'handover:submit', { handoverId: draft.id, baseVersion: submitted.version })).code,
    ).toBe('CONFLICT');
    // Even a direct write to the table is refused.
    expect(() => b.db.prepare("UPDATE handovers SET items = '[]' WHERE id = ?").run(draft.id)).toThrow(
      /frozen/,
    );
    expect(() => b.db.prepare('DELETE FROM handover_events').run()).toThrow(/append-only/);
    expect(dumpDatabase(b.db)).toBe(before);
    b.close();
  });

  it('review: question one item, the outgoing answers, accept all → acknowledged; every act has who and when', async () => {
    const b = demoBackend();
    const { alice, bob, open } = await shiftWithIncidents(b);
    const draft = await call(b, 'shift:end', {});
    let h = await call(b, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });

    // Alice cannot review her own handover.
    const own = await refusal(b, 'handover:review', {
      handoverId: h.id,
      itemId: `inc-${open}`,
      verdict: 'accept',
    });
    expect(own.code).toBe('CONFLICT');
    expect(own.message).toMatch(/incoming engineer/);

    await call(b, 'engineer:switch', { id: bob.id });
    h = await call(b, 'handover:review', {
      handoverId: h.id,
      itemId: `inc-${open}`,
      verdict: 'question',
      comment: 'Who at the vendor is calling back?',
    });
    const q = h.reviews.find((r) => r.itemId === `inc-${open}`)?.questions[0];
    expect(q?.by).toBe('Bob Okafor');
    expect(h.reviews.find((r) => r.itemId === `inc-${open}`)?.status).toBe('questioned');
    expect(h.openQuestions).toBe(1);
    if (!q) throw new Error('no question');

    // Bob cannot answer his own question; Alice does.
    expect(
      (await refusal(b, 'handover:answer', { handoverId: h.id, questionId: q.id, text: 'x' })).code,
    ).toBe('CONFLICT');
    await call(b, 'engineer:switch', { id: alice.id });
    h = await call(b, 'handover:answer', {
      handoverId: h.id,
      questionId: q.id,
      text: 'Their NOC, ref 4471.',
    });
    expect(h.openQuestions).toBe(0);
    expect(h.reviews.find((r) => r.itemId === `inc-${open}`)?.questions[0]?.answer?.by).toBe('Alice Martin');
    expect(
      (await refusal(b, 'handover:answer', { handoverId: h.id, questionId: q.id, text: 'again' })).code,
    ).toBe('CONFLICT');

    await call(b, 'engineer:switch', { id: bob.id });
    for (const item of h.items) {
      expect(h.status).not.toBe('acknowledged');
      h = await call(b, 'handover:review', { handoverId: h.id, itemId: item.id, verdict: 'accept' });
    }
    expect(h.status).toBe('acknowledged');
    expect(h.acknowledgedBy).toBe('Bob Okafor');
    expect(h.reviews.every((r) => r.status === 'accepted' && r.acceptedBy === 'Bob Okafor')).toBe(true);
    // The question and its answer stay on the record.
    expect(h.reviews.find((r) => r.itemId === `inc-${open}`)?.questions[0]?.answer?.text).toBe(
      'Their NOC, ref 4471.',
    );
    const types = h.events.map((e) => e.type);
    expect(types).toEqual(['submitted', 'questioned', 'answered', ...h.items.map(() => 'accepted')]);
    for (const e of h.events) {
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(e.author).toMatch(/Alice Martin|Bob Okafor/);
    }
    // Nothing more once acknowledged.
    expect(
      (
        await refusal(b, 'handover:review', {
          handoverId: h.id,
          itemId: `inc-${open}`,
          verdict: 'question',
          comment: 'x',
        })
      ).code,
    ).toBe('CONFLICT');

    // History: filters and the overdue flag.
    const list = await call(b, 'handover:list', {});
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.status).toBe('acknowledged');
    expect(list.overdueMinutes).toBe(120);
    expect((await call(b, 'handover:list', { acknowledged: false })).items).toHaveLength(0);
    expect((await call(b, 'handover:list', { engineer: 'alice' })).items).toHaveLength(1);
    expect((await call(b, 'handover:list', { engineer: 'nobody' })).items).toHaveLength(0);
    const code = h.items.find((i) => i.customer)?.customer?.code ?? '';
    expect((await call(b, 'handover:list', { customer: code })).items).toHaveLength(1);
    expect((await call(b, 'handover:list', { customer: 'ZZZZ' })).items).toHaveLength(0);
    expect(
      (await call(b, 'handover:list', { from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).items,
    ).toHaveLength(0);
    b.close();
  });

  it('an unacknowledged handover older than the threshold is flagged overdue', async () => {
    const b = demoBackend();
    await engineers(b);
    await call(b, 'shift:start', {});
    const draft = await call(b, 'shift:end', {});
    await call(b, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    expect((await call(b, 'handover:list', {})).items[0]?.overdue).toBe(false);
    // Pretend it was submitted three hours ago (triggers guard it, so through a copy).
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    b.db.exec('DROP TRIGGER handovers_frozen_update');
    b.db.prepare('UPDATE handovers SET submitted_at = ?').run(old);
    const listed = await call(b, 'handover:list', {});
    expect(listed.items[0]?.overdue).toBe(true);
    await call(b, 'handover:settings', { overdueMinutes: 240 });
    expect((await call(b, 'handover:list', {})).items[0]?.overdue).toBe(false);
    b.close();
  });

  it('the bundle carries a handover to a second console: same items, import twice changes nothing, acts merge', async () => {
    const a = demoBackend();
    const { bob, open } = await shiftWithIncidents(a);
    const draft = await call(a, 'shift:end', {});
    const submitted = await call(a, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    const bundle = await call(a, 'handover:export', { id: submitted.id, format: 'bundle' });
    expect(bundle.fileName).toMatch(/\.handover\.json$/);

    // A second console with other data: the incidents do not exist there.
    const dir = tempDir();
    const b = createBackend({ dbPath: path.join(dir, 'other.db'), transport: 'web' });
    generateDemo(b.db, { customers: 3, seed: 99, now: NOW });
    const first = await call(b, 'handover:import', { content: bundle.content });
    expect(first).toMatchObject({ handoverId: submitted.id, created: true, eventsAdded: 1 });
    // Every incident it refers to (ours and the demo's open ones) is unknown there.
    expect(first.missingIncidents).toBe(submitted.items.filter((i) => i.incident).length);
    expect(first.missingIncidents).toBeGreaterThanOrEqual(2);
    const there = await call(b, 'handover:get', { id: submitted.id });
    expect(there.items).toEqual(submitted.items);
    expect(there.contentHash).toBe(submitted.contentHash);
    expect(there.importedAt).not.toBeNull();
    expect(b.db.prepare('SELECT count(*) AS n FROM incidents WHERE id = ?').get(open)).toEqual({ n: 0 });

    const dump = dumpDatabase(b.db);
    const second = await call(b, 'handover:import', { content: bundle.content });
    expect(second).toMatchObject({ created: false, eventsAdded: 0 });
    expect(dumpDatabase(b.db)).toBe(dump);

    // Bob reviews on the second console; the bundle back carries his act to the first.
    await call(b, 'engineer:save', { id: null, name: 'Bob Okafor', activate: true });
    await call(b, 'handover:review', {
      handoverId: submitted.id,
      itemId: `inc-${open}`,
      verdict: 'question',
      comment: 'ETA?',
    });
    const back = await call(b, 'handover:export', { id: submitted.id, format: 'bundle' });
    const merged = await call(a, 'handover:import', { content: back.content });
    expect(merged).toMatchObject({ created: false, eventsAdded: 1 });
    const onA = await call(a, 'handover:get', { id: submitted.id });
    expect(onA.reviews.find((r) => r.itemId === `inc-${open}`)?.questions[0]?.comment).toBe('ETA?');
    void bob;
    a.close();
    b.close();
  });

  it('a tampered or truncated bundle is refused with a clear error and nothing is written', async () => {
    const a = demoBackend();
    await shiftWithIncidents(a);
    const draft = await call(a, 'shift:end', {});
    await call(a, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    const { content } = await call(a, 'handover:export', { id: draft.id, format: 'bundle' });
    a.close();

    const b = createBackend({ dbPath: path.join(tempDir(), 'b.db'), transport: 'web' });
    const before = dumpDatabase(b.db);

    const tampered = content.replace('Mail gateway down', 'Mail gateway fine');
    expect(tampered).not.toBe(content);
    const t = await refusal(b, 'handover:import', { content: tampered });
    expect(t.code).toBe('VALIDATION');
    expect(t.message).toMatch(/refused.*does not match its hash/);

    // Tampered consistently (hash recomputed by hand) but the items no longer match the submitted hash.
    const parsed = JSON.parse(content) as { handover: { items: Array<{ title: string }> }; hash: string };
    const first = parsed.handover.items[0];
    if (first) first.title = 'Nothing to see';
    const crypto = await import('node:crypto');
    const { hash: _h, ...rest } = parsed as unknown as Record<string, unknown>;
    const body = rest as { handover: unknown; events: unknown };
    parsed.hash = crypto
      .createHash('sha256')
      .update(canonicalJson({ handover: body.handover, events: body.events }))
      .digest('hex');
    const t2 = await refusal(b, 'handover:import', { content: JSON.stringify(parsed) });
    expect(t2.message).toMatch(/content hash it was submitted with/);

    const truncated = content.slice(0, Math.floor(content.length * 0.6));
    const tr = await refusal(b, 'handover:import', { content: truncated });
    expect(tr.code).toBe('VALIDATION');
    expect(tr.message).toMatch(/not complete JSON/);

    for (const junk of ['{}', '[]', 'null', '{"format":"lifeline-handover-bundle"}', 'PK\u0003\u0004']) {
      const r = await refusal(b, 'handover:import', { content: junk });
      expect(r.code).toBe('VALIDATION');
      expect(r.message).toMatch(/refused/);
    }
    expect((await refusal(b, 'handover:import', { content: '' })).code).toBe('VALIDATION');
    expect(dumpDatabase(b.db)).toBe(before);
    b.close();
  });

  it('malformed inputs are refused with a clear error and change nothing', async () => {
    const b = demoBackend();
    const before = dumpDatabase(b.db);
    // No profile chosen yet: a shift cannot start.
    const noOne = await refusal(b, 'shift:start', {});
    expect(noOne.code).toBe('CONFLICT');
    expect(noOne.message).toMatch(/profile/);
    expect((await refusal(b, 'shift:end', {})).code).toBe('CONFLICT');
    expect((await refusal(b, 'engineer:save', { id: null, name: '   ' })).code).toBe('VALIDATION');
    expect((await refusal(b, 'engineer:save', { id: null, name: 'X', initials: 'TOOLONG' })).code).toBe(
      'VALIDATION',
    );
    expect((await refusal(b, 'engineer:switch', { id: uuidv7() })).code).toBe('NOT_FOUND');
    expect((await refusal(b, 'engineer:switch', { id: 'nope' })).code).toBe('VALIDATION');
    expect((await refusal(b, 'handover:get', { id: uuidv7() })).code).toBe('NOT_FOUND');
    expect(
      (await refusal(b, 'handover:review', { handoverId: uuidv7(), itemId: 'x', verdict: 'question' })).code,
    ).toBe('VALIDATION');
    expect(
      (
        await refusal(b, 'handover:review', {
          handoverId: uuidv7(),
          itemId: 'x',
          verdict: 'question',
          comment: ' ',
        })
      ).code,
    ).toBe('VALIDATION');
    expect((await refusal(b, 'handover:list', { from: 'yesterday' })).code).toBe('VALIDATION');
    expect((await refusal(b, 'handover:export', { id: uuidv7(), format: 'docx' })).code).toBe('VALIDATION');
    expect((await refusal(b, 'handover:settings', { overdueMinutes: 0 })).code).toBe('VALIDATION');
    expect(dumpDatabase(b.db)).toBe(before);

    // Two profiles with one name, a second running shift, an unknown item in an edit.
    await call(b, 'engineer:save', { id: null, name: 'Alice Martin', activate: true });
    expect((await refusal(b, 'engineer:save', { id: null, name: 'alice martin' })).code).toBe('CONFLICT');
    await call(b, 'shift:start', {});
    expect((await refusal(b, 'shift:start', {})).message).toMatch(/still running/);
    const draft = await call(b, 'shift:end', {});
    const mid = dumpDatabase(b.db);
    const unknown = await refusal(b, 'handover:update', {
      handoverId: draft.id,
      baseVersion: draft.version,
      items: [{ id: 'inc-not-there', title: 'x', detail: '' }],
    });
    expect(unknown.code).toBe('VALIDATION');
    const empty = await call(b, 'handover:update', {
      handoverId: draft.id,
      baseVersion: draft.version,
      items: [],
    });
    expect(
      (await refusal(b, 'handover:submit', { handoverId: draft.id, baseVersion: empty.version })).message,
    ).toMatch(/no items/);
    expect(dumpDatabase(b.db)).not.toBe(mid);
    b.close();
  });

  it('exports Markdown with sections, the review record and the hash; bundle writes a file via the CLI helper', async () => {
    const b = demoBackend();
    const { bob } = await shiftWithIncidents(b);
    const draft = await call(b, 'shift:end', {});
    await call(b, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    await call(b, 'engineer:switch', { id: bob.id });
    const first = draft.items[0];
    if (!first) throw new Error('no items');
    await call(b, 'handover:review', {
      handoverId: draft.id,
      itemId: first.id,
      verdict: 'question',
      comment: 'Why?',
    });
    const md = await call(b, 'handover:export', { id: draft.id, format: 'markdown' });
    expect(md.content).toContain('# Shift handover — Alice Martin');
    expect(md.content).toContain('## Open incidents');
    expect(md.content).toContain('## Restored during the shift');
    expect(md.content).toContain('**Question** from Bob Okafor');
    expect(md.content).toContain('*Not answered yet.*');
    expect(md.content).toMatch(/Content SHA-256: `[0-9a-f]{64}`/);
    const out = path.join(tempDir(), md.fileName);
    fs.writeFileSync(out, md.content);
    expect(fs.statSync(out).size).toBeGreaterThan(500);
    b.close();
  });
});

describe('handover on the command line', () => {
  function io(): CliIo & { lines: string[] } {
    const lines: string[] = [];
    return { lines, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), staticDir: '' };
  }

  it('export handover ID writes .md, .pdf and a .json bundle; import handover twice changes nothing; tampered refused', async () => {
    const dir = tempDir();
    const a = demoBackend(dir);
    await shiftWithIncidents(a);
    const draft = await call(a, 'shift:end', {});
    await call(a, 'handover:submit', { handoverId: draft.id, baseVersion: draft.version });
    a.close();
    const dbA = path.join(dir, 'lifeline.db');

    const out = io();
    const md = path.join(dir, 'h.md');
    expect(await exportHandoverCommand([draft.id.slice(0, 13), '--db', dbA, '--out', md], out)).toBe(0);
    expect(fs.readFileSync(md, 'utf8')).toContain('## Open incidents');
    const json = path.join(dir, 'h.json');
    expect(await exportHandoverCommand([draft.id, '--db', dbA, '--out', json], out)).toBe(0);
    const pdf = path.join(dir, 'h.pdf');
    expect(await exportHandoverCommand([draft.id, '--db', dbA, '--out', pdf], out)).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(out.lines.join('\n')).toMatch(/written to .*h\.pdf/);
    await expect(
      exportHandoverCommand([draft.id, '--db', dbA, '--out', path.join(dir, 'h.docx')], out),
    ).rejects.toThrow(/\.md, \.pdf or \.json/);

    const dbB = path.join(tempDir(), 'b.db');
    const imp = io();
    expect(importHandoverCommand([json, '--db', dbB], imp)).toBe(0);
    expect(imp.lines[0]).toMatch(/^Imported handover/);
    // The command line made b.db encrypted, with its key in b.db.key.
    const b = createBackend({ dbPath: dbB, dbKey: commandLineKey(dbB, false), transport: 'web' });
    const before = dumpDatabase(b.db);
    b.close();
    expect(importHandoverCommand([json, '--db', dbB], imp)).toBe(0);
    expect(imp.lines.at(-1)).toMatch(/incidents? it refers to|nothing changed/);
    expect(imp.lines.some((l) => /nothing changed/.test(l))).toBe(true);
    const cut = path.join(dir, 'cut.json');
    fs.writeFileSync(cut, fs.readFileSync(json, 'utf8').slice(0, 400));
    expect(() => importHandoverCommand([cut, '--db', dbB], imp)).toThrow(/not complete JSON/);
    const b2 = createBackend({ dbPath: dbB, dbKey: commandLineKey(dbB, false), transport: 'web' });
    expect(dumpDatabase(b2.db)).toBe(before);
    b2.close();
  }, 120_000);
});

describe('handover pure logic', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: null }] })).toBe(
      canonicalJson({ a: [{ x: null, y: 2 }], b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: 'é' })).toBe('{"b":"é"}');
  });

  it('review state does not depend on the order acts arrive in', () => {
    const items = ['a', 'b'].map((id) => ({
      id,
      kind: 'note' as const,
      title: id,
      detail: '',
      customer: null,
      incident: null,
      watch: null,
    }));
    const h = uuidv7();
    const ev = (type: 'accepted' | 'questioned' | 'answered', itemId: string, at: string, payload = {}) => ({
      id: uuidv7(),
      handoverId: h,
      itemId,
      at,
      device: 'd',
      author: 'Bob',
      type,
      payload,
    });
    const q = ev('questioned', 'a', '2025-01-01T10:00:00.000Z', { comment: 'why?' });
    const events = [
      q,
      ev('answered', 'a', '2025-01-01T10:05:00.000Z', { questionId: q.id, text: 'because' }),
      ev('accepted', 'a', '2025-01-01T10:06:00.000Z'),
      ev('accepted', 'b', '2025-01-01T10:07:00.000Z'),
    ];
    const forward = deriveReview(items, events);
    const backward = deriveReview(items, [...events].reverse());
    expect(backward).toEqual(forward);
    expect(forward.acknowledgedAt).toBe('2025-01-01T10:07:00.000Z');
    expect(forward.reviews[0]?.questions[0]?.answer?.text).toBe('because');
  });

  it('initials and maintenance windows in the customer time zone', () => {
    expect(initialsOf('Alice Martin')).toBe('AM');
    expect(initialsOf('jo')).toBe('JO');
    // Monday 2025-03-03 21:00 UTC = 22:00 in Paris: a Monday 22:30 window opens in 30 min.
    const at = new Date('2025-03-03T21:00:00Z');
    expect(
      windowSoon({ weekday: 1, start_time: '22:30', duration_minutes: 60 }, at, 'Europe/Paris', 720),
    ).toEqual({
      now: false,
      minutes: 30,
    });
    expect(
      windowSoon({ weekday: 1, start_time: '21:30', duration_minutes: 60 }, at, 'Europe/Paris', 720),
    ).toEqual({
      now: true,
      minutes: 30,
    });
    expect(
      windowSoon({ weekday: 3, start_time: '22:30', duration_minutes: 60 }, at, 'Europe/Paris', 720),
    ).toBeNull();
  });
});
