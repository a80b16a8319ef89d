/** `lifeline search QUERY --db PATH [--limit N] [--json]`. */
import { type CliIo, UsageError } from './io';

export const SEARCH_HELP = `Usage: lifeline search QUERY --db PATH [--limit N] [--json]

Searches customers, assets (names, host names, IPs, serials, tags), contacts and vendors
with the same ranking as the console. --json prints [{ "kind", "id", "title", "customer" }]
in rank order.`;

export function searchCommand(_args: string[], _io: CliIo): number {
  throw new UsageError('search is not built yet.');
}
