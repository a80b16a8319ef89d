/**
 * Word lists and reference tables the demo generator draws from: company names by
 * industry, regions (time zone, cities, phone format), vendors, hardware models.
 * Phone numbers use ranges set aside for fiction where the regulator has one (UK Ofcom
 * drama numbers, North American 555-01xx, Australian ACMA fiction ranges, French 01 99 ...);
 * e-mail and web addresses use the reserved `.example` top-level domain.
 */
import type { Rng } from './random';

export interface Industry {
  readonly tag: string;
  readonly suffixes: readonly string[];
  /** Business applications this kind of customer runs (application services). */
  readonly apps: readonly string[];
  readonly complianceTags: readonly string[];
}

export const INDUSTRIES: readonly Industry[] = [
  {
    tag: 'healthcare',
    suffixes: [
      'Dental Group',
      'Medical Practice',
      'Health Partners',
      'Veterinary Clinics',
      'Care Homes',
      'Physiotherapy',
    ],
    apps: [
      'EMR (patient records)',
      'PACS imaging',
      'Appointment booking',
      'e-Prescribing gateway',
      'Lab results interface',
    ],
    complianceTags: ['hipaa', 'dspt', 'phi'],
  },
  {
    tag: 'retail',
    suffixes: ['Outfitters', 'Home & Garden', 'Pharmacy', 'Wine Merchants', 'Bakeries', 'Bike Co'],
    apps: ['Web shop', 'POS back office', 'Inventory management', 'Loyalty programme', 'Click & collect'],
    complianceTags: ['pci-dss'],
  },
  {
    tag: 'legal',
    suffixes: ['Law LLP', 'Solicitors', 'Legal', 'Chambers', 'Notaries'],
    apps: ['Document management (iManage)', 'Case management', 'Time & billing', 'Client portal'],
    complianceTags: ['iso27001', 'client-confidential'],
  },
  {
    tag: 'manufacturing',
    suffixes: ['Precision Engineering', 'Plastics', 'Foods', 'Metalworks', 'Packaging', 'Components'],
    apps: [
      'ERP (Dynamics 365 BC)',
      'MES (shop floor)',
      'Label printing',
      'Quality management',
      'SCADA historian',
    ],
    complianceTags: ['iso9001', 'ot-network'],
  },
  {
    tag: 'logistics',
    suffixes: ['Logistics', 'Freight', 'Shipping', 'Haulage', 'Distribution'],
    apps: ['WMS (warehouse)', 'TMS (transport)', 'Fleet tracking', 'EDI gateway', 'Customs declarations'],
    complianceTags: ['aeo', 'edi'],
  },
  {
    tag: 'finance',
    suffixes: ['Capital', 'Wealth Management', 'Credit Union', 'Insurance Brokers', 'Accountants'],
    apps: [
      'Client portal',
      'CRM (Dynamics 365)',
      'Portfolio management',
      'Payments gateway',
      'Practice management',
    ],
    complianceTags: ['pci-dss', 'sox', 'fca-regulated'],
  },
  {
    tag: 'education',
    suffixes: ['Academy Trust', 'College', 'Schools', 'Learning Centre'],
    apps: ['MIS (student records)', 'VLE (Moodle)', 'Library system', 'Catering cashless'],
    complianceTags: ['safeguarding', 'gdpr'],
  },
  {
    tag: 'public-sector',
    suffixes: ['Councils', 'Housing Association', 'Water Board', 'Fire & Rescue Trust'],
    apps: ['Citizen portal', 'Revenues & benefits', 'Housing management', 'Planning portal'],
    complianceTags: ['psn', 'cyber-essentials-plus'],
  },
  {
    tag: 'hospitality',
    suffixes: ['Hotels', 'Restaurants', 'Leisure', 'Resorts'],
    apps: ['Property management (PMS)', 'Table booking', 'POS back office', 'Guest Wi-Fi portal'],
    complianceTags: ['pci-dss'],
  },
  {
    tag: 'construction',
    suffixes: ['Construction', 'Architects', 'Builders', 'Surveyors'],
    apps: ['CAD licence server', 'Project management', 'Document control', 'Estimating'],
    complianceTags: ['iso19650'],
  },
  {
    tag: 'professional-services',
    suffixes: ['Consulting', 'Recruitment', 'Partners', 'Advisory'],
    apps: ['CRM (Salesforce connector)', 'Practice management', 'Timesheets', 'Intranet'],
    complianceTags: ['iso27001'],
  },
  {
    tag: 'media',
    suffixes: ['Studios', 'Media', 'Publishing', 'Productions'],
    apps: ['Media asset management', 'Render farm scheduler', 'Editorial CMS', 'Transcoding'],
    complianceTags: ['tpn'],
  },
];

