/**
 * `lifeline import netbox --url URL --token-env NAME [--ca FILE] [--restart]`: the token
 * from the environment, the read (with progress on stderr and the resumable cursor), and
 * the plan, which import.ts applies like a dump's. Nothing touches the database until every
 * page has been read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LifelineError } from '../../../shared/api/result';
import { commandLineKey } from '../db/keyStore';
import { makeFolders } from '../db/permissions';
import { planNetbox } from '../imports/netbox';
import { NETBOX_ENDPOINTS, type NetboxReadState, netboxBase, readNetboxApi } from '../imports/netboxApi';
import { cursorPath, dropCursor, loadCursor, saveCursor } from '../imports/netboxCursor';
import { LinkRefused, readFileNoFollow } from '../imports/noFollow';
import type { ImportPlan } from '../imports/plan';
import { type CliIo, UsageError } from './io';

export interface NetboxApiArgs {
  readonly url: string;
  readonly tokenEnv: string | undefined;
  readonly ca: string | undefined;
  readonly restart: boolean;
  readonly pageSize: number | undefined;
}

function tokenFrom(name: string | undefined): string {
  if (!name)
    throw new UsageError(
      'import netbox --url needs --token-env NAME, the environment variable that holds a NetBox API token (a token is never taken on the command line).',
    );
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new UsageError(
      `--token-env takes the name of an environment variable (such as NETBOX_TOKEN), not "${name}".`,
    );
  const token = process.env[name]?.trim();
  if (!token)
    throw new LifelineError(
      'VALIDATION',
      `${name} is not set or is empty: export ${name}=<a NetBox API token> first (ideally a token without write permission: Lifeline only reads). It is read from the environment only and never stored. Nothing was written.`,
    );
  return token;
}

function caFrom(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileNoFollow(path.resolve(file));
  } catch (err) {
    if (err instanceof LinkRefused) throw new UsageError(err.message);
    throw new UsageError(`--ca ${file} cannot be read (${(err as Error).message}).`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(
      `--ca ${file} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"): give the CA's certificate.`,
    );
  return text;
}

const objectCount = (state: NetboxReadState) =>
  Object.values(state.endpoints).reduce((n, e) => n + e.results.length, 0);

export async function readFromNetbox(
  args: NetboxApiArgs,
  dbPath: string,
  io: CliIo,
): Promise<{ plan: ImportPlan; what: string }> {
  const base = netboxBase(args.url);
  const token = tokenFrom(args.tokenEnv);
  const ca = caFrom(args.ca);
  const file = cursorPath(dbPath);
  if (args.restart) dropCursor(file);
  const loaded = loadCursor(file, fs.existsSync(file) ? commandLineKey(dbPath, false) : null, base);
  if (loaded.kind === 'ignored')
    io.err(`netbox: not continuing from ${file}: ${loaded.why}; reading everything.`);
  if (loaded.kind === 'resumed')
    io.err(
      `netbox: continuing the read saved at ${loaded.savedAt} (${loaded.objects} objects; --restart reads everything again)`,
    );
  const state: NetboxReadState = loaded.kind === 'resumed' ? loaded.state : { url: base, endpoints: {} };

  const save = (): string | null => {
    const n = objectCount(state);
    if (n === 0) return null;
    makeFolders(path.dirname(dbPath));
    const key = commandLineKey(dbPath);
    if (!key) return null;
    saveCursor(file, key, state);
    return `The ${n} objects read so far are kept in ${file} (encrypted): the same command continues where this one stopped.`;
  };
  // Ctrl-C while reading keeps what was read, as a failure does.
  const onSignal = () => {
    const saved = save();
    io.err(`netbox: interrupted; nothing was written.${saved ? ` ${saved}` : ''}`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  const started = performance.now();
  let read: Awaited<ReturnType<typeof readNetboxApi>>;
  try {
    read = await readNetboxApi({
      url: base,
      token,
      ...(ca ? { ca } : {}),
      ...(args.pageSize ? { pageSize: args.pageSize } : {}),
      state,
      onProgress: (line) => io.err(`netbox: ${line}`),
    });
  } catch (err) {
    const saved = save();
    if (saved && err instanceof LifelineError) throw new LifelineError(err.code, `${err.message} ${saved}`);
    throw err;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  dropCursor(file);
  const host = new URL(base).host;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  io.err(
    `netbox: read ${read.objects.length} objects from ${host} (NetBox ${read.version ?? 'version unknown'}) in ${read.pages} pages, ${seconds} s`,
  );
  const plan = planNetbox(`NetBox ${host}`, read.objects);
  if (read.missing.length > 0)
    plan.warnings.push(
      `This NetBox has no ${read.missing.map((m) => `/api/${m}/`).join(', ')} (404; older NetBox versions lack some, e.g. contacts before 3.1): those objects were not read.`,
    );
  const all = NETBOX_ENDPOINTS.length;
  return { plan, what: `${base} (${all - read.missing.length} of ${all} endpoints)` };
}
