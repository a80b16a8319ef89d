/**
 * Bundles a test's child process (a script under test/helpers that runs real back-end code)
 * into one .mjs file with esbuild. The SQLite driver stays a native package, loaded from
 * this checkout's node_modules by absolute URL, whichever build of better-sqlite3 it is.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT, tempDir } from './tmp';

/** Bundles test/helpers/<name>.ts into a temporary folder and returns the path of the .mjs. */
export async function bundleChild(name: string): Promise<string> {
  const outfile = path.join(tempDir(`lifeline-${name}-`), `${name}.mjs`);
  const require = createRequire(import.meta.url);
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'helpers', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    define: { __LIFELINE_VERSION__: '"test"' },
    // Bundled CommonJS dependencies (pg) call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __lifelineRequire } from 'node:module'; const require = __lifelineRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'native-sqlite',
        setup(build) {
          build.onResolve({ filter: /^better-sqlite3(-multiple-ciphers)?$/ }, (args) => ({
            path: pathToFileURL(require.resolve(args.path)).href,
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}
