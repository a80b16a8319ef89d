/**
 * Upgrades with real rows: for every earlier schema version, a database built with only the
 * migrations up to it, filled the way a console of that version wrote (its columns, its
 * tables), is opened by today's Lifeline and then used as an engineer would: search by name
 * and by IP, the recovery card, the asset page, the incident and its log, the playbook with
 * the customer's overlay, and a sync round to a real central PostgreSQL that another
 * console pulls from. What the upgraded copy shows must equal what the same rows show when
 * written at the latest version.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/db/migrations';
import { backfillIndexes } from '../../electron/core/db/migrations/07-backfill-indexes';
import { sealLegacyEvents, verifyIncident } from '../../electron/core/incidents/chain';
import { recomputeIncident } from '../../electron/core/incidents/log';
import { migrateCentral } from '../../electron/core/sync/central/schema';
import { SYNC_ENTITIES } from '../../electron/core/sync/entities';
import type { CallName, CallOutput } from '../../shared/api/contract';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { centralForFile, SUPERUSER, SUPERUSER_PASSWORD } from '../helpers/central';
import { tempDir } from '../helpers/tmp';

const central = centralForFile();

const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

const T0 = Date.parse('2025-03-03T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** The ids of one set of rows, shared by the upgraded database and its reference. */
function newIds() {
  const names = [
    'vendor',
    'customer',
    'platform',
    'site',
    'environment',
    'host',
    'vm',
    'link',
    'contact1',
    'contact2',
    'contract',
    'window',
    'playbook',
    'playbookVersion',
    'overlay',
    'incident',
    'change',
    'run',
  ] as const;
  return Object.fromEntries(names.map((n) => [n, uuidv7()])) as Record<(typeof names)[number], string>;
}
type Ids = ReturnType<typeof newIds>;

const PLAYBOOK_BODY = {
  summary: 'A domain controller is down; keep one healthy DC serving, then repair it.',
  appliesTo: { assetKinds: ['vm'], tags: ['windows'], symptoms: ['logon', 'dns'] },
  restoreTargetMinutes: 60,
  parameters: [
    { name: 'backup_vault', type: 'string', default: null, description: 'Where the DC backups live' },
  ],
  steps: [
    {
      id: 'check-replication',
      title: 'Check replication health',
      instruction: 'Run repadmin on the healthy DC.',
      command: 'repadmin /replsummary',
      expected: 'No failures',
      timeboxMinutes: 10,
      kind: 'check',
      customizable: false,
    },
    {
      id: 'restore-dc',
      title: 'Restore the DC from backup',
      instruction: 'Restore from {{backup_vault}}.',
      command: null,
      expected: null,
      timeboxMinutes: 30,
      kind: 'action',
      customizable: true,
    },
  ],
};

/**
 * Writes one customer's environment, a playbook with the customer's overlay and an incident
 * worked with it, as a console at schema `version` wrote them: that version's columns and
 * event payloads. Into a newer database (the reference) the same rows go unchanged.
 */
