/**
 * Every CSV Lifeline writes goes through here: RFC 4180 quoting, and OWASP's rule against
 * formula injection. A text cell that starts with = + - @, a tab or a carriage return
 * would run as a formula when the file is opened in a spreadsheet (a customer named
 * `=cmd|' /C calc'!A0`, from an import or a sync, on another engineer's machine); it is
 * written with a leading single quote, and quoted. Cells that are numbers by type (the
 * figures Lifeline computes) are written as they are: a negative time stays a number.
 */

export type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (FORMULA_START.test(cell)) return `"'${cell.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
