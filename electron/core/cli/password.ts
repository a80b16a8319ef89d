/**
 * The central PostgreSQL password for CLI commands (`lifeline central init`, `lifeline
 * sync`). The CLI never stores it: it comes from the URL (that run only), the environment,
 * or a prompt without echo; without any of them the connection is tried without one
 * (trust or peer authentication, or a ~/.pgpass the driver reads itself).
 */
import os from 'node:os';
import readline from 'node:readline';
import { Writable } from 'node:stream';

export type PasswordSource = 'url' | 'environment' | 'prompt' | 'none';

export interface CentralPassword {
  readonly password: string | null;
  readonly source: PasswordSource;
  /** The environment variable it was read from, when source is 'environment'. */
  readonly variable?: string;
}

/** Where the prompt reads and writes: the terminal, or fake streams in tests. */
export interface PasswordIo {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** The prompt goes to stderr so a command's output on stdout stays clean for pipes. */
  readonly output: NodeJS.WritableStream;
}

/** Checked in this order; the Lifeline one first so it can differ from a PGPASSWORD set for psql. */
export const PASSWORD_VARIABLES = ['LIFELINE_CENTRAL_PASSWORD', 'PGPASSWORD'] as const;

/** A prompt cancelled with Ctrl+C: the command stops (exit non-zero), it does not go on without. */
export class PasswordPromptCancelled extends Error {
  constructor() {
    super('Cancelled at the password prompt.');
    this.name = 'PasswordPromptCancelled';
  }
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The user PostgreSQL will see: the URL's, else PGUSER, else the OS account (libpq's rule). */
function userFor(url: URL, env: NodeJS.ProcessEnv): string {
  if (url.username) return decoded(url.username);
  if (env.PGUSER) return env.PGUSER;
  try {
    return os.userInfo().username;
  } catch {
    return 'postgres';
  }
}

export async function centralPassword(
  url: URL,
  env: NodeJS.ProcessEnv = process.env,
  io: PasswordIo = { input: process.stdin, output: process.stderr },
): Promise<CentralPassword> {
  if (url.password) return { password: decoded(url.password), source: 'url' };
  for (const variable of PASSWORD_VARIABLES) {
    // Set but empty counts as not set: that is how a variable is usually "unset" in scripts.
    const value = env[variable];
    if (value) return { password: value, source: 'environment', variable };
  }
  if (io.input.isTTY !== true) return { password: null, source: 'none' };
  const host = url.hostname || env.PGHOST || 'localhost';
  const password = await promptHidden(`Password for ${userFor(url, env)}@${host}: `, io);
  return password ? { password, source: 'prompt' } : { password: null, source: 'none' };
}

/**
 * Reads one line without echo. readline runs the terminal in raw mode and echoes through
 * its output, which here swallows everything; only the prompt itself is written. An empty
 * line or end of input means "no password".
 */
function promptHidden(prompt: string, io: PasswordIo): Promise<string | null> {
  const muted = new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  io.output.write(prompt);
  // No history: the password must not linger in a list readline keeps for arrow-up.
  const rl = readline.createInterface({ input: io.input, output: muted, terminal: true, historySize: 0 });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (answer: string | null, err?: Error): void => {
      if (settled) return;
      settled = true;
      // The Enter the user typed was not echoed either.
      io.output.write('\n');
      rl.close();
      if (err) reject(err);
      else resolve(answer);
    };
    rl.once('line', (line) => finish(line.length > 0 ? line : null));
    rl.once('SIGINT', () => finish(null, new PasswordPromptCancelled()));
    rl.once('close', () => finish(null));
  });
}
