import path from 'node:path';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { tempDir } from './tmp';

/** A back end on a fresh database file in its own folder, with a few hand-made customers. */
export function backendWithCustomers(): Backend {
  const backend = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  addCustomer(backend.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
  addCustomer(backend.db, { code: 'HARB', name: 'Harbor Logistics', tier: 'platinum' });
  addCustomer(backend.db, { code: 'NWDG', name: 'Northwind Dental Group', tier: 'bronze' });
  return backend;
}

export function addCustomer(
  db: Db,
  c: { code: string; name: string; tier: string; timeZone?: string },
): string {
  const id = uuidv7();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO customers (id, code, name, tier, time_zone, restore_targets, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    c.code,
    c.name,
    c.tier,
    c.timeZone ?? 'Europe/London',
    JSON.stringify({ sev1: 60, sev2: 120, sev3: 480, sev4: 2880 }),
    now,
    now,
  );
  return id;
}
