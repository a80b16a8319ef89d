/**
 * Exporting every live playbook as Lifeline's own Markdown, one file per playbook and its
 * overlays beside it, so a team can keep playbooks in git. The output depends only on the
 * data: names and order are deterministic, nothing records when it was written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LifelineError } from '../../../../shared/api/result';
import type { Db } from '../../db/database';
import { OVERLAY_FORMAT, overlayFileName, renderOverlay, renderPlaybook } from './format';
import { liveOverlays, livePlaybooks, overlayBody, versionBody } from './store';

export interface ExportReport {
  readonly folder: string;
  readonly playbooks: number;
  readonly overlays: number;
  /** Relative paths written, in order. */
  readonly files: readonly string[];
  /** Our own files from an earlier export whose playbook or overlay is gone. */
  readonly removed: readonly string[];
}

export function slug(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || 'playbook';
}

/** The files an export writes: relative path → content. */
export function renderPlaybookFiles(db: Db): Map<string, string> {
  const files = new Map<string, string>();
  const used = new Set<string>();
  for (const pb of livePlaybooks(db)) {
    const body = versionBody(db, pb, pb.current_version);
    if (!body)
      throw new LifelineError(
        'INTERNAL',
        `Playbook "${pb.title}" has no version ${pb.current_version} in the database; restore it from a backup before exporting.`,
      );
    let name = slug(pb.title);
    for (let n = 2; used.has(name); n++) name = `${slug(pb.title)}-${n}`;
    used.add(name);
    files.set(
      `${name}.md`,
      renderPlaybook({
        id: pb.id,
        title: pb.title,
        owner: pb.owner,
        reviewIntervalDays: pb.review_interval_days,
        reviewedAt: pb.reviewed_at,
        version: pb.current_version,
        body,
      }),
    );
    for (const o of liveOverlays(db, pb.id)) {
      const ob = overlayBody(o, `The overlay of "${pb.title}" for ${o.customer_code}`);
      files.set(
        `${name}.overlays/${overlayFileName(o.customer_code)}`,
        renderOverlay(
          { id: o.id, customerCode: o.customer_code, coreVersion: o.core_version, body: ob },
          body,
        ),
      );
    }
  }
  return files;
}

function firstLines(file: string, n: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function isOurPlaybookFile(file: string): boolean {
  return /^---\r?\nlifeline: playbook\//.test(firstLines(file, 64));
}

function isOurOverlayFile(file: string): boolean {
  return firstLines(file, 64).startsWith(`lifeline: ${OVERLAY_FORMAT.split('/')[0]}/`);
}

/**
 * Writes the export into `folder` (created if missing). Files from an earlier export that
 * no longer have a playbook are removed; any other file is left alone, and a file of
 * someone else's in the way stops the export before anything is written.
 */
export function exportPlaybooks(db: Db, folder: string): ExportReport {
  const root = path.resolve(folder);
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory())
    throw new LifelineError('VALIDATION', `${root} is a file; give a folder to export the playbooks into.`);
  const files = renderPlaybookFiles(db);
  for (const rel of files.keys()) {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) continue;
    const ours = rel.endsWith('.md') ? isOurPlaybookFile(abs) : isOurOverlayFile(abs);
    if (!ours)
      throw new LifelineError(
        'CONFLICT',
        `${abs} exists and is not a Lifeline ${rel.endsWith('.md') ? 'playbook' : 'overlay'} file; nothing was written. Export into an empty folder or move that file.`,
      );
  }
  const removed: string[] = [];
  if (fs.existsSync(root)) {
    for (const e of fs
      .readdirSync(root, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (
        e.isFile() &&
        e.name.endsWith('.md') &&
        !files.has(e.name) &&
        isOurPlaybookFile(path.join(root, e.name))
      ) {
        fs.rmSync(path.join(root, e.name));
        removed.push(e.name);
      } else if (e.isDirectory() && e.name.endsWith('.overlays')) {
        const dir = path.join(root, e.name);
        for (const f of fs.readdirSync(dir).sort()) {
          const rel = `${e.name}/${f}`;
          if (/\.ya?ml$/.test(f) && !files.has(rel) && isOurOverlayFile(path.join(dir, f))) {
            fs.rmSync(path.join(dir, f));
            removed.push(rel);
          }
        }
        if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
      }
    }
  }
  for (const [rel, content] of files) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content, 'utf8');
  }
  const list = [...files.keys()];
  return {
    folder: root,
    playbooks: list.filter((f) => f.endsWith('.md')).length,
    overlays: list.filter((f) => !f.endsWith('.md')).length,
    files: list,
    removed,
  };
}
