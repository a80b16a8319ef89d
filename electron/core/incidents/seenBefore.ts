/**
 * "Seen before": past incidents like this one, while it burns. Candidates are the ended
 * incidents of the same customer (every same-asset incident is one: an asset belongs to one
 * customer) and the latest runs of the same playbooks anywhere; each is scored by what it
 * shares (asset, playbook, symptom words) and by how recent it is, and only the few shown
 * have their logs read for what restored them. Local and index-backed: budget 20 ms at the
 * bench's 20,000 incidents (electron/core/bench/seenBefore.ts).
 */
import type { CustomerRef, Severity } from '../../../shared/catalog/schemas';
import type { SeenBeforeItem } from '../../../shared/incidents/commsCalls';
import type { IncidentStatus } from '../../../shared/incidents/model';
import { parseEvent } from '../../../shared/incidents/reducer';
import type { Db } from '../db/database';
import { cached } from '../db/statements';
import { incidentRow } from './log';

const DAY = 86_400_000;
/** How many of a customer's past incidents, and of a playbook's past runs, are considered. */
const CUSTOMER_CANDIDATES = 300;
const PLAYBOOK_CANDIDATES = 200;
/** Recency halves the weight of an incident this old. */
const HALF_LIFE_DAYS = 180;
/** Below this symptom similarity, the same customer alone does not make an incident "like this one". */
const SYMPTOM_THRESHOLD = 0.2;

interface Candidate {
  readonly id: string;
  readonly customer_id: string;
  readonly title: string;
  readonly symptom: string;
  readonly asset_ids: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly opened_at: string;
  readonly clock_start_at: string | null;
  readonly restored_at: string | null;
}

const COLUMNS =
  'id, customer_id, title, symptom, asset_ids, severity, status, opened_at, clock_start_at, restored_at';

const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'not', 'are', 'was', 'all', 'has', 'on', 'of']);

/** The words of a title and symptom that say what broke ("disk", "unresponsive", "web01"). */
export function symptomWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !STOP.has(w)),
  );
}

