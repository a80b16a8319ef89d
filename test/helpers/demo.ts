/**
 * A demo database generated once per test file and copied for each test that asks, so tests
 * share the generation cost but never each other's writes. Backends opened here are closed
 * after each test (the copies live in tempDir folders, removed when the file ends).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { DatabaseKey } from '../../electron/core/db/key';
import { generateDemo } from '../../electron/core/demo/generate';
import { tempDir } from './tmp';

/**
 * The demo copies are encrypted, as the app's database is, with this fixed key (measured:
 * generation takes the same time; each encrypted open adds a few tens of ms on a busy machine).
 */
export const TEST_DB_KEY = DatabaseKey.fromHex('5e'.repeat(32), 'the test key');

/** The clock the demo is generated at. */
export const DEMO_NOW = new Date('2025-06-01T12:00:00.000Z');

const opened: Backend[] = [];
afterEach(() => {
  for (const b of opened.splice(0)) b.close();
});

let demoFile: string | null = null;

/** A back end on a fresh copy of the demo (seed 7, generated at DEMO_NOW). */
export function demoBackend(): Backend {
  if (demoFile === null) {
    demoFile = path.join(tempDir('lifeline-demo-'), 'demo.db');
    const b = createBackend({ dbPath: demoFile, dbKey: TEST_DB_KEY, transport: 'web' });
    generateDemo(b.db, { seed: 7, now: DEMO_NOW });
    b.db.pragma('wal_checkpoint(TRUNCATE)');
    b.close();
  }
  const copy = path.join(tempDir(), 'lifeline.db');
  fs.copyFileSync(demoFile, copy);
  const backend = createBackend({ dbPath: copy, dbKey: TEST_DB_KEY, transport: 'web' });
  opened.push(backend);
  return backend;
}

/** An Alertmanager webhook (version 4) with one firing alert, as Alertmanager posts it. */
export function alertmanagerWebhook(labels: Readonly<Record<string, string>>, summary: string): string {
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'msp-oncall',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.msp.local:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary },
        startsAt: '2025-06-01T11:40:12.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.msp.local:9090/graph',
      },
    ],
  });
}
