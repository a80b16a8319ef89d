/**
 * A document handed to the console as a file to save (handover, review): the name, type and
 * encoding each format takes, in one place.
 */
import type { z } from 'zod';
import type { ExportedFile } from '../../shared/handover/calls';

type File = z.infer<typeof ExportedFile>;

export function markdownFile(base: string, content: string): File {
  return { fileName: `${base}.md`, mimeType: 'text/markdown', encoding: 'utf8', content };
}

export function pdfFile(base: string, bytes: Buffer): File {
  return {
    fileName: `${base}.pdf`,
    mimeType: 'application/pdf',
    encoding: 'base64',
    content: bytes.toString('base64'),
  };
}