export const NAME_STEMS: readonly string[] = [
  'Harbor',
  'Northwind',
  'Brightwater',
  'Silverline',
  'Oakridge',
  'Redwood',
  'Bluepeak',
  'Granite',
  'Meridian',
  'Summit',
  'Pinecrest',
  'Lakeside',
  'Ironbridge',
  'Westgate',
  'Eastfield',
  'Kingsway',
  'Riverside',
  'Highland',
  'Cedar',
  'Falcon',
  'Beacon',
  'Crescent',
  'Evergreen',
  'Foxglove',
  'Goldcrest',
  'Hawthorn',
  'Juniper',
  'Kestrel',
  'Larkspur',
  'Maple',
  'Nordic',
  'Orchard',
  'Pioneer',
  'Quarry',
  'Rosewood',
  'Sterling',
  'Thornbury',
  'Unity',
  'Vantage',
  'Willow',
  'Yardley',
  'Zenith',
  'Alder',
  'Birch',
  'Copper',
  'Driftwood',
  'Elmstead',
  'Fairhaven',
  'Glenmore',
  'Ashford',
  'Bramble',
  'Coastal',
  'Dunmore',
  'Ember',
  'Fernhill',
  'Greystone',
  'Heron',
  'Ivybridge',
  'Jasper',
  'Keystone',
  'Lantern',
  'Millbrook',
  'Newhaven',
  'Osprey',
  'Parkside',
  'Quayside',
  'Ravenscroft',
  'Saltmarsh',
  'Tidewater',
  'Upland',
  'Valley',
  'Wexford',
  'Yew Tree',
  'Amber',
  'Blackthorn',
  'Clearwater',
  'Dovetail',
  'Eagle',
  'Firstlight',
  'Greenfield',
  'Hillcrest',
  'Inchcape',
  'Kingfisher',
  'Lighthouse',
  'Moorland',
  'Northgate',
  'Oakwood',
  'Portway',
  'Redcliffe',
  'Southbank',
  'Trident',
  'Waterside',
  'Atlas',
  'Bellweather',
  'Cobalt',
  'Horizon',
  'Sapphire',
  'Sandstone',
];

export interface Region {
  readonly timeZone: string;
  readonly country: string;
  readonly cities: readonly string[];
  readonly weight: number;
  /** Local carriers, by vendor key. */
  readonly carriers: readonly string[];
  readonly phone: (rng: Rng, city: string) => string;
}

const d = (rng: Rng, n: number) => rng.digits(n);

