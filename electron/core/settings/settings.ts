/** Per-console settings kept in the database: device id, preferences, demo marker. */

import type { Preferences } from '../../../shared/api/contract';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Db } from '../db/database';
import { cached } from '../db/statements';

export function getSetting(db: Db, key: string): string | undefined {
  // Read on every recorded act (the author's name): prepared once per connection.
  const row = cached(db, 'SELECT value FROM settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** This console's device id, made once: it stamps every event recorded here. */
export function deviceId(db: Db): string {
  const existing = getSetting(db, 'device_id');
  if (existing) return existing;
  const id = uuidv7();
  setSetting(db, 'device_id', id);
  return id;
}

export function getPreferences(db: Db): Preferences {
  const theme = getSetting(db, 'theme');
  return { theme: theme === 'light' ? 'light' : 'dark' };
}

export function updatePreferences(db: Db, change: Partial<Preferences>): Preferences {
  db.transaction(() => {
    if (change.theme) setSetting(db, 'theme', change.theme);
  })();
  return getPreferences(db);
}

export function isDemo(db: Db): boolean {
  return getSetting(db, 'demo') === 'true';
}
