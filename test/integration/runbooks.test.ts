import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/core/cli/io';
import { exportCommand, importRunbooksCommand } from '../../electron/core/cli/runbooks';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { commandLineKey } from '../../electron/core/db/keyStore';
import { generateDemo } from '../../electron/core/demo/generate';
import { exportPlaybooks } from '../../electron/core/playbooks/markdown/export';
import { importPlaybookFolder } from '../../electron/core/playbooks/markdown/importFolder';
import { PlaybookBody } from '../../shared/playbooks/model';
import { call, saveBody } from '../helpers/api';
import { addCustomer } from '../helpers/backend';
import { demoBackend } from '../helpers/demo';
import { dumpDatabase, ROOT, tempDir } from '../helpers/tmp';
import { publicData, SHARED_FIXTURES } from '../helpers/tools';

const PROMETHEUS = path.join(SHARED_FIXTURES, 'runbooks', 'prometheus-operator');
const BASIC = path.join(ROOT, 'test', 'fixtures', 'runbooks', 'basic');
const NOW = new Date('2025-03-04T09:30:00Z');

function freshDb(): Db {
  return openDatabase(path.join(tempDir(), 'lifeline.db')).db;
}

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), staticDir: '' };
}

/** Every .md file under a folder that is a runbook (not _index.md or README). */
function runbookFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...runbookFiles(p));
    else if (/\.md$/i.test(e.name) && !/^(_index|readme)\.md$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Every file under a folder, relative path → bytes. */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(r);
      else files.set(r, fs.readFileSync(path.join(dir, r)).toString('base64'));
    }
  };
  visit('');
  return files;
}

interface StoredPlaybook {
  id: string;
  title: string;
  body: PlaybookBody;
}

function playbookFrom(db: Db, sourceId: string): StoredPlaybook {
  const row = db
    .prepare(
      `SELECT p.id, p.title, v.body FROM playbooks p
         JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
        WHERE p.source_id = ? AND p.deleted_at IS NULL`,
    )
    .get(sourceId) as { id: string; title: string; body: string } | undefined;
  if (!row) throw new Error(`no playbook imported from ${sourceId}`);
  return { id: row.id, title: row.title, body: PlaybookBody.parse(JSON.parse(row.body)) };
}

