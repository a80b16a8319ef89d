/**
 * Bench-only additions to a demo database, so it reaches the sizes the benchmark is held
 * to: more playbooks (variants of the demo's core playbooks, with their customers'
 * overlays) and many past incidents with their event logs, in the same shapes the demo
 * generator writes. One transaction each, prepared statements, a seeded generator.
 */
import type { Severity } from '../../../shared/catalog/schemas';
import type { Db } from '../db/database';
import { ENGINEERS } from '../demo/catalog-data';
import { type IncidentLogSink, writeIncidentLog } from '../demo/incidentLog';
import { DAY, MINUTE } from '../demo/model';
import { demoUuidV7, Rng } from '../demo/random';
import { iso } from '../demo/rows';

/** What a cloned playbook is a variant for: platforms, sites and arrangements an MSP runs. */
const VARIANTS = [
  'Hyper-V',
  'VMware 8',
  'Nutanix AHV',
  'Azure',
  'AWS',
  'branch office',
  'DR site',
  'hosted platform',
  'legacy estate',
  'Linux',
  'Windows Server 2022',
  'Windows Server 2016',
  'out of hours',
  'no on-site staff',
  'retail stores',
  'clinic network',
  'warehouse',
  'factory floor',
  'small office',
  'head office',
  'multi-site',
  'SD-WAN',
  'MPLS',
  'Citrix',
  'AVD',
  'on-prem Exchange',
  'Microsoft 365',
  'Veeam',
  'Commvault',
  'NetApp',
  'Pure Storage',
  'Dell PowerStore',
  'FortiGate',
  'Palo Alto',
  'Meraki',
  'Cisco Catalyst',
  'HPE Aruba',
  'PostgreSQL',
  'SQL Server',
  'Oracle',
];

const VARIANT_SYMPTOMS = [
  'slow',
  'intermittent',
  'timeouts',
  'unreachable',
  'degraded',
  'errors',
  'offline',
  'flapping',
  'packet loss',
  'login failures',
];

interface StepLite {
  readonly id: string;
  readonly kind: string;
  readonly timeboxMinutes: number;
}

interface BodyLite {
  summary?: string;
  appliesTo?: { assetKinds?: string[]; tags?: string[]; symptoms?: string[] };
  steps?: StepLite[];
}

function parseBody(json: string): BodyLite {
  const v: unknown = JSON.parse(json);
  return v !== null && typeof v === 'object' ? (v as BodyLite) : {};
}

/**
 * Adds playbooks until there are `target` live ones: each a variant of a demo playbook
 * (title, summary and symptoms changed; steps kept, so its overlays still fit), with a
 * share of the original's overlays copied onto it. Returns how many were added.
 */
