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
import {
  AVAILABILITY_TERMS,
  isStopWord,
  textWords,
  writtenForms,
} from '../../../../shared/playbooks/applicability';
import { PlaybookBody, type PlaybookRisk } from '../../../../shared/playbooks/model';
import { checkCustomerAssets } from '../../catalog/assets';
import type { Db } from '../../db/database';
import { liveCustomer, reviewState } from '../../playbooks/store';

/**
 * How fit is weighed. The kind of the asset the alert names is the gate, and a playbook
 * written for that kind alone fits better than one written for several. Then the alert's
 * words, each by how specific it is across the library (a word only one playbook has counts
 * WORD, a word every playbook has counts nothing), so the symptom outweighs tags and a
 * runbook's generic alert-name words ("node", "failed") cannot outweigh a specific match.
 */
const FIT = {
  /** Kind fit: KIND_BASE + KIND_SPECIFIC / (number of kinds the playbook is written for). */
  kindBase: 8,
  kindSpecific: 6,
  /** A playbook for any kind of asset (an imported runbook) fits, but less than one for this kind. */
  anyKind: 3,
  firstTag: 2,
  moreTags: 1,
  /** The playbook is written for tagged assets ("sql", "ad") and this asset has none of those tags. */
  tagMiss: 3,
  /** A symptom phrase or word of the playbook found in the incident, at full specificity… */
  word: 5,
  /**
   * …a word that is only part of one of its phrases ("ssh" of "no ssh"), or one of its words
   * inside a compound the alert writes ("sql" in "MSSQL", "postgres" in "PostgreSQL"), counts
   * this share…
   */
  partial: 0.75,
  /** …and an incident that says "not available" in any words meets a playbook that does. */
  availability: 2.5,
  wordsCap: 20,
} as const;
/**
 * Effectiveness (at most RATE + SPEED points) only orders playbooks whose fit is equal to a
 * tenth of a point: past results break ties, they never lift a playbook that fits less.
 */
const RATE_POINTS = 2;
const SPEED_POINTS = 1;
/** Runs' worth of the prior: one lucky run moves a playbook a little, thirty good ones a lot. */
const PRIOR_RUNS = 5;
/** Restore rate assumed before anything has been run. */
const DEFAULT_RATE = 0.8;
const DEFAULT_LIMIT = 50;

/** Why a marked playbook waits for the alert to say so, in the suggestion's reason. */
const RISK_NOTE: Record<PlaybookRisk, string> = {
  destructive: 'destructive (fails over or rebuilds)',
  'security-response': 'a security response (isolates machines and accounts)',
};

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

export interface SuggestOptions {
  readonly limit?: number | undefined;
  /** Rank for this one asset ("Run it on") rather than every asset the incident names. */
  readonly assetId?: string | undefined;
  readonly now?: Date | undefined;
}

