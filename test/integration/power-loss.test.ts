/**
 * Power loss: an acknowledged incident event must already be on stable storage. A process
 * killed after a commit keeps it (durability.test.ts); a machine losing power keeps it only
 * if the WAL was synced before the answer left. So the recording process runs under strace,
 * and the trace must show, for every acknowledgement, a sync of the WAL after its last write
 * and before the acknowledgement's write (a record commits its events and their fold into the
 * derived rows in one transaction: incidents/log.ts). The same run with synchronous=NORMAL
 * must fail that check: the test can tell a durable back end from one that only looks durable.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { bundleChild } from '../helpers/bundleChild';
import { tempDir } from '../helpers/tmp';
import { strace } from '../helpers/tools';

const CYCLES = 120;

/** One acknowledgement and what the WAL saw since the one before. */
interface Acknowledgement {
  readonly eventId: string;
  /** The WAL was written since the previous acknowledgement (the commit went to it). */
  readonly walWritten: boolean;
  /** A successful fsync/fdatasync of the WAL completed after its last write, before this answer. */
  readonly synced: boolean;
}

const WRITES = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2']);
const SYNCS = new Set(['fsync', 'fdatasync']);

/**
 * Reads an `strace -f -tt -y` trace (`PID  TIME call(fd<path>, …) = result`; strace pads the PID
 * to a column, so a short PID is followed by several spaces): writes count when they complete, syncs when they return 0,
 * acknowledgements when their write starts, so a reordering can only make the check stricter.
 */
function checkTrace(trace: string, walPath: string): Acknowledgement[] {
  const acks: Acknowledgement[] = [];
  const pending = new Map<string, { call: string; fd: string; args: string }>();
  let lastWrite = -1;
  let lastSync = -1;
  let writtenSinceAck = false;
  const complete = (step: number, call: string, fd: string, result: string) => {
    if (fd !== walPath) return;
    if (WRITES.has(call) && !result.startsWith('-1')) {
      lastWrite = step;
      writtenSinceAck = true;
    } else if (SYNCS.has(call) && result === '0') lastSync = step;
  };
  const lines = trace.split('\n');
  for (let step = 0; step < lines.length; step++) {
    const line = lines[step] ?? '';
    const start = /^(\d+)\s+\S+ (\w+)\((\d+)<([^>]*)>(.*)$/.exec(line);
    if (start) {
      const [, pid = '', call = '', fdNumber = '', fd = '', rest = ''] = start;
      if (fdNumber === '1' && WRITES.has(call)) {
        const ack = /"ack ([0-9a-f-]{36})\\n"/.exec(rest);
        if (ack?.[1]) {
          acks.push({
            eventId: ack[1],
            walWritten: writtenSinceAck,
            synced: lastSync > lastWrite,
          });
          writtenSinceAck = false;
        }
        continue;
      }
      if (rest.endsWith('<unfinished ...>')) {
        pending.set(pid, { call, fd, args: rest });
        continue;
      }
      const result = / = (-?\d+)/.exec(rest)?.[1] ?? '';
      complete(step, call, fd, result);
      continue;
    }
    const resumed = /^(\d+)\s+\S+ <\.\.\. (\w+) resumed>.* = (-?\d+)/.exec(line);
    if (resumed) {
      const [, pid = '', call = '', result = ''] = resumed;
      const started = pending.get(pid);
      pending.delete(pid);
      if (started?.call === call) complete(step, call, started.fd, result);
    }
  }
  return acks;
}

interface TracedRun {
  readonly synchronous: string;
  readonly acks: Acknowledgement[];
  readonly lost: number;
}

let child = '';
let db = '';
let customerId = '';

beforeAll(async () => {
  if (strace.missing) return;
  child = await bundleChild('power-loss-child');
  db = path.join(tempDir(), 'power-loss.db');
  const setup = openDatabase(db).db;
  generateDemo(setup, { customers: 2, seed: 11, now: new Date('2025-06-01T12:00:00Z') });
  customerId = setup
    .prepare("SELECT id FROM customers WHERE kind = 'customer' ORDER BY code LIMIT 1")
    .pluck()
    .get() as string;
  setup.close();
});

/** Runs the child under strace for CYCLES acknowledged events; checks its trace and the file after. */
async function tracedRun(synchronous: 'FULL' | 'NORMAL' | 'OFF'): Promise<TracedRun> {
  const traceFile = path.join(tempDir(), `trace-${synchronous}.txt`);
  const args = [
    '-f',
    '-tt',
    '-y',
    '-s',
    '80',
    '-o',
    traceFile,
    '-e',
    'trace=write,pwrite64,writev,pwritev,pwritev2,fsync,fdatasync',
    process.execPath,
    child,
    db,
    customerId,
    String(CYCLES),
  ];
  const env = { ...process.env, LIFELINE_TEST_SYNCHRONOUS: synchronous === 'FULL' ? '' : synchronous };
  const { stdout, code, stderr } = await new Promise<{ stdout: string; stderr: string; code: number | null }>(
    (resolve, reject) => {
      const p = spawn('strace', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
      });
      p.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
      });
      p.on('error', reject);
      p.on('close', (c) => resolve({ stdout: out, stderr: err, code: c }));
    },
  );
  expect(code, stderr).toBe(0);
  expect(stdout).toContain('finished');
  const ready = /^ready synchronous=(\d)$/m.exec(stdout)?.[1] ?? '';
  const acknowledged = [...stdout.matchAll(/^ack (\S+)$/gm)].map((m) => m[1] ?? '');
  // The WAL as strace names it: the real path, symlinks (a /tmp on another mount) resolved.
  const walPath = `${fs.realpathSync(db)}-wal`;
  const acks = checkTrace(fs.readFileSync(traceFile, 'utf8'), walPath);
  expect(
    acks.map((a) => a.eventId),
    'the trace holds every acknowledgement the child printed',
  ).toEqual(acknowledged);
  const check = openDatabase(db).db;
  try {
    const present = check
      .prepare('SELECT count(*) FROM incident_events WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .get(JSON.stringify(acknowledged)) as number;
    return { synchronous: ready, acks, lost: acknowledged.length - present };
  } finally {
    check.close();
  }
}

