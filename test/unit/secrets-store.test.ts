/**
 * The desktop app's secret files, with a stand-in for Electron's safeStorage: sealed on
 * disk with owner-only access, written whole or not at all, never plaintext, and kept in
 * memory only (kind 'session') where the OS has no secure storage.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore, type SecretCipher } from '../../electron/core/secrets/fileStore';
import { tempDir } from '../helpers/tmp';

const PASSWORD = 'Tr0ub4dor&3-central-only';

/** AES-GCM under a per-test key: the same shape of work safeStorage does with the OS key. */
function fakeCipher(overrides: Partial<SecretCipher> = {}): SecretCipher & { calls: string[] } {
  const key = crypto.randomBytes(32);
  const calls: string[] = [];
  return {
    available: true,
    calls,
    encrypt: async (plain) => {
      calls.push('encrypt');
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: async (sealed) => {
      calls.push('decrypt');
      const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
    ...overrides,
  };
}

function secretsDir(): string {
  return path.join(tempDir('lifeline-secrets-'), 'secrets');
}

/** Every file under dir with its bytes, so "nothing changed" and "no plaintext" can be checked. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!fs.existsSync(dir)) return files;
  for (const name of fs.readdirSync(dir)) files[name] = fs.readFileSync(path.join(dir, name)).toString('hex');
  return files;
}

function containsPlaintext(bytes: Buffer, secret: string): boolean {
  return [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret).toString('base64')),
    Buffer.from(Buffer.from(secret).toString('hex')),
  ].some((form) => bytes.includes(form));
}

describe('secrets in the OS secure storage', () => {
  it('saves a sealed file readable only by its owner, and reads the secret back', async () => {
    const dir = secretsDir();
    const store = createFileSecretStore(dir, fakeCipher());
    expect(store.kind).toBe('os-keychain');
    expect(await store.get('central-password')).toBeNull();
    await store.set('central-password', PASSWORD);

    expect(fs.readdirSync(dir)).toEqual(['central-password.bin']);
    const file = path.join(dir, 'central-password.bin');
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(0);
    expect(containsPlaintext(bytes, PASSWORD)).toBe(false);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(dir).mode & 0o077).toBe(0);
    }
    expect(await store.get('central-password')).toBe(PASSWORD);
  });

  it('keeps the secret across restarts (a new store on the same folder and key)', async () => {
    const dir = secretsDir();
    const cipher = fakeCipher();
    await createFileSecretStore(dir, cipher).set('central-password', PASSWORD);
    expect(await createFileSecretStore(dir, cipher).get('central-password')).toBe(PASSWORD);
  });

  it('replaces a secret whole, leaving no temporary files', async () => {
    const dir = secretsDir();
    const store = createFileSecretStore(dir, fakeCipher());
    await store.set('central-password', 'first');
    await store.set('central-password', PASSWORD);
    expect(await store.get('central-password')).toBe(PASSWORD);
    expect(fs.readdirSync(dir)).toEqual(['central-password.bin']);
  });

  it('runs operations in the order asked, even when not awaited one by one', async () => {
    const store = createFileSecretStore(secretsDir(), fakeCipher());
    const [, , , read] = await Promise.all([
      store.set('central-password', 'one'),
      store.set('central-password', 'two'),
      store.set('central-password', PASSWORD),
      store.get('central-password'),
    ]);
    expect(read).toBe(PASSWORD);
  });

  it('forgets a secret by removing its file; forgetting twice is fine', async () => {
    const dir = secretsDir();
    const store = createFileSecretStore(dir, fakeCipher());
    await store.set('central-password', PASSWORD);
    await store.set('central-password', null);
    await store.set('central-password', null);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await store.get('central-password')).toBeNull();
  });

  it('keeps the old secret when encrypting the new one fails', async () => {
    const dir = secretsDir();
    const cipher = fakeCipher();
    const store = createFileSecretStore(dir, cipher);
    await store.set('central-password', PASSWORD);
    const before = snapshot(dir);
    const failing = createFileSecretStore(dir, {
      ...cipher,
      encrypt: async () => {
        throw new Error('user denied keychain access');
      },
    });
    await expect(failing.set('central-password', 'new')).rejects.toThrow(
      /could not be encrypted with this computer's secure storage \(user denied keychain access\)\. It was not saved\./,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(await store.get('central-password')).toBe(PASSWORD);
  });

  it('leaves no temporary file behind when the final rename fails', async () => {
    const dir = secretsDir();
    // A non-empty folder where the file should go: the rename over it fails.
    fs.mkdirSync(path.join(dir, 'central-password.bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'central-password.bin', 'inside'), 'kept');
    const before = snapshot(path.join(dir, 'central-password.bin'));
    const store = createFileSecretStore(dir, fakeCipher());
    await expect(store.set('central-password', PASSWORD)).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['central-password.bin']);
    expect(snapshot(path.join(dir, 'central-password.bin'))).toEqual(before);
  });

  it('says to enter the secret again when the file cannot be unlocked here', async () => {
    const dir = secretsDir();
    await createFileSecretStore(dir, fakeCipher()).set('central-password', PASSWORD);
    // Another key: a copied profile, another OS user, a reset keychain.
    const elsewhere = createFileSecretStore(dir, fakeCipher());
    await expect(elsewhere.get('central-password')).rejects.toThrow(
      /The saved secret "central-password" could not be unlocked .* Enter it again to replace it\./,
    );
    fs.writeFileSync(path.join(dir, 'central-password.bin'), 'garbage');
    await expect(elsewhere.get('central-password')).rejects.toThrow(/could not be unlocked/);
  });

  it('refuses a secrets path that is not a file', async () => {
    const dir = secretsDir();
    fs.mkdirSync(path.join(dir, 'central-password.bin'), { recursive: true });
    const store = createFileSecretStore(dir, fakeCipher());
    await expect(store.get('central-password')).rejects.toThrow(/not a secret saved by Lifeline|EISDIR/);
  });

  it('refuses bad names and oversized values and writes nothing', async () => {
    const dir = secretsDir();
    const cipher = fakeCipher();
    const store = createFileSecretStore(dir, cipher);
    await store.set('central-password', PASSWORD);
    const before = snapshot(dir);
    for (const name of ['../escape', 'central-password.bin', 'UPPER', '', 'a'.repeat(65), 'x/y']) {
      await expect(store.set(name, 'value'), name).rejects.toThrow(/is not allowed/);
      await expect(store.get(name), name).rejects.toThrow(/is not allowed/);
      await expect(store.set(name, null), name).rejects.toThrow(/is not allowed/);
    }
    await expect(store.set('central-password', 'x'.repeat(20_000))).rejects.toThrow(/at most 16384/);
    expect(snapshot(dir)).toEqual(before);
    expect(fs.existsSync(path.join(dir, '..', 'escape.bin'))).toBe(false);
    expect(await store.get('central-password')).toBe(PASSWORD);
  });
});

describe('without OS secure storage', () => {
  it('keeps secrets in memory for this run only and writes no file', async () => {
    const dir = secretsDir();
    const cipher = fakeCipher({ available: false });
    const store = createFileSecretStore(dir, cipher);
    expect(store.kind).toBe('session');
    await store.set('central-password', PASSWORD);
    expect(await store.get('central-password')).toBe(PASSWORD);
    expect(snapshot(dir)).toEqual({});
    expect(cipher.calls).toEqual([]);
    // The next run starts without it.
    expect(await createFileSecretStore(dir, cipher).get('central-password')).toBeNull();
  });

  it('removes a sealed copy from an earlier run when the secret is replaced or forgotten', async () => {
    const dir = secretsDir();
    await createFileSecretStore(dir, fakeCipher()).set('central-password', 'old');
    const session = createFileSecretStore(dir, fakeCipher({ available: false }));
    await session.set('central-password', PASSWORD);
    expect(snapshot(dir)).toEqual({});

    await createFileSecretStore(dir, fakeCipher()).set('central-password', 'old');
    await session.set('central-password', null);
    expect(snapshot(dir)).toEqual({});
    expect(await session.get('central-password')).toBeNull();
  });
});
