/**
 * Importing a folder tree of Markdown: alert runbooks (any shape, converted) and
 * Lifeline's own playbook files (read exactly, ids kept), with overlays beside them.
 * Everything is read and checked first; then one transaction writes it all, or, on any
 * error or a dry run, nothing. Re-importing the same folder matches each file to the
 * playbook it made (by id, else by its path) and only writes what changed.
 */
import path from 'node:path';
import { uuidv7 } from '../../../../shared/ids/uuidv7';
import type { OverlayBody, PlaybookBody } from '../../../../shared/playbooks/model';
import { validateOverlay } from '../../../../shared/playbooks/resolve';
import { canonicalJson } from '../../../../shared/util/canonicalJson';
import type { Db } from '../../db/database';
import { listFolder, pathKind, readFileNoFollow } from '../../imports/noFollow';
import { isLifelineFormat, type OverlayDoc, parseOverlay, parsePlaybook } from './format';
import { SourceError, type SourceProblem, splitFrontMatter } from './parse';
import { runbookToPlaybook } from './runbook';
import {
  customerByCode,
  idTaken,
  insertOverlay,
  insertPlaybook,
  overlayBody,
  overlayFor,
  type PlaybookFields,
  playbookById,
  playbookBySource,
  type Stamp,
  type StoredPlaybook,
  updateOverlay,
  updatePlaybook,
  versionBody,
} from './store';

export type ImportAction = 'created' | 'updated' | 'unchanged';

export interface ImportItem {
  readonly file: string;
  readonly kind: 'runbook' | 'playbook' | 'overlay';
  readonly action: ImportAction;
  readonly id: string;
  readonly title: string;
}

export interface ImportReport {
  readonly folder: string;
  readonly dryRun: boolean;
  /** True only when the transaction committed. */
  readonly written: boolean;
  readonly items: readonly ImportItem[];
  /** Files that are not runbooks (_index.md, README) and were left alone. */
  readonly skipped: readonly string[];
  /** Symbolic links in the folder, skipped: an import never follows one. */
  readonly links: readonly string[];
  readonly warnings: readonly SourceProblem[];
  readonly errors: readonly SourceProblem[];
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly author?: string;
  readonly now?: Date;
}

/** _index.md (Hugo section pages) and README files describe a folder; they are not runbooks. */
export function isRunbookFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (!/\.(md|markdown)$/.test(lower)) return false;
  return !/^(_index|readme)\.(md|markdown)$/.test(lower);
}

interface Found {
  readonly markdown: string[];
  readonly overlays: string[];
  readonly skipped: string[];
  readonly links: string[];
}

function walk(root: string): Found {
  const found: Found = { markdown: [], overlays: [], skipped: [], links: [] };
  const visit = (rel: string) => {
    for (const e of listFolder(path.join(root, rel))) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.kind === 'link') {
        found.links.push(childRel);
      } else if (e.kind === 'folder') {
        if (e.name.endsWith('.overlays')) {
          for (const f of listFolder(path.join(root, childRel))) {
            if (f.kind === 'link') found.links.push(`${childRel}/${f.name}`);
            else if (f.kind === 'file' && /\.ya?ml$/i.test(f.name))
              found.overlays.push(`${childRel}/${f.name}`);
          }
        } else {
          visit(childRel);
        }
      } else if (e.kind === 'file' && /\.(md|markdown)$/i.test(e.name)) {
        (isRunbookFile(e.name) ? found.markdown : found.skipped).push(childRel);
      }
    }
  };
  visit('');
  return found;
}

interface ParsedPlaybook {
  readonly file: string;
  readonly kind: 'runbook' | 'playbook';
  readonly id: string | null;
  readonly title: string;
  readonly owner: string | null;
  /** null: not given by the file, so an update leaves it. */
  readonly reviewIntervalDays: number | null;
  /** Only our own format carries it; undefined leaves it. */
  readonly reviewedAt: string | null | undefined;
  readonly version: number;
  readonly body: PlaybookBody;
}

interface ParsedOverlay {
  readonly file: string;
  readonly playbookFile: string;
  readonly doc: OverlayDoc;
}

class Failed extends Error {}
class DryRun extends Error {}

const problemOf = (err: unknown, file: string): SourceProblem =>
  err instanceof SourceError
    ? err.toProblem()
    : { file, line: null, message: err instanceof Error ? err.message : String(err) };

