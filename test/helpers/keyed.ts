import type { Db } from '../../electron/core/db/database';
import { connectFile } from '../../electron/core/db/driver';
import { commandLineKey } from '../../electron/core/db/keyStore';

/**
 * Opens a database that the CLI or `lifeline serve` made, with the key they keep next to it
 * (`<db>.key`), as a person with that key file would; a plaintext file opens as it is.
 */
export function openKeyed(file: string, opts: { readonly readonly?: boolean } = {}): Db {
  return connectFile(file, { key: commandLineKey(file, false) }, opts.readonly === true);
}
