/**
 * The MSP's own shared platform (customer MSPI): two data centres with carrier circuits,
 * edge firewalls, core switches, storage, the multi-tenant VMware clusters hosted
 * customers run on, and the platform's own servers (vCenter, DNS, monitoring, backup).
 */

import { AddressPlan } from './addresses';
import { circuitName, link, managedDevice, writeAsset } from './assets';
import type { HardwareModel } from './catalog-data';
import {
  FIREWALL_MODELS,
  FIRST_NAMES,
  HOST_MODELS,
  HYPERVISORS,
  LAST_NAMES,
  REGIONS,
  STORAGE_MODELS,
  SWITCH_MODELS,
  VENDORS,
} from './catalog-data';
import type { DemoContext } from './context';
import { writeContracts } from './contracts';
import { newState, writeContact, writeCustomerRow, writeEnv, writeMaintenance, writeSite } from './customers';
import {
  type AssetRef,
  type Criticality,
  type CustomerPlan,
  type CustomerState,
  DAY,
  DEMO_DEFAULTS,
  type EnvRef,
  type SharedInfra,
  type SiteRef,
} from './model';
import { emailLocal } from './names';

export function buildShared(ctx: DemoContext): SharedInfra {
  return new SharedPlatform(ctx).build();
}

class SharedPlatform {
  private readonly state: CustomerState;
  private readonly ip = new AddressPlan(0);
  private readonly domain: string;
  private readonly code: string;
  private readonly switches = new Map<string, AssetRef>();
  private hostNo = 0;

  constructor(private readonly ctx: DemoContext) {
    const london = REGIONS.find((r) => r.timeZone === 'Europe/London')!;
    const createdMs = ctx.between(ctx.nowMs - 2400 * DAY, ctx.nowMs - 2100 * DAY);
    const plan: CustomerPlan = {
      index: 0,
      id: ctx.id(createdMs),
      code: DEMO_DEFAULTS.sharedCustomerCode,
      name: DEMO_DEFAULTS.sharedCustomerName,
      domain: 'msp-ops.example',
      localDomain: 'msp.local',
      tier: 'platinum',
      region: london,
      industry: null,
      createdMs,
      targetAssets: 0,
    };
    this.state = newState(plan);
    this.domain = plan.localDomain;
    this.code = plan.code.toLowerCase();
  }

  build(): SharedInfra {
    const { ctx, state } = this;
    writeCustomerRow(ctx, state.plan, {
      tags: ['internal', 'shared-platform'],
      notes:
        'MSP-owned shared platform. An outage here hits every hosted customer: check the blast radius before acting and open one incident per affected customer.',
      supportHours: '24x7',
    });
    const dc1 = writeSite(ctx, state, 'DC1 London (Telehouse North)', 'London');
    const dc2 = writeSite(ctx, state, 'DC2 Slough', 'Slough');
    const prod = writeEnv(ctx, state, 'Shared hosting', 'production', dc1);
    const dr = writeEnv(ctx, state, 'Shared DR', 'dr', dc2);
    this.contacts();

    const hubCircuits = [
      this.circuit(dc1, prod, 'lumen', 10000, 'DIA', 'critical'),
      this.circuit(dc1, prod, 'colt', 10000, 'DIA', 'critical'),
      this.circuit(dc1, prod, 'bt', 10000, 'MPLS hub', 'critical'),
      this.circuit(dc2, dr, 'zayo', 10000, 'DIA', 'high'),
      this.circuit(dc2, dr, 'bt', 1000, 'MPLS hub', 'high'),
    ];
    const firewalls = this.firewalls(prod, dr, hubCircuits);
    this.coreSwitches([
      [dc1, prod, 'dc1'],
      [dc2, dr, 'dc2'],
    ]);
    const pure = STORAGE_MODELS.find((m) => m.vendor === 'pure')!;
    const netapp = STORAGE_MODELS.find((m) => m.vendor === 'netapp')!;
    const dc1Storage = [this.storage('sh-pure01', prod, pure), this.storage('sh-pure02', prod, pure)];
    const dc2Storage = [this.storage('sh-ntap01', dr, netapp)];
    for (const s of dc1Storage) link(ctx, s, this.switches.get(dc1.id)!, 'depends_on');
    for (const s of dc2Storage) link(ctx, s, this.switches.get(dc2.id)!, 'depends_on');

    const prodClusterCount = Math.min(8, 2 + Math.floor(ctx.customerCount / 100));
    const drClusterCount = 1 + Math.floor(ctx.customerCount / 250);
    const prodClusters: AssetRef[] = [];
    for (let c = 1; c <= prodClusterCount; c++) {
      prodClusters.push(
        this.cluster(`SH-CL0${c}`, 'dc1', prod, ctx.rng.int(6, 8), [
          dc1Storage[(c - 1) % dc1Storage.length]!,
        ]),
      );
    }
    const drClusters: AssetRef[] = [];
    for (let c = 1; c <= drClusterCount; c++)
      drClusters.push(this.cluster(`SH-DR-CL0${c}`, 'dc2', dr, 4, dc2Storage));
    const backupService = this.platformServers(prod, dr, prodClusters, drClusters, dc2Storage);

    writeMaintenance(ctx, state, [
      { name: 'Shared platform patching', weekday: 7, start: '02:00', duration: 240 },
    ]);
    writeContracts(ctx, state);
    return {
      customer: state,
      prodClusters,
      drClusters,
      hubCircuits,
      edgeFirewall: firewalls[0]!,
      backupService,
    };
  }

