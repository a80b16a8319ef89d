/**
 * The system tools some tests need beyond Node, each with the Debian package that brings it.
 * A test that needs a missing tool is skipped (describe.skipIf / it.skipIf with `missing`),
 * and the project's global setup prints one line per missing tool saying what to install;
 * nothing fails with a cryptic "command not found".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

type Project = 'integration' | 'e2e';

export interface SystemTool {
  /** Per vitest project, which of its tests need the tool, in a few words. */
  readonly neededBy: Readonly<Partial<Record<Project, string>>>;
  /** Why it cannot be used, as one line naming the package to install; null when it can. */
  readonly missing: string | null;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const CHROMIUM = process.env.LIFELINE_CHROMIUM ?? '/usr/bin/chromium';

export const chromium: SystemTool = {
  neededBy: {
    e2e: 'the end-to-end tests (test/e2e)',
    integration: 'the go-bag PDF test (test/integration/gobag.test.ts)',
  },
  missing: fs.existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is missing: apt-get install -y chromium (or set LIFELINE_CHROMIUM)`,
};

export const ripgrep: SystemTool = {
  neededBy: { integration: "the benchmark's ripgrep baseline (test/integration/bench.test.ts)" },
  missing: onPath('rg') ? null : 'rg is not installed: apt-get install -y ripgrep',
};

export const openssl: SystemTool = {
  neededBy: { integration: 'the TLS test (test/integration/sync-tls.test.ts)' },
  missing: onPath('openssl') ? null : 'openssl is not installed: apt-get install -y openssl',
};

/**
 * The public data sets in ../shared/fixtures (DESIGN.md): beside the checkout in CI, not in a
 * clone of its own. (Not from ./tmp: the global setup reads this file, outside any test.)
 */
export const SHARED_FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures');

export const publicData: SystemTool = {
  neededBy: {
    integration:
      'the tests against the full public NetBox demo data and prometheus-operator runbooks (import-netbox, runbooks, ranking)',
  },
  missing: fs.existsSync(SHARED_FIXTURES)
    ? null
    : `${SHARED_FIXTURES} is not beside this checkout (the project's shared/ folder holds it)`,
};

/** strace, and the right to trace a child here (some containers forbid ptrace). */
function straceMissing(): string | null {
  if (!onPath('strace')) return 'strace is not installed: install strace (Debian package strace)';
  const probe = spawnSync('strace', ['-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  const why = (probe.stderr ?? '').trim().split('\n')[0] || `exit ${probe.status}`;
  return `strace cannot trace a process here (${why}): run with ptrace allowed`;
}

export const strace: SystemTool = {
  neededBy: { integration: 'the power-loss test (test/integration/power-loss.test.ts)' },
  missing: straceMissing(),
};

export const SYSTEM_TOOLS: readonly SystemTool[] = [chromium, ripgrep, openssl, strace, publicData];

/** One line per tool a project's tests cannot use here. */
export function missingToolLines(project: string): string[] {
  const lines: string[] = [];
  for (const tool of SYSTEM_TOOLS) {
    const tests = Object.entries(tool.neededBy).find(([name]) => name === project)?.[1];
    if (tests && tool.missing) lines.push(`Skipping ${tests}: ${tool.missing}.`);
  }
  return lines;
}