/** Jaccard similarity of two word sets, 0…1. */
export function wordSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function assetIdsOf(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function customerRef(db: Db, id: string): CustomerRef {
  return (
    (cached(db, 'SELECT id, code, name, tier FROM customers WHERE id = ?').get(id) as
      | CustomerRef
      | undefined) ?? {
      id,
      code: '?',
      name: 'Unknown customer',
      tier: 'bronze',
    }
  );
}

/**
 * What restored it: the step recorded done last before the first "service restored", the
 * restore note, and the follow-ups. Read with a few indexed queries (SQLite's JSON
 * functions pick the step's title out of the frozen playbook), not by replaying the log:
 * the frozen playbooks are most of a log's bytes, and eight logs replayed cost more than
 * the whole ranking.
 */
function whatRestored(
  db: Db,
  incidentId: string,
): Pick<SeenBeforeItem, 'restoredBy' | 'followUps' | 'playbookTitle'> {
  const restored = cached(
    db,
    `SELECT id, at, json_extract(payload, '$.summary') AS summary FROM incident_events
      WHERE incident_id = ? AND type = 'restored' ORDER BY at, id LIMIT 1`,
  ).get(incidentId) as { id: string; at: string; summary: unknown } | undefined;
  let step: string | null = null;
  if (restored) {
    const done = cached(
      db,
      `SELECT json_extract(payload, '$.runId') AS runId, json_extract(payload, '$.stepId') AS stepId FROM incident_events
        WHERE incident_id = ? AND type = 'step_done' AND (at < ? OR (at = ? AND id < ?))
        ORDER BY at DESC, id DESC LIMIT 1`,
    ).get(incidentId, restored.at, restored.at, restored.id) as
      | { runId: unknown; stepId: unknown }
      | undefined;
    if (done && typeof done.stepId === 'string') {
      const title = cached(
        db,
        `SELECT json_extract(s.value, '$.title') AS title
           FROM incident_events e, json_each(e.payload, '$.effective.steps') s
          WHERE e.incident_id = ? AND e.type = 'playbook_started' AND json_valid(e.payload)
            AND (? IS NULL OR coalesce(json_extract(e.payload, '$.runId'), e.id) = ?)
            AND json_extract(s.value, '$.id') = ?
          ORDER BY e.at DESC LIMIT 1`,
      ).get(incidentId, done.runId ?? null, done.runId ?? null, done.stepId) as
        | { title: unknown }
        | undefined;
      step = typeof title?.title === 'string' ? title.title : done.stepId;
    }
  }
  const followUps = new Map<string, SeenBeforeItem['followUps'][number]>();
  for (const { payload } of cached(
    db,
    `SELECT payload FROM incident_events WHERE incident_id = ? AND type = 'follow_up_added' ORDER BY at, id`,
  ).all(incidentId) as Array<{ payload: string }>) {
    const parsed = parseEvent({
      id: '',
      incidentId,
      at: '',
      device: '',
      author: '',
      type: 'follow_up_added',
      payload: parseObject(payload),
    });
    if (parsed?.type !== 'follow_up_added') continue;
    const p = parsed.payload;
    followUps.set(p.followUpId, { kind: p.kind, text: p.text, ticketRef: p.ticketRef ?? null });
  }
  const playbook = cached(
    db,
    `SELECT p.title FROM playbook_runs r JOIN playbooks p ON p.id = r.playbook_id
      WHERE r.incident_id = ? ORDER BY r.started_at DESC LIMIT 1`,
  ).get(incidentId) as { title: string } | undefined;
  const note =
    typeof restored?.summary === 'string' && restored.summary.trim() !== '' ? restored.summary.trim() : null;
  return {
    restoredBy: { step, note },
    followUps: [...followUps.values()].slice(0, 5),
    playbookTitle: playbook?.title ?? null,
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function seenBefore(db: Db, incidentId: string, limit = 8, now: Date = new Date()): SeenBeforeItem[] {
  const self = incidentRow(db, incidentId);
  const me = cached(db, `SELECT ${COLUMNS} FROM incidents WHERE id = ?`).get(self.id) as Candidate;
  const myAssets = new Set(assetIdsOf(me.asset_ids));
  const myWords = symptomWords(`${me.title} ${me.symptom}`);
  const myPlaybooks = new Set(
    (
      cached(db, 'SELECT DISTINCT playbook_id AS p FROM playbook_runs WHERE incident_id = ?').all(
        me.id,
      ) as Array<{
        p: string;
      }>
    ).map((r) => r.p),
  );

  const candidates = new Map<string, Candidate>();
  for (const c of cached(
    db,
    `SELECT ${COLUMNS} FROM incidents
      WHERE customer_id = ? AND id <> ? AND deleted_at IS NULL AND status IN ('restored','closed') AND opened_at <= ?
      ORDER BY opened_at DESC LIMIT ${CUSTOMER_CANDIDATES}`,
  ).all(me.customer_id, me.id, me.opened_at) as Candidate[])
    candidates.set(c.id, c);

  // Which playbooks each candidate ran: the customer's runs, and the latest runs of this incident's playbooks.
  const playbooksOf = new Map<string, Set<string>>();
  const note = (incident: string, playbook: string) => {
    const set = playbooksOf.get(incident) ?? new Set<string>();
    set.add(playbook);
    playbooksOf.set(incident, set);
  };
  const titles = new Map<string, string>();
  for (const r of cached(
    db,
    'SELECT incident_id AS i, playbook_id AS p FROM playbook_runs WHERE customer_id = ?',
  ).all(me.customer_id) as Array<{ i: string; p: string }>)
    note(r.i, r.p);
  const byId = cached(
    db,
    `SELECT ${COLUMNS} FROM incidents WHERE id = ? AND deleted_at IS NULL AND status IN ('restored','closed') AND opened_at <= ?`,
  );
  for (const playbook of myPlaybooks) {
    const runs = cached(
      db,
      `SELECT incident_id AS i FROM playbook_runs WHERE playbook_id = ? AND incident_id <> ?
        ORDER BY started_at DESC LIMIT ${PLAYBOOK_CANDIDATES}`,
    ).all(playbook, me.id) as Array<{ i: string }>;
    for (const { i } of runs) {
      note(i, playbook);
      if (candidates.has(i)) continue;
      const c = byId.get(i, me.opened_at) as Candidate | undefined;
      if (c) candidates.set(c.id, c);
    }
  }

  const assetNames = new Map<string, string>();
  const assetName = (id: string) => {
    let name = assetNames.get(id);
    if (name === undefined) {
      name =
        (cached(db, 'SELECT name FROM assets WHERE id = ?').get(id) as { name: string } | undefined)?.name ??
        'an asset';
      assetNames.set(id, name);
    }
    return name;
  };
  const playbookTitle = (id: string) => {
    let title = titles.get(id);
    if (title === undefined) {
      title =
        (cached(db, 'SELECT title FROM playbooks WHERE id = ?').get(id) as { title: string } | undefined)
          ?.title ?? 'a playbook';
      titles.set(id, title);
    }
    return title;
  };

  const scored: Array<{ c: Candidate; score: number; reasons: string[] }> = [];
  for (const c of candidates.values()) {
    const reasons: string[] = [];
    const shared = assetIdsOf(c.asset_ids).filter((a) => myAssets.has(a));
    const sameCustomer = c.customer_id === me.customer_id;
    const similarity = wordSimilarity(myWords, symptomWords(`${c.title} ${c.symptom}`));
    const playbooks = [...(playbooksOf.get(c.id) ?? [])].filter((p) => myPlaybooks.has(p));
    const similarSymptom = sameCustomer && similarity >= SYMPTOM_THRESHOLD;
    if (shared.length === 0 && !similarSymptom && playbooks.length === 0) continue;
    let score = 0;
    if (shared.length > 0) {
      score += 3;
      reasons.push(`same asset ${shared.slice(0, 2).map(assetName).join(', ')}`);
    }
    if (similarSymptom) {
      score += 1 + 2 * similarity;
      reasons.push('same customer, similar symptom');
    } else if (similarity > 0) score += similarity;
    if (playbooks.length > 0) {
      score += 1.5;
      reasons.push(`same playbook "${playbookTitle(playbooks[0] ?? '')}"`);
    }
    if (sameCustomer && shared.length === 0 && !similarSymptom) score += 0.25;
    const ageDays = Math.max(0, (now.getTime() - Date.parse(c.opened_at)) / DAY);
    const recency = 0.5 ** (ageDays / HALF_LIFE_DAYS);
    scored.push({ c, score: score * (0.5 + 0.5 * recency), reasons });
  }
  scored.sort((a, b) => b.score - a.score || (a.c.opened_at < b.c.opened_at ? 1 : -1));

  return scored.slice(0, limit).map(({ c, score, reasons }) => {
    const start = Date.parse(c.clock_start_at ?? c.opened_at);
    const restored = c.restored_at ? Date.parse(c.restored_at) : Number.NaN;
    return {
      incidentId: c.id,
      title: c.title,
      customer: customerRef(db, c.customer_id),
      severity: c.severity,
      status: c.status,
      openedAt: c.opened_at,
      restoredAt: c.restored_at,
      minutesToRestore:
        Number.isNaN(restored) || Number.isNaN(start)
          ? null
          : Math.max(0, Math.round((restored - start) / 60_000)),
      reasons,
      score: Math.round(score * 1000) / 1000,
      ...whatRestored(db, c.id),
    };
  });
}
