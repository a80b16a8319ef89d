/**
 * Child process for the power-loss test (bundled by the test with esbuild, run under strace):
 * opens the database through the real back end and records incident notes through the API
 * dispatcher (`incident:record`), writing `ack <event id>` to stdout only after the call has
 * answered, as a transport would send its answer. The parent traces the file and pipe writes
 * and syncs and checks that the WAL was synced between each commit and its acknowledgement.
 *
 * LIFELINE_TEST_SYNCHRONOUS=NORMAL (or OFF) sets that pragma after open: the test's proof
 * that its checker catches a back end that acknowledges before the commit is durable.
 *
 * Usage: node power-loss-child.mjs DB CUSTOMER_ID CYCLES
 */
import { createBackend } from '../../electron/core/api/backend';

const [dbPath, customerId, cyclesArg] = process.argv.slice(2);
const cycles = Number(cyclesArg);
if (!dbPath || !customerId || !Number.isInteger(cycles)) {
  process.stderr.write('usage: power-loss-child DB CUSTOMER_ID CYCLES\n');
  process.exit(2);
}

// Writes to a pipe are synchronous on Linux: each line is one write(2) on fd 1.
const say = (line: string) => process.stdout.write(`${line}\n`);

const backend = createBackend({ dbPath, transport: 'web' });
const weakened = process.env.LIFELINE_TEST_SYNCHRONOUS;
if (weakened === 'NORMAL' || weakened === 'OFF') backend.db.pragma(`synchronous = ${weakened}`);
say(`ready synchronous=${backend.db.pragma('synchronous', { simple: true }) as number}`);

const opened = await backend.call('incident:open', {
  customerId,
  title: `Power-loss run ${process.pid}`,
  severity: 'sev2',
  source: 'test',
});
if (!opened.ok) throw new Error(`incident:open failed: ${opened.error.message}`);
const incidentId = (opened.value as { state: { id: string } }).state.id;

for (let i = 0; i < cycles; i++) {
  const r = await backend.call('incident:record', {
    incidentId,
    action: { type: 'note', text: `Power-loss note ${i}` },
  });
  if (!r.ok) throw new Error(`incident:record failed: ${r.error.code} ${r.error.message}`);
  const timeline = (r.value as { timeline: ReadonlyArray<{ id: string }> }).timeline;
  const newest = timeline.reduce((a, b) => (a.id > b.id ? a : b));
  say(`ack ${newest.id}`);
}
backend.close();
say('finished');
