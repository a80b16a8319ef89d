// `npm start`: build what is stale, then open the desktop app. Where the Electron runtime
// cannot be obtained (no download possible), say so in one line and serve the console in
// the browser instead, printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status === 0;
}

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

/** Returns the Electron binary, downloading it first if needed, or the reason it cannot be had. */
function obtainElectron() {
  if (!fs.existsSync(path.join(electronDir, 'install.js')))
    return { reason: 'the electron package is not installed' };
  let bin = electronBinary();
  if (bin) return { bin };
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  bin = electronBinary();
  if (bin) return { bin };
  const detail = `${r.stderr ?? ''}`
    .split('\n')
    .find((l) => /error|fail/i.test(l))
    ?.trim();
  return { reason: `its download failed${detail ? `: ${detail}` : ''}` };
}

if (!run(process.execPath, [path.join(root, 'build/scripts/build.mjs'), '--if-stale'])) process.exit(1);

let { bin, reason } = obtainElectron();
if (bin) {
  const { ensureElectronBinding } = await import('./electron-native.mjs');
  const binding = await ensureElectronBinding({ quiet: false });
  if (!binding.ok) {
    reason = `the SQLite driver (better-sqlite3-multiple-ciphers) could not be built for Electron (${binding.reason})`;
    bin = undefined;
  }
}
if (bin) {
  const child = spawn(bin, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron runtime not available (${reason}); serving the console in your browser instead.`);
  const child = spawn(
    process.execPath,
    [path.join(root, 'out', 'cli.mjs'), 'serve', ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
