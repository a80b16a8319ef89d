/**
 * The pull cursor against concurrent writers on a real PostgreSQL. A sequence number is
 * taken when a row is written, not when its transaction commits, so a "highest seq seen"
 * cursor skips a row whose transaction committed after a later one. Lifeline's cursor reads
 * only below the oldest running transaction; these tests show the naive cursor missing a
 * change and ours missing none, first step by step, then under many concurrent writers.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Cursor, START } from '../../electron/core/sync/local';
import { pullPage } from '../../electron/core/sync/round';
import { centralForFile } from '../helpers/central';

const central = centralForFile();

async function write(c: pg.Client, id: string): Promise<void> {
  await c.query(
    `INSERT INTO lifeline.records (entity, id, customer_id, data, change_id) VALUES ('vendor', $1, NULL, $2, $1)`,
    [id, JSON.stringify({ id, name: id })],
  );
}

/** The cursor most sync code starts with: the highest sequence number seen so far. */
async function naivePull(c: pg.Client, after: bigint): Promise<{ ids: string[]; next: bigint }> {
  const r = await c.query<{ id: string; seq: string }>(
    'SELECT id, seq::text AS seq FROM lifeline.records WHERE seq > $1 ORDER BY seq',
    [after.toString()],
  );
  const last = r.rows[r.rows.length - 1];
  return { ids: r.rows.map((x) => x.id), next: last ? BigInt(last.seq) : after };
}

async function pullAll(c: pg.Client, from: Cursor, seen: string[]): Promise<Cursor> {
  let cursor = from;
  for (;;) {
    const rows = await pullPage(c, cursor, 100);
    const last = rows[rows.length - 1];
    if (!last) return cursor;
    seen.push(...rows.map((r) => r.id));
    cursor = { txid: last.txid, seq: last.seq };
  }
}

describe('pull cursor', () => {
  it('a transaction that commits late is missed by a max-seq cursor and found by ours', async () => {
    const slow = await central().client();
    const fast = await central().client();
    const puller = await central().client();
    const base = await naivePull(puller, 0n);
    const ours = await pullAll(puller, START, []);
    try {
      await slow.query('BEGIN');
      await write(slow, 'late-1'); // takes its seq first
      await fast.query('BEGIN');
      await write(fast, 'early-2'); // a higher seq, committed first
      await fast.query('COMMIT');

      const naive1 = await naivePull(puller, base.next);
      const ourSeen: string[] = [];
      const ours1 = await pullAll(puller, ours, ourSeen);
      expect(naive1.ids).toEqual(['early-2']);
      // Ours waits: the slow transaction is older and still running.
      expect(ourSeen).toEqual([]);

      await slow.query('COMMIT');
      const naive2 = await naivePull(puller, naive1.next);
      await pullAll(puller, ours1, ourSeen);
      expect(naive2.ids).toEqual([]); // late-1 is lost for good
      expect(ourSeen.sort()).toEqual(['early-2', 'late-1']);
    } finally {
      await Promise.all([slow.end(), fast.end(), puller.end()]);
    }
  });

  it('several writers committing concurrently while a console pulls in a loop: 0 changes missed', async () => {
    const WRITERS = 6;
    const PER_WRITER = 60;
    const puller = await central().client();
    const start = await pullAll(puller, START, []);
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    const writers = await Promise.all(Array.from({ length: WRITERS }, () => central().client()));
    let writing = true;
    const seen: string[] = [];
    const pulling = (async () => {
      let cursor = start;
      let passes = 0;
      while (writing) {
        cursor = await pullAll(puller, cursor, seen);
        passes++;
      }
      // One last pass after every writer has finished.
      await pullAll(puller, cursor, seen);
      return passes;
    })();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all(
      writers.map(async (c, w) => {
        for (let i = 0; i < PER_WRITER; i++) {
          const rows = 1 + ((i * 7 + w) % 3);
          const ids = Array.from({ length: rows }, (_, k) => `w${w}-${i}-${k}`);
          await c.query('BEGIN');
          for (const id of ids) {
            await write(c, id);
            // Hold the transaction open for a while after taking sequence numbers, so
            // others commit past it: the out-of-order case.
            if ((i + w) % 4 === 0) await sleep(3 + ((i * 13 + w * 5) % 11));
          }
          if ((i + w) % 9 === 0) {
            await c.query('ROLLBACK');
            for (const id of ids) rolledBack.add(id);
          } else {
            await c.query('COMMIT');
            for (const id of ids) committed.add(id);
          }
        }
      }),
    );
    writing = false;
    const passes = await pulling;
    await Promise.all([...writers.map((c) => c.end()), puller.end()]);

    const seenSet = new Set(seen);
    const missed = [...committed].filter((id) => !seenSet.has(id));
    expect(committed.size).toBeGreaterThan(500);
    expect(passes).toBeGreaterThan(10); // the puller really raced the writers
    expect(missed).toEqual([]);
    const dup = seen.filter((id, i) => seen.indexOf(id) !== i);
    expect(dup).toEqual([]); // each change once
    expect([...rolledBack].filter((id) => seenSet.has(id))).toEqual([]);
  });
});
