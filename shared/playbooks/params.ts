/**
 * What a parameter value typed into a form means, by the parameter's type. The playbook
 * editor (a parameter's default) and the overlay editor (a customer's value) both read
 * their text fields with this one rule.
 */
import { assertNever } from '../util/assertNever';
import type { ParameterType, ParameterValue } from './model';

export interface ParsedParameterValue {
  /** null when the field is blank ("no default" / "use the core's default"). */
  readonly value: ParameterValue | null;
  /** What is wrong with the text, in words for the form; null when nothing is. */
  readonly problem: string | null;
}

const NOT_SET: ParsedParameterValue = { value: null, problem: null };

/**
 * Blank (or only spaces) is not set. A number is read after trimming and must be finite; one
 * that is not keeps what it read (NaN) next to its problem, so a live preview still follows
 * the field. A boolean is "true" or anything else false (its control is a true/false select).
 * Text and contact roles are kept exactly as typed, spaces included.
 */
export function parseParameterValue(type: ParameterType, text: string): ParsedParameterValue {
  const trimmed = text.trim();
  if (trimmed === '') return NOT_SET;
  switch (type) {
    case 'number': {
      const n = Number(trimmed);
      return { value: n, problem: Number.isFinite(n) ? null : 'must be a number' };
    }
    case 'boolean':
      return { value: trimmed === 'true', problem: null };
    case 'string':
    case 'contact':
      return { value: text, problem: null };
    default:
      return assertNever(type, 'parameter type');
  }
}
