/**
 * The core playbooks the demo ships with: one per common failure mode, restore first.
 * Steps marked `addedIn: 2` only exist from version 2, so those playbooks get a v1 and a v2
 * row and overlays written against v1 show drift.
 */
import type { AssetKind } from '../../../shared/catalog/schemas';
import type { PlaybookRisk } from '../../../shared/playbooks/model';

export type StepKind = 'action' | 'check' | 'decision' | 'escalate' | 'communicate';
export type ParameterType = 'string' | 'number' | 'boolean' | 'contact';

export interface PlaybookParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly default: string | number | boolean | null;
  readonly description: string;
}

export interface PlaybookStep {
  readonly id: string;
  readonly title: string;
  readonly instruction: string;
  readonly command: string | null;
  readonly expected: string | null;
  readonly timeboxMinutes: number;
  readonly kind: StepKind;
  readonly customizable: boolean;
}

export interface PlaybookBody {
  readonly summary: string;
  readonly appliesTo: {
    readonly assetKinds: readonly AssetKind[];
    readonly tags: readonly string[];
    readonly symptoms: readonly string[];
    readonly risk?: PlaybookRisk;
  };
  readonly restoreTargetMinutes: number;
  readonly parameters: readonly PlaybookParameter[];
  readonly steps: readonly PlaybookStep[];
}

interface StepSeed extends Omit<PlaybookStep, 'id'> {
  readonly addedIn: 1 | 2;
}

interface ParameterSeed extends PlaybookParameter {
  /** Values a customer overlay might choose (contact parameters use the customer's contacts). */
  readonly examples?: readonly (string | number | boolean)[];
}

export interface CorePlaybookSeed {
  readonly key: string;
  readonly title: string;
  readonly summary: string;
  readonly assetKinds: readonly AssetKind[];
  readonly tags: readonly string[];
  readonly symptoms: readonly string[];
  /** Held back from best fit unless the alert names one of its symptoms. */
  readonly risk?: PlaybookRisk;
  readonly restoreTargetMinutes: number;
  readonly parameters: readonly ParameterSeed[];
  readonly steps: readonly StepSeed[];
}

interface StepOptions {
  readonly command?: string;
  readonly expected?: string;
  readonly timebox?: number;
  readonly customizable?: boolean;
  readonly addedIn?: 1 | 2;
}

function step(kind: StepKind, title: string, instruction: string, o: StepOptions = {}): StepSeed {
  return {
    title,
    instruction,
    command: o.command ?? null,
    expected: o.expected ?? null,
    timeboxMinutes: o.timebox ?? 5,
    kind,
    customizable: o.customizable ?? false,
    addedIn: o.addedIn ?? 1,
  };
}

function param(
  name: string,
  type: ParameterType,
  def: string | number | boolean | null,
  description: string,
  examples?: readonly (string | number | boolean)[],
): ParameterSeed {
  return examples
    ? { name, type, default: def, description, examples }
    : { name, type, default: def, description };
}

const notifyCustomer = (who = '{{customer_contact}}') =>
  step(
    'communicate',
    'Update the customer',
    `Call ${who} (escalation order on the recovery card). Say what is affected, what you are doing and when the next update comes. Log the call.`,
    { timebox: 5, customizable: true },
  );

const customerContact = param(
  'customer_contact',
  'contact',
  'IT Manager',
  'Who at the customer hears first about this failure.',
);
const failoverSite = param(
  'failover_site',
  'string',
  'DR',
  'Where workloads go when the primary site cannot be restored.',
  ['MSP DC2 (Slough)', 'Customer DR site', 'Azure West Europe'],
);
const approvalContact = param(
  'approval_contact',
  'contact',
  'IT Manager',
  'Who must approve a failover or a destructive action before it is done.',
);

