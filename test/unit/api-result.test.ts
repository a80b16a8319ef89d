import { describe, expect, it } from 'vitest';
import { asResult } from '../../renderer/api/result';

describe('results arriving in the page', () => {
  it('keeps a known error code and its message', () => {
    const r = asResult(
      { ok: false, error: { code: 'CONFLICT', message: 'Changed since you opened it.' } },
      'x',
    );
    expect(r).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'Changed since you opened it.' } });
  });

  it('shows an error code the page does not know as INTERNAL, keeping what it said', () => {
    const r = asResult({ ok: false, error: { code: 'QUOTA', message: 'Too many edits.' } }, 'asset:save');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(r.error.message).toContain('Too many edits.');
    expect(r.error.message).toContain('QUOTA');
  });

  it('refuses something that is not a result at all', () => {
    const r = asResult({ hello: 1 }, 'asset:get');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(r.error.message).toContain('asset:get');
  });
});
