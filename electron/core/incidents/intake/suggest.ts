/**
 * Which playbook to follow first for an incident: the ones written for its assets and its
 * symptom, and among those the ones that have restored service most often and fastest
 * (for this customer and overall). Each suggestion says why in one line.
 *
 * Past effectiveness is read straight from the incident log (opened, playbook_started,
 * restored, closed events), read-only, so it needs nothing but the events themselves.
 */

import { LifelineError } from '../../../../shared/api/result';
import { ASSET_KIND_LABELS, type AssetKind } from '../../../../shared/catalog/labels';
import type { PlaybookSuggestion } from '../../../../shared/incidents/model';
import { median } from '../../../../shared/insights/metrics';
import { PlaybookBody } from '../../../../shared/playbooks/model';
import type { Db } from '../../db/database';
import { reviewState } from '../../playbooks/store';

/**
 * How applicability is weighed. The asset's kind is the gate; then the engineer's own words
 * (the symptom and title) count for more than tags, so an unresponsive SQL VM gets "VM
 * unresponsive" before "Database service down".
 */
const APPLY = {
  kind: 10,
  /** A playbook for any kind of asset fits, but less well than one written for this kind. */
  anyKind: 3,
  firstTag: 3,
  moreTags: 1,
  /** Per symptom word or title word of the playbook found in the incident… */
  word: 5,
  /** …and a little more for a phrase ("not responding"). */
  phrase: 6,
  wordsCap: 18,
} as const;
/**
 * Effectiveness adds at most RATE + SPEED points: enough to order playbooks that fit the
 * incident equally, not enough to lift one that does not fit above one that does.
 */
const RATE_POINTS = 2;
const SPEED_POINTS = 1;
/** Runs' worth of the prior: one lucky run moves a playbook a little, thirty good ones a lot. */
const PRIOR_RUNS = 5;
/** Restore rate assumed before anything has been run. */
const DEFAULT_RATE = 0.8;
const DEFAULT_LIMIT = 50;

/**
 * Words of a playbook's title too common to say it fits ("down", "server"). Symptom phrases
 * keep every word: "not responding" and "no rdp" mean something.
 */
const TITLE_STOP = new Set(
  'a an and are as at be by for from has in is it its of on or the to was were with not no into server service down failed'.split(
    ' ',
  ),
);

interface IncidentRow {
  readonly id: string;
  readonly customer_id: string;
  readonly title: string;
}

interface PlaybookRow {
  readonly id: string;
  readonly title: string;
  readonly reviewed_at: string | null;
  readonly review_interval_days: number;
  readonly body: string;
}

interface RunRow {
  readonly playbook_id: string | null;
  readonly customer_id: string;
  readonly clock_start: string | null;
  readonly restored_at: string | null;
  readonly closed: number;
}

interface Stats {
  runs: number;
  restored: number;
  minutes: number[];
  customerRuns: number;
  customerRestored: number;
  customerMinutes: number[];
}

