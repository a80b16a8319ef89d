/**
 * Child process for the one-writer test (bundled by the test with esbuild): opens the
 * database through the back end, as `lifeline serve` and the app do, says "ready", waits
 * for "go" on stdin so both children start writing at once, then makes EDITS customer edits
 * (a create, then an update of it, alternately) through the API, printing one line per call:
 * "ok CODE" or "fail CODE: message". It ends with "finished".
 *
 * Usage: node writer-child.mjs DB PREFIX EDITS
 */
import { createBackend } from '../../electron/core/api/backend';

const [dbPath, prefix, editsArg] = process.argv.slice(2);
const edits = Number(editsArg);
if (!dbPath || !prefix || !Number.isInteger(edits)) {
  process.stderr.write('usage: writer-child DB PREFIX EDITS\n');
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const backend = createBackend({ dbPath, transport: 'web' });
say('ready');

const input = (code: string, id: string | null, baseVersion: number | null, name: string) => ({
  id,
  baseVersion,
  code,
  name,
  tier: 'silver',
  timeZone: 'Europe/Berlin',
  restoreTargets: { sev1: 60, sev2: 240, sev3: 480, sev4: 2880 },
  supportHours: null,
  notes: null,
  tags: [],
  reviewedAt: null,
  reviewIntervalDays: 180,
});

async function run(): Promise<void> {
  let last: { id: string; version: number; code: string } | null = null;
  for (let i = 0; i < edits; i++) {
    const update: boolean = i % 2 === 1 && last !== null;
    const code: string = update && last ? last.code : `${prefix}${String(i).padStart(4, '0')}`;
    const name = update ? `Edited by ${prefix} ${i}` : `Made by ${prefix} ${i}`;
    const r = await backend.call(
      'customer:save',
      input(code, update && last ? last.id : null, update && last ? last.version : null, name),
    );
    if (r.ok) {
      const v = r.value as { id: string; version: number };
      last = { id: v.id, version: v.version, code };
      say(`ok ${code} ${name}`);
    } else {
      say(`fail ${code}: ${r.error.code} ${r.error.message}`);
    }
  }
  backend.close();
  say('finished');
}

process.stdin.setEncoding('utf8');
process.stdin.once('data', () => {
  void run();
});
