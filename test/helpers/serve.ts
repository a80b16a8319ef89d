import { type ChildProcess, spawn } from 'node:child_process';
import { type TestApi, typedApi } from './api';
import { CLI } from './tmp';

/** A running `lifeline serve`, with a typed client of its HTTP API (`call`, `result`). */
export interface Served extends TestApi {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** An untyped POST to /api/call/<name>, for what the contract refuses; resolves to the parsed body. */
  post(name: string, input: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts `lifeline serve` as a real process and waits for the URL it prints (its readiness signal). */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Lifeline console: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(output);
      if (!m?.[1] || !m[2]) return;
      child.stdout?.off('data', onData);
      const origin = m[1];
      const token = m[2];
      const post = async (name: string, input: unknown): Promise<unknown> => {
        const res = await fetch(`${origin}/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        });
        return res.json();
      };
      resolve({
        url: `${origin}/?token=${token}`,
        origin,
        token,
        child,
        post,
        ...typedApi(post),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => reject(new Error(`lifeline serve exited with ${code}: ${output}`)));
  });
}
