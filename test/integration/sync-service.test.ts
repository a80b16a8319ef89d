/**
 * The background sync of one console, timed by its own clock: an idle console does not run
 * rounds back to back, a console that cannot reach central backs off instead of hammering
 * it, and a change made here reaches central without anyone pressing Sync now.
 * Every wait is for the service's own signal (the `data:changed` it emits when a round
 * starts or ends, and the status it then reports); the time limits only bound a failure.
 */
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionSecrets } from '../../electron/core/api/handlers';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { freePort } from '../../electron/core/sync/embedded';
import { SyncService } from '../../electron/core/sync/service';
import type { CentralConfig, SyncStatus } from '../../shared/sync/model';
import { centralForFile, SUPERUSER, SUPERUSER_PASSWORD } from '../helpers/central';
import { tempDir } from '../helpers/tmp';

const central = centralForFile();

type Timing = { periodicMs?: number; localDebounceMs?: number; backoffStartMs?: number };

function service(port: number, timing: Timing = {}) {
  const { db } = openDatabase(path.join(tempDir(), 'console.db'));
  // The status right after each announcement, in order: a round starting shows `syncing`
  // with its own lastAttemptAt, a round ending shows `idle` or why it failed.
  const announced: Array<SyncStatus | undefined> = [];
  const listeners = new Set<() => void>();
  const sync: SyncService = new SyncService({
    db,
    secrets: sessionSecrets(),
    emit: (event) => {
      if (event !== 'data:changed') return;
      const at = announced.length;
      void sync.status().then((status) => {
        announced[at] = status;
        for (const listener of [...listeners]) listener();
      });
    },
    timing: { localDebounceMs: 20, ...timing },
  });
  const config: CentralConfig = {
    host: '127.0.0.1',
    port,
    database: 'lifeline',
    user: SUPERUSER,
    sslmode: 'disable',
    caFile: null,
  };
  /** Every status the service announced (from the `mark()` given), in order. */
  const statuses = (from = 0) => announced.slice(from).filter((s): s is SyncStatus => s !== undefined);
  const mark = () => announced.length;
  /** Start times of the rounds, in ms since the epoch, as each round stamped them. */
  const attempts = () =>
    [
      ...new Set(
        statuses()
          .filter((s) => s.state === 'syncing')
          .map((s) => s.lastAttemptAt),
      ),
    ].map((at) => Date.parse(at ?? ''));
  /** Resolves once `ready()` holds, checked again at each announcement; fails after `limitMs`. */
  const until = (what: string, ready: () => boolean, limitMs = 20_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!ready()) return;
        listeners.delete(check);
        clearTimeout(limit);
        resolve();
      };
      const limit = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${what}: not within ${limitMs} ms`));
      }, limitMs);
      listeners.add(check);
      check();
    });
  /** Records a vendor here, tells the service as the API handlers do, waits for the round that follows. */
  const changeHere = async (id: string, name: string): Promise<void> => {
    insertVendor(db, id, name);
    const before = mark();
    sync.localChange();
    await until('a round after the change ends', () => statuses(before).some((x) => x.state === 'idle'));
  };
  return { db, sync, config, statuses, attempts, until, changeHere, stop: () => sync.stop() };
}

function insertVendor(db: Db, id: string, name: string): void {
  const now = new Date().toISOString();
  db.prepare('INSERT INTO vendors (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
    id,
    name,
    now,
    now,
  );
}

async function onCentral(id: string): Promise<number> {
  const r = await central().sql(
    "SELECT count(*)::int AS n FROM lifeline.records WHERE entity = 'vendor' AND id = $1",
    [id],
  );
  return (r.rows[0] as { n: number }).n;
}

/** A port where central is unreachable until `open()`, then forwards to it. */
async function switchableCentral(to: number) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(to, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    port,
    open: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server.listening) resolve();
        else server.close(() => resolve());
      }),
  };
}

describe('background sync', () => {
  it('a connected console that has nothing to do rests until the periodic round', async () => {
    const periodicMs = 500;
    const s = service(central().port, { periodicMs });
    try {
      await s.sync.configure(s.config, SUPERUSER_PASSWORD);
      await s.until('the first round succeeds', () => s.statuses().some((x) => x.state === 'idle'));
      const first = s.statuses().find((x) => x.state === 'idle');
      expect(first?.lastRound?.pushed).toBe(0);
      await s.until('the next round starts', () => s.attempts().length >= 2);
      const [, second] = s.attempts();
      // Nothing changed here or there: the next round is the periodic one, not one back to back.
      expect(second, 'start of the second round (ms)').toBeGreaterThanOrEqual(
        Date.parse(first?.lastSuccessAt ?? '') + periodicMs * 0.9,
      );
    } finally {
      s.stop();
    }
  });

  it('a change made here is pushed by itself, by the round it starts', async () => {
    // The periodic round is a minute away: only the change can start the next one.
    const s = service(central().port);
    try {
      await s.sync.configure(s.config, SUPERUSER_PASSWORD);
      await s.until('the first round succeeds', () => s.statuses().some((x) => x.state === 'idle'));
      const id = '0190c3a0-0000-7000-8000-00000000abcd';
      await s.changeHere(id, 'Pushed by itself');
      expect(s.attempts()).toHaveLength(2);
      const status = await s.sync.status();
      expect(status.lastRound?.pushed).toBe(1);
      expect(status.outbox).toBe(0);
      expect(await onCentral(id)).toBe(1);
    } finally {
      s.stop();
    }
  });

  it('with central unreachable it backs off and a change waits for the retry; once central is back a change goes out at once', async () => {
    const backoffStartMs = 100;
    const switchable = await switchableCentral(central().port);
    const s = service(switchable.port, { backoffStartMs });
    try {
      await s.sync.configure(s.config, SUPERUSER_PASSWORD);
      const failures = () => s.statuses().filter((x) => x.state === 'offline' && x.lastError !== null);
      await s.until('three attempts fail', () => failures().length >= 3);
      const third = failures()[2];
      if (!third) throw new Error('no third failure');
      expect(third.online).toBe(false);
      expect(third.lastError).toMatch(/cannot be reached/);
      expect(third.nextRetryAt).not.toBeNull();
      // Attempts thin out: each waits at least the backoff, which doubles (±20%).
      const [a1 = 0, a2 = 0, a3 = 0] = s.attempts();
      expect(a2 - a1).toBeGreaterThanOrEqual(0.8 * backoffStartMs);
      expect(a3 - a2).toBeGreaterThanOrEqual(0.8 * 2 * backoffStartMs);

      // A change made while failing waits for the announced retry instead of forcing an attempt.
      const retryAt = Date.parse(third.nextRetryAt ?? '');
      const waiting = '0190c3a0-0000-7000-8000-00000000abce';
      insertVendor(s.db, waiting, 'Waited for central');
      for (let i = 0; i < 20; i++) s.sync.localChange();
      expect(Date.now(), 'the change was made before the retry was due').toBeLessThan(retryAt - 100);
      await s.until('the fourth attempt starts', () => s.attempts().length >= 4);
      expect(s.attempts()[3], 'start of the fourth attempt (ms)').toBeGreaterThanOrEqual(retryAt - 15);

      // Central comes back: a retry gets through and pushes what waited.
      await switchable.open();
      await s.until('a round succeeds', () => s.statuses().some((x) => x.state === 'idle'));
      expect(await onCentral(waiting)).toBe(1);

      // Now a change starts a round of its own (the periodic one is a minute away).
      const rounds = s.attempts().length;
      const id = '0190c3a0-0000-7000-8000-00000000abcf';
      await s.changeHere(id, 'Pushed once central was back');
      expect(s.attempts()).toHaveLength(rounds + 1);
      expect(await onCentral(id)).toBe(1);
      expect((await s.sync.status()).outbox).toBe(0);
    } finally {
      s.stop();
      await switchable.close();
    }
  });
});
