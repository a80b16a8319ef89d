/**
 * TLS to central, as libpq's sslmode means it, against a real PostgreSQL with a certificate
 * from a throwaway CA: verify-full with the right CA connects encrypted; the wrong CA or a
 * host name not on the certificate is refused with a message that says what to check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFailure, connectCentral, parseCentralUrl } from '../../electron/core/sync/connection';
import { centralForFile, SUPERUSER, SUPERUSER_PASSWORD } from '../helpers/central';
import { makeTestCertificates } from '../helpers/certs';
import { openssl as opensslTool } from '../helpers/tools';

const central = centralForFile({
  postgresFlags: ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key'],
  // The server reads its key as its own user, from its data folder, readable by it alone.
  beforeStart: (dataDir) => {
    certs = makeTestCertificates();
    const owner = fs.statSync(dataDir);
    for (const f of ['server.crt', 'server.key']) {
      const to = path.join(dataDir, f);
      fs.copyFileSync(path.join(certs, f), to);
      fs.chownSync(to, owner.uid, owner.gid);
      fs.chmodSync(to, 0o600);
    }
  },
});
let certs: string;

async function tryConnect(
  url: string,
  sslmode: 'require' | 'verify-ca' | 'verify-full' | 'disable',
  caFile: string | null,
) {
  const { config } = parseCentralUrl(url, { sslmode, caFile });
  try {
    const c = await connectCentral(config, SUPERUSER_PASSWORD);
    const r = await c.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await c.end();
    return { ok: true as const, encrypted: r.rows[0]?.ssl === true };
  } catch (e) {
    return { ok: false as const, failure: classifyFailure(e, config) };
  }
}

describe.skipIf(opensslTool.missing)('TLS to central', () => {
  const url = () => `postgres://${SUPERUSER}@localhost:${central().port}/lifeline`;

  it("verify-full with the CA that signed central's certificate connects, encrypted", async () => {
    const r = await tryConnect(url(), 'verify-full', path.join(certs, 'ca.pem'));
    expect(r).toEqual({ ok: true, encrypted: true });
  });

  it('require encrypts without checking the certificate; disable does not encrypt', async () => {
    expect(await tryConnect(url(), 'require', null)).toEqual({ ok: true, encrypted: true });
    expect(await tryConnect(url(), 'disable', null)).toEqual({ ok: true, encrypted: false });
  });

  it('another CA is refused, saying to check the CA file', async () => {
    const r = await tryConnect(url(), 'verify-full', path.join(certs, 'other-ca.pem'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.kind).toBe('error');
      expect(r.failure.message).toMatch(/certificate was not accepted/);
      expect(r.failure.message).toContain('other-ca.pem');
    }
  });

  it('verify-full refuses a host name that is not on the certificate; verify-ca accepts it', async () => {
    // The same server by its address: the certificate names localhost only.
    const other = `postgres://${SUPERUSER}@127.0.0.1:${central().port}/lifeline`;
    const full = await tryConnect(other, 'verify-full', path.join(certs, 'ca.pem'));
    expect(full.ok).toBe(false);
    if (!full.ok) expect(full.failure.message).toMatch(/certificate was not accepted/);
    expect(await tryConnect(other, 'verify-ca', path.join(certs, 'ca.pem'))).toEqual({
      ok: true,
      encrypted: true,
    });
  });

  it('a CA file that cannot be read says which file', async () => {
    const r = await tryConnect(url(), 'verify-full', path.join(certs, 'missing.pem'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure.message).toMatch(/missing\.pem cannot be read/);
  });
});
