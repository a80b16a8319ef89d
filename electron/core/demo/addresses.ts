/** The demo's private address plan: a /18 per customer, hosts handed out VLAN by VLAN. */

/** Third-octet offsets of each VLAN inside a customer's /18 (0..63). */
const VLANS = {
  mgmt: [10, 10],
  bmc: [11, 11],
  servers: [20, 29],
  dmz: [30, 31],
  storage: [40, 40],
  k8s: [41, 42],
  test: [45, 49],
  cloud: [50, 54],
  dr: [55, 63],
} as const satisfies Record<string, readonly [number, number]>;
export type Vlan = keyof typeof VLANS;

/** The /18 blocks of 10.0.0.0/8: 250 second octets × 4. */
const BLOCKS = 1000;

/**
 * Block 0 (the MSP's shared platform) is 172.16.0.0/18. Customer k gets 10.a.b.0/18 with
 * a = 1 + (k-1) mod 250 and b = 64 × ⌊((k-1) mod 1000)/250⌋: customers 1–250 get 10.k.x.x
 * exactly. Past 1,000 customers the blocks are reused (customer 1,001 has customer 1's
 * addresses), as customers' private networks overlap in life: an IP can name hosts at two
 * customers, and the search and alert matching must cope.
 */
export class AddressPlan {
  private readonly prefix: string;
  private readonly thirdBase: number;
  private readonly next = new Map<Vlan, { third: number; host: number }>();

  constructor(block: number) {
    if (block === 0) {
      this.prefix = '172.16';
      this.thirdBase = 0;
    } else {
      const k = (block - 1) % BLOCKS;
      this.prefix = `10.${1 + (k % 250)}`;
      this.thirdBase = 64 * Math.floor(k / 250);
    }
  }

  /** Hosts start at .11: .1 is the gateway, .2–.10 are kept for HA and VIPs. */
  take(vlan: Vlan): string {
    const [first, last] = VLANS[vlan];
    const cur = this.next.get(vlan) ?? { third: first, host: 11 };
    if (cur.host > 254) {
      cur.third += 1;
      cur.host = 11;
    }
    if (cur.third > last) throw new Error(`demo address plan: VLAN ${vlan} of ${this.prefix} is full`);
    const ip = `${this.prefix}.${this.thirdBase + cur.third}.${cur.host}`;
    cur.host += 1;
    this.next.set(vlan, cur);
    return ip;
  }
}
