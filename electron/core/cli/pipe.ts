/**
 * Writing to stdout and stderr when the reader may have gone away (`lifeline doctor | head -1`).
 * Node ignores SIGPIPE, so a closed pipe arrives as an EPIPE 'error' event, which, unhandled,
 * prints a stack trace and exits 1. Here a closed pipe only stops the output: the command
 * finishes what it was doing (a transaction is never cut short by a pager) and exits with
 * its usual code.
 */

interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

export function guardedWriter(stream: OutputStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err) => {
    closed = true;
    // Anything but a reader that left (a full disk under a redirect, say) lost output.
    if (err.code !== 'EPIPE') process.exitCode = 1;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
