/**
 * Shared pieces of the masking and deep-data tests: an Arazzo document and its
 * OpenAPI source written to a temp folder, run in-process (engine API, with every
 * event recorded) or as the built `loom` process with every output channel turned
 * on (human or --json stdout, stderr, --report json and junit, --har), all read back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, run, type RunEvent, type RunOptions, type RunResult } from '../../packages/engine/src/index.js';
import { runLoomInProcess } from '../support/fake-context.js';

export { startServer, type LocalServer } from '../../packages/engine/test/http/local-server.js';

export const ARAZZO_HEADER = `arazzo: 1.0.1
info: { title: security test, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
`;

export function openapi(serverUrl: string, paths: string): string {
  return `openapi: 3.1.0
info: { title: test api, version: 1.0.0 }
servers:
  - url: ${serverUrl}
paths:
${paths}`;
}

/** Writes `flow.arazzo.yaml` and `api.openapi.yaml` to a fresh folder; returns the folder. */
export async function writeFlow(arazzo: string, serverUrl: string, paths: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-security-'));
  await writeFile(join(dir, 'flow.arazzo.yaml'), arazzo);
  await writeFile(join(dir, 'api.openapi.yaml'), openapi(serverUrl, paths));
  return dir;
}

/** Runs the flow in-process; returns the result and every event a listener saw. */
export async function runInProcess(dir: string, options: RunOptions = {}): Promise<{ result: RunResult; events: RunEvent[] }> {
  const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) throw new Error(`document errors: ${JSON.stringify(errors)}`);
  const events: RunEvent[] = [];
  const result = await run(loaded, { ...options, onEvent: (event) => events.push(event) });
  return { result, events };
}

export interface CliOutputs {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly reportJson: string;
  readonly reportJunit: string;
  readonly har: string;
}

/** `loom run flow.arazzo.yaml <args>` with --report json, --report junit and --har; every file read back ('' when not written). */
export async function runCli(dir: string, args: readonly string[]): Promise<CliOutputs> {
  const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', ...args, '--report', 'json=report.json', '--report', 'junit=report.xml', '--har', 'run.har'], { cwd: dir });
  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => '');
  return { ...result, reportJson: await read('report.json'), reportJunit: await read('report.xml'), har: await read('run.har') };
}

/** Every channel of a CLI run, joined, for "never contains" checks. */
export function everyChannel(outputs: CliOutputs): string {
  return [outputs.stdout, outputs.stderr, outputs.reportJson, outputs.reportJunit, outputs.har].join('\n');
}
