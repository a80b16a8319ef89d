/**
 * A full disk is its own answer: DISK_FULL with a message that says what to do, never
 * INTERNAL, and the database is left as it was. The disk is "filled" with SQLite's
 * max_page_count, so the next write that needs a page fails with SQLITE_FULL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/core/api/backend';
import { apiOf } from '../helpers/api';
import { backendWithCustomers } from '../helpers/backend';
import { dumpDatabase } from '../helpers/tmp';

let backend: Backend | undefined;
afterEach(() => {
  backend?.close();
  backend = undefined;
});

describe('disk full', () => {
  it('incident:record on a full disk answers DISK_FULL, says what to do, and records nothing', async () => {
    backend = backendWithCustomers();
    const api = apiOf(backend);
    const { id: customerId } = backend.db.prepare("SELECT id FROM customers WHERE code = 'ACME'").get() as {
      id: string;
    };
    const opened = await api.call('incident:open', {
      customerId,
      title: 'File server full',
      severity: 'sev2',
    });
    const incidentId = opened.state.id;
    const pages = backend.db.pragma('page_count', { simple: true }) as number;
    backend.db.pragma(`max_page_count = ${pages}`);
    // The first notes may still fit in free space on existing pages; one soon needs a new page.
    let refusal: Awaited<ReturnType<typeof api.result>> | undefined;
    let before = '';
    for (let i = 0; i < 50 && !refusal; i++) {
      before = dumpDatabase(backend.db);
      const r = await api.result('incident:record', {
        incidentId,
        action: { type: 'note', text: `Disk usage at 100 %: ${'x'.repeat(9000)} (${i})` },
      });
      if (!r.ok) refusal = r;
    }
    expect(refusal?.ok).toBe(false);
    if (!refusal || refusal.ok) return;
    expect(refusal.error).toEqual({
      code: 'DISK_FULL',
      message: 'The disk is full: free space and try again; nothing was recorded.',
    });
    expect(dumpDatabase(backend.db)).toBe(before);
    // Space freed: the same call works again.
    backend.db.pragma(`max_page_count = ${pages * 100}`);
    const again = await api.result('incident:record', {
      incidentId,
      action: { type: 'note', text: 'Freed 20 GB.' },
    });
    expect(again.ok).toBe(true);
  });
});
