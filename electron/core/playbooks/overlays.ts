/**
 * Customer overlays: the only customization the core allows, checked against the current
 * core version on every save. Saving also re-bases: core_version becomes the current one,
 * which is how an engineer clears drift after reading what changed in core.
 */
import { LifelineError } from '../../../shared/api/result';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { diffPlaybooks } from '../../../shared/playbooks/diff';
import {
  type OverlayBody,
  type OverlayDetail,
  type PlaybookBody,
  PlaybookChangeSchema,
} from '../../../shared/playbooks/model';
import { type OverlayIssue, validateOverlay } from '../../../shared/playbooks/resolve';
import { canonicalJson } from '../../../shared/util/canonicalJson';
import type { ParsedInput } from '../api/handlers';
import { type Edit, recordChange } from '../db/changeLog';
import type { Db } from '../db/database';
import { overlayPlaceholderIssues } from './placeholders';
import {
  type CustomerRow,
  liveCustomer,
  liveOverlay,
  livePlaybook,
  type OverlayRow,
  type PlaybookRow,
  parseOverlay,
  versionBody,
} from './store';

const who = (c: CustomerRow) => `${c.name} (${c.code})`;

/** Everything wrong with an overlay against a core version: structure first, then unfillable text. */
export function overlayIssues(core: PlaybookBody, overlay: OverlayBody): OverlayIssue[] {
  return [...validateOverlay(core, overlay), ...overlayPlaceholderIssues(core, overlay)];
}

export function overlayDetail(db: Db, playbookId: string, customerId: string): OverlayDetail {
  const pb = livePlaybook(db, playbookId);
  const customer = liveCustomer(db, customerId);
  const current = versionBody(db, pb, pb.current_version);
  const row = liveOverlay(db, pb.id, customer.id);
  if (!row) {
    return {
      playbookId: pb.id,
      customerId: customer.id,
      overlay: null,
      currentCoreVersion: pb.current_version,
      drifted: false,
      coreChanges: [],
      issues: [],
    };
  }
  const body = parseOverlay(row, pb.title, who(customer));
  const drifted = row.core_version < pb.current_version;
  return {
    playbookId: pb.id,
    customerId: customer.id,
    overlay: { id: row.id, coreVersion: row.core_version, body, version: row.version },
    currentCoreVersion: pb.current_version,
    drifted,
    coreChanges: drifted
      ? PlaybookChangeSchema.array().parse(diffPlaybooks(versionBody(db, pb, row.core_version), current))
      : [],
    issues: overlayIssues(current, body),
  };
}

function checkBase(pb: PlaybookRow, customer: CustomerRow, row: OverlayRow | undefined, base: number | null) {
  const subject = `The overlay of "${pb.title}" for ${who(customer)}`;
  if (row === undefined && base !== null) {
    throw new LifelineError(
      'CONFLICT',
      `${subject} was removed since you opened it, so your change was not saved. Reload; saving again then creates a new overlay.`,
    );
  }
  if (row !== undefined && base === null) {
    throw new LifelineError(
      'CONFLICT',
      `${subject} was created by someone else since you opened it (now version ${row.version}), so yours was not saved. Reload to see theirs, then apply your change to it.`,
    );
  }
  if (row !== undefined && base !== row.version) {
    throw new LifelineError(
      'CONFLICT',
      `${subject} was changed by someone else since you opened it (you started from version ${String(base)}; it is now version ${row.version}). Nothing was saved: reload to see their change, then apply yours again.`,
    );
  }
}

export function saveOverlay(edit: Edit, input: ParsedInput<'overlay:save'>): void {
  const pb = livePlaybook(edit.db, input.playbookId);
  const customer = liveCustomer(edit.db, input.customerId);
  const row = liveOverlay(edit.db, pb.id, customer.id);
  checkBase(pb, customer, row, input.baseVersion);
  const current = versionBody(edit.db, pb, pb.current_version);
  const issues = overlayIssues(current, input.body);
  const first = issues[0];
  if (first) {
    const more =
      issues.length > 1 ? ` (${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} too)` : '';
    throw new LifelineError('VALIDATION', `${first.message}${more} Nothing was saved.`);
  }
  const body = JSON.stringify(input.body);
  if (!row) {
    const created = {
      id: uuidv7(),
      customer_id: customer.id,
      playbook_id: pb.id,
      core_version: pb.current_version,
      body,
      created_at: edit.now,
      updated_at: edit.now,
      deleted_at: null,
      version: 1,
    };
    edit.db
      .prepare(
        `INSERT INTO overlays (id, customer_id, playbook_id, core_version, body, created_at, updated_at, deleted_at, version)
         VALUES (@id, @customer_id, @playbook_id, @core_version, @body, @created_at, @updated_at, @deleted_at, @version)`,
      )
      .run(created);
    recordChange(edit, 'overlay', created.id, 'create', created);
    return;
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (row.core_version !== pb.current_version)
    changes.core_version = { from: row.core_version, to: pb.current_version };
  const old = parseOverlay(row, pb.title, who(customer));
  if (canonicalJson(old) !== canonicalJson(input.body)) changes.body = { from: row.body, to: body };
  if (Object.keys(changes).length === 0) return;
  edit.db
    .prepare('UPDATE overlays SET body = ?, core_version = ?, updated_at = ?, version = ? WHERE id = ?')
    .run(body, pb.current_version, edit.now, row.version + 1, row.id);
  recordChange(edit, 'overlay', row.id, 'update', {
    ...changes,
    version: { from: row.version, to: row.version + 1 },
  });
}

export function deleteOverlay(edit: Edit, input: ParsedInput<'overlay:delete'>): void {
  const pb = livePlaybook(edit.db, input.playbookId);
  const customer = liveCustomer(edit.db, input.customerId);
  const row = liveOverlay(edit.db, pb.id, customer.id);
  if (!row) {
    throw new LifelineError(
      'NOT_FOUND',
      `${who(customer)} has no overlay of "${pb.title}": it already runs the core playbook as is. Reload to see the current state.`,
    );
  }
  checkBase(pb, customer, row, input.baseVersion);
  edit.db
    .prepare('UPDATE overlays SET deleted_at = ?, updated_at = ?, version = ? WHERE id = ?')
    .run(edit.now, edit.now, row.version + 1, row.id);
  recordChange(edit, 'overlay', row.id, 'delete', {
    deleted_at: { from: null, to: edit.now },
    version: { from: row.version, to: row.version + 1 },
  });
}
