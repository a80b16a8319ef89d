import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/util/csv';

/** Reads one RFC 4180 line back into its cells, as a spreadsheet would. */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m && m[0] !== ''; m = re.exec(line)) {
    out.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : (m[1] ?? ''));
    if (m[3] === '') break;
  }
  return out;
}

describe('CSV export', () => {
  it('writes a cell that a spreadsheet would run as a formula as text: a leading quote, and quoted', () => {
    const name = "=cmd|' /C calc'!A0";
    const csv = toCsv(['Customer', 'Incidents'], [[name, 3]]);
    const line = csv.split('\r\n')[1] ?? '';
    expect(line).toBe(`"'=cmd|' /C calc'!A0",3`);
    expect(cells(line)).toEqual(["'=cmd|' /C calc'!A0", '3']);
  });

  it('neutralises every OWASP formula start in text cells: = + - @, tab and carriage return', () => {
    const starts = ['=1+2', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")'];
    const csv = toCsv(
      ['v'],
      starts.map((s) => [s]),
    );
    for (const s of starts) expect(csv).toContain(`"'${s.replace(/"/g, '""')}"`);
  });

  it('leaves ordinary text and numbers as they are, negative numbers included', () => {
    const csv = toCsv(
      ['Customer', 'TTR', 'Delta'],
      [
        ['Acme, Inc.', 42, -5],
        ['Harbor "HQ"', null, 0.5],
      ],
    );
    expect(csv).toBe('Customer,TTR,Delta\r\n"Acme, Inc.",42,-5\r\n"Harbor ""HQ""",,0.5\r\n');
  });
});
