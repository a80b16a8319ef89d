/** Reading the alert fixtures (test/fixtures/alerts/<format>/, see SOURCES.md there) as the intake does. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseAlert } from '../../../electron/core/incidents/intake/alerts/registry';
import type { ParsedAlert } from '../../../shared/incidents/alert';

export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'alerts');

/** The fixtures' monitoring runs in CET: a zone-less time read here is one hour off UTC. */
export const ZONE = 'Europe/Berlin';

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function parseFixture(name: string): Promise<ParsedAlert> {
  return parseAlert(fixture(name), { assumedZone: ZONE });
}

export interface Expected {
  readonly format: ParsedAlert['format'];
  readonly title: string;
  readonly state: ParsedAlert['state'];
  readonly alertAt: string | null;
  readonly timeZoneAssumed: boolean;
  readonly severity: ParsedAlert['severity'];
  readonly host: string | null;
  readonly nativeSeverity?: string | null;
  readonly severityDefaulted?: boolean;
  readonly addresses?: readonly string[];
  readonly hosts?: readonly string[];
  /**
   * Among the symptom words (what the ranker is given): the format's detail field feeds them,
   * not only its title.
   */
  readonly symptoms?: readonly string[];
}

export async function expectFixture(name: string, e: Expected): Promise<ParsedAlert> {
  const a = await parseFixture(name);
  expect(
    {
      format: a.format,
      title: a.title,
      state: a.state,
      alertAt: a.alertAt,
      timeZoneAssumed: a.timeZoneAssumed,
      severity: a.severity,
      host: a.host,
    },
    name,
  ).toEqual({
    format: e.format,
    title: e.title,
    state: e.state,
    alertAt: e.alertAt,
    timeZoneAssumed: e.timeZoneAssumed,
    severity: e.severity,
    host: e.host,
  });
  if (e.nativeSeverity !== undefined) expect(a.nativeSeverity, name).toBe(e.nativeSeverity);
  if (e.severityDefaulted !== undefined) expect(a.severityDefaulted, name).toBe(e.severityDefaulted);
  if (e.addresses) expect(a.addresses, name).toEqual(expect.arrayContaining([...e.addresses]));
  if (e.hosts) expect(a.hosts, name).toEqual(expect.arrayContaining([...e.hosts]));
  if (e.symptoms) expect(a.symptoms, name).toEqual(expect.arrayContaining([...e.symptoms]));
  // A time the alert gave without a zone is said so, next to the match.
  expect(
    a.notes.some((n) => /has no time zone; it was read as/.test(n)),
    name,
  ).toBe(e.timeZoneAssumed);
  return a;
}
