/**
 * Core playbooks: listing, one playbook with its history and overlays, saving a new
 * immutable version, diffing versions and recording reviews. Saving never rewrites a
 * playbook_versions row: each body that changes becomes the next numbered row.
 */

import { LifelineError } from '../../../shared/api/result';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { diffPlaybooks, type PlaybookChange } from '../../../shared/playbooks/diff';
import type {
  OverlaySummary,
  PlaybookBody,
  PlaybookDetail,
  PlaybookSummary,
  ReviewState,
} from '../../../shared/playbooks/model';
import { canonicalJson } from '../../../shared/util/canonicalJson';
import type { ParsedInput } from '../api/handlers';
import { type Edit, recordChange } from '../db/changeLog';
import type { Db } from '../db/database';
import { corePlaceholderIssues } from './placeholders';
import {
  countOverrides,
  livePlaybook,
  type OverlayRow,
  type PlaybookRow,
  parseBody,
  parseOverlay,
  reviewState,
  type VersionRow,
  versionBody,
  versionRow,
  versionRows,
} from './store';

function summary(pb: PlaybookRow, current: PlaybookBody, overlayCount: number, now: Date): PlaybookSummary {
  return {
    id: pb.id,
    title: pb.title,
    owner: pb.owner,
    currentVersion: pb.current_version,
    reviewedAt: pb.reviewed_at,
    reviewIntervalDays: pb.review_interval_days,
    reviewState: reviewState(pb.reviewed_at, pb.review_interval_days, now),
    appliesTo: current.appliesTo,
    stepCount: current.steps.length,
    overlayCount,
    updatedAt: pb.updated_at,
  };
}

/** Overlays of customers that still exist: a deleted customer's overlay no longer counts. */
const LIVE_OVERLAYS = `overlays o JOIN customers c ON c.id = o.customer_id
  WHERE o.deleted_at IS NULL AND c.deleted_at IS NULL`;

export interface ListFilter {
  readonly query?: string | undefined;
  readonly assetKind?: string | undefined;
  readonly owner?: string | undefined;
  readonly reviewState?: ReviewState | undefined;
}

