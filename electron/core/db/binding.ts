/**
 * Which better_sqlite3.node to load. LIFELINE_SQLITE_BINDING is how a developer's desktop
 * app gets the driver built for Electron's ABI (build/scripts/electron-native.mjs). In a
 * packaged app it is ignored: there it would let anyone who can set an environment variable
 * load native code into Lifeline, past the fuses and the signature. The back end learns
 * whether it is packaged from the shell (the utility process's init message), never from
 * its environment.
 */
export function sqliteBindingOverride(
  env: Readonly<Record<string, string | undefined>>,
  opts: { readonly packaged: boolean },
): string | undefined {
  if (opts.packaged) return undefined;
  return env.LIFELINE_SQLITE_BINDING || undefined;
}
