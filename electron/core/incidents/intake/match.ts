/**
 * Alert intake: a pasted alert resolved to a customer and its assets, locally, with the
 * reason for every match in words, so the engineer can trust it or overrule it at a glance.
 *
 * Evidence and its weight: an address or a full host name names one machine (strong); a
 * customer label names the customer outright (strongest); a customer code or name written
 * in the text is a good hint; a short host name ("web01") exists at most customers and
 * counts for little on its own; a number written as a whole token that is an asset's circuit
 * ID, serial or asset tag names that asset. Evidence that several customers share is split
 * between them, so "web01" alone never picks a customer and the engineer is asked to pick.
 *
 * Once the customer is known, the customer's open incidents are checked: a resolved alert
 * for one offers "mark service restored", the same alert pasted again offers "attach".
 */
import { LifelineError } from '../../../../shared/api/result';
import type { CustomerRef, Tier } from '../../../../shared/catalog/schemas';
import { CUSTOMER_LABEL_KEYS, type ParsedAlert } from '../../../../shared/incidents/alert';
import type { AlertMatch, IncidentStatus, IntakeNext } from '../../../../shared/incidents/model';
import { assetSummary } from '../../catalog/assets';
import type { Db } from '../../db/database';
import { escapeLike } from '../../db/like';
import { type ParseOptions, parseAlert } from './alerts/registry';

const WEIGHT = {
  customerLabel: 12,
  customerLabelPhrase: 6,
  address: 10,
  fqdn: 10,
  identifier: 10,
  nameInText: 8,
  codeInText: 6,
  domain: 5,
  shortName: 4,
} as const;
/** A customer is picked only when this far ahead of the next one… */
const LEAD_FACTOR = 2;
/** …and with at least this much evidence: one unique short name is enough, a shared one is not. */
const MIN_SCORE = 3.5;
const MAX_CANDIDATES = 10;
const MIN_CANDIDATE_SCORE = 1;
const MAX_ASSETS = 50;
const NAMES_IN_WHY = 3;

interface CustomerRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly tier: Tier;
  readonly kind: 'customer' | 'internal';
}

interface AssetRow {
  readonly id: string;
  readonly customer_id: string;
  readonly environment_id: string | null;
  readonly kind: AlertMatch['assets'][number]['kind'];
  readonly name: string;
  readonly hostname: string | null;
  readonly ip_addresses: string;
  readonly criticality: AlertMatch['assets'][number]['criticality'];
}

interface AssetHit {
  readonly row: AssetRow;
  /** The strongest evidence that named it, for ordering. */
  strength: number;
  readonly order: number;
  readonly why: string[];
}

interface CustomerScore {
  readonly customer: CustomerRow;
  score: number;
  readonly why: string[];
}

const ASSET_COLUMNS = `a.id, a.customer_id, a.environment_id, a.kind, a.name, a.hostname, a.ip_addresses, a.criticality`;

/**
 * The lookups, one index probe each: asset_addresses_address, assets_hostname_nocase and
 * assets_name_nocase (a short name also finds "web01.acme.local" by a range on the
 * host name index). Exported for the query-plan test.
 */