  private contacts(): void {
    const { rng } = this.ctx;
    const plan = this.state.plan;
    const ops: Array<[string, string, string]> = [
      ['MSP NOC', 'Service Desk', 'noc'],
      [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'Platform Lead', ''],
      [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'Duty Manager', ''],
      [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'CTO', ''],
    ];
    for (const [name, role, mailbox] of ops) {
      writeContact(this.ctx, this.state, {
        name,
        role,
        phone: plan.region.phone(rng, 'London'),
        email: `${mailbox || emailLocal(name)}@${plan.domain}`,
        notes:
          role === 'Duty Manager' ? 'Rota in the NOC; call for any incident on the shared platform.' : null,
      });
    }
  }

  private circuit(
    site: SiteRef,
    env: EnvRef,
    carrier: string,
    mbps: number,
    type: string,
    crit: Criticality,
  ): AssetRef {
    const vendor = VENDORS.find((v) => v.key === carrier)!;
    return writeAsset(this.ctx, this.state, {
      kind: 'circuit',
      name: circuitName(vendor.name, mbps, type, site.city),
      env,
      platform: type,
      vendor: carrier,
      criticality: crit,
      accessNotes: `Carrier portal: 1Password: MSP Ops / ${vendor.name} portal. Fault line and circuit ID on the recovery card.`,
      attributes: {
        circuitId: `${vendor.contractPrefix}/${type.replace(/[^A-Z]/g, '')}/${this.ctx.rng.digits(8)}`,
        carrier: vendor.name,
        bandwidthMbps: mbps,
        serviceType: type,
        handoff: mbps >= 10000 ? '10GBASE-LR' : '1000BASE-LX',
      },
      tags: ['shared', 'wan'],
    });
  }

