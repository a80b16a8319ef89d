// Builds everything the app and the CLI run from into out/:
//   out/cli.mjs                the `lifeline` command (ESM, Node)
//   out/electron/*.cjs         desktop shell: main, sandboxed preload, back-end utility process
//   out/renderer/              the React UI (Vite)
// With --if-stale it does nothing when out/ is newer than every source file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'out');
const stamp = path.join(out, '.build-stamp');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function newestSource() {
  let newest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of [
    'shared',
    'electron',
    'renderer',
    'package.json',
    'vite.config.ts',
    'build/scripts/build.mjs',
  ]) {
    const full = path.join(root, p);
    if (fs.existsSync(full)) walk(full);
  }
  return newest;
}

if (
  process.argv.includes('--if-stale') &&
  fs.existsSync(stamp) &&
  fs.statSync(stamp).mtimeMs >= newestSource()
) {
  process.exit(0);
}

const started = Date.now();
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __LIFELINE_VERSION__: JSON.stringify(pkg.version) },
  absWorkingDir: root,
};

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ['electron/core/cli/bin.ts'],
    outfile: 'out/cli.mjs',
    format: 'esm',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
];
// The desktop shell: main and the back-end process load dependencies from node_modules
// (packed by electron-builder); the sandboxed preload can only require 'electron', so it
// is bundled whole.
const shell = [
  {
    entry: 'electron/main.ts',
    outfile: 'out/electron/main.cjs',
    external: ['electron'],
    packages: 'external',
  },
  { entry: 'electron/preload.ts', outfile: 'out/electron/preload.cjs', external: ['electron'] },
  { entry: 'electron/core/backend-process.ts', outfile: 'out/electron/backend.cjs', packages: 'external' },
  // The background integrity check and daily backup, on a worker thread of the desktop
  // back end and of `lifeline serve` (electron/core/db/maintenanceWorker.ts).
  {
    entry: 'electron/core/db/maintenanceWorker.ts',
    outfile: 'out/electron/maintenance-worker.cjs',
    packages: 'external',
  },
];
for (const s of shell) {
  if (!fs.existsSync(path.join(root, s.entry))) continue;
  builds.push(
    esbuild.build({
      ...common,
      entryPoints: [s.entry],
      outfile: s.outfile,
      format: 'cjs',
      external: s.external ?? [],
      ...(s.packages ? { packages: s.packages } : {}),
    }),
  );
}
await Promise.all(builds);
fs.chmodSync(path.join(out, 'cli.mjs'), 0o755);

const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

// The first screen must not evaluate zod: its JIT probe calls Function(), which the page's
// CSP (no eval) reports on every load. Schemas stay in the back end and in lazy chunks;
// constants the renderer needs live in zod-free modules (shared/catalog/labels.ts, …).
const assets = path.join(out, 'renderer', 'assets');
for (const map of fs.readdirSync(assets).filter((f) => /^index-.*\.js\.map$/.test(f))) {
  const { sources } = JSON.parse(fs.readFileSync(path.join(assets, map), 'utf8'));
  const zod = sources.filter((s) => s.includes('node_modules/zod/'));
  if (zod.length > 0) {
    const mine = sources.filter((s) => s.includes('/shared/')).map((s) => s.replace(/^(\.\.\/)+/, ''));
    console.error(
      `build: the renderer's main chunk (${map.replace(/\.map$/, '')}) includes zod, which trips the CSP on the first screen. ` +
        `Import constants from a zod-free module instead; shared modules in the chunk: ${mine.join(', ')}`,
    );
    process.exit(1);
  }
}

fs.writeFileSync(stamp, new Date().toISOString());
console.log(`Built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
