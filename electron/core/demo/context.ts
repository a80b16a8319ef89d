/**
 * The generator's state every part writes through: the row writer, the one seeded random
 * generator every choice and id comes from, the moment the data is generated at, and the
 * vendors written so far (and which of them each customer uses, for its contracts).
 */
import { DAY, HOUR, MINUTE } from './model';
import { demoUuidV7, type Rng } from './random';
import type { Writer } from './rows';

export class DemoContext {
  private readonly vendorIds = new Map<string, string>();
  private readonly usedVendorsByCustomer = new Map<string, Set<string>>();

  constructor(
    readonly w: Writer,
    readonly rng: Rng,
    readonly nowMs: number,
    readonly customerCount: number,
  ) {}

  id(ms: number): string {
    return demoUuidV7(ms, this.rng);
  }

  /** A time between a and b, to the second. */
  between(a: number, b: number): number {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return Math.floor((lo + this.rng.next() * (hi - lo)) / 1000) * 1000;
  }

  /** Created some time after `from`, maybe edited since. */
  stamps(from: number, spreadDays: number, editChance = 0.3): { created: number; updated: number } {
    const created = this.between(from, Math.min(this.nowMs - HOUR, from + spreadDays * DAY));
    const updated = this.rng.chance(editChance) ? this.between(created, this.nowMs - MINUTE) : created;
    return { created, updated };
  }

  vendorId(key: string | null): string | null {
    if (key === null) return null;
    const id = this.vendorIds.get(key);
    if (!id) throw new Error(`demo: unknown vendor ${key}`);
    return id;
  }

  /** The vendor's id, noting that the customer uses it. */
  noteVendor(customerId: string, key: string | null): string | null {
    if (key === null) return null;
    let used = this.usedVendorsByCustomer.get(customerId);
    if (!used) {
      used = new Set();
      this.usedVendorsByCustomer.set(customerId, used);
    }
    used.add(key);
    return this.vendorId(key);
  }

  registerVendor(key: string, id: string): void {
    this.vendorIds.set(key, id);
  }

  /** The vendors a customer's assets named so far, in the order first named. */
  vendorsUsedBy(customerId: string): string[] {
    return [...(this.usedVendorsByCustomer.get(customerId) ?? [])];
  }
}
