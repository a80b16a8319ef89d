import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../electron/core/api/backend';
import { generateDemo } from '../../electron/core/demo/generate';
import type { SearchHit } from '../../shared/catalog/schemas';
import { call } from '../helpers/api';
import { tempDir } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => backend?.close());

const hits = async (b: Backend, query: string): Promise<SearchHit[]> =>
  (await call(b, 'search:query', { query, kinds: ['playbook'] })).hits;

describe('playbooks in search', () => {
  it('finds core playbooks by title, symptom and step text, and follows new versions and renames', async () => {
    backend = createBackend({ dbPath: path.join(tempDir(), 'pb.db'), transport: 'web' });
    generateDemo(backend.db, { customers: 3, seed: 4, now: new Date('2026-06-01T00:00:00Z') });
    const byTitle = await hits(backend, 'hypervisor host down');
    expect(byTitle[0]?.title).toBe('Hypervisor host down');
    expect(byTitle[0]?.kind).toBe('playbook');

    const detail = await call(backend, 'playbook:get', { id: byTitle[0]!.id });
    await call(backend, 'playbook:save', {
      id: byTitle[0]!.id,
      baseVersion: detail.currentVersion,
      title: 'Hypervisor host unreachable',
      owner: 'Platform team',
      reviewIntervalDays: 90,
      body: { ...detail.body, summary: 'Quokka marker for the search test.' },
    });
    expect((await hits(backend, 'quokka'))[0]?.title).toBe('Hypervisor host unreachable');
    expect(await hits(backend, 'Hypervisor host down')).not.toContainEqual(
      expect.objectContaining({ title: 'Hypervisor host down' }),
    );
  });
});
