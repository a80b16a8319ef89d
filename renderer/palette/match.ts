/** Fuzzy-ish matching for the command palette: substring beats word-start beats scattered letters. */

/** Initials such as "gtc" (Go To Customers) pass; letters picked from all over the text do not. */
const SCATTERED_THRESHOLD = 280;

/** Higher is better; null when the letters of `query` do not all appear in order. */
export function matchScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  const at = t.indexOf(q);
  if (at === 0) return 1000 - t.length;
  if (at > 0) return (/\W/.test(t[at - 1] ?? '') ? 800 : 600) - at;
  let score = 300;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, from);
    if (found === -1) return null;
    // Every jump to a new spot costs: letters strewn across the text are a weak match.
    score += found === previous + 1 ? 5 : -15 - Math.min(found - from, 10);
    if (found === 0 || /\W/.test(t[found - 1] ?? '')) score += 8;
    previous = found;
    from = found + 1;
  }
  return score >= SCATTERED_THRESHOLD ? score : null;
}
