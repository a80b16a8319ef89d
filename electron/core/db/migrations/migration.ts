/**
 * One schema version: its number (PRAGMA user_version once applied), a name for people,
 * and the SQL that takes the database there from the version before.
 *
 * `up` is literal text, frozen once the version has shipped: never built from constants or
 * helpers that live code also uses, so changing today's search columns or sync list cannot
 * change what an old version did. A fix is the next version, never an edit.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}