export function suggestPlaybooks(
  db: Db,
  incidentId: string,
  options: SuggestOptions = {},
): { suggestions: PlaybookSuggestion[] } {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const now = options.now ?? new Date();
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
  if (options.assetId !== undefined)
    checkCustomerAssets(db, liveCustomer(db, incident.customer_id), [options.assetId]);
  const assetIds = options.assetId === undefined ? opened.assetIds : [options.assetId];
  const assets = (
    db
      .prepare(
        `SELECT kind, tags FROM assets WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
      )
      .all(JSON.stringify(assetIds)) as Array<{ kind: AssetKind; tags: string }>
  ).map((a) => ({ kind: a.kind, tags: new Set(stringArray(a.tags).map((t) => t.toLowerCase())) }));
  // The named machines' host names ("erp.acme.local") say which machine, not what broke.
  const hostLabels = new Set(
    (
      db
        .prepare(
          `SELECT hostname FROM assets WHERE id IN (SELECT value FROM json_each(?)) AND hostname IS NOT NULL`,
        )
        .all(JSON.stringify(opened.assetIds)) as Array<{ hostname: string }>
    ).flatMap((a) => textWords(a.hostname)),
  );
  const said = incidentWords(`${opened.title || incident.title} ${opened.symptom}`, hostLabels);

  const stats = runStats(db, incident.customer_id);
  const all = [...stats.values()];
  const totalRuns = all.reduce((s, x) => s + x.runs, 0);
  const priorRate = totalRuns > 0 ? all.reduce((s, x) => s + x.restored, 0) / totalRuns : DEFAULT_RATE;
  const priorMedian = median(all.flatMap((x) => x.minutes));

  const library = (
    db
      .prepare(
        `SELECT p.id, p.title, p.reviewed_at, p.review_interval_days, v.body
           FROM playbooks p JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
          WHERE p.deleted_at IS NULL`,
      )
      .all() as PlaybookRow[]
  ).flatMap((pb) => {
    const appliesTo = readAppliesTo(pb.body);
    // A damaged body could not be started either; it is left out rather than failing the list.
    return appliesTo === null ? [] : [{ pb, appliesTo, vocabulary: vocabularyOf(pb.title, appliesTo) }];
  });
  const specificity = librarySpecificity(library.map((p) => p.vocabulary));

  const fitted = library.map((p) => ({ ...p, words: wordFit(p.vocabulary, said, specificity) }));
  // Does the alert name a symptom of some playbook written for one of these kinds of asset?
  const kinds = new Set(assets.map((a) => a.kind));
  const specificSaid = fitted.some(
    (p) => p.words.specific && p.appliesTo.assetKinds.some((k) => kinds.has(k)),
  );

  const ranked = fitted.map(({ pb, appliesTo, words }) => {
    const parts: string[] = [];
    const kind = kindFit(appliesTo, assets, words.specific || !specificSaid);
    parts.push(kind.reason);
    if (words.shown.length > 0)
      parts.push(`${words.shown.length > 1 ? 'symptoms' : 'symptom'} ${quoteList(words.shown)}`);
    if (words.availability !== null && words.shown.length === 0)
      parts.push(`availability: '${words.availability}'`);
    const fit = kind.points + words.points;
    const heldBack = appliesTo.risk !== undefined && !words.direct;
    if (appliesTo.risk !== undefined)
      parts.push(
        heldBack
          ? `held back: ${RISK_NOTE[appliesTo.risk]}, first only when the alert names its symptoms`
          : RISK_NOTE[appliesTo.risk],
      );

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
    const applicable = kind.fits || words.direct;

    return {
      // Fitting playbooks first; a marked one without a direct symptom match after them.
      tier: !applicable ? 0 : heldBack ? 1 : 2,
      suggestion: {
        playbookId: pb.id,
        title: pb.title,
        // Fit to a tenth of a point, then effectiveness (< 0.04) inside that tenth.
        score: round(Math.round(fit * 10) / 10 + effectiveness / 100, 3),
        reason,
        stats: {
          runs: st.runs,
          restoreRate: st.runs > 0 ? round(st.restored / st.runs, 3) : null,
          medianMinutesToRestore: med === null ? null : Math.round(med),
          customerRuns: st.customerRuns,
          customerMedianMinutesToRestore: customerMed === null ? null : Math.round(customerMed),
        },
      } satisfies PlaybookSuggestion,
    };
  });

  ranked.sort(
    (a, b) =>
      b.tier - a.tier ||
      b.suggestion.score - a.suggestion.score ||
      a.suggestion.title.localeCompare(b.suggestion.title) ||
      (a.suggestion.playbookId < b.suggestion.playbookId ? -1 : 1),
  );
  return { suggestions: ranked.slice(0, limit).map((r) => r.suggestion) };
}

// ---- fit ---------------------------------------------------------------------------------

interface NamedAsset {
  readonly kind: AssetKind;
  readonly tags: ReadonlySet<string>;
}

/**
 * How well the playbook's kinds and tags fit the assets the alert names, judged asset by
 * asset (a SQL VM and the database on it are two assets: the VM playbook fits the VM, the
 * database playbook the database), never a kind of one asset with the tags of another.
 * Being written for this kind alone tells apart playbooks the alert's words fit alike; it
 * does not outweigh a symptom: once the alert names a symptom of some playbook for this kind,
 * it counts only for the playbooks whose symptoms the alert names (`spokenTo`).
 */
function kindFit(
  appliesTo: PlaybookBody['appliesTo'],
  assets: readonly NamedAsset[],
  spokenTo: boolean,
): { points: number; fits: boolean; reason: string } {
  const kinds = appliesTo.assetKinds;
  let best: { points: number; reason: string } | null = null;
  for (const asset of assets) {
    let points: number;
    let reason: string;
    if (kinds.includes(asset.kind)) {
      points = FIT.kindBase + (spokenTo ? FIT.kindSpecific / kinds.length : 0);
      reason = `Applies to ${kindLabel(asset.kind)}`;
    } else if (kinds.length === 0) {
      points = FIT.anyKind;
      reason = 'Applies to any asset';
    } else continue;
    const tagHits = appliesTo.tags.filter((t) => asset.tags.has(t.toLowerCase()));
    if (tagHits.length > 0) {
      points += FIT.firstTag + (tagHits.length - 1) * FIT.moreTags;
      reason += ` · ${tagHits.length > 1 ? 'tags' : 'tag'} ${quoteList(tagHits)}`;
    } else if (appliesTo.tags.length > 0) {
      points -= FIT.tagMiss;
      reason += ` · written for ${quoteList(appliesTo.tags)}`;
    }
    if (best === null || points > best.points) best = { points, reason };
  }
  if (best !== null) return { ...best, fits: true };
  if (kinds.length === 0) return { points: FIT.anyKind, fits: true, reason: 'Applies to any asset' };
  return { points: 0, fits: false, reason: `For ${kinds.slice(0, 3).map(kindLabel).join(', ')}` };
}

/** A playbook's applicability in words: what its symptoms and title say. */
interface Vocabulary {
  /** Symptom phrases of two or more words, as stemmed words ("no space", "packet loss"). */
  readonly phrases: ReadonlyArray<{ readonly text: string; readonly words: readonly string[] }>;
  /** Single-word symptoms and title words. */
  readonly words: ReadonlySet<string>;
  /** Words that are only part of a phrase ("ssh" of "no ssh"). */
  readonly partial: ReadonlySet<string>;
  /** What its title and symptoms say of not being available ("down", "not responding"). */
  readonly availability: ReadonlySet<string>;
  /** Its words as written, for the reason ("postgres", not the stem "postgre"). */
  readonly written: ReadonlyMap<string, string>;
}

function vocabularyOf(title: string, appliesTo: PlaybookBody['appliesTo']): Vocabulary {
  const phrases: Array<{ text: string; words: string[] }> = [];
  const words = new Set<string>();
  const partial = new Set<string>();
  const availability = new Set(
    [textWords(title), ...appliesTo.symptoms.map(textWords)].flatMap(sayAvailability),
  );
  for (const w of textWords(title)) if (isMeaningful(w)) words.add(w);
  for (const symptom of appliesTo.symptoms) {
    const sw = textWords(symptom);
    if (sw.length === 0) continue;
    const text = sw.join(' ');
    // A symptom that only says "not available" is the availability idea, not a specific word.
    if (AVAILABILITY.has(text)) continue;
    if (sw.length === 1) {
      if (isMeaningful(text)) words.add(text);
      continue;
    }
    phrases.push({ text: symptom.toLowerCase().trim(), words: sw });
    for (const w of sw) if (isMeaningful(w)) partial.add(w);
  }
  for (const w of words) partial.delete(w);
  const written = writtenForms([title, ...appliesTo.symptoms].join('\n'));
  return { phrases, words, partial, availability, written };
}

/** What the incident says: its words in order (for phrases) and its meaningful words. */
interface Said {
  readonly sequence: readonly string[];
  readonly words: ReadonlySet<string>;
  /** Its longer words, where a playbook's word may sit inside a compound ("mssql"). */
  readonly compounds: readonly string[];
  /** The availability words and phrases it uses. */
  readonly availability: readonly string[];
}

function incidentWords(text: string, hostLabels: ReadonlySet<string>): Said {
  const sequence = textWords(text);
  const words = new Set(sequence.filter((w) => isMeaningful(w) && !hostLabels.has(w)));
  return {
    sequence,
    words,
    // A word with digits is a name ("sql01", "fw02"), not a compound of symptom words.
    compounds: [...words].filter((w) => w.length >= MIN_COMPOUND_PART + 2 && !/\d/.test(w)),
    availability: sayAvailability(sequence),
  };
}

/**
 * For each word and phrase of the library, how specific it is: 1 when one playbook has it,
 * falling to 0 when every playbook does (an IDF scaled to the library's size).
 */
function librarySpecificity(vocabularies: readonly Vocabulary[]): (term: string) => number {
  const df = new Map<string, number>();
  for (const v of vocabularies) {
    const terms = new Set<string>([
      ...v.words,
      ...v.partial,
      ...v.phrases.map((p) => `"${p.words.join(' ')}"`),
    ]);
    for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = vocabularies.length;
  return (term) => {
    const d = df.get(term) ?? 1;
    return n <= 1 ? 1 : Math.max(0, Math.log(n / d) / Math.log(n));
  };
}

function wordFit(
  v: Vocabulary,
  said: Said,
  specificity: (term: string) => number,
): {
  points: number;
  /** A symptom phrase or word of the playbook itself is in the incident. */
  direct: boolean;
  /** …or at least part of one: anything but the availability idea alone. */
  specific: boolean;
  shown: string[];
  availability: string | null;
} {
  const shown: string[] = [];
  const covered = new Set<string>();
  let points = 0;
  for (const p of v.phrases) {
    if (!containsRun(said.sequence, p.words)) continue;
    points += FIT.word * specificity(`"${p.words.join(' ')}"`);
    shown.push(p.text);
    for (const w of p.words) covered.add(w);
  }
  for (const w of v.words) {
    if (covered.has(w) || !said.words.has(w)) continue;
    points += FIT.word * specificity(w);
    shown.push(v.written.get(w) ?? w);
  }
  const direct = shown.length > 0;
  for (const w of [...v.words, ...v.partial]) {
    if (covered.has(w) || (v.words.has(w) && said.words.has(w))) continue;
    if (!said.words.has(w) && !said.compounds.some((c) => inCompound(c, w))) continue;
    points += FIT.word * FIT.partial * specificity(w);
    shown.push(v.written.get(w) ?? w);
  }
  const specific = points > 0;
  // Said in the playbook's own words ("unresponsive") it is shown as a symptom.
  const own = said.availability.filter((a) => v.availability.has(a));
  const availability = v.availability.size === 0 ? null : (said.availability[0] ?? null);
  if (availability !== null) points += FIT.availability;
  shown.push(...own);
  return { points: Math.min(FIT.wordsCap, points), direct, specific, shown, availability };
}

const AVAILABILITY = new Set(AVAILABILITY_TERMS.map((t) => textWords(t).join(' ')));
const AVAILABILITY_RUNS = [...AVAILABILITY].map((t) => t.split(' '));

/** The availability words and phrases in a run of words. */
function sayAvailability(words: readonly string[]): string[] {
  return AVAILABILITY_RUNS.filter((run) => containsRun(words, run)).map((run) => run.join(' '));
}

/** Shortest playbook word looked for inside a compound: "sql" yes, "vm" or "ha" no. */
const MIN_COMPOUND_PART = 3;

/** "mssql" holds "sql", "postgresql" holds "postgres": a word at either end, with more beside it. */
function inCompound(compound: string, word: string): boolean {
  return (
    word.length >= MIN_COMPOUND_PART &&
    compound.length >= word.length + 2 &&
    (compound.startsWith(word) || compound.endsWith(word))
  );
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  if (run.length === 0 || run.length > words.length) return false;
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** A word that can say what broke: not a stop word, not an availability word, not one letter. */
function isMeaningful(word: string): boolean {
  return word.length > 1 && !isStopWord(word) && !AVAILABILITY.has(word);
}

/** The asset to rank for must be a live asset of the incident's customer or of the shared platform. */
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
