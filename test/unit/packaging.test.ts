/**
 * The packaged app's hardening, checked where it is declared: the Electron fuses in the
 * electron-builder configuration, and which SQLite driver a packaged back end may load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sqliteBindingOverride } from '../../electron/core/db/binding';

const CONFIG = path.resolve(import.meta.dirname, '..', '..', 'build', 'electron-builder.yml');

// What each fuse must be, and why (https://www.electronjs.org/docs/latest/tutorial/fuses).
const REQUIRED_FUSES = {
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node for anyone.
  runAsNode: false,
  // NODE_OPTIONS=--require=evil.js, and --inspect: code into the app from outside.
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  // The app is what was signed: its asar checked, and loaded from nowhere else.
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // The window loads app://, never file://; no custom V8 snapshot is shipped.
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
} as const;

describe('packaged app', () => {
  it('sets every Electron fuse in the electron-builder configuration', () => {
    const config = parse(fs.readFileSync(CONFIG, 'utf8')) as {
      electronFuses?: Record<string, unknown>;
      asar?: unknown;
    };
    expect(config.electronFuses, 'electronFuses in build/electron-builder.yml').toBeDefined();
    for (const [fuse, value] of Object.entries(REQUIRED_FUSES))
      expect(config.electronFuses?.[fuse], `fuse ${fuse}`).toBe(value);
    // Integrity validation means nothing without an asar to check.
    expect(config.asar).toBe(true);
  });

  it('honours LIFELINE_SQLITE_BINDING only when the app is not packaged', () => {
    const env = { LIFELINE_SQLITE_BINDING: '/tmp/evil.node' };
    expect(sqliteBindingOverride(env, { packaged: true })).toBeUndefined();
    expect(sqliteBindingOverride(env, { packaged: false })).toBe('/tmp/evil.node');
    expect(sqliteBindingOverride({}, { packaged: false })).toBeUndefined();
    expect(sqliteBindingOverride({ LIFELINE_SQLITE_BINDING: '' }, { packaged: false })).toBeUndefined();
  });
});
