import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Backend } from '../../electron/core/api/backend';
import { CALL_NAMES, calls } from '../../shared/api/contract';
import { backendWithCustomers } from '../helpers/backend';
import { dumpDatabase } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => backend?.close());

/** Inputs that no call accepts: wrong shapes, unknown keys, and a wrong type for each declared field. */
function malformedInputs(name: (typeof CALL_NAMES)[number]): unknown[] {
  // Object inputs also get a wrong type for each declared field; other shapes (unions) the generic list.
  const input = calls[name].input as unknown as Partial<z.ZodObject>;
  const shape = (input.shape ?? {}) as Record<string, unknown>;
  const wrongTypes = Object.keys(shape).flatMap((key) => [{ [key]: { nested: true } }, { [key]: [1, 2] }]);
  return [null, 42, 'text', [], { unexpected: true }, ...wrongTypes];
}

describe('API contract validation', () => {
  it('every call refuses malformed input with a VALIDATION error and changes nothing', async () => {
    backend = backendWithCustomers();
    const before = dumpDatabase(backend.db);
    for (const name of CALL_NAMES) {
      for (const input of malformedInputs(name)) {
        const result = await backend.call(name, input);
        expect(result, `${name} with ${JSON.stringify(input)}`).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
        if (!result.ok) expect(result.error.message).toContain(name);
      }
    }
    expect(dumpDatabase(backend.db)).toBe(before);
  });

  it('an unknown call name is refused', async () => {
    backend = backendWithCustomers();
    expect(await backend.call('customer:drop', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    });
    expect(await backend.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('customer:list narrows by name or code, most critical tier first', async () => {
    backend = backendWithCustomers();
    const all = await backend.call('customer:list', {});
    expect(all.ok && (all.value as { items: Array<{ code: string }> }).items.map((c) => c.code)).toEqual([
      'HARB',
      'ACME',
      'NWDG',
    ]);
    const byName = await backend.call('customer:list', { query: 'dental' });
    expect(byName).toMatchObject({ ok: true, value: { total: 1, items: [{ code: 'NWDG' }] } });
    const byCode = await backend.call('customer:list', { query: 'acme' });
    expect(byCode).toMatchObject({ ok: true, value: { total: 1, items: [{ name: 'Acme Manufacturing' }] } });
    const literal = await backend.call('customer:list', { query: '%' });
    expect(literal).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('customer:get of a missing customer says so', async () => {
    backend = backendWithCustomers();
    const r = await backend.call('customer:get', { id: '01890000-0000-7000-8000-000000000000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('settings:update persists the theme and announces the change', async () => {
    backend = backendWithCustomers();
    const seen: unknown[] = [];
    backend.onEvent((event, payload) => seen.push({ event, payload }));
    expect(await backend.call('settings:get', {})).toEqual({ ok: true, value: { theme: 'dark' } });
    expect(await backend.call('settings:update', { theme: 'light' })).toEqual({
      ok: true,
      value: { theme: 'light' },
    });
    expect(await backend.call('settings:get', {})).toEqual({ ok: true, value: { theme: 'light' } });
    expect(seen).toEqual([{ event: 'data:changed', payload: { domains: ['settings'] } }]);
  });
});