export const REGIONS: readonly Region[] = [
  {
    timeZone: 'Europe/London',
    country: 'GB',
    cities: ['London', 'Manchester', 'Bristol', 'Leeds', 'Birmingham', 'Glasgow', 'Edinburgh', 'Cardiff'],
    weight: 22,
    carriers: ['bt', 'colt', 'vodafone'],
    // Ofcom drama ranges: 020 7946 0xxx, 0161 496 0xxx, 0117 496 0xxx, 0113 496 0xxx ...
    phone: (rng, city) => {
      const area: Record<string, string> = {
        London: '20 7946',
        Manchester: '161 496',
        Bristol: '117 496',
        Leeds: '113 496',
        Birmingham: '121 496',
        Glasgow: '141 496',
        Edinburgh: '131 496',
        Cardiff: '29 2018',
      };
      return `+44 ${area[city] ?? '20 7946'} 0${d(rng, 3)}`;
    },
  },
  {
    timeZone: 'America/New_York',
    country: 'US',
    cities: ['New York', 'Boston', 'Philadelphia', 'Atlanta', 'Miami'],
    weight: 14,
    carriers: ['lumen', 'att', 'zayo'],
    phone: (rng, city) => {
      const area: Record<string, string> = {
        'New York': '212',
        Boston: '617',
        Philadelphia: '215',
        Atlanta: '404',
        Miami: '305',
      };
      return `+1 ${area[city] ?? '212'} 555 01${d(rng, 2)}`;
    },
  },
  {
    timeZone: 'America/Chicago',
    country: 'US',
    cities: ['Chicago', 'Dallas', 'Houston', 'Minneapolis', 'Austin'],
    weight: 9,
    carriers: ['lumen', 'att', 'zayo'],
    phone: (rng, city) => {
      const area: Record<string, string> = {
        Chicago: '312',
        Dallas: '214',
        Houston: '713',
        Minneapolis: '612',
        Austin: '512',
      };
      return `+1 ${area[city] ?? '312'} 555 01${d(rng, 2)}`;
    },
  },
  {
    timeZone: 'America/Los_Angeles',
    country: 'US',
    cities: ['Los Angeles', 'San Francisco', 'Seattle', 'Portland', 'San Diego'],
    weight: 8,
    carriers: ['lumen', 'att', 'zayo'],
    phone: (rng, city) => {
      const area: Record<string, string> = {
        'Los Angeles': '213',
        'San Francisco': '415',
        Seattle: '206',
        Portland: '503',
        'San Diego': '619',
      };
      return `+1 ${area[city] ?? '415'} 555 01${d(rng, 2)}`;
    },
  },
  {
    timeZone: 'America/Denver',
    country: 'US',
    cities: ['Denver', 'Salt Lake City', 'Boulder'],
    weight: 3,
    carriers: ['lumen', 'zayo'],
    phone: (rng) => `+1 303 555 01${d(rng, 2)}`,
  },
  {
    timeZone: 'America/Toronto',
    country: 'CA',
    cities: ['Toronto', 'Ottawa', 'Montreal'],
    weight: 4,
    carriers: ['lumen', 'zayo'],
    phone: (rng, city) =>
      `+1 ${city === 'Montreal' ? '514' : city === 'Ottawa' ? '613' : '416'} 555 01${d(rng, 2)}`,
  },
  {
    timeZone: 'Europe/Berlin',
    country: 'DE',
    cities: ['Berlin', 'Munich', 'Hamburg', 'Frankfurt', 'Cologne'],
    weight: 7,
    carriers: ['telekom', 'colt', 'vodafone'],
    phone: (rng, city) => {
      const area: Record<string, string> = {
        Berlin: '30',
        Munich: '89',
        Hamburg: '40',
        Frankfurt: '69',
        Cologne: '221',
      };
      return `+49 ${area[city] ?? '30'} 5550 ${d(rng, 4)}`;
    },
  },
  {
    timeZone: 'Europe/Paris',
    country: 'FR',
    cities: ['Paris', 'Lyon', 'Lille'],
    weight: 3,
    carriers: ['colt', 'vodafone'],
    phone: (rng) => `+33 1 99 00 ${d(rng, 2)} ${d(rng, 2)}`,
  },
  {
    timeZone: 'Europe/Amsterdam',
    country: 'NL',
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht'],
    weight: 3,
    carriers: ['colt', 'vodafone'],
    phone: (rng) => `+31 20 555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Europe/Dublin',
    country: 'IE',
    cities: ['Dublin', 'Cork', 'Galway'],
    weight: 3,
    carriers: ['colt', 'vodafone'],
    phone: (rng) => `+353 1 555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Asia/Singapore',
    country: 'SG',
    cities: ['Singapore'],
    weight: 4,
    carriers: ['ntt', 'telstra'],
    phone: (rng) => `+65 6555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Asia/Tokyo',
    country: 'JP',
    cities: ['Tokyo', 'Osaka', 'Yokohama'],
    weight: 3,
    carriers: ['ntt'],
    phone: (rng, city) => `+81 ${city === 'Osaka' ? '6' : '3'} 5555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Australia/Sydney',
    country: 'AU',
    cities: ['Sydney', 'Canberra', 'Newcastle'],
    weight: 4,
    carriers: ['telstra'],
    // ACMA fiction range 02 5550 xxxx
    phone: (rng) => `+61 2 5550 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Australia/Melbourne',
    country: 'AU',
    cities: ['Melbourne', 'Geelong'],
    weight: 2,
    carriers: ['telstra'],
    // ACMA fiction range 03 7010 xxxx
    phone: (rng) => `+61 3 7010 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Pacific/Auckland',
    country: 'NZ',
    cities: ['Auckland', 'Wellington'],
    weight: 2,
    carriers: ['telstra'],
    phone: (rng, city) => `+64 ${city === 'Wellington' ? '4' : '9'} 555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'America/Sao_Paulo',
    country: 'BR',
    cities: ['São Paulo', 'Rio de Janeiro', 'Campinas'],
    weight: 3,
    carriers: ['lumen'],
    phone: (rng, city) => `+55 ${city === 'Rio de Janeiro' ? '21' : '11'} 5555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Africa/Johannesburg',
    country: 'ZA',
    cities: ['Johannesburg', 'Cape Town', 'Durban'],
    weight: 2,
    carriers: ['vodafone'],
    phone: (rng, city) =>
      `+27 ${city === 'Cape Town' ? '21' : city === 'Durban' ? '31' : '11'} 555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Asia/Kolkata',
    country: 'IN',
    cities: ['Bengaluru', 'Mumbai', 'Pune'],
    weight: 2,
    carriers: ['ntt', 'vodafone'],
    phone: (rng, city) => `+91 ${city === 'Mumbai' ? '22' : city === 'Pune' ? '20' : '80'} 5555 ${d(rng, 4)}`,
  },
  {
    timeZone: 'Asia/Dubai',
    country: 'AE',
    cities: ['Dubai', 'Abu Dhabi'],
    weight: 2,
    carriers: ['colt', 'vodafone'],
    phone: (rng, city) => `+971 ${city === 'Abu Dhabi' ? '2' : '4'} 555 ${d(rng, 4)}`,
  },
];

export const STREETS: readonly string[] = [
  'Harbour Road',
  'Station Street',
  'Mill Lane',
  'Commerce Way',
  'Enterprise Park',
  'Canal Wharf',
  'Market Square',
  'Innovation Drive',
  'Riverside Court',
  'Church Street',
  'Industrial Estate',
  'Park Avenue',
  'Dock Road',
  'Technology Row',
  'Kings Parade',
  'Bridge Street',
];

export const FIRST_NAMES: readonly string[] = [
  'Alex',
  'Amira',
  'Ben',
  'Carmen',
  'Chloe',
  'Daniel',
  'Deepa',
  'Elena',
  'Emma',
  'Fatima',
  'Felix',
  'Grace',
  'Hiro',
  'Ines',
  'Isaac',
  'Jack',
  'Jonas',
  'Julia',
  'Kai',
  'Laura',
  'Liam',
  'Lucia',
  'Marco',
  'Maya',
  'Mohammed',
  'Nadia',
  'Noah',
  'Olivia',
  'Omar',
  'Paul',
  'Rachel',
  'Ravi',
  'Rosa',
  'Samuel',
  'Sara',
  'Sofia',
  'Thomas',
  'Wei',
  'Yuki',
  'Zoe',
  'Aoife',
  'Bongani',
  'Chen',
  'Diego',
  'Eilidh',
  'Farah',
  'Gustav',
  'Hana',
  'Ivan',
  'Jade',
];

export const LAST_NAMES: readonly string[] = [
  'Adams',
  'Baker',
  'Carter',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Murphy',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Van Dijk',
  'Walsh',
  'Xu',
  'Young',
  'Zhang',
  "O'Neill",
  'Singh',
  'Nguyen',
  'Silva',
  'Moreau',
  'Khan',
  'Brennan',
  'Larsen',
  'Dlamini',
  'Costa',
  'Hoffmann',
  'Morgan',
  'Reid',
  'Sato',
];

/** The MSP's own on-call engineers: incident authors and playbook owners. */
export const ENGINEERS: readonly string[] = [
  'Aisha Khan',
  'Tom Becker',
  'Mei Lin',
  'Lukas Novak',
  'Carlos Mendes',
  'Priya Raman',
  "Sam O'Brien",
  'Hannah Schultz',
  'Kwame Mensah',
  'Elena Petrova',
  'Jonas Lindqvist',
  'Grace Okoro',
];

export interface VendorSeed {
  readonly key: string;
  readonly name: string;
  readonly phone: string;
  readonly domain: string;
  readonly contractPrefix: string;
}

/** Global vendors and carriers. Numbers are shaped like real support lines but fictional. */
export const VENDORS: readonly VendorSeed[] = [
  {
    key: 'broadcom',
    name: 'VMware by Broadcom',
    phone: '+1 800 555 0101',
    domain: 'broadcom',
    contractPrefix: 'VMW',
  },
  {
    key: 'microsoft',
    name: 'Microsoft',
    phone: '+1 800 555 0102',
    domain: 'microsoft',
    contractPrefix: 'MS-UNF',
  },
  {
    key: 'azure',
    name: 'Microsoft Azure',
    phone: '+1 800 555 0103',
    domain: 'azure',
    contractPrefix: 'AZ-SUB',
  },
  {
    key: 'aws',
    name: 'Amazon Web Services',
    phone: '+1 800 555 0104',
    domain: 'aws',
    contractPrefix: 'AWS-ES',
  },
  {
    key: 'dell',
    name: 'Dell Technologies',
    phone: '+1 800 555 0105',
    domain: 'dell',
    contractPrefix: 'DELL-PS',
  },
  {
    key: 'hpe',
    name: 'Hewlett Packard Enterprise',
    phone: '+1 800 555 0106',
    domain: 'hpe',
    contractPrefix: 'HPE-PC',
  },
  { key: 'lenovo', name: 'Lenovo', phone: '+1 800 555 0107', domain: 'lenovo', contractPrefix: 'LNV-PRM' },
  { key: 'cisco', name: 'Cisco', phone: '+1 800 555 0108', domain: 'cisco', contractPrefix: 'CON-SNT' },
  {
    key: 'aruba',
    name: 'HPE Aruba Networking',
    phone: '+1 800 555 0109',
    domain: 'arubanetworks',
    contractPrefix: 'ARB',
  },
  {
    key: 'juniper',
    name: 'Juniper Networks',
    phone: '+1 800 555 0110',
    domain: 'juniper',
    contractPrefix: 'JNPR',
  },
  {
    key: 'fortinet',
    name: 'Fortinet',
    phone: '+1 800 555 0111',
    domain: 'fortinet',
    contractPrefix: 'FC-10',
  },
  {
    key: 'paloalto',
    name: 'Palo Alto Networks',
    phone: '+1 800 555 0112',
    domain: 'paloaltonetworks',
    contractPrefix: 'PAN-SVC',
  },
  { key: 'sophos', name: 'Sophos', phone: '+44 1865 555 0113', domain: 'sophos', contractPrefix: 'SOP' },
  { key: 'netapp', name: 'NetApp', phone: '+1 800 555 0114', domain: 'netapp', contractPrefix: 'NTAP-SE' },
  {
    key: 'pure',
    name: 'Pure Storage',
    phone: '+1 800 555 0115',
    domain: 'purestorage',
    contractPrefix: 'PURE-EG',
  },
  { key: 'veeam', name: 'Veeam', phone: '+1 800 555 0116', domain: 'veeam', contractPrefix: 'VEEAM' },
  { key: 'nutanix', name: 'Nutanix', phone: '+1 800 555 0117', domain: 'nutanix', contractPrefix: 'NTNX' },
  { key: 'redhat', name: 'Red Hat', phone: '+1 800 555 0118', domain: 'redhat', contractPrefix: 'RH' },
  { key: 'oracle', name: 'Oracle', phone: '+1 800 555 0119', domain: 'oracle', contractPrefix: 'CSI' },
  { key: 'lumen', name: 'Lumen', phone: '+1 800 555 0120', domain: 'lumen', contractPrefix: 'LMN' },
  {
    key: 'att',
    name: 'AT&T Business',
    phone: '+1 800 555 0121',
    domain: 'att-business',
    contractPrefix: 'ATT',
  },
  { key: 'zayo', name: 'Zayo', phone: '+1 800 555 0122', domain: 'zayo', contractPrefix: 'ZAYO' },
  { key: 'bt', name: 'BT Business', phone: '+44 20 7946 0123', domain: 'bt-business', contractPrefix: 'BT' },
  {
    key: 'colt',
    name: 'Colt Technology Services',
    phone: '+44 20 7946 0124',
    domain: 'colt',
    contractPrefix: 'COLT',
  },
  {
    key: 'vodafone',
    name: 'Vodafone Business',
    phone: '+44 20 7946 0125',
    domain: 'vodafone-business',
    contractPrefix: 'VF',
  },
  {
    key: 'telekom',
    name: 'Deutsche Telekom',
    phone: '+49 30 5550 0126',
    domain: 'telekom',
    contractPrefix: 'DT',
  },
  { key: 'telstra', name: 'Telstra', phone: '+61 2 5550 0127', domain: 'telstra', contractPrefix: 'TLS' },
  { key: 'ntt', name: 'NTT', phone: '+81 3 5555 0128', domain: 'ntt', contractPrefix: 'NTT' },
];

export interface HardwareModel {
  readonly vendor: string;
  readonly model: string;
  readonly serial: (rng: Rng) => string;
}

export const HOST_MODELS: readonly HardwareModel[] = [
  { vendor: 'dell', model: 'PowerEdge R750', serial: (r) => r.alnum(7) },
  { vendor: 'dell', model: 'PowerEdge R760', serial: (r) => r.alnum(7) },
  { vendor: 'dell', model: 'PowerEdge R650', serial: (r) => r.alnum(7) },
  { vendor: 'hpe', model: 'ProLiant DL380 Gen10 Plus', serial: (r) => `CZJ${r.alnum(7)}` },
  { vendor: 'hpe', model: 'ProLiant DL380 Gen11', serial: (r) => `CZ2${r.alnum(7)}` },
  { vendor: 'hpe', model: 'ProLiant DL360 Gen10', serial: (r) => `MXQ${r.alnum(7)}` },
  { vendor: 'lenovo', model: 'ThinkSystem SR650 V2', serial: (r) => `J30${r.alnum(5)}` },
];

export const STORAGE_MODELS: readonly HardwareModel[] = [
  { vendor: 'netapp', model: 'AFF A250', serial: (r) => `7210${r.digits(8)}` },
  { vendor: 'netapp', model: 'FAS2750', serial: (r) => `7210${r.digits(8)}` },
  { vendor: 'pure', model: 'FlashArray//X20 R3', serial: (r) => `PCHFL${r.digits(7)}` },
  { vendor: 'pure', model: 'FlashArray//C40', serial: (r) => `PCHFL${r.digits(7)}` },
  { vendor: 'dell', model: 'PowerStore 500T', serial: (r) => r.alnum(7) },
  { vendor: 'hpe', model: 'Alletra 6010', serial: (r) => `AF-${r.digits(6)}` },
];

export const FIREWALL_MODELS: readonly HardwareModel[] = [
  { vendor: 'fortinet', model: 'FortiGate 100F', serial: (r) => `FG100FTK${r.digits(8)}` },
  { vendor: 'fortinet', model: 'FortiGate 200F', serial: (r) => `FG200FT9${r.digits(8)}` },
  { vendor: 'fortinet', model: 'FortiGate 600E', serial: (r) => `FG6H0ETB${r.digits(8)}` },
  { vendor: 'paloalto', model: 'PA-440', serial: (r) => `0210${r.digits(8)}` },
  { vendor: 'paloalto', model: 'PA-3220', serial: (r) => `0120${r.digits(8)}` },
  { vendor: 'sophos', model: 'XGS 2100', serial: (r) => `X21${r.alnum(9)}` },
  { vendor: 'cisco', model: 'Firepower 1120', serial: (r) => `JAD${r.alnum(8)}` },
];

export const SWITCH_MODELS: readonly HardwareModel[] = [
  { vendor: 'cisco', model: 'Catalyst 9300-48P', serial: (r) => `FCW${r.alnum(8)}` },
  { vendor: 'cisco', model: 'Catalyst 9500-24Y4C', serial: (r) => `FCW${r.alnum(8)}` },
  { vendor: 'aruba', model: 'CX 6300M', serial: (r) => `SG${r.alnum(8)}` },
  { vendor: 'aruba', model: 'CX 8360', serial: (r) => `SG${r.alnum(8)}` },
  { vendor: 'juniper', model: 'EX4400-48T', serial: (r) => `XJ${r.alnum(10)}` },
];

export const HYPERVISORS = [
  {
    key: 'vmware',
    vendor: 'broadcom',
    hostPrefix: 'esx',
    hostPlatform: ['VMware ESXi 8.0 U2', 'VMware ESXi 8.0 U3', 'VMware ESXi 7.0 U3'],
    clusterPlatform: 'vSphere HA/DRS cluster',
    manager: 'vcenter',
    weight: 70,
  },
  {
    key: 'hyperv',
    vendor: 'microsoft',
    hostPrefix: 'hv',
    hostPlatform: ['Windows Server 2022 Hyper-V', 'Windows Server 2019 Hyper-V'],
    clusterPlatform: 'Windows Failover Cluster',
    manager: 'scvmm',
    weight: 20,
  },
  {
    key: 'nutanix',
    vendor: 'nutanix',
    hostPrefix: 'ahv',
    hostPlatform: ['Nutanix AHV 20230302', 'Nutanix AHV 10.0'],
    clusterPlatform: 'Nutanix AOS cluster',
    manager: 'prism',
    weight: 10,
  },
] as const;

export type Hypervisor = (typeof HYPERVISORS)[number];

export interface VmRole {
  readonly prefix: string;
  readonly purpose: string;
  readonly os: readonly string[];
  readonly weight: number;
  readonly tags: readonly string[];
  readonly vcpu: readonly number[];
  readonly memoryGb: readonly number[];
}

const WIN = ['Windows Server 2022', 'Windows Server 2019'];
const LINUX = ['Ubuntu 22.04 LTS', 'Red Hat Enterprise Linux 9', 'Debian 12', 'Rocky Linux 9'];

/** General-purpose server roles for the bulk of the VMs. */
export const VM_ROLES: readonly VmRole[] = [
  {
    prefix: 'app',
    purpose: 'Application server',
    os: [...WIN, ...LINUX],
    weight: 20,
    tags: ['app'],
    vcpu: [4, 8],
    memoryGb: [8, 16, 32],
  },
  {
    prefix: 'web',
    purpose: 'Web server',
    os: LINUX,
    weight: 12,
    tags: ['web'],
    vcpu: [2, 4],
    memoryGb: [4, 8],
  },
  { prefix: 'fs', purpose: 'File server', os: WIN, weight: 5, tags: ['files'], vcpu: [4], memoryGb: [8, 16] },
  {
    prefix: 'rds',
    purpose: 'Remote Desktop session host',
    os: WIN,
    weight: 8,
    tags: ['rds'],
    vcpu: [8, 16],
    memoryGb: [32, 64],
  },
  { prefix: 'print', purpose: 'Print server', os: WIN, weight: 3, tags: ['print'], vcpu: [2], memoryGb: [4] },
  {
    prefix: 'mon',
    purpose: 'Monitoring collector',
    os: LINUX,
    weight: 3,
    tags: ['monitoring'],
    vcpu: [2, 4],
    memoryGb: [4, 8],
  },
  { prefix: 'jump', purpose: 'Jump host', os: WIN, weight: 2, tags: ['admin'], vcpu: [2], memoryGb: [8] },
  {
    prefix: 'util',
    purpose: 'Utility server',
    os: [...WIN, ...LINUX],
    weight: 6,
    tags: [],
    vcpu: [2, 4],
    memoryGb: [4, 8],
  },
  { prefix: 'ftp', purpose: 'SFTP gateway', os: LINUX, weight: 2, tags: ['dmz'], vcpu: [2], memoryGb: [4] },
  {
    prefix: 'wsus',
    purpose: 'Patch server',
    os: WIN,
    weight: 2,
    tags: ['patching'],
    vcpu: [2],
    memoryGb: [8],
  },
  {
    prefix: 'ca',
    purpose: 'Certificate authority',
    os: WIN,
    weight: 1,
    tags: ['pki', 'tier0'],
    vcpu: [2],
    memoryGb: [4],
  },
  {
    prefix: 'bkp',
    purpose: 'Backup proxy (Veeam)',
    os: WIN,
    weight: 3,
    tags: ['backup'],
    vcpu: [4, 8],
    memoryGb: [16],
  },
];

/** Applications every customer tends to have, whatever the industry. */
export const COMMON_APPS: readonly string[] = [
  'Entra ID Connect (M365 sync)',
  'Exchange hybrid',
  'File shares',
  'Remote Desktop gateway',
  'Intranet',
  'Payroll',
  'Backup (Veeam)',
  'Print services',
  'VPN (remote access)',
  'Monitoring',
];

export const DB_ENGINES = [
  {
    platform: 'Microsoft SQL Server 2019',
    vendor: 'microsoft',
    port: 1433,
    os: 'Windows Server 2019',
    weight: 40,
  },
  {
    platform: 'Microsoft SQL Server 2022',
    vendor: 'microsoft',
    port: 1433,
    os: 'Windows Server 2022',
    weight: 30,
  },
  { platform: 'PostgreSQL 15', vendor: null, port: 5432, os: 'Ubuntu 22.04 LTS', weight: 18 },
  { platform: 'MySQL 8.0', vendor: 'oracle', port: 3306, os: 'Debian 12', weight: 7 },
  { platform: 'Oracle Database 19c', vendor: 'oracle', port: 1521, os: 'Oracle Linux 8', weight: 5 },
] as const;

export const CLOUD_RESOURCES = [
  { vendor: 'azure', name: 'Azure VNet hub', type: 'Microsoft.Network/virtualNetworks', ip: true },
  { vendor: 'azure', name: 'Azure SQL Database', type: 'Microsoft.Sql/servers/databases', ip: false },
  {
    vendor: 'azure',
    name: 'Azure Virtual Desktop host pool',
    type: 'Microsoft.DesktopVirtualization/hostpools',
    ip: true,
  },
  { vendor: 'azure', name: 'Azure Backup vault', type: 'Microsoft.RecoveryServices/vaults', ip: false },
  { vendor: 'azure', name: 'Microsoft 365 tenant', type: 'M365 tenant', ip: false },
  { vendor: 'azure', name: 'Azure VPN gateway', type: 'Microsoft.Network/virtualNetworkGateways', ip: true },
  { vendor: 'aws', name: 'AWS EC2 instance', type: 'AWS::EC2::Instance', ip: true },
  { vendor: 'aws', name: 'AWS RDS instance', type: 'AWS::RDS::DBInstance', ip: true },
  { vendor: 'aws', name: 'AWS S3 bucket (offsite backup)', type: 'AWS::S3::Bucket', ip: false },
  { vendor: 'aws', name: 'AWS Site-to-Site VPN', type: 'AWS::EC2::VPNConnection', ip: false },
] as const;

export const CLOUD_REGIONS: Readonly<Record<string, readonly string[]>> = {
  azure: [
    'uksouth',
    'westeurope',
    'eastus',
    'centralus',
    'southeastasia',
    'australiaeast',
    'germanywestcentral',
  ],
  aws: [
    'eu-west-2',
    'eu-central-1',
    'us-east-1',
    'us-west-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'sa-east-1',
  ],
};

export const CONTACT_ROLES_FIRST: readonly string[] = ['IT Manager', 'Service Desk', 'IT Administrator'];
export const CONTACT_ROLES_MIDDLE: readonly string[] = [
  'Security Officer',
  'Facilities',
  'Operations Director',
];
export const CONTACT_ROLES_LAST: readonly string[] = ['CTO', 'Managing Director'];

export const CONTACT_NOTES: readonly (string | null)[] = [
  null,
  null,
  null,
  'Out of hours: mobile only, call twice if no answer.',
  'Prefers a Teams call first, then phone.',
  'Must approve any failover to DR.',
  'Holds the keys for the comms room; needs 30 min to reach site.',
  'Not available at weekends; use the next contact.',
  'Wants an update every 30 minutes during a sev1.',
];

export const CUSTOMER_NOTES: readonly (string | null)[] = [
  null,
  null,
  'Ring the IT Manager before any reboot in production hours.',
  'Site access needs 24 h notice via Facilities; escorted visits only.',
  'Month-end close (last 3 working days): no changes without CTO approval.',
  'Customer runs its own first-line desk; we are second line.',
  'Legacy app on app01 must be restarted after the database, never before.',
  'Backups replicate to MSP DC2 nightly at 01:00 local.',
  'Insurance requires us to notify the Security Officer within 1 hour of a suspected breach.',
];
