import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { recomputeIncident } from '../../electron/core/incidents/log';
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
function runAndKill(db: string, customerId: string, playbookId: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, db, customerId, playbookId], {
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
    const file = path.join(tempDir(), 'durability.db');
    const setup = openDatabase(file).db;
    generateDemo(setup, { customers: 2, seed: 11, now: new Date('2025-06-01T12:00:00Z') });
    const { customerId, playbookId } = setup
      .prepare(
        `SELECT (SELECT id FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 1) AS customerId,
                (SELECT id FROM playbooks ORDER BY title LIMIT 1) AS playbookId`,
      )
      .get() as { customerId: string; playbookId: string };
    setup.close();

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
        // The derived rows were committed with the events: recomputing from the log changes nothing.
        for (const id of run.incidents) {
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
});
