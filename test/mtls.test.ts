/**
 * mTLS and private trust (issue 14): a real https server on 127.0.0.1 that requires a client
 * certificate signed by a test CA, with certificates made fresh by openssl.
 */
import dns from 'node:dns';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, loadDocument, run, type TlsOptions } from '../packages/engine/src/index.js';
import { runLoomInProcess } from './support/fake-context.js';
import { runLoom } from './support/run-loom.js';
import { makeCertificates, pem, type CertificateFiles } from './support/services/tls-certificates.js';
import { startHttpsServer, type HttpsServer } from './support/services/https-server.js';

const api = `openapi: 3.1.0
info: { title: secure, version: 1.0.0 }
servers: [{ url: https://secure.example.invalid }]
paths:
  /status:
    get:
      operationId: getStatus
      responses: { '200': { description: ok } }
`;

const flow = `arazzo: 1.0.1
info: { title: secure, version: 1.0.0 }
sourceDescriptions:
  - { name: secure, url: ./secure.openapi.yaml, type: openapi }
workflows:
  - workflowId: status
    steps:
      - stepId: status
        operationId: getStatus
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { ok: $response.body#/ok }
    outputs: { ok: $steps.status.outputs.ok }
`;

let certificates: CertificateFiles;
let server: HttpsServer;
let dir: string;
const originalLookup = dns.lookup;

beforeAll(async () => {
  certificates = makeCertificates();
  server = await startHttpsServer(certificates, {
    requireClientCertificate: true,
    handler: (path) =>
      path === '/secure.openapi.yaml'
        ? { status: 200, type: 'application/yaml', body: api }
        : path === '/flow.arazzo.yaml'
          ? { status: 200, type: 'application/yaml', body: flow }
          : { status: 200, type: 'application/json', body: '{"ok":true}' },
  });
  dir = mkdtempSync(join(tmpdir(), 'loom-mtls-'));
  writeFileSync(join(dir, 'flow.arazzo.yaml'), flow);
  writeFileSync(join(dir, 'secure.openapi.yaml'), api);
  // *.loom.test names 127.0.0.1 in this process, so that a wildcard host pattern meets a real host name.
  (dns as { lookup: unknown }).lookup = (host: string, options: unknown, callback: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    if (!host.endsWith('.loom.test')) return (originalLookup as (...args: unknown[]) => void)(host, options, callback);
    return all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4);
  };
});

afterAll(async () => {
  (dns as { lookup: unknown }).lookup = originalLookup;
  await server?.close();
});

const trust = (): TlsOptions => ({ ca: pem(certificates.caCert) });
const clientCertificate = (host = 'localhost') => ({ host, cert: pem(certificates.clientCert), key: pem(certificates.clientKey) });

async function get(url: string, tls: TlsOptions | undefined) {
  const client = createHttpClient(tls ? { tls } : {});
  try {
    return await client.send({ method: 'GET', url, headers: {} });
  } finally {
    await client.close();
  }
}

