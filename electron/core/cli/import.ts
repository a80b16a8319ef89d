/** `lifeline import netbox FILE | csv FOLDER --db PATH [--dry-run]`. */
import { type CliIo, UsageError } from './io';

export const IMPORT_HELP = `Usage: lifeline import netbox FILE --db PATH [--dry-run]
       lifeline import csv FOLDER --db PATH [--dry-run]

netbox: a NetBox 3.x dump (manage.py dumpdata JSON). csv: a folder with one CSV file per
entity (customers.csv, assets.csv, contacts.csv, vendors.csv, ...). Re-importing the same
source updates in place. An import is one transaction: any error writes nothing, and the
error names the file, line or object and field. --dry-run shows what would change.`;

export function importCommand(_args: string[], _io: CliIo): number | Promise<number> {
  throw new UsageError('import is not built yet.');
}
