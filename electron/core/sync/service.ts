/**
 * The background sync of one console: runs rounds when something changed here (debounced),
 * when central hints that something changed there (LISTEN/NOTIFY), every minute anyway, and
 * after failures with exponential backoff. It never blocks a call: rounds are async and
 * apply their batches between the UI's calls; the console works the same with central down.
 */
import type pg from 'pg';
import { DATA_DOMAINS, type EventName, type EventPayload } from '../../../shared/api/contract';
import { LifelineError } from '../../../shared/api/result';
import type {
  CentralConfig,
  PasswordStore,
  RoundSummary,
  SyncProgress,
  SyncState,
  SyncStatus,
} from '../../../shared/sync/model';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/store';
import { classifyFailure, connectCentral } from './connection';
import { getState, openConflictCount, outboxSize, setState } from './local';
import { runRound } from './round';

export const PASSWORD_SECRET = 'central-password';
const PERIODIC_MS = 60_000;
const LOCAL_DEBOUNCE_MS = 50;
const HINT_DEBOUNCE_MS = 20;
const BACKOFF_START_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface SyncDeps {
  readonly db: Db;
  readonly secrets: SecretStore;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Tests shorten the timers. */
  readonly timing?: { periodicMs?: number; localDebounceMs?: number; backoffStartMs?: number };
  /** The first pull's checkpoint off this thread (the store's maintenance worker), when there is one. */
  readonly checkpoint?: () => Promise<unknown>;
}

type DataDomain = EventPayload<'data:changed'>['domains'][number];
const DOMAINS: ReadonlySet<string> = new Set(DATA_DOMAINS);

export function storedConfig(db: Db): CentralConfig | null {
  const raw = getState(db, 'central');
  if (!raw) return null;
  try {
    return JSON.parse(raw) as CentralConfig;
  } catch {
    return null;
  }
}

export class SyncService {
  private state: SyncState = 'not-configured';
  private lastError: string | null = null;
  private nextRetryAt: Date | null = null;
  private progress: SyncProgress | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private running: Promise<RoundSummary> | null = null;
  private again = false;
  /** When the next round runs after this one: the periodic pull, or the backoff delay. */
  private followUp = PERIODIC_MS;
  private work: pg.Client | null = null;
  private listener: pg.Client | null = null;
  private stopped = false;
  /** Session-only password when the environment gives one and the store has none. */
  private envPassword: string | null = process.env.LIFELINE_CENTRAL_PASSWORD ?? null;

  constructor(private readonly deps: SyncDeps) {
    if (storedConfig(deps.db)) {
      this.state = getState(deps.db, 'last_success_at') ? 'idle' : 'offline';
      this.schedule(0);
    }
  }

  private get db(): Db {
    return this.deps.db;
  }

  async passwordStore(): Promise<PasswordStore> {
    if ((await this.deps.secrets.get(PASSWORD_SECRET)) !== null) return this.deps.secrets.kind;
    return this.envPassword !== null ? 'environment' : 'none';
  }

  async status(): Promise<SyncStatus> {
    const central = storedConfig(this.db);
    const lastRound = getState(this.db, 'last_round');
    const outbox = outboxSize(this.db);
    return {
      state: central ? this.state : 'not-configured',
      central,
      passwordStore: central ? await this.passwordStore() : 'none',
      // Syncing counts as online only over a connection made: a round still trying to reach
      // central (a dark host holds it up to the connect timeout) is not.
      online: central !== null && (this.state === 'idle' || (this.state === 'syncing' && this.work !== null)),
      lastSuccessAt: getState(this.db, 'last_success_at'),
      lastAttemptAt: getState(this.db, 'last_attempt_at'),
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt?.toISOString() ?? null,
      outbox: outbox.waiting + outbox.parked,
      conflicts: openConflictCount(this.db),
      progress: this.progress,
      // A round stored by an older Lifeline lacks the newer counts.
      lastRound: lastRound
        ? ({ parked: 0, ...(JSON.parse(lastRound) as Partial<RoundSummary>) } as RoundSummary)
        : null,
    };
  }

  async configure(config: CentralConfig, password: string | null | undefined): Promise<void> {
    await this.disconnectClients();
    if (password !== undefined)
      await this.deps.secrets.set(PASSWORD_SECRET, password === '' ? null : password);
    setState(this.db, 'central', JSON.stringify(config));
    this.failures = 0;
    this.lastError = null;
    this.state = 'offline';
    this.changed();
    this.schedule(0);
  }

  async disconnect(): Promise<void> {
    await this.disconnectClients();
    await this.deps.secrets.set(PASSWORD_SECRET, null);
    setState(this.db, 'central', null);
    this.clearTimer();
    this.state = 'not-configured';
    this.lastError = null;
    this.nextRetryAt = null;
    this.changed();
  }

