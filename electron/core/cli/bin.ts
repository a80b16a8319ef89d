/** Entry of the `lifeline` command (bundled to out/cli.mjs). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './main';
import { guardedWriter } from './pipe';

const here = path.dirname(fileURLToPath(import.meta.url));
// `lifeline doctor | head -1`: the reader may go away; the rest of the output is dropped.
const out = guardedWriter(process.stdout);
const err = guardedWriter(process.stderr);
runCli(process.argv.slice(2), {
  out: (line) => out(`${line}\n`),
  err: (line) => err(`${line}\n`),
  staticDir: path.join(here, 'renderer'),
  maintenanceWorker: path.join(here, 'electron', 'maintenance-worker.cjs'),
}).then(
  (code) => {
    // A write error already seen (not EPIPE) keeps its exit code 1.
    process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
  },
  (e: unknown) => {
    err(`lifeline: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
