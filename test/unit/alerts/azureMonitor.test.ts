import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'azure-monitor/metric-fired.json',
    {
      symptoms: ['cpu', 'percentage'],
      format: 'azure-monitor',
      title: 'acme-web01 CPU above 90%',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.371Z',
      timeZoneAssumed: false,
      severity: 'sev3',
      host: 'acme-web01',
      nativeSeverity: 'Sev2',
    },
  ],
  [
    'azure-monitor/metric-resolved.json',
    {
      format: 'azure-monitor',
      title: 'acme-web01 CPU above 90%',
      state: 'resolved',
      alertAt: '2026-12-14T02:45:16.224Z',
      timeZoneAssumed: false,
      severity: 'sev3',
      host: 'acme-web01',
    },
  ],
];

describe('Azure Monitor common alert schema', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});