export const INTAKE_SQL = {
  byAddress: `SELECT ${ASSET_COLUMNS} FROM asset_addresses aa JOIN assets a ON a.id = aa.asset_id
        WHERE aa.address = ? AND a.deleted_at IS NULL ORDER BY a.name, a.id`,
  // UNION rather than OR: without statistics the planner may scan the table for an OR.
  byFqdn: `SELECT ${ASSET_COLUMNS} FROM assets a WHERE a.hostname = :h COLLATE NOCASE AND a.deleted_at IS NULL
        UNION SELECT ${ASSET_COLUMNS} FROM assets a WHERE a.name = :h COLLATE NOCASE AND a.deleted_at IS NULL
        ORDER BY name, id`,
  byShort: `SELECT ${ASSET_COLUMNS} FROM assets a WHERE a.hostname = :h COLLATE NOCASE AND a.deleted_at IS NULL
        UNION SELECT ${ASSET_COLUMNS} FROM assets a WHERE a.name = :h COLLATE NOCASE AND a.deleted_at IS NULL
        UNION SELECT ${ASSET_COLUMNS} FROM assets a
         WHERE a.hostname >= :lo COLLATE NOCASE AND a.hostname < :hi COLLATE NOCASE AND a.deleted_at IS NULL
        ORDER BY name, id`,
  // The search index holds serials (keys) and free attributes (body): a number token finds its candidates.
  byToken: `SELECT d.ref_id AS id FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid
        WHERE search_fts MATCH ? AND d.kind = 'asset' LIMIT 50`,
  identifierRows: `SELECT ${ASSET_COLUMNS}, a.serial, a.attributes FROM assets a
        WHERE a.id IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NULL ORDER BY a.name, a.id`,
  openIncidents: `SELECT i.id, i.title, i.status, i.opened_at, e.payload FROM incidents i
        JOIN incident_events e ON e.incident_id = i.id AND e.type = 'opened'
        WHERE i.customer_id = ? AND i.status IN ('open', 'restoring') AND i.deleted_at IS NULL
        ORDER BY i.opened_at DESC, i.id LIMIT 200`,
} as const;

/** Attribute keys whose values are identifiers (circuitId, assetTag, cid, serialNumber…). */
const IDENTIFIER_KEY = /(?:id|tag|serial|number|cid|circuit|ref)$/i;

/** The 'alert:parse' call: a blank paste is refused, anything else gives a match. */
export async function alertParse(db: Db, text: string): Promise<AlertMatch> {
  if (text.trim() === '') {
    throw new LifelineError(
      'VALIDATION',
      'The alert is empty: paste the alert text, e-mail or webhook JSON.',
    );
  }
  return matchAlert(db, text);
}

export async function matchAlert(db: Db, text: string, options: ParseOptions = {}): Promise<AlertMatch> {
  return matchParsed(db, await parseAlert(text, options));
}

export function matchParsed(db: Db, alert: ParsedAlert): AlertMatch {
  const customers = new Map(
    (
      db
        .prepare('SELECT id, code, name, tier, kind FROM customers WHERE deleted_at IS NULL')
        .all() as CustomerRow[]
    ).map((c) => [c.id, c]),
  );
  const m = new Matcher(db, customers);
  m.addresses(alert.addresses);
  m.hosts(alert.hosts);
  m.identifiers(alert.identifiers);
  m.labels(alert.labels);
  m.mentions(alert.text);
  return m.result(alert);
}

class Matcher {
  private readonly scores = new Map<string, CustomerScore>();
  private readonly hits = new Map<string, AssetHit>();
  /** Host names and addresses in the alert that name nothing in the catalog. */
  private readonly unknown: string[] = [];
  private readonly byAddress;
  private readonly byFqdn;
  private readonly byShort;

  constructor(
    private readonly db: Db,
    private readonly customers: ReadonlyMap<string, CustomerRow>,
  ) {
    this.byAddress = db.prepare(INTAKE_SQL.byAddress);
    this.byFqdn = db.prepare(INTAKE_SQL.byFqdn);
    this.byShort = db.prepare(INTAKE_SQL.byShort);
  }

  addresses(addresses: readonly string[]): void {
    for (const address of addresses) {
      const rows = this.live(this.byAddress.all(address) as AssetRow[]);
      if (rows.length === 0) {
        this.unknown.push(address);
        continue;
      }
      this.credit(
        rows,
        WEIGHT.address,
        (owner, names) => `IP ${address} is ${names} (${owner.name})`,
        `IP ${address}`,
      );
    }
  }