  private firewalls(prod: EnvRef, dr: EnvRef, hubCircuits: readonly AssetRef[]): AssetRef[] {
    const model = FIREWALL_MODELS.find((m) => m.model === 'PA-3220')!;
    const firewalls: AssetRef[] = [];
    for (const [n, env, role] of [
      [1, prod, 'active'],
      [2, prod, 'passive'],
      [3, dr, 'active'],
    ] as const) {
      const fw = writeAsset(this.ctx, this.state, {
        kind: 'firewall',
        ...managedDevice(this.ctx, `fw-edge0${n}`, this.domain, this.ip.take('mgmt'), model),
        env,
        platform: 'PAN-OS 11.1.2',
        criticality: 'critical',
        accessNotes: '1Password: MSP Ops / MSPI edge firewall admin; break-glass in vault://msp/mspi/fw-edge',
        attributes: {
          haRole: role,
          firmware: 'PAN-OS 11.1.2',
          zones: ['untrust', 'trust', 'customer-transit'],
        },
        tags: ['shared', 'edge'],
      });
      for (const c of hubCircuits.filter((h) =>
        env === prod ? h.environmentId === prod.id : h.environmentId === dr.id,
      )) {
        link(this.ctx, fw, c, 'depends_on');
      }
      firewalls.push(fw);
    }
    return firewalls;
  }

  private coreSwitches(sites: ReadonlyArray<readonly [SiteRef, EnvRef, 'dc1' | 'dc2']>): void {
    for (const [site, env, dc] of sites) {
      const model = SWITCH_MODELS.find((m) => m.model === 'Catalyst 9500-24Y4C')!;
      for (let n = 1; n <= 2; n++) {
        const name = `core-sw-${dc}-0${n}`;
        const sw = writeAsset(this.ctx, this.state, {
          kind: 'network_device',
          ...managedDevice(this.ctx, name, this.domain, this.ip.take('mgmt'), model),
          env,
          platform: 'Cisco IOS XE 17.9',
          criticality: 'critical',
          accessNotes: 'TACACS+ via PAM (CyberArk safe MSP-MSPI-NET)',
          attributes: { role: 'core', stack: false, firmware: '17.9.4a' },
          tags: ['shared', 'core'],
        });
        if (n === 1) this.switches.set(site.id, sw);
      }
    }
  }

  private storage(name: string, env: EnvRef, model: HardwareModel): AssetRef {
    return writeAsset(this.ctx, this.state, {
      kind: 'storage',
      ...managedDevice(this.ctx, name, this.domain, this.ip.take('storage'), model),
      env,
      platform: model.vendor === 'pure' ? 'Purity//FA 6.5' : 'ONTAP 9.14.1',
      criticality: 'critical',
      accessNotes: `Credentials: vault://msp/${this.code}/storage/${name}`,
      attributes: {
        usableTb: this.ctx.rng.pick([120, 180, 250]),
        protocol: model.vendor === 'pure' ? 'iSCSI' : 'NFS',
      },
      tags: ['shared'],
    });
  }

  private cluster(
    name: string,
    dc: 'dc1' | 'dc2',
    env: EnvRef,
    hosts: number,
    arrays: readonly AssetRef[],
  ): AssetRef {
    const { ctx, domain, code } = this;
    const vmware = HYPERVISORS[0];
    const site = env.site!;
    const members: AssetRef[] = [];
    for (let h = 0; h < hosts; h++) {
      const host = this.host(env);
      for (const a of arrays) link(ctx, host, a, 'depends_on');
      link(ctx, host, this.switches.get(site.id)!, 'depends_on');
      members.push(host);
    }
    const cluster = writeAsset(ctx, this.state, {
      kind: 'cluster',
      name,
      hostname: `vcenter-${dc}.${domain}`,
      env,
      platform: vmware.clusterPlatform,
      vendor: vmware.vendor,
      criticality: 'critical',
      managementUrl: `https://vcenter-${dc}.${domain}/ui`,
      accessNotes: `SSO admin: vault://msp/${code}/vcenter-sso`,
      attributes: { haEnabled: true, drsEnabled: true, hosts: hosts, multiTenant: true },
      tags: ['shared', 'multi-tenant'],
    });
    for (const m of members) link(ctx, cluster, m, 'runs_on');
    for (const a of arrays) link(ctx, cluster, a, 'depends_on');
    return cluster;
  }

