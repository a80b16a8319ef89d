/** The NetBox API import's resumable cursor: encrypted, for one URL, for a day, never trusted when altered. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseKey } from '../../electron/core/db/key';
import type { NetboxReadState } from '../../electron/core/imports/netboxApi';
import { netboxBase, toDumpObjects } from '../../electron/core/imports/netboxApi';
import { CURSOR_MAX_AGE_MS, loadCursor, saveCursor } from '../../electron/core/imports/netboxCursor';
import { tempDir } from '../helpers/tmp';

const URL = 'https://netbox.example';
const state = (): NetboxReadState => ({
  url: URL,
  endpoints: {
    'dcim/devices': {
      results: [{ id: 7, name: 'edge-rtr1', status: { value: 'active', label: 'Active' } }],
      next: 1,
    },
  },
});

describe('NetBox import cursor', () => {
  const key = DatabaseKey.generate();
  const saved = (now = new Date()) => {
    const file = path.join(tempDir(), 'lifeline.db.netbox-cursor');
    saveCursor(file, key, state(), now);
    return file;
  };

  it('round-trips for the same URL and key, encrypted and 0600', () => {
    const file = saved();
    expect(fs.readFileSync(file, 'utf8')).not.toContain('edge-rtr1');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const loaded = loadCursor(file, key, URL);
    expect(loaded).toMatchObject({ kind: 'resumed', objects: 1, state: state() });
  });

  it('is not used for another URL, another key, when altered, or after a day', () => {
    const file = saved();
    expect(loadCursor(file, key, 'https://other.example')).toMatchObject({
      kind: 'ignored',
      why: /saved for https:\/\/netbox\.example/,
    });
    expect(loadCursor(file, DatabaseKey.generate(), URL)).toMatchObject({
      kind: 'ignored',
      why: /could not be read/,
    });
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as { data: string };
    const bytes = Buffer.from(o.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    fs.writeFileSync(file, JSON.stringify({ ...o, data: bytes.toString('base64') }));
    expect(loadCursor(file, key, URL)).toMatchObject({ kind: 'ignored', why: /could not be read/ });
    const old = saved(new Date(Date.now() - CURSOR_MAX_AGE_MS - 60_000));
    expect(loadCursor(old, key, URL)).toMatchObject({ kind: 'ignored', why: /over a day ago/ });
    expect(loadCursor(path.join(tempDir(), 'none'), key, URL)).toEqual({ kind: 'none' });
  });
});

describe('NetBox API objects in dumpdata form', () => {
  it('nested objects become ids, choices values, tags tagged items, custom_fields custom_field_data', () => {
    const objects = toDumpObjects({
      url: URL,
      endpoints: {
        'dcim/devices': {
          next: null,
          results: [
            {
              id: 7,
              url: `${URL}/api/dcim/devices/7/`,
              display: 'edge-rtr1',
              name: 'edge-rtr1',
              role: {
                id: 2,
                url: `${URL}/api/dcim/device-roles/2/`,
                display: 'Router',
                name: 'Router',
                slug: 'router',
              },
              status: { value: 'active', label: 'Active' },
              tags: [
                {
                  id: 3,
                  url: `${URL}/api/extras/tags/3/`,
                  display: 'tier0',
                  name: 'tier0',
                  slug: 'tier0',
                  color: 'f44336',
                },
              ],
              custom_fields: { cust_id: 'ACME' },
            },
          ],
        },
        'tenancy/contact-assignments': {
          next: null,
          results: [
            {
              id: 1,
              url: 'u',
              display: 'a',
              object_type: 'dcim.site',
              object_id: 4,
              object: { id: 4, url: 'u', display: 'S' },
            },
          ],
        },
      },
    });
    expect(objects).toEqual([
      {
        model: 'dcim.device',
        pk: 7,
        fields: { name: 'edge-rtr1', role: 2, status: 'active', custom_field_data: { cust_id: 'ACME' } },
      },
      { model: 'extras.taggeditem', pk: 1, fields: { tag: 3, content_type: 'dcim.device', object_id: 7 } },
      { model: 'tenancy.contactassignment', pk: 1, fields: { object_type: 'dcim.site', object_id: 4 } },
    ]);
  });

  it('takes the address NetBox is opened at, https only', () => {
    expect(netboxBase('https://netbox.example/')).toBe('https://netbox.example');
    expect(netboxBase('https://example.com/netbox/api/')).toBe('https://example.com/netbox');
    expect(() => netboxBase('http://netbox.example')).toThrow(/must start with https:\/\//);
    expect(() => netboxBase('https://user:pw@netbox.example')).toThrow(/only the address/);
  });
});
