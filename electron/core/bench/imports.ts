/**
 * Import throughput: a NetBox dump and a folder of Markdown runbooks, each into a new
 * database (the first import is the one that has to be fast), in records per second.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/database';
import type { DatabaseKey } from '../db/key';
import { runImport } from '../imports/run';
import { importPlaybookFolder } from '../playbooks/markdown/importFolder';
import { type BenchRow, row, skipped } from './report';

/**
 * The full-size inputs: the shared NetBox demo dump and the prometheus-operator runbooks
 * next to the repository. The small test fixtures are not a stand-in: 26 records measure
 * start-up, not throughput, so without the shared ones the rows say skipped.
 */
export function findFixtures(root: string): { netbox: string | null; runbooks: string | null } {
  const here = (p: string) => (fs.existsSync(p) ? p : null);
  return {
    netbox: here(path.resolve(root, '..', 'shared', 'fixtures', 'netbox', 'netbox-demo-v3.6.json')),
    runbooks: here(path.resolve(root, '..', 'shared', 'fixtures', 'runbooks', 'prometheus-operator')),
  };
}

const MISSING = (what: string, where: string) =>
  `${what} (${where}) is not next to the repository; the small test fixtures would measure start-up, not throughput`;

const rel = (root: string, p: string) => path.relative(root, p) || p;

/** Into encrypted databases with `key`, as the product writes them. */
export function importRows(root: string, workDir: string, reps: number, key: DatabaseKey): BenchRow[] {
  const { netbox, runbooks } = findFixtures(root);
  const rows: BenchRow[] = [];
  if (!netbox)
    rows.push(
      skipped(
        'import NetBox dump',
        'rows/s',
        MISSING('the NetBox demo dump', '../shared/fixtures/netbox/netbox-demo-v3.6.json'),
      ),
    );
  else {
    const content = fs.readFileSync(netbox, 'utf8');
    let seconds = 0;
    let records = 0;
    for (let i = 0; i < reps; i++) {
      const { db } = openDatabase(path.join(workDir, `bench-netbox-${i}.db`), { key });
      try {
        const t0 = performance.now();
        const out = runImport(db, {
          source: 'netbox',
          files: [{ name: path.basename(netbox), content }],
          dryRun: false,
          author: 'bench',
        });
        seconds += (performance.now() - t0) / 1000;
        records += out.records;
      } finally {
        db.close();
      }
    }
    rows.push(
      row('import NetBox dump', records / seconds, 'rows/s', {
        note: `${records / reps} records from ${rel(root, netbox)} into a new database, ${reps}× (records ÷ seconds over all)`,
      }),
    );
  }
  if (!runbooks)
    rows.push(
      skipped(
        'import Markdown runbooks',
        'rows/s',
        MISSING('the runbook folder', '../shared/fixtures/runbooks/prometheus-operator'),
      ),
    );
  else {
    let seconds = 0;
    let items = 0;
    for (let i = 0; i < reps; i++) {
      const { db } = openDatabase(path.join(workDir, `bench-runbooks-${i}.db`), { key });
      try {
        const t0 = performance.now();
        const report = importPlaybookFolder(db, runbooks, { author: 'bench' });
        seconds += (performance.now() - t0) / 1000;
        if (report.errors.length > 0)
          return [
            ...rows,
            skipped('import Markdown runbooks', 'rows/s', report.errors[0]?.message ?? 'errors'),
          ];
        items += report.items.length;
      } finally {
        db.close();
      }
    }
    rows.push(
      row('import Markdown runbooks', items / seconds, 'rows/s', {
        note: `${items / reps} runbooks (one playbook each) from ${rel(root, runbooks)}, ${reps}× (runbooks ÷ seconds over all)`,
      }),
    );
  }
  return rows;
}
