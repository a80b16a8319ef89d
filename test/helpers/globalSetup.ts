// Global setup of the integration and e2e projects (not unit: pure logic needs no build).
// Says in one line per missing system tool which tests it skips and what to install, then
// builds out/ once if sources changed: tests that drive the CLI or the browser run from it.
// LIFELINE_TEST_NO_BUILD=1 skips the build for quick runs of back-end tests while out/ is stale.
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { missingToolLines } from './tools';

export default function setup(project: TestProject): void {
  for (const line of missingToolLines(project.name)) console.log(line);
  if (process.env.LIFELINE_TEST_NO_BUILD === '1') return;
  const r = spawnSync(process.execPath, ['build/scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('Building out/ failed; see the output above.');
}
