/** Test certificates made with openssl: a CA, a server certificate it signs for localhost (only), and an unrelated CA. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tmp';

/** Makes them in a new temporary folder (ca.pem, other-ca.pem, server.crt, server.key) and returns it. */
export function makeTestCertificates(): string {
  const certs = tempDir('lifeline-tls-');
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });

  fs.writeFileSync(path.join(certs, 'san.cnf'), 'subjectAltName=DNS:localhost\n');
  for (const ca of ['ca', 'other-ca']) {
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=Lifeline test ${ca}`,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
    ]);
  }
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.cnf',
    '-out',
    'server.crt',
  ]);
  return certs;
}
