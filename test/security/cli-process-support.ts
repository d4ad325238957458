/**
 * Shared pieces of the `loom` process tests: a scratch folder with an Arazzo document
 * and its OpenAPI source, a real local server (node:http on 127.0.0.1:0) that records
 * what it received, and the built CLI started as a child process the test can signal
 * or whose pipes it can close.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { startServer, type LocalServer, type ReceivedRequest } from '../../packages/engine/test/http/local-server.js';
import { startLoom as startBundledLoom, type StartedProcess } from '../support/run-loom.js';

/** A scratch folder; `files` written into it. Remove it with `cleanup`. */
export function scratchFolder(files: Record<string, string> = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'loom-cli-security-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Three GET steps against source `api` (`/one`, `/two`, `/three`), each expecting 200. */
export function threeStepFlow(): string {
  return `arazzo: 1.0.1
info: { title: cli security, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: flow
    steps:
      - { stepId: one, operationId: getOne, successCriteria: [{ condition: $statusCode == 200 }] }
      - { stepId: two, operationId: getTwo, successCriteria: [{ condition: $statusCode == 200 }] }
      - { stepId: three, operationId: getThree, successCriteria: [{ condition: $statusCode == 200 }] }
`;
}

export function threeStepApi(serverUrl: string): string {
  const get = (id: string) => `    get: { operationId: ${id}, responses: { '200': { description: ok } } }`;
  return `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers:
  - url: ${serverUrl}
paths:
  /one:
${get('getOne')}
  /two:
${get('getTwo')}
  /three:
${get('getThree')}
`;
}

export type Answer = (request: ReceivedRequest, response: ServerResponse, index: number) => void;

/** A local server answering with `answer` (default: 200 `{}`); `paths()` lists the paths it received. */
export async function recordingServer(answer?: Answer): Promise<LocalServer & { paths: () => string[] }> {
  let index = 0;
  const server = await startServer((request, response) => {
    if (answer) return answer(request, response, index++);
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
  return Object.assign(server, { paths: () => server.received.map((request) => request.url) });
}

export type StartedLoom = StartedProcess;

/** Starts the bundled `loom` with colour off and its stdin closed; the caller may close its other pipes or signal it. */
export function startLoom(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): StartedLoom {
  const started = startBundledLoom(args, options);
  started.child.stdin.end();
  return started;
}
