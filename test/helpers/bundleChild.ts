import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT, tempDir } from './tmp';

/**
 * Bundles a child-process script (test/helpers/<name>.ts) that runs the real back-end code
 * into a temp folder, and returns the .mjs to run with `node`. The SQLite driver (better-sqlite3-multiple-ciphers) stays a native
 * package, loaded from this checkout's node_modules by absolute URL; CommonJS packages the
 * back end pulls in (pg) get a `require` that resolves from the checkout.
 */
export async function bundleChild(name: string): Promise<string> {
  const outfile = path.join(tempDir(`lifeline-${name}-`), `${name}.mjs`);
  const sqlite = pathToFileURL(
    createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers'),
  ).href;
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test/helpers', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    define: { __LIFELINE_VERSION__: '"test"' },
    banner: {
      js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))});`,
    },
    plugins: [
      {
        name: 'native-sqlite',
        setup(build) {
          build.onResolve({ filter: /^better-sqlite3-multiple-ciphers$/ }, () => ({
            path: sqlite,
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}

/** Calls `onLine` with each whole line a child prints on `stream`. */
export function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}