  hosts(hosts: readonly string[]): void {
    const fqdns = hosts.filter((h) => h.includes('.'));
    const matchedShort = new Set<string>();
    const unmatchedFqdns: string[] = [];
    for (const fqdn of fqdns) {
      const rows = this.live(this.byFqdn.all({ h: fqdn }) as AssetRow[]);
      if (rows.length === 0) {
        unmatchedFqdns.push(fqdn);
        continue;
      }
      // The full name was specific: its first label is no further evidence.
      matchedShort.add(fqdn.split('.')[0] ?? '');
      this.credit(
        rows,
        WEIGHT.fqdn,
        (owner, names) => `host name ${fqdn} matched ${names} (${owner.name})`,
        `host name ${fqdn}`,
      );
    }
    for (const short of hosts) {
      if (short.includes('.') || matchedShort.has(short)) continue;
      const rows = this.live(this.byShort.all({ h: short, lo: `${short}.`, hi: `${short}/` }) as AssetRow[]);
      if (rows.length === 0) continue;
      this.credit(
        rows,
        WEIGHT.shortName,
        (owner, names, shared) =>
          `host name ${short} matched ${names} (${owner.name})${shared > 1 ? `; ${shared - 1} other customer${shared > 2 ? 's have' : ' has'} one too` : ''}`,
        `host name ${short}`,
      );
    }
    this.domains(unmatchedFqdns);
  }

  /**
   * A host that is not in the catalog yet ("web99.acme.local") still tells whose it is when
   * other assets of one customer live in the same domain.
   */
  private domains(fqdns: readonly string[]): void {
    const seen = new Set<string>();
    const count = this.db.prepare(
      `SELECT customer_id, count(*) AS n FROM assets
        WHERE deleted_at IS NULL AND hostname LIKE ? ESCAPE '\\' GROUP BY customer_id ORDER BY n DESC`,
    );
    for (const fqdn of fqdns) {
      const domain = fqdn.slice(fqdn.indexOf('.') + 1);
      // A public suffix alone ("example.com" from "acme.example.com") is no customer's.
      if (!domain.includes('.') || seen.has(domain) || seen.size >= 5) {
        this.unknown.push(fqdn);
        continue;
      }
      seen.add(domain);
      const pattern = `%.${escapeLike(domain)}`;
      const owners = (count.all(pattern) as Array<{ customer_id: string; n: number }>).filter((o) =>
        this.customers.has(o.customer_id),
      );
      this.unknown.push(fqdn);
      if (owners.length === 0) continue;
      const share = WEIGHT.domain / owners.length;
      for (const o of owners) {
        const c = this.customers.get(o.customer_id);
        if (!c) continue;
        this.score(
          c,
          share,
          `${fqdn} is not in the catalog, but ${o.n} of ${possessive(c.name)} assets are in ${domain}`,
        );
      }
    }
  }

  /** Numbers written as whole tokens that are an asset's name, serial, circuit ID or asset tag (or a whole part of one). */
  identifiers(tokens: readonly string[]): void {
    if (tokens.length === 0) return;
    const byToken = this.db.prepare(INTAKE_SQL.byToken);
    const rows = this.db.prepare(INTAKE_SQL.identifierRows);
    for (const token of tokens) {
      const ids = (byToken.all(`"${token}"`) as Array<{ id: string }>).map((r) => r.id);
      if (ids.length === 0) continue;
      const found = (rows.all(JSON.stringify(ids)) as IdentifierRow[]).filter(
        (r) =>
          this.customers.has(r.customer_id) &&
          identifierValues(r).some((v) => v.split(/[^A-Za-z0-9]+/).includes(token)),
      );
      if (found.length === 0) continue;
      this.credit(
        found,
        WEIGHT.identifier,
        (owner, names) => `identifier ${token} is ${names} (${owner.name})`,
        `identifier ${token}`,
      );
    }
  }

