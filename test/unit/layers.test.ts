import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/tmp';

const SCRIPT = path.join(ROOT, 'build', 'scripts', 'check-layers.mjs');

function check(files: Record<string, string>): { status: number | null; output: string } {
  const dir = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('layer check', () => {
  it('passes the project itself', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes a tree that keeps to its rooms', () => {
    const r = check({
      'shared/a.ts':
        "import { z } from 'zod';\n// never import 'electron' here\nexport const a = z.string();",
      'electron/core/b.ts': "import fs from 'node:fs';\nimport { a } from '../../shared/a';",
      'electron/main.ts': "import { app } from 'electron';\nimport '../electron/core/b';",
      'renderer/c.tsx':
        "import { useState } from 'react';\nimport { a } from '../shared/a';\nswitch (r) { case 'import': x = 'node:fs'; }",
    });
    expect(r.output).toContain('passed');
    expect(r.status).toBe(0);
  });

  it.each([
    ['shared/x.ts', "import fs from 'node:fs';", 'shared/ is pure TypeScript'],
    ['shared/x.ts', 'export const w = window.location;', 'DOM globals'],
    [
      'shared/x.ts',
      "import { app } from 'electron';",
      "only shell files under electron/ may import 'electron'",
    ],
    ['shared/x.ts', "import { b } from '../electron/core/b';", 'shared must not import core'],
    [
      'electron/core/x.ts',
      "import type { App } from 'electron';",
      "only shell files under electron/ may import 'electron'",
    ],
    [
      'electron/core/x.ts',
      "const e = require('electron');",
      "only shell files under electron/ may import 'electron'",
    ],
    ['electron/core/x.ts', "import { C } from '../../renderer/c';", 'core must not import renderer'],
    ['renderer/x.tsx', "import fs from 'node:fs';", 'renderer/ may import only shared/ and browser packages'],
    ['renderer/x.tsx', "import { b } from '../electron/core/b';", 'renderer must not import core'],
    [
      'renderer/x.tsx',
      "import Database from 'better-sqlite3-multiple-ciphers';",
      'renderer/ may import only shared/ and browser packages',
    ],
  ])('fails %s importing across rooms: %s', (file, source, message) => {
    const r = check({ [file]: source });
    expect(r.status).toBe(1);
    expect(r.output).toContain(message);
  });

  it('fails an import cycle, type-only imports included, and names the files in it', () => {
    const r = check({
      'electron/core/a.ts': "import type { B } from './b';\nexport interface A { b: B }",
      'electron/core/b.ts': "import type { C } from './c/index';\nexport interface B { c: C }",
      'electron/core/c/index.ts': "import type { A } from '../a';\nexport interface C { a: A }",
      'electron/core/d.ts': "import type { A } from './a';\nexport type D = A;",
    });
    expect(r.status).toBe(1);
    expect(r.output).toContain(
      'import cycle: electron/core/a.ts → electron/core/b.ts → electron/core/c/index.ts → electron/core/a.ts',
    );
    expect(r.output).not.toContain('d.ts');
  });
});
