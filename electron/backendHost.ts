/**
 * Runs the back end (out/electron/backend.cjs) in an Electron utility process and carries
 * calls to it. If that process dies, the calls it was working on end with UNAVAILABLE (the
 * renderer may retry) and a new process is started; a process that keeps dying is not
 * restarted forever. It also answers the back end's requests for secrets from the store
 * on safeStorage (secrets.ts), which only this process can use.
 */
import { type UtilityProcess, utilityProcess } from 'electron';
import { fail, type Result } from '../shared/api/result';
import type { FromBackendMessage, ToBackendMessage } from './core/backend-process';
import type { DatabaseKey } from './core/db/key';
import { DB_KEY_ENV } from './core/db/keyStore';
import { answerSecretRequest, parseSecretRequest } from './core/secrets/protocol';
import type { SecretStore } from './core/secrets/store';

export interface BackendHostOptions {
  /** out/electron/backend.cjs */
  readonly modulePath: string;
  readonly dbPath: string;
  /** The database's key (main.ts resolves it), or why it could not be had. */
  readonly dbKey: { readonly key: DatabaseKey | null } | { readonly problem: string };
  /** Fill the database with demo data if this start creates it. */
  readonly seedDemo: boolean;
  /** Path of a better_sqlite3.node built for Electron's ABI, when one was built (dev). */
  readonly sqliteBinding: string | null;
  /** app.isPackaged: the back end then loads only the driver packaged with it. */
  readonly packaged: boolean;
  /** Where the back end's secrets live (secrets.ts); its kind is reported to the back end. */
  readonly secrets: SecretStore;
  readonly onEvent: (event: string, payload: unknown) => void;
}

/** More exits than this within CRASH_WINDOW_MS and the host stops restarting. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
const STOP_GRACE_MS = 3_000;

export class BackendHost {
  private child: UtilityProcess | null = null;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private nextId = 1;
  private stopping = false;
  private gaveUp = false;
  private recentExits: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: BackendHostOptions) {}

  start(): void {
    if (this.child || this.stopping) return;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined) env[key] = value;
    }
    // A packaged app takes no driver from the environment (core/db/binding.ts).
    delete env.LIFELINE_SQLITE_BINDING;
    if (this.opts.sqliteBinding && !this.opts.packaged) env.LIFELINE_SQLITE_BINDING = this.opts.sqliteBinding;
    // The key travels in the init message, never in the child's environment.
    delete env[DB_KEY_ENV];
    const child = utilityProcess.fork(this.opts.modulePath, [], { serviceName: 'Lifeline back end', env });
    this.child = child;
    child.on('message', (message: unknown) => {
      if (this.child === child) this.receive(child, message);
    });
    child.on('exit', (code) => {
      if (this.child === child) this.exited(code);
    });
    // Messages posted before the process has spawned are queued by Electron, in order.
    const dbKey = this.opts.dbKey;
    this.post({
      type: 'init',
      dbPath: this.opts.dbPath,
      dbKey: 'key' in dbKey ? (dbKey.key?.revealHex() ?? null) : null,
      dbKeyProblem: 'problem' in dbKey ? dbKey.problem : null,
      seedDemo: this.opts.seedDemo,
      secretsKind: this.opts.secrets.kind,
      packaged: this.opts.packaged,
    });
  }

  call(name: string, input: unknown): Promise<Result<unknown>> {
    if (!this.child) {
      return Promise.resolve(
        this.gaveUp
          ? fail(
              'UNAVAILABLE',
              'The Lifeline back end stopped repeatedly and was not restarted. Restart Lifeline.',
            )
          : fail('UNAVAILABLE', 'The Lifeline back end is restarting. Try again in a moment.'),
      );
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'call', id, name, input });
    });
  }

  /** Asks the back end to close the database cleanly; kills it if it does not exit in time. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'shutdown' });
    });
  }

  private post(message: ToBackendMessage): void {
    this.child?.postMessage(message);
  }

  private receive(child: UtilityProcess, data: unknown): void {
    if (typeof data !== 'object' || data === null) {
      console.error('[lifeline] ignored a malformed message from the back end');
      return;
    }
    const message = data as FromBackendMessage;
    switch (message.type) {
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        this.opts.onEvent(message.event, message.payload);
        return;
      case 'ready':
        if (!message.ok)
          console.error(`[lifeline] the back end could not open the database: ${message.message}`);
        return;
      case 'secret':
        this.answerSecret(child, data);
        return;
      default:
        console.error('[lifeline] ignored an unknown message from the back end');
    }
  }

  /** Validated field by field although it comes from our own child: a secret is at stake. */
  private answerSecret(child: UtilityProcess, data: unknown): void {
    const parsed = parseSecretRequest(data);
    if (!parsed.ok) {
      console.error(`[lifeline] refused a secret request from the back end: ${parsed.message}`);
      if (parsed.id !== null) {
        this.post({ type: 'secret-result', id: parsed.id, ok: false, message: parsed.message });
      }
      return;
    }
    void answerSecretRequest(this.opts.secrets, parsed.request).then((result) => {
      // A back end that exited meanwhile asked for nothing its successor is waiting on.
      if (this.child === child) this.post(result);
    });
  }

  private exited(code: number): void {
    this.child = null;
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of lost) {
      resolve(fail('UNAVAILABLE', 'The Lifeline back end stopped while handling this request. Try again.'));
    }
    if (this.stopping) return;
    const now = Date.now();
    this.recentExits = [...this.recentExits.filter((t) => now - t < CRASH_WINDOW_MS), now];
    console.error(
      `[lifeline] the back end exited (code ${code}); ${lost.length} request(s) were interrupted.`,
    );
    if (this.recentExits.length > MAX_CRASHES) {
      this.gaveUp = true;
      console.error('[lifeline] the back end keeps exiting; not restarting it again.');
      return;
    }
    const delay = Math.min(250 * 2 ** (this.recentExits.length - 1), 5_000);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }
}
