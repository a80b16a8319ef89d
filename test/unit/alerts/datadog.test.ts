import { describe, expect, it } from 'vitest';
import { type Expected, expectFixture, parseFixture } from './fixture';

const CASES: ReadonlyArray<readonly [string, Expected]> = [
  [
    'datadog/webhook-default-triggered.json',
    {
      format: 'datadog',
      title: 'High CPU on acme-sql01',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev3',
      host: 'acme-sql01',
      severityDefaulted: true,
    },
  ],
  [
    'datadog/webhook-default-recovered.json',
    {
      format: 'datadog',
      title: 'High CPU on acme-sql01',
      state: 'resolved',
      alertAt: '2026-12-14T02:41:15.000Z',
      timeZoneAssumed: false,
      severity: null,
      host: 'acme-sql01',
    },
  ],
  [
    'datadog/webhook-extended-triggered.json',
    {
      symptoms: ['cpu', 'usage'],
      format: 'datadog',
      title: 'High CPU on acme-sql01',
      state: 'firing',
      alertAt: '2026-12-14T02:12:45.000Z',
      timeZoneAssumed: false,
      severity: 'sev2',
      host: 'acme-sql01',
      nativeSeverity: 'P2',
      severityDefaulted: false,
    },
  ],
];

describe('Datadog webhook', () => {
  it.each(CASES)('reads %s: title, host, severity, state and time', async (file, expected) => {
    const a = await expectFixture(file, expected);
    expect(a.title.length).toBeGreaterThan(0);
  });
});

describe('Datadog symptom words', () => {
  it("leave out the message's notification handles", async () => {
    const a = await parseFixture('datadog/webhook-extended-triggered.json');
    expect(a.symptoms.some((w) => w.includes('webhook'))).toBe(false);
  });
});
