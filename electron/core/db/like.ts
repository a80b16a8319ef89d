/**
 * LIKE patterns built from what a person typed. Every pattern here is meant for a
 * `LIKE ? ESCAPE '\'` comparison: the typed %, _ and \ then match themselves instead of
 * "anything", "any one character" and the escape.
 */

/** `text` with SQL LIKE's wildcards and the escape character escaped by a backslash. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Matches any value that contains `text`. */
export function likeContaining(text: string): string {
  return `%${escapeLike(text)}%`;
}
