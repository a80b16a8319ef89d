import { describe, expect, it } from 'vitest';
import { PARAMETER_TYPES } from '../../shared/playbooks/model';
import { parseParameterValue } from '../../shared/playbooks/params';

const ok = (value: unknown) => ({ value, problem: null });

describe('parameter values typed into a form', () => {
  it('blank is "not set" for every type', () => {
    for (const type of PARAMETER_TYPES) {
      expect(parseParameterValue(type, '')).toEqual(ok(null));
      expect(parseParameterValue(type, '   \t')).toEqual(ok(null));
    }
  });

  it('reads numbers after trimming', () => {
    expect(parseParameterValue('number', '42')).toEqual(ok(42));
    expect(parseParameterValue('number', ' 2.5 ')).toEqual(ok(2.5));
    expect(parseParameterValue('number', '-3')).toEqual(ok(-3));
    expect(parseParameterValue('number', '0')).toEqual(ok(0));
  });

  it('says so when a number is malformed', () => {
    for (const text of ['abc', '12 min', '1,5', '--1', 'Infinity', '1e999']) {
      const parsed = parseParameterValue('number', text);
      expect(parsed.problem, text).toBe('must be a number');
      expect(Number.isFinite(parsed.value), text).toBe(false);
    }
  });

  it('a boolean is true only for "true"', () => {
    expect(parseParameterValue('boolean', 'true')).toEqual(ok(true));
    expect(parseParameterValue('boolean', ' true ')).toEqual(ok(true));
    expect(parseParameterValue('boolean', 'false')).toEqual(ok(false));
    // Left over from another type: not true, and not an error the select could show.
    expect(parseParameterValue('boolean', 'yes')).toEqual(ok(false));
    expect(parseParameterValue('boolean', 'TRUE')).toEqual(ok(false));
  });

  it('keeps text and contact roles exactly as typed', () => {
    expect(parseParameterValue('string', '  backup-01 ')).toEqual(ok('  backup-01 '));
    expect(parseParameterValue('string', '42')).toEqual(ok('42'));
    expect(parseParameterValue('contact', 'Network lead')).toEqual(ok('Network lead'));
  });
});