export function importPlaybookFolder(db: Db, folder: string, opts: ImportOptions = {}): ImportReport {
  const root = path.resolve(folder);
  const dryRun = opts.dryRun === true;
  const base = { folder: root, dryRun, written: false };
  const kind = pathKind(root);
  if (kind !== 'folder') {
    return {
      ...base,
      items: [],
      skipped: [],
      links: [],
      warnings: [],
      errors: [
        {
          file: root,
          line: null,
          message:
            kind === 'link'
              ? 'is a symbolic link; imports never follow links. Give the folder it points to.'
              : 'is not a folder. Give the folder that holds the Markdown runbooks.',
        },
      ],
    };
  }
  const found = walk(root);
  const errors: SourceProblem[] = [];
  const warnings: SourceProblem[] = [];
  const playbooks: ParsedPlaybook[] = [];
  const overlays: ParsedOverlay[] = [];

  for (const file of found.markdown) {
    try {
      const text = readFileNoFollow(path.join(root, file));
      const fm = splitFrontMatter(file, text);
      if (isLifelineFormat(fm.data)) {
        const doc = parsePlaybook(file, text);
        playbooks.push({ file, kind: 'playbook', ...doc });
      } else {
        const rb = runbookToPlaybook(file, fm);
        warnings.push(...rb.warnings);
        playbooks.push({
          file,
          kind: 'runbook',
          id: null,
          title: rb.title,
          owner: rb.owner,
          reviewIntervalDays: rb.reviewIntervalDays,
          reviewedAt: undefined,
          version: 1,
          body: rb.body,
        });
      }
    } catch (err) {
      errors.push(problemOf(err, file));
    }
  }
  const byFile = new Map(playbooks.map((p) => [p.file, p]));
  for (const file of found.overlays) {
    const dir = path.posix.dirname(file);
    const stem = dir.slice(0, -'.overlays'.length);
    const owner = [`${stem}.md`, `${stem}.markdown`].find((f) => found.markdown.includes(f));
    try {
      if (!owner)
        throw new SourceError(
          file,
          null,
          `no playbook file ${stem}.md beside the folder ${dir}/ that this overlay belongs to.`,
        );
      const doc = parseOverlay(file, readFileNoFollow(path.join(root, file)));
      overlays.push({ file, playbookFile: owner, doc });
    } catch (err) {
      errors.push(problemOf(err, file));
    }
  }
  const seenIds = new Map<string, string>();
  for (const p of playbooks) {
    if (!p.id) continue;
    const other = seenIds.get(p.id);
    if (other)
      errors.push({
        file: p.file,
        line: null,
        message: `has the same id ${p.id} as ${other}; ids must be unique.`,
      });
    seenIds.set(p.id, p.file);
  }

  const items: ImportItem[] = [];
  if (errors.length === 0) {
    const stamp: Stamp = {
      now: (opts.now ?? new Date()).toISOString(),
      author: opts.author ?? 'import',
      via: 'import:runbooks',
    };
    try {
      db.transaction(() => {
        const ids = new Map<string, { id: string; version: number; body: PlaybookBody }>();
        for (const p of playbooks) {
          try {
            const r = writePlaybook(db, stamp, p, warnings);
            ids.set(p.file, r);
            items.push({ file: p.file, kind: p.kind, action: r.action, id: r.id, title: p.title });
          } catch (err) {
            errors.push(problemOf(err, p.file));
          }
        }
        for (const o of overlays) {
          const pb = ids.get(o.playbookFile);
          const parsed = byFile.get(o.playbookFile);
          if (!pb || !parsed) continue;
          try {
            const r = writeOverlay(db, stamp, o, pb, parsed.version);
            items.push({
              file: o.file,
              kind: 'overlay',
              action: r.action,
              id: r.id,
              title: `${parsed.title} · ${o.doc.customerCode}`,
            });
          } catch (err) {
            errors.push(problemOf(err, o.file));
          }
        }
        if (errors.length > 0) throw new Failed();
        if (dryRun) throw new DryRun();
      })();
      return { ...base, written: true, items, skipped: found.skipped, links: found.links, warnings, errors };
    } catch (err) {
      if (!(err instanceof Failed || err instanceof DryRun)) throw err;
    }
  }
  return {
    ...base,
    items: errors.length > 0 ? [] : items,
    skipped: found.skipped,
    links: found.links,
    warnings,
    errors,
  };
}

