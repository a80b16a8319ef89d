import { describe, expect, it } from 'vitest';
import { asResult } from '../../renderer/api/result';
import { adviseOn } from '../../renderer/app/errors';

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

  it('keeps DISK_FULL as its own code, and the console says to free space, not that it hit a bug', () => {
    const message = 'The disk is full: free space and try again; nothing was recorded.';
    const r = asResult({ ok: false, error: { code: 'DISK_FULL', message } }, 'incident:record');
    expect(r).toEqual({ ok: false, error: { code: 'DISK_FULL', message } });
    if (r.ok) return;
    const advice = adviseOn(r.error, 'record the step');
    expect(advice.title).toBe('Could not record the step: the disk is full');
    expect(advice.detail).toBe(message);
    expect(advice.title + advice.hint).not.toMatch(/bug/i);
  });
});