  /** Something was recorded here: push it soon. */
  localChange(): void {
    if (this.stopped || !storedConfig(this.db)) return;
    // While central is failing, the backoff decides; the record waits in the outbox.
    if (this.state === 'offline' || this.state === 'denied' || this.state === 'error') return;
    this.schedule(this.deps.timing?.localDebounceMs ?? LOCAL_DEBOUNCE_MS, true);
  }

  /** Runs a round now (or joins the one running) and returns its summary; throws on failure. */
  async syncNow(): Promise<RoundSummary> {
    if (!storedConfig(this.db)) {
      throw new LifelineError(
        'VALIDATION',
        'This console is not connected to a central database. Set one up on the Sync screen first.',
      );
    }
    if (this.running) {
      this.again = true;
      await this.running.catch(() => undefined);
    }
    return this.round();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    void this.disconnectClients();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs a round after `ms`; an earlier request wins over a later one. */
  private schedule(ms: number, soonerOnly = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const at = Date.now() + ms;
    if (this.timer && soonerOnly && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.round().catch(() => undefined);
    }, ms);
    this.timer.unref?.();
  }

  private async password(): Promise<string | null> {
    return (await this.deps.secrets.get(PASSWORD_SECRET)) ?? this.envPassword;
  }

  private async client(config: CentralConfig): Promise<pg.Client> {
    if (this.work) return this.work;
    const pw = await this.password();
    this.work = await connectCentral(config, pw);
    this.work.on('error', () => {
      this.work = null;
    });
    this.work.on('end', () => {
      this.work = null;
    });
    if (!this.listener) {
      try {
        const listener = await connectCentral(config, pw);
        // The payload is the writing connection's process id: our own pushes are no news.
        listener.on('notification', (n) => {
          if (n.payload !== String((this.work as { processID?: number } | null)?.processID ?? ''))
            this.schedule(HINT_DEBOUNCE_MS, true);
        });
        const drop = () => {
          if (this.listener === listener) this.listener = null;
        };
        listener.on('error', drop);
        listener.on('end', drop);
        await listener.query('LISTEN lifeline_changes');
        this.listener = listener;
      } catch {
        // Without the hint the periodic round still brings changes; not a failure.
      }
    }
    return this.work;
  }

  private async disconnectClients(): Promise<void> {
    const clients = [this.work, this.listener].filter((c): c is pg.Client => c !== null);
    this.work = null;
    this.listener = null;
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }

  private round(): Promise<RoundSummary> {
    if (this.running) return this.running;
    const config = storedConfig(this.db);
    if (!config) return Promise.reject(new LifelineError('VALIDATION', 'Sync is not configured.'));
    this.clearTimer();
    const run = this.runRound(config);
    this.running = run;
    run
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        // Scheduled only now that this round is over: scheduling while it runs would only
        // mark it to run again at once.
        const next = this.again ? 0 : this.followUp;
        this.again = false;
        this.schedule(next);
      })
      .catch(() => undefined);
    return run;
  }

  private async runRound(config: CentralConfig): Promise<RoundSummary> {
    this.state = 'syncing';
    setState(this.db, 'last_attempt_at', new Date().toISOString());
    this.changed();
    const touched = new Set<DataDomain>();
    try {
      const client = await this.client(config);
      const summary = await runRound(this.db, client, {
        onProgress: (p) => {
          this.progress = p;
          this.deps.emit('progress', { operation: 'sync', phase: p.phase, done: p.done, total: p.total });
        },
        onApplied: (domains) => {
          for (const d of domains) if (DOMAINS.has(d)) touched.add(d as DataDomain);
        },
        ...(this.deps.checkpoint ? { checkpoint: this.deps.checkpoint } : {}),
      });
      setState(this.db, 'last_success_at', summary.finishedAt);
      setState(this.db, 'last_round', JSON.stringify(summary));
      this.failures = 0;
      this.lastError = null;
      this.nextRetryAt = null;
      this.state = 'idle';
      this.progress = null;
      if (summary.purgedCustomers > 0 || summary.pulled > 0) touched.add('catalog');
      this.changed(touched);
      this.followUp = this.deps.timing?.periodicMs ?? PERIODIC_MS;
      return summary;
    } catch (e) {
      await this.disconnectClients();
      const failure = classifyFailure(e, config);
      this.failures++;
      const base = this.deps.timing?.backoffStartMs ?? BACKOFF_START_MS;
      const delay = Math.min(BACKOFF_MAX_MS, base * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
      this.state = failure.kind;
      this.lastError = failure.message;
      this.progress = null;
      this.nextRetryAt = new Date(Date.now() + delay);
      this.changed(touched);
      // Backoff wins over changes made meanwhile: they wait in the outbox.
      this.again = false;
      this.followUp = delay;
      throw new LifelineError('UNAVAILABLE', failure.message);
    }
  }

  private changed(extra: Iterable<DataDomain> = []): void {
    this.deps.emit('data:changed', { domains: ['sync', ...extra] });
  }
}
