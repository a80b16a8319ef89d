/**
 * The background sync of one console, timed by its own clock: an idle console does not run
 * rounds back to back, a console that cannot reach central backs off instead of hammering
 * it, and a change made here reaches central without anyone pressing Sync now.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionSecrets } from '../../electron/core/api/handlers';
import { openDatabase } from '../../electron/core/db/database';
import { freePort } from '../../electron/core/sync/embedded';
import { getState } from '../../electron/core/sync/local';
import { SyncService } from '../../electron/core/sync/service';
import type { CentralConfig } from '../../shared/sync/model';
import { centralForFile, SUPERUSER, SUPERUSER_PASSWORD } from '../helpers/central';
import { tempDir } from '../helpers/tmp';

const central = centralForFile();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function service(port: number, backoffStartMs = 2_000) {
  const { db } = openDatabase(path.join(tempDir(), 'console.db'));
  // Each round stamps its start: count the distinct stamps, watched closely.
  const attempts = new Set<string>();
  const watch = setInterval(() => {
    const at = getState(db, 'last_attempt_at');
    if (at) attempts.add(at);
  }, 3);
  const sync = new SyncService({
    db,
    secrets: sessionSecrets(),
    emit: () => {},
    timing: { backoffStartMs, localDebounceMs: 20 },
  });
  const stop = () => {
    clearInterval(watch);
    sync.stop();
  };
  const config: CentralConfig = {
    host: '127.0.0.1',
    port,
    database: 'lifeline',
    user: SUPERUSER,
    sslmode: 'disable',
    caFile: null,
  };
  return { db, sync, config, stop, rounds: () => attempts.size };
}

describe('background sync', () => {
  it('a connected console that has nothing to do rests: no rounds back to back', async () => {
    const s = service(central().port);
    await s.sync.configure(s.config, SUPERUSER_PASSWORD);
    await sleep(1_500);
    const status = await s.sync.status();
    s.stop();
    expect(status.state).toBe('idle');
    expect(status.lastSuccessAt).not.toBeNull();
    // The first round, maybe one more for a hint that raced it; never hundreds.
    expect(s.rounds()).toBeLessThanOrEqual(3);
  });

  it('a change made here is pushed by itself, within a moment', async () => {
    const s = service(central().port);
    await s.sync.configure(s.config, SUPERUSER_PASSWORD);
    await sleep(300);
    const now = new Date().toISOString();
    const id = '0190c3a0-0000-7000-8000-00000000abcd';
    s.db
      .prepare('INSERT INTO vendors (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(id, 'Pushed by itself', now, now);
    s.sync.localChange();
    let found = 0;
    for (let i = 0; i < 50 && found === 0; i++) {
      await sleep(50);
      found = (
        await central().sql(
          "SELECT count(*)::int AS n FROM lifeline.records WHERE entity = 'vendor' AND id = $1",
          [id],
        )
      ).rows[0].n;
    }
    const status = await s.sync.status();
    s.stop();
    expect(found).toBe(1);
    expect(status.outbox).toBe(0);
  });

  it('with central unreachable it backs off: attempts thin out, and the status says when the next one is', async () => {
    const closed = await freePort();
    const s = service(closed, 50);
    await s.sync.configure(s.config, 'whatever');
    await sleep(1_300);
    const status = await s.sync.status();
    // A local change while failing waits for the backoff instead of forcing a new attempt.
    const before = s.rounds();
    for (let i = 0; i < 20; i++) s.sync.localChange();
    await sleep(30);
    const after = s.rounds();
    s.stop();
    expect(status.state).toBe('offline');
    expect(status.online).toBe(false);
    expect(status.lastError).toMatch(/cannot be reached/);
    expect(status.nextRetryAt).not.toBeNull();
    // 50, 100, 200, 400, 800 ms (±20%): about five attempts in 1.3 s, not hundreds.
    expect(s.rounds()).toBeGreaterThanOrEqual(3);
    expect(s.rounds()).toBeLessThanOrEqual(7);
    expect(after - before).toBe(0);
  });
});