  labels(labels: ParsedAlert['labels']): void {
    const keys = new Set<string>(CUSTOMER_LABEL_KEYS);
    const byCode = new Map<string, CustomerRow>();
    const byName = new Map<string, CustomerRow>();
    for (const c of this.customers.values()) {
      byCode.set(c.code.toLowerCase(), c);
      byName.set(normalize(c.name), c);
    }
    for (const l of labels) {
      if (!keys.has(l.key)) continue;
      const value = normalize(l.value);
      if (value === '') continue;
      const code = byCode.get(value);
      if (code) {
        this.score(
          code,
          WEIGHT.customerLabel,
          `label ${l.key}=${l.value} matched customer code ${code.code}`,
        );
        continue;
      }
      const named = byName.get(value) ?? byName.get(stripLegal(value));
      if (named) {
        this.score(named, WEIGHT.customerLabel, `label ${l.key}=${l.value} matched customer ${named.name}`);
        continue;
      }
      if (value.length < 3) continue;
      // "acme" for Acme Manufacturing: the label is the start of one or more names.
      const starts = [...this.customers.values()].filter((c) => normalize(c.name).startsWith(`${value} `));
      for (const c of starts)
        this.score(
          c,
          WEIGHT.customerLabelPhrase / starts.length,
          `label ${l.key}=${l.value} matched the start of customer name ${c.name}`,
        );
    }
  }

  /** Customer codes (as written, a whole word) and names (any case) in the alert's text. */
  mentions(text: string): void {
    const words = new Set(text.split(/[^A-Za-z0-9]+/).filter((w) => w.length >= 2));
    const lowerWords = new Set([...words].map((w) => w.toLowerCase()));
    let flat: string | null = null;
    for (const c of this.customers.values()) {
      const already = this.scores.get(c.id)?.why.some((w) => w.startsWith('label ')) ?? false;
      if (!already && c.code.length >= 2 && words.has(c.code)) {
        this.score(c, WEIGHT.codeInText, `customer code ${c.code} is in the alert`);
      }
      const name = normalize(c.name);
      const first = name.split(' ')[0] ?? '';
      if (already || name.length < 4 || !lowerWords.has(first)) continue;
      flat ??= ` ${normalize(text)} `;
      const short = stripLegal(name);
      if (flat.includes(` ${name} `) || (short.includes(' ') && flat.includes(` ${short} `)))
        this.score(c, WEIGHT.nameInText, `customer name "${c.name}" is in the alert`);
    }
  }

