/**
 * Child process for the durability test (bundled by the test with esbuild): opens the
 * database the way the app does and appends incident events through the same service
 * functions the API handlers call, printing each id only after the call has returned (the
 * transaction is committed). It first prints the connection's `synchronous` and
 * `journal_mode`. The parent kills it with SIGKILL at a random moment and then checks that
 * every printed id made it to disk.
 *
 * With a fourth argument N, the child kills itself (SIGKILL) right after the Nth record's
 * reply, before the event loop turns: its event is committed, its fold into the incident's
 * row, runs and run steps (left for after the reply, incidents/log.ts) not yet.
 *
 * Usage: node durability-child.mjs DB CUSTOMER_ID PLAYBOOK_ID [DIE_AFTER_RECORD]
 */
import { openDatabase } from '../../electron/core/db/database';
import { openIncident, recordAction, startPlaybook } from '../../electron/core/incidents/service';

const [dbPath, customerId, playbookId, dieAfter] = process.argv.slice(2);
if (!dbPath || !customerId || !playbookId) {
  process.stderr.write('usage: durability-child DB CUSTOMER_ID PLAYBOOK_ID\n');
  process.exit(2);
}

// Writes to a pipe are synchronous on Linux and macOS: once write() returns, the parent
// can read the line even if this process is killed right after.
const say = (line: string) => process.stdout.write(`${line}\n`);

const { db } = openDatabase(dbPath);
const actor = { deviceId: `child-${process.pid}`, author: 'Durability Test' };
// What this connection commits with: the parent checks it is the durable setting.
const synchronous = db.pragma('synchronous', { simple: true }) as number;
const journalMode = db.pragma('journal_mode', { simple: true }) as string;
say(`ready synchronous=${synchronous} journal_mode=${journalMode}`);

const incidentId = openIncident(db, actor, {
  customerId,
  title: `Durability run ${process.pid}`,
  severity: 'sev2',
  source: 'test',
});
say(`incident ${incidentId}`);
const started = startPlaybook(db, actor, { incidentId, playbookId });
for (const id of started.eventIds) say(`event ${id}`);
const steps = (
  db.prepare('SELECT payload FROM incident_events WHERE id = ?').get(started.eventIds[0]) as {
    payload: string;
  }
).payload;
const stepIds = (JSON.parse(steps) as { effective: { steps: Array<{ id: string }> } }).effective.steps.map(
  (s) => s.id,
);

// Bounded, so an orphaned child cannot run forever if the parent dies.
const until = Date.now() + 10_000;
for (let i = 0; Date.now() < until; i++) {
  const stepId = stepIds[i % stepIds.length];
  const id =
    i % 3 === 2 || stepId === undefined
      ? recordAction(db, actor, incidentId, { type: 'note', text: `Note ${i} from ${process.pid}` })
      : recordAction(db, actor, incidentId, {
          type: 'step',
          runId: started.runId,
          stepId,
          outcome: i % 5 === 0 ? 'failed' : 'done',
          note: `Attempt ${i}`,
        });
  say(`event ${id}`);
  if (dieAfter !== undefined && i + 1 === Number(dieAfter)) process.kill(process.pid, 'SIGKILL');
}
db.close();
say('finished');
