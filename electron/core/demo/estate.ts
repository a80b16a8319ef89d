/**
 * One customer's estate, layer by layer as it is built: network edge per site (circuits,
 * firewalls, core switches), compute (own storage, hosts and clusters, or the MSP's shared
 * clusters), access switches, then what runs on top: domain controllers, database servers
 * and databases, Kubernetes nodes, cloud resources, general servers, application services,
 * DR replicas and test copies. Each layer links to the one it runs on or depends on.
 */
import type { Tier } from '../../../shared/catalog/schemas';
import { AddressPlan, type Vlan } from './addresses';
import { circuitName, link, managedDevice, writeAsset } from './assets';
import {
  CLOUD_REGIONS,
  CLOUD_RESOURCES,
  COMMON_APPS,
  DB_ENGINES,
  FIREWALL_MODELS,
  type HardwareModel,
  HOST_MODELS,
  HYPERVISORS,
  type Hypervisor,
  STORAGE_MODELS,
  SWITCH_MODELS,
  VENDORS,
  VM_ROLES,
  type VmRole,
} from './catalog-data';
import type { DemoContext } from './context';
import {
  type AssetRef,
  type Criticality,
  type CustomerPlan,
  type CustomerState,
  type EnvKind,
  type EnvRef,
  industryOf,
  mainSite,
  RESTORE_TARGETS,
  type SharedInfra,
  type SiteRef,
} from './model';
import { slug } from './names';
import {
  appPlatform,
  appTagsFor,
  appVendor,
  appVmPrefix,
  CUSTOMER_FACING_APP,
  firmwareFor,
  NO_DATABASE_APP,
  storagePlatform,
  switchOs,
} from './platforms';
import type { Rng } from './random';

export interface EstateEnvironments {
  readonly prod: EnvRef;
  readonly dr: EnvRef | null;
  readonly test: EnvRef | null;
  /** On the MSP's shared clusters instead of hosts of its own. */
  readonly hosted: boolean;
}

export function buildEstate(
  ctx: DemoContext,
  state: CustomerState,
  envs: EstateEnvironments,
  shared: SharedInfra,
): void {
  new Estate(ctx, state, envs, shared).build();
}

interface DatabaseServer {
  readonly vm: AssetRef;
  readonly engine: (typeof DB_ENGINES)[number];
}

/** What the application services run on and lean on, built by the layers below them. */
interface AppFoundation {
  readonly dcs: readonly AssetRef[];
  readonly dbByApp: ReadonlyMap<string, AssetRef>;
  readonly k8sNodes: readonly AssetRef[];
  readonly k8sPlatform: string;
  readonly tenant: AssetRef | null;
  readonly backupVm: AssetRef | undefined;
}

interface VmSpec {
  readonly name: string;
  readonly os: string;
  readonly purpose: string;
  readonly crit: Criticality;
  readonly tags: string[];
  readonly size: { readonly vcpu: number; readonly memoryGb: number };
  readonly vlan: Vlan;
  readonly extra?: Record<string, unknown>;
}

class Estate {
  private readonly rng: Rng;
  private readonly plan: CustomerPlan;
  private readonly tier: Tier;
  private readonly big: boolean;
  private readonly ip: AddressPlan;
  private readonly domain: string;
  private readonly code: string;
  private readonly CODE: string;
  private readonly counters = new Map<string, number>();
  // One hardware family per customer, as in real estates.
  private readonly fwModel: HardwareModel;
  private readonly swModel: HardwareModel;
  private readonly hv: Hypervisor;
  private readonly hostModel: HardwareModel;
  private readonly storageModel: HardwareModel;
  private readonly firmware: string;
  // The layers as they are built.
  private readonly coreBySite = new Map<string, AssetRef>();
  private readonly firewalls: AssetRef[] = [];
  private readonly circuits: AssetRef[] = [];
  private readonly storageFor = new Map<string, AssetRef>(); // site id → array
  private readonly prodClusters: AssetRef[] = [];
  private drCluster: AssetRef | null = null;
  private testCluster: AssetRef | null = null;
  private roundRobin = 0;

