import { describe, expect, it } from 'vitest';
import { generatedCode } from '../../electron/core/imports/csv';
import { isUploadCall } from '../../shared/api/bodyLimits';
import {
  type CsvMapping,
  detectPreset,
  mappingFromPreset,
  mappingProblems,
  mapRow,
  presetById,
} from '../../shared/catalog/csvMapping';

const contacts: CsvMapping = {
  version: 1,
  target: 'contacts',
  preset: null,
  columns: {
    Org: { to: 'field', field: 'customer' },
    First: { to: 'field', field: 'name' },
    Last: { to: 'field', field: 'name' },
    Type: { to: 'field', field: 'role', empty: 'Contact', values: { vip: 'Executive', gone: null } },
    Title: { to: 'attribute', name: 'title' },
    Fax: { to: 'ignore' },
  },
};
const header = ['Org', 'First', 'Last', 'Type', 'Title', 'Fax'];

describe('column mappings', () => {
  it('joins columns mapped to one field, translates values, keeps attributes, ignores the rest', () => {
    expect(mapRow(contacts, header, ['Acme', 'Ada', 'Byron', 'VIP', 'CTO', '123'])).toEqual({
      fields: { customer: 'Acme', name: 'Ada Byron', role: 'Executive' },
      attributes: { title: 'CTO' },
      leftOutBy: null,
      from: { customer: 'Org', name: 'First + Last', role: 'Type' },
    });
    expect(mapRow(contacts, header, ['Acme', 'Ada', '', ' ', '', '']).fields).toEqual({
      customer: 'Acme',
      name: 'Ada',
      role: 'Contact',
    });
    expect(mapRow(contacts, header, ['Acme', 'Ada', 'B', 'Gone', '', '']).leftOutBy).toEqual({
      column: 'Type',
      value: 'Gone',
    });
  });

  it('names what a mapping misses before any row is read', () => {
    expect(mappingProblems(contacts, header)).toEqual([]);
    const { Org: _, ...noCustomer } = contacts.columns;
    expect(mappingProblems({ ...contacts, columns: noCustomer }, header)).toEqual([
      'column "Org" is not in the mapping; map it to a field, an attribute, or ignore it',
      'no column is mapped to the customer (by name or by code)',
    ]);
  });

  it('detects a preset only from most of its signature, and gives every column a rule', () => {
    expect(detectPreset(['organization', 'name', 'configuration_type'])).toBeNull();
    const header2 = [
      'Organization',
      'Name',
      'Configuration Type',
      'Configuration Status',
      'Hostname',
      'Extra',
    ];
    const preset = detectPreset(header2);
    expect(preset?.id).toBe('itglue-configurations');
    const p = presetById('itglue-configurations');
    if (!p) throw new Error('preset missing');
    expect(Object.keys(mappingFromPreset(p, header2).columns)).toEqual(header2);
    expect(mappingFromPreset(p, header2).columns.Extra).toEqual({ to: 'ignore' });
  });

  it('generates customer codes from names, unique and within the code rules', () => {
    const taken = new Set(['TAILSPINLO', 'TAILSPINLO-2']);
    expect(generatedCode('Tailspin Logistics', (c) => taken.has(c))).toBe('TAILSPINLO-3');
    expect(generatedCode('Café Über', () => false)).toBe('CAFEUBER');
    expect(generatedCode('Ø', () => false)).toMatch(/^[A-Z0-9][A-Z0-9_-]{1,11}$/);
  });

  it('lets the mapping step read files as large as an import may send', () => {
    expect(isUploadCall('import:inspect')).toBe(true);
  });
});