export const CORE_PLAYBOOKS: readonly CorePlaybookSeed[] = [
  {
    key: 'hypervisor-host-down',
    title: 'Hypervisor host down',
    summary:
      'A hypervisor host stopped responding. Get its VMs running elsewhere first, then bring the host back.',
    assetKinds: ['hypervisor_host', 'cluster'],
    tags: [],
    symptoms: [
      'host',
      'esxi',
      'not responding',
      'disconnected',
      'psod',
      'purple screen',
      'hyper-v',
      'hypervisor',
    ],
    restoreTargetMinutes: 60,
    parameters: [
      failoverSite,
      param('bmc_console', 'string', 'iDRAC', 'Out-of-band console used to power-cycle the host.', [
        'iDRAC',
        'iLO',
        'XClarity',
      ]),
      approvalContact,
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Confirm the host is unreachable',
        'Ping the management address from the jump host. No replies means the host is down, replies with a disconnected host means the management agents hung.',
        {
          command: 'ping -c 3 {{asset.ip}}',
          expected:
            '100% packet loss (host down) or replies (agents hung: restart management agents instead).',
          timebox: 3,
        },
      ),
      step(
        'check',
        'See which VMs HA restarted',
        'In vCenter or PowerCLI, list the VMs that were on the host and their power state. HA should have restarted them on the surviving hosts.',
        {
          command:
            "Get-VM | Where-Object { $_.VMHost.Name -eq '{{asset.hostname}}' } | Select-Object Name, PowerState",
          expected: 'All VMs show PoweredOn on another host.',
          timebox: 5,
        },
      ),
      step(
        'action',
        'Start VMs HA did not restart',
        'Power on critical VMs first (domain controllers, databases, then application servers), following the restore order on the recovery card.',
        {
          command: "Get-VM | Where-Object { $_.PowerState -eq 'PoweredOff' } | Start-VM -RunAsync",
          expected: 'Critical VMs running; applications answer.',
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'action',
        'Power-cycle the host from its out-of-band console',
        'Open {{bmc_console}}, check the hardware log for a failed component, then power-cycle.',
        {
          command: 'racadm -r {{asset.hostname}}-bmc serveraction powercycle',
          expected: 'Host boots and reconnects to the cluster within 15 minutes.',
          timebox: 20,
          customizable: true,
        },
      ),
      step(
        'decision',
        'Fail over to the DR site?',
        'If critical services are still down 30 minutes in, get approval from {{approval_contact}} and fail over to {{failover_site}}.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'escalate',
        'Open a hardware case',
        'Call the hardware vendor with the serial number and the support contract from the recovery card. Ask for a 4-hour part dispatch.',
        {
          timebox: 15,
        },
      ),
      notifyCustomer(),
      step(
        'check',
        'Check datastore paths after the host returns',
        'Dead paths after a crash point at an HBA or cable; keep the host in maintenance mode until they are clean.',
        {
          command: "esxcli storage core path list | grep -c 'State: dead'",
          expected: '0',
          timebox: 5,
          addedIn: 2,
        },
      ),
    ],
  },
  {
    key: 'vm-unresponsive',
    title: 'VM unresponsive',
    summary:
      'A virtual machine stopped answering (no RDP/SSH, hung console). Restart it cleanly, hard-reset if needed.',
    assetKinds: ['vm'],
    tags: [],
    symptoms: [
      'vm',
      'hung',
      'frozen',
      'no rdp',
      'no ssh',
      'not responding',
      'blue screen',
      'bsod',
      'kernel panic',
    ],
    restoreTargetMinutes: 30,
    parameters: [
      param('console_tool', 'string', 'vSphere web console', 'Where to open the VM console.', [
        'vSphere web console',
        'Hyper-V Manager',
        'Prism console',
      ]),
      param(
        'allow_hard_reset',
        'boolean',
        true,
        'Whether a hard reset is allowed without calling the customer.',
        [false],
      ),
      customerContact,
    ],
    steps: [
      step('check', 'Ping the VM', 'Check whether the guest network stack answers at all.', {
        command: 'ping -c 3 {{asset.ip}}',
        expected: 'Replies: the OS is alive, look at the service. No replies: continue.',
        timebox: 2,
      }),
      step(
        'check',
        'Look at the console',
        'Open the {{console_tool}} for {{asset.name}}. Note a blue screen or kernel panic code in the log before touching anything.',
        {
          timebox: 5,
        },
      ),
      step(
        'check',
        'Check host contention',
        'A VM can look hung when its host is starved. Check CPU ready and memory ballooning.',
        {
          command: "Get-Stat -Entity '{{asset.name}}' -Stat cpu.ready.summation -Realtime -MaxSamples 5",
          expected: 'CPU ready under 5%.',
          timebox: 5,
        },
      ),
      step('action', 'Restart the guest OS', 'Ask the guest to restart cleanly.', {
        command: "Restart-VMGuest -VM '{{asset.name}}' -Confirm:$false",
        expected: 'VM back on the network within 10 minutes.',
        timebox: 10,
        customizable: true,
      }),
      step(
        'decision',
        'Hard reset?',
        'If the guest did not restart and hard reset is allowed ({{allow_hard_reset}}), reset the VM. Otherwise call the customer first.',
        {
          command: "Restart-VM -VM '{{asset.name}}' -Confirm:$false",
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'check',
        'Verify the services on the VM',
        'Log in and check the application services that run on this VM (see the topology on the recovery card).',
        {
          timebox: 5,
        },
      ),
      step(
        'check',
        'Check for a stuck snapshot',
        'A long snapshot chain freezes the VM during consolidation; note it for the follow-up.',
        {
          command: "Get-VM '{{asset.name}}' | Get-Snapshot | Select-Object Name, Created, SizeGB",
          expected: 'No snapshot older than 3 days.',
          timebox: 3,
          addedIn: 2,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'database-service-down',
    title: 'Database service down',
    summary:
      'A database instance does not accept connections. Restart it, fail over to the replica if it will not start.',
    assetKinds: ['database', 'vm'],
    tags: ['sql'],
    symptoms: [
      'database',
      'sql',
      'connection refused',
      'timeout',
      'postgres',
      'login failed',
      'mysql',
      'oracle',
    ],
    restoreTargetMinutes: 60,
    parameters: [
      param('db_port', 'number', 1433, 'Listener port of the instance.', [1433, 5432, 3306]),
      param('db_service', 'string', 'MSSQLSERVER', 'Name of the database service on the server.', [
        'MSSQLSERVER',
        'postgresql',
        'mysqld',
      ]),
      param(
        'failover_replica',
        'string',
        '',
        'Replica or availability-group partner to fail over to (empty: none).',
        ['sql02', 'AG listener partner'],
      ),
      approvalContact,
      customerContact,
    ],
    steps: [
      step('check', 'Test the listener', 'From the application server, check that the port answers.', {
        command: 'nc -zv {{asset.ip}} {{db_port}}',
        expected: 'Connection succeeded.',
        timebox: 2,
      }),
      step('check', 'Check the service state', 'See whether the service is stopped, starting or crashed.', {
        command: "Get-Service -ComputerName '{{asset.hostname}}' -Name '{{db_service}}'",
        expected: 'Status: Running.',
        timebox: 3,
      }),
      step(
        'check',
        'Check free space on data and log volumes',
        'A full log volume stops the database. Free space first if it is full (see "Disk full on server").',
        {
          command: "Invoke-Command -ComputerName '{{asset.hostname}}' { Get-PSDrive -PSProvider FileSystem }",
          expected: 'Every volume above 10% free.',
          timebox: 5,
        },
      ),
      step(
        'action',
        'Restart the database service',
        'Restart the service and watch the error log while it recovers databases.',
        {
          command:
            "Invoke-Command -ComputerName '{{asset.hostname}}' { Restart-Service -Name '{{db_service}}' -Force }",
          expected: 'Service running; databases online after recovery.',
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'decision',
        'Fail over to the replica?',
        'If the instance does not come back within the time box and a replica exists ({{failover_replica}}), get approval from {{approval_contact}} and fail over.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'check',
        'Check the applications reconnect',
        'Applications that depend on this database may need their service restarted after the database returns.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'firewall-failover',
    title: 'Firewall failover',
    summary:
      'The active firewall failed or the HA pair is unhealthy. Make sure one unit passes traffic, then fix the pair.',
    assetKinds: ['firewall'],
    tags: [],
    symptoms: [
      'firewall',
      'ha',
      'failover',
      'internet down',
      'vpn down',
      'split brain',
      'fortigate',
      'palo alto',
    ],
    restoreTargetMinutes: 30,
    parameters: [
      param('ha_peer', 'string', 'fw02', 'Host name of the HA partner.', ['fw02', 'fw-b']),
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Reach both units',
        'Ping the management address of the active unit and of {{ha_peer}}.',
        {
          command: 'ping -c 3 {{asset.ip}}',
          expected: 'At least one unit replies.',
          timebox: 2,
        },
      ),
      step(
        'check',
        'Read the HA state',
        'On FortiGate use the command below; on Palo Alto `show high-availability state`.',
        {
          command: 'get system ha status',
          expected: 'One primary, one secondary, configuration in sync.',
          timebox: 5,
        },
      ),
      step(
        'action',
        'Force failover to the healthy unit',
        'If the primary is degraded (monitored link down, high CPU), move the primary role to {{ha_peer}}.',
        {
          command: 'execute ha failover set 1',
          expected: 'Sessions continue on the new primary.',
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'check',
        'Verify traffic and VPN tunnels',
        'Check session count and that site-to-site tunnels are up.',
        {
          command: 'get vpn ipsec tunnel summary',
          expected: 'All tunnels up.',
          timebox: 5,
        },
      ),
      step(
        'escalate',
        'Open a case with the firewall vendor',
        'Give the serial numbers of both units and the support contract number from the recovery card.',
        {
          timebox: 15,
        },
      ),
      step(
        'action',
        'Back up the configuration',
        'Save the running configuration of the new primary to the config backup store.',
        {
          command: 'execute backup config tftp fw-{{asset.hostname}}.conf config-backup',
          timebox: 5,
          addedIn: 2,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'internet-circuit-down',
    title: 'Internet circuit down',
    summary:
      'The primary carrier circuit is down. Confirm traffic is on the backup path, then get the carrier working on it.',
    assetKinds: ['circuit', 'firewall'],
    tags: [],
    symptoms: ['internet', 'circuit', 'wan', 'isp', 'packet loss', 'fibre', 'leased line', 'carrier'],
    restoreTargetMinutes: 60,
    parameters: [
      param('backup_path', 'string', '4G backup', 'What carries traffic when the primary circuit fails.', [
        'Secondary fibre',
        'SD-WAN broadband',
        '5G router',
      ]),
      param(
        'carrier_reboot_allowed',
        'boolean',
        true,
        'Whether we may power-cycle the carrier NTE ourselves.',
        [false],
      ),
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Check the WAN interface on the firewall',
        'Look at link state and errors on the interface facing the carrier.',
        {
          command: 'diagnose hardware deviceinfo nic wan1',
          expected: 'Link up, no CRC errors.',
          timebox: 5,
        },
      ),
      step(
        'check',
        'Confirm traffic moved to the backup path',
        'Check SD-WAN health so users are on {{backup_path}}.',
        {
          command: 'diagnose sys sdwan health-check',
          expected: 'Backup member alive and carrying traffic.',
          timebox: 5,
        },
      ),
      step(
        'action',
        'Power-cycle the carrier NTE',
        'Only if allowed ({{carrier_reboot_allowed}}): ask someone on site to power-cycle the carrier box (NTE/ONT) and wait 5 minutes.',
        {
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'escalate',
        'Raise a fault with the carrier',
        'Call the carrier NOC with the circuit ID from the recovery card. Ask for a fault reference and an ETA; log both.',
        {
          timebox: 15,
        },
      ),
      notifyCustomer(),
      step(
        'check',
        'Move traffic back to the primary',
        'When the carrier clears the fault, confirm the primary is preferred again and latency is normal.',
        {
          command: 'diagnose sys sdwan service',
          expected: 'Primary circuit preferred.',
          timebox: 10,
        },
      ),
    ],
  },
  {
    key: 'storage-array-degraded',
    title: 'Storage array degraded',
    summary:
      'A storage array reports a failed component or high latency. Protect the running VMs, then get the vendor in.',
    assetKinds: ['storage'],
    tags: [],
    symptoms: [
      'storage',
      'latency',
      'datastore',
      'lun',
      'controller',
      'disk failed',
      'apd',
      'pdl',
      'netapp',
      'pure',
    ],
    restoreTargetMinutes: 120,
    parameters: [
      param('backup_window_pause', 'boolean', true, 'Pause backup jobs while the array is degraded.', [
        false,
      ]),
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Read the array health',
        'On NetApp: `system health alert show`; on Pure: `purearray list --controller`. Note the failed component.',
        {
          command: 'ssh admin@{{asset.hostname}} system health alert show',
          expected: 'Failed component identified.',
          timebox: 10,
        },
      ),
      step('check', 'Check latency seen by the hosts', 'High latency on datastores hurts every VM on them.', {
        command: 'esxcli storage core device stats get',
        expected: 'Latency under 20 ms.',
        timebox: 5,
      }),
      step(
        'action',
        'Take over from the failed controller',
        'If the partner did not take over automatically, start a takeover.',
        {
          command: 'storage failover takeover -ofnode {{asset.name}}-01',
          expected: 'Partner serving all volumes.',
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'action',
        'Pause heavy jobs',
        'If {{backup_window_pause}}, pause backup and replication jobs until the array is healthy.',
        {
          timebox: 5,
          customizable: true,
        },
      ),
      step(
        'escalate',
        'Open a P1 with the storage vendor',
        'Give the array serial number and the support contract from the recovery card; ask for a part dispatch.',
        {
          timebox: 15,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'ransomware-isolate',
    title: 'Ransomware suspected — isolate',
    summary:
      'Signs of encryption or a ransom note. Isolate first, protect the backups, then restore from a clean point.',
    assetKinds: ['vm', 'hypervisor_host', 'storage', 'application_service'],
    tags: [],
    symptoms: [
      'ransomware',
      'encrypted',
      'ransom note',
      'locked files',
      'mass rename',
      'edr alert',
      'crypto',
    ],
    risk: 'security-response',
    restoreTargetMinutes: 240,
    parameters: [
      param('security_contact', 'contact', 'Security Officer', 'Customer contact for a security incident.'),
      param('isolation_vlan', 'number', 999, 'Quarantine VLAN for infected machines.', [666, 998, 4000]),
      param('insurer_hotline', 'string', '', 'Cyber-insurer incident line from the policy (empty: none).', [
        '+44 20 7946 0999',
        '+1 212 555 0199',
      ]),
    ],
    steps: [
      step(
        'action',
        'Isolate the affected machines',
        'Use the EDR console to network-isolate {{asset.name}} and every machine with the same alert. Do not power them off: memory is evidence.',
        {
          timebox: 10,
        },
      ),
      step(
        'action',
        'Cut internet egress',
        'Block outbound traffic on the customer firewall except to the EDR and backup services.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'action',
        'Protect the backups',
        'Disable backup jobs and deletions so clean restore points are not overwritten; confirm immutable copies exist.',
        {
          command: 'Get-VBRJob | Disable-VBRJob',
          expected: 'All jobs disabled; immutable restore points listed.',
          timebox: 10,
        },
      ),
      step(
        'communicate',
        'Notify the security contact and the insurer',
        'Call {{security_contact}} now; the insurer ({{insurer_hotline}}) usually must hear within the hour.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'decision',
        'Choose a clean restore point',
        'With the security contact, pick the last restore point before the first sign of compromise.',
        {
          timebox: 30,
        },
      ),
      step(
        'action',
        'Restore to an isolated network',
        'Restore the affected servers into VLAN {{isolation_vlan}}, scan them, then reconnect.',
        {
          timebox: 120,
          customizable: true,
        },
      ),
      step(
        'escalate',
        'Engage incident response',
        'Call the MSP security lead and, if contracted, the external incident-response retainer.',
        {
          timebox: 15,
          addedIn: 2,
        },
      ),
    ],
  },
  {
    key: 'certificate-expired',
    title: 'Certificate expired',
    summary: 'Users see TLS errors because a certificate expired. Renew or reissue, bind, restart.',
    assetKinds: ['application_service', 'vm'],
    tags: ['web'],
    symptoms: ['certificate', 'ssl', 'tls', 'expired', 'https error', 'cert', 'not secure'],
    restoreTargetMinutes: 60,
    parameters: [
      param('certificate_authority', 'string', "Let's Encrypt", 'Who issues this certificate.', [
        'Internal AD CS',
        'DigiCert',
        'Sectigo',
      ]),
      customerContact,
    ],
    steps: [
      step('check', 'Confirm the expiry', 'Read the certificate dates as clients see them.', {
        command:
          'echo | openssl s_client -connect {{asset.hostname}}:443 -servername {{asset.hostname}} 2>/dev/null | openssl x509 -noout -dates',
        expected: 'notAfter in the past confirms it.',
        timebox: 3,
      }),
      step(
        'action',
        'Renew the certificate',
        'Renew with {{certificate_authority}}. For ACME clients, force a renewal.',
        {
          command: 'certbot renew --cert-name {{asset.hostname}} --force-renewal',
          expected: 'New certificate with a future notAfter.',
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'action',
        'Install and bind',
        'Import the certificate and bind it on the web server or load balancer.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step('action', 'Restart the service', 'Reload the web service so it serves the new certificate.', {
        command: 'sudo systemctl reload nginx',
        expected: 'Service reloaded without errors.',
        timebox: 5,
        customizable: true,
      }),
      step('check', 'Verify from outside', 'Repeat the first check from outside the customer network.', {
        command: 'curl -sv https://{{asset.hostname}}/ -o /dev/null',
        expected: 'TLS handshake succeeds.',
        timebox: 3,
      }),
      step(
        'action',
        'Add the certificate to expiry monitoring',
        'Make sure the monitoring checks this certificate and warns 30 days before expiry.',
        {
          timebox: 5,
          addedIn: 2,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'disk-full',
    title: 'Disk full on server',
    summary:
      'A volume is full and services stop. Free space safely, extend the disk, then find the cause later.',
    assetKinds: ['vm', 'database'],
    tags: [],
    symptoms: ['disk full', 'no space', 'volume', 'low disk', 'log full', 'out of space'],
    restoreTargetMinutes: 60,
    parameters: [
      param('extend_gb', 'number', 20, 'How much to grow the virtual disk by, in GB.', [10, 50, 100]),
      customerContact,
    ],
    steps: [
      step('check', 'See which volume is full', 'List volumes and free space.', {
        command: "ssh {{asset.hostname}} 'df -h'",
        expected: 'The full volume identified.',
        timebox: 3,
      }),
      step('check', 'Find what grew', 'Look for the largest directories on the full volume.', {
        command: "ssh {{asset.hostname}} 'sudo du -xh / 2>/dev/null | sort -h | tail -20'",
        expected: 'Top consumers listed (logs, dumps, backups).',
        timebox: 5,
      }),
      step(
        'action',
        'Free space safely',
        'Remove or compress rotated logs, temp files and old crash dumps. Never delete database files.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'action',
        'Extend the virtual disk',
        'Grow the VMDK by {{extend_gb}} GB, then extend the partition and file system in the guest.',
        {
          command:
            "Get-HardDisk -VM '{{asset.name}}' | Select-Object -First 1 | Set-HardDisk -CapacityGB ((Get-HardDisk -VM '{{asset.name}}' | Select-Object -First 1).CapacityGB + {{extend_gb}}) -Confirm:$false",
          expected: 'Volume has more than 15% free.',
          timebox: 15,
          customizable: true,
        },
      ),
      step('check', 'Restart stopped services', 'Services that failed on write errors need a restart.', {
        timebox: 5,
      }),
      notifyCustomer(),
    ],
  },
  {
    key: 'backup-job-failed',
    title: 'Backup job failed',
    summary:
      'A backup job failed or missed its window. Get a good restore point tonight; chase the cause tomorrow.',
    assetKinds: ['vm', 'application_service', 'storage'],
    tags: ['backup'],
    symptoms: ['backup', 'veeam', 'job failed', 'repository', 'snapshot', 'missed backup'],
    restoreTargetMinutes: 1440,
    parameters: [
      param('backup_job', 'string', 'Daily - Production', 'Name of the backup job.', [
        'Nightly - All VMs',
        'SQL - Hourly logs',
      ]),
      param('retry_count', 'number', 1, 'How many retries before escalating.', [2, 3]),
    ],
    steps: [
      step('check', 'Read the last job session', 'See which VMs failed and why.', {
        command:
          "Get-VBRJob -Name '{{backup_job}}' | Get-VBRJobSession -Last | Select-Object -ExpandProperty Result",
        expected: 'Failure reason per VM.',
        timebox: 5,
      }),
      step('check', 'Check repository free space', 'A full repository fails every job.', {
        command:
          'Get-VBRBackupRepository | Select-Object Name, @{n="FreeGB";e={$_.GetContainer().CachedFreeSpace.InGigabytes}}',
        expected: 'More than 10% free.',
        timebox: 5,
      }),
      step(
        'action',
        'Remove orphaned snapshots',
        'Leftover snapshots make the next run fail and slow the VM down.',
        {
          command:
            "Get-VM '{{asset.name}}' | Get-Snapshot | Where-Object { $_.Name -like 'VEEAM*' } | Remove-Snapshot -Confirm:$false",
          timebox: 10,
          customizable: true,
        },
      ),
      step('action', 'Retry the failed VMs', 'Retry up to {{retry_count}} times.', {
        command: "Start-VBRJob -Job (Get-VBRJob -Name '{{backup_job}}') -RetryBackup",
        expected: 'Job session ends Success or Warning.',
        timebox: 60,
        customizable: true,
      }),
      step(
        'escalate',
        'Open a case with the backup vendor',
        'If retries fail, open a case with the job log attached.',
        { timebox: 15 },
      ),
      step(
        'communicate',
        'Record the gap',
        'Note the last good restore point in the incident so the morning shift knows the exposure.',
        {
          timebox: 5,
          addedIn: 2,
        },
      ),
    ],
  },
  {
    key: 'dns-failing',
    title: 'DNS resolution failing',
    summary: 'Names do not resolve and everything looks down. Get DNS answering, then check forwarders.',
    assetKinds: ['vm', 'network_device', 'application_service'],
    tags: ['ad', 'dns'],
    symptoms: ['dns', 'name resolution', 'nslookup', 'cannot resolve', 'servfail', 'host not found'],
    restoreTargetMinutes: 30,
    parameters: [
      param('dns_server', 'string', 'dc01', 'DNS server to test against.', ['dc01', 'dc02', 'ns01']),
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Query the DNS server directly',
        'Resolve a known internal name against {{dns_server}}.',
        {
          command: 'nslookup {{asset.hostname}} {{dns_server}}',
          expected: 'An address comes back.',
          timebox: 2,
        },
      ),
      step(
        'check',
        'Check the DNS service',
        'See whether the DNS Server service runs on the domain controllers.',
        {
          command: "Get-Service -ComputerName '{{dns_server}}' -Name DNS",
          expected: 'Running.',
          timebox: 3,
        },
      ),
      step('action', 'Restart the DNS service', 'Restart it on the failing server.', {
        command: "Invoke-Command -ComputerName '{{dns_server}}' { Restart-Service DNS }",
        expected: 'Queries answered again.',
        timebox: 5,
        customizable: true,
      }),
      step('check', 'Check forwarders', 'External names fail when forwarders are unreachable.', {
        command: "Get-DnsServerForwarder -ComputerName '{{dns_server}}'",
        expected: 'Forwarders reachable.',
        timebox: 5,
      }),
      step('action', 'Clear the server cache', 'Flush bad cached answers.', {
        command: "Clear-DnsServerCache -ComputerName '{{dns_server}}' -Force",
        timebox: 2,
      }),
      notifyCustomer(),
    ],
  },
  {
    key: 'ad-dc-down',
    title: 'Active Directory DC down',
    summary:
      'A domain controller is down; logons and DNS may fail. Keep one healthy DC serving, then repair or rebuild.',
    assetKinds: ['vm'],
    tags: ['ad', 'tier0'],
    symptoms: [
      'domain controller',
      'active directory',
      'login',
      'logon',
      'kerberos',
      'ldap',
      'gpo',
      'trust relationship',
    ],
    restoreTargetMinutes: 60,
    parameters: [
      param('surviving_dc', 'string', 'dc02', 'The healthy DC that can take the FSMO roles.', [
        'dc02',
        'dc03',
      ]),
      approvalContact,
      customerContact,
    ],
    steps: [
      step('check', 'Reach the DC', 'Ping it and check its console.', {
        command: 'ping -c 3 {{asset.ip}}',
        timebox: 2,
      }),
      step(
        'check',
        'Run dcdiag against the surviving DC',
        'Make sure logons still work through {{surviving_dc}}.',
        {
          command: 'dcdiag /s:{{surviving_dc}} /q',
          expected: 'No errors.',
          timebox: 5,
        },
      ),
      step('check', 'Check replication', 'See which partners fail to replicate.', {
        command: 'repadmin /replsummary',
        expected: 'Failures only towards the down DC.',
        timebox: 5,
      }),
      step('action', 'Restart AD DS on the DC', 'If the VM is up but AD DS hung, restart the service.', {
        command: "Invoke-Command -ComputerName '{{asset.hostname}}' { Restart-Service NTDS -Force }",
        timebox: 10,
        customizable: true,
      }),
      step(
        'decision',
        'Seize FSMO roles?',
        'Only if the DC is beyond repair and holds FSMO roles, and {{approval_contact}} agrees: seize the roles on {{surviving_dc}}. Never bring the old DC back afterwards.',
        {
          command: 'netdom query fsmo',
          timebox: 15,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'k8s-node-notready',
    title: 'Kubernetes node NotReady',
    summary: 'A Kubernetes node went NotReady. Move its pods away, restart the kubelet, bring it back.',
    assetKinds: ['container_host'],
    tags: ['kubernetes'],
    symptoms: ['kubernetes', 'k8s', 'node', 'notready', 'pods pending', 'kubelet', 'evicted'],
    restoreTargetMinutes: 30,
    parameters: [
      param('kube_context', 'string', 'prod', 'kubectl context of the customer cluster.', [
        'prod',
        'prod-eu',
      ]),
    ],
    steps: [
      step('check', 'List the nodes', 'See which nodes are NotReady and since when.', {
        command: 'kubectl --context {{kube_context}} get nodes -o wide',
        expected: 'Only {{asset.hostname}} NotReady.',
        timebox: 2,
      }),
      step(
        'check',
        'Describe the node',
        'Conditions show memory, disk or PID pressure, or a kubelet that stopped posting.',
        {
          command: 'kubectl --context {{kube_context}} describe node {{asset.hostname}}',
          timebox: 5,
        },
      ),
      step('action', 'Cordon and drain', 'Move workloads to healthy nodes.', {
        command:
          'kubectl --context {{kube_context}} drain {{asset.hostname}} --ignore-daemonsets --delete-emptydir-data --timeout=300s',
        expected: 'Pods rescheduled elsewhere.',
        timebox: 10,
        customizable: true,
      }),
      step('action', 'Restart the kubelet', 'Restart the kubelet and container runtime on the node.', {
        command: 'ssh {{asset.hostname}} sudo systemctl restart containerd kubelet',
        expected: 'Node Ready within 2 minutes.',
        timebox: 10,
      }),
      step('action', 'Uncordon', 'Let the node take pods again.', {
        command: 'kubectl --context {{kube_context}} uncordon {{asset.hostname}}',
        timebox: 2,
      }),
      step('check', 'Check pods are healthy', 'No pod left Pending or CrashLooping.', {
        command: 'kubectl --context {{kube_context}} get pods -A --field-selector=status.phase!=Running',
        expected: 'Nothing listed besides Completed jobs.',
        timebox: 5,
      }),
    ],
  },
  {
    key: 'm365-outage-communication',
    title: 'M365 outage communication',
    summary: 'Microsoft 365 services fail for users. Check whether it is Microsoft or us, then communicate.',
    assetKinds: ['cloud_resource', 'application_service'],
    tags: ['m365'],
    symptoms: ['m365', 'office 365', 'outlook', 'teams', 'exchange online', 'sharepoint', 'onedrive'],
    restoreTargetMinutes: 240,
    parameters: [
      param(
        'status_page',
        'string',
        'https://status.cloud.microsoft.example',
        'Where Microsoft posts service health.',
      ),
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Read Microsoft service health',
        'Check the admin center service health and {{status_page}} for an open incident.',
        {
          timebox: 5,
        },
      ),
      step('check', 'Rule out local causes', 'Check that names resolve and the firewall lets traffic out.', {
        command: 'Resolve-DnsName outlook.office365.com',
        expected: 'Microsoft addresses returned.',
        timebox: 5,
      }),
      step(
        'communicate',
        'Tell the customer',
        'Send the outage notice: what is down, that it is a Microsoft incident (with its id), workarounds, next update time.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'action',
        'Offer workarounds',
        'Outlook on the web, Teams mobile app, or dial-in numbers, depending on what is down.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'escalate',
        'Open a Microsoft service request',
        'Only if the tenant is affected and Microsoft shows no incident.',
        { timebox: 15 },
      ),
      step(
        'communicate',
        'Send the all-clear',
        'When Microsoft resolves the incident, confirm with a user and send the all-clear.',
        {
          timebox: 5,
        },
      ),
    ],
  },
  {
    key: 'cluster-degraded',
    title: 'Virtualization cluster degraded',
    summary:
      'The cluster lost capacity or HA is misconfigured. Protect the running workloads, restore redundancy.',
    assetKinds: ['cluster'],
    tags: [],
    symptoms: ['cluster', 'ha', 'drs', 'admission control', 'insufficient resources', 'quorum', 'vcenter'],
    restoreTargetMinutes: 60,
    parameters: [failoverSite, approvalContact, customerContact],
    steps: [
      step('check', 'Read the cluster summary', 'Count hosts connected and resources left.', {
        command:
          "Get-Cluster '{{asset.name}}' | Get-VMHost | Select-Object Name, ConnectionState, CpuUsageMhz, MemoryUsageGB",
        expected: 'All hosts Connected.',
        timebox: 5,
      }),
      step('check', 'Check HA state', 'Look for HA agent errors and admission control warnings.', {
        timebox: 5,
      }),
      step(
        'action',
        'Free capacity',
        'Power off test and non-critical VMs to leave room for critical ones.',
        {
          timebox: 15,
          customizable: true,
        },
      ),
      step('action', 'Reconfigure HA on the cluster', 'Re-run HA configuration on hosts with agent errors.', {
        command: "Get-Cluster '{{asset.name}}' | Set-Cluster -HAEnabled:$true -Confirm:$false",
        timebox: 10,
      }),
      step(
        'decision',
        'Fail over to DR?',
        'If critical services cannot run on the remaining capacity, get approval from {{approval_contact}} and fail over to {{failover_site}}.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'core-switch-down',
    title: 'Core switch down',
    summary:
      'A core switch or stack member failed. Get traffic flowing through the surviving member or a spare.',
    assetKinds: ['network_device'],
    tags: [],
    symptoms: ['switch', 'network down', 'vlan', 'stack', 'spanning tree', 'link down', 'loop'],
    restoreTargetMinutes: 60,
    parameters: [
      param('console_server', 'string', 'oob-console', 'Out-of-band console server at the site.', [
        'opengear01',
        'oob-console',
      ]),
      param('spare_location', 'string', 'Comms room cabinet A', 'Where the cold spare is kept.', [
        'MSP depot',
        'Site store room',
      ]),
      customerContact,
    ],
    steps: [
      step('check', 'Ping the management address', 'Check whether the switch or stack still answers.', {
        command: 'ping -c 3 {{asset.ip}}',
        timebox: 2,
      }),
      step(
        'check',
        'Connect over the console server',
        'Use {{console_server}} to reach the serial console and read the log.',
        {
          command: 'ssh {{console_server}}',
          timebox: 10,
        },
      ),
      step('check', 'Check the stack', 'See which member dropped.', {
        command: 'show switch',
        expected: 'All members Ready.',
        timebox: 5,
      }),
      step('action', 'Reload the failed member', 'Reload only the failed stack member.', {
        command: 'reload slot 2',
        timebox: 15,
        customizable: true,
      }),
      step(
        'action',
        'Swap in the cold spare',
        'If the member does not return, swap in the spare from {{spare_location}} with the saved configuration.',
        {
          timebox: 60,
          customizable: true,
        },
      ),
      step(
        'escalate',
        'Raise an RMA',
        'Open a hardware case with the serial number and the contract from the recovery card.',
        {
          timebox: 15,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'site-to-site-vpn-down',
    title: 'Site-to-site VPN down',
    summary: 'A site-to-site tunnel is down and a branch or cloud network is cut off. Bring the tunnel up.',
    assetKinds: ['firewall', 'circuit', 'cloud_resource'],
    tags: [],
    symptoms: ['vpn', 'ipsec', 'tunnel', 'site to site', 'phase 1', 'phase 2', 'branch offline'],
    restoreTargetMinutes: 60,
    parameters: [
      param('tunnel_name', 'string', 'to-hq', 'Name of the tunnel on the firewall.', [
        'to-azure',
        'to-dc2',
        'branch-01',
      ]),
      customerContact,
    ],
    steps: [
      step('check', 'Check the tunnel state', 'See phase 1 and phase 2 state.', {
        command: 'diagnose vpn tunnel list name {{tunnel_name}}',
        expected: 'Both phases up.',
        timebox: 5,
      }),
      step('check', 'Reach the remote peer', 'Check the peer public address answers.', {
        command: 'execute ping {{asset.ip}}',
        timebox: 3,
      }),
      step('action', 'Bounce the tunnel', 'Bring the tunnel down and up to renegotiate.', {
        command: 'diagnose vpn tunnel flush {{tunnel_name}}',
        expected: 'Tunnel up within 2 minutes.',
        timebox: 5,
        customizable: true,
      }),
      step(
        'check',
        'Compare proposals',
        'If phase 1 fails, compare encryption, DH group and pre-shared key reference with the other side.',
        {
          timebox: 15,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'business-application-down',
    title: 'Business application down',
    summary:
      'A business application does not answer users. Restart it in the right order; fail over if it will not come back.',
    assetKinds: ['application_service'],
    tags: [],
    symptoms: [
      'application down',
      'erp',
      'crm',
      'portal',
      '500 error',
      'web shop',
      'emr',
      'cannot log in',
      'site down',
    ],
    restoreTargetMinutes: 60,
    parameters: [
      failoverSite,
      param(
        'app_service_name',
        'string',
        'AppService',
        'Windows service or systemd unit of the application.',
        ['W3SVC', 'tomcat9', 'erp-server'],
      ),
      approvalContact,
      customerContact,
    ],
    steps: [
      step('check', 'Test the application endpoint', 'Call the health or login page the way users do.', {
        command: "curl -sk -o /dev/null -w '%{http_code}\\n' https://{{asset.hostname}}/",
        expected: '200 or 302.',
        timebox: 2,
      }),
      step(
        'check',
        'Check its dependencies',
        'Look at the topology: database, VM and network it needs. Fix the lowest failed layer first.',
        {
          timebox: 5,
        },
      ),
      step(
        'action',
        'Restart the application service',
        'Restart {{app_service_name}} on the application server.',
        {
          command:
            "Invoke-Command -ComputerName '{{asset.hostname}}' { Restart-Service -Name '{{app_service_name}}' }",
          expected: 'Service running; endpoint answers.',
          timebox: 10,
          customizable: true,
        },
      ),
      step('check', 'Test a business transaction', 'Log in as the test user and complete one transaction.', {
        timebox: 5,
        customizable: true,
      }),
      step(
        'decision',
        'Fail over to DR?',
        'If the application is still down at half the restore target, get approval from {{approval_contact}} and fail over to {{failover_site}}.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      notifyCustomer(),
      step(
        'communicate',
        'Book the root-cause review',
        'Add a follow-up with what you saw so the problem manager can chase the cause.',
        {
          timebox: 5,
          addedIn: 2,
        },
      ),
    ],
  },
  {
    key: 'server-slow-high-cpu',
    title: 'Server slow / high CPU',
    summary: 'A server is so slow users cannot work. Relieve the pressure now, investigate later.',
    assetKinds: ['vm', 'database'],
    tags: [],
    symptoms: ['slow', 'high cpu', 'memory', 'performance', 'timeout', 'lag', 'swap'],
    restoreTargetMinutes: 60,
    parameters: [
      param('extra_vcpu', 'number', 2, 'vCPUs to add when the host has room.', [4]),
      customerContact,
    ],
    steps: [
      step('check', 'See what uses the CPU', 'Top processes on the server.', {
        command: "ssh {{asset.hostname}} 'top -b -n 1 | head -20'",
        timebox: 5,
      }),
      step('check', 'Check the host', 'Contention on the host looks like a slow guest.', {
        command: "Get-Stat -Entity '{{asset.name}}' -Stat cpu.usage.average -Realtime -MaxSamples 10",
        timebox: 5,
      }),
      step(
        'action',
        'Stop the runaway process',
        'Restart the offending service (not the whole server) if it is known to leak.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step('action', 'Add resources', 'Hot-add {{extra_vcpu}} vCPUs or memory if hot-add is enabled.', {
        command:
          "Set-VM -VM '{{asset.name}}' -NumCpu ((Get-VM '{{asset.name}}').NumCpu + {{extra_vcpu}}) -Confirm:$false",
        timebox: 10,
        customizable: true,
      }),
      step('action', 'Move the VM to a quieter host', 'vMotion to the least loaded host in the cluster.', {
        command:
          "Move-VM -VM '{{asset.name}}' -Destination (Get-VMHost | Sort-Object CpuUsageMhz | Select-Object -First 1)",
        timebox: 10,
      }),
      notifyCustomer(),
    ],
  },
  {
    key: 'dr-failover',
    title: 'Fail over environment to DR',
    summary: 'The primary site is lost. Fail the environment over to DR in the restore order, with approval.',
    assetKinds: ['cluster', 'application_service', 'storage'],
    tags: [],
    symptoms: ['site down', 'datacenter', 'data centre', 'power outage', 'dr', 'disaster', 'flood', 'fire'],
    risk: 'destructive',
    restoreTargetMinutes: 240,
    parameters: [
      failoverSite,
      approvalContact,
      param('rpo_minutes', 'number', 15, 'Accepted data loss in minutes.', [5, 60, 240]),
      customerContact,
    ],
    steps: [
      step(
        'decision',
        'Declare the disaster',
        'Confirm the primary site cannot be restored within the restore target. Get {{approval_contact}} to approve failover to {{failover_site}}.',
        {
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'check',
        'Check replication state',
        'Confirm the last replica is within {{rpo_minutes}} minutes.',
        {
          command: 'Get-VBRReplica | Select-Object Name, LastPointCreationTime',
          timebox: 10,
        },
      ),
      step('action', 'Fail over infrastructure', 'Start domain controllers and DNS at DR first.', {
        command:
          "Start-VBRReplicaFailover -RestorePoint (Get-VBRRestorePoint -Backup (Get-VBRBackup -Name 'DR - Tier 0') | Select-Object -Last 1)",
        timebox: 30,
        customizable: true,
      }),
      step(
        'action',
        'Fail over applications in restore order',
        'Databases, then application servers, then web front ends.',
        {
          timebox: 60,
          customizable: true,
        },
      ),
      step('action', 'Repoint DNS and firewall rules', 'Change public DNS and NAT to the DR addresses.', {
        timebox: 20,
        customizable: true,
      }),
      step('check', 'Test business transactions at DR', 'Ask the customer to test the key applications.', {
        timebox: 20,
      }),
      notifyCustomer(),
      step(
        'communicate',
        'Plan failback',
        'Agree the failback window with the customer; do not fail back during business hours.',
        {
          timebox: 10,
          addedIn: 2,
        },
      ),
    ],
  },
  {
    key: 'site-power-outage',
    title: 'Site power outage (UPS on battery)',
    summary: 'A site lost mains power and runs on UPS. Shut down in order before the batteries run out.',
    assetKinds: ['network_device', 'hypervisor_host', 'storage'],
    tags: [],
    symptoms: ['power', 'ups', 'battery', 'outage', 'generator', 'mains'],
    restoreTargetMinutes: 120,
    parameters: [
      param(
        'facilities_contact',
        'contact',
        'Facilities',
        'Who at the customer deals with the building power.',
      ),
      param('shutdown_at_percent', 'number', 40, 'Battery level at which to start the shutdown.', [30, 50]),
    ],
    steps: [
      step('check', 'Read UPS runtime', 'Check battery level and estimated runtime.', { timebox: 3 }),
      step(
        'communicate',
        'Call facilities',
        'Call {{facilities_contact}}: is the generator starting, and when is mains expected?',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step(
        'decision',
        'Start the shutdown?',
        'When the battery reaches {{shutdown_at_percent}}% without mains or generator, start the ordered shutdown.',
        {
          timebox: 10,
        },
      ),
      step(
        'action',
        'Shut down in reverse restore order',
        'Applications, then databases, then VMs, hosts, storage last.',
        {
          timebox: 30,
          customizable: true,
        },
      ),
      step(
        'action',
        'Power on in restore order',
        'When power is stable: storage, network, hosts, domain controllers, databases, applications.',
        {
          timebox: 45,
          customizable: true,
        },
      ),
      step(
        'check',
        'Check everything came back',
        'Compare the running VMs with the topology on the recovery card.',
        { timebox: 15 },
      ),
    ],
  },
  {
    key: 'mail-flow-stopped',
    title: 'Mail flow stopped',
    summary: 'E-mail stopped flowing (hybrid Exchange or relay). Clear the queue path, then find the cause.',
    assetKinds: ['application_service', 'vm'],
    tags: ['exchange'],
    symptoms: ['email', 'mail flow', 'queue', 'exchange', 'smtp', 'ndr', 'mail stuck'],
    restoreTargetMinutes: 120,
    parameters: [
      param('smart_host', 'string', 'smtp-relay', 'Outbound relay host.', [
        'mail-relay01',
        'smtp.protection.outlook.example',
      ]),
      customerContact,
    ],
    steps: [
      step('check', 'Look at the queues', 'See which queue grows and its last error.', {
        command: 'Get-Queue | Where-Object { $_.MessageCount -gt 0 }',
        timebox: 5,
      }),
      step('check', 'Test SMTP to the relay', 'Check the relay accepts connections.', {
        command: 'Test-NetConnection {{smart_host}} -Port 25',
        expected: 'TcpTestSucceeded: True.',
        timebox: 3,
      }),
      step('action', 'Restart transport', 'Restart the transport service on the mail server.', {
        command: "Invoke-Command -ComputerName '{{asset.hostname}}' { Restart-Service MSExchangeTransport }",
        timebox: 10,
        customizable: true,
      }),
      step('action', 'Retry the queues', 'Force a retry once the path works.', {
        command: 'Get-Queue | Retry-Queue',
        timebox: 5,
      }),
      notifyCustomer(),
    ],
  },
  {
    key: 'mass-account-lockout',
    title: 'Mass account lockouts',
    summary: 'Many users locked out or MFA failing. Stop the source, unlock, protect the tenant.',
    assetKinds: ['application_service', 'cloud_resource', 'vm'],
    tags: ['ad', 'security'],
    symptoms: ['lockout', 'locked out', 'mfa', 'sign-in', 'password spray', 'cannot log in'],
    restoreTargetMinutes: 60,
    parameters: [
      param('security_contact', 'contact', 'Security Officer', 'Customer contact for a security incident.'),
      customerContact,
    ],
    steps: [
      step(
        'check',
        'Find the lockout source',
        'Look at event 4740 on the PDC emulator for the caller computer.',
        {
          command:
            "Get-WinEvent -ComputerName '{{asset.hostname}}' -FilterHashtable @{LogName='Security';Id=4740} -MaxEvents 50",
          timebox: 10,
        },
      ),
      step(
        'decision',
        'Attack or stale credentials?',
        'Many accounts from external addresses means an attack: call {{security_contact}} and treat as a security incident.',
        {
          timebox: 10,
        },
      ),
      step(
        'action',
        'Block the source',
        'Block the attacking addresses on the firewall or in conditional access.',
        {
          timebox: 10,
          customizable: true,
        },
      ),
      step('action', 'Unlock the accounts', 'Unlock affected accounts once the source is blocked.', {
        command: 'Search-ADAccount -LockedOut | Unlock-ADAccount',
        timebox: 5,
      }),
      notifyCustomer(),
    ],
  },
  {
    key: 'cloud-resource-unavailable',
    title: 'Cloud resource unavailable',
    summary:
      'An Azure or AWS resource is down. Check the provider, restart or redeploy, fail over across zones.',
    assetKinds: ['cloud_resource'],
    tags: ['cloud'],
    symptoms: ['azure', 'aws', 'ec2', 'region', 'cloud', 'availability zone', 'throttling'],
    restoreTargetMinutes: 60,
    parameters: [
      param('secondary_region', 'string', 'paired region', 'Where to redeploy if the region is impaired.', [
        'westeurope',
        'us-west-2',
        'ukwest',
      ]),
    ],
    steps: [
      step(
        'check',
        'Check provider health',
        'Read the Azure Service Health or AWS Health dashboard for the region.',
        { timebox: 5 },
      ),
      step('check', 'Check the resource state', 'Read the resource health blade or instance status checks.', {
        command: 'aws ec2 describe-instance-status --instance-ids {{asset.name}}',
        timebox: 5,
      }),
      step(
        'action',
        'Restart or redeploy',
        'Restart the resource; on Azure, redeploy moves it to a new host.',
        {
          timebox: 15,
          customizable: true,
        },
      ),
      step(
        'decision',
        'Fail over to the secondary region?',
        'If the region is impaired, redeploy to {{secondary_region}} from the last backup or template.',
        {
          timebox: 30,
          customizable: true,
        },
      ),
      step('escalate', 'Open a provider support case', 'Severity A / Urgent, with the resource id.', {
        timebox: 10,
      }),
    ],
  },
  {
    key: 'rds-cannot-connect',
    title: 'Remote Desktop users cannot connect',
    summary: 'Users cannot reach their remote desktops. Get the gateway and session hosts answering.',
    assetKinds: ['vm', 'application_service'],
    tags: ['rds'],
    symptoms: ['remote desktop', 'rds', 'rdp', 'citrix', 'avd', 'cannot connect', 'gateway'],
    restoreTargetMinutes: 30,
    parameters: [
      param('gateway_host', 'string', 'rdgw01', 'Remote Desktop gateway host.', ['rdgw01', 'rds-gw']),
      customerContact,
    ],
    steps: [
      step('check', 'Test the gateway from outside', 'Check the gateway answers on 443.', {
        command: 'Test-NetConnection {{gateway_host}} -Port 443',
        expected: 'TcpTestSucceeded: True.',
        timebox: 3,
      }),
      step('check', 'Check session hosts', 'See which session hosts accept new connections.', {
        command: 'Get-RDSessionHost -CollectionName Desktops',
        timebox: 5,
      }),
      step('action', 'Restart the gateway service', 'Restart TSGateway on the gateway.', {
        command: "Invoke-Command -ComputerName '{{gateway_host}}' { Restart-Service TSGateway }",
        timebox: 5,
        customizable: true,
      }),
      step(
        'action',
        'Drain and restart a hung session host',
        'Stop new logons, notify users on it, restart.',
        {
          command: "Restart-Computer -ComputerName '{{asset.hostname}}' -Force",
          timebox: 15,
          customizable: true,
        },
      ),
      notifyCustomer(),
    ],
  },
  {
    key: 'dhcp-exhausted',
    title: 'DHCP scope exhausted',
    summary: 'New devices get no address. Free or extend the scope, then find what used it up.',
    assetKinds: ['vm', 'network_device', 'firewall'],
    tags: ['dhcp'],
    symptoms: ['dhcp', 'no ip address', 'apipa', '169.254', 'scope full', 'cannot join wifi'],
    restoreTargetMinutes: 60,
    parameters: [
      param('lease_hours', 'number', 8, 'Shortened lease time while the scope is tight.', [4, 2]),
      customerContact,
    ],
    steps: [
      step('check', 'Read scope statistics', 'See how full each scope is.', {
        command: "Get-DhcpServerv4ScopeStatistics -ComputerName '{{asset.hostname}}'",
        expected: 'Scopes under 90% used.',
        timebox: 3,
      }),
      step(
        'action',
        'Shorten the lease time',
        'Set the lease to {{lease_hours}} hours so old leases expire.',
        {
          timebox: 5,
          customizable: true,
        },
      ),
      step('action', 'Remove stale leases', 'Delete leases of devices gone for more than a day.', {
        timebox: 10,
      }),
      step('check', 'Confirm a client gets an address', 'Renew on a test client.', {
        command: 'ipconfig /renew',
        timebox: 3,
      }),
      notifyCustomer(),
    ],
  },
];