  result(alert: ParsedAlert): AlertMatch {
    const mentioned = new Set([...this.scores.values()].map((s) => s.customer.code.toLowerCase()));
    const ranked = [...this.scores.values()].sort(
      (a, b) =>
        b.score - a.score ||
        a.customer.name.localeCompare(b.customer.name) ||
        cmp(a.customer.id, b.customer.id),
    );
    const real = ranked.filter((s) => s.customer.kind === 'customer');
    const internal = ranked.filter((s) => s.customer.kind === 'internal');
    const why: string[] = [...alert.notes];
    let chosen: CustomerScore | null = null;
    const best = real[0];
    const next = real[1];
    if (best && best.score >= MIN_SCORE && (!next || best.score >= LEAD_FACTOR * next.score)) chosen = best;
    else if (!best && internal[0] && internal[0].score >= MIN_SCORE) chosen = internal[0];

    if (chosen) {
      why.push(...chosen.why);
      if (chosen.customer.kind === 'internal')
        why.push(
          `${chosen.customer.name} is the shared platform: check the blast radius and open an incident for each affected customer.`,
        );
    } else if (best) {
      const tied = real.filter((s) => s.score * LEAD_FACTOR > best.score).slice(0, 5);
      why.push(
        tied.length > 1
          ? `The alert matches ${tied.length > 4 ? 'several' : tied.length} customers about equally (${tied.map((s) => s.customer.code).join(', ')}${real.length > tied.length ? ', …' : ''}); pick the customer.`
          : `The alert matches ${best.customer.name} only weakly; pick the customer.`,
      );
    } else {
      why.push('No host name, address or customer in the alert matched the catalog; pick the customer.');
    }
    if (this.unknown.length > 0) {
      const shown = this.unknown.slice(0, 3).join(', ');
      why.push(
        `Not in the catalog: ${shown}${this.unknown.length > 3 ? ` and ${this.unknown.length - 3} more` : ''}.`,
      );
    }

    const keep = (customerId: string) =>
      (chosen !== null && customerId === chosen.customer.id) ||
      this.customers.get(customerId)?.kind === 'internal';
    const assets = [...this.hits.values()]
      .filter((h) => keep(h.row.customer_id))
      .sort((a, b) => b.strength - a.strength || a.order - b.order)
      .slice(0, MAX_ASSETS)
      .map((h) => ({ ...assetSummary(h.row), why: h.why.join('; ') }));

    const open = chosen
      ? this.openIncident(
          alert,
          chosen.customer.id,
          assets.map((a) => a.id),
        )
      : null;
    const proposal: IntakeNext =
      alert.state === 'resolved'
        ? open
          ? 'mark_restored'
          : 'nothing_open'
        : open
          ? 'attach_to_incident'
          : 'open_incident';
    if (alert.state === 'resolved')
      why.push(
        open
          ? `The alert says it is resolved${alert.alertAt ? ` at ${alert.alertAt}` : ''}: mark "${open.title}" restored.`
          : `The alert says it is resolved and ${chosen ? `${chosen.customer.name} has no matching open incident` : 'no open incident matches it'}: nothing to open.`,
      );
    else if (open)
      why.push(
        `"${open.title}" is already open for this alert (${open.why}): attach to it rather than open a duplicate.`,
      );

    return {
      format: alert.format,
      state: alert.state,
      title: alert.title,
      alertAt: alert.alertAt,
      timeZoneAssumed: alert.timeZoneAssumed,
      timeSource: alert.timeSource,
      severity: alert.severity,
      nativeSeverity: alert.nativeSeverity,
      severityDefaulted: alert.severityDefaulted,
      host: alert.host,
      fingerprint: alert.fingerprint,
      // A customer's code in a pager text ("PAGE ACME P1 …") is who, not what broke.
      symptoms: alert.symptoms.filter((w) => !mentioned.has(w)),
      customer: chosen ? ref(chosen.customer) : null,
      candidates: ranked
        // Once a customer is picked, a short name that half the book shares is no candidate.
        .filter((s) => s !== chosen && (chosen === null || s.score >= MIN_CANDIDATE_SCORE))
        .slice(0, MAX_CANDIDATES)
        .map((s) => ({ customer: ref(s.customer), score: round(s.score), why: [...s.why] })),
      assets,
      why,
      openIncident: open,
      next: proposal,
    };
  }

  /**
   * The customer's open incident this alert is about: the same asset (or neither names one)
   * and the same title or fingerprint. The newest wins.
   */
  private openIncident(
    alert: ParsedAlert,
    customerId: string,
    assetIds: readonly string[],
  ): AlertMatch['openIncident'] {
    const rows = this.db.prepare(INTAKE_SQL.openIncidents).all(customerId) as OpenIncidentRow[];
    const assets = new Set(assetIds);
    const title = normalize(alert.title);
    for (const r of rows) {
      const p = openedPayload(r.payload);
      const sameAsset =
        p.assetIds.some((id) => assets.has(id)) || (p.assetIds.length === 0 && assets.size === 0);
      if (!sameAsset) continue;
      const sameFingerprint = alert.fingerprint !== null && p.fingerprint === alert.fingerprint;
      const sameTitle = title !== '' && (normalize(r.title) === title || normalize(p.title) === title);
      if (!sameFingerprint && !sameTitle) continue;
      return {
        id: r.id,
        title: r.title,
        status: r.status,
        openedAt: r.opened_at,
        clockStartAt: p.clockStartAt ?? r.opened_at,
        why: [
          sameAsset && assets.size > 0 ? 'same asset' : 'same customer',
          sameFingerprint ? 'same alert fingerprint' : 'same title',
        ].join(', '),
      };
    }
    return null;
  }

  // -------------------------------------------------------------------------------------

  /** Rows of live customers only: a tombstoned customer's assets name nobody. */
  private live(rows: AssetRow[]): AssetRow[] {
    return rows.filter((r) => this.customers.has(r.customer_id));
  }

