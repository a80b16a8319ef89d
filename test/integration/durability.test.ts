import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { flushAfterReply } from '../../electron/core/db/afterReply';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { recomputeIncident } from '../../electron/core/incidents/log';
import {
  board,
  incidentDetail,
  openIncident,
  recordAction,
  startPlaybook,
} from '../../electron/core/incidents/service';
import { bundleChild } from '../helpers/bundleChild';
import { tempDir } from '../helpers/tmp';

const KILLS = 60;
let child = '';

beforeAll(async () => {
  // The child runs the real back-end code; bundle it once (test/helpers/bundleChild.ts).
  child = await bundleChild('durability-child');
});

interface Run {
  /** The child's connection as it reported it: `synchronous=N journal_mode=MODE`. */
  readonly pragmas: string | null;
  readonly incidents: string[];
  readonly events: string[];
  readonly finished: boolean;
  readonly signal: NodeJS.Signals | null;
}

/** Starts the child, kills it `delayMs` after it has opened the database, and collects what it acknowledged. */
function runAndKill(
  db: string,
  customerId: string,
  playbookId: string,
  delayMs: number,
  dieAfterRecord?: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = [
      child,
      db,
      customerId,
      playbookId,
      ...(dieAfterRecord === undefined ? [] : [String(dieAfterRecord)]),
    ];
    const p = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const incidents: string[] = [];
    const events: string[] = [];
    let finished = false;
    let pragmas: string | null = null;
    let buffer = '';
    let stderr = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ready ')) {
          pragmas = line.slice(6);
          setTimeout(() => p.kill('SIGKILL'), delayMs);
        } else if (line.startsWith('incident ')) incidents.push(line.slice(9));
        else if (line.startsWith('event ')) events.push(line.slice(6));
        else if (line === 'finished') finished = true;
      }
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ pragmas, incidents, events, finished, signal });
    });
  });
}

/** A small demo database, with a customer and a playbook to record on. */
function demoFile(name: string, seed: number): { file: string; customerId: string; playbookId: string } {
  const file = path.join(tempDir(), name);
  const setup = openDatabase(file).db;
  try {
    generateDemo(setup, { customers: 2, seed, now: new Date('2025-06-01T12:00:00Z') });
    const ids = setup
      .prepare(
        `SELECT (SELECT id FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 1) AS customerId,
                (SELECT id FROM playbooks ORDER BY title LIMIT 1) AS playbookId`,
      )
      .get() as { customerId: string; playbookId: string };
    return { file, ...ids };
  } finally {
    setup.close();
  }
}

/** The incident's derived rows are what recomputing them from its log writes. */
function expectRecomputed(db: Db, id: string): void {
  const snapshot = () =>
    JSON.stringify([
      db.prepare('SELECT * FROM incidents WHERE id = ?').all(id),
      db.prepare('SELECT * FROM playbook_runs WHERE incident_id = ?').all(id),
      db
        .prepare(
          'SELECT s.* FROM run_steps s JOIN playbook_runs r ON r.run_id = s.run_id WHERE r.incident_id = ? ORDER BY s.step_id',
        )
        .all(id),
    ]);
  const before = snapshot();
  db.transaction(() => recomputeIncident(db, id))();
  expect(snapshot(), `derived rows of ${id}`).toBe(before);
}

/** Deterministic delays from a seed printed with the result, so a failure can be replayed. */
function delays(seed: number, n: number): number[] {
  let x = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return 20 + (x % 281);
  });
}

