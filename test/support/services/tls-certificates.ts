/**
 * Certificates for mTLS tests, made fresh with the system's `openssl` (ensureBinary): a private CA,
 * a server certificate it signs (localhost, 127.0.0.1, *.loom.test and a.b.loom.test), a client certificate it signs,
 * one with an encrypted key, and a client certificate from another CA the server does not trust.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinary } from './system-binary.js';

export interface CertificateFiles {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** The same client certificate's key, encrypted with `passphrase`. */
  readonly clientKeyEncrypted: string;
  readonly passphrase: string;
  /** Signed by a CA the server does not know. */
  readonly rogueCert: string;
  readonly rogueKey: string;
}

export function makeCertificates(): CertificateFiles {
  const openssl = ensureBinary({ name: 'openssl', debianPackage: 'openssl' });
  const dir = mkdtempSync(join(tmpdir(), 'loom-tls-'));
  const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: 'pipe' });
  const path = (name: string) => join(dir, name);
  const selfSigned = (name: string, subject: string) =>
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', subject, '-keyout', path(`${name}.key`), '-out', path(`${name}.crt`));
  const signed = (name: string, subject: string, ca: string, extensions: string) => {
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', subject, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`));
    writeFileSync(path(`${name}.ext`), extensions);
    run('x509', '-req', '-in', path(`${name}.csr`), '-CA', path(`${ca}.crt`), '-CAkey', path(`${ca}.key`), '-CAcreateserial', '-days', '2', '-extfile', path(`${name}.ext`), '-out', path(`${name}.crt`));
  };
  selfSigned('ca', '/CN=Loom Test CA');
  selfSigned('rogue-ca', '/CN=Rogue CA');
  signed('server', '/CN=localhost', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:*.loom.test,DNS:a.b.loom.test\nextendedKeyUsage=serverAuth\n');
  signed('client', '/CN=loom-client', 'ca', 'extendedKeyUsage=clientAuth\n');
  signed('rogue', '/CN=rogue-client', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const passphrase = 'correct horse battery staple';
  run('pkey', '-in', path('client.key'), '-aes256', '-passout', `pass:${passphrase}`, '-out', path('client-encrypted.key'));
  return {
    dir,
    caCert: path('ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    clientCert: path('client.crt'),
    clientKey: path('client.key'),
    clientKeyEncrypted: path('client-encrypted.key'),
    passphrase,
    rogueCert: path('rogue.crt'),
    rogueKey: path('rogue.key'),
  };
}

/** The text of one of the files. */
export function pem(file: string): string {
  return readFileSync(file, 'utf8');
}
