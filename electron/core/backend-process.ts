/**
 * Entry of the desktop app's back-end process (an Electron utility process, bundled to
 * out/electron/backend.cjs). better-sqlite3 is synchronous, so the database lives here and
 * never blocks the main process or the window.
 *
 * Speaks a tiny message protocol with the main process over `process.parentPort`:
 *   main → here:  init { dbPath, dbKey, dbKeyProblem, seedDemo, secretsKind, packaged } (first),
 *                 call { id, name, input },
 *                 secret-result { id, ok, value? | message }, shutdown
 *   here → main:  ready { ok, error? }, result { id, result }, event { event, payload },
 *                 secret { id, op, name, value? }
 *
 * Secrets (the central password) live in the main process, the only one with Electron's
 * safeStorage; the back end's SecretStore asks for them (core/secrets/protocol.ts). The
 * database key comes the same way, in `init` (hex, or why main could not get it): never on
 * the command line or in this process's environment, never logged.
 *
 * Plain Node: it must not import 'electron', so the parent port is typed here by the
 * little of it that is used.
 */
import path from 'node:path';
import { fail, LifelineError, type Result } from '../../shared/api/result';
import { assertNever } from '../../shared/util/assertNever';
import { type Backend, createBackend } from './api/backend';
import { applyCipherSettings, connect } from './db/driver';
import { DatabaseKey } from './db/key';
import { generateDemo } from './demo/generate';
import {
  createRemoteSecrets,
  isSecretsKind,
  parseSecretResult,
  type RemoteSecrets,
  type SecretRequest,
  type SecretResult,
  type SecretsKind,
} from './secrets/protocol';

export type ToBackendMessage =
  | {
      readonly type: 'init';
      readonly dbPath: string;
      /** The database key as 64 hex digits (db/keyStore.ts), null when none was found. */
      readonly dbKey: string | null;
      /** Why main could not get the key (a sealed key the keychain refused, say). */
      readonly dbKeyProblem: string | null;
      readonly seedDemo: boolean;
      /** Whether main keeps secrets in the OS secure storage or only in memory for this run. */
      readonly secretsKind: SecretsKind;
      /** The shell's app.isPackaged: a packaged back end ignores LIFELINE_SQLITE_BINDING. */
      readonly packaged: boolean;
    }
  | { readonly type: 'call'; readonly id: number; readonly name: string; readonly input: unknown }
  | SecretResult
  | { readonly type: 'shutdown' };

export type FromBackendMessage =
  | { readonly type: 'ready'; readonly ok: true }
  | { readonly type: 'ready'; readonly ok: false; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown }
  | SecretRequest;

interface ParentPortLike {
  on(event: 'message', listener: (message: { readonly data: unknown }) => void): unknown;
  postMessage(message: FromBackendMessage): void;
}

function parseMessage(data: unknown): ToBackendMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'init':
      return typeof m.dbPath === 'string' &&
        m.dbPath.length > 0 &&
        isSecretsKind(m.secretsKind) &&
        typeof m.packaged === 'boolean' &&
        (m.dbKey === null || typeof m.dbKey === 'string') &&
        (m.dbKeyProblem === null || typeof m.dbKeyProblem === 'string')
        ? {
            type: 'init',
            dbPath: m.dbPath,
            dbKey: m.dbKey,
            dbKeyProblem: m.dbKeyProblem,
            seedDemo: m.seedDemo === true,
            secretsKind: m.secretsKind,
            packaged: m.packaged,
          }
        : null;
    case 'call':
      return typeof m.id === 'number' && typeof m.name === 'string'
        ? { type: 'call', id: m.id, name: m.name, input: m.input }
        : null;
    case 'secret-result':
      return parseSecretResult(m);
    case 'shutdown':
      return { type: 'shutdown' };
    default:
      return null;
  }
}

/**
 * Loads the SQLite driver on an in-memory database first, so a driver built for the wrong
 * ABI (Node's build under Electron), or one without encryption, is reported as such, not as
 * a damaged database file.
 */
