/** What every CLI command gets: where to print, and the built renderer for `serve`. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Folder of the built renderer, next to the CLI bundle. */
  readonly staticDir: string;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}
