import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { INTAKE_SQL, matchAlert } from '../../electron/core/incidents/intake/match';
import type { CallName } from '../../shared/api/contract';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { AlertMatch, PlaybookSuggestion } from '../../shared/incidents/model';
import type { PlaybookRisk } from '../../shared/playbooks/model';
import { call } from '../helpers/api';
import { addCustomer, backendWithCustomers } from '../helpers/backend';
import { alertmanagerWebhook, demoBackend, DEMO_NOW as NOW } from '../helpers/demo';
import { dumpDatabase, tempDir } from '../helpers/tmp';

const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

function freshBackend(): Backend {
  const backend = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  open.push(backend);
  return backend;
}

async function errorOf(
  b: Backend,
  name: CallName,
  input: unknown,
): Promise<{ code: string; message: string }> {
  const result = await b.call(name, input);
  return result.ok ? { code: 'ok', message: '' } : result.error;
}

interface DemoVm {
  id: string;
  name: string;
  hostname: string;
  ip: string;
  customerId: string;
  code: string;
  customerName: string;
}

/** A real demo VM of a real customer, with its host name and first address, straight from SQL. */
function demoVm(db: Db, nameLike = 'app%'): DemoVm {
  return db
    .prepare(
      `SELECT a.id, a.name, a.hostname, json_extract(a.ip_addresses, '$[0]') AS ip, c.id AS customerId,
              c.code, c.name AS customerName
         FROM assets a JOIN customers c ON c.id = a.customer_id
        WHERE a.kind = 'vm' AND c.kind = 'customer' AND a.hostname IS NOT NULL AND a.ip_addresses <> '[]'
          AND a.name LIKE ? AND a.deleted_at IS NULL
        ORDER BY c.code, a.name LIMIT 1`,
    )
    .get(nameLike) as DemoVm;
}

const webhook = alertmanagerWebhook;