function driverProblem(packaged: boolean): string | null {
  try {
    const probe = connect(':memory:', { packaged });
    try {
      applyCipherSettings(probe);
    } finally {
      probe.close();
    }
    return null;
  } catch (err) {
    if (err instanceof LifelineError) return err.message;
    // The first line says what failed; the rest is a require stack.
    const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return `The SQLite driver could not be loaded in the desktop app (${detail}). Run \`npm start\` from the project folder to build it for Electron.`;
  }
}

function runBackendProcess(port: ParentPortLike): void {
  let backend: Backend | null = null;
  /** Why the database could not be opened; every call gets this instead of a crash loop. */
  let initFailure: Result<never> | null = null;
  let secrets: RemoteSecrets | null = null;

  const answer = async (id: number, name: string, input: unknown): Promise<void> => {
    let result: Result<unknown>;
    if (backend) {
      try {
        result = await backend.call(name, input);
      } catch (err) {
        result = fail(
          'INTERNAL',
          `${name} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}.`,
        );
      }
    } else {
      result = initFailure ?? fail('UNAVAILABLE', 'The back end is still starting. Try again in a moment.');
    }
    port.postMessage({ type: 'result', id, result });
  };

  /** Closes the database cleanly (WAL checkpoint) before the main process quits. */
  const shutdown = (): void => {
    try {
      backend?.close();
    } catch (err) {
      console.error('[lifeline backend] closing the database failed:', err);
    }
    backend = null;
    secrets?.failAll('Lifeline is closing.');
    process.exit(0);
  };

  port.on('message', ({ data }) => {
    const message = parseMessage(data);
    if (!message) {
      console.error('[lifeline backend] ignored a malformed message from the main process');
      return;
    }
    switch (message.type) {
      case 'init': {
        if (backend || initFailure) return;
        const problem = driverProblem(message.packaged);
        if (problem) {
          initFailure = fail('INTERNAL', problem);
          console.error(`[lifeline backend] ${problem}`);
          port.postMessage({ type: 'ready', ok: false, message: problem });
          return;
        }
        if (message.dbKeyProblem !== null) {
          initFailure = fail('WRONG_KEY', message.dbKeyProblem);
          console.error(`[lifeline backend] ${message.dbKeyProblem}`);
          port.postMessage({ type: 'ready', ok: false, message: message.dbKeyProblem });
          return;
        }
        secrets = createRemoteSecrets({
          kind: message.secretsKind,
          post: (request) => port.postMessage(request),
        });
        try {
          backend = createBackend({
            dbPath: message.dbPath,
            dbKey:
              message.dbKey === null
                ? null
                : DatabaseKey.fromHex(message.dbKey, 'The key from the main process'),
            transport: 'ipc',
            console: 'Lifeline desktop app',
            // Built beside this bundle (out/electron/); unpacked from the asar in a package.
            maintenanceWorker: path
              .join(__dirname, 'maintenance-worker.cjs')
              .replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`),
            // The back end seeds only a database this open created, so an existing one is never touched.
            seedDemo: message.seedDemo,
            seed: (db) => generateDemo(db, { now: new Date() }),
            secrets: secrets.store,
            packaged: message.packaged,
          });
          backend.onEvent((event, payload) => port.postMessage({ type: 'event', event, payload }));
          port.postMessage({ type: 'ready', ok: true });
        } catch (err) {
          const detail = err instanceof Error ? err.message : String(err);
          initFailure =
            err instanceof LifelineError
              ? fail(err.code, err.message)
              : fail('INTERNAL', `The database ${message.dbPath} could not be opened: ${detail}`);
          console.error(`[lifeline backend] ${detail}`);
          port.postMessage({ type: 'ready', ok: false, message: detail });
        }
        return;
      }
      case 'call':
        void answer(message.id, message.name, message.input);
        return;
      case 'secret-result':
        secrets?.receive(message);
        return;
      case 'shutdown':
        shutdown();
        return;
      default:
        assertNever(message, 'message');
    }
  });
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  runBackendProcess(parentPort);
} else {
  console.error('backend.cjs is the desktop app back end; it runs only as an Electron utility process.');
  process.exit(1);
}
