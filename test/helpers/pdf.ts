/**
 * What a PDF says, read with PDF.js (pdfjs-dist's legacy build runs in Node): the text of
 * each page, in reading order. Tests assert on that instead of rasterising with poppler,
 * which `npm install` does not bring.
 */
import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page, whitespace collapsed. */
export async function pdfPages(file: string): Promise<string[]> {
  const doc = await getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      // Runs split mid-word (at a ligature, say) join as they are; a line's end is a space.
      const runs = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : ''));
      pages.push(runs.join('').replace(/\s+/g, ' ').trim());
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
