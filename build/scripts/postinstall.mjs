// `npm install` hook: build the Electron-ABI copy of the SQLite driver (see electron-native.mjs).
// It runs after every dependency is installed, whatever order npm used. It never fails the
// install: where the build cannot be done (no network for Electron's headers, no compiler)
// it says so in one line, and `npm start` tries again.
import { ensureElectronBinding } from './electron-native.mjs';

try {
  const result = await ensureElectronBinding({ quiet: true });
  if (result.ok) {
    if (result.built)
      console.log(
        `Lifeline: built the SQLite driver (better-sqlite3-multiple-ciphers) for Electron (${result.path}).`,
      );
  } else {
    console.log(
      `Lifeline: Electron build of the SQLite driver (better-sqlite3-multiple-ciphers) skipped (${result.reason}${result.log ? `; log: ${result.log}` : ''}); \`npm start\` will retry; tests and the CLI are unaffected.`,
    );
  }
} catch (err) {
  console.log(
    `Lifeline: Electron build of the SQLite driver (better-sqlite3-multiple-ciphers) skipped (${err instanceof Error ? err.message : String(err)}); \`npm start\` will retry; tests and the CLI are unaffected.`,
  );
}
process.exitCode = 0;
