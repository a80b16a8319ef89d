/**
 * Post-incident reviews: drafted from the incident's log after the restore, saved as edited
 * (each save committed, so a crash loses nothing), published in one transaction (then frozen
 * by triggers, and queued for central). Playbook feedback in published reviews is what the
 * library shows its owners as suggestions.
 */
import type { CallOutput } from '../../../shared/api/contract';
import { LifelineError } from '../../../shared/api/result';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { reduceIncident } from '../../../shared/incidents/reducer';
import type { ReviewEdit } from '../../../shared/reviews/calls';
import { draftReview } from '../../../shared/reviews/draft';
import { reviewMarkdown } from '../../../shared/reviews/markdown';
import {
  type PlaybookSuggestions,
  type Review,
  ReviewContent,
  type ReviewSummary,
} from '../../../shared/reviews/model';
import { assertNever } from '../../../shared/util/assertNever';
import { canonicalJson } from '../../../shared/util/canonicalJson';
import type { ParsedInput } from '../api/handlers';
import { blastRadiusFor } from '../catalog/recovery';
import type { Db } from '../db/database';
import { markdownFile, pdfFile } from '../exportedFile';
import { sha256Hex } from '../handover/store';
import { loadEvents } from '../incidents/log';
import { incidentDetail } from '../incidents/service';
import { printPdf } from '../playbooks/gobag-pdf';
import { reviewHtml } from './print';

export interface ReviewActor {
  readonly who: string;
  readonly device: string;
}

interface ReviewRow {
  readonly id: string;
  readonly incident_id: string;
  readonly device: string;
  readonly author: string;
  readonly content: string;
  readonly drafted_at: string;
  readonly published_at: string | null;
  readonly published_by: string | null;
  readonly content_hash: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly version: number;
}

interface IncidentFacts {
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly restored_at: string | null;
  readonly customer_id: string;
  readonly code: string | null;
  readonly name: string | null;
}