  private host(env: EnvRef): AssetRef {
    const { domain, code } = this;
    const model = HOST_MODELS.find((m) => m.model === 'PowerEdge R760')!;
    this.hostNo += 1;
    const hn = `esx-sh${String(this.hostNo).padStart(2, '0')}`;
    return writeAsset(this.ctx, this.state, {
      kind: 'hypervisor_host',
      ...managedDevice(this.ctx, hn, domain, this.ip.take('mgmt'), model),
      env,
      platform: 'VMware ESXi 8.0 U3',
      criticality: 'critical',
      managementUrl: `https://${hn}.${domain}/ui`,
      accessNotes: `Credentials: vault://msp/${code}/esx-root; iDRAC: vault://msp/${code}/bmc/${hn}`,
      attributes: {
        cpu: 'Intel Xeon Gold 6430 (2×32 cores)',
        memoryGb: 1024,
        bmc: 'iDRAC9',
        bmcIp: this.ip.take('bmc'),
      },
      tags: ['shared'],
    });
  }

  private vm(
    name: string,
    env: EnvRef,
    cluster: AssetRef,
    os: string,
    purpose: string,
    tags: string[],
  ): AssetRef {
    const v = writeAsset(this.ctx, this.state, {
      kind: 'vm',
      name,
      hostname: `${name}.${this.domain}`,
      ips: [this.ip.take('servers')],
      env,
      platform: os,
      vendor: os.startsWith('Windows') ? 'microsoft' : null,
      criticality: 'critical',
      accessNotes: os.startsWith('Windows')
        ? 'Domain admin via PAM (CyberArk safe MSP-MSPI-WIN)'
        : `SSH key in vault://msp/${this.code}/ssh/platform-admin`,
      attributes: { purpose, vcpu: 4, memoryGb: 16, diskGb: 200, os },
      tags: ['shared', ...tags],
    });
    link(this.ctx, v, cluster, 'runs_on');
    return v;
  }

  /** vCenter, DNS, monitoring and jump hosts, and the hosted backup service; returns the latter. */
  private platformServers(
    prod: EnvRef,
    dr: EnvRef,
    prodClusters: readonly AssetRef[],
    drClusters: readonly AssetRef[],
    dc2Storage: readonly AssetRef[],
  ): AssetRef {
    const { ctx, domain, code } = this;
    const c1 = prodClusters[0]!;
    this.vm('vcenter-dc1', prod, c1, 'VMware Photon OS 4', 'vCenter Server', ['management']);
    this.vm('vcenter-dc2', dr, drClusters[0]!, 'VMware Photon OS 4', 'vCenter Server', ['management']);
    const veeam = this.vm(
      'veeam-sh01',
      prod,
      prodClusters[1 % prodClusters.length]!,
      'Windows Server 2022',
      'Veeam Cloud Connect',
      ['backup'],
    );
    this.vm('ns01', prod, c1, 'Debian 12', 'DNS resolver', ['dns']);
    this.vm('ns02', dr, drClusters[0]!, 'Debian 12', 'DNS resolver', ['dns']);
    this.vm('mon-sh01', prod, c1, 'Ubuntu 22.04 LTS', 'Monitoring (Zabbix)', ['monitoring']);
    this.vm('jump-sh01', prod, c1, 'Windows Server 2022', 'Engineer jump host', ['admin']);
    const backupService = writeAsset(ctx, this.state, {
      kind: 'application_service',
      name: 'Hosted backup (Veeam Cloud Connect)',
      hostname: `backup.${domain}`,
      ips: [veeam.ip!],
      env: prod,
      platform: 'Veeam Cloud Connect 12',
      vendor: 'veeam',
      criticality: 'critical',
      managementUrl: `https://backup.${domain}`,
      accessNotes: `Service provider console: vault://msp/${code}/veeam-spc`,
      attributes: { tenants: ctx.customerCount, repositoryTb: 400 },
      tags: ['shared', 'backup'],
    });
    link(ctx, backupService, veeam, 'runs_on');
    for (const s of dc2Storage) link(ctx, backupService, s, 'depends_on');
    return backupService;
  }
}
