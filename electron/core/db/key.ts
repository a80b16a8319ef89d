/**
 * The database key: 256 random bits, held so that it does not end up in a log by accident
 * (String(), JSON and util.inspect all print "[database key]"). Only revealHex() gives the
 * digits, for the few places that must hand them on: the cipher pragma, a key file, the
 * desktop app's message to its back end.
 */
import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { LifelineError } from '../../../shared/api/result';

/** Hex digits of a key: 32 bytes. */
const KEY_HEX_LENGTH = 64;
const REDACTED = '[database key]';

export class DatabaseKey {
  readonly #hex: string;

  private constructor(hex: string) {
    this.#hex = hex;
  }

  static generate(): DatabaseKey {
    return new DatabaseKey(crypto.randomBytes(KEY_HEX_LENGTH / 2).toString('hex'));
  }

  /**
   * `source` names where the text came from ("LIFELINE_DB_KEY", a key file's path) for the
   * error; the text itself is never repeated in it.
   */
  static fromHex(text: string, source: string): DatabaseKey {
    const digits = text.trim();
    if (!new RegExp(`^[0-9a-fA-F]{${KEY_HEX_LENGTH}}$`).test(digits)) {
      throw new LifelineError(
        'WRONG_KEY',
        `${source} is not a database key: it must be ${KEY_HEX_LENGTH} hexadecimal digits (256 bits), and it has ${digits.length} characters${digits.length === KEY_HEX_LENGTH ? ' that are not all hexadecimal digits' : ''}. Fix it, or restore the right key.`,
      );
    }
    return new DatabaseKey(digits.toLowerCase());
  }

  revealHex(): string {
    return this.#hex;
  }

  equals(other: DatabaseKey): boolean {
    return crypto.timingSafeEqual(Buffer.from(this.#hex), Buffer.from(other.#hex));
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