const count = (db: Db, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe.skipIf(publicData.missing !== null)('import runbooks: the prometheus-operator runbooks', () => {
  it('imports every runbook with zero errors, skipping _index.md and README', () => {
    const db = freshDb();
    const report = importPlaybookFolder(db, PROMETHEUS, { now: NOW });
    expect(report.errors).toEqual([]);
    expect(report.written).toBe(true);
    const expected = runbookFiles(PROMETHEUS).length;
    expect(expected).toBeGreaterThan(100);
    expect(report.items.filter((i) => i.action === 'created')).toHaveLength(expected);
    expect(count(db, 'playbooks')).toBe(expected);
    expect(count(db, 'playbook_versions')).toBe(expected);
    expect(report.skipped.every((f) => /(^|\/)_index\.md$|readme\.md$/i.test(f))).toBe(true);
    // Every stored body is a valid playbook.
    for (const r of db.prepare('SELECT body FROM playbook_versions').all() as Array<{ body: string }>)
      expect(PlaybookBody.safeParse(JSON.parse(r.body)).success).toBe(true);
  });

  it('puts Mitigation (restore) steps first, Diagnosis checks after, and code fences into commands', () => {
    const db = freshDb();
    importPlaybookFolder(db, PROMETHEUS, { now: NOW });

    const crash = playbookFrom(db, 'kubernetes/KubePodCrashLooping.md');
    expect(crash.title).toBe('Kube Pod Crash Looping');
    expect(crash.body.appliesTo.symptoms).toEqual(['kube', 'pod', 'crash', 'looping']);
    expect(crash.body.steps[0]?.instruction).toMatch(/^Talk with developers/);
    expect(crash.body.steps.slice(1).every((s) => s.kind === 'check')).toBe(true);
    expect(crash.body.steps[1]).toMatchObject({
      id: 's2',
      kind: 'check',
      command: 'kubectl -n $NAMESPACE get pod $POD',
      timeboxMinutes: 5,
    });
    expect(crash.body.summary).toContain('Pod is in CrashLoop');
    expect(crash.body.summary).toContain('Service degradation');

    const fs = playbookFrom(db, 'node/NodeFilesystemSpaceFillingUp.md');
    const debug = fs.body.steps.findIndex((s) =>
      s.command?.includes('kubectl -n default debug node/$NODE_NAME'),
    );
    const metric = fs.body.steps.findIndex((s) => s.command === 'node_filesystem_free_bytes');
    expect(debug).toBeGreaterThanOrEqual(0);
    expect(metric).toBeGreaterThan(debug);
    expect(fs.body.steps[debug]).toMatchObject({
      title: 'Debug the node by accessing the node filesystem',
      kind: 'action',
    });
    expect(fs.body.steps[debug]?.command).toBe(
      '$ NODE_NAME=<instance label from alert>\n$ kubectl -n default debug node/$NODE_NAME\n$ chroot /host',
    );
    expect(fs.body.steps[metric]?.kind).toBe('check');
    expect(fs.body.steps.map((s) => s.id)).toEqual(fs.body.steps.map((_s, i) => `s${i + 1}`));

    // A Go template's {{end}} in a kubectl command stays literal instead of showing as missing.
    const members = playbookFrom(db, 'etcd/etcdMembersDown.md');
    expect(members.body.parameters.find((p) => p.name === 'end')?.default).toBe('{{end}}');
  });

  it('re-importing the same folder duplicates nothing and changes nothing', () => {
    const db = freshDb();
    importPlaybookFolder(db, PROMETHEUS, { now: NOW });
    const before = dumpDatabase(db);
    const again = importPlaybookFolder(db, PROMETHEUS, { now: new Date('2025-03-05T00:00:00Z') });
    expect(again.errors).toEqual([]);
    expect(again.items.every((i) => i.action === 'unchanged')).toBe(true);
    expect(dumpDatabase(db)).toBe(before);
  });

  it('a dry run reports what it would do and writes nothing', () => {
    const db = freshDb();
    const before = dumpDatabase(db);
    const io = capture();
    const dbFile = db.name;
    db.close();
    expect(importRunbooksCommand([PROMETHEUS, '--db', dbFile, '--dry-run'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(
      /Dry run, nothing written: would import \d+ playbooks .*: \d+ created, 0 updated, 0 unchanged/,
    );
    // The command line encrypts a plaintext database it opens (its data unchanged), key in dbFile.key.
    const reopened = openDatabase(dbFile, { key: commandLineKey(dbFile, false) }).db;
    expect(dumpDatabase(reopened)).toBe(before);
    reopened.close();
  });

  it('export → import into an empty database → export gives byte-identical files', () => {
    const db = freshDb();
    importPlaybookFolder(db, PROMETHEUS, { now: NOW });
    const first = path.join(tempDir(), 'export');
    const report = exportPlaybooks(db, first);
    expect(report.playbooks).toBe(runbookFiles(PROMETHEUS).length);

    const empty = freshDb();
    const back = importPlaybookFolder(empty, first, { now: NOW });
    expect(back.errors).toEqual([]);
    const second = path.join(tempDir(), 'export');
    exportPlaybooks(empty, second);
    expect(readTree(second)).toEqual(readTree(first));
    // Same ids both sides: the files say which playbook they are.
    expect(dumpIds(empty)).toEqual(dumpIds(db));
  });
});

function dumpIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM playbooks ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
}

describe('import runbooks: shapes and our own format', () => {
  it('keeps a risk mark set in Lifeline when the runbook is imported again (its file cannot say it)', async () => {
    const b = demoBackend();
    importPlaybookFolder(b.db, BASIC, { now: NOW });
    const imported = playbookFrom(b.db, 'storage/VolumeNearlyFull.md');
    const detail = await call(b, 'playbook:get', { id: imported.id });
    await saveBody(b, detail, {
      ...detail.body,
      appliesTo: { ...detail.body.appliesTo, risk: 'destructive' },
    });
    const again = importPlaybookFolder(b.db, BASIC, { now: NOW });
    expect(again.errors).toEqual([]);
    expect(again.items.find((i) => i.file === 'storage/VolumeNearlyFull.md')?.action).toBe('unchanged');
    expect(playbookFrom(b.db, 'storage/VolumeNearlyFull.md').body.appliesTo.risk).toBe('destructive');
  });

  it('reads front matter, skips README/_index, and imports a runbook without Mitigation with a warning', () => {
    const db = freshDb();
    const report = importPlaybookFolder(db, BASIC, { now: NOW });
    expect(report.errors).toEqual([]);
    expect(report.items.map((i) => i.file).sort()).toEqual([
      'NoMitigation.md',
      'storage/VolumeNearlyFull.md',
    ]);
    expect([...report.skipped].sort()).toEqual(['README.md', 'storage/_index.md']);

    const volume = playbookFrom(db, 'storage/VolumeNearlyFull.md');
    expect(volume.title).toBe('Volume nearly full');
    expect(volume.body.restoreTargetMinutes).toBe(30);
    expect(volume.body.appliesTo).toEqual({
      assetKinds: ['storage', 'vm'],
      tags: [],
      symptoms: ['volume', 'nearly', 'full', 'storage', 'disk'],
    });
    expect(volume.body.steps.map((s) => [s.kind, s.command])).toEqual([
      ['check', 'lsof +L1'],
      ['action', 'logrotate -f /etc/logrotate.conf'],
      ['action', 'lvextend -r -L +10G /dev/vg0/data'],
      ['check', 'df -h --output=target,pcent | sort -k2 -n'],
      ['check', 'du -xh /var | sort -h | tail -20'],
    ]);
    expect(volume.body.steps[1]?.title).toBe('Rotate and compress the logs');
    expect(volume.body.steps[1]?.instruction).not.toContain('```');

    const flapping = playbookFrom(db, 'NoMitigation.md');
    expect(flapping.title).toBe('ServiceFlapping');
    expect(flapping.body.steps).toHaveLength(1);
    expect(flapping.body.steps[0]).toMatchObject({ kind: 'check', command: 'journalctl -u app --since -1h' });
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ file: 'NoMitigation.md', message: expect.stringContaining('no Mitigation') }),
    );
  });

  it('a changed runbook becomes a new version of the same playbook on re-import', () => {
    const dir = tempDir();
    fs.cpSync(BASIC, dir, { recursive: true });
    const db = freshDb();
    importPlaybookFolder(db, dir, { now: NOW });
    const before = playbookFrom(db, 'NoMitigation.md');
    fs.appendFileSync(
      path.join(dir, 'NoMitigation.md'),
      '\n## Mitigation\n\nRestart it: `systemctl restart app`\n',
    );
    const report = importPlaybookFolder(db, dir, { now: NOW });
    expect(report.items.find((i) => i.file === 'NoMitigation.md')?.action).toBe('updated');
    const after = playbookFrom(db, 'NoMitigation.md');
    expect(after.id).toBe(before.id);
    expect(after.body.steps[0]).toMatchObject({ kind: 'action', command: 'systemctl restart app' });
    expect(count(db, 'playbooks')).toBe(2);
    const versions = db
      .prepare('SELECT number FROM playbook_versions WHERE playbook_id = ? ORDER BY number')
      .all(before.id);
    expect(versions).toEqual([{ number: 1 }, { number: 2 }]);
  });

  it('demo data: export → import into a database without playbooks → export is byte-identical, overlays included', () => {
    const file = path.join(tempDir(), 'demo.db');
    const db = openDatabase(file).db;
    generateDemo(db, { customers: 12, seed: 7, now: NOW });
    const first = path.join(tempDir(), 'export');
    const report = exportPlaybooks(db, first);
    expect(report.playbooks).toBe(count(db, 'playbooks'));
    expect(report.overlays).toBe(count(db, 'overlays'));
    expect(report.overlays).toBeGreaterThan(0);
    // Exporting twice gives the same bytes too.
    const again = path.join(tempDir(), 'export');
    exportPlaybooks(db, again);
    expect(readTree(again)).toEqual(readTree(first));

    // The same customers, no playbooks.
    const target = openDatabase(path.join(tempDir(), 'target.db')).db;
    generateDemo(target, { customers: 12, seed: 7, now: NOW });
    target.exec('DELETE FROM overlays; DELETE FROM playbook_versions; DELETE FROM playbooks;');
    const back = importPlaybookFolder(target, first, { now: NOW });
    expect(back.errors).toEqual([]);
    expect(back.items.filter((i) => i.kind === 'overlay')).toHaveLength(report.overlays);
    const second = path.join(tempDir(), 'export');
    exportPlaybooks(target, second);
    expect(readTree(second)).toEqual(readTree(first));
    // Importing the export over the database it came from changes nothing.
    const before = dumpDatabase(db);
    const same = importPlaybookFolder(db, first, { now: NOW });
    expect(same.items.every((i) => i.action === 'unchanged')).toBe(true);
    expect(dumpDatabase(db)).toBe(before);
  });

  it('the CLI functions import and export with a summary line', async () => {
    const dbFile = path.join(tempDir(), 'cli.db');
    const io = capture();
    expect(importRunbooksCommand([BASIC, '--db', dbFile], io)).toBe(0);
    expect(io.lines).toContain(`Imported 2 playbooks from ${BASIC}: 2 created, 0 updated, 0 unchanged.`);
    const again = capture();
    expect(importRunbooksCommand([BASIC, '--db', dbFile], again)).toBe(0);
    expect(again.lines).toContain(`Imported 2 playbooks from ${BASIC}: 0 created, 0 updated, 2 unchanged.`);
    const out = path.join(tempDir(), 'playbooks');
    const ex = capture();
    expect(await exportCommand(['playbooks', out, '--db', dbFile], ex)).toBe(0);
    expect(ex.lines[0]).toBe(`Exported 2 playbooks and 0 overlays to ${out}.`);
    expect(fs.readdirSync(out).sort()).toEqual(['service-flapping.md', 'volume-nearly-full.md']);
    const text = fs.readFileSync(path.join(out, 'volume-nearly-full.md'), 'utf8');
    expect(text).toMatch(/^---\nlifeline: playbook\/1\nid: [0-9a-f-]{36}\ntitle: Volume nearly full\n/);
    expect(text).toContain(
      '## Step 2: Rotate and compress the logs\n\n- id: s2\n- kind: action\n- timebox: 5\n- customizable: no\n',
    );
    expect(text).toContain('```command\nlogrotate -f /etc/logrotate.conf\n```');
  });
});

