// Enforces the four rooms (see STYLE.md "Layers you can see"); exits non-zero on any breach.
//   shared/         imports only shared/ and pure packages: no Node, DOM or Electron
//   electron/core/  plain Node back end: shared/, core/, Node and packages, never 'electron'
//   electron/*.ts   the shell: the only files that may import 'electron'
//   renderer/       only renderer/, shared/ and browser packages
// and fails on any import cycle between files (type-only imports included: a cycle of
// types still means two modules that cannot be understood, or moved, one without the other).
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// An optional argument checks another tree (the layer test uses a temporary one).
const root = path.resolve(
  process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
);
const SHARED_PACKAGES = new Set(['zod']);
const BROWSER_PACKAGES = new Set([
  'react',
  'react-dom',
  'zustand',
  '@tanstack/react-virtual',
  '@xyflow/react',
  'marked',
  'dompurify',
  'uplot',
]);
const DOM_GLOBALS = /\b(document|window|localStorage|sessionStorage|navigator)\s*\./;

const room = (file) => {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('electron/core/')) return 'core';
  if (rel.startsWith('electron/')) return 'shell';
  if (rel.startsWith('renderer/')) return 'renderer';
  return 'other';
};
const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
const isNodeBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(packageName(spec));

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name)) yield full;
  }
}

// Static imports and re-exports start a statement; dynamic import() and require() take a literal.
const IMPORT =
  /^\s*import\s+(?:type\s+)?[^;]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|^\s*export\s+[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

const problems = [];
/** file → the files under the checked folders it imports (relative specifiers only). */
const graph = new Map();
const resolveFile = (base) =>
  [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    `${base}.mts`,
    `${base}.js`,
    `${base}.mjs`,
    path.join(base, 'index.ts'),
  ].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
for (const top of ['shared', 'electron', 'renderer']) {
  const dir = path.join(root, top);
  if (!fs.existsSync(dir)) continue;
  for (const file of sourceFiles(dir)) {
    const from = room(file);
    // Comments are blanked (keeping line numbers) so prose like "never import 'electron'" is not an import.
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
      .replace(/(^|\s)\/\/.*$/gm, '$1');
    const rel = path.relative(root, file);
    const edges = [];
    graph.set(file, edges);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
      const line = text.slice(0, m.index).split('\n').length;
      const where = `${rel}:${line}`;
      if (spec.startsWith('.')) {
        const target = resolveFile(path.resolve(path.dirname(file), spec));
        if (target) edges.push(target);
        const to = room(path.resolve(path.dirname(file), spec));
        const allowed = {
          shared: ['shared'],
          core: ['shared', 'core'],
          shell: ['shared', 'core', 'shell'],
          renderer: ['shared', 'renderer'],
        }[from];
        if (!allowed.includes(to)) problems.push(`${where}: ${from} must not import ${to} ("${spec}")`);
        continue;
      }
      const pkg = packageName(spec);
      if (pkg === 'electron' && from !== 'shell')
        problems.push(`${where}: only shell files under electron/ may import 'electron'`);
      if (from === 'shared' && !SHARED_PACKAGES.has(pkg))
        problems.push(`${where}: shared/ is pure TypeScript; it must not import "${spec}"`);
      if (from === 'renderer' && (isNodeBuiltin(spec) || !BROWSER_PACKAGES.has(pkg))) {
        problems.push(`${where}: renderer/ may import only shared/ and browser packages, not "${spec}"`);
      }
    }
    if (from === 'shared') {
      text.split('\n').forEach((l, i) => {
        if (DOM_GLOBALS.test(l) && !l.trim().startsWith('//') && !l.trim().startsWith('*')) {
          problems.push(`${rel}:${i + 1}: shared/ must not use DOM globals`);
        }
      });
    }
  }
}

// Import cycles: a depth-first walk; each back edge closes one cycle, reported once.
const state = new Map(); // file → 'open' while on the stack, 'done' after
const stack = [];
const cycles = new Set();
const visit = (file) => {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 'open') {
      const loop = stack
        .slice(stack.indexOf(next))
        .map((f) => path.relative(root, f).split(path.sep).join('/'));
      cycles.add([...loop, loop[0]].join(' → '));
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
};
for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
for (const c of cycles) problems.push(`import cycle: ${c}`);

if (problems.length > 0) {
  console.error(`Layer check failed (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  'Layer check passed: shared, electron/core, electron shell and renderer stay in their rooms, with no import cycles.',
);
