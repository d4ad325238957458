/**
 * A real node:https server on 127.0.0.1, port 0, with a certificate from tls-certificates.ts.
 * With `requireClientCertificate`, it asks for a client certificate signed by `ca` and refuses
 * the handshake without one; each answer names the client certificate's subject it saw.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { pem, type CertificateFiles } from './tls-certificates.js';

export interface HttpsServer {
  readonly port: number;
  /** `https://localhost:<port>`. */
  readonly url: string;
  /** The client certificate subjects (CN) of the requests answered, in order. */
  readonly clients: string[];
  close(): Promise<void>;
}

export type HttpsHandler = (path: string) => { status: number; type: string; body: string };

export async function startHttpsServer(certificates: CertificateFiles, options: { requireClientCertificate: boolean; handler?: HttpsHandler }): Promise<HttpsServer> {
  const clients: string[] = [];
  const handler: HttpsHandler = options.handler ?? (() => ({ status: 200, type: 'application/json', body: '{"ok":true}' }));
  const server: Server = createServer(
    {
      cert: pem(certificates.serverCert),
      key: pem(certificates.serverKey),
      ca: pem(certificates.caCert),
      requestCert: options.requireClientCertificate,
      rejectUnauthorized: options.requireClientCertificate,
    },
    (request, response) => {
      const peer = (request.socket as TLSSocket).getPeerCertificate();
      clients.push(typeof peer?.subject?.CN === 'string' ? peer.subject.CN : '');
      const answer = handler(request.url ?? '/');
      response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `https://localhost:${port}`,
    clients,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
