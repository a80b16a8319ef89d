/** What kit and software the demo's estates run: firmware, operating systems, app platforms and tags. */
import type { Rng } from './random';

export function firmwareFor(vendor: string, rng: Rng): string {
  switch (vendor) {
    case 'fortinet':
      return rng.pick(['FortiOS 7.2.8', 'FortiOS 7.4.4', 'FortiOS 7.0.15']);
    case 'paloalto':
      return rng.pick(['PAN-OS 10.2.9', 'PAN-OS 11.1.2']);
    case 'sophos':
      return 'SFOS 20.0 MR2';
    default:
      return 'FTD 7.2.5';
  }
}

export function switchOs(vendor: string): string {
  return vendor === 'cisco' ? 'Cisco IOS XE 17.9' : vendor === 'aruba' ? 'AOS-CX 10.13' : 'Junos OS 23.2';
}

export function storagePlatform(vendor: string): string {
  return vendor === 'netapp'
    ? 'ONTAP 9.14.1'
    : vendor === 'pure'
      ? 'Purity//FA 6.5.4'
      : vendor === 'dell'
        ? 'PowerStoreOS 3.6'
        : 'Alletra OS 6.1';
}

export function appVmPrefix(appName: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^ERP/, 'erp'],
    [/^EMR/, 'emr'],
    [/^CRM/, 'crm'],
    [/^WMS/, 'wms'],
    [/^TMS/, 'tms'],
    [/^MIS/, 'mis'],
    [/^PACS/, 'pacs'],
    [/^File/, 'fs'],
    [/^Print/, 'print'],
    [/^Remote Desktop/, 'rdgw'],
    [/^Exchange/, 'exch'],
    [/^Entra/, 'aadc'],
    [/^Monitoring/, 'mon'],
    [/^Backup/, 'bkp'],
    [/web shop|portal|booking|click|intranet|cms/i, 'web'],
  ];
  for (const [re, prefix] of rules) if (re.test(appName)) return prefix;
  return 'app';
}

export function appPlatform(appName: string, os: string, rng: Rng): string {
  if (/^Exchange/.test(appName)) return 'Exchange Server 2019 CU14';
  if (/^Entra/.test(appName)) return 'Microsoft Entra Connect Sync 2.3';
  if (/^Backup/.test(appName)) return 'Veeam Backup & Replication 12';
  if (/^File/.test(appName)) return 'Windows File Server (DFS-N)';
  if (/^Remote Desktop/.test(appName)) return 'RD Gateway (Windows Server 2022)';
  if (/^Print/.test(appName)) return 'Windows Print Server';
  if (/^VPN/.test(appName)) return 'IPsec / SSL VPN';
  return os.startsWith('Windows')
    ? rng.pick(['IIS 10 / .NET 8', 'IIS 10 / ASP.NET 4.8', 'Windows service'])
    : rng.pick(['Tomcat 9 / Java 17', 'nginx + Node.js 20', 'Apache 2.4 / PHP 8.2']);
}

/** Applications that keep no database of their own in the demo. */
export const NO_DATABASE_APP =
  /^(File shares|VPN|Print services|Remote Desktop gateway|Exchange hybrid|Entra ID Connect|Guest Wi-Fi)/;

export const CUSTOMER_FACING_APP = /web shop|portal|booking|click|guest|client|citizen|planning|table/i;

/** Tags that tell which playbooks fit an application (rds, exchange, m365, backup, web...). */
export function appTagsFor(appName: string, customerFacing: boolean): string[] {
  const tags = ['app'];
  if (customerFacing) tags.push('web', 'customer-facing');
  if (/^Exchange/.test(appName)) tags.push('exchange', 'm365');
  if (/^Entra/.test(appName)) tags.push('m365', 'ad');
  if (/^Remote Desktop/.test(appName)) tags.push('rds');
  if (/^Backup/.test(appName)) tags.push('backup');
  if (/^File shares/.test(appName)) tags.push('files');
  if (/^VPN/.test(appName)) tags.push('vpn');
  if (/^Intranet/.test(appName)) tags.push('web');
  return tags;
}

export function appVendor(appName: string): string | null {
  if (/^Exchange|^Entra|Dynamics/.test(appName)) return 'microsoft';
  if (/^Backup/.test(appName)) return 'veeam';
  return null;
}
