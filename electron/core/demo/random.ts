/**
 * Seeded randomness for the demo data: the same seed gives the same sequence on every
 * machine, so a demo database (ids included) can be rebuilt byte for byte.
 */

/** mulberry32: tiny, fast, good enough for demo data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Spread small seeds (1, 2, 3...) over the state space before the first draw.
    this.state = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  /** `n` distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    const count = Math.min(n, copy.length);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = tmp;
    }
    return copy.slice(0, count);
  }

  /** Uppercase letters and digits, as on a service tag or serial plate. */
  alnum(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return this.alnum(length, '0123456789');
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[(n >>> 24) & 0xff]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
}

/**
 * A UUIDv7 (RFC 9562 layout: 48-bit Unix milliseconds, version 7, variant 10) whose
 * random bits come from the seeded generator, so demo ids are reproducible and still
 * sort by the time the record claims to have been created.
 */
export function demoUuidV7(ms: number, rng: Rng): string {
  const t = Math.max(0, Math.floor(ms));
  const high = Math.floor(t / 0x10000); // top 32 of the 48 time bits
  const low = t % 0x10000; // bottom 16
  const tHex = hex32(high) + HEX[(low >>> 8) & 0xff]! + HEX[low & 0xff]!;
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  const randA = (a >>> 20) & 0x0fff; // 12 bits
  const variant = 0x8000 | ((a >>> 4) & 0x3fff); // 10xx + 14 bits
  const verHex = (0x7000 | randA).toString(16);
  const varHex = variant.toString(16);
  const tail = hex32(b) + hex32(c).slice(0, 4);
  return `${tHex.slice(0, 8)}-${tHex.slice(8, 12)}-${verHex}-${varHex}-${tail}`;
}
