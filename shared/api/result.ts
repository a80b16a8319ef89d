/**
 * How every call's outcome crosses the boundary between renderer and back end.
 * Error codes are stable: the UI picks wording and actions by code, never by message.
 */
export const ERROR_CODES = [
  'VALIDATION', // input did not match the call's schema
  'NOT_FOUND', // the record asked for does not exist (or was deleted)
  'CONFLICT', // the operation is not allowed in the record's current state
  'UNKNOWN_CALL', // no such call name in the contract
  'UNAUTHORIZED', // web host: missing or wrong token
  'FORBIDDEN', // web host: wrong Origin or Host
  'DB_FROM_FUTURE', // database written by a newer Lifeline
  'NOT_A_DATABASE', // file is not a Lifeline database, or is corrupt
  'DB_DAMAGED', // the database failed its integrity check: opened read-only, writes refused
  'DB_BUSY', // another process held the write lock past the busy timeout: try again
  'DB_IN_USE', // another console (serve, the app) holds the database's lock file
  'BACKUP_FAILED', // a backup could not be written or failed verification (and was deleted)
  'WRONG_KEY', // encrypted database: the key is wrong, missing or malformed
  'UNAVAILABLE', // back end not reachable (process restarting, network down)
  'DISK_FULL', // the disk holding the database is full: the write was rolled back
  'INTERNAL', // a bug: the message says what failed, the log has the rest
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  /** For VALIDATION: which input fields were wrong and why. */
  readonly issues?: ReadonlyArray<Issue>;
}

/** One thing wrong with an input; an import names its file, row (line) and column, and what to do. */
export interface Issue {
  readonly path: string;
  readonly message: string;
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly fix?: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, issues?: ApiError['issues']): Result<never> {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

/** Thrown inside the back end to end a call with a specific code; the dispatcher turns it into a Result. */
export class LifelineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Listed one per line where the screen has room (an import's problems). */
    readonly issues?: ReadonlyArray<Issue>,
  ) {
    super(message);
    this.name = 'LifelineError';
  }
}