  constructor(
    private readonly ctx: DemoContext,
    private readonly state: CustomerState,
    private readonly envs: EstateEnvironments,
    private readonly shared: SharedInfra,
  ) {
    const rng = ctx.rng;
    this.rng = rng;
    this.plan = state.plan;
    this.tier = this.plan.tier;
    this.big = this.tier === 'platinum' || this.tier === 'gold';
    this.ip = new AddressPlan(this.plan.index);
    this.domain = this.plan.localDomain;
    this.code = this.plan.code.toLowerCase();
    this.CODE = this.plan.code;
    this.fwModel = rng.pick(
      this.big ? FIREWALL_MODELS : FIREWALL_MODELS.filter((m) => m.model !== 'FortiGate 600E'),
    );
    this.swModel = rng.pick(SWITCH_MODELS);
    this.hv = rng.weighted(HYPERVISORS.map((h) => [h, h.weight] as const));
    this.hostModel = rng.pick(HOST_MODELS);
    this.storageModel = rng.pick(STORAGE_MODELS);
    this.firmware = firmwareFor(this.fwModel.vendor, rng);
  }

  build(): void {
    const rng = this.rng;
    const { state, tier } = this;
    const { dr, test, hosted } = this.envs;
    for (const [i, site] of state.sites.entries()) this.siteEdge(i, site);
    if (!hosted) this.ownClusters();

    // Split what is left of the budget between the upper layers.
    const R = Math.max(12, this.plan.targetAssets - state.assets.length);
    const hasK8s = tier !== 'bronze' && rng.chance(0.35);
    const appCount = Math.max(3, Math.round(R * 0.15));
    const dbCount = Math.max(1, Math.round(R * 0.09));
    const k8sCount = hasK8s ? Math.max(3, Math.round(R * 0.05)) : 0;
    const cloudCount = Math.max(1, Math.round(R * 0.05));
    const accessCount = Math.round(R * 0.04);
    const vmBudget = R - appCount - dbCount - k8sCount - cloudCount - accessCount;

    this.accessSwitches(accessCount);
    const dcs = this.domainControllers();
    const appNames = this.applicationNames(appCount);
    const dbVms = this.databaseServers(dbCount);
    const dbByApp = this.databases(dbCount, dbVms, appNames);
    const k8sPlatform = rng.pick(['Kubernetes 1.29 (RKE2)', 'Kubernetes 1.30 (kubeadm)', 'OpenShift 4.15']);
    const k8sNodes = this.kubernetesNodes(k8sCount, k8sPlatform);
    const tenant = this.cloudResources(cloudCount);

    // General-purpose VMs, DR replicas and test copies fill the rest of the VM budget.
    const appVmsNeeded = appNames.length - (k8sNodes.length > 0 ? Math.min(3, appNames.length) : 0);
    const generalBudget = Math.max(0, vmBudget - dcs.length - dbVms.length - appVmsNeeded);
    const drShare = dr ? Math.round(generalBudget * 0.2) : 0;
    const testShare = test ? Math.round(generalBudget * 0.12) : 0;
    const prodGeneral = this.generalServers(generalBudget - drShare - testShare);
    const backupVm = prodGeneral.find((v) => v.name.startsWith('bkp'));
    for (const [i, appName] of appNames.entries())
      this.applicationService(i, appName, { dcs, dbByApp, k8sNodes, k8sPlatform, tenant, backupVm });
    this.replicas(drShare, testShare);
  }

