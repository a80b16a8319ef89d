/**
 * "Did you mean": when a search finds nothing, the closest spelling made of words that are
 * in the catalog's names (customers, vendors, contacts, playbook titles), e.g. "Portwya" →
 * "Portway". Asked only for a query with no hit, so reading the names each time is fine.
 */
import type { Db } from '../db/database';

/** Words shorter than this are codes and host-name stems, not names to correct. */
const MIN_WORD = 4;

const NAMES_SQL = `
SELECT name FROM customers WHERE deleted_at IS NULL
UNION ALL SELECT name FROM vendors WHERE deleted_at IS NULL
UNION ALL SELECT name FROM contacts WHERE deleted_at IS NULL
UNION ALL SELECT title FROM playbooks WHERE deleted_at IS NULL`;

const WORD = /[\p{L}\p{N}]+/gu;

/** Edit distance with adjacent transpositions counted as one edit, or more than `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Whether key a sorts before key b, element by element. */
function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** Spelled as typed: "PORTWYA" → "PORTWAY", "Portwya" → "Portway". */
function caseLike(typed: string, word: string): string {
  if (typed === typed.toUpperCase() && typed !== typed.toLowerCase()) return word.toUpperCase();
  const first = typed[0] ?? '';
  return first === first.toUpperCase() && first !== first.toLowerCase()
    ? word.charAt(0).toUpperCase() + word.slice(1)
    : word;
}

export function didYouMean(db: Db, normalized: string): string | null {
  const typed = normalized.split(' ').filter((w) => w !== '');
  if (typed.length === 0 || typed.length > 6) return null;
  const counts = new Map<string, number>();
  for (const name of db.prepare(NAMES_SQL).pluck().all() as string[]) {
    for (const w of name.toLowerCase().match(WORD) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  let changed = false;
  const out = typed.map((w) => {
    const lower = w.toLowerCase();
    if ([...lower].length < MIN_WORD || !/^[\p{L}]+$/u.test(lower) || counts.has(lower)) return w;
    const max = lower.length >= 6 ? 2 : 1;
    // Fewest edits, then the same length (a swap, not a dropped letter), then the commoner word.
    const rank = (word: string, d: number, n: number) =>
      [d, word.length === lower.length ? 0 : 1, -n] as const;
    let best: { word: string; key: readonly number[] } | null = null;
    for (const [word, n] of counts) {
      if (word[0] !== lower[0] && word[1] !== lower[1]) continue;
      const d = editDistance(lower, word, max);
      if (d > max) continue;
      const key = rank(word, d, n);
      if (!best || before(key, best.key) || (!before(best.key, key) && word < best.word))
        best = { word, key };
    }
    if (!best) return w;
    changed = true;
    return caseLike(w, best.word);
  });
  return changed ? out.join(' ') : null;
}
