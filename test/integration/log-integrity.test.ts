/**
 * The incident log nobody can silently rewrite (docs/log-integrity.md): append-only on the
 * console, hash-chained per incident and device, checked by doctor, by the push (a broken
 * event stays home) and by the pull (central's forged or altered event is parked, never
 * merged), while logs from several consoles still merge and verify clean.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { verifyAllIncidents } from '../../electron/core/incidents/chain';
import { migrateCentral } from '../../electron/core/sync/central/schema';
import { runRound } from '../../electron/core/sync/round';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { call } from '../helpers/api';
import { type Central, SUPERUSER, SUPERUSER_PASSWORD, startCentral } from '../helpers/central';
import { CLI, tempDir } from '../helpers/tmp';

const NOW = new Date('2025-06-01T12:00:00Z');

let central: Central;
beforeAll(async () => {
  central = await startCentral();
});
afterAll(async () => {
  await central?.stop();
});

const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

let databases = 0;
/** A database of its own on the shared server, with the central schema. */
async function centralDb(): Promise<{ client: () => Promise<pg.Client> }> {
  const name = `chains_${++databases}`;
  await central.sql(`CREATE DATABASE ${name}`);
  const client = async () => {
    const c = new pg.Client({
      host: '127.0.0.1',
      port: central.port,
      user: SUPERUSER,
      password: SUPERUSER_PASSWORD,
      database: name,
    });
    c.on('error', () => {});
    await c.connect();
    return c;
  };
  const c = await client();
  try {
    await migrateCentral(c);
  } finally {
    await c.end();
  }
  return { client };
}

async function syncRound(db: Db, s: { client: () => Promise<pg.Client> }) {
  const c = await s.client();
  try {
    return await runRound(db, c, {});
  } finally {
    await c.end().catch(() => undefined);
  }
}

function consoleAt(file: string, engineer: string): Backend {
  const b = createBackend({ dbPath: file, transport: 'web' });
  open.push(b);
  b.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('engineer_name', ?)").run(engineer);
  return b;
}

function demoConsole(engineer: string): { b: Backend; file: string } {
  const file = path.join(tempDir(), 'lifeline.db');
  const b = consoleAt(file, engineer);
  generateDemo(b.db, { customers: 3, seed: 5, now: NOW });
  return { b, file };
}

function lifeline(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFELINE_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Opens an incident on the first customer and records notes; returns the ids. */
async function incidentWithNotes(
  b: Backend,
  notes: readonly string[],
): Promise<{ incidentId: string; title: string; noteIds: string[] }> {
  const customerId = b.db
    .prepare("SELECT id FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 1")
    .pluck()
    .get() as string;
  const title = 'Mail gateway queue stuck';
  const opened = await call(b, 'incident:open', { customerId, title, severity: 'sev2' });
  const incidentId = opened.state.id;
  const noteIds: string[] = [];
  for (const text of notes) noteIds.push(...(await recordNote(b, incidentId, text)));
  return { incidentId, title, noteIds };
}

/** The id of the note event recorded (the first action also records an acknowledgement). */
async function recordNote(b: Backend, incidentId: string, text: string): Promise<string[]> {
  await call(b, 'incident:record', { incidentId, action: { type: 'note', text } });
  return b.db
    .prepare(
      "SELECT id FROM incident_events WHERE incident_id = ? AND type = 'note' AND payload ->> 'text' = ?",
    )
    .pluck()
    .all(incidentId, text) as string[];
}

function centralEventIds(rows: ReadonlyArray<{ id: string }>): string[] {
  return rows.map((r) => r.id).sort();
}

/** Plays the attacker with the file: the sqlite3 shell where installed, else a child Node. */
function tamper(file: string, sql: string): void {
  const shell = spawnSync('sqlite3', [file, sql], { encoding: 'utf8' });
  if (shell.error === undefined) {
    expect(shell.stderr).toBe('');
    expect(shell.status).toBe(0);
    return;
  }
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      'const D = require("better-sqlite3-multiple-ciphers"); const d = new D(process.argv[1]); d.exec(process.argv[2]); d.close();',
      file,
      sql,
    ],
    { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '..', '..') },
  );
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
}

