// The SQLite driver (better-sqlite3-multiple-ciphers: better-sqlite3 with SQLCipher, the
// package the app imports) for two ABIs from one `npm install`: Node's build stays where
// npm put it (node_modules/better-sqlite3-multiple-ciphers/build/Release, used by tests and
// the CLI), and an Electron-ABI copy is built from a copy of the package sources into
//   node_modules/.cache/lifeline/better-sqlite3-multiple-ciphers-electron-<electron version>/better_sqlite3.node
// which the desktop app hands to the back end as LIFELINE_SQLITE_BINDING (see
// electron/main.ts, which computes the same path). Packaged apps do not need this:
// electron-builder rebuilds native modules for Electron itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_TIME_LIMIT_MS = 10 * 60_000;
const HEADERS_URL = 'https://electronjs.org/headers';
/** The driver package electron/core/db/driver.ts imports; its binary is better_sqlite3.node. */
export const SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers';

/** The installed Electron's version, or null when the electron package is not installed. */
export function electronVersion(root = defaultRoot) {
  try {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
    );
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

export function electronBindingDir(version, root = defaultRoot) {
  return path.join(root, 'node_modules', '.cache', 'lifeline', `${SQLITE_PACKAGE}-electron-${version}`);
}

export function electronBindingPath(version, root = defaultRoot) {
  return path.join(electronBindingDir(version, root), 'better_sqlite3.node');
}

/** node-gyp as shipped with npm, so nothing is fetched; null means "use npx node-gyp". */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) {
    // .../npm/bin/npm-cli.js → .../npm/node_modules/node-gyp/bin/node-gyp.js
    candidates.push(
      path.join(
        path.dirname(process.env.npm_execpath),
        '..',
        'node_modules',
        'node-gyp',
        'bin',
        'node-gyp.js',
      ),
    );
  }
  const nodeDir = path.dirname(process.execPath);
  candidates.push(
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((c) => c.endsWith('.js') && fs.existsSync(c)) ?? null;
}

function killTree(child) {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32')
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Runs a command, appending its output to `logFile`; resolves { code, timedOut }. */
function run(command, args, { cwd, env, logFile, timeoutMs }) {
  return new Promise((resolve) => {
    const log = fs.openSync(logFile, 'a');
    fs.writeSync(log, `$ ${[command, ...args].join(' ')}\n`);
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', log, log],
      // Own process group, so a timeout kills make and the compilers too.
      detached: process.platform !== 'win32',
      shell: process.platform === 'win32' && !command.endsWith('.exe'),
      windowsHide: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, timeoutMs);
    const finish = (code) => {
      clearTimeout(timer);
      fs.closeSync(log);
      resolve({ code, timedOut });
    };
    child.on('error', (err) => {
      fs.writeSync(log, `${err.message}\n`);
      finish(-1);
    });
    child.on('exit', (code) => finish(code ?? -1));
  });
}

/** The one-line reason a node-gyp run failed, from its log. */
function failureReason(logText, version) {
  const network =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|fetch failed|getaddrinfo|socket hang up|network connectivity|\b40[34]\b.*headers/i;
  if (network.test(logText)) {
    return `could not download the Electron ${version} headers from ${HEADERS_URL}`;
  }
  if (/^gyp ERR! find Python|Could not find any Python/im.test(logText))
    return 'Python, needed by node-gyp, was not found';
  if (/not found: make|make: not found|No such file or directory.*\b(make|g\+\+|cc|c\+\+)\b/i.test(logText)) {
    return 'a C/C++ build toolchain (make, a compiler) was not found';
  }
  const line = logText
    .split('\n')
    .map((l) => l.trim())
    .find((l) =>
      /^gyp ERR! stack Error:|^gyp ERR! (?!stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(l),
    );
  return line ? `node-gyp failed: ${line.replace(/^gyp ERR! (stack )?/, '')}` : 'node-gyp failed';
}

/**
 * Makes sure the Electron-ABI SQLite driver exists, building it if needed. Never throws:
 * resolves { ok: true, path, built } or { ok: false, reason, log? }.
 * Options: root (project folder), quiet (no progress line), timeoutMs.
 */
export async function ensureElectronBinding({
  root = defaultRoot,
  quiet = true,
  timeoutMs = BUILD_TIME_LIMIT_MS,
} = {}) {
  if (process.env.LIFELINE_SKIP_ELECTRON_NATIVE)
    return { ok: false, reason: 'LIFELINE_SKIP_ELECTRON_NATIVE is set' };
  const version = electronVersion(root);
  if (!version) return { ok: false, reason: 'the electron package is not installed' };
  const target = electronBindingPath(version, root);
  if (fs.existsSync(target)) return { ok: true, path: target, built: false };

  let sourceDir;
  try {
    sourceDir = path.dirname(
      createRequire(path.join(root, 'package.json')).resolve(`${SQLITE_PACKAGE}/package.json`),
    );
  } catch {
    return { ok: false, reason: `${SQLITE_PACKAGE} is not installed` };
  }

  const cacheDir = path.dirname(electronBindingDir(version, root));
  fs.mkdirSync(cacheDir, { recursive: true });
  const logFile = path.join(cacheDir, `${SQLITE_PACKAGE}-electron-${version}.log`);
  fs.writeFileSync(
    logFile,
    `Building ${SQLITE_PACKAGE} for Electron ${version} (${new Date().toISOString()})\n`,
  );
  if (!quiet)
    console.log(`Lifeline: building ${SQLITE_PACKAGE} for Electron ${version} (once; log: ${logFile})…`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-sqlite-electron-'));
  try {
    // A copy, so Node's build in the package's build/ folder is never touched.
    fs.cpSync(sourceDir, work, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(sourceDir, src).split(path.sep)[0];
        return rel !== 'build' && rel !== 'node_modules';
      },
    });
    const env = { ...process.env };
    // npm's nodedir (here: Node's own headers in /usr) would make node-gyp build for Node.
    for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
    const gypArgs = [
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${version}`,
      `--arch=${process.arch}`,
      `--dist-url=${HEADERS_URL}`,
    ];
    const nodeGyp = findNodeGyp();
    const result = nodeGyp
      ? await run(process.execPath, [nodeGyp, ...gypArgs], { cwd: work, env, logFile, timeoutMs })
      : await run('npx', ['--yes', 'node-gyp', ...gypArgs], { cwd: work, env, logFile, timeoutMs });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    if (result.timedOut) {
      return {
        ok: false,
        reason: `the build took longer than ${Math.round(timeoutMs / 60_000)} min`,
        log: logFile,
      };
    }
    if (result.code !== 0 || !fs.existsSync(built)) {
      return { ok: false, reason: failureReason(fs.readFileSync(logFile, 'utf8'), version), log: logFile };
    }
    // Copy then rename, so a half-written binary never sits at the final path.
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    fs.copyFileSync(built, partial);
    fs.renameSync(partial, target);
    return { ok: true, path: target, built: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err), log: logFile };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
