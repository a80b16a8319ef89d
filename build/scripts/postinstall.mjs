// `npm install` hook: build the Electron-ABI copy of better-sqlite3 (see electron-native.mjs).
// It runs after every dependency is installed, whatever order npm used. It never fails the
// install: where the build cannot be done (no network for Electron's headers, no compiler)
// it says so in one line, and `npm start` tries again.
import { ensureElectronBinding } from './electron-native.mjs';

try {
  const result = await ensureElectronBinding({ quiet: true });
  if (result.ok) {
    if (result.built) console.log(`Lifeline: built better-sqlite3 for Electron (${result.path}).`);
  } else {
    console.log(
      `Lifeline: Electron build of better-sqlite3 skipped (${result.reason}${result.log ? `; log: ${result.log}` : ''}); \`npm start\` will retry; tests and the CLI are unaffected.`,
    );
  }
} catch (err) {
  console.log(
    `Lifeline: Electron build of better-sqlite3 skipped (${err instanceof Error ? err.message : String(err)}); \`npm start\` will retry; tests and the CLI are unaffected.`,
  );
}
process.exitCode = 0;
