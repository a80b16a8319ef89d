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
import { type BenchRow, percentile, row, skipped } from './report';

/** The biggest sample that is here: the shared NetBox demo dump, else our test fixture. */
export function findFixtures(root: string): { netbox: string | null; runbooks: string | null } {
  const first = (candidates: string[]) => candidates.find((p) => fs.existsSync(p)) ?? null;
  return {
    netbox: first([
      path.resolve(root, '..', 'shared', 'fixtures', 'netbox', 'netbox-demo-v3.6.json'),
      path.join(root, 'test', 'fixtures', 'netbox', 'small-v3.6.json'),
    ]),
    runbooks: first([
      path.resolve(root, '..', 'shared', 'fixtures', 'runbooks', 'prometheus-operator'),
      path.join(root, 'test', 'fixtures', 'runbooks'),
    ]),
  };
}

const rel = (root: string, p: string) => path.relative(root, p) || p;

/** Into encrypted databases with `key`, as the product writes them. */
export function importRows(root: string, workDir: string, reps: number, key: DatabaseKey): BenchRow[] {
  const { netbox, runbooks } = findFixtures(root);
  const rows: BenchRow[] = [];
  if (!netbox) rows.push(skipped('import NetBox dump', 'rows/s', 'no NetBox fixture found'));
  else {
    const content = fs.readFileSync(netbox, 'utf8');
    const rates: number[] = [];
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
        const seconds = (performance.now() - t0) / 1000;
        records = out.records;
        rates.push(out.records / seconds);
      } finally {
        db.close();
      }
    }
    rows.push(
      row('import NetBox dump', percentile(rates, 50), 'rows/s', {
        note: `${records} records from ${rel(root, netbox)} into a new database, median of ${reps}`,
      }),
    );
  }
  if (!runbooks) rows.push(skipped('import Markdown runbooks', 'rows/s', 'no runbook folder found'));
  else {
    const rates: number[] = [];
    let items = 0;
    for (let i = 0; i < reps; i++) {
      const { db } = openDatabase(path.join(workDir, `bench-runbooks-${i}.db`), { key });
      try {
        const t0 = performance.now();
        const report = importPlaybookFolder(db, runbooks, { author: 'bench' });
        const seconds = (performance.now() - t0) / 1000;
        if (report.errors.length > 0)
          return [
            ...rows,
            skipped('import Markdown runbooks', 'rows/s', report.errors[0]?.message ?? 'errors'),
          ];
        items = report.items.length;
        rates.push(items / seconds);
      } finally {
        db.close();
      }
    }
    rows.push(
      row('import Markdown runbooks', percentile(rates, 50), 'rows/s', {
        note: `${items} runbooks (one playbook each) from ${rel(root, runbooks)}, median of ${reps}`,
      }),
    );
  }
  return rows;
}