export function topUpPlaybooks(db: Db, target: number, seed: number, nowMs: number): number {
  const have = (
    db.prepare('SELECT count(*) AS n FROM playbooks WHERE deleted_at IS NULL').get() as { n: number }
  ).n;
  const need = target - have;
  if (need <= 0) return 0;
  const sources = db
    .prepare(
      `SELECT id, title, current_version, owner, review_interval_days, reviewed_at, source_id
         FROM playbooks WHERE deleted_at IS NULL ORDER BY id`,
    )
    .all() as Array<{
    id: string;
    title: string;
    current_version: number;
    owner: string | null;
    review_interval_days: number;
    reviewed_at: string | null;
    source_id: string | null;
  }>;
  if (sources.length === 0) return 0;
  const versionsOf = db.prepare(
    'SELECT number, body, author, created_at FROM playbook_versions WHERE playbook_id = ? ORDER BY number',
  );
  const overlaysOf = db.prepare(
    'SELECT customer_id, core_version, body FROM overlays WHERE playbook_id = ? AND deleted_at IS NULL',
  );
  const insertPlaybook = db.prepare(
    `INSERT INTO playbooks (id, title, current_version, owner, review_interval_days, reviewed_at, source, source_id,
       created_at, updated_at, deleted_at, version)
     VALUES (?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, NULL, 1)`,
  );
  const insertVersion = db.prepare(
    'INSERT INTO playbook_versions (id, playbook_id, number, body, author, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertOverlay = db.prepare(
    `INSERT INTO overlays (id, customer_id, playbook_id, core_version, body, created_at, updated_at, deleted_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1)`,
  );
  const rng = new Rng(seed);
  const sourceData = sources.map((s) => ({
    ...s,
    versions: versionsOf.all(s.id) as Array<{
      number: number;
      body: string;
      author: string;
      created_at: string;
    }>,
    overlays: overlaysOf.all(s.id) as Array<{ customer_id: string; core_version: number; body: string }>,
  }));
  db.transaction(() => {
    for (let i = 0; i < need; i++) {
      const src = sourceData[i % sourceData.length]!;
      const first = rng.pick(VARIANTS);
      const variant = i >= sourceData.length * VARIANTS.length ? `${first}, ${rng.pick(VARIANTS)}` : first;
      const title = `${src.title} (${variant})`;
      const firstMs = Date.parse(src.versions[0]?.created_at ?? iso(nowMs - 400 * DAY));
      const id = demoUuidV7(firstMs, rng);
      const updated = src.versions[src.versions.length - 1]?.created_at ?? iso(firstMs);
      insertPlaybook.run(
        id,
        title,
        src.current_version,
        src.owner,
        src.review_interval_days,
        src.reviewed_at,
        `${src.source_id ?? src.id}~${i}`,
        iso(firstMs),
        updated,
      );
      const extraSymptom = rng.pick(VARIANT_SYMPTOMS);
      for (const v of src.versions) {
        const body = parseBody(v.body);
        body.summary = `${body.summary ?? ''} Variant for ${variant}: check the ${variant} specifics in each step.`;
        if (body.appliesTo) body.appliesTo.symptoms = [...(body.appliesTo.symptoms ?? []), extraSymptom];
        insertVersion.run(
          demoUuidV7(Date.parse(v.created_at), rng),
          id,
          v.number,
          JSON.stringify(body),
          v.author,
          v.created_at,
        );
      }
      for (const o of src.overlays) {
        if (!rng.chance(0.3)) continue;
        const at = iso(nowMs - rng.int(2, 200) * DAY);
        insertOverlay.run(demoUuidV7(Date.parse(at), rng), o.customer_id, id, o.core_version, o.body, at, at);
      }
    }
  })();
  return need;
}

interface AssetLite {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly environmentId: string | null;
}

interface PlaybookLite {
  readonly id: string;
  readonly title: string;
  readonly version: number;
  readonly symptoms: readonly string[];
  readonly steps: readonly StepLite[];
}

/**
 * Adds past (restored or closed) incidents until there are `target`, each with the event
 * log an engineer would have left: opened, acknowledged, a call note, the playbook
 * started, every step done or skipped, restored, and mostly closed (the demo's
 * incident-log writer). Returns how many.
 */
