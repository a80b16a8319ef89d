/**
 * The resumable cursor of a NetBox API import: when a read fails part-way (a 500, a cut
 * connection, Ctrl-C), the pages read so far are saved next to the database as
 * `<db>.netbox-cursor`, and the next run against the same URL continues where it stopped.
 * It is a file, not a row, so a failed import leaves the database itself byte-identical;
 * it holds catalog data, so it is encrypted (AES-256-GCM, a key derived from the
 * database's key) and 0600. It is deleted once a read completes; one older than a day, or
 * for another URL, is not used (`--restart` discards it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { DatabaseKey } from '../db/key';
import type { NetboxReadState } from './netboxApi';

export const CURSOR_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function cursorPath(dbPath: string): string {
  return `${dbPath}.netbox-cursor`;
}

function cursorKey(key: DatabaseKey): Buffer {
  return Buffer.from(
    crypto.hkdfSync(
      'sha256',
      Buffer.from(key.revealHex(), 'hex'),
      Buffer.alloc(0),
      'lifeline netbox import cursor',
      32,
    ),
  );
}

interface Saved {
  readonly savedAt: string;
  readonly state: NetboxReadState;
}

export function saveCursor(file: string, key: DatabaseKey, state: NetboxReadState, now = new Date()): void {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', cursorKey(key), iv);
  const plain = Buffer.from(JSON.stringify({ savedAt: now.toISOString(), state } satisfies Saved));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  const text = JSON.stringify({
    lifelineNetboxCursor: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export type CursorLoad =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'resumed';
      readonly state: NetboxReadState;
      readonly savedAt: string;
      readonly objects: number;
    }
  | { readonly kind: 'ignored'; readonly why: string };

/** The saved state for `url`, or why there is none to use. Never throws on a bad file. */
export function loadCursor(file: string, key: DatabaseKey | null, url: string, now = new Date()): CursorLoad {
  if (!fs.existsSync(file)) return { kind: 'none' };
  if (!key) return { kind: 'ignored', why: 'the database key is not available to read it' };
  let saved: Saved;
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      cursorKey(key),
      Buffer.from(o.iv ?? '', 'base64'),
    );
    decipher.setAuthTag(Buffer.from(o.tag ?? '', 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(o.data ?? '', 'base64')), decipher.final()]);
    saved = JSON.parse(plain.toString('utf8')) as Saved;
  } catch {
    return { kind: 'ignored', why: 'it could not be read (damaged, or saved with another database key)' };
  }
  if (saved.state?.url !== url)
    return { kind: 'ignored', why: `it was saved for ${String(saved.state?.url)}, not ${url}` };
  const age = now.getTime() - Date.parse(saved.savedAt);
  if (!(age >= 0 && age <= CURSOR_MAX_AGE_MS))
    return { kind: 'ignored', why: `it was saved at ${saved.savedAt}, over a day ago` };
  const objects = Object.values(saved.state.endpoints).reduce((n, e) => n + e.results.length, 0);
  return { kind: 'resumed', state: saved.state, savedAt: saved.savedAt, objects };
}

export function dropCursor(file: string): void {
  fs.rmSync(file, { force: true });
}