describe('import runbooks: malformed input is refused with the file and line, and nothing is written', () => {
  function folderWith(files: Record<string, string>): string {
    const dir = tempDir();
    fs.cpSync(BASIC, dir, { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  }

  function refused(dir: string, setup?: (db: Db) => void) {
    const db = freshDb();
    setup?.(db);
    const before = dumpDatabase(db);
    const report = importPlaybookFolder(db, dir, { now: NOW });
    expect(report.written).toBe(false);
    expect(dumpDatabase(db)).toBe(before);
    return report.errors;
  }

  it('front matter that is not valid YAML', () => {
    const dir = folderWith({
      'Broken.md': '---\ntitle: Broken\ntags: [a, b\n---\n\n# Broken\n\n## Mitigation\n\nFix it.\n',
    });
    const errors = refused(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: 'Broken.md',
      message: expect.stringContaining('not valid YAML'),
    });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(2);
    expect(errors[0]?.line).toBeLessThanOrEqual(4);
  });

  it('front matter that never closes', () => {
    const errors = refused(folderWith({ 'Open.md': '---\ntitle: Open\n\n# Open\n' }));
    expect(errors[0]).toMatchObject({
      file: 'Open.md',
      line: 1,
      message: expect.stringContaining('never closed'),
    });
  });

  it('one of our files with a bad step field, and one with an unknown front-matter key', () => {
    const db = freshDb();
    importPlaybookFolder(db, BASIC, { now: NOW });
    const out = path.join(tempDir(), 'export');
    exportPlaybooks(db, out);
    const file = path.join(out, 'volume-nearly-full.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('- kind: action', '- kind: explode'));
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const errors = refused(out);
    expect(errors).toEqual([
      {
        file: 'volume-nearly-full.md',
        line: lineOf('- kind: action'),
        message: expect.stringContaining('"explode" is not one of'),
      },
    ]);

    fs.writeFileSync(file, text.replace('reviewIntervalDays: 90', 'reviewIntervalDays: 90\ncolour: blue'));
    const errors2 = refused(out);
    expect(errors2[0]).toMatchObject({
      file: 'volume-nearly-full.md',
      line: lineOf('reviewIntervalDays') + 1,
    });
    expect(errors2[0]?.message).toContain('colour');
  });

  it('an overlay for a customer that is not in the database', () => {
    const db = freshDb();
    const acme = addCustomer(db, { code: 'ACME', name: 'Acme', tier: 'gold' });
    importPlaybookFolder(db, BASIC, { now: NOW });
    const out = path.join(tempDir(), 'export');
    exportPlaybooks(db, out);
    fs.mkdirSync(path.join(out, 'volume-nearly-full.overlays'));
    const overlay = (code: string) =>
      `lifeline: overlay/1\ncustomer: ${code}\ncoreVersion: 1\nparameters: {}\nsteps:\n  s3:\n    skip:\n      reason: Their storage team does this.\n`;
    fs.writeFileSync(path.join(out, 'volume-nearly-full.overlays', 'ZZZZ.yaml'), overlay('ZZZZ'));
    const errors = refused(out, (d) => addCustomer(d, { code: 'ACME', name: 'Acme', tier: 'gold' }));
    expect(errors).toEqual([
      {
        file: 'volume-nearly-full.overlays/ZZZZ.yaml',
        line: null,
        message: expect.stringContaining('no customer has that code'),
      },
    ]);
    // For a customer that exists, it imports — but only onto a step the core lets customers change.
    fs.rmSync(path.join(out, 'volume-nearly-full.overlays', 'ZZZZ.yaml'));
    fs.writeFileSync(path.join(out, 'volume-nearly-full.overlays', 'ACME.yaml'), overlay('ACME'));
    const notCustomizable = refused(out, (d) => addCustomer(d, { code: 'ACME', name: 'Acme', tier: 'gold' }));
    expect(notCustomizable[0]?.message).toContain('not customizable');
    expect(acme).toBeTruthy();
  });

  it('the CLI prints each error as file:line and exits 1', () => {
    const dir = folderWith({ 'Broken.md': '---\ntitle: [unclosed\n---\n# Broken\n' });
    const io = capture();
    const dbFile = path.join(tempDir(), 'x.db');
    expect(importRunbooksCommand([dir, '--db', dbFile], io)).toBe(1);
    expect(io.errors[0]).toMatch(/^Broken\.md:\d+: front matter is not valid YAML/);
    expect(io.errors.at(-1)).toMatch(/1 error in .*; nothing was written\./);
  });
});

describe('import runbooks: links are never followed', () => {
  it('skips a link inside the folder (runbook or overlay) naming it, reads nothing it points to, and refuses a linked folder', () => {
    const MARKER = 'SECRET-MARKER-7f3a';
    const outside = tempDir();
    const secretOverlay = path.join(outside, 'shadow.yaml');
    fs.writeFileSync(
      secretOverlay,
      `lifeline: overlay/1\ncustomer: ${MARKER}\ncoreVersion: 1\nparameters: {}\nsteps: {}\n`,
    );
    const secretRunbook = path.join(outside, 'notes.md');
    fs.writeFileSync(secretRunbook, `# ${MARKER}\n\n## Mitigation\n\nThe root password is ${MARKER}.\n`);
    const db = freshDb();
    addCustomer(db, { code: 'ACME', name: 'Acme', tier: 'gold' });
    importPlaybookFolder(db, BASIC, { now: NOW });
    const dir = path.join(tempDir(), 'export');
    exportPlaybooks(db, dir);
    fs.mkdirSync(path.join(dir, 'volume-nearly-full.overlays'), { recursive: true });
    fs.symlinkSync(secretOverlay, path.join(dir, 'volume-nearly-full.overlays', 'ACME.yaml'));
    fs.symlinkSync(secretRunbook, path.join(dir, 'Leak.md'));
    fs.symlinkSync(outside, path.join(dir, 'elsewhere'));

    const io = capture();
    const dbFile = db.name;
    // The command line encrypts the plaintext database it opens: it must be closed here first.
    db.close();
    const code = importRunbooksCommand([dir, '--db', dbFile], io);
    const printed = [...io.lines, ...io.errors].join('\n');
    expect(printed).not.toContain(MARKER);
    const reopened = openDatabase(dbFile, { key: commandLineKey(dbFile, false) }).db;
    expect(dumpDatabase(reopened)).not.toContain(MARKER);
    reopened.close();
    expect(code).toBe(0);
    for (const link of ['volume-nearly-full.overlays/ACME.yaml', 'Leak.md', 'elsewhere'])
      expect(io.lines).toContain(`Skipped link ${link} → not followed.`);

    // The folder given may not be a link either.
    const linked = path.join(tempDir(), 'runbooks-link');
    fs.symlinkSync(dir, linked);
    const refusedIo = capture();
    expect(importRunbooksCommand([linked, '--db', dbFile], refusedIo)).toBe(1);
    expect(refusedIo.errors.join('\n')).toContain('is a symbolic link');
  });
});
