/**
 * Turns an import plan into changes: first a read-only pass that matches every record to
 * the row it updates (by source id, else by natural key), resolves references and finds
 * what would change; only when that pass found no problem does one write transaction run.
 * A refused import therefore never opens a write transaction, so even the WAL is untouched.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { LifelineError } from '../../../shared/api/result';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { recordChange } from '../db/changeLog';
import type { Db } from '../db/database';
import {
  type AssetRef,
  type Columns,
  type CustomerRef,
  ENTITY_ORDER,
  type EntityName,
  type EnvironmentRef,
  type ImportPlan,
  Problems,
  type SiteRef,
  type SqlValue,
  type VendorRef,
} from './plan';

type Row = Record<string, SqlValue>;

interface TableInfo {
  readonly table: string;
  /** The entity name written to change_log. */
  readonly logEntity: string;
  readonly hasSource: boolean;
}

const TABLES: Readonly<Record<EntityName, TableInfo>> = {
  customers: { table: 'customers', logEntity: 'customer', hasSource: true },
  vendors: { table: 'vendors', logEntity: 'vendor', hasSource: true },
  sites: { table: 'sites', logEntity: 'site', hasSource: true },
  environments: { table: 'environments', logEntity: 'environment', hasSource: false },
  assets: { table: 'assets', logEntity: 'asset', hasSource: true },
  links: { table: 'asset_links', logEntity: 'asset_link', hasSource: false },
  contacts: { table: 'contacts', logEntity: 'contact', hasSource: true },
  contracts: { table: 'support_contracts', logEntity: 'contract', hasSource: false },
  windows: { table: 'maintenance_windows', logEntity: 'maintenance_window', hasSource: false },
};

interface Op {
  readonly entity: EntityName;
  readonly action: 'create' | 'update' | 'delete';
  readonly id: string;
  /** create: every column; update: the changed columns; delete: none. */
  readonly cols: Columns;
  /** update/delete: the version read, so a row changed meanwhile is refused. */
  readonly baseVersion: number;
  /** update: each changed column as {from, to}, the change_log form the editors write too. */
  readonly changes?: Readonly<Record<string, { from: SqlValue; to: SqlValue }>>;
}

export interface EntityCounts {
  created: number;
  updated: number;
  /** Matched an existing row and nothing changed ("unchanged"). */
  skipped: number;
  /** Left out by the reader on purpose (ImportPlan.skipped): never "unchanged". */
  leftOut: number;
}

export interface ApplyOptions {
  readonly dryRun: boolean;
  readonly author: string;
  readonly now: string;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export interface ApplyResult {
  readonly counts: ReadonlyMap<EntityName, EntityCounts>;
  readonly warnings: readonly string[];
  /** Records looked at, for rows/s. */
  readonly records: number;
}

const lower = (s: string) => s.trim().toLowerCase();

function guessEnvironmentKind(name: string): string {
  if (/\b(dr|disaster|recovery|failover)\b/i.test(name)) return 'dr';
  if (/\b(test|dev|development|staging|qa|uat|lab)\b/i.test(name)) return 'test';
  return 'production';
}

/** Runs the plan against the database; throws a VALIDATION LifelineError listing every problem. */
export function applyPlan(db: Db, plan: ImportPlan, opts: ApplyOptions): ApplyResult {
  const resolver = new Resolver(db, plan);
  const ops = resolver.resolve(opts.onProgress);
  const counts = resolver.counts;
  const warnings = [...plan.warnings, ...resolver.warnings];
  if (!opts.dryRun && ops.length > 0) write(db, ops, opts);
  return { counts, warnings, records: resolver.records };
}

class Resolver {
  readonly counts = new Map<EntityName, EntityCounts>();
  readonly warnings: string[] = [];
  records = 0;
  private readonly ops: Op[] = [];
  private readonly problems = new Problems();
  private readonly stmts = new Map<string, Database.Statement<SqlValue[]>>();
  private readonly sourceRows = new Map<string, Map<string, Row>>();
  /** Existing rows already claimed by a planned record, per entity: id → origin. */
  private readonly claimed = new Map<string, string>();
  private readonly idByKey = new Map<string, string>();
  private readonly customerByCode = new Map<string, string>();
  private readonly codeOrigin = new Map<string, string>();
  private readonly vendorByName = new Map<string, string>();
  /** customerId|name → id, for sites, environments, assets, contacts, windows made by this plan. */
  private readonly byCustomerName = new Map<string, string>();
  private readonly naturalOrigin = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly plan: ImportPlan,
  ) {
    for (const e of ENTITY_ORDER)
      this.counts.set(e, { created: 0, updated: 0, skipped: 0, leftOut: plan.skipped[e] ?? 0 });
  }