describe('client certificates (engine)', () => {
  it('D79: the right client certificate for the host passes', async () => {
    const sent = await get(`${server.url}/status`, { ...trust(), clientCertificates: [clientCertificate()] });
    expect(sent.ok && sent.response.statusCode).toBe(200);
    expect(server.clients.at(-1)).toBe('loom-client');
  });

  it('D79: without a client certificate the request fails with a message that names it', async () => {
    const sent = await get(`${server.url}/status`, trust());
    expect(sent.ok).toBe(false);
    if (sent.ok) return;
    expect(sent.error.message).toMatch(/^connection closed by localhost:\d+ before any response; a server that requires a client certificate does this/);
  });

  it('D79: a certificate from a CA the server does not trust fails the same way', async () => {
    const sent = await get(`${server.url}/status`, { ...trust(), clientCertificates: [{ host: 'localhost', cert: pem(certificates.rogueCert), key: pem(certificates.rogueKey) }] });
    expect(sent.ok).toBe(false);
    if (!sent.ok) expect(sent.error.message).toContain('client certificate');
  });

  it('D79: a certificate for another host is not sent', async () => {
    const sent = await get(`${server.url}/status`, { ...trust(), clientCertificates: [clientCertificate('api.example.com'), clientCertificate('localhost:1')] });
    expect(sent.ok).toBe(false);
  });

  it('D79: *.domain matches the hosts below it, and an exact host beats it', async () => {
    const tls: TlsOptions = {
      ...trust(),
      clientCertificates: [clientCertificate('*.loom.test'), { host: 'other.loom.test', cert: pem(certificates.rogueCert), key: pem(certificates.rogueKey) }],
    };
    const wildcard = await get(`https://api.loom.test:${server.port}/status`, tls);
    expect(wildcard.ok && wildcard.response.statusCode).toBe(200);
    const deeper = await get(`https://a.b.loom.test:${server.port}/status`, tls);
    expect(deeper.ok && deeper.response.statusCode).toBe(200);
    const exact = await get(`https://other.loom.test:${server.port}/status`, tls);
    expect(exact.ok).toBe(false);
  });

  it('D79: an encrypted key with its passphrase passes; a wrong passphrase is a usage error that does not show it', async () => {
    const encrypted = { host: 'localhost', cert: pem(certificates.clientCert), key: pem(certificates.clientKeyEncrypted) };
    const sent = await get(`${server.url}/status`, { ...trust(), clientCertificates: [{ ...encrypted, passphrase: certificates.passphrase }] });
    expect(sent.ok && sent.response.statusCode).toBe(200);
    const wrong = 'not-the-passphrase-42';
    let thrown: unknown;
    try {
      createHttpClient({ tls: { clientCertificates: [{ ...encrypted, passphrase: wrong }] } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'LOOM_ERR_USAGE', message: 'the client certificate for localhost cannot be used: the key cannot be decrypted (wrong or missing passphrase)' });
    expect(String((thrown as Error).message)).not.toContain(wrong);
  });

  it('D79: a host pattern that is not one is refused', () => {
    expect(() => createHttpClient({ tls: { clientCertificates: [clientCertificate('https://localhost/')] } })).toThrow(/is not a host pattern/);
    expect(() => createHttpClient({ tls: { clientCertificates: [clientCertificate('a.*.example.com')] } })).toThrow(/is not a host pattern/);
  });
});

describe('private CAs (engine)', () => {
  it('D80: a server certificate from a private CA fails without it, with a hint, and passes with it', async () => {
    const untrusted = await get(`${server.url}/status`, { clientCertificates: [clientCertificate()] });
    expect(untrusted.ok).toBe(false);
    if (!untrusted.ok) {
      expect(untrusted.error.code).toBe('tls');
      expect(untrusted.error.message).toContain('a server certificate from a private CA needs that CA: --ca');
    }
    const trusted = await get(`${server.url}/status`, { ...trust(), clientCertificates: [clientCertificate()] });
    expect(trusted.ok && trusted.response.statusCode).toBe(200);
  });

  it('D80: a CA bundle that is not PEM is a usage error', () => {
    expect(() => createHttpClient({ tls: { ca: 'not a certificate' } })).toThrow(/the CA bundle cannot be used/);
  });
});

describe('runs and documents over https with TLS options', () => {
  it('D79: run() sends with the tls option; loadDocument reads documents over https with the same settings', async () => {
    const tls: TlsOptions = { ...trust(), clientCertificates: [clientCertificate()] };
    const loaded = await loadDocument(`${server.url}/flow.arazzo.yaml`, { tls });
    expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const result = await run(loaded, { tls, servers: { secure: server.url } });
    expect(result).toMatchObject({ status: 'success', outputs: { ok: true } });
    await expect(loadDocument(`${server.url}/flow.arazzo.yaml`, { tls: trust() })).rejects.toMatchObject({ code: 'LOOM_ERR_READ' });
  });
});

describe('loom run --client-cert --ca', () => {
  const args = () => ['run', join(dir, 'flow.arazzo.yaml'), '--server', `secure=${server.url}`, '--ca', certificates.caCert];

  it('D79: passes with the client certificate; its passphrase comes from the environment and is never printed', async () => {
    const result = await runLoomInProcess([...args(), '--client-cert', `localhost=${certificates.clientCert},${certificates.clientKeyEncrypted},LOOM_TEST_KEY_PASS`, '--verbose'], {
      env: { LOOM_TEST_KEY_PASS: certificates.passphrase },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(certificates.passphrase);
  });

  it('D79: fails without the client certificate with one clear line and no stack', async () => {
    const result = await runLoomInProcess([...args(), '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { error: { message: string } };
    expect(report.error.message).toContain('a server that requires a client certificate does this');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('D79: a wrong passphrase, an unset variable or a bad entry exits 2 with one line', async () => {
    const wrong = await runLoomInProcess([...args(), '--client-cert', `localhost=${certificates.clientCert},${certificates.clientKeyEncrypted},LOOM_TEST_KEY_PASS`], {
      env: { LOOM_TEST_KEY_PASS: 'wrong-pass-1234' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('loom: the client certificate for localhost cannot be used: the key cannot be decrypted (wrong or missing passphrase)\n');
    const unset = await runLoomInProcess([...args(), '--client-cert', `localhost=${certificates.clientCert},${certificates.clientKeyEncrypted},LOOM_TEST_UNSET_VARIABLE`]);
    expect(unset.stderr).toBe("loom: run: --client-cert localhost: the environment variable LOOM_TEST_UNSET_VARIABLE (the key's passphrase) is not set\n");
    const bad = await runLoomInProcess([...args(), '--client-cert', `localhost=${certificates.clientCert}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^loom: run: --client-cert expects <host>=<cert>,<key>\[,<passphrase-env>\]/);
  });

  it('D80: the bundle reads a remote document through a private CA with --ca and refuses it without', async () => {
    const cert = `localhost=${certificates.clientCert},${certificates.clientKey}`;
    const remote = ['run', `${server.url}/flow.arazzo.yaml`, '--server', `secure=${server.url}`, '--client-cert', cert];
    const trusted = await runLoom([...remote, '--ca', certificates.caCert]);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    const untrusted = await runLoom(remote);
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toMatch(/^loom: cannot reach https:\/\/localhost:\d+\/flow\.arazzo\.yaml: TLS handshake with localhost:\d+ failed: .*--ca\)\n$/);
  });
});
