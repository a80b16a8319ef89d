/** Entry of the `lifeline` command (bundled to out/cli.mjs). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './main';

const here = path.dirname(fileURLToPath(import.meta.url));
runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  staticDir: path.join(here, 'renderer'),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`lifeline: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