  private nextName(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${String(n).padStart(2, '0')}`;
  }

  private envForSite(site: SiteRef): EnvRef {
    return this.state.envs.find((e) => e.site?.id === site.id && e.kind !== 'test') ?? this.envs.prod;
  }

  private device(name: string, vlan: Vlan, model: HardwareModel) {
    return managedDevice(this.ctx, name, this.domain, this.ip.take(vlan), model);
  }

  // --- network edge per site: circuits, firewalls, core switches ---------------------

  private siteEdge(i: number, site: SiteRef): void {
    const env = this.envForSite(site);
    const siteCircuits = this.siteCircuits(i, site, env);
    const fwCount = i === 0 && this.big ? 2 : 1;
    for (let f = 0; f < fwCount; f++) this.firewall(i, f, fwCount, site, env, siteCircuits);
    const coreCount = i === 0 && this.tier !== 'bronze' ? 2 : 1;
    for (let s = 0; s < coreCount; s++) {
      const sw = writeAsset(this.ctx, this.state, {
        kind: 'network_device',
        ...this.device(this.nextName('core-sw'), 'mgmt', this.swModel),
        env,
        site,
        platform: switchOs(this.swModel.vendor),
        criticality: i === 0 ? 'critical' : 'high',
        accessNotes: `TACACS+ via PAM (CyberArk safe MSP-${this.CODE}-NET)`,
        attributes: {
          role: 'core',
          stackMember: coreCount > 1 ? s + 1 : null,
          vlans: [10, 11, 20, 30, 40],
        },
        tags: ['core'],
      });
      if (s === 0) this.coreBySite.set(site.id, sw);
    }
  }

  private siteCircuits(i: number, site: SiteRef, env: EnvRef): AssetRef[] {
    const rng = this.rng;
    const siteCircuits: AssetRef[] = [];
    const carriers = rng.sample(this.plan.region.carriers, i === 0 && this.big ? 2 : 1);
    for (const [ci, carrierKey] of carriers.entries()) {
      const vendor = VENDORS.find((v) => v.key === carrierKey)!;
      const mbps = rng.pick(i === 0 ? [500, 1000, 1000, 2000, 10000] : [100, 200, 500, 1000]);
      const type =
        ci === 0
          ? rng.pick(['DIA', 'DIA', 'Ethernet leased line', 'MPLS'])
          : rng.pick(['SD-WAN broadband', 'DIA', '5G backup']);
      const c = writeAsset(this.ctx, this.state, {
        kind: 'circuit',
        name: circuitName(vendor.name, mbps, type, site.city),
        env,
        site,
        platform: type,
        vendor: carrierKey,
        criticality: ci === 0 ? (i === 0 ? 'critical' : 'high') : 'medium',
        accessNotes: `Carrier portal: 1Password: MSP Ops / ${vendor.name} portal. Circuit ID and fault line on the recovery card.`,
        attributes: {
          circuitId: `${vendor.contractPrefix}/${type.replace(/[^A-Z0-9]/g, '') || 'CCT'}/${rng.digits(8)}`,
          carrier: vendor.name,
          bandwidthMbps: mbps,
          serviceType: type,
          role: ci === 0 ? 'primary' : 'backup',
          handoff: mbps >= 10000 ? '10GBASE-LR' : '1000BASE-T',
        },
        tags: ['wan', ci === 0 ? 'primary' : 'backup'],
      });
      siteCircuits.push(c);
      this.circuits.push(c);
    }
    return siteCircuits;
  }

  private firewall(
    i: number,
    f: number,
    fwCount: number,
    site: SiteRef,
    env: EnvRef,
    siteCircuits: readonly AssetRef[],
  ): void {
    const rng = this.rng;
    const name = this.nextName('fw');
    const fw = writeAsset(this.ctx, this.state, {
      kind: 'firewall',
      ...this.device(name, 'mgmt', this.fwModel),
      env,
      site,
      platform: this.firmware,
      criticality: i === 0 ? 'critical' : 'high',
      accessNotes: rng.chance(0.5)
        ? `1Password: MSP Ops / ${this.CODE} firewall admin`
        : `Credentials: vault://msp/${this.code}/firewall/${name}`,
      attributes: {
        firmware: this.firmware,
        haRole: fwCount === 1 ? 'standalone' : f === 0 ? 'primary' : 'secondary',
        site: site.name,
      },
      tags: ['edge'],
    });
    for (const c of siteCircuits) link(this.ctx, fw, c, 'depends_on');
    // Managed SD-WAN / MPLS back to the MSP's data centre.
    if (i === 0 && f === 0 && (this.envs.hosted || rng.chance(0.4))) {
      link(this.ctx, fw, this.shared.hubCircuits[this.plan.index % 2 === 0 ? 2 : 4]!, 'depends_on');
    }
    this.firewalls.push(fw);
  }

  private get mainFirewall(): AssetRef {
    return this.firewalls[0]!;
  }

  // --- compute: own storage, hosts and clusters ---------------------------------------

  private ownClusters(): void {
    const { prod, dr, test } = this.envs;
    const prodHosts = Math.min(16, Math.max(2, Math.round(this.plan.targetAssets * 0.06)));
    const clusterCount = Math.ceil(prodHosts / 8);
    for (let c = 0; c < clusterCount; c++) {
      const hosts = Math.round(prodHosts / clusterCount);
      this.prodClusters.push(this.cluster(prod, prod.site!, hosts, `PROD-CL0${c + 1}`));
    }
    if (dr?.site)
      this.drCluster = this.cluster(dr, dr.site, Math.max(2, Math.round(prodHosts / 2)), 'DR-CL01');
    if (test && this.tier === 'platinum') this.testCluster = this.cluster(test, test.site!, 2, 'TEST-CL01');
  }

  private storage(env: EnvRef, site: SiteRef): AssetRef {
    const rng = this.rng;
    const model = this.storageModel;
    const name = this.nextName(model.vendor === 'netapp' ? 'ntap' : model.vendor === 'pure' ? 'pure' : 'san');
    const s = writeAsset(this.ctx, this.state, {
      kind: 'storage',
      ...this.device(name, 'storage', model),
      env,
      site,
      platform: storagePlatform(model.vendor),
      criticality: env.kind === 'production' ? 'critical' : 'high',
      accessNotes: `Credentials: vault://msp/${this.code}/storage/${name}`,
      attributes: {
        usableTb: rng.pick([20, 40, 60, 100]),
        protocol: rng.pick(['iSCSI', 'NFS', 'FC']),
        firmware: storagePlatform(model.vendor),
      },
      tags: [],
    });
    const core = this.coreBySite.get(site.id);
    if (core) link(this.ctx, s, core, 'depends_on');
    this.storageFor.set(site.id, s);
    return s;
  }

  private cluster(env: EnvRef, site: SiteRef, hostCount: number, label: string): AssetRef {
    const { ctx, hv, code } = this;
    const array = this.storageFor.get(site.id) ?? this.storage(env, site);
    const prefix = env.kind === 'production' ? hv.hostPrefix : `${hv.hostPrefix}-${env.kind}`;
    const platform = this.rng.pick(hv.hostPlatform);
    const members: AssetRef[] = [];
    for (let h = 0; h < hostCount; h++) {
      const host = this.host(env, site, this.nextName(prefix), platform);
      link(ctx, host, array, 'depends_on');
      const core = this.coreBySite.get(site.id);
      if (core) link(ctx, host, core, 'depends_on');
      members.push(host);
    }
    const manager = `${hv.manager}.${this.domain}`;
    const cluster = writeAsset(ctx, this.state, {
      kind: 'cluster',
      name: label,
      hostname: manager,
      env,
      site,
      platform: hv.clusterPlatform,
      vendor: hv.vendor,
      criticality: env.kind === 'production' ? 'critical' : env.kind === 'dr' ? 'high' : 'low',
      managementUrl: `https://${manager}/ui`,
      accessNotes: `Admin: vault://msp/${code}/${hv.manager}-admin`,
      attributes: { hosts: hostCount, haEnabled: true, drsEnabled: hv.key === 'vmware', manager },
      tags: env.kind === 'production' ? [] : [env.kind],
    });
    for (const m of members) link(ctx, cluster, m, 'runs_on');
    link(ctx, cluster, array, 'depends_on');
    return cluster;
  }

  private host(env: EnvRef, site: SiteRef, name: string, platform: string): AssetRef {
    const { rng, hv, code, domain } = this;
    const bmc =
      this.hostModel.vendor === 'dell' ? 'iDRAC9' : this.hostModel.vendor === 'hpe' ? 'iLO 5' : 'XClarity';
    return writeAsset(this.ctx, this.state, {
      kind: 'hypervisor_host',
      ...this.device(name, env.kind === 'dr' ? 'dr' : 'mgmt', this.hostModel),
      env,
      site,
      platform,
      criticality: env.kind === 'production' ? 'high' : env.kind === 'dr' ? 'medium' : 'low',
      managementUrl: hv.key === 'vmware' ? `https://${name}.${domain}/ui` : `https://${name}.${domain}`,
      accessNotes: `Credentials: vault://msp/${code}/${hv.hostPrefix}-root; ${bmc}: vault://msp/${code}/bmc/${name}`,
      attributes: {
        cpu: rng.pick([
          'Intel Xeon Gold 6338 (2×32 cores)',
          'Intel Xeon Silver 4314 (2×16 cores)',
          'AMD EPYC 7443 (2×24 cores)',
        ]),
        memoryGb: rng.pick([256, 384, 512, 768]),
        bmc,
        bmcIp: this.ip.take('bmc'),
        bios: `${rng.int(1, 2)}.${rng.int(4, 19)}.${rng.int(0, 9)}`,
      },
      tags: env.kind === 'production' ? [] : [env.kind],
    });
  }

  /** The cluster a VM of this environment runs on: its own, else the MSP's shared ones. */
  private clusterFor(kind: EnvKind): AssetRef {
    const sharedProd = this.shared.prodClusters[this.plan.index % this.shared.prodClusters.length]!;
    const sharedDr = this.shared.drClusters[this.plan.index % this.shared.drClusters.length]!;
    if (kind === 'dr') return this.drCluster ?? sharedDr;
    if (kind === 'test') return this.testCluster ?? this.prodClusters[0] ?? sharedProd;
    if (this.prodClusters.length === 0) return sharedProd;
    this.roundRobin += 1;
    return this.prodClusters[this.roundRobin % this.prodClusters.length]!;
  }

  // --- access switches and servers ------------------------------------------------------

  /** Access switches spread over the sites. */
  private accessSwitches(count: number): void {
    for (let a = 0; a < count; a++) {
      const site = this.state.sites[a % this.state.sites.length]!;
      const sw = writeAsset(this.ctx, this.state, {
        kind: 'network_device',
        ...this.device(this.nextName('acc-sw'), 'mgmt', this.swModel),
        env: this.envForSite(site),
        site,
        platform: switchOs(this.swModel.vendor),
        model: this.swModel.model.replace('9500-24Y4C', '9300-48P'),
        criticality: this.rng.pick(['medium', 'low'] as const),
        accessNotes: `TACACS+ via PAM (CyberArk safe MSP-${this.CODE}-NET)`,
        attributes: { role: 'access', ports: 48, poe: true },
        tags: ['access'],
      });
      link(this.ctx, sw, this.coreBySite.get(site.id)!, 'depends_on');
    }
  }

  private vm(env: EnvRef, spec: VmSpec): AssetRef {
    const { os } = spec;
    const windows = os.startsWith('Windows');
    const v = writeAsset(this.ctx, this.state, {
      kind: 'vm',
      name: spec.name,
      hostname: `${spec.name}.${this.domain}`,
      ips: [this.ip.take(spec.vlan)],
      env,
      platform: os,
      vendor: windows
        ? 'microsoft'
        : os.startsWith('Red Hat')
          ? 'redhat'
          : os.startsWith('Oracle')
            ? 'oracle'
            : null,
      criticality: spec.crit,
      accessNotes: windows
        ? `Domain admin via PAM (CyberArk safe MSP-${this.CODE}-WIN)`
        : `SSH key in vault://msp/${this.code}/ssh/linux-admin`,
      attributes: {
        purpose: spec.purpose,
        vcpu: spec.size.vcpu,
        memoryGb: spec.size.memoryGb,
        diskGb: this.rng.pick([80, 120, 200, 500]),
        os,
        ...spec.extra,
      },
      tags: env.kind === 'production' ? spec.tags : [...spec.tags, env.kind],
    });
    link(this.ctx, v, this.clusterFor(env.kind), 'runs_on');
    return v;
  }

  /** Domain controllers first: everything authenticates against them. */
  private domainControllers(): AssetRef[] {
    const os = this.rng.pick(['Windows Server 2022', 'Windows Server 2019']);
    return [1, 2].map(() =>
      this.vm(this.envs.prod, {
        name: this.nextName('dc'),
        os,
        purpose: 'Domain controller, DNS',
        crit: 'critical',
        tags: ['ad', 'dns', 'dhcp', 'tier0'],
        size: { vcpu: 2, memoryGb: 8 },
        vlan: 'servers',
      }),
    );
  }

  /** Applications this customer runs: its industry's first, then the common ones. */
  private applicationNames(count: number): string[] {
    const rng = this.rng;
    const plan = this.plan;
    const appNames = [...rng.sample(industryOf(plan).apps, Math.min(count, industryOf(plan).apps.length))];
    for (const a of rng.sample(COMMON_APPS, COMMON_APPS.length))
      if (appNames.length < count) appNames.push(a);
    for (let n = 2; appNames.length < count; n++) appNames.push(`${rng.pick(industryOf(plan).apps)} ${n}`);
    this.state.apps.push(...appNames);
    return appNames;
  }

  private databaseServers(dbCount: number): DatabaseServer[] {
    const rng = this.rng;
    const dbVmCount = Math.max(1, Math.ceil(dbCount / 2));
    const dbVms: DatabaseServer[] = [];
    for (let i = 0; i < dbVmCount; i++) {
      const engine = rng.weighted(DB_ENGINES.map((e) => [e, e.weight] as const));
      const prefix = engine.platform.includes('SQL Server')
        ? 'sql'
        : engine.platform.startsWith('PostgreSQL')
          ? 'pg'
          : engine.platform.startsWith('MySQL')
            ? 'mysql'
            : 'ora';
      const vm = this.vm(this.envs.prod, {
        name: this.nextName(prefix),
        os: engine.os,
        purpose: `${engine.platform} server`,
        crit: 'critical',
        tags: ['database', 'sql'],
        size: { vcpu: rng.pick([4, 8, 16]), memoryGb: rng.pick([32, 64, 128]) },
        vlan: 'servers',
      });
      dbVms.push({ vm, engine });
    }
    return dbVms;
  }

  /**
   * Applications that keep data in a database get one, in order; the rest of the budget
   * goes to reporting and archive databases.
   */
  private databases(
    dbCount: number,
    dbVms: readonly DatabaseServer[],
    appNames: readonly string[],
  ): Map<string, AssetRef> {
    const rng = this.rng;
    const { code, CODE, tier } = this;
    const dbByApp = new Map<string, AssetRef>();
    const appsWithDb = appNames.filter((a) => !NO_DATABASE_APP.test(a));
    const extraDbNames = ['Reporting', 'Data warehouse', 'Archive', 'Integration staging', 'Audit log'];
    for (let i = 0; i < dbCount; i++) {
      const host = dbVms[i % dbVms.length]!;
      const forApp = appsWithDb[i];
      const extra = i - appsWithDb.length;
      const label =
        forApp ??
        `${extraDbNames[extra % extraDbNames.length]}${extra >= extraDbNames.length ? ` ${Math.floor(extra / extraDbNames.length) + 1}` : ''}`;
      const dbName = `${slug(label).replace(/-/g, '_').toUpperCase().slice(0, 20)}_PROD`;
      const sqlServer = host.engine.platform.includes('SQL Server');
      const db = writeAsset(this.ctx, this.state, {
        kind: 'database',
        name: `${label} database`,
        hostname: host.vm.hostname,
        ips: host.vm.ip ? [host.vm.ip] : [],
        env: this.envs.prod,
        platform: host.engine.platform,
        vendor: host.engine.vendor,
        criticality: i < 2 ? 'critical' : rng.pick(['high', 'high', 'medium'] as const),
        accessNotes: sqlServer
          ? `sysadmin via AD group ${CODE}-SQL-Admins (PAM); sa login sealed in vault://msp/${code}/sql/${host.vm.name}`
          : `DBA role: vault://msp/${code}/db/${host.vm.name}`,
        attributes: {
          instance: sqlServer ? `${host.vm.name.toUpperCase()}\\PROD` : host.vm.name,
          port: host.engine.port,
          database: dbName,
          sizeGb: rng.pick([5, 20, 80, 250, 600]),
          ha:
            tier === 'platinum' ? 'Always On availability group' : rng.pick(['none', 'log shipping', 'none']),
          backup: rng.pick(['Veeam application-aware', 'Native full nightly + log every 15 min']),
        },
        tags: forApp ? ['database', 'sql'] : ['database', 'sql', 'reporting'],
      });
      link(this.ctx, db, host.vm, 'runs_on');
      if (forApp) dbByApp.set(forApp, db);
    }
    return dbByApp;
  }

  private kubernetesNodes(count: number, platform: string): AssetRef[] {
    const { code } = this;
    const nodes: AssetRef[] = [];
    for (let k = 0; k < count; k++) {
      const name = this.nextName('k8s-node');
      const node = writeAsset(this.ctx, this.state, {
        kind: 'container_host',
        name,
        hostname: `${name}.${this.domain}`,
        ips: [this.ip.take('k8s')],
        env: this.envs.prod,
        platform,
        vendor: platform.startsWith('OpenShift') ? 'redhat' : null,
        criticality: 'high',
        accessNotes: `kubeconfig: vault://msp/${code}/k8s/prod-admin; node SSH key in vault://msp/${code}/ssh/k8s`,
        attributes: {
          role: k < 3 ? 'control-plane' : 'worker',
          vcpu: 8,
          memoryGb: 32,
          os: platform.startsWith('OpenShift') ? 'RHCOS 4.15' : 'Ubuntu 22.04 LTS',
        },
        tags: ['kubernetes'],
      });
      link(this.ctx, node, this.clusterFor('production'), 'runs_on');
      nodes.push(node);
    }
    return nodes;
  }

  /** Cloud resources; returns the Microsoft 365 tenant where there is one. */
  private cloudResources(count: number): AssetRef | null {
    const rng = this.rng;
    const { code, CODE } = this;
    const clouds = this.tier === 'platinum' ? ['azure', 'aws'] : [rng.chance(0.7) ? 'azure' : 'aws'];
    let tenant: AssetRef | null = null;
    const subscription = `${rng.alnum(8, '0123456789abcdef')}-${rng.alnum(4, '0123456789abcdef')}-4${rng.alnum(3, '0123456789abcdef')}-a${rng.alnum(3, '0123456789abcdef')}-${rng.alnum(12, '0123456789abcdef')}`;
    const account = rng.digits(12);
    const seenCloud = new Map<string, number>();
    const regions = new Map<string, string>();
    for (let c = 0; c < count; c++) {
      const provider = clouds[c % clouds.length]!;
      const options = CLOUD_RESOURCES.filter((r) => r.vendor === provider);
      const res =
        c === 0 && provider === 'azure'
          ? options.find((r) => r.name === 'Microsoft 365 tenant')!
          : rng.pick(options);
      const n = (seenCloud.get(res.name) ?? 0) + 1;
      seenCloud.set(res.name, n);
      const region = regions.get(provider) ?? rng.pick(CLOUD_REGIONS[provider]!);
      regions.set(provider, region);
      const isTenant = res.name === 'Microsoft 365 tenant';
      const ref = writeAsset(this.ctx, this.state, {
        kind: 'cloud_resource',
        name: n === 1 ? res.name : `${res.name} ${n}`,
        hostname: isTenant ? `${code}.onmicrosoft.example` : null,
        ips: res.ip ? [this.ip.take('cloud')] : [],
        env: this.envs.prod,
        platform: res.type,
        vendor: provider,
        criticality: isTenant ? 'critical' : rng.pick(['high', 'medium'] as const),
        managementUrl:
          provider === 'azure'
            ? `https://portal.azure.com/#@${code}.onmicrosoft.example/resource/subscriptions/${subscription}/resourceGroups/rg-${code}-prod`
            : `https://${region}.console.aws.amazon.com/console/home?region=${region}`,
        accessNotes:
          provider === 'azure'
            ? `Break-glass global admin: 1Password: MSP Ops / ${CODE} Azure break-glass`
            : `AWS SSO role MSP-Operator (no static keys); root account in vault://msp/${code}/aws-root`,
        attributes:
          provider === 'azure'
            ? { subscriptionId: subscription, region, resourceGroup: `rg-${code}-prod` }
            : { accountId: account, region },
        tags: isTenant ? ['cloud', provider, 'm365'] : ['cloud', provider],
      });
      if (isTenant) tenant = ref;
      else if (res.ip) link(this.ctx, ref, this.circuits[0]!, 'depends_on');
      if (res.name.includes('VPN')) link(this.ctx, ref, this.mainFirewall, 'depends_on');
    }
    return tenant;
  }

  private generalServers(count: number): AssetRef[] {
    const rng = this.rng;
    const servers: AssetRef[] = [];
    for (let g = 0; g < count; g++) {
      const role: VmRole = rng.weighted(VM_ROLES.map((r) => [r, r.weight] as const));
      const os = rng.pick(role.os);
      servers.push(
        this.vm(this.envs.prod, {
          name: this.nextName(role.prefix),
          os,
          purpose: role.purpose,
          crit: rng.weighted<Criticality>([
            ['critical', 1],
            ['high', 3],
            ['medium', 5],
            ['low', 2],
          ]),
          tags: [...role.tags],
          size: { vcpu: rng.pick(role.vcpu), memoryGb: rng.pick(role.memoryGb) },
          vlan: role.prefix === 'web' || role.prefix === 'ftp' ? 'dmz' : 'servers',
        }),
      );
    }
    return servers;
  }

  // --- application services -------------------------------------------------------------

  /** An application service on its own server (or on Kubernetes), linked to what it needs. */
  private applicationService(i: number, appName: string, f: AppFoundation): void {
    const { rng, ctx, code, CODE, domain } = this;
    const onK8s = f.k8sNodes.length > 0 && i < 3 && !COMMON_APPS.includes(appName);
    const customerFacing = CUSTOMER_FACING_APP.test(appName);
    const appTags = appTagsFor(appName, customerFacing);
    const runsOn = this.appHosts(i, appName, onK8s, customerFacing, appTags, f);
    const host = runsOn[0]!;
    const appSlug = slug(appName.replace(/\(.*\)/, '')).slice(0, 24);
    const app = writeAsset(ctx, this.state, {
      kind: 'application_service',
      name: appName,
      hostname: `${appSlug}.${domain}`,
      ips: host.ip ? [host.ip] : [],
      env: this.envs.prod,
      platform: onK8s ? `${f.k8sPlatform} deployment` : appPlatform(appName, host.platform ?? '', rng),
      vendor: appVendor(appName),
      criticality:
        i === 0 ? 'critical' : i < 3 ? 'high' : rng.pick(['high', 'medium', 'medium', 'low'] as const),
      managementUrl: customerFacing || onK8s ? `https://${appSlug}.${domain}/` : null,
      accessNotes: rng.chance(0.5)
        ? `App admin: 1Password: MSP Ops / ${CODE} ${appName.replace(/\s*\(.*\)/, '')}`
        : `Service account in vault://msp/${code}/apps/${appSlug}`,
      attributes: {
        users: rng.pick([15, 40, 120, 400, 1500]),
        businessOwner: this.state.contacts[0]?.role ?? 'IT Manager',
        customerFacing,
        rtoMinutes: RESTORE_TARGETS[this.tier].sev1,
      },
      tags: appTags,
    });
    for (const r of runsOn) link(ctx, app, r, 'runs_on');
    const db = f.dbByApp.get(appName);
    if (db) link(ctx, app, db, 'depends_on');
    if (!appName.startsWith('VPN')) link(ctx, app, f.dcs[0]!, 'depends_on');
    if (customerFacing) {
      link(ctx, app, this.mainFirewall, 'depends_on');
      if (this.envs.hosted) link(ctx, app, this.shared.edgeFirewall, 'depends_on');
    }
    if (f.tenant && /Entra|Exchange|Intranet/.test(appName)) link(ctx, app, f.tenant, 'depends_on');
    if (appName.startsWith('Backup')) {
      link(ctx, app, this.shared.backupService, 'depends_on');
      const array = this.storageFor.get(mainSite(this.state).id);
      if (array) link(ctx, app, array, 'depends_on');
    }
  }

  private appHosts(
    i: number,
    appName: string,
    onK8s: boolean,
    customerFacing: boolean,
    appTags: readonly string[],
    f: AppFoundation,
  ): AssetRef[] {
    const rng = this.rng;
    if (onK8s) return rng.sample(f.k8sNodes, Math.min(3, f.k8sNodes.length));
    if (appName.startsWith('VPN')) return [this.mainFirewall];
    if (appName.startsWith('Backup') && f.backupVm) return [f.backupVm];
    const linux = /web shop|portal|moodle|vle|click|booking|cms/i.test(appName);
    return [
      this.vm(this.envs.prod, {
        name: this.nextName(appVmPrefix(appName)),
        os: linux
          ? rng.pick(['Ubuntu 22.04 LTS', 'Red Hat Enterprise Linux 9'])
          : rng.pick(['Windows Server 2022', 'Windows Server 2019']),
        purpose: `${appName} server`,
        crit: i < 2 ? 'critical' : 'high',
        tags: appTags.filter((t) => t !== 'customer-facing'),
        size: { vcpu: rng.pick([4, 8]), memoryGb: rng.pick([8, 16, 32]) },
        vlan: customerFacing ? 'dmz' : 'servers',
      }),
    ];
  }

  // --- DR replicas of the most important production servers, and test copies -----------

  private replicas(drShare: number, testShare: number): void {
    const rng = this.rng;
    const { prod, dr, test } = this.envs;
    const replicable = this.state.assets.filter((a) => a.kind === 'vm' && a.environmentId === prod.id);
    if (dr) {
      for (let d = 0; d < drShare; d++) {
        const source = replicable[d % replicable.length]!;
        const copy = d < replicable.length;
        this.vm(dr, {
          name: copy ? `${source.name}-dr` : this.nextName('dr-util'),
          os: copy ? (source.platform ?? 'Windows Server 2022') : 'Windows Server 2022',
          purpose: copy ? `Replica of ${source.name}` : 'DR utility server',
          crit: 'medium',
          tags: copy ? [...source.tags.filter((t) => t !== 'tier0'), 'replica'] : ['replica'],
          size: { vcpu: 4, memoryGb: 16 },
          vlan: 'dr',
          extra: copy ? { replicaOf: source.hostname } : {},
        });
      }
    }
    if (test) {
      for (let t = 0; t < testShare; t++) {
        const role: VmRole = rng.weighted(VM_ROLES.map((r) => [r, r.weight] as const));
        this.vm(test, {
          name: this.nextName(`tst-${role.prefix}`),
          os: rng.pick(role.os),
          purpose: `${role.purpose} (test)`,
          crit: 'low',
          tags: [...role.tags],
          size: { vcpu: 2, memoryGb: 8 },
          vlan: 'test',
        });
      }
    }
  }
}
