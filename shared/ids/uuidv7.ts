/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids made on any device
 * sort by creation time and never collide, so records from several consoles merge.
 * Within one millisecond a monotonic counter keeps ids from one device ordered.
 */
let lastMs = -1;
let counter = 0;

/** Two hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/**
 * Random bytes drawn in batches (one getRandomValues call per 409 ids, not one per id: the
 * call costs more than the rest of making an id, and a step record makes one).
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const RANDOM_BYTES = 10;
const MS_RANGE = 2 ** 48;

export function uuidv7(now: number = Date.now()): string {
  if (poolAt + RANDOM_BYTES > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  // The id's bytes 6..15 are pool[r..r+9].
  const r = poolAt;
  poolAt += RANDOM_BYTES;
  if (now <= lastMs) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMs += 1; // 4096 ids in one ms: borrow the next millisecond
    now = lastMs;
  } else {
    lastMs = now;
    counter = ((pool[r]! & 0x07) << 8) | pool[r + 1]!; // random start leaves room to count up
    counter &= 0x7ff;
  }
  const ms = (Math.trunc(now) % MS_RANGE).toString(16).padStart(12, '0');
  let tail = '';
  for (let i = r + 3; i < r + RANDOM_BYTES; i++) tail += HEX[pool[i]!];
  return (
    `${ms.slice(0, 8)}-${ms.slice(8)}-${HEX[0x70 | ((counter >> 8) & 0x0f)]}${HEX[counter & 0xff]}-` +
    `${HEX[0x80 | (pool[r + 2]! & 0x3f)]}${tail.slice(0, 2)}-${tail.slice(2)}`
  );
}

export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The creation time carried in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
