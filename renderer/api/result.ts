/** Helpers for Results arriving from outside the page: never trust their shape. */
import { type ApiError, ERROR_CODES, type ErrorCode, type Result } from '../../shared/api/result';

export function unavailable(message: string): Result<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

export function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Accepts a value as a Result only when it has the agreed shape; anything else is a bug report. */
export function asResult<T>(raw: unknown, callName: string): Result<T> {
  if (isRecord(raw) && raw.ok === true && 'value' in raw) {
    return raw as Result<T>;
  }
  if (isRecord(raw) && raw.ok === false && isRecord(raw.error)) {
    const { code, message } = raw.error;
    if (typeof code === 'string' && typeof message === 'string') {
      // A code this page does not know (a newer back end, a bug) is shown as INTERNAL with its
      // message, so the screens' exhaustive switches over codes never meet a stranger.
      if (!(ERROR_CODES as readonly string[]).includes(code))
        return failure('INTERNAL', `${message} (${code})`);
      return { ok: false, error: raw.error as unknown as ApiError };
    }
  }
  return failure('INTERNAL', `The back end answered “${callName}” with something that is not a result.`);
}
