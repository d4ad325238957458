/**
 * Shared pieces of the `loom` process tests: a scratch folder with an Arazzo document
 * and its OpenAPI source, a real local server (node:http on 127.0.0.1:0) that records
 * what it received, and the built CLI started as a child process the test can signal
 * or whose pipes it can close.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { startServer, type LocalServer, type ReceivedRequest } from '../../packages/engine/test/http/local-server.js';
import { repoRoot, type LoomResult } from '../support/run-loom.js';

const bin = fileURLToPath(new URL('../../packages/cli/dist/bundle/loom.mjs', import.meta.url));

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

export interface StartedLoom {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited and its pipes are closed: code, or the signal that ended it. */
  readonly done: Promise<LoomResult & { readonly signal: NodeJS.Signals | null }>;
}

/** Starts the bundled `loom` with colour off; the caller may close its pipes or signal it. */
export function startLoom(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): StartedLoom {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  const done = new Promise<LoomResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