describe.skipIf(strace.missing !== null)(
  'power loss: the WAL is synced before an event is acknowledged',
  () => {
    it(`syncs the WAL before each of ${CYCLES} acknowledgements, and the check fails with synchronous=NORMAL`, async () => {
      const started = performance.now();
      const full = await tracedRun('FULL');
      expect(full.acks.length).toBe(CYCLES);
      expect(full.lost, 'acknowledged events missing from the file').toBe(0);
      expect(
        full.acks.filter((a) => !a.walWritten),
        'every acknowledged commit went through the WAL',
      ).toEqual([]);
      const unsyncedFull = full.acks.filter((a) => !a.synced);
      expect(unsyncedFull, 'acknowledgements that left before the WAL was synced').toEqual([]);
      expect(full.synchronous, 'the back end commits with synchronous=FULL (2)').toBe('2');

      // The same harness with the durability the driver defaults to in WAL mode, and with none:
      // the check must fail (NORMAL syncs the WAL only at a checkpoint, OFF never).
      const unsynced: Record<'NORMAL' | 'OFF', number> = { NORMAL: 0, OFF: 0 };
      for (const [weak, pragma] of [
        ['NORMAL', '1'],
        ['OFF', '0'],
      ] as const) {
        const run = await tracedRun(weak);
        expect(run.synchronous).toBe(pragma);
        expect(run.acks.length).toBe(CYCLES);
        unsynced[weak] = run.acks.filter((a) => !a.synced).length;
        expect(
          unsynced[weak],
          `with synchronous=${weak} most acknowledgements precede any sync`,
        ).toBeGreaterThan(CYCLES / 2);
      }
      console.info(
        `power loss: ${full.acks.length} acknowledged records, each synced before its acknowledgement; NORMAL: ${unsynced.NORMAL} of ${CYCLES} unsynced; OFF: ${unsynced.OFF} of ${CYCLES} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }, 120_000);
  },
);