describe('the incident log is append-only on the console', () => {
  it('the app’s own connection cannot update or delete incident events or change history', async () => {
    const { b } = demoConsole('Sam Carter');
    const { noteIds } = await incidentWithNotes(b, ['Queue at 40k']);
    const noteId = noteIds[0] as string;
    expect(() =>
      b.db.prepare(`UPDATE incident_events SET payload = '{"text":"Queue at 4k"}' WHERE id = ?`).run(noteId),
    ).toThrow(/incident events are append-only/);
    expect(() => b.db.prepare('DELETE FROM incident_events WHERE id = ?').run(noteId)).toThrow(
      /incident events are append-only/,
    );
    // Not even its hash can be rewritten once set.
    expect(() => b.db.prepare("UPDATE incident_events SET hash = 'x' WHERE id = ?").run(noteId)).toThrow(
      /append-only/,
    );
    const change = b.db.prepare('SELECT id FROM change_log LIMIT 1').pluck().get() as string | undefined;
    const changeId =
      change ??
      (() => {
        const id = uuidv7();
        b.db
          .prepare(
            "INSERT INTO change_log (id, at, author, entity, entity_id, action) VALUES (?, ?, 'Sam', 'customer', 'x', 'update')",
          )
          .run(id, NOW.toISOString());
        return id;
      })();
    expect(() => b.db.prepare("UPDATE change_log SET author = 'Mallory' WHERE id = ?").run(changeId)).toThrow(
      /change history is append-only/,
    );
    expect(() => b.db.prepare('DELETE FROM change_log WHERE id = ?').run(changeId)).toThrow(
      /change history is append-only/,
    );
    expect(verifyAllIncidents(b.db).breaks).toEqual([]);
  });

  it('recording reads the previous hash through the chain index, not by scanning the log', () => {
    const { b } = demoConsole('Sam Carter');
    const plan = b.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT e.hash FROM incident_events e
          WHERE e.incident_id = ? AND e.device = ? AND e.hash IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM incident_events n
                             WHERE n.incident_id = e.incident_id AND n.device = e.device AND n.prev_hash = e.hash)
          ORDER BY e.rowid DESC LIMIT 1`,
      )
      .all('x', 'y') as Array<{ detail: string }>;
    const details = plan.map((p) => p.detail);
    expect(details.filter((d) => d.includes('incident_events_chain'))).toHaveLength(2);
    expect(details.some((d) => /^SCAN (e|n)\b(?! USING)/.test(d))).toBe(false);
  });
});

describe('a tampered incident log', () => {
  it('an event edited in the file with sqlite3: doctor names the incident and event and fails; the push keeps it back and sends the rest', async () => {
    const { b, file } = demoConsole('Sam Carter');
    const { incidentId, title, noteIds } = await incidentWithNotes(b, [
      'Queue at 40k',
      'Restarted the transport service',
      'Queue draining',
    ]);
    const edited = noteIds[1] as string;
    const eventTotal = b.db.prepare('SELECT count(*) FROM incident_events').pluck().get() as number;
    b.close();
    open.splice(open.indexOf(b), 1);

    const healthyBefore = lifeline('doctor', '--db', file);
    expect(healthyBefore.out).toMatch(/Incident logs: \d+ incidents, \d+ events, all chains intact/);
    expect(healthyBefore.code).toBe(0);

    tamper(
      file,
      `DROP TRIGGER incident_events_no_update;
       UPDATE incident_events SET payload = '{"text":"Customer approved the restart"}' WHERE id = '${edited}';`,
    );
    const r = lifeline('doctor', '--db', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 broken chain');
    expect(r.out).toContain(`Incident "${title}" (${incidentId})`);
    expect(r.out).toContain(`first bad event ${edited}`);
    expect(r.out).toContain('(note, written on');
    expect(r.out).toContain('edited after it was recorded');
    expect(r.out).toContain('PROBLEMS FOUND');
    const json = JSON.parse(lifeline('doctor', '--db', file, '--json').out) as {
      healthy: boolean;
      incidentLogs: { broken: Array<Record<string, unknown>> };
    };
    expect(json.healthy).toBe(false);
    expect(json.incidentLogs.broken).toEqual([
      expect.objectContaining({ incidentId, title, eventId: edited, type: 'note', reason: 'edited' }),
    ]);

    // The push sends every other record, and keeps the edited event here with the reason.
    const s = await centralDb();
    const again = consoleAt(file, 'Sam Carter');
    const summary = await syncRound(again.db, s);
    expect(summary.pushed).toBeGreaterThan(0);
    const c = await s.client();
    const atCentral = await c.query<{ id: string }>(
      "SELECT id FROM lifeline.records WHERE entity = 'incident_event'",
    );
    await c.end();
    const sent = centralEventIds(atCentral.rows);
    expect(sent).not.toContain(edited);
    expect(sent).toContain(noteIds[2]);
    expect(sent).toHaveLength(eventTotal - 1);
    const held = again.db
      .prepare("SELECT parked, reason FROM sync_outbox WHERE entity = 'incident_event' AND row_id = ?")
      .get(edited) as { parked: string; reason: string };
    expect(held.parked).toBe('denied');
    expect(held.reason).toMatch(
      /^This event does not match its hash chain \(edited after it was recorded\): event .* of incident "Mail gateway queue stuck"/,
    );
    // Checked again next round (it may have been restored from a backup meanwhile): still kept back.
    await syncRound(again.db, s);
    expect(
      again.db
        .prepare("SELECT parked FROM sync_outbox WHERE entity = 'incident_event' AND row_id = ?")
        .pluck()
        .get(edited),
    ).toBe('denied');

    // Another console gets the events after it, and sees the gap where it should be.
    const other = consoleAt(path.join(tempDir(), 'other.db'), 'Ben Brooks');
    await syncRound(other.db, s);
    expect(verifyAllIncidents(other.db).breaks).toEqual([
      expect.objectContaining({ incidentId, eventId: noteIds[2], reason: 'missing_predecessor' }),
    ]);
  });
});

describe('incident events from central', () => {
  it('a forged event (edited payload, old hash) and an altered copy of a held event are parked, never merged', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez').b;
    const { incidentId, noteIds } = await incidentWithNotes(a, ['Queue at 40k', 'Transport restarted']);
    await syncRound(a.db, s);
    const b = consoleAt(path.join(tempDir(), 'b.db'), 'Ben Brooks');
    await syncRound(b.db, s);
    const heldOnB = b.db.prepare('SELECT count(*) FROM incident_events').pluck().get() as number;
    expect(verifyAllIncidents(b.db).breaks).toEqual([]);

    // The superuser at central: a new event copied from a real one, payload edited, hash kept;
    // and a real event's payload rewritten in place.
    const forgedId = uuidv7(NOW.getTime());
    const [first, second] = noteIds as [string, string];
    const c = await s.client();
    try {
      await c.query('SET session_replication_role = replica'); // past any trigger central has
      await c.query(
        `INSERT INTO lifeline.records (entity, id, customer_id, data, rev, deleted, change_id)
         SELECT entity, $1, customer_id,
                jsonb_set(jsonb_set(data, '{id}', to_jsonb($1::text)), '{payload}', to_jsonb('{"text":"Customer said: skip the backup"}'::text)),
                1, false, 'forged'
           FROM lifeline.records WHERE entity = 'incident_event' AND id = $2`,
        [forgedId, second],
      );
      await c.query(
        `UPDATE lifeline.records SET data = jsonb_set(data, '{payload}', to_jsonb('{"text":"Queue at 4k"}'::text)),
                rev = rev + 1, txid = pg_current_xact_id(), seq = nextval('lifeline.change_seq')
          WHERE entity = 'incident_event' AND id = $1`,
        [first],
      );
    } finally {
      await c.end();
    }
    await syncRound(b.db, s);
    expect(b.db.prepare('SELECT count(*) FROM incident_events').pluck().get()).toBe(heldOnB);
    expect(b.db.prepare('SELECT 1 FROM incident_events WHERE id = ?').get(forgedId)).toBeUndefined();
    expect(
      b.db.prepare("SELECT payload ->> 'text' FROM incident_events WHERE id = ?").pluck().get(first),
    ).toBe('Queue at 40k');
    const parked = b.db
      .prepare(
        "SELECT row_id, reason, detail FROM sync_parked WHERE entity = 'incident_event' ORDER BY detail",
      )
      .all() as Array<{ row_id: string; reason: string; detail: string }>;
    expect(parked.map((p) => [p.row_id, p.reason]).sort()).toEqual(
      [
        [first, 'chain'],
        [forgedId, 'chain'],
      ].sort(),
    );
    const detailOf = (id: string) => parked.find((p) => p.row_id === id)?.detail ?? '';
    expect(detailOf(forgedId)).toMatch(
      new RegExp(
        `^Central sent event ${forgedId} \\(note at .*\\) of incident "Mail gateway queue stuck" \\(${incidentId}\\) whose content does not match its hash`,
      ),
    );
    expect(detailOf(first)).toMatch(/^Central's copy of event .* differs from the one this console holds/);
    expect(verifyAllIncidents(b.db).breaks).toEqual([]);
    const file = b.db.name;
    b.close();
    open.splice(open.indexOf(b), 1);
    const r = lifeline('doctor', '--db', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('all chains intact');
    expect(r.out).toContain('Incident events from central not merged (their chain did not hold): 2');
    expect(r.out).toContain(`Central sent event ${forgedId}`);
  });

  it('two consoles recording on one incident offline merge, and both logs verify clean', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez').b;
    const { incidentId } = await incidentWithNotes(a, ['Queue at 40k']);
    await syncRound(a.db, s);
    const b = consoleAt(path.join(tempDir(), 'b.db'), 'Ben Brooks');
    await syncRound(b.db, s);
    // Offline on both: each appends to its own device's chain on the same incident.
    await recordNote(a, incidentId, 'Ana: transport restarted');
    await recordNote(b, incidentId, 'Ben: customer informed');
    await recordNote(a, incidentId, 'Ana: queue draining');
    await recordNote(b, incidentId, 'Ben: second gateway checked');
    await syncRound(a.db, s);
    await syncRound(b.db, s);
    await syncRound(a.db, s);
    const events = (db: Db) =>
      db.prepare('SELECT * FROM incident_events WHERE incident_id = ? ORDER BY id').all(incidentId);
    // A: opened, acknowledged, three notes; B: two notes (the incident was acknowledged already).
    expect(events(a.db)).toHaveLength(7);
    expect(events(b.db)).toEqual(events(a.db));
    expect(verifyAllIncidents(a.db).breaks).toEqual([]);
    expect(verifyAllIncidents(b.db).breaks).toEqual([]);
    const devices = a.db
      .prepare('SELECT count(DISTINCT device) FROM incident_events WHERE incident_id = ?')
      .pluck()
      .get(incidentId);
    expect(devices).toBe(2);
    expect(b.db.prepare('SELECT count(*) FROM sync_parked').pluck().get()).toBe(0);
    expect((await call(b, 'incident:get', { id: incidentId })).timeline.map((l) => l.type)).toContain('note');
  });

  it('an event from a console older than version 8 (no hash) is sealed on arrival and verifies', async () => {
    const s = await centralDb();
    const a = demoConsole('Ana Alvarez').b;
    const { incidentId, noteIds } = await incidentWithNotes(a, ['Queue at 40k']);
    await syncRound(a.db, s);
    const legacyId = uuidv7(Date.now() + 60_000);
    const c = await s.client();
    try {
      await c.query(
        `INSERT INTO lifeline.records (entity, id, customer_id, data, rev, deleted, change_id)
         SELECT entity, $1, customer_id,
                (jsonb_set(jsonb_set(jsonb_set(data, '{id}', to_jsonb($1::text)), '{device}', '"old-console"'),
                           '{payload}', to_jsonb('{"text":"from an old console"}'::text)) - 'hash' - 'prev_hash'),
                1, false, 'legacy'
           FROM lifeline.records WHERE entity = 'incident_event' AND id = $2`,
        [legacyId, noteIds[0]],
      );
    } finally {
      await c.end();
    }
    const b = consoleAt(path.join(tempDir(), 'b.db'), 'Ben Brooks');
    await syncRound(b.db, s);
    const row = b.db.prepare('SELECT prev_hash, hash FROM incident_events WHERE id = ?').get(legacyId) as {
      prev_hash: string;
      hash: string;
    };
    expect(row.prev_hash).toBe('');
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAllIncidents(b.db).breaks).toEqual([]);
    expect(
      b.db.prepare('SELECT count(*) FROM incident_events WHERE incident_id = ?').pluck().get(incidentId),
    ).toBe(
      (a.db
        .prepare('SELECT count(*) FROM incident_events WHERE incident_id = ?')
        .pluck()
        .get(incidentId) as number) + 1,
    );
  });
});