function fillAt(db: Db, version: number, id: Ids): void {
  const schema = db.pragma('user_version', { simple: true }) as number;
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  const t = at(0);
  db.transaction(() => {
    run(
      `INSERT INTO vendors (id, name, support_phone, support_email, website, created_at, updated_at)
       VALUES (?, 'Dell Technologies', '+1 800 624 9897', 'support@dell.example', 'https://dell.example', ?, ?)`,
      id.vendor,
      t,
      t,
    );
    run(
      `INSERT INTO customers (id, code, name, tier, time_zone, restore_targets, support_hours, notes, tags,
                              reviewed_at, review_interval_days, source, created_at, updated_at)
       VALUES (?, 'HARB', 'Harbor Logistics', 'platinum', 'Europe/Amsterdam', ?, '24x7', 'Night shift at the Rotterdam depot',
               '["logistics","port"]', '2025-01-15', 180, 'csv', ?, ?)`,
      id.customer,
      JSON.stringify({ sev1: 60, sev2: 120, sev3: 480, sev4: 2880 }),
      t,
      t,
    );
    if (version >= 2) {
      run(
        `INSERT INTO customers (id, code, name, tier, time_zone, restore_targets, kind, created_at, updated_at)
         VALUES (?, 'MSP', 'Shared Platform', 'platinum', 'UTC', ?, 'internal', ?, ?)`,
        id.platform,
        JSON.stringify({ sev1: 30, sev2: 60, sev3: 240, sev4: 1440 }),
        t,
        t,
      );
    }
    run(
      `INSERT INTO sites (id, customer_id, name, city, address, created_at, updated_at)
       VALUES (?, ?, 'Rotterdam depot', 'Rotterdam', 'Waalhaven 1', ?, ?)`,
      id.site,
      id.customer,
      t,
      t,
    );
    run(
      `INSERT INTO environments (id, customer_id, site_id, name, kind, created_at, updated_at)
       VALUES (?, ?, ?, 'Production', 'production', ?, ?)`,
      id.environment,
      id.customer,
      id.site,
      t,
      t,
    );
    const asset = `INSERT INTO assets (id, customer_id, environment_id, site_id, kind, name, hostname, ip_addresses,
                                       platform, vendor_id, model, serial, criticality, management_url, access_notes,
                                       attributes, tags, created_at, updated_at)
                   VALUES (@id, @customer, @environment, @site, @kind, @name, @hostname, @ips, @platform, @vendor,
                           @model, @serial, @criticality, @url, @access, @attributes, @tags, @t, @t)`;
    const place = { customer: id.customer, environment: id.environment, site: id.site, vendor: id.vendor, t };
    db.prepare(asset).run({
      ...place,
      id: id.host,
      kind: 'hypervisor_host',
      name: 'harb-esx01',
      hostname: 'harb-esx01.harbor.local',
      ips: '["10.40.0.5"]',
      platform: 'VMware ESXi 8',
      model: 'PowerEdge R750',
      serial: 'SVC7Q2X',
      criticality: 'critical',
      url: 'https://10.40.0.5/ui',
      access: 'vault:kv/harbor/esx01',
      attributes: '{"rack":"R2"}',
      tags: '["vmware"]',
    });
    db.prepare(asset).run({
      ...place,
      id: id.vm,
      kind: 'vm',
      name: 'harb-dc01',
      hostname: 'harb-dc01.harbor.local',
      ips: '["10.40.1.11/24","10.40.1.12"]',
      platform: 'Windows Server 2022',
      model: null,
      serial: null,
      criticality: 'high',
      url: null,
      access: 'vault:kv/harbor/dc01',
      attributes: '{"role":"domain controller"}',
      tags: '["windows","ad"]',
    });
    run(
      `INSERT INTO asset_links (id, from_asset_id, to_asset_id, kind, created_at, updated_at)
       VALUES (?, ?, ?, 'runs_on', ?, ?)`,
      id.link,
      id.vm,
      id.host,
      t,
      t,
    );
    const contact = `INSERT INTO contacts (id, customer_id, name, role, phone, email, escalation_order, notes, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    run(
      contact,
      id.contact1,
      id.customer,
      'Marit Jansen',
      'IT manager',
      '+31 10 555 0101',
      'marit@harbor.example',
      1,
      null,
      t,
      t,
    );
    run(
      contact,
      id.contact2,
      id.customer,
      'Pieter de Vries',
      'CFO',
      '+31 10 555 0102',
      null,
      2,
      'Only for sev1',
      t,
      t,
    );
    run(
      `INSERT INTO support_contracts (id, customer_id, vendor_id, contract_number, support_phone, hours, expires_on, created_at, updated_at)
       VALUES (?, ?, ?, 'PS-88123', '+31 20 674 4000', '24x7 4h', '2026-12-31', ?, ?)`,
      id.contract,
      id.customer,
      id.vendor,
      t,
      t,
    );
    run(
      `INSERT INTO maintenance_windows (id, customer_id, name, weekday, start_time, duration_minutes, created_at, updated_at)
       VALUES (?, ?, 'Sunday patching', 7, '02:00', 120, ?, ?)`,
      id.window,
      id.customer,
      t,
      t,
    );
    run(
      `INSERT INTO playbooks (id, title, current_version, owner, review_interval_days, reviewed_at, created_at, updated_at)
       VALUES (?, 'Domain controller down', 1, 'Windows team', 90, ?, ?, ?)`,
      id.playbook,
      t,
      t,
      t,
    );
    run(
      `INSERT INTO playbook_versions (id, playbook_id, number, body, author, created_at)
       VALUES (?, ?, 1, ?, 'Sam Carter', ?)`,
      id.playbookVersion,
      id.playbook,
      JSON.stringify(PLAYBOOK_BODY),
      t,
    );
    run(
      `INSERT INTO overlays (id, customer_id, playbook_id, core_version, body, created_at, updated_at)
       VALUES (?, ?, ?, 1, ?, ?, ?)`,
      id.overlay,
      id.customer,
      id.playbook,
      JSON.stringify({
        parameters: { backup_vault: 'veeam://harb-vbr01/dc' },
        steps: {
          'restore-dc': { replace: { instruction: 'Restore from {{backup_vault}}, then call Marit.' } },
        },
      }),
      t,
      t,
    );
    run(
      `INSERT INTO incidents (id, customer_id, title, severity, status, opened_at, restored_at, closed_at, created_at, updated_at)
       VALUES (?, ?, 'harb-dc01 not answering', 'sev2', 'restored', ?, ?, NULL, ?, ?)`,
      id.incident,
      id.customer,
      at(0),
      at(42),
      at(0),
      at(42),
    );
    // From version 4 the service gives each run an id; older logs have none.
    const runId = version >= 4 ? { runId: id.run } : {};
    const events: Array<[number, string, Record<string, unknown>]> = [
      [
        0,
        'opened',
        {
          customerId: id.customer,
          title: 'harb-dc01 not answering',
          severity: 'sev2',
          symptom: 'logon failures',
          assetIds: [id.vm],
          source: 'monitoring',
        },
      ],
      [3, 'acknowledged', {}],
      [
        5,
        'playbook_started',
        { ...runId, playbookId: id.playbook, playbookVersion: 1, overlayId: id.overlay, assetId: id.vm },
      ],
      [12, 'step_done', { ...runId, stepId: 'check-replication', note: 'dc02 healthy' }],
      [40, 'step_done', { ...runId, stepId: 'restore-dc', note: 'restored from last night' }],
      [42, 'restored', { summary: 'Logons work again' }],
    ];
    events.forEach(([m, type, payload], i) => {
      run(
        `INSERT INTO incident_events (id, incident_id, at, device, author, type, payload) VALUES (?, ?, ?, 'console-a', 'Sam Carter', ?, ?)`,
        `${id.incident.slice(0, -2)}${String(i).padStart(2, '0')}`,
        id.incident,
        at(m),
        type,
        JSON.stringify(payload),
      );
    });
    // From version 4 on, the incident service keeps the derived rows in the same transaction.
    if (schema >= 4) recomputeIncident(db, id.incident);
    // From version 8 on, the incident service writes every event with its hash chain.
    if (schema >= 8) sealLegacyEvents(db);
    run(
      `INSERT INTO change_log (id, at, author, entity, entity_id, action, payload)
       VALUES (?, ?, 'Sam Carter', 'customer', ?, 'create', '{}')`,
      id.change,
      t,
      id.customer,
    );
  })();
}

async function call<N extends CallName>(b: Backend, name: N, input: unknown): Promise<CallOutput<N>> {
  const r = await b.call(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  return r.value as CallOutput<N>;
}

function consoleOn(file: string): Backend {
  const b = createBackend({ dbPath: file, transport: 'web' });
  open.push(b);
  return b;
}

/** What the search index and address index hold, by record. */
function indexes(db: Db): unknown {
  return {
    docs: db
      .prepare(
        `SELECT d.kind, d.ref_id, d.customer_id, f.title, f.keys, f.body
           FROM search_docs d LEFT JOIN search_fts f ON f.rowid = d.rowid ORDER BY d.ref_id`,
      )
      .all(),
    addresses: db.prepare('SELECT asset_id, address FROM asset_addresses ORDER BY asset_id, address').all(),
  };
}

/** Everything an engineer opens for this customer, as the back end answers it. */
async function whatTheEngineerSees(b: Backend, id: Ids) {
  return {
    card: { ...(await call(b, 'customer:get', { id: id.customer })), syncedAt: null },
    asset: await call(b, 'asset:get', { id: id.vm }),
    incident: await call(b, 'incident:get', { id: id.incident }),
    incidents: await call(b, 'incident:list', { customerId: id.customer, status: 'all' }),
    playbook: await call(b, 'playbook:get', { id: id.playbook }),
    overlay: await call(b, 'overlay:get', { playbookId: id.playbook, customerId: id.customer }),
    effective: await call(b, 'playbook:effective', {
      playbookId: id.playbook,
      customerId: id.customer,
      assetId: id.vm,
    }),
  };
}

async function searchIds(b: Backend, query: string): Promise<string[]> {
  return (await call(b, 'search:query', { query })).hits.map((h) => h.id);
}

/** The synced rows a console holds, as (entity, id) pairs. */
function syncedRows(db: Db): string[] {
  const rows: string[] = [];
  for (const e of SYNC_ENTITIES) {
    const where = e.table === 'handovers' ? ' WHERE submitted_at IS NOT NULL' : '';
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(e.table);
    if (!exists) continue;
    for (const rowId of db.prepare(`SELECT id FROM ${e.table}${where}`).pluck().all() as string[])
      rows.push(`${e.entity}/${rowId}`);
  }
  return rows.sort();
}

let databases = 0;

/** A central database of its own on the file's server, with the central schema. */
async function centralDatabase(): Promise<string> {
  const name = `upgrade_${++databases}`;
  await central().sql(`CREATE DATABASE ${name}`);
  const c = new pg.Client({
    host: '127.0.0.1',
    port: central().port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    database: name,
  });
  await c.connect();
  try {
    await migrateCentral(c);
  } finally {
    await c.end();
  }
  return `postgres://${SUPERUSER}@127.0.0.1:${central().port}/${name}`;
}

async function syncNow(b: Backend, url: string): Promise<CallOutput<'sync:now'>> {
  await call(b, 'sync:configure', { url, sslmode: 'disable', password: SUPERUSER_PASSWORD });
  return call(b, 'sync:now', {});
}

describe('upgrading a database with real rows from every earlier schema version', () => {
  for (let version = 1; version < LATEST_SCHEMA_VERSION; version++) {
    it(`version ${version}: search, recovery card, asset, incident, playbook and sync work after the upgrade`, async () => {
      const id = newIds();
      const dir = tempDir();
      const file = path.join(dir, `v${version}.db`);
      const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= version) });
      expect(old.schemaVersion).toBe(version);
      fillAt(old.db, version, id);
      old.db.close();

      const upgraded = consoleOn(file);
      expect((await call(upgraded, 'app:info', {})).schemaVersion).toBe(LATEST_SCHEMA_VERSION);

      // Search: the asset by its address in full (the address index) and as typed so far
      // (full-text), the customer by a word of its name (full-text) and in full, contacts,
      // vendors and playbooks by a word.
      expect((await searchIds(upgraded, '10.40.1.12'))[0]).toBe(id.vm);
      expect((await searchIds(upgraded, '10.40.1.11'))[0]).toBe(id.vm);
      expect(await searchIds(upgraded, 'Harbor')).toContain(id.customer);
      expect((await searchIds(upgraded, 'Harbor Logistics'))[0]).toBe(id.customer);
      expect(await searchIds(upgraded, '10.40.1')).toContain(id.vm);
      expect(await searchIds(upgraded, 'harb dc01')).toContain(id.vm);
      expect(await searchIds(upgraded, 'Marit')).toContain(id.contact1);
      expect(await searchIds(upgraded, '+31105550102')).toContain(id.contact2);
      expect(await searchIds(upgraded, 'Dell')).toContain(id.vendor);
      expect(await searchIds(upgraded, 'replication')).toContain(id.playbook);

      // The card, the asset page, the incident and the playbook open with what was written.
      const seen = await whatTheEngineerSees(upgraded, id);
      const { card, asset, incident, effective } = seen;
      expect(card.contacts.map((c) => c.name)).toEqual(['Marit Jansen', 'Pieter de Vries']);
      expect(card.contracts).toHaveLength(1);
      expect(card.maintenanceWindows).toHaveLength(1);
      expect(card.environments.map((e) => e.name)).toEqual(['Production']);
      expect(asset.ipAddresses).toEqual(['10.40.1.11/24', '10.40.1.12']);
      expect(asset.runsOnChain.map((a) => a.id)).toEqual([id.host]);
      expect(incident.state.status).toBe('restored');
      expect(incident.timeline).toHaveLength(6);
      // The events written before version 8 were sealed by the upgrade, and their chain verifies.
      expect(
        upgraded.db.prepare('SELECT count(*) FROM incident_events WHERE hash IS NULL').pluck().get(),
      ).toBe(0);
      expect(verifyIncident(upgraded.db, id.incident)).toEqual([]);
      const [listed] = seen.incidents.items;
      expect(listed).toMatchObject({
        id: id.incident,
        status: 'restored',
        targetMinutes: 120,
        deadlineAt: at(120),
      });
      expect(listed?.progress).toEqual({ done: 2, total: 2 });
      expect(effective.missing).toEqual([]);
      expect(effective.steps.map((s) => s.instruction.text)).toContain(
        'Restore from veeam://harb-vbr01/dc, then call Marit.',
      );

      // The same rows written into a database created at the latest version give the same
      // indexes and the same screens.
      const reference = openDatabase(path.join(dir, 'reference.db')).db;
      fillAt(reference, version, id);
      expect(indexes(upgraded.db)).toEqual(indexes(reference));
      reference.close();
      const fresh = consoleOn(path.join(dir, 'reference.db'));
      expect(seen).toEqual(await whatTheEngineerSees(fresh, id));

      // Every synced row is queued, pushed in one round, and another console pulls a copy
      // in which the same searches find the same records.
      const rows = syncedRows(upgraded.db);
      const queued = (
        upgraded.db.prepare('SELECT entity, row_id FROM sync_outbox').all() as Array<{
          entity: string;
          row_id: string;
        }>
      )
        .map((r) => `${r.entity}/${r.row_id}`)
        .sort();
      expect(queued).toEqual(rows);
      const url = await centralDatabase();
      expect(await syncNow(upgraded, url)).toMatchObject({ pushed: rows.length, conflicts: 0, denied: 0 });
      expect(await call(upgraded, 'sync:status', {})).toMatchObject({ outbox: 0, conflicts: 0 });
      const other = consoleOn(path.join(tempDir(), 'other.db'));
      expect(await syncNow(other, url)).toMatchObject({ pulled: rows.length, conflicts: 0 });
      expect(syncedRows(other.db)).toEqual(rows);
      expect((await searchIds(other, '10.40.1.12'))[0]).toBe(id.vm);
      expect(await searchIds(other, 'Harbor')).toContain(id.customer);
      expect((await whatTheEngineerSees(other, id)).card).toEqual(seen.card);
    }, 60_000);
  }
});