describe('alert intake on demo data', () => {
  it('resolves an Alertmanager alert naming a VM by address and host name to its customer and asset', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const before = dumpDatabase(b.db);
    const m = await call(b, 'alert:parse', {
      text: webhook(
        { alertname: 'NodeExporterDown', instance: `${vm.ip}:9100`, job: 'node', severity: 'critical' },
        `Node exporter on ${vm.hostname} is unreachable`,
      ),
    });
    expect(AlertMatch.parse(m)).toEqual(m);
    expect(m.format).toBe('alertmanager');
    expect(m.customer).toMatchObject({ id: vm.customerId, code: vm.code });
    expect(m.alertAt).toBe('2025-06-01T11:40:12.000Z');
    // severity=critical is the top of a 3-level convention: SEV2 (docs/alert-formats.md); it was SEV1.
    expect(m.severity).toBe('sev2');
    expect(m.state).toBe('firing');
    expect(m.next).toBe('open_incident');
    expect(m.assets.map((a) => a.id)).toEqual([vm.id]);
    expect(m.assets[0]?.why).toContain(`IP ${vm.ip}`);
    expect(m.assets[0]?.why).toContain(`host name ${vm.hostname}`);
    expect(m.why).toContain(`IP ${vm.ip} is ${vm.name} (${vm.customerName})`);
    expect(m.why).toContain(`host name ${vm.hostname} matched ${vm.name} (${vm.customerName})`);
    expect(m.symptoms).toEqual(expect.arrayContaining(['node', 'exporter', 'down', 'unreachable']));
    // The short name (app01) exists at most customers: they are not offered as candidates.
    expect(m.candidates).toEqual([]);
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('resolves an alert that names only an address', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db, 'web%');
    const m = await matchAlert(b.db, `PING CRITICAL - ${vm.ip}: rta nan, lost 100%`);
    expect(m.format).toBe('text');
    expect(m.customer?.id).toBe(vm.customerId);
    expect(m.assets.map((a) => a.name)).toEqual([vm.name]);
    expect(m.why[0]).toBe(`IP ${vm.ip} is ${vm.name} (${vm.customerName})`);
    // "CRITICAL" alone is the worst of a 3-level scale: SEV2, as every format maps it (was SEV1).
    expect(m.severity).toBe('sev2');
  });

  it('lists every asset on a shared address (a SQL VM and the databases on it)', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db, 'sql%');
    const onIt = b.db
      .prepare(
        `SELECT a.name FROM asset_addresses aa JOIN assets a ON a.id = aa.asset_id WHERE aa.address = ? ORDER BY a.name`,
      )
      .all(vm.ip) as Array<{ name: string }>;
    expect(onIt.length).toBeGreaterThan(1);
    const m = await matchAlert(b.db, `${vm.ip} MSSQLSERVER service stopped`);
    expect(m.customer?.id).toBe(vm.customerId);
    expect(m.assets.map((a) => a.name).sort()).toEqual(onIt.map((r) => r.name).sort());
  });

  it('resolves a pager text naming only the customer code', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const m = await matchAlert(b.db, `P2 ${vm.code}: order portal slow for all users, please call back`);
    expect(m.customer?.id).toBe(vm.customerId);
    expect(m.assets).toEqual([]);
    expect(m.why).toEqual([`customer code ${vm.code} is in the alert`]);
    expect(m.severity).toBe('sev2');
  });

  it('resolves a customer label and a customer name phrase', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const byLabel = await matchAlert(
      b.db,
      webhook({ alertname: 'BackupFailed', customer: vm.code.toLowerCase() }, 'x'),
    );
    expect(byLabel.customer?.id).toBe(vm.customerId);
    expect(byLabel.why).toContain(`label customer=${vm.code.toLowerCase()} matched customer code ${vm.code}`);
    const byName = await matchAlert(
      b.db,
      `Call from ${vm.customerName.toUpperCase()}: printers offline on floor 2`,
    );
    expect(byName.customer?.id).toBe(vm.customerId);
    expect(byName.why).toEqual([`customer name "${vm.customerName}" is in the alert`]);
  });

  it('does not pick a customer from a short name most customers have, and says why', async () => {
    const b = demoBackend();
    const m = await matchAlert(b.db, 'web01 down');
    expect(m.customer).toBeNull();
    expect(m.assets).toEqual([]);
    expect(m.candidates.length).toBe(10);
    expect(m.why[0]).toMatch(/matches several customers about equally .*; pick the customer\./);
    expect(m.candidates[0]?.why[0]).toMatch(
      /^host name web01 matched web01 \(.+\); \d+ other customers have one too$/,
    );
  });

  it('uses the short name when the rest of the alert names the customer', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const m = await matchAlert(b.db, `${vm.code} ${vm.name} is down`);
    expect(m.customer?.id).toBe(vm.customerId);
    expect(m.assets.map((a) => a.id)).toEqual([vm.id]);
  });

  it("places a host that is not in the catalog by its customer's domain", async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const domain = vm.hostname.slice(vm.hostname.indexOf('.') + 1);
    const m = await matchAlert(b.db, `newbox99.${domain} unreachable`);
    expect(m.customer?.id).toBe(vm.customerId);
    expect(m.why[0]).toMatch(
      new RegExp(`^newbox99\\.${domain.replace('.', '\\.')} is not in the catalog, but \\d+ of`),
    );
    expect(m.why).toContain(`Not in the catalog: newbox99.${domain}.`);
  });

  it('looks every host name and address up with one index probe', async () => {
    const b = demoBackend();
    const plan = (sql: string, params: unknown) =>
      (b.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join('\n');
    expect(plan(INTAKE_SQL.byAddress, ['10.1.20.13'])).toMatch(
      /USING COVERING INDEX asset_addresses_address/,
    );
    const fqdn = plan(INTAKE_SQL.byFqdn, { h: 'web01.acme.local' });
    expect(fqdn).toMatch(/USING INDEX assets_hostname_nocase \(hostname=\?\)/);
    expect(fqdn).toMatch(/USING INDEX assets_name_nocase/);
    const short = plan(INTAKE_SQL.byShort, { h: 'web01', lo: 'web01.', hi: 'web01/' });
    expect(short).toMatch(/USING INDEX assets_hostname_nocase \(hostname>\? AND hostname<\?\)/);
    expect(short).not.toMatch(/SCAN a\b/);
  });

  it('matches any text against a catalog without failing, in the contract shape', async () => {
    const b = backendWithCustomers();
    open.push(b);
    const acme = (b.db.prepare("SELECT id FROM customers WHERE code = 'ACME'").get() as { id: string }).id;
    insertAsset(b.db, acme, 'vm', 'web01', ['web']);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.constantFrom(
              'ACME',
              'web01',
              'web01.test.local',
              ' Acme Manufacturing ',
              'customer=acme',
              '10.0.0.1:9100',
              '{',
              '\n',
            ),
          ),
          { maxLength: 20 },
        ),
        async (parts) => {
          const m = await matchAlert(b.db, parts.join(' '));
          expect(AlertMatch.parse(m)).toEqual(m);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says so when nothing matches', async () => {
    const b = demoBackend();
    const m = await call(b, 'alert:parse', { text: 'Something is wrong with the thing, please look.' });
    expect(m.customer).toBeNull();
    expect(m.assets).toEqual([]);
    expect(m.candidates).toEqual([]);
    expect(m.why).toEqual([
      'No host name, address or customer in the alert matched the catalog; pick the customer.',
    ]);
  });

  it("keeps shared platform assets with the customer's and picks the customer, not the platform", async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const ns = b.db
      .prepare(
        `SELECT a.id, a.hostname FROM assets a JOIN customers c ON c.id = a.customer_id
          WHERE c.kind = 'internal' AND a.name = 'ns01'`,
      )
      .get() as { id: string; hostname: string };
    const m = await matchAlert(b.db, `${vm.hostname} cannot resolve names via ${ns.hostname}`);
    expect(m.customer?.id).toBe(vm.customerId);
    expect(m.assets.map((a) => a.id).sort()).toEqual([vm.id, ns.id].sort());
    // The platform alone is picked, with a reminder that it is shared.
    const only = await matchAlert(b.db, `${ns.hostname} not answering DNS`);
    expect(only.customer?.code).toBe('MSPI');
    expect(only.why.join(' ')).toMatch(/shared platform: check the blast radius/);
  });

  it('leaves out tombstoned assets and customers', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    b.db.prepare('UPDATE assets SET deleted_at = ? WHERE id = ?').run(NOW.toISOString(), vm.id);
    const m = await matchAlert(b.db, `${vm.ip} down`);
    expect(m.customer).toBeNull();
    expect(m.assets).toEqual([]);
    const other = demoVm(b.db, 'web%');
    b.db.prepare('UPDATE customers SET deleted_at = ? WHERE id = ?').run(NOW.toISOString(), other.customerId);
    const gone = await matchAlert(b.db, `${other.code} ${other.hostname} ${other.ip} down`);
    expect(gone.customer).toBeNull();
    expect(gone.candidates.map((c) => c.customer.id)).not.toContain(other.customerId);
  });

  it('refuses empty input, reads a megabyte, falls back on broken JSON, and changes nothing', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const before = dumpDatabase(b.db);
    expect((await errorOf(b, 'alert:parse', { text: '' })).code).toBe('VALIDATION');
    const blank = await errorOf(b, 'alert:parse', { text: '  \n\t ' });
    expect(blank.code).toBe('VALIDATION');
    expect(blank.message).toMatch(/empty/);
    expect((await errorOf(b, 'alert:parse', {})).code).toBe('VALIDATION');
    expect((await errorOf(b, 'alert:parse', { text: 42 })).code).toBe('VALIDATION');
    expect((await errorOf(b, 'alert:parse', { text: 'x', extra: 1 })).code).toBe('VALIDATION');
    expect((await errorOf(b, 'alert:parse', { text: 'x'.repeat(1024 * 1024 + 1) })).code).toBe('VALIDATION');

    const line = `${vm.hostname} ${vm.ip} log line with nothing else in it\n`;
    const huge = `${vm.ip} is down\n${line.repeat(Math.floor((1024 * 1024 - 100) / line.length))}`;
    const t = performance.now();
    const big = await call(b, 'alert:parse', { text: huge });
    const ms = performance.now() - t;
    expect(ms).toBeLessThan(3000);
    expect(big.customer?.id).toBe(vm.customerId);

    const broken = await call(b, 'alert:parse', {
      text: `{"alerts":[{"labels":{"alertname":"NodeDown","instance":"${vm.ip}:9100"}}`,
    });
    expect(broken.format).toBe('text');
    expect(broken.why[0]).toMatch(/looks like JSON but is not valid JSON/);
    expect(broken.customer?.id).toBe(vm.customerId);
    const garbage = await call(b, 'alert:parse', { text: '{{{{[[[["\u0000\uFFFF' });
    expect(garbage.customer).toBeNull();
    expect(dumpDatabase(b.db)).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------
// Suggestions

function insertIncident(
  db: Db,
  o: {
    customerId: string;
    title: string;
    symptom: string;
    assetIds: string[];
    openedAt: string;
    clockStartAt?: string;
    runs?: Array<{ playbookId: string; at: string }>;
    restoredAt?: string;
    closedAt?: string;
  },
): string {
  const id = uuidv7();
  const status = o.closedAt ? 'closed' : o.restoredAt ? 'restored' : 'open';
  db.prepare(
    `INSERT INTO incidents (id, customer_id, title, severity, status, opened_at, restored_at, closed_at, created_at, updated_at)
     VALUES (?, ?, ?, 'sev2', ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    o.customerId,
    o.title,
    status,
    o.openedAt,
    o.restoredAt ?? null,
    o.closedAt ?? null,
    o.openedAt,
    o.openedAt,
  );
  const event = (at: string, type: string, payload: object) =>
    db
      .prepare(
        `INSERT INTO incident_events (id, incident_id, at, device, author, type, payload) VALUES (?, ?, ?, 'test', 'tester', ?, ?)`,
      )
      .run(uuidv7(), id, at, type, JSON.stringify(payload));
  event(o.openedAt, 'opened', {
    customerId: o.customerId,
    title: o.title,
    severity: 'sev2',
    symptom: o.symptom,
    assetIds: o.assetIds,
    ...(o.clockStartAt ? { clockStartAt: o.clockStartAt } : {}),
  });
  for (const r of o.runs ?? [])
    event(r.at, 'playbook_started', { playbookId: r.playbookId, playbookVersion: 1 });
  if (o.restoredAt) event(o.restoredAt, 'restored', {});
  if (o.closedAt) event(o.closedAt, 'closed', {});
  return id;
}

function insertPlaybook(
  db: Db,
  o: {
    title: string;
    kinds: string[];
    tags?: string[];
    symptoms?: string[];
    reviewedAt?: string;
    risk?: PlaybookRisk;
  },
): string {
  const id = uuidv7();
  const at = NOW.toISOString();
  db.prepare(
    `INSERT INTO playbooks (id, title, current_version, reviewed_at, review_interval_days, created_at, updated_at)
     VALUES (?, ?, 1, ?, 90, ?, ?)`,
  ).run(id, o.title, o.reviewedAt ?? new Date().toISOString(), at, at);
  const body = {
    summary: o.title,
    appliesTo: {
      assetKinds: o.kinds,
      tags: o.tags ?? [],
      symptoms: o.symptoms ?? [],
      ...(o.risk ? { risk: o.risk } : {}),
    },
    restoreTargetMinutes: 60,
    parameters: [],
    steps: [
      {
        id: 'check',
        title: 'Check it',
        instruction: 'Look.',
        command: null,
        expected: null,
        timeboxMinutes: 5,
        kind: 'check',
        customizable: false,
      },
    ],
  };
  db.prepare(
    `INSERT INTO playbook_versions (id, playbook_id, number, body, author, created_at) VALUES (?, ?, 1, ?, 'owner', ?)`,
  ).run(uuidv7(), id, JSON.stringify(body), at);
  return id;
}

function insertAsset(db: Db, customerId: string, kind: string, name: string, tags: string[] = []): string {
  const id = uuidv7();
  const at = NOW.toISOString();
  db.prepare(
    `INSERT INTO assets (id, customer_id, kind, name, hostname, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, customerId, kind, name, `${name}.test.local`, JSON.stringify(tags), at, at);
  return id;
}

const minutesAfter = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

describe('playbook suggestions', () => {
  it("puts 'VM unresponsive' first for an unresponsive demo VM, with a reason", async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const incidentId = insertIncident(b.db, {
      customerId: vm.customerId,
      title: `${vm.name} not answering`,
      symptom: 'unresponsive',
      assetIds: [vm.id],
      openedAt: '2025-06-01T11:45:00.000Z',
    });
    const before = dumpDatabase(b.db);
    const { suggestions } = await call(b, 'incident:suggest', { incidentId });
    expect(suggestions.map((s) => PlaybookSuggestion.parse(s))).toEqual(suggestions);
    const first = suggestions[0];
    expect(first?.title).toBe('VM unresponsive');
    expect(first?.reason).toMatch(/^Applies to VMs · symptom 'unresponsive' · /);
    // Every live playbook is offered; the ones for other kinds of asset come last.
    const total = (
      b.db.prepare('SELECT count(*) AS n FROM playbooks WHERE deleted_at IS NULL').get() as { n: number }
    ).n;
    expect(suggestions.length).toBe(total);
    const firstUnfit = suggestions.findIndex((s) => s.reason.startsWith('For '));
    expect(firstUnfit).toBeGreaterThan(0);
    expect(suggestions.slice(firstUnfit).every((s) => s.reason.startsWith('For '))).toBe(true);
    // Deterministic: the same question gives the same answer.
    expect((await call(b, 'incident:suggest', { incidentId })).suggestions).toEqual(suggestions);
    expect((await call(b, 'incident:suggest', { incidentId, limit: 3 })).suggestions).toEqual(
      suggestions.slice(0, 3),
    );
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('orders equally applicable playbooks by how well they restored, smoothing small samples', async () => {
    const b = freshBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const other = addCustomer(b.db, { code: 'HARB', name: 'Harbor Logistics', tier: 'gold' });
    const vm = insertAsset(b.db, acme, 'vm', 'app01', ['app']);
    const otherVm = insertAsset(b.db, other, 'vm', 'app01', ['app']);
    const proven = insertPlaybook(b.db, { title: 'Restart guest B', kinds: ['vm'], symptoms: ['frozen'] });
    const lucky = insertPlaybook(b.db, { title: 'Restart guest A', kinds: ['vm'], symptoms: ['frozen'] });
    const untried = insertPlaybook(b.db, { title: 'Restart guest C', kinds: ['vm'], symptoms: ['frozen'] });
    const poor = insertPlaybook(b.db, {
      title: 'Restart guest D',
      kinds: ['vm'],
      symptoms: ['frozen'],
      reviewedAt: '2024-01-01T00:00:00.000Z',
    });
    const firewall = insertPlaybook(b.db, {
      title: 'Firewall failover',
      kinds: ['firewall'],
      symptoms: ['vpn'],
    });

    const past = (i: number) => new Date(Date.parse('2025-03-01T00:00:00Z') + i * 86_400_000).toISOString();
    for (let i = 0; i < 12; i++) {
      const at = past(i);
      insertIncident(b.db, {
        customerId: i < 2 ? acme : other,
        title: 'app01 frozen',
        symptom: 'frozen',
        assetIds: [i < 2 ? vm : otherVm],
        openedAt: at,
        // The clock started at the alert, 10 minutes before the incident was opened.
        clockStartAt: minutesAfter(at, -10),
        runs: [{ playbookId: proven, at: minutesAfter(at, 2) }],
        restoredAt: minutesAfter(at, 20 + i),
        closedAt: minutesAfter(at, 600),
      });
    }
    const at = past(20);
    insertIncident(b.db, {
      customerId: other,
      title: 'app01 frozen',
      symptom: 'frozen',
      assetIds: [otherVm],
      openedAt: at,
      runs: [{ playbookId: lucky, at: minutesAfter(at, 1) }],
      restoredAt: minutesAfter(at, 5),
    });
    for (let i = 0; i < 6; i++) {
      const t = past(30 + i);
      insertIncident(b.db, {
        customerId: other,
        title: 'app01 frozen',
        symptom: 'frozen',
        assetIds: [otherVm],
        openedAt: t,
        runs: [{ playbookId: poor, at: minutesAfter(t, 1) }],
        ...(i === 0 ? { restoredAt: minutesAfter(t, 200) } : {}),
        closedAt: minutesAfter(t, 300),
      });
    }
    // Still running: neither a success nor a failure yet, so it is not counted.
    insertIncident(b.db, {
      customerId: other,
      title: 'app01 frozen',
      symptom: 'frozen',
      assetIds: [otherVm],
      openedAt: past(40),
      runs: [{ playbookId: untried, at: minutesAfter(past(40), 1) }],
    });

    const incidentId = insertIncident(b.db, {
      customerId: acme,
      title: 'app01 frozen at console',
      symptom: '',
      assetIds: [vm],
      openedAt: '2025-06-01T11:00:00.000Z',
    });
    const { suggestions } = await call(b, 'incident:suggest', { incidentId });
    expect(suggestions.map((s) => s.playbookId)).toEqual([proven, lucky, untried, poor, firewall]);
    const [p, l, u, d, f] = suggestions;
    expect(p?.stats).toEqual({
      runs: 12,
      restoreRate: 1,
      medianMinutesToRestore: 36,
      customerRuns: 2,
      customerMedianMinutesToRestore: 31,
    });
    expect(p?.reason).toBe(
      "Applies to VMs · symptom 'frozen' · restored 12 of 12 runs, median 36 min (Acme Manufacturing: 2 runs, 31 min)",
    );
    expect(l?.reason).toBe("Applies to VMs · symptom 'frozen' · restored 1 of 1 run, median 5 min");
    expect(u?.stats.runs).toBe(0);
    expect(u?.reason).toBe("Applies to VMs · symptom 'frozen' · no runs yet");
    expect(d?.stats).toMatchObject({ runs: 6, restoreRate: 0.167, medianMinutesToRestore: 200 });
    expect(d?.reason).toMatch(/restored 1 of 6 runs, median 3 h 20 min \(review overdue\)$/);
    expect(f?.reason).toBe('For firewalls · no runs yet');
    expect(p!.score).toBeGreaterThan(l!.score);
    expect(l!.score).toBeGreaterThan(u!.score);
  });

  it('weighs tags and the symptom: a tagged playbook for a tagged asset, the symptom over tags', async () => {
    const b = freshBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const dc = insertAsset(b.db, acme, 'vm', 'dc01', ['ad', 'dns', 'tier0']);
    const generic = insertPlaybook(b.db, { title: 'VM unresponsive', kinds: ['vm'], symptoms: ['hung'] });
    const ad = insertPlaybook(b.db, {
      title: 'Domain controller down',
      kinds: ['vm'],
      tags: ['ad', 'tier0'],
    });
    const plain = insertIncident(b.db, {
      customerId: acme,
      title: 'dc01 problem',
      symptom: '',
      assetIds: [dc],
      openedAt: '2025-06-01T11:00:00.000Z',
    });
    const first = (await call(b, 'incident:suggest', { incidentId: plain })).suggestions;
    expect(first.map((s) => s.playbookId)).toEqual([ad, generic]);
    expect(first[0]?.reason).toMatch(/^Applies to VMs · tags 'ad', 'tier0' · /);
    const hung = insertIncident(b.db, {
      customerId: acme,
      title: 'dc01 console hung',
      symptom: 'hung',
      assetIds: [dc],
      openedAt: '2025-06-01T11:05:00.000Z',
    });
    const second = (await call(b, 'incident:suggest', { incidentId: hung })).suggestions;
    expect(second.map((s) => s.playbookId)).toEqual([generic, ad]);
  });

  it('judges each named asset by its own kind and tags, and re-ranks for the asset it will run on', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db, 'sql%');
    const onIt = b.db
      .prepare(
        `SELECT a.id FROM asset_addresses aa JOIN assets a ON a.id = aa.asset_id
          WHERE aa.address = ? AND a.kind = 'database' AND a.deleted_at IS NULL ORDER BY a.name LIMIT 1`,
      )
      .get(vm.ip) as { id: string };
    const incidentId = insertIncident(b.db, {
      customerId: vm.customerId,
      title: `${vm.name} is DOWN`,
      symptom: 'down',
      assetIds: [vm.id, onIt.id],
      openedAt: '2025-06-01T11:45:00.000Z',
    });
    // The machine is down: the VM playbook, not the database one the VM's 'sql' tag suggests.
    const all = (await call(b, 'incident:suggest', { incidentId, limit: 3 })).suggestions;
    expect(all[0]?.title).toBe('VM unresponsive');
    expect(all.map((s) => s.title)).toContain('Database service down');
    const onDb = (await call(b, 'incident:suggest', { incidentId, limit: 3, assetId: onIt.id })).suggestions;
    expect(onDb[0]?.title).toBe('Database service down');
    expect(onDb[0]?.reason).toMatch(/^Applies to databases · tag 'sql' · /);
    const elsewhere = b.db
      .prepare(
        `SELECT a.id FROM assets a JOIN customers c ON c.id = a.customer_id
          WHERE a.customer_id <> ? AND c.kind = 'customer' AND a.deleted_at IS NULL LIMIT 1`,
      )
      .get(vm.customerId) as { id: string };
    expect((await errorOf(b, 'incident:suggest', { incidentId, assetId: elsewhere.id })).code).toBe(
      'VALIDATION',
    );
    expect((await errorOf(b, 'incident:suggest', { incidentId, assetId: uuidv7() })).code).toBe('VALIDATION');
  });

  it('never lifts a playbook that fits less by its past results', async () => {
    const b = freshBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const vm = insertAsset(b.db, acme, 'vm', 'app01', ['app']);
    const fits = insertPlaybook(b.db, { title: 'Frozen guest', kinds: ['vm'], symptoms: ['frozen'] });
    const proven = insertPlaybook(b.db, { title: 'Patch guest', kinds: ['vm'], symptoms: ['patching'] });
    for (let i = 0; i < 20; i++) {
      const at = new Date(Date.parse('2025-03-01T00:00:00Z') + i * 86_400_000).toISOString();
      insertIncident(b.db, {
        customerId: acme,
        title: 'app01 patching',
        symptom: 'patching',
        assetIds: [vm],
        openedAt: at,
        runs: [{ playbookId: proven, at: minutesAfter(at, 1) }],
        restoredAt: minutesAfter(at, 4),
      });
    }
    const incidentId = insertIncident(b.db, {
      customerId: acme,
      title: 'app01 frozen',
      symptom: 'frozen',
      assetIds: [vm],
      openedAt: '2025-06-01T11:00:00.000Z',
    });
    const { suggestions } = await call(b, 'incident:suggest', { incidentId });
    expect(suggestions.map((s) => s.playbookId)).toEqual([fits, proven]);
  });

  it('holds a destructive or security-response playbook back without a direct symptom match, and says why', async () => {
    const b = freshBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const vm = insertAsset(b.db, acme, 'vm', 'fs01', ['files']);
    const isolate = insertPlaybook(b.db, {
      title: 'Isolate the machine',
      kinds: ['vm'],
      symptoms: ['encrypted', 'ransom note'],
      risk: 'security-response',
    });
    const restart = insertPlaybook(b.db, { title: 'Restart guest', kinds: ['vm', 'database'], symptoms: [] });
    const down = insertIncident(b.db, {
      customerId: acme,
      title: 'fs01 is down',
      symptom: 'down',
      assetIds: [vm],
      openedAt: '2025-06-01T11:00:00.000Z',
    });
    const first = (await call(b, 'incident:suggest', { incidentId: down })).suggestions;
    expect(first.map((s) => s.playbookId)).toEqual([restart, isolate]);
    expect(first[1]?.reason).toMatch(
      /held back: a security response \(isolates machines and accounts\), first only when the alert names its symptoms/,
    );
    const encrypted = insertIncident(b.db, {
      customerId: acme,
      title: 'fs01 files encrypted, ransom note on the share',
      symptom: '',
      assetIds: [vm],
      openedAt: '2025-06-01T11:05:00.000Z',
    });
    const second = (await call(b, 'incident:suggest', { incidentId: encrypted })).suggestions;
    expect(second.map((s) => s.playbookId)).toEqual([isolate, restart]);
    expect(second[0]?.reason).toMatch(
      /^Applies to VMs · symptoms 'ransom note', 'encrypted' · a security response \(isolates machines and accounts\) · /,
    );
  });

  it('answers NOT_FOUND for an unknown or deleted incident and VALIDATION for a bad id', async () => {
    const b = freshBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    const before = dumpDatabase(b.db);
    const missing = await errorOf(b, 'incident:suggest', { incidentId: uuidv7() });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/no incident with id/);
    expect((await errorOf(b, 'incident:suggest', { incidentId: 'nope' })).code).toBe('VALIDATION');
    expect((await errorOf(b, 'incident:suggest', { incidentId: uuidv7(), limit: 0 })).code).toBe(
      'VALIDATION',
    );
    expect(dumpDatabase(b.db)).toBe(before);
    const id = insertIncident(b.db, {
      customerId: acme,
      title: 'x',
      symptom: '',
      assetIds: [],
      openedAt: '2025-06-01T11:00:00.000Z',
    });
    b.db.prepare('UPDATE incidents SET deleted_at = ? WHERE id = ?').run(NOW.toISOString(), id);
    expect((await errorOf(b, 'incident:suggest', { incidentId: id })).code).toBe('NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------
// Formats, recoveries and duplicates through the intake call

const ALERT_FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'alerts');

function allFixtures(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(ALERT_FIXTURES).sort()) {
    const full = path.join(ALERT_FIXTURES, dir);
    if (fs.statSync(full).isDirectory())
      for (const f of fs.readdirSync(full).sort()) out.push(path.join(full, f));
  }
  return out;
}

describe('alert formats through alert:parse', () => {
  it('reads every format fixture in the contract shape, with a state, and changes nothing', async () => {
    const b = demoBackend();
    const before = dumpDatabase(b.db);
    const files = allFixtures();
    expect(files.length).toBeGreaterThanOrEqual(51);
    const formats = new Set<string>();
    for (const file of files) {
      const m = await call(b, 'alert:parse', { text: fs.readFileSync(file, 'utf8') });
      expect(AlertMatch.parse(m), file).toEqual(m);
      expect(['firing', 'resolved'], file).toContain(m.state);
      expect(m.format === 'json' || m.format === 'text', file).toBe(false);
      // A recovery with nothing open says so and proposes nothing to open.
      expect(m.next, file).toBe(m.state === 'resolved' ? 'nothing_open' : 'open_incident');
      formats.add(m.format);
    }
    expect(formats.size).toBe(13);
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('gives clear results for malformed, empty and 300 KB alerts and changes nothing', async () => {
    const b = demoBackend();
    const before = dumpDatabase(b.db);
    expect((await errorOf(b, 'alert:parse', { text: '\n\n' })).message).toMatch(/The alert is empty/);
    const truncated = await call(b, 'alert:parse', {
      text: fs
        .readFileSync(path.join(ALERT_FIXTURES, 'azure-monitor', 'metric-fired.json'), 'utf8')
        .slice(0, 400),
    });
    expect(truncated.format).toBe('text');
    expect(truncated.why[0]).toMatch(/looks like JSON but is not valid JSON/);
    const brokenMail = await call(b, 'alert:parse', {
      text: 'From: x@y.z\nDate: yesterday\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="nope"\nSubject: =?UTF-8?B?!!!?=\n\n--nope\n',
    });
    expect(brokenMail.title.length).toBeGreaterThan(0);
    const nagios = fs.readFileSync(path.join(ALERT_FIXTURES, 'nagios', 'host-down.txt'), 'utf8');
    const big = `${nagios}\n${'Additional output line with nothing in it\n'.repeat(7500)}`;
    expect(big.length).toBeGreaterThan(300_000);
    const t = performance.now();
    const m = await call(b, 'alert:parse', { text: big });
    expect(performance.now() - t).toBeLessThan(3000);
    expect(m).toMatchObject({
      format: 'nagios',
      state: 'firing',
      title: 'acme-sql01 is DOWN',
      severity: 'sev2',
    });
    expect(dumpDatabase(b.db)).toBe(before);
  });

  it('matches a circuit by the number in its circuit ID, written as a whole token', async () => {
    const b = demoBackend();
    const circuit = b.db
      .prepare(
        `SELECT a.id, a.name, json_extract(a.attributes, '$.circuitId') AS cid, a.customer_id AS customerId
           FROM assets a JOIN customers c ON c.id = a.customer_id
          WHERE a.kind = 'circuit' AND c.kind = 'customer' AND a.deleted_at IS NULL ORDER BY a.id LIMIT 1`,
      )
      .get() as { id: string; name: string; cid: string; customerId: string };
    const number = circuit.cid.split('/').pop() ?? '';
    expect(number).toMatch(/^\d{8}$/);
    const m = await matchAlert(b.db, `Carrier NOC: fault reported on circuit ${number}, loss of light`);
    expect(m.customer?.id).toBe(circuit.customerId);
    expect(m.assets.map((a) => a.id)).toEqual([circuit.id]);
    expect(m.why[0]).toMatch(new RegExp(`^identifier ${number} is ${circuit.name.replace(/[()]/g, '.')}`));
    // Part of a longer number or of a word is not the circuit.
    const part = await matchAlert(b.db, `order 9${number} and ref X${number}`);
    expect(part.assets.map((a) => a.id)).not.toContain(circuit.id);
  });

  it('matches a numeric serial or NetBox circuit id that is the whole value', async () => {
    const b = freshBackend();
    const acme = addCustomer(b.db, { code: 'ACME', name: 'Acme Manufacturing', tier: 'gold' });
    addCustomer(b.db, { code: 'HARB', name: 'Harbor Logistics', tier: 'gold' });
    const id = insertAsset(b.db, acme, 'circuit', '4471023');
    const m = await matchAlert(b.db, 'Ticket 4471023: carrier maintenance tonight');
    expect(m.customer?.code).toBe('ACME');
    expect(m.assets.map((a) => a.id)).toEqual([id]);
  });
});

describe('recoveries and duplicates', () => {
  const nagiosDown = (host: string, ip: string) =>
    [
      `Subject: ** PROBLEM Host Alert: ${host} is DOWN **`,
      '',
      '***** Nagios *****',
      '',
      'Notification Type: PROBLEM',
      `Host: ${host}`,
      'State: DOWN',
      `Address: ${ip}`,
      `Info: CRITICAL - ${ip}: rta nan, lost 100%`,
      '',
      'Date/Time: Sun Jun 1 11:40:12 UTC 2025',
    ].join('\n');
  const nagiosUp = (host: string, ip: string) =>
    nagiosDown(host, ip)
      .replace('PROBLEM Host Alert', 'RECOVERY Host Alert')
      .replace(/is DOWN/, 'is UP')
      .replace('Notification Type: PROBLEM', 'Notification Type: RECOVERY')
      .replace('State: DOWN', 'State: UP')
      .replace(/Info: .*/, `Info: PING OK - ${ip}: rta 0.4ms, lost 0%`)
      .replace('11:40:12', '11:52:40');

  it('names the open incident for a repeat and for a recovery, and opens nothing for a recovery by default', async () => {
    const b = demoBackend();
    const vm = demoVm(b.db);
    const first = await call(b, 'alert:parse', { text: nagiosDown(vm.hostname, vm.ip) });
    expect(first).toMatchObject({
      format: 'nagios',
      state: 'firing',
      next: 'open_incident',
      openIncident: null,
    });
    expect(first.alertAt).toBe('2025-06-01T11:40:12.000Z');

    // Nothing is open yet: the recovery says so.
    const early = await call(b, 'alert:parse', { text: nagiosUp(vm.hostname, vm.ip) });
    expect(early).toMatchObject({ state: 'resolved', next: 'nothing_open', openIncident: null });
    expect(early.why.join(' ')).toMatch(/resolved and .* has no matching open incident: nothing to open/);
    const before = dumpDatabase(b.db);
    const refused = await errorOf(b, 'incident:open', {
      customerId: vm.customerId,
      title: early.title,
      severity: 'sev2',
      assetIds: early.assets.map((a) => a.id),
      alert: { format: early.format, excerpt: 'x', state: 'resolved' },
    });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/already resolved, so no incident was opened/);
    expect(dumpDatabase(b.db)).toBe(before);

    const opened = await call(b, 'incident:open', {
      customerId: vm.customerId,
      title: first.title,
      severity: first.severity ?? 'sev2',
      assetIds: first.assets.map((a) => a.id),
      clockStartAt: first.alertAt ?? undefined,
      alert: {
        format: first.format,
        excerpt: 'x',
        state: 'firing',
        fingerprint: first.fingerprint ?? undefined,
      },
    });
    const incidentId = opened.state.id;

    const again = await call(b, 'alert:parse', { text: nagiosDown(vm.hostname, vm.ip) });
    expect(again.next).toBe('attach_to_incident');
    expect(again.openIncident).toMatchObject({ id: incidentId, clockStartAt: '2025-06-01T11:40:12.000Z' });

    // The recovery's title differs ("is UP"): its fingerprint finds the incident.
    const recovered = await call(b, 'alert:parse', { text: nagiosUp(vm.hostname, vm.ip) });
    expect(recovered).toMatchObject({
      state: 'resolved',
      next: 'mark_restored',
      alertAt: '2025-06-01T11:52:40.000Z',
    });
    expect(recovered.openIncident?.id).toBe(incidentId);
    expect(recovered.openIncident?.why).toMatch(/same asset, same alert fingerprint/);

    // "Mark service restored at the alert's time": the restore is the recovery's time, not now.
    const tooLate = await errorOf(b, 'incident:record', {
      incidentId,
      action: { type: 'restored', at: '2999-01-01T00:00:00Z' },
    });
    expect(tooLate.code).toBe('VALIDATION');
    expect(tooLate.message).toMatch(/in the future/);
    const tooEarly = await errorOf(b, 'incident:record', {
      incidentId,
      action: { type: 'restored', at: '2025-06-01T11:00:00Z' },
    });
    expect(tooEarly.message).toMatch(/before the restore clock started/);
    const restored = await call(b, 'incident:record', {
      incidentId,
      action: { type: 'restored', at: recovered.alertAt ?? undefined },
    });
    expect(restored.state).toMatchObject({ status: 'restored', restoredAt: '2025-06-01T11:52:40.000Z' });
    const board = await call(b, 'incident:list', { status: 'ended' });
    expect(board.items.find((i) => i.id === incidentId)?.restoredAt).toBe('2025-06-01T11:52:40.000Z');
    // Restored, it is no longer open: the recovery pasted again has nothing to mark.
    expect((await call(b, 'alert:parse', { text: nagiosUp(vm.hostname, vm.ip) })).next).toBe('nothing_open');

    // Another customer's identical-looking alert is not this incident.
    const other = demoVm(b.db, 'web%');
    const elsewhere = await call(b, 'alert:parse', { text: nagiosUp(other.hostname, other.ip) });
    expect(elsewhere.openIncident).toBeNull();
  });
});
