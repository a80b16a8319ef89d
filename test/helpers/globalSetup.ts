// Tests that drive the CLI or the browser need out/ built; build it once if sources changed.
// LIFELINE_TEST_NO_BUILD=1 skips this for quick runs of back-end tests while out/ is stale.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.LIFELINE_TEST_NO_BUILD === '1') return;
  const r = spawnSync(process.execPath, ['build/scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('Building out/ failed; see the output above.');
}