describe('shipped migrations are frozen', () => {
  // sha256 of each version's SQL as it shipped. A change here changes what an old version
  // did to databases already past it: write the next version instead.
  const SHIPPED: Readonly<Record<number, string>> = {
    1: 'e5c5d2f3c80d1f966e2051914d8488ecaabdf31301ca543f495630fac7502439',
    2: '5f7d8fb9ee7b7bed245d3b6f4982e1ad7a797fa6f8b0ed801ff2f092b2a91b56',
    3: '2f38da330f99fc92e990486b01a7d6904bdd698b457a45702500140cea1f137c',
    4: 'b9e192fe158c619553191b2221f89afd41719848ec6cfe7656d44583cc02a8a8',
    5: 'b087a1f6638a0b8f8692e5611ca3146d7db72ac9098e825cccbabc1967ac52d4',
    6: 'b8dac7af1fadd72a413f48e11c8607f96722f9efb70651e2ee3aa6597dab94ba',
    7: '2126f828bcbffa8ef8a249140975201554c14e000842ba7379d95e93d4c14387',
    8: '61c4680605639ad843ecbb9ec1a7e8216ce7af54664643509c9ca3d8a1129944',
    9: '05956a62511f389d602986957304d229733ebae614f7136ebd4f3f8b921acf1c',
    10: 'd1645bbe88b66499c437f6921fb0da7dd507b4daf2f0afad2d836625d78aecb4',
    11: 'ff67f3d8bd2a17dcf8b54c7eb733efb365f6b0be2f1261c9424e353f1c952dfa',
    12: '74061e0916b03a5ce9d9288f09e1e12a1cabf45198a8b6322ab83716436e96a1',
    13: 'd4de32edec719dd9f7908ac0f63674b07dc98784abf1cde58db20fc8ba09641d',
  };

  it('versions are numbered 1, 2, 3, … in order, and no shipped version has changed', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
    for (const m of MIGRATIONS.filter((x) => x.version in SHIPPED)) {
      expect(createHash('sha256').update(m.up).digest('hex'), `version ${m.version}`).toBe(
        SHIPPED[m.version],
      );
    }
  });

  it('the backfill changes nothing on a database created at the latest version, however often it runs', () => {
    const id = newIds();
    const { db } = openDatabase(path.join(tempDir(), 'fresh.db'));
    fillAt(db, LATEST_SCHEMA_VERSION, id);
    const before = {
      indexes: indexes(db),
      master: db.prepare('SELECT * FROM sqlite_master ORDER BY name').all(),
    };
    db.exec(backfillIndexes.up);
    db.exec(backfillIndexes.up);
    expect({
      indexes: indexes(db),
      master: db.prepare('SELECT * FROM sqlite_master ORDER BY name').all(),
    }).toEqual(before);
    db.close();
  });
});
