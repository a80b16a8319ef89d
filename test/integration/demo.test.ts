import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { DEMO_DEFAULTS, DEMO_TABLES, type DemoOptions } from '../../electron/core/demo/model';
import type { PlaybookBody } from '../../electron/core/demo/playbook-data';
import { LifelineError } from '../../shared/api/result';
import { UUID_V7_PATTERN } from '../../shared/ids/uuidv7';

const NOW = new Date('2025-06-01T12:00:00Z');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-demo-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'demo.db')).db;
}

function generated(opts: DemoOptions = {}): { db: Db; ms: number } {
  const db = freshDb();
  const t0 = performance.now();
  generateDemo(db, { now: NOW, ...opts });
  return { db, ms: performance.now() - t0 };
}

function all<T>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}

function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

function dump(db: Db): string {
  return JSON.stringify(DEMO_TABLES.map((t) => all(db, `SELECT * FROM ${t} ORDER BY rowid`)));
}

describe('demo data generator', () => {
  it('fills an empty database with the default book: 60 customers plus the MSP shared platform', () => {
    const db = freshDb();
    const progress: Array<[number, number]> = [];
    const summary = generateDemo(db, { now: NOW, onProgress: (d, t) => progress.push([d, t]) });
    console.info(`demo: 60 customers → ${summary.assets} assets, ${summary.asset_links} links`);

    for (const t of DEMO_TABLES) expect(summary[t], t).toBe(count(db, `SELECT count(*) AS n FROM ${t}`));
    expect(summary.customers).toBe(DEMO_DEFAULTS.customers + 1);
    const shared = db.prepare("SELECT tier, name FROM customers WHERE code = 'MSPI'").get() as {
      tier: string;
      name: string;
    };
    expect(shared).toEqual({ tier: 'platinum', name: 'MSP Shared Infrastructure' });
    expect(summary.assets).toBeGreaterThanOrEqual(2500);
    expect(summary.assets).toBeLessThanOrEqual(3500);
    expect(summary.playbooks).toBeGreaterThanOrEqual(20);
    expect(summary.playbooks).toBeLessThanOrEqual(30);
    expect(summary.vendors).toBeGreaterThanOrEqual(20);
    expect(summary.incidents).toBeGreaterThanOrEqual(10);
    expect(progress.at(-1)).toEqual([60, 60]);
    expect(all(db, 'SELECT key, value FROM settings ORDER BY key')).toEqual([
      { key: 'demo', value: 'true' },
      { key: 'demo_seed', value: '1' },
    ]);
    // Every kind of asset the catalog knows shows up.
    expect(count(db, 'SELECT count(DISTINCT kind) AS n FROM assets')).toBe(11);
    // Platinum customers run bigger estates than bronze ones.
    const avg = (tier: string) =>
      count(
        db,
        "SELECT avg(n) AS n FROM (SELECT count(a.id) AS n FROM customers c JOIN assets a ON a.customer_id = c.id WHERE c.tier = ? AND c.code <> 'MSPI' GROUP BY c.id)",
        tier,
      );
    expect(avg('platinum')).toBeGreaterThan(avg('bronze') * 2);
    db.close();
  });

  it('writes consistent records: foreign keys, UUIDv7 ids, sync columns, codes, tiers, time zones', () => {
    const { db } = generated();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const synced = DEMO_TABLES.filter(
      (t) => !['settings', 'playbook_versions', 'incident_events'].includes(t),
    );
    for (const t of [...synced, 'playbook_versions', 'incident_events'] as const) {
      const ids = all<{ id: string }>(db, `SELECT id FROM ${t}`);
      for (const { id } of ids) expect(id, t).toMatch(UUID_V7_PATTERN);
    }
    for (const t of synced) {
      expect(
        count(db, `SELECT count(*) AS n FROM ${t} WHERE deleted_at IS NOT NULL OR version <> 1`),
        t,
      ).toBe(0);
      expect(
        count(
          db,
          `SELECT count(*) AS n FROM ${t} WHERE updated_at < created_at OR created_at > ?`,
          NOW.toISOString(),
        ),
        t,
      ).toBe(0);
    }
    const customers = all<{
      code: string;
      tier: string;
      time_zone: string;
      restore_targets: string;
      source: string;
      source_id: string;
      reviewed_at: string | null;
      review_interval_days: number;
    }>(db, 'SELECT * FROM customers');
    expect(new Set(customers.map((c) => c.code)).size).toBe(customers.length);
    const targets: Record<string, unknown> = {
      platinum: { sev1: 30, sev2: 60, sev3: 240, sev4: 1440 },
      gold: { sev1: 60, sev2: 120, sev3: 480, sev4: 2880 },
      silver: { sev1: 120, sev2: 240, sev3: 1440, sev4: 4320 },
      bronze: { sev1: 240, sev2: 480, sev3: 2880, sev4: 7200 },
    };
    for (const c of customers) {
      expect(c.code).toMatch(/^[A-Z]{4,6}$/);
      expect(JSON.parse(c.restore_targets)).toEqual(targets[c.tier]);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: c.time_zone })).not.toThrow();
      expect(c.source).toBe('demo');
      expect(c.source_id).toBe(c.code);
      expect(c.review_interval_days).toBe(180);
    }
    const tiers = new Map<string, number>();
    for (const c of customers) tiers.set(c.tier, (tiers.get(c.tier) ?? 0) + 1);
    expect(tiers.get('bronze')!).toBeGreaterThan(tiers.get('platinum')!);
    expect(new Set(customers.map((c) => c.time_zone)).size).toBeGreaterThanOrEqual(8);
    // Review dates: some fresh, some overdue, a few never reviewed.
    const ageDays = (iso: string) => (NOW.getTime() - Date.parse(iso)) / 86_400_000;
    expect(customers.some((c) => c.reviewed_at === null)).toBe(true);
    expect(customers.some((c) => c.reviewed_at !== null && ageDays(c.reviewed_at) > 180)).toBe(true);
    expect(customers.some((c) => c.reviewed_at !== null && ageDays(c.reviewed_at) < 180)).toBe(true);
    // Contracts: most valid, some lapsed, some about to lapse.
    const today = NOW.toISOString().slice(0, 10);
    const in30 = new Date(NOW.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(
      count(db, 'SELECT count(*) AS n FROM support_contracts WHERE expires_on < ?', today),
    ).toBeGreaterThan(0);
    expect(
      count(
        db,
        'SELECT count(*) AS n FROM support_contracts WHERE expires_on >= ? AND expires_on <= ?',
        today,
        in30,
      ),
    ).toBeGreaterThan(0);
    expect(
      count(db, 'SELECT count(*) AS n FROM support_contracts WHERE expires_on > ?', in30),
    ).toBeGreaterThan(count(db, 'SELECT count(*) AS n FROM support_contracts') / 2);
    // Maintenance windows are within the schema's shape.
    for (const m of all<{ start_time: string; duration_minutes: number }>(
      db,
      'SELECT * FROM maintenance_windows',
    )) {
      expect(m.start_time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(m.duration_minutes).toBeGreaterThanOrEqual(60);
      expect(m.duration_minutes).toBeLessThanOrEqual(240);
    }
    db.close();
  });

  it('gives every customer 2–5 contacts in escalation order 1..n, with .example e-mail addresses', () => {
    const { db } = generated();
    const rows = all<{ customer_id: string; escalation_order: number; email: string; phone: string }>(
      db,
      'SELECT customer_id, escalation_order, email, phone FROM contacts ORDER BY customer_id, escalation_order',
    );
    const byCustomer = new Map<string, number[]>();
    for (const r of rows) {
      byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r.escalation_order]);
      expect(r.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
      expect(r.phone).toMatch(/^\+\d{1,3}( \d{1,4})+$/);
    }
    expect(byCustomer.size).toBe(count(db, 'SELECT count(*) AS n FROM customers'));
    for (const orders of byCustomer.values()) {
      expect(orders.length).toBeGreaterThanOrEqual(2);
      expect(orders.length).toBeLessThanOrEqual(5);
      expect(orders).toEqual(orders.map((_, i) => i + 1));
    }
    db.close();
  });

  it('links assets into layers without cycles, and shares MSP infrastructure across customers', () => {
    const { db } = generated();
    const links = all<{ from_asset_id: string; to_asset_id: string; kind: string }>(
      db,
      'SELECT from_asset_id, to_asset_id, kind FROM asset_links',
    );
    const assets = new Map(
      all<{ id: string; kind: string; customer_id: string }>(
        db,
        'SELECT id, kind, customer_id FROM assets',
      ).map((a) => [a.id, a]),
    );
    const next = new Map<string, string[]>();
    for (const l of links) {
      expect(assets.has(l.from_asset_id)).toBe(true);
      expect(assets.has(l.to_asset_id)).toBe(true);
      expect(l.from_asset_id).not.toBe(l.to_asset_id);
      next.set(l.from_asset_id, [...(next.get(l.from_asset_id) ?? []), l.to_asset_id]);
    }
    // Iterative three-colour DFS over runs_on and depends_on together.
    const colour = new Map<string, 1 | 2>();
    let cycle: string | null = null;
    for (const start of assets.keys()) {
      if (colour.has(start)) continue;
      const stack: Array<[string, number]> = [[start, 0]];
      colour.set(start, 1);
      while (stack.length > 0 && cycle === null) {
        const top = stack[stack.length - 1]!;
        const children = next.get(top[0]) ?? [];
        if (top[1] < children.length) {
          const child = children[top[1]++]!;
          const c = colour.get(child);
          if (c === 1) cycle = child;
          else if (c === undefined) {
            colour.set(child, 1);
            stack.push([child, 0]);
          }
        } else {
          colour.set(top[0], 2);
          stack.pop();
        }
      }
    }
    expect(cycle).toBeNull();

    // The virtualization layers point the right way: VM → cluster → host.
    const kindOf = (id: string) => assets.get(id)!.kind;
    const pairs = new Set(links.map((l) => `${kindOf(l.from_asset_id)} ${l.kind} ${kindOf(l.to_asset_id)}`));
    expect(pairs).toContain('vm runs_on cluster');
    expect(pairs).toContain('cluster runs_on hypervisor_host');
    expect(pairs).toContain('database runs_on vm');
    expect(pairs).toContain('application_service runs_on vm');
    expect(pairs).toContain('application_service depends_on database');
    expect(pairs).toContain('firewall depends_on circuit');
    expect(pairs).not.toContain('hypervisor_host runs_on cluster');
    expect(pairs).not.toContain('cluster runs_on vm');

    // Customers' VMs run on the MSP's shared clusters and depend on its circuits.
    const shared = (db.prepare("SELECT id FROM customers WHERE code = 'MSPI'").get() as { id: string }).id;
    const crossing = links.filter(
      (l) =>
        assets.get(l.from_asset_id)!.customer_id !== shared &&
        assets.get(l.to_asset_id)!.customer_id === shared,
    );
    const customersOnShared = new Set(crossing.map((l) => assets.get(l.from_asset_id)!.customer_id));
    expect(customersOnShared.size).toBeGreaterThanOrEqual(10);
    expect(crossing.some((l) => l.kind === 'runs_on' && kindOf(l.to_asset_id) === 'cluster')).toBe(true);
    expect(crossing.some((l) => kindOf(l.to_asset_id) === 'circuit')).toBe(true);
    // Links never go from the shared platform into a customer.
    expect(
      links.some(
        (l) =>
          assets.get(l.from_asset_id)!.customer_id === shared &&
          assets.get(l.to_asset_id)!.customer_id !== shared,
      ),
    ).toBe(false);
    db.close();
  });

  it('keeps secrets out: access notes only say where the secret lives', () => {
    const { db } = generated();
    const notes = all<{ access_notes: string }>(
      db,
      'SELECT access_notes FROM assets WHERE access_notes IS NOT NULL',
    );
    expect(notes.length).toBeGreaterThan(1000);
    const secretLike = [
      /(?<![0-9a-z])pass(word)?\s*[=:]/i, // password=..., Password: ... (but not "1Password:")
      /\b(pwd|passwd|secret|token|api[_-]?key|pin)\s*[=:]/i,
      /[a-z0-9._-]+:[^\s@/]+@/i, // user:pass@host
      /\b\w+:(?!\/\/)\S*[0-9!@#$%^&*]\S*/, // user:S3cret! — a colon glued to a secret-looking token
    ];
    for (const { access_notes: note } of notes) {
      for (const re of secretLike) expect(note, `${note} matches ${re}`).not.toMatch(re);
      expect(note).toMatch(/vault:\/\/|1Password:|PAM|SSO/);
    }
    db.close();
  });

  it('gives each customer its own private address range', () => {
    const { db } = generated();
    const owner = new Map<string, string>();
    const rows = all<{ customer_id: string; ip_addresses: string }>(
      db,
      'SELECT customer_id, ip_addresses FROM assets',
    );
    let total = 0;
    for (const r of rows) {
      for (const ip of JSON.parse(r.ip_addresses) as string[]) {
        total += 1;
        expect(ip).toMatch(/^(10\.\d{1,3}|172\.(1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}$/);
        for (const octet of ip.split('.')) expect(Number(octet)).toBeLessThanOrEqual(255);
        const prev = owner.get(ip);
        if (prev !== undefined) expect(prev, `${ip} is used by two customers`).toBe(r.customer_id);
        owner.set(ip, r.customer_id);
      }
    }
    expect(total).toBeGreaterThan(2000);
    db.close();
  });

  it('writes well-formed playbooks and overlays that only touch customization points', () => {
    const { db } = generated();
    const playbooks = all<{ id: string; current_version: number; reviewed_at: string }>(
      db,
      'SELECT * FROM playbooks',
    );
    const bodies = new Map<string, PlaybookBody>();
    for (const p of playbooks) {
      const versions = all<{ number: number; body: string }>(
        db,
        'SELECT number, body FROM playbook_versions WHERE playbook_id = ? ORDER BY number',
        p.id,
      );
      expect(versions.map((v) => v.number)).toEqual(versions.map((_, i) => i + 1));
      expect(versions.at(-1)!.number).toBe(p.current_version);
      for (const v of versions) {
        const body = JSON.parse(v.body) as PlaybookBody;
        bodies.set(`${p.id}@${v.number}`, body);
        expect(body.steps.length).toBeGreaterThanOrEqual(4);
        expect(body.steps.length).toBeLessThanOrEqual(9);
        expect(body.appliesTo.assetKinds.length).toBeGreaterThan(0);
        expect(body.appliesTo.symptoms.length).toBeGreaterThan(0);
        expect(new Set(body.steps.map((s) => s.id)).size).toBe(body.steps.length);
        const declared = new Set(body.parameters.map((x) => x.name));
        for (const s of body.steps) {
          expect(['action', 'check', 'decision', 'escalate', 'communicate']).toContain(s.kind);
          expect(s.timeboxMinutes).toBeGreaterThan(0);
          const text = `${s.instruction} ${s.command ?? ''} ${s.expected ?? ''}`;
          for (const m of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
            const name = m[1]!;
            if (name.startsWith('asset.'))
              expect(['asset.hostname', 'asset.ip', 'asset.name']).toContain(name);
            else expect(declared, `${name} in ${s.id}`).toContain(name);
          }
        }
      }
    }
    expect(playbooks.some((p) => p.current_version === 2)).toBe(true);
    expect(playbooks.some((p) => p.current_version === 1)).toBe(true);
    const overdue = playbooks.filter((p) => NOW.getTime() - Date.parse(p.reviewed_at) > 90 * 86_400_000);
    expect(overdue.length).toBeGreaterThan(0);

    const overlays = all<{ customer_id: string; playbook_id: string; core_version: number; body: string }>(
      db,
      'SELECT * FROM overlays',
    );
    const customers = count(db, "SELECT count(*) AS n FROM customers WHERE code <> 'MSPI'");
    const withOverlay = new Set(overlays.map((o) => o.customer_id)).size;
    expect(withOverlay / customers).toBeGreaterThanOrEqual(0.15);
    expect(withOverlay / customers).toBeLessThanOrEqual(0.25);
    for (const o of overlays) {
      const core = bodies.get(`${o.playbook_id}@${o.core_version}`);
      expect(core).toBeDefined();
      const body = JSON.parse(o.body) as {
        parameters: Record<string, unknown>;
        steps: Record<string, Record<string, unknown>>;
      };
      const params = new Map(core!.parameters.map((x) => [x.name, x]));
      for (const [name, value] of Object.entries(body.parameters)) {
        const declared = params.get(name);
        expect(declared, name).toBeDefined();
        const type = declared!.type === 'contact' ? 'string' : declared!.type;
        expect(typeof value).toBe(type);
      }
      for (const [stepId, change] of Object.entries(body.steps)) {
        const step = core!.steps.find((s) => s.id === stepId);
        expect(step?.customizable, `${stepId} must be a customizable step`).toBe(true);
        expect(Object.keys(change)).toHaveLength(1);
        expect(['replace', 'addAfter', 'skip']).toContain(Object.keys(change)[0]);
      }
    }
    db.close();
  });

  it('records past incidents as consistent event logs', () => {
    const { db } = generated();
    const incidents = all<{
      id: string;
      status: string;
      opened_at: string;
      restored_at: string | null;
      closed_at: string | null;
    }>(db, 'SELECT * FROM incidents');
    expect(incidents.length).toBeGreaterThanOrEqual(10);
    const live = incidents.filter((i) => i.status === 'open' || i.status === 'restoring');
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThanOrEqual(3);
    const known = new Set([
      'opened',
      'acknowledged',
      'playbook_started',
      'step_done',
      'step_skipped',
      'note',
      'restored',
      'closed',
    ]);
    for (const inc of incidents) {
      const events = all<{ at: string; type: string; device: string; author: string }>(
        db,
        'SELECT * FROM incident_events WHERE incident_id = ? ORDER BY at, id',
        inc.id,
      );
      expect(events[0]!.type).toBe('opened');
      expect(events.every((e) => known.has(e.type) && e.device === 'demo' && e.author.length > 0)).toBe(true);
      expect(events.every((e) => e.at <= NOW.toISOString())).toBe(true);
      const types = events.map((e) => e.type);
      if (inc.status === 'restored' || inc.status === 'closed') {
        expect(inc.restored_at).not.toBeNull();
        expect(types).toContain('restored');
        const minutes = (Date.parse(inc.restored_at!) - Date.parse(inc.opened_at)) / 60_000;
        expect(minutes).toBeGreaterThanOrEqual(20);
        expect(minutes).toBeLessThanOrEqual(301);
      } else {
        expect(inc.restored_at).toBeNull();
        expect(types).not.toContain('restored');
      }
      expect(types.includes('closed')).toBe(inc.status === 'closed');
      expect(inc.closed_at !== null).toBe(inc.status === 'closed');
    }
    db.close();
  });

  it('is deterministic: same seed and time give identical rows, another seed differs', () => {
    const a = generated({ seed: 7 }).db;
    const b = generated({ seed: 7 }).db;
    const c = generated({ seed: 8 }).db;
    const dumpA = dump(a);
    expect(dump(b)).toBe(dumpA);
    expect(dump(c)).not.toBe(dumpA);
    for (const db of [a, b, c]) db.close();
  });

  it('refuses a database that already has data, and bad options', () => {
    const { db } = generated({ customers: 5 });
    expect(() => generateDemo(db, { now: NOW })).toThrow(LifelineError);
    const empty = freshDb();
    expect(() => generateDemo(empty, { customers: 0, now: NOW })).toThrow(/customers/);
    expect(() => generateDemo(empty, { customers: DEMO_DEFAULTS.maxCustomers + 1, now: NOW })).toThrow(
      /customers/,
    );
    expect(count(empty, 'SELECT count(*) AS n FROM customers')).toBe(0);
    db.close();
    empty.close();
  });

  it('scales to 500 customers with about 50,000 assets', () => {
    const { db, ms } = generated({ customers: 500, seed: 3 });
    const assets = count(db, 'SELECT count(*) AS n FROM assets');
    console.info(`demo: 500 customers → ${assets} assets in ${Math.round(ms)} ms`);
    expect(assets).toBeGreaterThanOrEqual(45_000);
    expect(assets).toBeLessThanOrEqual(55_000);
    expect(count(db, 'SELECT count(*) AS n FROM customers')).toBe(501);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  }, 180_000);
});