describe('durability: an acknowledged event survives the process being killed', () => {
  it(`keeps every acknowledged event and a sound database across ${KILLS} SIGKILLs`, async () => {
    const { file, customerId, playbookId } = demoFile('durability.db', 11);

    const seed = Date.now() % 1_000_000;
    const plan = delays(seed, KILLS);
    const totals = { kills: 0, acknowledged: 0, verified: 0, incidents: 0, completedRuns: 0 };
    const started = performance.now();
    for (const delay of plan) {
      const run = await runAndKill(file, customerId, playbookId, delay);
      // Surviving a kill proves "committed before acknowledged"; only with synchronous=FULL
      // (2) in WAL mode would the same commits also survive losing power.
      expect(run.pragmas, 'the pragmas of the connection that wrote').toBe('synchronous=2 journal_mode=wal');
      if (run.signal === 'SIGKILL') totals.kills += 1;
      if (run.finished) totals.completedRuns += 1;
      totals.acknowledged += run.events.length;
      totals.incidents += run.incidents.length;

      const { db } = openDatabase(file);
      try {
        expect(db.pragma('integrity_check', { simple: true }), `seed ${seed}`).toBe('ok');
        const present = db
          .prepare('SELECT count(*) AS n FROM incident_events WHERE id IN (SELECT value FROM json_each(?))')
          .get(JSON.stringify(run.events)) as { n: number };
        expect(present.n, `seed ${seed}, delay ${delay} ms`).toBe(run.events.length);
        const incidents = db
          .prepare('SELECT count(*) AS n FROM incidents WHERE id IN (SELECT value FROM json_each(?))')
          .get(JSON.stringify(run.incidents)) as { n: number };
        expect(incidents.n).toBe(run.incidents.length);
        totals.verified += present.n;
        // The derived rows follow the log: a kill between a record's commit and its fold
        // (just after its reply) leaves the incident's row behind, and the first read recomputes it.
        board(db);
        for (const id of run.incidents) {
          expectRecomputed(db, id);
        }
      } finally {
        db.close();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `durability: ${totals.kills} SIGKILLs (seed ${seed}), ${totals.acknowledged} events acknowledged, ${totals.verified} verified on disk, ${totals.incidents} incidents, integrity ok after each, ${seconds.toFixed(1)} s`,
    );
    expect(totals.kills).toBe(KILLS);
    expect(totals.verified).toBe(totals.acknowledged);
    // The kills must land while appends are happening, not only before the first one.
    expect(totals.acknowledged).toBeGreaterThan(KILLS * 5);
  }, 120_000);

  it('keeps a record killed after its reply but before its fold, and the first read puts the board row right', async () => {
    const { file, customerId, playbookId } = demoFile('after-reply.db', 13);
    // Dies right after the third record answers (the second is a step, folded before the third).
    const run = await runAndKill(file, customerId, playbookId, 60_000, 3);
    expect(run.signal).toBe('SIGKILL');
    const last = run.events.at(-1) ?? '';
    const incidentId = run.incidents[0] ?? '';
    const { db } = openDatabase(file);
    try {
      const logged = db.prepare('SELECT count(*) FROM incident_events WHERE incident_id = ?').pluck();
      const eventCount = db.prepare('SELECT event_count FROM incidents WHERE id = ?').pluck();
      expect(db.prepare('SELECT type FROM incident_events WHERE id = ?').pluck().get(last)).toBe('note');
      // As the kill left the file: the row has not seen the last record.
      expect(eventCount.get(incidentId)).toBe((logged.get(incidentId) as number) - 1);
      const shown = board(db).find((i) => i.id === incidentId);
      expect(eventCount.get(incidentId)).toBe(logged.get(incidentId));
      expect(shown?.progress.done).toBe(1);
      expectRecomputed(db, incidentId);
      expect(incidentDetail(db, incidentId).timeline.map((e) => e.id)).toContain(last);
    } finally {
      db.close();
    }
  }, 60_000);

  it('commits a step whose fold into the derived rows failed, and the next open puts the rows right', () => {
    const { file, customerId, playbookId } = demoFile('fold.db', 12);
    const actor = { deviceId: 'fold-test', author: 'Durability Test' };
    let incidentId = '';
    let lost = '';
    let runId = '';
    let stepId = '';
    const first = openDatabase(file).db;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      incidentId = openIncident(first, actor, {
        customerId,
        title: 'Fold test',
        severity: 'sev2',
        source: 'test',
      });
      const started = startPlaybook(first, actor, { incidentId, playbookId });
      runId = started.runId;
      const steps = incidentDetail(first, incidentId).state.runs[0]?.steps ?? [];
      stepId = steps[0]?.stepId ?? '';
      recordAction(first, actor, incidentId, { type: 'step', runId, stepId, outcome: 'done' });
      // The turn of the event loop after the reply, where its fold runs.
      flushAfterReply(first);
      stepId = steps[1]?.stepId ?? '';
      // The fold's first write fails (as a damaged page or a bug would fail it): the
      // record's own transaction, with its event, must still commit.
      first.exec(
        "CREATE TEMP TRIGGER fail_fold BEFORE UPDATE ON main.incidents BEGIN SELECT RAISE(ABORT, 'fold failed (test)'); END",
      );
      lost = recordAction(first, actor, incidentId, { type: 'step', runId, stepId, outcome: 'done' });
      expect(errors).not.toHaveBeenCalled();
      // The fold runs after the reply, and fails there; nobody waits for it, so it is logged.
      flushAfterReply(first);
      expect(errors).toHaveBeenCalledOnce();
    } finally {
      errors.mockRestore();
      first.close();
    }
    // Another process opens the file as the failed fold left it.
    const { db } = openDatabase(file);
    try {
      const count = db.prepare('SELECT count(*) FROM incident_events WHERE incident_id = ?').pluck();
      const eventCount = db.prepare('SELECT event_count FROM incidents WHERE id = ?').pluck();
      const logged = count.get(incidentId) as number;
      const event = db.prepare('SELECT type, at FROM incident_events WHERE id = ?').get(lost) as
        | { type: string; at: string }
        | undefined;
      expect(event?.type, 'the step whose fold failed is on disk').toBe('step_done');
      const stepRow = db
        .prepare('SELECT recorded_at FROM run_steps WHERE run_id = ? AND step_id = ?')
        .pluck();
      // As the file was left: the incident's row and run steps have not seen the last event.
      expect(eventCount.get(incidentId)).toBe(logged - 1);
      expect(stepRow.get(runId, stepId)).toBeUndefined();
      // The first read puts them right, before anything is shown.
      const item = board(db).find((i) => i.id === incidentId);
      expect(eventCount.get(incidentId)).toBe(logged);
      expect(stepRow.get(runId, stepId)).toBe(event?.at);
      expectRecomputed(db, incidentId);
      expect(item?.progress.done).toBe(2);
      expect(incidentDetail(db, incidentId).timeline.map((e) => e.id)).toContain(lost);
    } finally {
      db.close();
    }
  }, 60_000);
});