/** The content as stored, or null when it cannot be read (damaged, or a newer console's). */
function contentOf(row: ReviewRow): ReviewContent | null {
  try {
    const parsed = ReviewContent.safeParse(JSON.parse(row.content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function rowOf(db: Db, id: string): ReviewRow {
  const row = db.prepare('SELECT * FROM incident_reviews WHERE id = ?').get(id) as ReviewRow | undefined;
  if (!row)
    throw new LifelineError(
      'NOT_FOUND',
      `There is no review with id ${id} on this console. It may not have synced yet; reload the incident.`,
    );
  return row;
}

function incidentFacts(db: Db, incidentId: string): IncidentFacts {
  const row = db
    .prepare(
      `SELECT i.title, i.severity, i.status, i.restored_at, i.customer_id, c.code, c.name
         FROM incidents i LEFT JOIN customers c ON c.id = i.customer_id WHERE i.id = ?`,
    )
    .get(incidentId) as IncidentFacts | undefined;
  if (!row)
    throw new LifelineError('NOT_FOUND', `There is no incident with id ${incidentId} on this console.`);
  return row;
}

/** What every review shows of its incident, whichever list it is in. */
function incidentHead(db: Db, row: ReviewRow) {
  const inc = incidentFacts(db, row.incident_id);
  return {
    id: row.id,
    incidentId: row.incident_id,
    incidentTitle: inc.title,
    severity: inc.severity,
    customer: { id: inc.customer_id, code: inc.code ?? '?', name: inc.name ?? 'Unknown customer' },
    status: row.published_at ? ('published' as const) : ('draft' as const),
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}

function reviewOf(db: Db, row: ReviewRow): Review {
  const content = contentOf(row);
  if (!content)
    throw new LifelineError(
      'INTERNAL',
      `Review ${row.id} cannot be read: its content is damaged or from a newer Lifeline. Update Lifeline, or restore the database from a backup.`,
    );
  const events = loadEvents(db, row.incident_id);
  const runs = events.length > 0 ? reduceIncident(events).runs : [];
  return {
    ...incidentHead(db, row),
    version: row.version,
    author: row.author,
    device: row.device,
    draftedAt: row.drafted_at,
    updatedAt: row.updated_at,
    contentHash: row.content_hash,
    content,
    runs: runs.map((r) => ({
      runId: r.runId,
      playbookId: r.playbookId,
      title: r.title,
      version: r.version,
      steps: r.steps.map((s) => ({ stepId: s.stepId, title: s.title, state: s.state })),
    })),
  };
}

export function getReview(db: Db, id: string): Review {
  return reviewOf(db, rowOf(db, id));
}

/** The application services an incident's assets take down (its blast radius), by name. */
function servicesHit(db: Db, customerId: string, assetIds: readonly string[]): string[] {
  const names = new Set<string>();
  for (const assetId of assetIds) {
    try {
      for (const a of blastRadiusFor(db, { assetId }).assets)
        if (a.kind === 'application_service' && a.customer.id === customerId) names.add(a.name);
    } catch (e) {
      // An asset deleted since the incident: it takes nothing down that the catalog knows of.
      if (!(e instanceof LifelineError && e.code === 'NOT_FOUND')) throw e;
    }
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

const ENDED = new Set(['restored', 'closed']);

export function draftForIncident(db: Db, actor: ReviewActor, incidentId: string, now = new Date()): Review {
  const detail = incidentDetail(db, incidentId);
  if (!ENDED.has(detail.state.status))
    throw new LifelineError(
      'CONFLICT',
      `'${detail.state.title}' is ${detail.state.status}: restore the service first, then write the review.`,
    );
  const existing = db
    .prepare('SELECT * FROM incident_reviews WHERE incident_id = ? AND device = ? AND published_at IS NULL')
    .get(incidentId, actor.device) as ReviewRow | undefined;
  if (existing) return reviewOf(db, existing);
  const tz =
    (db.prepare('SELECT time_zone FROM customers WHERE id = ?').pluck().get(detail.state.customerId) as
      | string
      | undefined) ?? 'UTC';
  const content = draftReview(loadEvents(db, incidentId), {
    customer: { id: detail.customer.id, code: detail.customer.code, name: detail.customer.name },
    timeZone: tz,
    targetMinutes: detail.targetMinutes,
    assets: detail.assets.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    services: servicesHit(db, detail.state.customerId, detail.state.assetIds),
  });
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  db.prepare(
    `INSERT INTO incident_reviews (id, incident_id, device, author, content, drafted_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, incidentId, actor.device, actor.who, JSON.stringify(content), at, at, at);
  return getReview(db, id);
}

function draftRow(db: Db, id: string, baseVersion: number): ReviewRow {
  const row = rowOf(db, id);
  if (row.published_at)
    throw new LifelineError(
      'CONFLICT',
      `This review was published ${row.published_at} by ${row.published_by} and is frozen. Add what you learned since as a follow-up on the incident.`,
    );
  if (row.version !== baseVersion)
    throw new LifelineError(
      'CONFLICT',
      `This draft changed since you opened it (version ${row.version}, yours ${baseVersion}); reload it and make your edit again.`,
    );
  return row;
}

/** Feedback must name a playbook run on this incident, and a step of it where it names one. */
function checkFeedback(review: Review, edit: ReviewEdit): void {
  edit.feedback.forEach((fb, i) => {
    const run = review.runs.find((r) => r.playbookId === fb.playbookId && r.version === fb.playbookVersion);
    if (!run)
      throw new LifelineError(
        'VALIDATION',
        `Feedback ${i + 1} names playbook ${fb.playbookTitle || fb.playbookId} v${fb.playbookVersion}, which was not run on this incident.`,
      );
    if (fb.stepId !== null && !run.steps.some((s) => s.stepId === fb.stepId))
      throw new LifelineError(
        'VALIDATION',
        `Feedback ${i + 1} names step ${fb.stepId}, which is not a step of ${run.title} v${run.version}.`,
      );
    if (fb.verdict === 'wrong' && fb.stepId === null)
      throw new LifelineError('VALIDATION', `Feedback ${i + 1} marks a step wrong without naming the step.`);
  });
  const ids = new Set<string>();
  for (const x of [
    ...edit.summary,
    ...edit.impact,
    ...edit.keyMoments,
    ...edit.restoredBy,
    ...edit.factors,
    ...edit.questions,
    ...edit.actions,
    ...edit.feedback,
  ]) {
    if (ids.has(x.id))
      throw new LifelineError('VALIDATION', `Line id ${x.id} is used twice; reload the draft.`);
    ids.add(x.id);
  }
}

export function saveDraft(db: Db, input: ParsedInput<'review:save'>, now = new Date()): Review {
  return db.transaction(() => {
    const row = draftRow(db, input.id, input.baseVersion);
    const review = reviewOf(db, row);
    checkFeedback(review, input.content);
    const content: ReviewContent = { ...input.content, facts: review.content.facts };
    db.prepare(
      'UPDATE incident_reviews SET content = ?, updated_at = ?, version = version + 1 WHERE id = ?',
    ).run(JSON.stringify(content), now.toISOString(), row.id);
    return getReview(db, row.id);
  })();
}

/** What stops a draft from being published, in words; empty when it may be. */
export function publishProblems(content: ReviewContent): string[] {
  const problems: string[] = [];
  content.actions.forEach((a, i) => {
    const name = `Action ${i + 1} ('${a.text.slice(0, 60)}')`;
    if (a.owner.trim() === '') problems.push(`${name} has no owner.`);
    if (a.dueDate === null) problems.push(`${name} has no due date.`);
  });
  if (content.summary.length === 0) problems.push('The summary is empty.');
  return problems;
}

export function publishReview(
  db: Db,
  actor: ReviewActor,
  input: ParsedInput<'review:publish'>,
  now = new Date(),
): Review {
  return db.transaction(() => {
    const row = draftRow(db, input.id, input.baseVersion);
    const content = contentOf(row);
    if (!content)
      throw new LifelineError(
        'VALIDATION',
        'This draft cannot be read, so it cannot be published; draft it again.',
      );
    const inc = incidentFacts(db, row.incident_id);
    if (!ENDED.has(inc.status))
      throw new LifelineError(
        'CONFLICT',
        `'${inc.title}' was reopened since this draft was written: restore it again, then publish.`,
      );
    const problems = publishProblems(content);
    if (problems.length > 0)
      throw new LifelineError(
        'VALIDATION',
        `Not published: ${problems.join(' ')} Fill them in and publish again.`,
      );
    const hash = sha256Hex(canonicalJson(content));
    db.prepare(
      `UPDATE incident_reviews SET published_at = ?, published_by = ?, content_hash = ?, updated_at = ?, version = version + 1
        WHERE id = ? AND published_at IS NULL`,
    ).run(now.toISOString(), actor.who, hash, now.toISOString(), row.id);
    return getReview(db, row.id);
  })();
}

export function listReviews(db: Db, q: ParsedInput<'review:list'>, device: string): ReviewSummary[] {
  const where = ['(r.published_at IS NOT NULL OR r.device = @device)'];
  const params: Record<string, string | number> = { device, limit: q.limit ?? 50 };
  if (q.incidentId !== undefined) {
    where.push('r.incident_id = @incident');
    params.incident = q.incidentId;
  }
  if (q.customerId !== undefined) {
    where.push('i.customer_id = @customer AND r.published_at IS NOT NULL');
    params.customer = q.customerId;
  }
  const rows = db
    .prepare(
      `SELECT r.* FROM incident_reviews r JOIN incidents i ON i.id = r.incident_id
        WHERE ${where.join(' AND ')}
        ORDER BY coalesce(r.published_at, r.updated_at) DESC, r.id DESC LIMIT @limit`,
    )
    .all(params) as ReviewRow[];
  const out: ReviewSummary[] = [];
  for (const row of rows) {
    const content = contentOf(row);
    if (!content) continue; // unreadable (a newer console's): listed nowhere rather than breaking the list
    out.push({
      ...incidentHead(db, row),
      restoredAt: content.facts.restoredAt,
      durationMinutes: content.facts.durationMinutes,
      breached: content.facts.breached,
      actions: content.actions.length,
    });
  }
  return out;
}

/** Published reviews' playbook feedback, by playbook, most suggestions first. */
export function playbookSuggestions(db: Db, playbookId?: string): PlaybookSuggestions[] {
  const rows = db
    .prepare(
      `SELECT r.*, i.title AS incident_title FROM incident_reviews r JOIN incidents i ON i.id = r.incident_id
        WHERE r.published_at IS NOT NULL ORDER BY r.published_at DESC, r.id DESC`,
    )
    .all() as Array<ReviewRow & { incident_title: string }>;
  const byPlaybook = new Map<string, PlaybookSuggestions>();
  const playbook = db.prepare('SELECT title, owner FROM playbooks WHERE id = ?');
  for (const row of rows) {
    const content = contentOf(row);
    if (!content) continue;
    for (const fb of content.feedback) {
      if (playbookId !== undefined && fb.playbookId !== playbookId) continue;
      let entry = byPlaybook.get(fb.playbookId);
      if (!entry) {
        const pb = playbook.get(fb.playbookId) as { title: string; owner: string | null } | undefined;
        entry = {
          playbookId: fb.playbookId,
          title: pb?.title ?? fb.playbookTitle,
          owner: pb?.owner ?? null,
          count: 0,
          items: [],
        };
        byPlaybook.set(fb.playbookId, entry);
      }
      entry.count += 1;
      entry.items.push({
        reviewId: row.id,
        incidentId: row.incident_id,
        incidentTitle: row.incident_title,
        publishedAt: row.published_at ?? '',
        publishedBy: row.published_by ?? '',
        verdict: fb.verdict,
        stepTitle: fb.stepTitle,
        playbookVersion: fb.playbookVersion,
        note: fb.note,
      });
    }
  }
  return [...byPlaybook.values()].sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
}

/** Published reviews for the Insights figures: which incident, when. */
export function publishedReviewTimes(db: Db): Array<{ incidentId: string; publishedAt: string }> {
  return db
    .prepare(
      `SELECT incident_id AS incidentId, min(published_at) AS publishedAt FROM incident_reviews
        WHERE published_at IS NOT NULL GROUP BY incident_id`,
    )
    .all() as Array<{ incidentId: string; publishedAt: string }>;
}

function fileBase(r: Review): string {
  const day = (r.publishedAt ?? r.updatedAt).slice(0, 10);
  const code = r.customer.code.toLowerCase().replace(/[^a-z0-9]/g, '') || 'customer';
  return `review-${code}-${day}-${r.id.slice(-8)}`;
}

export async function exportReview(
  db: Db,
  input: ParsedInput<'review:export'>,
): Promise<CallOutput<'review:export'>> {
  const r = getReview(db, input.id);
  const base = fileBase(r);
  switch (input.format) {
    case 'markdown':
      return markdownFile(base, reviewMarkdown(r));
    case 'pdf':
      return pdfFile(base, await printPdf(reviewHtml(r)));
    default:
      return assertNever(input.format, 'export format');
  }
}
