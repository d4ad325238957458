import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';
import { recordingServer, scratchFolder, threeStepApi } from './cli-process-support.js';

/**
 * A response body could write to the terminal: retitle the window (OSC), clear the screen,
 * hide text with a carriage return or flip it with a bidi override. Everything printed from
 * a response or a document now has its control characters shown escaped.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// ESC, BEL, CR, C1 CSI (U+009B), RLO (U+202E), RLI (U+2067), PDI (U+2069), DEL, NUL.
const NASTY = '\u001b]0;pwned\u0007\u001b[2J\rhidden\u009b31m\u202eevil\u2067x\u2069\u007f\u0000';
// What must never reach the terminal raw (newline is the only control character Loom prints itself).
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function flow(): string {
  return `arazzo: 1.0.1
info: { title: escapes, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.openapi.yaml, type: openapi }
workflows:
  - workflowId: flow
    steps:
      - stepId: one
        operationId: getOne
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { name: $response.body#/name }
      - stepId: two
        operationId: getTwo
        successCriteria: [{ condition: "$response.body#/name == 'ok'" }]
    outputs: { name: $steps.one.outputs.name }
`;
}

describe('control characters from responses and documents are escaped on the terminal', () => {
  it('failure lines, outputs, --verbose heads and bodies of loom run', async () => {
    const server = await recordingServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('x-note', 'tab\there');
      response.end(JSON.stringify({ name: NASTY }));
    });
    const folder = scratchFolder({ 'flow.arazzo.yaml': flow(), 'api.openapi.yaml': threeStepApi(server.url) });
    cleanups.push(() => server.close(), folder.cleanup);
    for (const extra of [[], ['--verbose']]) {
      const result = await runLoomInProcess(['run', join(folder.dir, 'flow.arazzo.yaml'), ...extra]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toContain('✖ two');
      expect(result.stdout).not.toMatch(RAW_CONTROL);
      expect(result.stderr).not.toMatch(RAW_CONTROL);
      // The failure line quotes the value (the criterion explanation shows CR as a space).
      expect(result.stdout).toMatch(/✖ two .*\n.*got '\\x1b\]0;pwned\\x07\\x1b\[2J hidden\\x9b31m\\u202eevil\\u2067x\\u2069\\x7f\\x00'/);
      if (extra.length > 0) {
        // --verbose: the JSON body (C0 escaped by JSON.stringify, C1 and bidi by Loom) and the header with a tab.
        expect(result.stdout).toContain('< {"name":"\\u001b]0;pwned\\u0007\\u001b[2J\\rhidden\\x9b31m\\u202eevil\\u2067x\\u2069\\x7f\\u0000"}');
        expect(result.stdout).toContain('< x-note: tab\\there');
      }
    }
    // --json: JSON.stringify escapes C0; DEL, C1 and bidi are escaped too, and the value is unchanged.
    const json = await runLoomInProcess(['run', join(folder.dir, 'flow.arazzo.yaml'), '--json']);
    expect(json.code, json.stderr).toBe(1);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { outputs: Record<string, unknown> }).outputs).toEqual({ name: NASTY });
    expect(server.paths()).toEqual(['/one', '/two', '/one', '/two', '/one', '/two']);
  });

  it('diagnostics quoting a document value (loom validate)', async () => {
    const folder = scratchFolder({
      'flow.arazzo.yaml': flow().replace('operationId: getTwo', 'operationId: "get\\e[2J\\u202eTwo"'),
      'api.openapi.yaml': threeStepApi('http://127.0.0.1:9'),
    });
    cleanups.push(folder.cleanup);
    const result = await runLoomInProcess(['validate', join(folder.dir, 'flow.arazzo.yaml')]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('get\\x1b[2J\\u202eTwo');
    expect(result.stdout).not.toMatch(RAW_CONTROL);
  });

  it('document text in loom list, describe, graph and types', async () => {
    const nasty = '\\e]0;pwned\\a\\e[2J\\r\\u009b31m\\u202eevil';
    const document = flow()
      .replace('  - workflowId: flow\n', `  - workflowId: flow\n    summary: "sum${nasty}"\n    inputs: { type: object, properties: { note: { type: string, description: "note${nasty}" } } }\n`)
      .replace("successCriteria: [{ condition: \"$response.body#/name == 'ok'\" }]", `successCriteria: [{ condition: "$response.body#/name == 'ok'" }]\n        onFailure: [{ name: "act${nasty}", type: end }]`);
    const folder = scratchFolder({ 'flow.arazzo.yaml': document, 'api.openapi.yaml': threeStepApi('http://127.0.0.1:9') });
    cleanups.push(folder.cleanup);
    const file = join(folder.dir, 'flow.arazzo.yaml');
    for (const args of [['list', file], ['describe', file], ['graph', file], ['graph', file, '--format', 'dot'], ['types', file]]) {
      const result = await runLoomInProcess(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(result.stdout, args.join(' ')).toMatch(/\\x1b]0;pwned\\x07\\x1b\[2J|\\u001b]0;pwned\\u0007/);
    }
  });
});
