/**
 * The desktop app's secret store, minus Electron: one encrypted file per secret under
 * `<userData>/secrets/<name>.bin`, sealed by a cipher that main builds on safeStorage (the
 * OS keychain / DPAPI / libsecret). Where the OS offers no real secure storage, secrets are
 * held in memory for this run only and the store says 'session', so the UI can tell the
 * user; plaintext never reaches the disk.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { secretFilePath, secretProblem } from './protocol';
import type { SecretStore } from './store';

/** Encrypts with a key the OS keeps; `available` false when there is no such key. */
export interface SecretCipher {
  readonly available: boolean;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<string>;
}

/** A sealed password is a few hundred bytes; anything near this is not ours. */
const MAX_FILE_BYTES = 1024 * 1024;

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Write to a temporary file beside the target, flush it, then rename over: never a torn secret. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(temp, 'wx', 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.promises.rename(temp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  // The rename is durable only once the folder is flushed; Windows cannot open folders.
  try {
    const folder = await fs.promises.open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Best effort: the secret is written either way.
  }
}

export function createFileSecretStore(dir: string, cipher: SecretCipher): SecretStore {
  const memory = new Map<string, string>();
  // One operation at a time, in the order asked: a get after a set sees that set.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op, op);
    queue = run.catch(() => undefined);
    return run;
  };

  const check = (name: string, value?: string | null): void => {
    const problem = secretProblem(name, value);
    if (problem) throw new Error(problem);
  };

  const readSealed = async (file: string): Promise<Buffer | null> => {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) {
        throw new Error(`${file} is not a secret saved by Lifeline.`);
      }
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  };

  return {
    kind: cipher.available ? 'os-keychain' : 'session',

    get: (name) =>
      serial(async () => {
        check(name);
        if (!cipher.available) return memory.get(name) ?? null;
        const file = secretFilePath(dir, name);
        const sealed = await readSealed(file);
        if (!sealed) return null;
        try {
          return await cipher.decrypt(sealed);
        } catch (err) {
          // A different OS user, a reset keychain or a copied profile: the file is useless here.
          throw new Error(
            `The saved secret "${name}" could not be unlocked with this computer's secure storage (${describe(err)}). Enter it again to replace it.`,
          );
        }
      }),

    set: (name, value) =>
      serial(async () => {
        check(name, value);
        const file = secretFilePath(dir, name);
        if (value === null) {
          memory.delete(name);
          // Also a file left by an earlier run that had secure storage: forgetting means gone.
          await fs.promises.rm(file, { force: true });
          return;
        }
        if (!cipher.available) {
          memory.set(name, value);
          // An older sealed copy must not come back when secure storage does.
          await fs.promises.rm(file, { force: true });
          return;
        }
        let sealed: Buffer;
        try {
          sealed = await cipher.encrypt(value);
        } catch (err) {
          throw new Error(
            `The secret "${name}" could not be encrypted with this computer's secure storage (${describe(err)}). It was not saved.`,
          );
        }
        await writeAtomically(file, sealed);
      }),
  };
}
