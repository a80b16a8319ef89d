/**
 * The desktop app's secrets (the central PostgreSQL password) on Electron's safeStorage:
 * sealed with a key the OS keeps (macOS Keychain, Windows DPAPI, libsecret/KWallet on
 * Linux) and written to `<userData>/secrets/<name>.bin`. The back end reaches it through
 * the main process (core/secrets/protocol.ts); the file handling lives in
 * core/secrets/fileStore.ts so it is tested without Electron.
 */
import path from 'node:path';
import { app, safeStorage } from 'electron';
import type { KeySealer } from './core/db/keyStore';
import { createFileSecretStore, type SecretCipher } from './core/secrets/fileStore';
import type { SecretStore } from './core/secrets/store';

export const SECRETS_FOLDER = 'secrets';

/**
 * Why safeStorage is no real secure storage here, or null when it is. On Linux without a
 * keyring Chromium falls back to 'basic_text': it still "encrypts", but with a key that is
 * the same on every machine, so that counts as none.
 */
export function secureStorageProblem(): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'the operating system offers no secure storage to this app';
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no keyring (GNOME Keyring, KWallet) is running, so Electron would use a fixed, public key';
  }
  return null;
}

function safeStorageCipher(available: boolean): SecretCipher {
  return {
    available,
    // The synchronous calls, because availability must be known synchronously when the
    // back end starts (its `init` message reports the kind).
    encrypt: async (plain) => safeStorage.encryptString(plain),
    decrypt: async (sealed) => safeStorage.decryptString(sealed),
  };
}

/**
 * Seals the database key (`<db>.key.sealed`) with safeStorage; null where the OS has no
 * real secure storage, and the key is then a plain 0600 key file (core/db/keyStore.ts).
 * Call after app 'ready'.
 */
export function databaseKeySealer(): KeySealer | null {
  if (secureStorageProblem() !== null) return null;
  return {
    seal: (plain) => safeStorage.encryptString(plain),
    unseal: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** Call after app 'ready': before that, safeStorage on Linux reports nothing available. */
export function openSecretStore(): SecretStore {
  const problem = secureStorageProblem();
  if (problem) {
    console.warn(
      `[lifeline] secrets are kept in memory for this run only: ${problem}. Passwords must be entered again after a restart.`,
    );
  }
  return createFileSecretStore(
    path.join(app.getPath('userData'), SECRETS_FOLDER),
    safeStorageCipher(problem === null),
  );
}