export function topUpIncidents(db: Db, target: number, seed: number, nowMs: number): number {
  const have = (db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
  const need = target - have;
  if (need <= 0) return 0;
  const customers = db
    .prepare(`SELECT id FROM customers WHERE deleted_at IS NULL AND kind = 'customer' ORDER BY id`)
    .all() as Array<{ id: string }>;
  const assetsByCustomer = new Map<string, AssetLite[]>();
  for (const a of db
    .prepare(
      `SELECT id, customer_id, name, kind, environment_id FROM assets WHERE deleted_at IS NULL ORDER BY id`,
    )
    .iterate() as Iterable<{
    id: string;
    customer_id: string;
    name: string;
    kind: string;
    environment_id: string | null;
  }>) {
    const list = assetsByCustomer.get(a.customer_id) ?? [];
    list.push({ id: a.id, name: a.name, kind: a.kind, environmentId: a.environment_id });
    assetsByCustomer.set(a.customer_id, list);
  }
  const withAssets = customers.filter((c) => (assetsByCustomer.get(c.id)?.length ?? 0) > 0);
  const playbooksByKind = new Map<string, PlaybookLite[]>();
  const allPlaybooks: PlaybookLite[] = [];
  for (const p of db
    .prepare(
      `SELECT p.id, p.title, p.current_version, v.body FROM playbooks p
         JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
        WHERE p.deleted_at IS NULL ORDER BY p.id`,
    )
    .all() as Array<{ id: string; title: string; current_version: number; body: string }>) {
    const body = parseBody(p.body);
    const lite: PlaybookLite = {
      id: p.id,
      title: p.title,
      version: p.current_version,
      symptoms: body.appliesTo?.symptoms ?? [],
      steps: body.steps ?? [],
    };
    allPlaybooks.push(lite);
    for (const kind of body.appliesTo?.assetKinds ?? []) {
      const list = playbooksByKind.get(kind) ?? [];
      list.push(lite);
      playbooksByKind.set(kind, list);
    }
  }
  if (withAssets.length === 0 || allPlaybooks.length === 0) return 0;
  const overlays = new Map<string, string>();
  for (const o of db
    .prepare('SELECT id, customer_id, playbook_id FROM overlays WHERE deleted_at IS NULL')
    .all() as Array<{ id: string; customer_id: string; playbook_id: string }>)
    overlays.set(`${o.customer_id}|${o.playbook_id}`, o.id);
  const contactOf = db.prepare(
    `SELECT name, role FROM contacts WHERE customer_id = ? AND deleted_at IS NULL ORDER BY escalation_order LIMIT 1`,
  );
  const contacts = new Map<string, { name: string; role: string } | undefined>();

  const insertIncident = db.prepare(
    `INSERT INTO incidents (id, customer_id, title, severity, status, opened_at, restored_at, closed_at,
       created_at, updated_at, deleted_at, version)
     VALUES (@id, @customer_id, @title, @severity, @status, @opened_at, @restored_at, @closed_at,
       @created_at, @updated_at, @deleted_at, @version)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO incident_events (id, incident_id, at, device, author, type, payload, prev_hash, hash)
     VALUES (@id, @incident_id, @at, @device, @author, @type, @payload, @prev_hash, @hash)`,
  );
  const sink: IncidentLogSink = {
    incident: (row) => insertIncident.run(row),
    event: (row) => insertEvent.run(row),
  };
  const rng = new Rng(seed);
  db.transaction(() => {
    for (let i = 0; i < need; i++) {
      const customer = rng.pick(withAssets);
      const assets = assetsByCustomer.get(customer.id) ?? [];
      let asset = rng.pick(assets);
      let candidates = playbooksByKind.get(asset.kind) ?? [];
      for (let attempt = 0; candidates.length === 0 && attempt < 20; attempt++) {
        asset = rng.pick(assets);
        candidates = playbooksByKind.get(asset.kind) ?? [];
      }
      const pb = rng.pick(candidates.length > 0 ? candidates : allPlaybooks);
      const severity = rng.weighted<Severity>([
        ['sev1', 1],
        ['sev2', 3],
        ['sev3', 4],
        ['sev4', 2],
      ]);
      const closed = rng.chance(0.75);
      const openedMs =
        Math.floor((nowMs - rng.int(1, 365) * DAY - rng.int(0, DAY / 1000) * 1000) / 1000) * 1000;
      const restoredMs = openedMs + rng.int(20, 300) * MINUTE + rng.int(0, 59) * 1000;
      const closedMs = closed
        ? Math.min(nowMs - MINUTE, restoredMs + rng.int(30, 3 * 24 * 60) * MINUTE)
        : null;
      const opener = rng.pick(ENGINEERS);
      const engineer = rng.chance(0.6) ? opener : rng.pick(ENGINEERS);
      const id = demoUuidV7(openedMs, rng);
      const symptom = pb.symptoms.length > 0 ? rng.pick(pb.symptoms) : '';
      if (!contacts.has(customer.id))
        contacts.set(customer.id, contactOf.get(customer.id) as { name: string; role: string } | undefined);
      writeIncidentLog(
        {
          id,
          customerId: customer.id,
          title: `${pb.title}: ${asset.name}`,
          severity,
          status: closed ? 'closed' : 'restored',
          openedMs,
          restoredMs,
          closedMs,
          nowMs,
          opener,
          engineer,
          symptom,
          asset,
          contact: contacts.get(customer.id),
          startRun: () => ({
            runId: null,
            payload: {
              playbookId: pb.id,
              playbookVersion: pb.version,
              overlayId: overlays.get(`${customer.id}|${pb.id}`) ?? null,
            },
            steps: pb.steps.map((s) => ({ ...s, timeboxMinutes: s.timeboxMinutes || 5 })),
          }),
        },
        rng,
        sink,
      );
    }
  })();
  return need;
}