  /**
   * Credit the owners of `rows` with `weight`, split between them when the evidence names
   * assets of several customers, and remember each asset with why it matched.
   */
  private credit(
    rows: readonly AssetRow[],
    weight: number,
    line: (owner: CustomerRow, names: string, owners: number) => string,
    assetWhy: string,
  ): void {
    const byOwner = new Map<string, AssetRow[]>();
    for (const r of rows) byOwner.set(r.customer_id, [...(byOwner.get(r.customer_id) ?? []), r]);
    const share = weight / byOwner.size;
    for (const [ownerId, owned] of byOwner) {
      const owner = this.customers.get(ownerId);
      if (!owner) continue;
      this.score(owner, share, line(owner, assetNames(owned), byOwner.size));
      for (const r of owned) {
        const hit = this.hits.get(r.id);
        if (hit) {
          hit.strength = Math.max(hit.strength, share);
          if (!hit.why.includes(assetWhy)) hit.why.push(assetWhy);
        } else this.hits.set(r.id, { row: r, strength: share, order: this.hits.size, why: [assetWhy] });
      }
    }
  }

  private score(c: CustomerRow, weight: number, why: string): void {
    const s = this.scores.get(c.id) ?? { customer: c, score: 0, why: [] };
    s.score += weight;
    if (!s.why.includes(why)) s.why.push(why);
    this.scores.set(c.id, s);
  }
}

interface IdentifierRow extends AssetRow {
  readonly serial: string | null;
  readonly attributes: string;
}

interface OpenIncidentRow {
  readonly id: string;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly opened_at: string;
  readonly payload: string;
}

function identifierValues(r: IdentifierRow): string[] {
  const out = [r.name, r.hostname ?? '', r.serial ?? ''];
  try {
    const attrs: unknown = JSON.parse(r.attributes);
    if (typeof attrs === 'object' && attrs !== null && !Array.isArray(attrs))
      for (const [k, v] of Object.entries(attrs))
        if (IDENTIFIER_KEY.test(k) && (typeof v === 'string' || typeof v === 'number')) out.push(String(v));
  } catch {
    // Attributes that are not JSON name nothing.
  }
  return out;
}

/** What intake needs from an incident's 'opened' event; anything unreadable is left out. */
function openedPayload(raw: string): {
  title: string;
  assetIds: string[];
  clockStartAt: string | null;
  fingerprint: string | null;
} {
  let p: unknown;
  try {
    p = JSON.parse(raw);
  } catch {
    p = null;
  }
  const o = typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {};
  const alert = typeof o.alert === 'object' && o.alert !== null ? (o.alert as Record<string, unknown>) : {};
  return {
    title: typeof o.title === 'string' ? o.title : '',
    assetIds: Array.isArray(o.assetIds) ? o.assetIds.filter((x): x is string => typeof x === 'string') : [],
    clockStartAt: typeof o.clockStartAt === 'string' ? o.clockStartAt : null,
    fingerprint: typeof alert.fingerprint === 'string' ? alert.fingerprint : null,
  };
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

function assetNames(rows: readonly AssetRow[]): string {
  const names = [...new Set(rows.map((r) => r.name))];
  const shown = names.slice(0, NAMES_IN_WHY).join(', ');
  return names.length > NAMES_IN_WHY ? `${shown} and ${names.length - NAMES_IN_WHY} more` : shown;
}

function ref(c: CustomerRow): CustomerRef {
  return { id: c.id, code: c.code, name: c.name, tier: c.tier };
}

/** Lower case, punctuation as spaces, single spaces: how names are compared. */
function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim();
}

/** "acme manufacturing ltd" → "acme manufacturing": alerts rarely carry the legal form. */
function stripLegal(name: string): string {
  return name.replace(/ (?:ltd|limited|inc|llc|plc|gmbh|ag|bv|sa|co|corp|corporation|group|& co)$/, '');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