export function suggestPlaybooks(
  db: Db,
  incidentId: string,
  limit: number = DEFAULT_LIMIT,
  now: Date = new Date(),
  /** One of the incident's assets to rank for (the one the playbook will run on). */
  assetId?: string,
): { suggestions: PlaybookSuggestion[] } {
  const incident = db
    .prepare('SELECT id, customer_id, title FROM incidents WHERE id = ? AND deleted_at IS NULL')
    .get(incidentId) as IncidentRow | undefined;
  if (!incident) {
    throw new LifelineError(
      'NOT_FOUND',
      `There is no incident with id ${incidentId}. It may have been deleted or never reached this console; reload the board.`,
    );
  }
  const customer = db.prepare('SELECT name FROM customers WHERE id = ?').get(incident.customer_id) as
    | { name: string }
    | undefined;
  const opened = openedPayload(db, incident.id);
  if (assetId !== undefined && !opened.assetIds.includes(assetId)) {
    throw new LifelineError(
      'VALIDATION',
      `Asset ${assetId} is not one of this incident's assets; pick one of them, or leave it out to rank for all.`,
    );
  }
  const rankedFor = assetId === undefined ? opened.assetIds : [assetId];
  const assets = db
    .prepare(
      `SELECT kind, tags FROM assets WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
    )
    .all(JSON.stringify(rankedFor)) as Array<{ kind: AssetKind; tags: string }>;
  const kinds = new Set(assets.map((a) => a.kind));
  const tags = new Set(assets.flatMap((a) => stringArray(a.tags).map((t) => t.toLowerCase())));
  const words = ` ${normalize(`${opened.title || incident.title} ${opened.symptom}`)} `;
  const wordSet = new Set(words.trim().split(' ').map(stem));

  const stats = runStats(db, incident.customer_id);
  const all = [...stats.values()];
  const totalRuns = all.reduce((s, x) => s + x.runs, 0);
  const priorRate = totalRuns > 0 ? all.reduce((s, x) => s + x.restored, 0) / totalRuns : DEFAULT_RATE;
  const priorMedian = median(all.flatMap((x) => x.minutes));

  const playbooks = db
    .prepare(
      `SELECT p.id, p.title, p.reviewed_at, p.review_interval_days, v.body
         FROM playbooks p JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
        WHERE p.deleted_at IS NULL`,
    )
    .all() as PlaybookRow[];

  const ranked = playbooks.flatMap((pb) => {
    const appliesTo = readAppliesTo(pb.body);
    // A damaged body could not be started either; it is left out rather than failing the list.
    if (appliesTo === null) return [];
    const parts: string[] = [];
    let applicability = 0;

    const kindHits = appliesTo.assetKinds.filter((k) => kinds.has(k));
    if (kindHits.length > 0) {
      applicability += APPLY.kind;
      parts.push(`Applies to ${kindHits.map(kindLabel).join(' and ')}`);
    } else if (appliesTo.assetKinds.length === 0) {
      applicability += APPLY.anyKind;
      parts.push('Applies to any asset');
    } else {
      parts.push(`For ${appliesTo.assetKinds.slice(0, 3).map(kindLabel).join(', ')}`);
    }

    const tagHits = appliesTo.tags.filter((t) => tags.has(t.toLowerCase()));
    if (tagHits.length > 0) {
      applicability += APPLY.firstTag + (tagHits.length - 1) * APPLY.moreTags;
      parts.push(`${tagHits.length > 1 ? 'tags' : 'tag'} ${quoteList(tagHits)}`);
    }

    const symptomHits = appliesTo.symptoms.filter((s) => {
      const phrase = normalize(s);
      return (
        phrase !== '' &&
        (words.includes(` ${phrase} `) || (!phrase.includes(' ') && wordSet.has(stem(phrase))))
      );
    });
    const titleHits = normalize(pb.title)
      .split(' ')
      .filter((w) => w.length > 1 && !TITLE_STOP.has(w) && wordSet.has(stem(w)));
    const matchedWords = [...new Set([...symptomHits.map(normalize), ...titleHits])];
    applicability += Math.min(
      APPLY.wordsCap,
      matchedWords.reduce((sum, w) => sum + (w.includes(' ') ? APPLY.phrase : APPLY.word), 0),
    );
    if (matchedWords.length > 0)
      parts.push(`${matchedWords.length > 1 ? 'symptoms' : 'symptom'} ${quoteList(matchedWords)}`);

    const st = stats.get(pb.id) ?? emptyStats();
    const rate = (st.restored + PRIOR_RUNS * priorRate) / (st.runs + PRIOR_RUNS);
    const customerRate = (st.customerRestored + PRIOR_RUNS * rate) / (st.customerRuns + PRIOR_RUNS);
    const med = median(st.minutes);
    const customerMed = median(st.customerMinutes);
    const smoothedMed = shrink(med, st.minutes.length, priorMedian);
    const customerSmoothedMed = shrink(customerMed, st.customerMinutes.length, smoothedMed);
    // Faster than the usual restore scores up to the full SPEED_POINTS, slower scores less.
    const speed =
      customerSmoothedMed === null || priorMedian === null
        ? 0.5
        : Math.min(1, Math.max(0, priorMedian / Math.max(1, customerSmoothedMed) / 2));
    const effectiveness = RATE_POINTS * customerRate + SPEED_POINTS * speed;

    parts.push(statsLine(st, med, customerMed, customer?.name ?? 'this customer'));
    const overdue = reviewState(pb.reviewed_at, pb.review_interval_days, now) === 'overdue';
    const reason = parts.join(' · ') + (overdue ? ' (review overdue)' : '');

    return [
      {
        applicable: applicability > 0,
        suggestion: {
          playbookId: pb.id,
          title: pb.title,
          score: round(applicability + effectiveness),
          reason,
          stats: {
            runs: st.runs,
            restoreRate: st.runs > 0 ? round(st.restored / st.runs, 3) : null,
            medianMinutesToRestore: med === null ? null : Math.round(med),
            customerRuns: st.customerRuns,
            customerMedianMinutesToRestore: customerMed === null ? null : Math.round(customerMed),
          },
        } satisfies PlaybookSuggestion,
      },
    ];
  });

  ranked.sort(
    (a, b) =>
      Number(b.applicable) - Number(a.applicable) ||
      b.suggestion.score - a.suggestion.score ||
      a.suggestion.title.localeCompare(b.suggestion.title) ||
      (a.suggestion.playbookId < b.suggestion.playbookId ? -1 : 1),
  );
  return { suggestions: ranked.slice(0, limit).map((r) => r.suggestion) };
}

/** What the incident was opened with: its symptom, assets and title (the first 'opened' event). */
function openedPayload(db: Db, incidentId: string): { symptom: string; assetIds: string[]; title: string } {
  const row = db
    .prepare(
      `SELECT payload FROM incident_events WHERE incident_id = ? AND type = 'opened' ORDER BY at, id LIMIT 1`,
    )
    .get(incidentId) as { payload: string } | undefined;
  let payload: unknown = {};
  try {
    payload = JSON.parse(row?.payload ?? '{}');
  } catch {
    // A damaged payload leaves only the incident's title to go on.
  }
  const p = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  return {
    symptom: typeof p.symptom === 'string' ? p.symptom : '',
    assetIds: Array.isArray(p.assetIds) ? p.assetIds.filter((x): x is string => typeof x === 'string') : [],
    title: typeof p.title === 'string' ? p.title : '',
  };
}

/**
 * Every decided run per playbook: a playbook started on an incident that has since been
 * restored (restored) or closed without a restore (not restored). Runs on incidents still
 * in progress are not counted yet: they have neither succeeded nor failed. A playbook
 * started twice on one incident is one run. Time to restore runs from the restore clock's
 * start (the alert's time when the incident was opened from one) to the restore.
 */
function runStats(db: Db, customerId: string): Map<string, Stats> {
  const rows = db
    .prepare(
      `WITH runs AS (
         SELECT e.incident_id, json_extract(e.payload, '$.playbookId') AS playbook_id, min(e.at) AS started_at
           FROM incident_events e WHERE e.type = 'playbook_started' AND json_valid(e.payload)
          GROUP BY 1, 2
       )
       SELECT r.playbook_id, i.customer_id,
              (SELECT coalesce(json_extract(o.payload, '$.clockStartAt'), o.at) FROM incident_events o
                WHERE o.incident_id = r.incident_id AND o.type = 'opened' AND json_valid(o.payload)
                ORDER BY o.at, o.id LIMIT 1) AS clock_start,
              coalesce(
                (SELECT min(x.at) FROM incident_events x
                  WHERE x.incident_id = r.incident_id AND x.type = 'restored' AND x.at >= r.started_at),
                (SELECT min(x.at) FROM incident_events x
                  WHERE x.incident_id = r.incident_id AND x.type = 'restored')) AS restored_at,
              EXISTS (SELECT 1 FROM incident_events x WHERE x.incident_id = r.incident_id AND x.type = 'closed') AS closed
         FROM runs r JOIN incidents i ON i.id = r.incident_id AND i.deleted_at IS NULL`,
    )
    .all() as RunRow[];
  const out = new Map<string, Stats>();
  for (const r of rows) {
    if (typeof r.playbook_id !== 'string') continue;
    if (r.restored_at === null && !r.closed) continue;
    const st = out.get(r.playbook_id) ?? emptyStats();
    const mine = r.customer_id === customerId;
    st.runs++;
    if (mine) st.customerRuns++;
    if (r.restored_at !== null) {
      st.restored++;
      if (mine) st.customerRestored++;
      const start = Date.parse(r.clock_start ?? '');
      const end = Date.parse(r.restored_at);
      if (Number.isFinite(start) && Number.isFinite(end)) {
        const minutes = Math.max(0, (end - start) / 60_000);
        st.minutes.push(minutes);
        if (mine) st.customerMinutes.push(minutes);
      }
    }
    out.set(r.playbook_id, st);
  }
  return out;
}

function emptyStats(): Stats {
  return { runs: 0, restored: 0, minutes: [], customerRuns: 0, customerRestored: 0, customerMinutes: [] };
}

function statsLine(st: Stats, med: number | null, customerMed: number | null, customerName: string): string {
  if (st.runs === 0) return 'no runs yet';
  let line = `restored ${st.restored} of ${st.runs} ${st.runs === 1 ? 'run' : 'runs'}`;
  if (med !== null) line += `, median ${minutes(med)}`;
  if (st.customerRuns > 0) {
    const runs = `${st.customerRuns} ${st.customerRuns === 1 ? 'run' : 'runs'}`;
    line += ` (${customerName}: ${runs}, ${customerMed === null ? 'not restored' : minutes(customerMed)})`;
  }
  return line;
}

function minutes(m: number): string {
  const r = Math.round(m);
  if (r < 120) return `${r} min`;
  const h = Math.floor(r / 60);
  return `${h} h ${r - h * 60} min`;
}

function readAppliesTo(body: string): PlaybookBody['appliesTo'] | null {
  try {
    const parsed = PlaybookBody.shape.appliesTo.safeParse(
      (JSON.parse(body) as { appliesTo?: unknown }).appliesTo,
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function kindLabel(kind: AssetKind): string {
  if (kind === 'vm') return 'VMs';
  return ASSET_KIND_LABELS[kind].many.toLowerCase();
}

function quoteList(items: readonly string[]): string {
  const shown = items.slice(0, 3).map((s) => `'${s}'`);
  return items.length > 3 ? `${shown.join(', ')} +${items.length - 3}` : shown.join(', ');
}

function stringArray(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Plural and singular as one word ("lockouts" / "lockout"), nothing cleverer. */
function stem(w: string): string {
  return w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}

/** A median pulled toward the prior by PRIOR_RUNS runs' worth, so few runs say little. */
function shrink(value: number | null, n: number, prior: number | null): number | null {
  if (value === null) return prior;
  if (prior === null) return value;
  return (n * value + PRIOR_RUNS * prior) / (n + PRIOR_RUNS);
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
