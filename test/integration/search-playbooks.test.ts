import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { generateDemo } from '../../electron/core/demo/generate';
import type { SearchHit } from '../../shared/catalog/schemas';
import { tempDir } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => backend?.close());

const hits = async (b: Backend, query: string): Promise<SearchHit[]> => {
  const r = await b.call('search:query', { query, kinds: ['playbook'] });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { hits: SearchHit[] }).hits;
};

describe('playbooks in search', () => {
  it('finds core playbooks by title, symptom and step text, and follows new versions and renames', async () => {
    backend = createBackend({ dbPath: path.join(tempDir(), 'pb.db'), transport: 'web' });
    generateDemo(backend.db, { customers: 3, seed: 4, now: new Date('2026-06-01T00:00:00Z') });
    const byTitle = await hits(backend, 'hypervisor host down');
    expect(byTitle[0]?.title).toBe('Hypervisor host down');
    expect(byTitle[0]?.kind).toBe('playbook');

    const got = await backend.call('playbook:get', { id: byTitle[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const detail = got.value as { body: Record<string, unknown>; currentVersion: number; title: string };
    const saved = await backend.call('playbook:save', {
      id: byTitle[0]!.id,
      baseVersion: detail.currentVersion,
      title: 'Hypervisor host unreachable',
      owner: 'Platform team',
      reviewIntervalDays: 90,
      body: { ...detail.body, summary: 'Quokka marker for the search test.' },
    });
    expect(saved.ok).toBe(true);
    expect((await hits(backend, 'quokka'))[0]?.title).toBe('Hypervisor host unreachable');
    expect(await hits(backend, 'Hypervisor host down')).not.toContainEqual(
      expect.objectContaining({ title: 'Hypervisor host down' }),
    );
  });
});
