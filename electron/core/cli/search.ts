/** `lifeline search QUERY --db PATH [--limit N] [--json]`. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LifelineError } from '../../../shared/api/result';
import type { SearchHit } from '../../../shared/catalog/schemas';
import { DEFAULT_SEARCH_LIMIT, searchCatalog } from '../search/query';
import { type CliIo, openCommandDatabase, UsageError } from './io';

export const SEARCH_HELP = `Usage: lifeline search QUERY --db PATH [--limit N] [--json]

Searches customers, assets (names, host names, IPs, serials, tags), contacts and vendors
with the same ranking as the console. Exact names, codes, host names and IPs come first;
the last word matches as a prefix. --limit is 1–200 (default ${DEFAULT_SEARCH_LIMIT}).
--json prints [{ "kind", "id", "title", "customer" }] in rank order, where customer is the
customer's name (null for vendors).`;

/** The API's limits, so the command accepts exactly what the console does. */
const MAX_QUERY = 200;
const MAX_LIMIT = 200;

export function searchCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  // Unquoted words are one query: `lifeline search esx01 nord` = "esx01 nord".
  const query = positionals.join(' ');
  if (query.trim() === '')
    throw new UsageError('search needs a QUERY, e.g. lifeline search esx01 --db PATH.');
  if (query.length > MAX_QUERY) throw new UsageError(`QUERY is at most ${MAX_QUERY} characters.`);
  if (!values.db) throw new UsageError('search needs --db PATH (the Lifeline database to search).');
  let limit = DEFAULT_SEARCH_LIMIT;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1 || Number(values.limit) > MAX_LIMIT)
      throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${values.limit}".`);
    limit = Number(values.limit);
  }
  const dbPath = path.resolve(values.db);
  // Opening a missing path would create an empty database: searching one says so instead.
  if (!fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0) {
    throw new LifelineError(
      'NOT_FOUND',
      `${dbPath} does not exist or is empty. Pass the path of a Lifeline database with --db.`,
    );
  }
  const { db } = openCommandDatabase(dbPath);
  let hits: SearchHit[];
  try {
    hits = searchCatalog(db, { query, limit });
  } finally {
    db.close();
  }
  if (values.json) {
    const rows = hits.map((h) => ({
      kind: h.kind,
      id: h.id,
      title: h.title,
      customer: h.customer?.name ?? null,
    }));
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (hits.length === 0) {
    io.out(`No matches for "${query.trim()}".`);
    return 0;
  }
  printTable(
    ['KIND', 'TITLE', 'CUSTOMER', 'DETAILS'],
    hits.map((h) => [h.kind, h.title, h.customer?.name ?? '—', h.subtitle ?? '']),
    io,
  );
  return 0;
}

/** Columns padded to their widest cell; the last one is left ragged. */
function printTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, io: CliIo): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  for (const r of all) {
    io.out(
      r
        .map((cell, i) =>
          i === r.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length),
        )
        .join('  ')
        .trimEnd(),
    );
  }
}
