/**
 * Reaching central: the address (a postgres:// URL without its password), TLS as libpq's
 * sslmode means it, and failures sorted into offline (try later), denied (a person must act)
 * and anything else, each with a message that says what to try.
 */
import fs from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { LifelineError } from '../../../shared/api/result';
import type { CentralConfig, SslMode } from '../../../shared/sync/model';

export interface ParsedCentralUrl {
  readonly config: CentralConfig;
  /** A password written into the URL (used for that run only, never stored). */
  readonly password: string | null;
}

const SSL_MODES: readonly string[] = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

export function parseCentralUrl(
  raw: string,
  overrides: { sslmode?: SslMode; caFile?: string | null } = {},
): ParsedCentralUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new LifelineError(
      'VALIDATION',
      `"${raw}" is not a URL. Write it as postgres://USER@HOST:5432/DATABASE (ask your team lead for it).`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new LifelineError(
      'VALIDATION',
      `The central URL must start with postgres://, not ${url.protocol}//.`,
    );
  }
  if (!url.hostname)
    throw new LifelineError('VALIDATION', 'The central URL has no host: postgres://USER@HOST/DATABASE.');
  const user = decodeURIComponent(url.username);
  if (!user) {
    throw new LifelineError(
      'VALIDATION',
      'The central URL has no user: put your own PostgreSQL role before the @ (postgres://YOU@HOST/DATABASE).',
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new LifelineError(
      'VALIDATION',
      'The central URL names no database: add it after the host (…:5432/lifeline).',
    );
  }
  const port = url.port === '' ? 5432 : Number(url.port);
  const fromUrl = url.searchParams.get('sslmode');
  if (fromUrl !== null && !SSL_MODES.includes(fromUrl)) {
    throw new LifelineError('VALIDATION', `sslmode=${fromUrl} is not one of ${SSL_MODES.join(', ')}.`);
  }
  const sslmode = overrides.sslmode ?? (fromUrl as SslMode | null) ?? 'prefer';
  const caFile = overrides.caFile !== undefined ? overrides.caFile : url.searchParams.get('sslrootcert');
  if ((sslmode === 'verify-ca' || sslmode === 'verify-full') && !caFile) {
    throw new LifelineError(
      'VALIDATION',
      `sslmode ${sslmode} checks central's certificate against a CA: give the CA file (the PEM your team lead gave you).`,
    );
  }
  return {
    config: {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port,
      database,
      user,
      sslmode,
      caFile: caFile ?? null,
    },
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}

/** The URL as shown and stored: never with a password. */
export function describeCentral(c: CentralConfig): string {
  return `postgres://${encodeURIComponent(c.user)}@${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}/${encodeURIComponent(c.database)}`;
}

function tlsOptions(c: CentralConfig): ConnectionOptions | false {
  if (c.sslmode === 'disable') return false;
  let ca: string | undefined;
  if (c.caFile) {
    try {
      ca = fs.readFileSync(c.caFile, 'utf8');
    } catch (e) {
      throw new LifelineError(
        'VALIDATION',
        `The CA file ${c.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}). Check the path in the Sync settings.`,
      );
    }
  }
  switch (c.sslmode) {
    case 'prefer':
    case 'require':
      // libpq: encrypted; the certificate is checked only when a CA is given.
      return ca
        ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
        : { rejectUnauthorized: false };
    case 'verify-ca':
      return { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ca, rejectUnauthorized: true };
  }
}

export const CONNECT_TIMEOUT_MS = 5_000;

export async function connectCentral(c: CentralConfig, password: string | null): Promise<pg.Client> {
  const base: pg.ClientConfig = {
    host: c.host,
    port: c.port,
    database: c.database,
    user: c.user,
    password: password ?? undefined,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A half-open connection (central's host vanished) must fail a round, not hang it.
    statement_timeout: 120_000,
    query_timeout: 130_000,
    keepAlive: true,
    application_name: 'lifeline',
  };
  const attempt = async (ssl: ConnectionOptions | false): Promise<pg.Client> => {
    const client = new pg.Client({ ...base, ssl });
    // An error on an idle connection (central restarted) must not crash the process; the
    // next query on it fails and the round reports offline.
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
  };
  const ssl = tlsOptions(c);
  try {
    return await attempt(ssl);
  } catch (e) {
    if (c.sslmode === 'prefer' && /does not support SSL/i.test(String(e))) return attempt(false);
    throw e;
  }
}

/** Node's codes for a certificate that does not check out. */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
]);

export type FailureKind = 'offline' | 'denied' | 'error';

const OFFLINE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** What a failure means for the console, and a message that says what happened and what to try. */
export function classifyFailure(e: unknown, c: CentralConfig | null): { kind: FailureKind; message: string } {
  const where = c ? `${c.host}:${c.port}` : 'central';
  const err = e as { code?: string; message?: string };
  const text = err?.message ?? String(e);
  if (e instanceof LifelineError)
    return { kind: e.code === 'VALIDATION' ? 'error' : 'error', message: e.message };
  if (
    (err.code && OFFLINE_CODES.has(err.code)) ||
    /timeout|terminated|Connection ended|not queryable|closed/i.test(text)
  ) {
    return {
      kind: 'offline',
      message: `Central (${where}) cannot be reached: ${text}. Lifeline keeps working on its local copy and retries on its own.`,
    };
  }
  // 57P01..03: the server is shutting down or starting: offline for now.
  if (err.code === '57P01' || err.code === '57P02' || err.code === '57P03') {
    return {
      kind: 'offline',
      message: `Central (${where}) is restarting (${text}). Lifeline retries on its own.`,
    };
  }
  if (err.code && TLS_CODES.has(err.code)) {
    return {
      kind: 'error',
      message: `Central's certificate was not accepted (${text})${c?.caFile ? ` against the CA file ${c.caFile}` : ''}. Check the CA file and that the host in the URL is the one on the certificate, or ask your team lead.`,
    };
  }
  if (/server does not support SSL/i.test(text)) {
    return {
      kind: 'error',
      message: `Central at ${where} does not offer TLS, and sslmode ${c?.sslmode ?? ''} requires it. Ask your team lead, or choose sslmode prefer or disable on a trusted network.`,
    };
  }
  if (err.code === '28P01' || err.code === '28000') {
    return {
      kind: 'denied',
      message: `Central refused the login of ${c?.user ?? 'this user'}: ${text}. Check the password in the Sync settings, or ask your team lead to check your role.`,
    };
  }
  if (err.code === '42501') {
    return {
      kind: 'denied',
      message: `Central refused ${c?.user ?? 'this user'} access: ${text}. Ask your team lead to make your role a Lifeline engineer (lifeline central grant).`,
    };
  }
  if (err.code === '3F000' || err.code === '42P01' || err.code === '42883') {
    return {
      kind: 'error',
      message: `Central at ${where} has no Lifeline schema yet (${text}). Run: lifeline central init --url ${c ? describeCentral(c) : 'URL'}`,
    };
  }
  if (err.code === '3D000') {
    return {
      kind: 'error',
      message: `Central has no database ${c?.database ?? ''}: ${text}. Check the URL.`,
    };
  }
  return {
    kind: 'error',
    message: `Sync failed: ${text}. Lifeline retries on its own; if it keeps failing, run lifeline doctor.`,
  };
}
