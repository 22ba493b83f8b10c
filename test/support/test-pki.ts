import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A test CA and a server certificate it signed, as PEM text. */
export interface TestPki {
  ca: string;
  key: string;
  cert: string;
}

/**
 * A throw-away CA and a server certificate for `hosts` (subjectAltName DNS entries), made with
 * `openssl` in `dir`, valid two days. The text is returned: scratch directories go after each test.
 */
export function testPki(dir: string, hosts: string[]): TestPki {
  mkdirSync(dir, { recursive: true });
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=credhelper test CA',
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    `/CN=${hosts[0]}`,
  );
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}\n`);
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
}
