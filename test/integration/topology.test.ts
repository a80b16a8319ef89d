import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import type { Db } from '../../electron/core/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import type { CallName, CallOutput } from '../../shared/api/contract';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { apiOf, call } from '../helpers/api';
import { dumpDatabase, tempDir } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => backend?.close());

const NOW = '2025-06-01T12:00:00.000Z';

function freshBackend(): Backend {
  backend = createBackend({ dbPath: path.join(tempDir(), 'lifeline.db'), transport: 'web' });
  return backend;
}

async function errorCode(b: Backend, name: CallName, input: unknown): Promise<string> {
  const result = await b.call(name, input);
  return result.ok ? 'ok' : result.error.code;
}

/** A small hand-made book: a shared platform, four customers, a carrier, a cycle. */
function buildBook(db: Db) {
  const customer = (code: string, tier: string, sev1: number, kind = 'customer') => {
    const id = uuidv7();
    db.prepare(
      `INSERT INTO customers (id, code, name, tier, time_zone, restore_targets, kind, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Europe/London', ?, ?, ?, ?)`,
    ).run(
      id,
      code,
      `${code} Ltd`,
      tier,
      JSON.stringify({ sev1, sev2: 120, sev3: 480, sev4: 2880 }),
      kind,
      NOW,
      NOW,
    );
    return id;
  };
  const vendor = (name: string) => {
    const id = uuidv7();
    db.prepare(
      'INSERT INTO vendors (id, name, support_phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, name, '+44 20 7946 0000', NOW, NOW);
    return id;
  };
  const environment = (customerId: string, name: string) => {
    const id = uuidv7();
    db.prepare(
      `INSERT INTO environments (id, customer_id, name, kind, created_at, updated_at) VALUES (?, ?, ?, 'production', ?, ?)`,
    ).run(id, customerId, name, NOW, NOW);
    return id;
  };
  const asset = (
    customerId: string,
    name: string,
    kind: string,
    opts: { criticality?: string; vendorId?: string; environmentId?: string; deleted?: boolean } = {},
  ) => {
    const id = uuidv7();
    db.prepare(
      `INSERT INTO assets (id, customer_id, environment_id, kind, name, hostname, ip_addresses, vendor_id,
                           criticality, attributes, tags, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      customerId,
      opts.environmentId ?? null,
      kind,
      name,
      `${name}.example.net`,
      JSON.stringify(['10.0.0.1']),
      opts.vendorId ?? null,
      opts.criticality ?? 'medium',
      JSON.stringify({ cores: 8 }),
      JSON.stringify(['prod']),
      NOW,
      NOW,
      opts.deleted ? NOW : null,
    );
    return id;
  };
  const link = (from: string, to: string, kind: 'runs_on' | 'depends_on', deleted = false) => {
    db.prepare(
      `INSERT INTO asset_links (id, from_asset_id, to_asset_id, kind, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(uuidv7(), from, to, kind, NOW, NOW, deleted ? NOW : null);
  };

  const mspi = customer('MSPI', 'platinum', 30, 'internal');
  const plat = customer('PLAT', 'platinum', 30);
  const gold = customer('GOLD', 'gold', 60);
  const gold2 = customer('GLDB', 'gold', 45);
  const bronze = customer('BRNZ', 'bronze', 240);
  const dell = vendor('Dell Technologies');
  const lumen = vendor('Lumen');
  db.prepare(
    `INSERT INTO support_contracts (id, customer_id, vendor_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  ).run(uuidv7(), plat, lumen, NOW, NOW);

  const host1 = asset(mspi, 'mspi-host-01', 'hypervisor_host', { vendorId: dell, criticality: 'critical' });
  const host2 = asset(mspi, 'mspi-host-02', 'hypervisor_host', { vendorId: dell, criticality: 'critical' });
  const cluster = asset(mspi, 'mspi-cluster-a', 'cluster', { criticality: 'critical' });
  link(cluster, host1, 'runs_on');
  link(cluster, host2, 'runs_on');
  const circuit = asset(mspi, 'lumen-dia-01', 'circuit', { vendorId: lumen, criticality: 'critical' });

  const prod = environment(gold, 'Production');
  const goldVm = asset(gold, 'gold-vm', 'vm', { criticality: 'high', environmentId: prod });
  const goldSvc = asset(gold, 'gold-svc', 'application_service', {
    criticality: 'critical',
    environmentId: prod,
  });
  const goldDb = asset(gold, 'gold-db', 'database', { criticality: 'high', environmentId: prod });
  const goldApp = asset(gold, 'gold-app', 'application_service', { criticality: 'critical' });
  const goldFw = asset(gold, 'gold-fw', 'firewall', { criticality: 'medium' });
  link(goldVm, cluster, 'runs_on');
  link(goldSvc, goldVm, 'runs_on');
  link(goldDb, goldVm, 'runs_on');
  link(goldApp, goldDb, 'depends_on');
  link(goldFw, circuit, 'depends_on');

  const gold2Vm = asset(gold2, 'gldb-vm', 'vm', { criticality: 'high' });
  link(gold2Vm, cluster, 'runs_on');
  const bronzeVm = asset(bronze, 'brnz-vm', 'vm', { criticality: 'critical' });
  link(bronzeVm, cluster, 'runs_on');
  const deadVm = asset(bronze, 'brnz-old-vm', 'vm', { deleted: true });
  link(deadVm, cluster, 'runs_on');
  const unlinkedVm = asset(bronze, 'brnz-moved-vm', 'vm');
  link(unlinkedVm, cluster, 'runs_on', true);

  const pHost = asset(plat, 'plat-host', 'hypervisor_host', { vendorId: dell });
  const pFw = asset(plat, 'plat-fw', 'firewall', { criticality: 'critical' });
  link(pFw, circuit, 'depends_on');
  const x = asset(plat, 'plat-x', 'application_service');
  const y = asset(plat, 'plat-y', 'application_service');
  const z = asset(plat, 'plat-z', 'application_service');
  const w = asset(plat, 'plat-w', 'application_service');
  link(x, y, 'depends_on');
  link(y, z, 'depends_on');
  link(z, x, 'depends_on');
  link(x, pHost, 'runs_on');
  link(w, x, 'depends_on');

  return {
    customers: { mspi, plat, gold, gold2, bronze },
    vendors: { dell, lumen },
    env: { prod },
    a: {
      host1,
      host2,
      cluster,
      circuit,
      goldVm,
      goldSvc,
      goldDb,
      goldApp,
      goldFw,
      gold2Vm,
      bronzeVm,
      deadVm,
      pHost,
      pFw,
      x,
      y,
      z,
      w,
    },
  };
}

type Steps = CallOutput<'restore:order'>['steps'];
const waves = (steps: Steps) =>
  steps.reduce<string[][]>((acc, s) => {
    const wave = acc[s.wave - 1] ?? [];
    wave.push(s.asset.name);
    acc[s.wave - 1] = wave;
    return acc;
  }, []);

describe('restore order', () => {
  it("orders a customer's recovery in waves down to the shared platform it runs on", async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const order = await call(b, 'restore:order', { customerId: book.customers.gold });
    expect(waves(order.steps)).toEqual([
      ['lumen-dia-01', 'mspi-host-01', 'mspi-host-02'],
      ['gold-fw', 'mspi-cluster-a'],
      ['gold-vm'],
      ['gold-db', 'gold-svc'],
      ['gold-app'],
    ]);
    expect(order.cycles).toEqual([]);
    const cluster = order.steps.find((s) => s.asset.id === book.a.cluster);
    expect(cluster?.asset.customer.code).toBe('MSPI');
    expect(new Set(cluster?.after)).toEqual(new Set([book.a.host1, book.a.host2]));
    expect(order.steps.find((s) => s.asset.id === book.a.goldApp)?.after).toEqual([book.a.goldDb]);
  });

  it('reports a 3-node cycle instead of hanging, and still orders what needs it after', async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const order = await call(b, 'restore:order', { customerId: book.customers.plat });
    expect(order.cycles).toEqual([[book.a.x, book.a.y, book.a.z]]);
    // The cycle stands after plat-host (level 2), so plat-w, which needs it, comes a wave later.
    expect(waves(order.steps)).toEqual([['lumen-dia-01', 'plat-host'], ['plat-fw'], ['plat-w']]);
    expect(order.steps.find((s) => s.asset.id === book.a.w)?.after).toEqual([book.a.x]);
  });

  it('orders an environment with what it needs, and a failed set among itself only', async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const env = await call(b, 'restore:order', { environmentId: book.env.prod });
    expect(waves(env.steps)).toEqual([
      ['mspi-host-01', 'mspi-host-02'],
      ['mspi-cluster-a'],
      ['gold-vm'],
      ['gold-db', 'gold-svc'],
    ]);
    // The recovery card counts the environment's own assets (three of gold's five).
    const card = await call(b, 'customer:get', { id: book.customers.gold });
    expect(card.environments.map((e) => [e.name, e.assetCount])).toEqual([['Production', 3]]);
    const failed = await call(b, 'restore:order', {
      assetIds: [book.a.goldApp, book.a.goldDb, book.a.cluster, book.a.bronzeVm],
    });
    expect(waves(failed.steps)).toEqual([
      ['gold-db', 'mspi-cluster-a'],
      ['brnz-vm', 'gold-app'],
    ]);
  });
});

describe('blast radius', () => {
  it('of a shared cluster reaches every customer on it, most urgent first, with the path back', async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const blast = await call(b, 'blast:radius', { assetId: book.a.cluster });
    expect(blast.source).toEqual({ kind: 'asset', id: book.a.cluster, name: 'mspi-cluster-a' });
    expect(blast.assets.map((a) => [a.name, a.depth])).toEqual([
      ['mspi-cluster-a', 0],
      ['gldb-vm', 1],
      ['gold-svc', 2],
      ['gold-app', 3],
      ['gold-vm', 1],
      ['gold-db', 2],
      ['brnz-vm', 1],
    ]);
    expect(blast.assets.find((a) => a.id === book.a.goldApp)?.path).toEqual([
      book.a.cluster,
      book.a.goldVm,
      book.a.goldDb,
      book.a.goldApp,
    ]);
    expect(
      blast.customers.map((c) => [c.code, c.sev1TargetMinutes, c.affectedAssets, c.criticalAssets]),
    ).toEqual([
      ['MSPI', 30, 1, 1],
      ['GLDB', 45, 1, 0],
      ['GOLD', 60, 4, 2],
      ['BRNZ', 240, 1, 1],
    ]);
  });

  it('of a vendor starts from all its assets: a carrier failing takes its circuits and what needs them', async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const carrier = await call(b, 'blast:radius', { vendorId: book.vendors.lumen });
    expect(carrier.source).toEqual({ kind: 'vendor', id: book.vendors.lumen, name: 'Lumen' });
    expect(carrier.assets.map((a) => [a.name, a.depth, a.customer.code])).toEqual([
      ['plat-fw', 1, 'PLAT'],
      ['lumen-dia-01', 0, 'MSPI'],
      ['gold-fw', 1, 'GOLD'],
    ]);
    expect(carrier.customers.map((c) => c.code)).toEqual(['PLAT', 'MSPI', 'GOLD']);
    const hardware = await call(b, 'blast:radius', { vendorId: book.vendors.dell });
    expect(hardware.assets.filter((a) => a.depth === 0).map((a) => a.name)).toEqual([
      'plat-host',
      'mspi-host-01',
      'mspi-host-02',
    ]);
    // The cycle behind plat-host is reached once per member, and the walk ends.
    expect(hardware.assets.map((a) => a.name)).toEqual(
      expect.arrayContaining(['plat-x', 'plat-y', 'plat-z', 'plat-w', 'brnz-vm', 'gold-app']),
    );
    expect(new Set(hardware.assets.map((a) => a.id)).size).toBe(hardware.assets.length);
  });
});

describe('asset page, topology and vendors', () => {
  it('asset:get gives the layer chain down and up and the direct links both ways', async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const svc = await call(b, 'asset:get', { id: book.a.goldSvc });
    expect(svc.runsOnChain.map((a) => [a.name, a.depth, a.customer.code])).toEqual([
      ['gold-vm', 1, 'GOLD'],
      ['mspi-cluster-a', 2, 'MSPI'],
      ['mspi-host-01', 3, 'MSPI'],
      ['mspi-host-02', 3, 'MSPI'],
    ]);
    expect(svc.hosts).toEqual([]);
    expect(svc.environment).toMatchObject({ id: book.env.prod, name: 'Production', kind: 'production' });
    expect(svc.attributes).toEqual({ cores: 8 });
    expect(svc.tags).toEqual(['prod']);
    expect(svc.ipAddresses).toEqual(['10.0.0.1']);

    const cluster = await call(b, 'asset:get', { id: book.a.cluster });
    expect(cluster.hosts.map((a) => [a.name, a.depth])).toEqual([
      ['brnz-vm', 1],
      ['gldb-vm', 1],
      ['gold-vm', 1],
      ['gold-db', 2],
      ['gold-svc', 2],
    ]);
    const db = await call(b, 'asset:get', { id: book.a.goldDb });
    expect(db.dependents.map((a) => a.name)).toEqual(['gold-app']);
    const fw = await call(b, 'asset:get', { id: book.a.goldFw });
    expect(fw.dependsOn.map((a) => [a.name, a.customer.code])).toEqual([['lumen-dia-01', 'MSPI']]);
    const host = await call(b, 'asset:get', { id: book.a.host1 });
    expect(host.vendor).toEqual({
      id: book.vendors.dell,
      name: 'Dell Technologies',
      supportPhone: '+44 20 7946 0000',
    });
  });

  it("customer:topology gives the customer's assets, links and the other accounts' assets they need", async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const topo = await call(b, 'customer:topology', { id: book.customers.gold });
    expect(topo.customer.code).toBe('GOLD');
    expect(topo.assets.map((a) => a.name)).toEqual(['gold-app', 'gold-db', 'gold-fw', 'gold-svc', 'gold-vm']);
    expect(topo.external.map((a) => [a.name, a.customer.code])).toEqual([
      ['lumen-dia-01', 'MSPI'],
      ['mspi-cluster-a', 'MSPI'],
    ]);
    expect(topo.links).toHaveLength(5);
    expect(topo.links).toContainEqual(
      expect.objectContaining({ fromId: book.a.goldVm, toId: book.a.cluster, kind: 'runs_on' }),
    );
    const bronze = await call(b, 'customer:topology', { id: book.customers.bronze });
    // The deleted VM and the deleted link are gone.
    expect(bronze.assets.map((a) => a.name)).toEqual(['brnz-moved-vm', 'brnz-vm']);
    expect(bronze.links).toHaveLength(1);
  });

  it('vendor:list counts customers and assets per vendor, by name, optionally narrowed', async () => {
    const b = freshBackend();
    buildBook(b.db);
    const all = await call(b, 'vendor:list', {});
    expect(all.items.map((v) => [v.name, v.customers, v.assets])).toEqual([
      ['Dell Technologies', 1, 3],
      ['Lumen', 1, 1],
    ]);
    const narrowed = await call(b, 'vendor:list', { query: 'lum' });
    expect(narrowed.items.map((v) => v.name)).toEqual(['Lumen']);
    expect((await call(b, 'vendor:list', { query: '%' })).items).toEqual([]);
  });

  it('refuses malformed and unknown inputs with a clear error and changes nothing', async () => {
    const b = freshBackend();
    const book = buildBook(b.db);
    const before = dumpDatabase(b.db);
    const unknown = uuidv7();
    expect(await errorCode(b, 'restore:order', {})).toBe('VALIDATION');
    expect(
      await errorCode(b, 'restore:order', { customerId: book.customers.gold, environmentId: book.env.prod }),
    ).toBe('VALIDATION');
    expect(await errorCode(b, 'restore:order', { assetIds: [] })).toBe('VALIDATION');
    expect(await errorCode(b, 'restore:order', { customerId: 'not-a-uuid' })).toBe('VALIDATION');
    expect(await errorCode(b, 'restore:order', { customerId: unknown })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'restore:order', { environmentId: unknown })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'restore:order', { assetIds: [book.a.goldVm, unknown] })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'restore:order', { assetIds: [book.a.deadVm] })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'blast:radius', {})).toBe('VALIDATION');
    expect(await errorCode(b, 'blast:radius', { assetId: book.a.cluster, vendorId: book.vendors.dell })).toBe(
      'VALIDATION',
    );
    expect(await errorCode(b, 'blast:radius', { assetId: unknown })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'blast:radius', { assetId: book.a.deadVm })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'blast:radius', { vendorId: unknown })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'asset:get', { id: unknown })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'asset:get', { id: book.a.deadVm })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'customer:topology', { id: unknown })).toBe('NOT_FOUND');
    expect(await errorCode(b, 'vendor:list', { query: 7 })).toBe('VALIDATION');
    const result = await apiOf(b).result('blast:radius', { vendorId: unknown });
    expect(!result.ok && result.error.message).toMatch(/No vendor with id .*vendor list/);
    expect(dumpDatabase(b.db)).toBe(before);
  });
});

describe('on the demo book', () => {
  it("a shared MSPI cluster's failure spans several customers; a large customer orders without cycles", async () => {
    const b = freshBackend();
    generateDemo(b.db, { seed: 1, now: new Date(NOW) });
    const clusters = b.db
      .prepare(
        `SELECT a.id, a.name FROM assets a JOIN customers c ON c.id = a.customer_id
          WHERE c.code = 'MSPI' AND a.kind = 'cluster' AND a.deleted_at IS NULL ORDER BY a.name`,
      )
      .all() as Array<{ id: string; name: string }>;
    expect(clusters.length).toBeGreaterThan(0);
    const widest = await Promise.all(clusters.map((c) => call(b, 'blast:radius', { assetId: c.id })));
    const most = Math.max(...widest.map((r) => r.customers.filter((c) => c.code !== 'MSPI').length));
    expect(most).toBeGreaterThanOrEqual(3);
    for (const r of widest) {
      expect(new Set(r.assets.map((a) => a.id)).size).toBe(r.assets.length);
      for (const a of r.assets) expect(a.path).toHaveLength(a.depth + 1);
    }

    const biggest = b.db
      .prepare(
        `SELECT customer_id AS id, count(*) AS n FROM assets WHERE deleted_at IS NULL
          GROUP BY customer_id ORDER BY n DESC LIMIT 1`,
      )
      .get() as { id: string; n: number };
    const t0 = performance.now();
    const order = await call(b, 'restore:order', { customerId: biggest.id });
    console.info(`restore:order of ${biggest.n} assets: ${(performance.now() - t0).toFixed(1)} ms`);
    expect(order.cycles).toEqual([]);
    const own = order.steps.filter((s) => s.asset.customerId === biggest.id);
    expect(own).toHaveLength(biggest.n);
    const wave = new Map(order.steps.map((s) => [s.asset.id, s.wave]));
    for (const s of order.steps) for (const need of s.after) expect(wave.get(need)).toBeLessThan(s.wave);
  });
});