function writePlaybook(
  db: Db,
  stamp: Stamp,
  p: ParsedPlaybook,
  warnings: SourceProblem[],
): { id: string; action: ImportAction; version: number; body: PlaybookBody } {
  let existing: StoredPlaybook | undefined;
  let keepId: string | null = null;
  if (p.id) {
    const byId = playbookById(db, p.id);
    if (byId && byId.deleted_at === null) existing = byId;
    else if (!byId) keepId = p.id;
    else
      warnings.push({
        file: p.file,
        line: null,
        message: `playbook ${p.id} was deleted here; imported as a new playbook.`,
      });
  }
  existing ??= playbookBySource(db, p.file);
  if (!existing) {
    const id = keepId ?? uuidv7();
    insertPlaybook(db, stamp, {
      id,
      title: p.title,
      owner: p.owner,
      reviewIntervalDays: p.reviewIntervalDays ?? 90,
      reviewedAt: p.reviewedAt ?? null,
      version: p.version,
      sourceId: p.file,
      body: p.body,
    });
    return { id, action: 'created', version: p.version, body: p.body };
  }
  const current = versionBody(db, existing, existing.current_version);
  // A runbook file cannot say appliesTo.risk: a mark set in Lifeline survives its re-import,
  // or the next import would quietly let an isolate-or-wipe playbook be suggested first.
  const risk = current?.appliesTo.risk;
  const body =
    p.kind === 'runbook' && risk !== undefined && p.body.appliesTo.risk === undefined
      ? { ...p.body, appliesTo: { ...p.body.appliesTo, risk } }
      : p.body;
  const bodyChanged = current === null || canonicalJson(current) !== canonicalJson(body);
  const fields: PlaybookFields = {};
  if (existing.title !== p.title) fields.title = p.title;
  if (p.kind === 'playbook' || p.owner !== null) if (existing.owner !== p.owner) fields.owner = p.owner;
  if (p.reviewIntervalDays !== null && existing.review_interval_days !== p.reviewIntervalDays)
    fields.review_interval_days = p.reviewIntervalDays;
  if (p.reviewedAt !== undefined && existing.reviewed_at !== p.reviewedAt) fields.reviewed_at = p.reviewedAt;
  if (!bodyChanged && Object.keys(fields).length === 0)
    return { id: existing.id, action: 'unchanged', version: existing.current_version, body };
  if (bodyChanged && p.kind === 'playbook' && p.version !== existing.current_version) {
    warnings.push({
      file: p.file,
      line: null,
      message: `was written from version ${p.version}, but the database is at version ${existing.current_version}; saved as version ${existing.current_version + 1}. Check nobody's change was lost.`,
    });
  }
  updatePlaybook(db, stamp, existing, fields, bodyChanged ? body : null);
  const version = bodyChanged ? existing.current_version + 1 : existing.current_version;
  return { id: existing.id, action: 'updated', version, body };
}

function writeOverlay(
  db: Db,
  stamp: Stamp,
  o: ParsedOverlay,
  pb: { id: string; version: number; body: PlaybookBody },
  fileVersion: number,
): { id: string; action: ImportAction } {
  const customer = customerByCode(db, o.doc.customerCode);
  if (!customer)
    throw new SourceError(
      o.file,
      null,
      `overlay for customer ${o.doc.customerCode}, but no customer has that code in this database. Create the customer first (or import the catalog), or remove this file.`,
    );
  if (o.doc.coreVersion > fileVersion)
    throw new SourceError(
      o.file,
      null,
      `coreVersion ${o.doc.coreVersion} is newer than the playbook beside it (version ${fileVersion}).`,
    );
  // The file's core version, mapped onto the database's numbering when the import added a version.
  const coreVersion = o.doc.coreVersion === fileVersion ? pb.version : o.doc.coreVersion;
  if (coreVersion === pb.version) {
    const issue = validateOverlay(pb.body, o.doc.body)[0];
    if (issue) throw new SourceError(o.file, null, `${issue.path}: ${issue.message}`);
  }
  const body: OverlayBody = o.doc.body;
  const existing = overlayFor(db, pb.id, customer.id);
  if (existing) {
    const current = overlayBody(existing, `The overlay ${existing.id}`);
    if (existing.core_version === coreVersion && canonicalJson(current) === canonicalJson(body))
      return { id: existing.id, action: 'unchanged' };
    updateOverlay(db, stamp, existing, coreVersion, body);
    return { id: existing.id, action: 'updated' };
  }
  const id = o.doc.id && !idTaken(db, 'overlays', o.doc.id) ? o.doc.id : uuidv7();
  insertOverlay(db, stamp, { id, customerId: customer.id, playbookId: pb.id, coreVersion, body });
  return { id, action: 'created' };
}
