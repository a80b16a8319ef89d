/**
 * Where the app's own database lives when no --db or LIFELINE_DB is given: the OS's
 * per-user app data folder, the same folder Electron's app.getPath('userData') gives
 * for productName "Lifeline", so the desktop app and `lifeline serve` share it.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Lifeline';

export function userDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}

export function defaultDatabasePath(): string {
  return path.join(userDataDir(), 'lifeline.db');
}