export function listPlaybooks(db: Db, filter: ListFilter, now = new Date()): PlaybookSummary[] {
  const rows = db
    .prepare(
      `SELECT p.*, v.id AS v_id, v.playbook_id AS v_playbook_id, v.number AS v_number, v.body AS v_body,
              v.author AS v_author, v.created_at AS v_created_at,
              (SELECT count(*) FROM ${LIVE_OVERLAYS} AND o.playbook_id = p.id) AS overlay_count
         FROM playbooks p
         LEFT JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
        WHERE p.deleted_at IS NULL`,
    )
    .all() as Array<
    PlaybookRow & {
      v_id: string | null;
      v_playbook_id: string;
      v_number: number;
      v_body: string;
      v_author: string;
      v_created_at: string;
      overlay_count: number;
    }
  >;
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const owner = filter.owner?.trim().toLowerCase();
  const items: PlaybookSummary[] = [];
  for (const r of rows) {
    if (r.v_id === null) {
      throw new LifelineError(
        'INTERNAL',
        `Playbook "${r.title}" points at version ${r.current_version}, which is not stored. The database holds damaged data; restore it from a backup.`,
      );
    }
    const body = parseBody(
      {
        id: r.v_id,
        playbook_id: r.v_playbook_id,
        number: r.v_number,
        body: r.v_body,
        author: r.v_author,
        created_at: r.v_created_at,
      },
      r.title,
    );
    const item = summary(r, body, r.overlay_count, now);
    if (words.length > 0) {
      const haystack = [r.title, body.summary, ...body.appliesTo.symptoms].join('\n').toLowerCase();
      if (!words.every((w) => haystack.includes(w))) continue;
    }
    if (filter.assetKind !== undefined && !body.appliesTo.assetKinds.some((k) => k === filter.assetKind))
      continue;
    if (owner && (r.owner ?? '').trim().toLowerCase() !== owner) continue;
    if (filter.reviewState !== undefined && item.reviewState !== filter.reviewState) continue;
    items.push(item);
  }
  return items.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

export function playbookDetail(db: Db, id: string, shown?: number, now = new Date()): PlaybookDetail {
  const pb = livePlaybook(db, id);
  const versions = versionRows(db, id);
  const byNumber = new Map(versions.map((v) => [v.number, v]));
  const body = (number: number): PlaybookBody => {
    const row = byNumber.get(number);
    // Not stored: versionBody throws the NOT_FOUND that names the versions there are.
    return row ? parseBody(row, pb.title) : versionBody(db, pb, number);
  };
  const current = body(pb.current_version);
  const shownVersion = shown ?? pb.current_version;
  const shownBody = shownVersion === pb.current_version ? current : body(shownVersion);
  const overlays = (
    db
      .prepare(
        `SELECT o.*, c.code AS c_code, c.name AS c_name, c.tier AS c_tier FROM ${LIVE_OVERLAYS}
           AND o.playbook_id = ? ORDER BY c.name COLLATE NOCASE, c.code`,
      )
      .all(id) as Array<OverlayRow & { c_code: string; c_name: string; c_tier: string }>
  ).map(
    (o): OverlaySummary => ({
      id: o.id,
      customer: { id: o.customer_id, code: o.c_code, name: o.c_name, tier: o.c_tier },
      coreVersion: o.core_version,
      drifted: o.core_version < pb.current_version,
      overrides: countOverrides(parseOverlay(o, pb.title, `${o.c_name} (${o.c_code})`)),
      version: o.version,
    }),
  );
  return {
    ...summary(pb, current, overlays.length, now),
    shownVersion,
    body: shownBody,
    versions: versions.map((v) => ({ number: v.number, author: v.author, createdAt: v.created_at })),
    overlays,
    version: pb.version,
  };
}

function refuseUnfillable(body: PlaybookBody): void {
  const issues = corePlaceholderIssues(body);
  const first = issues[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more like it)` : '';
    throw new LifelineError('VALIDATION', `${first.message}${more}`);
  }
}

function insertVersion(edit: Edit, playbookId: string, number: number, body: PlaybookBody): VersionRow {
  const row: VersionRow = {
    id: uuidv7(),
    playbook_id: playbookId,
    number,
    body: JSON.stringify(body),
    author: edit.author,
    created_at: edit.now,
  };
  edit.db
    .prepare(
      `INSERT INTO playbook_versions (id, playbook_id, number, body, author, created_at)
       VALUES (@id, @playbook_id, @number, @body, @author, @created_at)`,
    )
    .run(row);
  return row;
}

/** Creates a playbook or saves its next version; returns its id. */
export function savePlaybook(edit: Edit, input: ParsedInput<'playbook:save'>): string {
  const owner = input.owner === null || input.owner === '' ? null : input.owner;
  if (input.id === null) {
    if (input.baseVersion !== null) {
      throw new LifelineError(
        'VALIDATION',
        'baseVersion must be null when creating a playbook (id null). To change an existing playbook, send its id.',
      );
    }
    refuseUnfillable(input.body);
    const pb: PlaybookRow = {
      id: uuidv7(),
      title: input.title,
      current_version: 1,
      owner,
      review_interval_days: input.reviewIntervalDays,
      reviewed_at: null,
      source: null,
      source_id: null,
      created_at: edit.now,
      updated_at: edit.now,
      deleted_at: null,
      version: 1,
    };
    edit.db
      .prepare(
        `INSERT INTO playbooks (id, title, current_version, owner, review_interval_days, reviewed_at, source,
           source_id, created_at, updated_at, deleted_at, version)
         VALUES (@id, @title, @current_version, @owner, @review_interval_days, @reviewed_at, @source,
           @source_id, @created_at, @updated_at, @deleted_at, @version)`,
      )
      .run(pb);
    const v = insertVersion(edit, pb.id, 1, input.body);
    recordChange(edit, 'playbook', pb.id, 'create', { ...pb, playbook_version: v });
    return pb.id;
  }

  if (input.baseVersion === null) {
    throw new LifelineError(
      'VALIDATION',
      'baseVersion is required when saving an existing playbook: send the version you opened it at.',
    );
  }
  const pb = livePlaybook(edit.db, input.id);
  if (input.baseVersion !== pb.current_version) {
    if (input.baseVersion > pb.current_version) {
      throw new LifelineError(
        'CONFLICT',
        `Playbook "${pb.title}" has no version ${input.baseVersion} to build on: its latest is version ${pb.current_version}. Reload it, then apply your change again.`,
      );
    }
    const latest = versionRow(edit.db, pb, pb.current_version);
    throw new LifelineError(
      'CONFLICT',
      `Playbook "${pb.title}" was changed by ${latest.author} at ${latest.created_at} since you opened it (you started from version ${input.baseVersion}; it is now version ${pb.current_version}). Nothing was saved: reload to see their change, then apply yours again.`,
    );
  }
  refuseUnfillable(input.body);
  const current = versionBody(edit.db, pb, pb.current_version);
  const bodyChanged = canonicalJson(current) !== canonicalJson(input.body);
  const set: Record<string, string | number | null> = {};
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const change = (col: keyof PlaybookRow, to: string | number | null) => {
    const from = pb[col];
    if (from !== to) {
      set[col] = to;
      changes[col] = { from, to };
    }
  };
  change('title', input.title);
  change('owner', owner);
  change('review_interval_days', input.reviewIntervalDays);
  if (bodyChanged) change('current_version', pb.current_version + 1);
  // Saving what is already there writes nothing: no empty version in the history.
  if (Object.keys(set).length === 0) return pb.id;

  edit.db
    .prepare(
      `UPDATE playbooks SET ${Object.keys(set)
        .map((c) => `${c} = @${c}`)
        .join(', ')}, updated_at = @updated_at, version = @version WHERE id = @id`,
    )
    .run({ ...set, updated_at: edit.now, version: pb.version + 1, id: pb.id });
  const payload: Record<string, unknown> = { ...changes, version: { from: pb.version, to: pb.version + 1 } };
  if (bodyChanged) payload.playbook_version = insertVersion(edit, pb.id, pb.current_version + 1, input.body);
  recordChange(edit, 'playbook', pb.id, 'update', payload);
  return pb.id;
}

export function diffVersions(db: Db, input: ParsedInput<'playbook:diff'>): PlaybookChange[] {
  const pb = livePlaybook(db, input.id);
  return diffPlaybooks(versionBody(db, pb, input.from), versionBody(db, pb, input.to));
}

export function markReviewed(edit: Edit, id: string): void {
  const pb = livePlaybook(edit.db, id);
  edit.db
    .prepare('UPDATE playbooks SET reviewed_at = ?, updated_at = ?, version = ? WHERE id = ?')
    .run(edit.now, edit.now, pb.version + 1, pb.id);
  recordChange(edit, 'playbook', pb.id, 'update', {
    reviewed_at: { from: pb.reviewed_at, to: edit.now },
    version: { from: pb.version, to: pb.version + 1 },
  });
}
