/** Text for one line of output: line breaks inside it (SQLite's findings have them) become "; ". */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ');
}