  private get(sql: string, ...params: SqlValue[]): Row | undefined {
    return this.prepare(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: SqlValue[]): Row[] {
    return this.prepare(sql).all(...params) as Row[];
  }

  private prepare(sql: string): Database.Statement<SqlValue[]> {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare<SqlValue[]>(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private count(entity: EntityName): EntityCounts {
    const c = this.counts.get(entity);
    if (!c) throw new Error(`no counts for ${entity}`);
    return c;
  }

  /** Live rows of one table from one source, by source id: loaded once per table and source. */
  private bySource(entity: EntityName, source: string, sourceId: string): Row | undefined {
    const { table } = TABLES[entity];
    const cacheKey = `${table}\u0000${source}`;
    let rows = this.sourceRows.get(cacheKey);
    if (!rows) {
      rows = new Map();
      for (const r of this.all(
        `SELECT * FROM ${table} WHERE source = ? AND source_id IS NOT NULL AND deleted_at IS NULL`,
        source,
      )) {
        rows.set(String(r.source_id), r);
      }
      this.sourceRows.set(cacheKey, rows);
    }
    return rows.get(sourceId);
  }

  resolve(onProgress: ApplyOptions['onProgress']): Op[] {
    const p = this.plan;
    const total =
      p.customers.length +
      p.vendors.length +
      p.sites.length +
      p.environments.length +
      p.assets.length +
      p.links.length +
      p.contacts.length +
      p.contracts.length +
      p.windows.length;
    let done = 0;
    const step = Math.max(1, Math.floor(total / 20));
    const tick = () => {
      done++;
      this.records++;
      if (onProgress && (done % step === 0 || done === total)) onProgress('checking', done, total);
    };
    for (const c of p.customers) {
      this.customer(c);
      tick();
    }
    for (const v of p.vendors) {
      this.vendor(v);
      tick();
    }
    for (const s of p.sites) {
      this.site(s);
      tick();
    }
    for (const e of p.environments) {
      this.environmentRecord(e);
      tick();
    }
    for (const a of p.assets) {
      this.asset(a);
      tick();
    }
    const linkKeys = new Set<string>();
    for (const l of p.links) {
      this.link(l, linkKeys);
      tick();
    }
    if (p.ownsLinksOfSource) this.staleLinks(p.ownsLinksOfSource, linkKeys);
    for (const c of p.contacts) {
      this.contact(c);
      tick();
    }
    for (const c of p.contracts) {
      this.contract(c);
      tick();
    }
    for (const w of p.windows) {
      this.window(w);
      tick();
    }
    this.problems.throwIfAny();
    return this.ops;
  }

  /** Records a create, or compares with the existing row and records an update or a skip. */
  private upsert(
    entity: EntityName,
    origin: string,
    key: string,
    existing: Row | undefined,
    values: Columns,
    createCols: Columns,
  ): string {
    if (existing) {
      const id = String(existing.id);
      const claimKey = `${entity}\u0000${id}`;
      const first = this.claimed.get(claimKey);
      if (first) {
        this.problems.add(`${origin}: is the same ${TABLES[entity].logEntity} as ${first}`);
        return id;
      }
      this.claimed.set(claimKey, origin);
      this.idByKey.set(key, id);
      const changed: Record<string, SqlValue> = {};
      const changes: Record<string, { from: SqlValue; to: SqlValue }> = {};
      for (const [col, value] of Object.entries(values)) {
        const before = existing[col] ?? null;
        if (before !== value) {
          changed[col] = value;
          changes[col] = { from: before, to: value };
        }
      }
      if (Object.keys(changed).length === 0) this.count(entity).skipped++;
      else {
        const baseVersion = Number(existing.version);
        this.ops.push({ entity, action: 'update', id, cols: changed, baseVersion, changes });
        this.count(entity).updated++;
      }
      return id;
    }
    const id = uuidv7();
    this.idByKey.set(key, id);
    this.ops.push({ entity, action: 'create', id, cols: { ...createCols, ...values }, baseVersion: 0 });
    this.count(entity).created++;
    return id;
  }

  /** Two records of the plan with the same natural key would make duplicates: refuse. */
  private once(naturalKey: string, origin: string, what: string): boolean {
    const first = this.naturalOrigin.get(naturalKey);
    if (first) {
      this.problems.add(`${origin}: duplicate ${what} (also at ${first})`);
      return false;
    }
    this.naturalOrigin.set(naturalKey, origin);
    return true;
  }

  private sourceCols(r: { source: string | null; sourceId: string | null }): Columns {
    return { source: r.source, source_id: r.sourceId };
  }

  private customer(c: ImportPlan['customers'][number]): void {
    if (c.sourceId && !this.once(`customer-src\u0000${c.source}\u0000${c.sourceId}`, c.origin, 'source_id'))
      return;
    const existing = c.sourceId
      ? this.bySource('customers', c.source ?? '', c.sourceId)
      : this.get('SELECT * FROM customers WHERE code = ? AND deleted_at IS NULL', c.code);
    const values = { ...c.values };
    let code = existing ? String(existing.code) : c.code;
    if ('code' in values) code = String(values.code);
    const codeChanges = !existing || code !== existing.code;
    if (codeChanges) {
      const taken = (candidate: string) => {
        if (this.customerByCode.has(candidate)) return this.codeOrigin.get(candidate) ?? 'this import';
        const row = this.get(
          'SELECT id, name, source FROM customers WHERE code = ? AND deleted_at IS NULL',
          candidate,
        );
        return row && row.id !== existing?.id
          ? `customer "${String(row.name)}" already in the database${row.source ? ` (source ${String(row.source)})` : ''}`
          : null;
      };
      const holder = taken(code);
      if (holder) {
        if (c.onCodeTaken === 'error' || existing) {
          this.problems.add(
            `${c.origin}, field code: duplicate code ${code}, already used by ${holder}` +
              (c.sourceId ? '; leave source_id empty to update that customer by its code' : ''),
          );
          return;
        }
        let n = 2;
        let candidate = `${code.slice(0, 10)}-${n}`;
        while (taken(candidate)) candidate = `${code.slice(0, 10)}-${++n}`;
        this.warnings.push(`${c.origin}: code ${code} is taken by ${holder}; imported as ${candidate}.`);
        code = candidate;
      }
    }
    const createCols: Columns = { ...c.createOnly, ...this.sourceCols(c), code };
    if (!existing) values.code = code;
    const id = this.upsert('customers', c.origin, c.key, existing, values, createCols);
    this.customerByCode.set(code, id);
    this.codeOrigin.set(code, c.origin);
  }

  private resolveCustomer(ref: CustomerRef, origin: string): string | null {
    if ('key' in ref) {
      const id = this.idByKey.get(ref.key);
      if (!id) this.problems.add(`${origin}: refers to a customer that could not be imported`);
      return id ?? null;
    }
    const planned = this.customerByCode.get(ref.code);
    if (planned) return planned;
    const row = this.get('SELECT id FROM customers WHERE code = ? AND deleted_at IS NULL', ref.code);
    if (row) return String(row.id);
    this.problems.add(
      `${origin}, field ${ref.field}: unknown customer code "${ref.code}" (not in customers.csv nor in the database)`,
    );
    return null;
  }

  private vendor(v: ImportPlan['vendors'][number]): void {
    if (
      !this.once(
        `vendor\u0000${v.sourceId ? `${v.source}:${v.sourceId}` : lower(v.name)}`,
        v.origin,
        'vendor',
      )
    )
      return;
    const existing = v.sourceId
      ? this.bySource('vendors', v.source ?? '', v.sourceId)
      : this.get(
          'SELECT * FROM vendors WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
          v.name.trim(),
        );
    const id = this.upsert('vendors', v.origin, v.key, existing, v.values, {
      ...v.createOnly,
      ...this.sourceCols(v),
    });
    if (!this.vendorByName.has(lower(v.name))) this.vendorByName.set(lower(v.name), id);
  }

  private resolveVendor(ref: VendorRef, origin: string): string | null {
    if ('key' in ref) {
      const id = this.idByKey.get(ref.key);
      if (!id) this.problems.add(`${origin}: refers to a vendor that could not be imported`);
      return id ?? null;
    }
    const planned = this.vendorByName.get(lower(ref.name));
    if (planned) return planned;
    const row = this.get(
      'SELECT id FROM vendors WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
      ref.name.trim(),
    );
    if (row) return String(row.id);
    this.problems.add(
      `${origin}, field ${ref.field}: unknown vendor "${ref.name}" (not in vendors.csv nor in the database)`,
    );
    return null;
  }

  private site(s: ImportPlan['sites'][number]): void {
    const customerId = this.resolveCustomer(s.customer, s.origin);
    if (!customerId) return;
    const natural = `site\u0000${customerId}\u0000${lower(s.name)}`;
    if (!this.once(s.sourceId ? `site-src\u0000${s.source}\u0000${s.sourceId}` : natural, s.origin, 'site'))
      return;
    const existing = s.sourceId
      ? this.bySource('sites', s.source ?? '', s.sourceId)
      : this.get(
          'SELECT * FROM sites WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
          customerId,
          s.name.trim(),
        );
    const id = this.upsert(
      'sites',
      s.origin,
      s.key,
      existing,
      { ...s.values, customer_id: customerId },
      { ...s.createOnly, ...this.sourceCols(s) },
    );
    if (!this.byCustomerName.has(natural)) this.byCustomerName.set(natural, id);
  }

  private resolveSite(ref: SiteRef, customerId: string, origin: string): string | null {
    if ('key' in ref) {
      const id = this.idByKey.get(ref.key);
      if (!id) this.problems.add(`${origin}: refers to a site that could not be imported`);
      return id ?? null;
    }
    const planned = this.byCustomerName.get(`site\u0000${customerId}\u0000${lower(ref.name)}`);
    if (planned) return planned;
    const row = this.get(
      'SELECT id FROM sites WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
      customerId,
      ref.name.trim(),
    );
    if (row) return String(row.id);
    this.problems.add(
      `${origin}, field ${ref.field}: unknown site "${ref.name}" for this customer (add it to sites.csv)`,
    );
    return null;
  }

  private environmentRecord(e: ImportPlan['environments'][number]): void {
    const customerId = this.resolveCustomer(e.customer, e.origin);
    if (!customerId) return;
    const natural = `environment\u0000${customerId}\u0000${lower(e.name)}`;
    if (!this.once(natural, e.origin, 'environment')) return;
    const siteId = e.site ? this.resolveSite(e.site, customerId, e.origin) : null;
    const existing = this.get(
      'SELECT * FROM environments WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
      customerId,
      e.name.trim(),
    );
    const values: Record<string, SqlValue> = { ...e.values, customer_id: customerId };
    if (e.site) values.site_id = siteId;
    const id = this.upsert('environments', e.origin, e.key, existing, values, {
      kind: guessEnvironmentKind(e.name),
      site_id: null,
      ...e.createOnly,
    });
    this.byCustomerName.set(natural, id);
  }

  /** An environment named by an asset: found, or made (its kind guessed from the name). */
  private resolveEnvironment(ref: EnvironmentRef, customerId: string): string {
    const natural = `environment\u0000${customerId}\u0000${lower(ref.name)}`;
    const known = this.byCustomerName.get(natural);
    if (known) return known;
    const row = this.get(
      'SELECT id FROM environments WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
      customerId,
      ref.name.trim(),
    );
    if (row) {
      this.byCustomerName.set(natural, String(row.id));
      this.count('environments').skipped++;
      return String(row.id);
    }
    const id = uuidv7();
    this.ops.push({
      entity: 'environments',
      action: 'create',
      id,
      cols: {
        customer_id: customerId,
        site_id: null,
        name: ref.name.trim(),
        kind: guessEnvironmentKind(ref.name),
      },
      baseVersion: 0,
    });
    this.count('environments').created++;
    this.byCustomerName.set(natural, id);
    return id;
  }

  private asset(a: ImportPlan['assets'][number]): void {
    const customerId = this.resolveCustomer(a.customer, a.origin);
    if (!customerId) return;
    const natural = `asset\u0000${customerId}\u0000${lower(a.name)}`;
    if (!a.sourceId && !this.once(natural, a.origin, 'asset name for this customer; give each a source_id'))
      return;
    if (a.sourceId && !this.once(`asset-src\u0000${a.source}\u0000${a.sourceId}`, a.origin, 'source_id'))
      return;
    let existing: Row | undefined;
    if (a.sourceId) existing = this.bySource('assets', a.source ?? '', a.sourceId);
    else {
      const rows = this.all(
        'SELECT * FROM assets WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL LIMIT 2',
        customerId,
        a.name.trim(),
      );
      if (rows.length > 1) {
        this.problems.add(
          `${a.origin}, field name: the customer has several assets named "${a.name}"; give the row a source/source_id to say which`,
        );
        return;
      }
      existing = rows[0];
    }
    const values: Record<string, SqlValue> = { ...a.values, customer_id: customerId };
    if (a.site) values.site_id = this.resolveSite(a.site, customerId, a.origin);
    if (a.environment) values.environment_id = this.resolveEnvironment(a.environment, customerId);
    if (a.vendor) values.vendor_id = this.resolveVendor(a.vendor, a.origin);
    const id = this.upsert('assets', a.origin, a.key, existing, values, {
      ...a.createOnly,
      ...this.sourceCols(a),
    });
    // Links name assets within a customer; the first of a name wins, as a person would expect.
    if (!this.byCustomerName.has(natural)) this.byCustomerName.set(natural, id);
  }

  private resolveAsset(ref: AssetRef, origin: string): string | null {
    if ('key' in ref) {
      const id = this.idByKey.get(ref.key);
      if (!id) this.problems.add(`${origin}: refers to an asset that could not be imported`);
      return id ?? null;
    }
    const customerId = this.resolveCustomer(ref.customer, origin);
    if (!customerId) return null;
    const planned = this.byCustomerName.get(`asset\u0000${customerId}\u0000${lower(ref.name)}`);
    if (planned) return planned;
    const rows = this.all(
      'SELECT id FROM assets WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL LIMIT 2',
      customerId,
      ref.name.trim(),
    );
    if (rows.length === 1 && rows[0]) return String(rows[0].id);
    this.problems.add(
      rows.length > 1
        ? `${origin}, field ${ref.field}: several assets of that customer are named "${ref.name}"`
        : `${origin}, field ${ref.field}: unknown asset "${ref.name}" for that customer`,
    );
    return null;
  }

  private link(l: ImportPlan['links'][number], planned: Set<string>): void {
    const from = this.resolveAsset(l.from, l.origin);
    const to = this.resolveAsset(l.to, l.origin);
    if (!from || !to) return;
    if (from === to) {
      this.problems.add(
        `${l.origin}: an asset cannot ${l.kind === 'runs_on' ? 'run on' : 'depend on'} itself`,
      );
      return;
    }
    const key = `${from}\u0000${to}\u0000${l.kind}`;
    // The same link named twice by the source is one link, already counted once.
    if (planned.has(key)) return;
    planned.add(key);
    const existing = this.get(
      'SELECT * FROM asset_links WHERE from_asset_id = ? AND to_asset_id = ? AND kind = ? AND deleted_at IS NULL',
      from,
      to,
      l.kind,
    );
    this.upsert(
      'links',
      l.origin,
      l.key,
      existing,
      { from_asset_id: from, to_asset_id: to, kind: l.kind },
      {},
    );
  }

  /** Links between two assets of a source that owns its links, which it no longer has. */
  private staleLinks(source: string, planned: ReadonlySet<string>): void {
    const rows = this.all(
      `SELECT l.id, l.from_asset_id, l.to_asset_id, l.kind, l.version FROM asset_links l
         JOIN assets f ON f.id = l.from_asset_id JOIN assets t ON t.id = l.to_asset_id
        WHERE l.deleted_at IS NULL AND f.source = ? AND t.source = ?`,
      source,
      source,
    );
    let removed = 0;
    for (const r of rows) {
      if (planned.has(`${String(r.from_asset_id)}\u0000${String(r.to_asset_id)}\u0000${String(r.kind)}`))
        continue;
      this.ops.push({
        entity: 'links',
        action: 'delete',
        id: String(r.id),
        cols: {},
        baseVersion: Number(r.version),
      });
      this.count('links').updated++;
      removed++;
    }
    if (removed > 0)
      this.warnings.push(`${removed} runs-on/depends-on links no longer in ${source} were removed.`);
  }

  private contact(c: ImportPlan['contacts'][number]): void {
    const customerId = this.resolveCustomer(c.customer, c.origin);
    if (!customerId) return;
    const natural = `contact\u0000${customerId}\u0000${lower(c.name)}`;
    if (
      !this.once(
        c.sourceId ? `contact-src\u0000${c.source}\u0000${c.sourceId}` : natural,
        c.origin,
        'contact',
      )
    )
      return;
    const existing = c.sourceId
      ? this.bySource('contacts', c.source ?? '', c.sourceId)
      : this.get(
          'SELECT * FROM contacts WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
          customerId,
          c.name.trim(),
        );
    this.upsert(
      'contacts',
      c.origin,
      c.key,
      existing,
      { ...c.values, customer_id: customerId },
      { ...c.createOnly, ...this.sourceCols(c) },
    );
  }

  private contract(c: ImportPlan['contracts'][number]): void {
    const customerId = this.resolveCustomer(c.customer, c.origin);
    const vendorId = this.resolveVendor(c.vendor, c.origin);
    if (!customerId || !vendorId) return;
    const number = c.contractNumber ?? '';
    if (
      !this.once(`contract\u0000${customerId}\u0000${vendorId}\u0000${lower(number)}`, c.origin, 'contract')
    )
      return;
    const existing = this.get(
      `SELECT * FROM support_contracts WHERE customer_id = ? AND vendor_id = ? AND coalesce(contract_number, '') = ?
          AND deleted_at IS NULL ORDER BY created_at LIMIT 1`,
      customerId,
      vendorId,
      number,
    );
    this.upsert(
      'contracts',
      c.origin,
      c.key,
      existing,
      { ...c.values, customer_id: customerId, vendor_id: vendorId, contract_number: c.contractNumber },
      c.createOnly,
    );
  }

  private window(w: ImportPlan['windows'][number]): void {
    const customerId = this.resolveCustomer(w.customer, w.origin);
    if (!customerId) return;
    if (!this.once(`window\u0000${customerId}\u0000${lower(w.name)}`, w.origin, 'maintenance window name'))
      return;
    const existing = this.get(
      'SELECT * FROM maintenance_windows WHERE customer_id = ? AND name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
      customerId,
      w.name.trim(),
    );
    this.upsert(
      'windows',
      w.origin,
      w.key,
      existing,
      { ...w.values, customer_id: customerId, name: w.name.trim() },
      w.createOnly,
    );
  }
}

/**
 * The one write transaction: every op, each with its change_log entry in the form the
 * editors write (a create: the whole row; an update: {column: {from, to}} and version).
 */
function write(db: Db, ops: readonly Op[], opts: ApplyOptions): void {
  const stmts = new Map<string, Database.Statement<SqlValue[]>>();
  const run = (sql: string, ...params: SqlValue[]) => {
    let s = stmts.get(sql);
    if (!s) {
      s = db.prepare<SqlValue[]>(sql);
      stmts.set(sql, s);
    }
    return s.run(...params);
  };
  const step = Math.max(1, Math.floor(ops.length / 20));
  db.transaction(() => {
    ops.forEach((op, i) => {
      const { table, logEntity } = TABLES[op.entity];
      const names = Object.keys(op.cols);
      const params = names.map((n) => op.cols[n] ?? null);
      const version = { from: op.baseVersion, to: op.baseVersion + 1 };
      let payload: Record<string, unknown>;
      switch (op.action) {
        case 'create':
          run(
            `INSERT INTO ${table} (id, ${names.join(', ')}, created_at, updated_at, version)
             VALUES (?, ${names.map(() => '?').join(', ')}, ?, ?, 1)`,
            op.id,
            ...params,
            opts.now,
            opts.now,
          );
          payload = {
            id: op.id,
            ...op.cols,
            created_at: opts.now,
            updated_at: opts.now,
            deleted_at: null,
            version: 1,
          };
          break;
        case 'update': {
          const r = run(
            `UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')}, updated_at = ?, version = version + 1
              WHERE id = ? AND version = ? AND deleted_at IS NULL`,
            ...params,
            opts.now,
            op.id,
            op.baseVersion,
          );
          if (r.changes !== 1) throw changedMeanwhile(logEntity);
          payload = { ...op.changes, version };
          break;
        }
        case 'delete': {
          const r = run(
            `UPDATE ${table} SET deleted_at = ?, updated_at = ?, version = version + 1
              WHERE id = ? AND version = ? AND deleted_at IS NULL`,
            opts.now,
            opts.now,
            op.id,
            op.baseVersion,
          );
          if (r.changes !== 1) throw changedMeanwhile(logEntity);
          payload = { deleted_at: { from: null, to: opts.now }, version };
          break;
        }
      }
      recordChange({ db, now: opts.now, author: opts.author }, logEntity, op.id, op.action, payload);
      if (opts.onProgress && ((i + 1) % step === 0 || i + 1 === ops.length))
        opts.onProgress('writing', i + 1, ops.length);
    });
  })();
}

function changedMeanwhile(entity: string): LifelineError {
  return new LifelineError(
    'CONFLICT',
    `A ${entity} was changed by someone else while the import ran; nothing was written. Import again.`,
  );
}
